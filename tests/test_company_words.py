"""Words that fit the company (DOMAIN.md section 6): its size and model choose the nouns, the departments
and a CSM's book in every sentence of the report and the charter; N/A practices are never spoken of; a
missing profile gives neutral words, never a guess."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from app.core import charter
from app.core.company import RULES, fit
from app.core.evaluation import evaluate
from app.core.profile import Profile, parse_profile
from app.core.questionnaire import load_all
from app.core.reference import MODEL_DIR, load_model
from app.report import charter as report_charter
from app.report import context as reports

Q = load_all()["cs-maturity"]
M = load_model()
SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))
# What a company of twelve never reads: the founder-led and no-CSM lists of company.yaml.
FOUNDER_LED = (*RULES["rewrites"]["founder_led"]["never"], *RULES["rewrites"]["no_csm"]["never"])
FIXED_BOOKS = re.compile(r"20 to 80|20-80|150 to 400|500 to 2,000|2,000 to 10,000")


def scenario(path: Path) -> tuple[dict, Profile]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {q: v for part in data["answers"].values() for q, v in part.items()}, parse_profile(data.get("profile"))


class Byline:
    organisation, name, role = "Scenario Ltd", "Pat", "executive"


def written(answers: dict, profile: Profile) -> tuple[object, dict[str, str], str]:
    """The evaluation, the charter draft and the report's prose (the PDF's body, without the answer appendix, the
    method and the gate table, which list every question and gate by design)."""
    evaluation = evaluate(Q, M, answers, profile)
    context = reports.build_context(evaluation, Byline, {q: {"value": v, "note": None} for q, v in answers.items()})
    context["charter"] = report_charter.report_context(evaluation, M, Byline.organisation)
    context["present"] = reports.present(context)
    page = BeautifulSoup(reports.render_html(context), "html.parser")
    for left_out in page.select("#answers, #method, #gates, table, svg, .toc"):
        left_out.decompose()
    prose = "\n".join(e.get_text(" ", strip=True) for e in page.select("p, li, dd, h3"))
    return evaluation, charter.draft(evaluation, M, Byline.organisation), prose


def sentences(text: str) -> list[str]:
    text = re.sub(r"[*_]|^\s*(?:-|\d+\.)\s+", "", text, flags=re.M)
    return [s.strip() for s in re.split(r"(?<=[.!?;:])\s+|\n+", text) if len(s.split()) >= 3]


def model_texts() -> list[str]:
    """Every sentence of the model the report or charter may print: stages, actions, metrics, questions, gates."""
    found: list[str] = []

    def walk(node, key=""):
        if isinstance(node, str) and key not in ("id", "owner", "kind", "question", "source", "seed", "item"):
            found.append(node)
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)

    for name in ("stages.yaml", "actions.yaml", "metrics.yaml"):
        walk(yaml.safe_load((MODEL_DIR / name).read_text(encoding="utf-8")))
    found += [q.text for q in Q.questions.values()] + [lv.label for q in Q.questions.values() for lv in q.levels]
    return found + [g.title for g in Q.rules.gates]


def named(pattern: str, text: str) -> bool:
    return bool(re.search(rf"(?<![\w-]){pattern}(?![\w-])", text, flags=re.IGNORECASE))


# --- the rules themselves ---------------------------------------------------------------------------


@pytest.mark.parametrize("profile, traits", [
    (Profile(employees=12, business_model="self_serve"), {"founder_led", "no_csm"}),
    (Profile(employees=12, business_model="high_touch"), {"founder_led", "no_csm"}),
    (Profile(employees=400, business_model="self_serve"), {"no_csm", "programme_led"}),
    (Profile(employees=45, business_model="low_touch"), {"programme_led", "small_team"}),  # no key accounts, no CCO
])
def test_every_text_of_the_model_names_nobody_the_company_does_not_have(profile, traits):
    company = fit(profile)
    assert traits <= set(company.traits)
    for text in model_texts():
        said = company.rewrite(text)
        for trait in traits:
            for pattern in RULES["rewrites"][trait]["never"]:
                assert not named(pattern, said), (trait, text, said)


def test_a_rewrite_keeps_a_capital_only_where_a_sentence_starts():
    company = fit(Profile(employees=12, business_model="self_serve"))
    assert company.rewrite("CSMs rate accounts by gut feeling.") == "The people who look after customers rate accounts by gut feeling."
    assert company.rewrite("Ask CSMs for the data.") == "Ask the people who look after customers for the data."
    assert company.rewrite("There is no health score; an account's health is whatever its CSM says.") == \
        "There is no health score; an account's health is whatever the last person to look at it says."
    assert company.rewrite("We have a CS team, but it still wins by heroics rather than method.").startswith(
        "Someone now looks after customers")


def test_a_company_of_twelve_has_founders_not_management_and_no_services_or_finance():
    company = fit(Profile(employees=12, business_model="high_touch"))
    assert company.owner_label("management") == "Founders" and company.owner_label("finance") == "Founders"
    assert company.owner_label("sales") == "Founders"  # the founders sell
    assert company.owner_label("services") == "Customer success"
    big = fit(Profile(employees=400, business_model="high_touch"))
    assert big.owner_label("management") == "Management" and big.owner_label("finance") == "Finance"


def test_a_csm_book_is_about_two_million_of_arr_capped_at_what_one_person_knows():
    assert fit(Profile(customers=60, arr_per_account=1_000_000)).book.accounts == (2, 2)
    assert fit(Profile(customers=400, arr_per_account=50_000)).book.accounts == (40, 40)
    assert fit(Profile(customers=400, arr_per_account=10_000)).book.kind == "programme"
    assert fit(Profile(customers=38_000, arr_per_account=540)).book.kind == "tech_touch"
    # From the revenue band and the count, a range, never a guess beyond it.
    band = fit(Profile(customers=60, arr_band="50m_250m", business_model="high_touch")).book
    assert band.kind == "named" and band.accounts == (1, 2) and band.people == (30, 60)
    assert fit(Profile(customers=60)).book is None and fit(Profile()).book is None


# --- every scenario, as written and as a company of twelve ------------------------------------------


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_no_sentence_names_a_practice_the_company_answered_not_applicable(path):
    answers, profile = scenario(path)
    evaluation, draft, prose = written(answers, profile)
    company = fit(profile, answers)
    for sentence in sentences("\n".join(draft.values()) + "\n" + prose):
        assert not company.names_na(sentence), sentence
    na = {q for q, v in answers.items() if v == "na"}
    for qid in na:  # nor does the charter quote any level of such a question
        for level in Q.questions[qid].levels:
            assert level.label not in "\n".join(draft.values()), (qid, level.label)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_same_company_at_twelve_people_reads_founders_never_a_cs_team_or_a_board(path):
    answers, profile = scenario(path)
    small = Profile(**{**profile.to_dict(), "employees": 12})
    _, draft, prose = written(answers, small)
    text = "\n".join(draft.values()) + "\n" + prose
    for word in FOUNDER_LED:
        assert not named(word, text), (word, [s for s in sentences(text) if named(word, s)][:3])
    assert "founders" in text.lower()
    built = charter.build(evaluate(Q, M, answers, small), M, "Scenario Ltd")
    assert "Founders" in built["departments"].values() and "Management" not in built["departments"].values()
    assert not {"services", "finance"} & set(built["responsibilities"])


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_csm_book_follows_the_customer_count_and_value(path):
    answers, profile = scenario(path)
    evaluation, draft, prose = written(answers, profile)
    text = "\n".join(draft.values()) + "\n" + prose
    tiers = " ".join(t["engagement_model"] for t in charter.defaults(evaluation, M)["tiers"])
    assert not FIXED_BOOKS.search(text + tiers)
    assert not re.search(r"\b(\d+) to \1 people\b", text)  # never "1 to 1 people"
    book = fit(profile, answers).book
    if book and book.people and book.kind in ("named", "programme"):  # a book computed from count and value
        low, high = book.accounts
        said = f"{low}" if low == high else f"{low} to {high}"
        where = f"holds {said} of our accounts" if book.kind == "named" else f"programmes, {said} to one"
        assert where in draft["segmentation"]
        assert ("people" in draft["segmentation"] or "1 person" in draft["segmentation"]) \
            and f"{book.people[0]}" in draft["segmentation"]
        assert low <= high  # never "1111 to 400 accounts" (accounts worth less than even a programme book holds)
    if book and book.kind == "tech_touch":
        assert "served tech-touch" in draft["segmentation"] and "named roles" not in draft["segmentation"]


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_without_a_profile_the_words_are_neutral_never_a_guess(path):
    answers, _ = scenario(path)
    evaluation, draft, _ = written(answers, Profile())
    text = "\n".join(draft.values())
    assert not named("CS team", text) and "assume a" not in text
    assert "our profile does not yet say" in draft["segmentation"].lower()
    tiers = " ".join(t["engagement_model"] for t in charter.defaults(evaluation, M)["tiers"])
    assert not FIXED_BOOKS.search(tiers) and "$2M of recurring revenue" in tiers


def test_a_self_serve_start_up_without_csms_is_never_told_it_has_a_cs_team_or_csms():
    answers = dict.fromkeys(Q.questions, 1) | {"ops-health-score": 1}
    evaluation, draft, prose = written(answers, Profile(employees=12, business_model="self_serve", customers=3000,
                                                        arr_per_account=480))
    assert evaluation.narrative_stage == 2  # the stage whose headline says "We have a CS team"
    text = "\n".join(draft.values()) + "\n" + prose
    assert "Someone now looks after customers, but still wins by heroics rather than method." in text
    assert "We have a CS team" not in text and not named("CSMs?", text)
    health = written(dict.fromkeys(Q.questions, 2) | {"ops-health-score": 0}, Profile(employees=12,
                                                                                        business_model="self_serve"))
    assert "whatever its CSM says" not in "\n".join(health[1].values()) + health[2]
    assert "our first CS hire" in draft["meaning"] and "served tech-touch" in draft["segmentation"]


def test_every_tier_table_draws_the_lines_the_charter_states():
    """The tiers' value lines (5K, 50K) are the ones the charter's prose computes from a CSM's book (company.yaml),
    for every business model and currency: the table never says 10K where the text says 5K, nor $ to a company
    that counts in pounds."""
    from app.core.charter.tables import tier_specs
    from app.core.labels import LABELS
    from app.core.profile import CURRENCIES

    book = RULES["book"]
    for currency in CURRENCIES:
        company = fit(Profile(currency=currency, customers=5000))
        lines = {company.money(book["arr_per_person"] / book["programme_at_most"]),
                 company.money(book["arr_per_person"] / book["named_at_most"])}
        literal = company.money(1)[:-1]
        sign = re.escape(literal)
        for model in LABELS.business_models:
            drawn: set[str] = set()
            for tier in tier_specs(model, 5000, company=company):
                said = set(re.findall(sign + r"\d+K", tier["criteria"]))
                assert said <= lines, (currency, model, tier["name"], tier["criteria"])
                assert "{" not in tier["criteria"] and (currency == "USD" or "$" not in tier["criteria"].replace(literal, ""))
                drawn |= said
            assert model != "mixed" or drawn == lines  # the mixed tiers draw both lines


def test_a_company_that_counts_in_pounds_reads_every_amount_in_pounds():
    """A UK company gives its figures in pounds: the charter and the report say £11K an account and £2M a CSM,
    never dollars (they used to convert nothing and print its pounds with a dollar sign)."""
    answers, profile = scenario(Path(__file__).parent / "scenarios" / "clinic-software-quick.yaml")
    assert profile.currency == "GBP"
    evaluation, draft, prose = written(answers, profile)
    text = "\n".join(draft.values()) + prose
    assert "£" in text and "$" not in text
    assert "£11K" in draft["business_case"] and "£2M" in text
    context = report_charter.report_context(evaluation, M, Byline.organisation)
    tiers = " ".join(t["criteria"] for t in context["tiers"])
    assert "$" not in tiers
    from app.core.company import money

    assert (money(45_000, "EUR"), money(1_200_000, "GBP"), money(540, "CHF"), money(45_000)) == \
        ("€45K", "£1.2M", "CHF\u00a0540", "$45K")


def test_the_further_actions_are_not_said_to_share_one_phases_themes():
    """The appendix of further actions spans every block; it used to call them all "on the themes of the Later phase"
    because each is placed after the roadmap."""
    answers, profile = scenario(Path(__file__).parent / "scenarios" / "clinic-software-quick.yaml")
    evaluation = evaluate(Q, M, answers, profile)
    context = reports.build_context(evaluation, Byline, {q: {"value": v, "note": None} for q, v in answers.items()})
    context["present"] = reports.present(context)
    page = BeautifulSoup(reports.render_html(context), "html.parser").select_one("#roadmap-more")
    blocks = {a["block"] for a in context["roadmap_more"] if a.get("block")}
    assert page and "themes of the" not in page.get_text() and (len(blocks) > 1 or not blocks)


def test_figures_above_the_stage_are_explained_once_with_causes_that_fit_them():
    """Vireo's four figures all read as later stages than its answers: the report said "Either the answers undersell
    what you do ..., long contracts, the cost of switching ..." four times, NPS included. Now each figure gets its own
    short clause, and the explanation comes once, naming the product for NPS."""
    answers, profile = scenario(Path(__file__).parent / "scenarios" / "vireo-learning.yaml")
    evaluation, _, prose = written(answers, profile)
    above = [o for o in evaluation.outcomes if o["mismatch_direction"] == "above"]
    assert len(above) >= 2 and any(o["id"] == "nps" for o in above)
    assert prose.count("undersell what you do") == 1 and prose.count("long contracts") == 1
    assert "for NPS, how much customers like the product itself" in prose
    assert prose.count("a later stage than your answers describe") == len(above)


def test_the_results_page_checks_the_outcome_figures_in_one_sentence(client):
    from factories import scenario_assessment, soup

    data = yaml.safe_load((Path(__file__).parent / "scenarios" / "vireo-learning.yaml").read_text(encoding="utf-8"))
    token = scenario_assessment(client, data)
    page = soup(client.get(f"/r/{token}/results"))
    check = " ".join(page.select_one(".verdict-mismatch").get_text().split())
    assert "net revenue retention (103%), gross revenue retention (95%), logo churn (3%) and Net Promoter Score (41) are" \
           " typical of stages 4 and 5, later than the stage 2 your answers describe" in check
    assert page.get_text().count("undersell what you do") == 1


def test_the_roadmap_does_not_promise_one_level_per_action_when_a_step_spans_more():
    """An action is the practice's next step (write it, adopt it, review it): "one step from where the practice stands"
    read as one level beside "level 0 -> 3" (Tallis)."""
    answers, profile = scenario(Path(__file__).parent / "scenarios" / "merged-hr-suite.yaml")
    evaluation = evaluate(Q, M, answers, profile)
    wide = [a for phase in evaluation.roadmap for a in phase.actions
            if isinstance(a.level, int) and a.target_level - a.level > 1]
    context = reports.build_context(evaluation, Byline, {q: {"value": v, "note": None} for q, v in answers.items()})
    context["present"] = reports.present(context)
    text = BeautifulSoup(reports.render_html(context), "html.parser").select_one("#roadmap").get_text(" ")
    assert wide and "one step from where" not in text and "may cover more than one level" in text


def test_a_fully_answered_assessment_has_no_blind_spots_and_says_it_plainly(client):
    """Harrow answered all 89 questions: "every question has a level, 'not applicable' or is still open" spoke of open
    questions it did not have."""
    from factories import scenario_assessment, soup

    data = yaml.safe_load((Path(__file__).parent / "scenarios" / "mature-uk-fintech.yaml").read_text(encoding="utf-8"))
    token = scenario_assessment(client, data)
    text = " ".join(soup(client.get(f"/r/{token}/results")).get_text().split())
    assert "None: no question was answered “don't know”." in text and "still open" not in text


def test_a_twelve_person_startup_reads_no_garbled_rewrites():
    """Brioche (12 people, one CS hire): rewriting "CSMs" inside "what the best CSMs already do" gave "what the best the
    people who look after customers already do"; "the CS team's remit ... so it acts" became a person called "it"."""
    answers, profile = scenario(Path(__file__).parent / "scenarios" / "tiny-paris-saas-quick.yaml")
    company = fit(profile, answers)
    texts = [company.rewrite(step.do) for action in M.actions.values()
             for step in (action, *(later for _, later in action.steps))]
    _, draft, prose = written(answers, profile)
    text = " ".join(texts) + " ".join(draft.values()) + prose
    assert "the best the people" not in text and "so it acts" not in text
    assert company.rewrite("Agree the CS team's remit and its escalation routes into product, support and sales, so it "
                           "acts for customers.").endswith("so they act for customers.")
    assert "the best the people" not in company.rewrite("from what the best CSMs already do.")
    # The sponsor is a founder, the CEO among them: the founders agree the charter, nobody signs off their own draft.
    assert "CEO's sign-off" not in company.rewrite(M.actions["charter-written"].do)
    assert company.tell("Executives step in personally to rescue at-risk accounts").startswith("The founders step in")
    tiers = " ".join(t["engagement_model"] for t in charter.defaults(evaluate(Q, M, answers, profile), M)["tiers"])
    assert "looking after customers looking after" not in tiers and "looks after customers looking after" not in tiers
    assert "leadership workshop" not in company.rewrite(M.actions["charter-meaning"].do)


