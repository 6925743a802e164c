"""The charter draft knows the company: it differs between companies, never repeats itself and never
contradicts an answer (N/A left out, "don't know" shown as something to find out)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from app.core import charter
from app.core.answers import is_level, is_na
from app.core.evaluation import evaluate
from app.core.profile import Profile
from app.core.questionnaire import load_all
from app.core.reference import load_model

Q = load_all()["cs-maturity"]
M = load_model()
SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def answers_at(level, **overrides):
    answers = {qid: min(level, q.max_value) for qid, q in Q.questions.items()}
    answers.update(overrides)
    return answers


def drafted(answers, profile=None, name="Acme"):
    evaluation = evaluate(Q, M, answers, profile)
    return evaluation, charter.draft(evaluation, M, name)


def sentences(draft: dict) -> list[str]:
    """Every sentence of a draft, without Markdown emphasis or list marks."""
    text = re.sub(r"[*_]|^\s*(?:-|\d+\.)\s+", "", "\n".join(draft.values()), flags=re.M)
    parts = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text)]
    return [s for s in parts if len(s.split()) >= 4]  # labels such as "Vision." are not sentences


SELF_SERVE = Profile(business_model="self_serve", customers=38000, grr=84, nrr=97, period="FY2025")
SERVICES = Profile(business_model="services_heavy", customers=40, grr=92, nrr=104, period="FY2025")


@pytest.fixture(scope="module")
def self_serve():
    return drafted(answers_at(1, **{"buy-in-sponsor": 0, "ops-tech-touch": "unknown", "sa-tiering": "na"}), SELF_SERVE,
                   "Tally")


@pytest.fixture(scope="module")
def services():
    return drafted(answers_at(3, **{"charter-written": 3, "charter-review": 3, "buy-in-sponsor": 3}), SERVICES,
                   "Fieldworks")


def test_very_different_companies_get_substantially_different_drafts(self_serve, services):
    one, two = set(sentences(self_serve[1])), set(sentences(services[1]))
    shared = one & two
    assert len(shared) / min(len(one), len(two)) < 0.5, sorted(shared)


@pytest.mark.parametrize("level", [0, 1, 2, 3, 4])
def test_no_sentence_is_repeated_within_a_draft(level, self_serve, services):
    for _, draft in (drafted(answers_at(level)), self_serve, services):
        said = sentences(draft)
        repeated = {s for s in said if said.count(s) > 1}
        assert not repeated


def test_tiers_and_matrix_follow_the_business_model(self_serve, services):
    tech = charter.defaults(self_serve[0], M)
    named = charter.defaults(services[0], M)
    assert tech["tiers"][0]["name"] == "Tech touch" and "pooled" in tech["tiers"][0]["engagement_model"]
    assert "named" in named["tiers"][0]["engagement_model"].lower()
    assert [t["name"] for t in tech["tiers"]] != [t["name"] for t in named["tiers"]]
    assert tech["responsibilities"]["product"]["trial"] == "leads"  # sign-up replaces the sales trial
    assert named["responsibilities"]["services"]["adoption"] == "leads"
    assert tech["responsibilities"] != named["responsibilities"]
    assert "38,000 customers" in self_serve[1]["segmentation"] and "40 customers" in services[1]["segmentation"]


def test_a_small_base_without_a_business_model_gets_named_owners_and_a_large_one_tech_touch():
    few = charter.defaults(evaluate(Q, M, answers_at(2), Profile(customers=40)), M)["tiers"]
    many = charter.defaults(evaluate(Q, M, answers_at(2), Profile(customers=50000)), M)["tiers"]
    assert few[0]["name"] == "Strategic" and many[0]["name"] == "Tech touch"


def test_kpis_take_the_captured_outcomes_as_baselines(services):
    kpis = {k["metric_id"]: k["baseline"] for k in charter.defaults(services[0], M)["kpis"]}
    assert kpis["gross-revenue-retention"] == "92% (FY2025)" or kpis.get("net-revenue-retention") == "104% (FY2025)"
    assert "92%" in services[1]["objectives"] and "FY2025" in services[1]["objectives"]


def test_an_approved_charter_is_not_described_as_missing(services):
    statement = services[1]["statement"].lower()
    assert not re.search(r"(draft|write) (a|the|our) (one-page )?charter|no charter|nobody has written", statement)
    assert "already shared company-wide" in statement


def test_governance_names_the_sponsor_situation(self_serve, services):
    assert "no executive sponsor yet" in self_serve[1]["governance"]
    assert "the CEO owns the review" in self_serve[1]["review"]
    assert "no executive sponsor" not in services[1]["governance"]
    assert "already reports customer KPIs" in services[1]["governance"]
    assert "executive sponsor owns the review" in services[1]["review"]


def test_the_review_section_follows_charter_review(self_serve, services):
    assert "We already review the charter every year" in services[1]["review"]
    assert "changed only when a new leader arrived" in self_serve[1]["review"]


def test_not_applicable_is_left_out_and_dont_know_is_something_to_find_out(self_serve):
    _, draft = self_serve
    tiering = Q.questions["sa-tiering"]
    assert not any(level.label in draft["segmentation"] for level in tiering.levels)
    assert "Today every customer is served the same way" not in draft["segmentation"]
    assert "Nobody could tell us what lower-tier customers receive" in draft["segmentation"]
    _, unsure = drafted(answers_at(2, **{"buy-in-sponsor": "unknown"}))
    assert "do not know yet whether anyone at the top" in unsure["governance"]
    assert "Still to find out: an executive sponsor acts for customer success" in unsure["statement"]
    assert "Not yet: an executive sponsor acts" not in unsure["statement"]


def test_the_roadmap_section_summarises_now_and_the_stage_it_unlocks(self_serve):
    evaluation, draft = self_serve
    numbered = re.findall(r"^\d+\. ", draft["roadmap"], flags=re.M)
    assert 1 <= len(numbered) <= 5
    phase = next(p for p in evaluation.roadmap if any(getattr(a, "shown", True) for a in p.actions))
    first = next(a for a in phase.actions if getattr(a, "shown", True))
    assert first.do in draft["roadmap"] and f"in {phase.name} ({phase.window}) with:" in draft["roadmap"]
    projected = phase.projected_stage
    if projected and projected.number > evaluation.result.stage.number:
        assert f"stage {projected.number} ({projected.name})" in draft["roadmap"]


# --- every written scenario: no sentence contradicts its answers --------------------------------


def _scenario(path):
    data = yaml.safe_load(path.read_text())
    answers = {}
    for part in (data.get("answers") or {}).values():
        answers.update(part if isinstance(part, dict) else {})
    fields = set(Profile.__dataclass_fields__)
    profile = Profile(**{k: v for k, v in (data.get("profile") or {}).items() if k in fields})
    return answers, profile


def contradictions(answers: dict, draft: dict) -> list[str]:
    """Known ways a draft can contradict the answers, each as a readable problem."""
    found, text = [], "\n".join(draft.values())
    level = {qid: v for qid, v in answers.items() if is_level(v)}
    if level.get("charter-written", 0) >= 2 and re.search(r"nobody has written|no charter|(draft|write) a charter",
                                                          draft["statement"], flags=re.I):
        found.append("an approved charter is described as missing")
    if level.get("buy-in-sponsor", 9) <= 1 and "no executive sponsor yet" not in draft["governance"]:
        found.append("no sponsor, but governance does not say so")
    if level.get("buy-in-sponsor", 0) >= 2 and "no executive sponsor" in text:
        found.append("a named sponsor is described as missing")
    if level.get("charter-review", 0) >= 3 and re.search(r"Nothing has been reviewed|changed only when", draft["review"]):
        found.append("a reviewed charter is described as never reviewed")
    for qid, value in answers.items():
        question = Q.questions.get(qid)
        if question and (is_na(value) or value == "unknown"):
            found += [f"{qid} is {value} but the draft states a level of it" for lv in question.levels if lv.label in text]
    return found


# The charter drafts of three companies added in 0.6.0 quote the health score's level text twice (in the
# statement and in the segmentation); charter wording is issue 18's other half, reworked in parallel, so
# these stay visible as expected failures until it lands rather than being hidden.
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_no_scenario_draft_contradicts_its_answers(path):
    answers, profile = _scenario(path)
    evaluation, draft = drafted(answers, profile, "Scenario Ltd")
    assert contradictions(answers, draft) == []
    said = sentences(draft)
    assert not {s for s in said if said.count(s) > 1}
    if profile.business_model == "self_serve":
        assert charter.defaults(evaluation, M)["tiers"][0]["name"] == "Tech touch"


def test_a_csm_book_follows_what_an_account_is_worth_never_a_fixed_range():
    """A book of about $2M ARR (DOMAIN section 4): 2 accounts at $1M, 40 at $50K; tech touch below that; and without
    a figure for what an account is worth, no team is sized at all."""
    answers = dict.fromkeys(Q.questions, 2)
    evaluation, mixed = drafted(answers, Profile(business_model="mixed", customers=900))
    assert "people" not in mixed["segmentation"] and "our 900 customers" in mixed["segmentation"]
    evaluation, enterprise = drafted(answers, Profile(business_model="high_touch", customers=60, arr_per_account=1_000_000))
    assert "holds 2 of our accounts, so the base needs about 30 people in named roles" in enterprise["segmentation"]
    core = charter.defaults(evaluation, M)["tiers"][-1]
    assert "a book of 2 accounts" in core["engagement_model"] and "20 to 80" not in core["engagement_model"]
    _, mid = drafted(answers, Profile(business_model="high_touch", customers=400, arr_per_account=50_000))
    assert "holds 40 of our accounts, so the base needs about 10 people" in mid["segmentation"]
    _, self_serve = drafted(answers, Profile(business_model="self_serve", customers=38000, arr_per_account=540))
    assert "our 38,000 accounts are served tech-touch" in self_serve["segmentation"]
    assert "named roles" not in self_serve["segmentation"]


def test_a_capped_company_watches_the_metrics_of_the_practice_it_shows():
    scaleup = Path(__file__).parent / "scenarios" / "scaleup-no-sponsor.yaml"
    evaluation, draft = drafted(*_scenario(scaleup))
    assert evaluation.result.stage.number == 2
    assert "(stage 3) we watch" in draft["objectives"] and "At stage 2 we watch" not in draft["objectives"]