def test_the_plan_page_offers_the_roadmap_in_the_companys_words(app, client, questionnaire):
    """Brioche's plan page offered "every leadership meeting", "every department head" and "suggested owner: Finance"
    (the raw actions) where the report said founders: the adoptable actions, their owners and an adopted action's
    title read as the report does."""
    from factories import answer_enough, csrf_token, soup, start_assessment

    token = start_assessment(client)
    page = f"/r/{token}/profile"
    client.post(page, data={"csrf_token": csrf_token(client, page), "employees": "12", "business_model": "low_touch",
                            "customers": "260"})
    answer_enough(client, token, questionnaire, level=1)
    plan = soup(client.get(f"/r/{token}/plan"))
    offered = " ".join(p.get_text() for p in plan.select(".adopt-list .action-do, .adopt-list .action-meta"))
    assert offered and not [p for p in FOUNDER_LED if named(p, offered)], offered[:400]
    assert "suggested owner: Finance" not in offered and "suggested owner: Management" not in offered


def test_a_self_serve_team_of_eighty_reads_whole_sentences():
    """Wattle (80 people, self-serve): "some the people who look after customers follow them", "each person who looks
    after customers's own book", "most largest accounts", "for largest accounts", and a small team's never-list broken
    because the rewrites for companies without CSMs ran first."""
    answers, profile = scenario(Path(__file__).parent / "scenarios" / "plg-design-tool-australia.yaml")
    company = fit(profile, answers)
    texts = [company.rewrite(step.do) for action in M.actions.values()
             for step in (action, *(later for _, later in action.steps))]
    texts += [company.tell(s) for stage in M.stages.values() for s in stage.symptoms]
    texts += [company.rewrite(q.text) for q in Q.questions.values()]
    texts += [company.rewrite(lv.name) for q in Q.questions.values() for lv in q.levels]
    _, draft, prose = written(answers, profile)
    text = " ".join(texts) + " ".join(draft.values()) + prose
    for garble in ("some the people", "customers's", "most largest", "for largest accounts", "and largest accounts"):
        assert garble not in text, garble
    assert not [p for p in RULES["rewrites"]["small_team"]["never"] if named(p, text)]


def test_the_plan_page_offers_actions_past_the_roadmap_as_further_actions_without_a_date(app, client, questionnaire):
    """Wattle's plan page labelled 80 actions "Later (6-12 months)" where the roadmap has five in Later: the rest come
    after the roadmap, as the report and the CSV say, with no suggested date."""
    from factories import answer_enough, soup, start_assessment

    token = start_assessment(client)
    answer_enough(client, token, questionnaire, level=1)
    metas = [" ".join(p.get_text().split()) for p in soup(client.get(f"/r/{token}/plan")).select(".adopt-list .action-meta")]
    later = [m for m in metas if m.startswith("Later")]
    further = [m for m in metas if m.startswith("Further actions (after the roadmap)")]
    assert further and len(later) <= 5
