"""The charter drafting core: drafts from results, default tables, the report context and its template."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app.core import charter
from app.core.evaluation import evaluate
from app.core.questionnaire import load_all
from app.core.reference import load_model
from app.core.verdict import load_rules
from app.report import charter as report_charter
from app.report import context as reports


@pytest.fixture(scope="module")
def questionnaire():
    return load_all()["cs-maturity"]


@pytest.fixture(scope="module")
def model():
    return load_model()


def answers_at(questionnaire, level, **overrides):
    answers = {qid: min(level, q.max_value) for qid, q in questionnaire.questions.items()}
    answers.update(overrides)
    return answers


@pytest.fixture(scope="module")
def stabilise(questionnaire, model):
    """Level 3 everywhere but a thin charter: an unapproved charter and a short charter leg that holds the stage."""
    charter_questions = {q.id: 1 for s in questionnaire.sections if s.leg == "charter" for q in s.questions}
    evaluation = evaluate(questionnaire, model, answers_at(questionnaire, 3, **charter_questions))
    assert evaluation.result.stage.number <= 3 and evaluation.result.weakest_leg == "charter"
    return evaluation


@pytest.fixture(scope="module")
def cpr(questionnaire, model):
    return evaluate(questionnaire, model, answers_at(questionnaire, 0))


def test_the_eleven_sections_of_the_domain_come_in_order_with_the_business_case_after_the_statement():
    assert charter.SECTION_IDS == ("meaning", "statement", "business_case", "vision", "principles", "scope", "objectives",
                                   "segmentation", "responsibilities", "governance", "roadmap", "review")
    for section in charter.SECTIONS:
        assert section.title and section.prompt and "\n" not in section.prompt


def test_every_section_is_drafted_for_the_organisation(stabilise, model):
    draft = charter.draft(stabilise, model, "Acme Cloud")
    assert list(draft) == list(charter.SECTION_IDS)
    assert all(text.strip() for text in draft.values())
    assert "Acme Cloud" in draft["meaning"]


def test_the_draft_names_the_stage_and_its_focus_metrics(stabilise, model):
    draft = charter.draft(stabilise, model, "Acme Cloud")
    assert stabilise.result.stage.name in draft["meaning"]
    capability = getattr(stabilise.result, "capability_stage", None)
    if capability is None or capability == stabilise.result.stage:  # a capped stage's narrative is not ours
        assert stabilise.stage_info.headline in draft["meaning"]
    for metric in stabilise.focus_metrics:
        assert metric.name in draft["objectives"]
        assert metric.name in draft["governance"]


def test_the_draft_explains_failed_gates_and_the_weakest_leg(stabilise, model):
    draft = charter.draft(stabilise, model, "Acme Cloud")
    failed = [g.gate.title for g in stabilise.result.gates if getattr(g, "status", "failed") == "failed" and not g.passed]
    assert failed
    for title in failed:
        said = f"{title[0].lower()}{title[1:]}."
        assert f"Not yet: {said}" in draft["statement"] or f"Not yet, as we assessed ourselves: {said}" in draft["statement"]
    assert "the charter leg" in draft["principles"]
    assert ("out of balance" in draft["statement"]) == (not stabilise.result.balanced)


def test_the_scope_reports_the_journey_answers(questionnaire, model):
    journey = [s for s in questionnaire.sections if s.block == "journey"]
    weak = journey[0].questions[0]
    evaluation = evaluate(questionnaire, model, answers_at(questionnaire, 3, **{weak.id: 1}))
    scope = charter.draft(evaluation, model, "Acme")["scope"]
    for section in journey:
        assert section.title in scope
    assert f"its weakest practice, at level 1: “{weak.levels[1].label.rstrip('.')}”" in scope  # the line ends the sentence


def test_the_roadmap_section_lists_the_now_actions_with_owners_and_measures(cpr, model):
    roadmap = charter.draft(cpr, model, "Acme")["roadmap"]
    now = [a for a in cpr.roadmap[0].actions if getattr(a, "shown", True)]
    assert cpr.roadmap[0].id == "now" and now
    for action in now[:3]:  # the charter names the three moves; the roadmap itself has them all
        assert f"{action.do} *Owner:* {action.owner_label}." in roadmap
    for action in now[3:]:
        assert action.do not in roadmap
    assert "in Now (0-90 days) with:" in roadmap


def test_a_draft_without_answers_still_reads(questionnaire, model):
    evaluation = evaluate(questionnaire, model, {})
    draft = charter.draft(evaluation, model, "Blank Ltd")
    assert "not yet placed ourselves on the maturity ladder" in draft["meaning"]
    assert "not been assessed yet" in draft["scope"]


def test_default_kpis_climb_the_ladder_and_prefer_the_focus_metrics(stabilise, cpr, model):
    kpis = charter.default_kpis(stabilise, model)
    assert [k["rung"] for k in kpis] == list(charter.RUNGS)
    assert all(k["metric_id"] in model.metrics and k["baseline"] == "" for k in kpis)
    # A measure with a typical figure per stage aims at the next stage's; the others leave the target to the team.
    retention = next(k for k in kpis if k["metric_id"] == "gross-revenue-retention")
    step = stabilise.narrative_stage + 1
    bound = load_rules().outcomes["grr"]["from"][step]
    assert retention["target"] == f"{bound:g}% or more (typical of stage {step})"
    assert all(k["target"] == "" for k in kpis if k["metric_id"] not in charter.tables._BANDS)
    assert len({k["metric_id"] for k in kpis}) == len(kpis)
    focus = {m.id for m in stabilise.focus_metrics}
    adoption_focus = [m for m in charter.tables.RUNG_METRICS["adoption"] if m in focus]
    if adoption_focus:  # a focus metric beats the rung's first candidate
        assert kpis[0]["metric_id"] == adoption_focus[0]
    assert charter.default_kpis(cpr, model)[1]["metric_id"] == "logo-churn"  # CPR watches churn


def test_default_responsibilities_follow_the_journey_relay():
    matrix = charter.default_responsibilities()
    assert list(matrix) == ["marketing", "sales", "customer_success", "support", "services", "product", "finance",
                            "management"]
    for stages in matrix.values():
        assert list(stages) == list(charter.JOURNEY_STAGES)
        assert set(stages.values()) <= set(charter.LEVELS)
    leads = {stage: {d for d in matrix if matrix[d][stage] == "leads"} for stage in charter.JOURNEY_STAGES}
    assert leads["awareness"] == leads["consideration"] == {"marketing"}
    assert leads["trial"] == leads["decision"] == {"sales"}
    assert leads["adoption"] == leads["performance"] == leads["transformation"] == {"customer_success"}
    assert leads["advocacy"] == {"customer_success"}  # marketing runs the programme, supporting CS
    assert all(matrix["product"][stage] == "supports" for stage in charter.JOURNEY_STAGES if stage != "decision")


def test_default_tiers_are_high_low_and_tech_touch():
    tiers = charter.default_tiers()
    assert [t["name"] for t in tiers] == ["High touch", "Low touch", "Tech touch"]
    for tier in tiers:
        assert set(tier) == {"name", "criteria", "engagement_model", "description"} and all(tier.values())
    # Without a profile, no number of accounts is guessed: the book is said by the rule ($2M, at most 50).
    assert "$2M of recurring revenue" in tiers[0]["engagement_model"] and "20 to 80" not in tiers[0]["engagement_model"]
    assert "500 to 2,000" not in tiers[2]["engagement_model"]


def test_build_uses_saved_text_and_tables_and_marks_them_edited(stabilise, model):
    saved = {"sections": {"vision": "Our own vision."}, "kpis": [],
             "responsibilities": {"sales": {"adoption": "leads"}}, "tiers": []}
    built = charter.build(stabilise, model, "Acme", saved)
    vision = charter.section_of(built, "vision")
    assert vision["body"] == "Our own vision." and vision["edited"]
    assert not charter.section_of(built, "meaning")["edited"]
    assert charter.section_of(built, "responsibilities")["edited"]
    assert built["responsibilities"]["sales"]["adoption"] == "leads"
    assert built["responsibilities"]["sales"]["trial"] == "leads"  # cells not saved keep the default
    assert built["kpis"] == charter.default_kpis(stabilise, model)


def test_report_context_is_plain_values_with_sanitised_html(stabilise, model):
    saved = {"sections": {"principles": "- **Be kind**\n\n<script>alert(1)</script>"}}
    context = report_charter.report_context(stabilise, model, "Acme", saved)
    assert [s["id"] for s in context["sections"]] == list(charter.SECTION_IDS)
    principles = next(s for s in context["sections"] if s["id"] == "principles")
    assert isinstance(principles["html"], Markup) and "<strong>Be kind</strong>" in principles["html"]
    assert "script" not in principles["html"]
    assert set(context["kpis"][0]) == {"name", "rung", "baseline", "target", "definition"}
    assert context["kpis"][0]["rung"] == "Adoption"
    matrix = context["responsibilities"]
    assert matrix["departments"][0] == "Marketing" and matrix["stages"][0] == "Awareness"
    assert matrix["rows"][0] == ["Marketing", ["Leads", "Leads", "Supports", "Informed", "Informed", "Supports",
                                               "Supports", "Supports"]]
    assert set(context["tiers"][0]) == {"name", "criteria", "model", "description"}


def _render_charter(context: dict) -> BeautifulSoup:
    env = Environment(loader=FileSystemLoader(str(reports.REPORTS_DIR)), autoescape=select_autoescape(default=True))
    return BeautifulSoup(env.get_template("charter.html").render(report={"charter": context}), "html.parser")


def _kpi_table(page: BeautifulSoup) -> tuple[list[str], list[str], str]:
    """The KPI table's header and KPI names, and the line naming the KPIs without a figure."""
    table, unset = page.find("table", class_="charter-kpis"), page.find(class_="charter-kpis-unset")
    return ([th.get_text() for th in table.select("thead th")] if table else [],
            [tr.find("td").get_text() for tr in table.select("tbody tr")] if table else [],
            unset.get_text() if unset else "")


def test_kpis_with_a_figure_are_tabled_and_the_others_named_in_a_line(stabilise, model):
    context = report_charter.report_context(stabilise, model, "Acme")
    for baseline in (False, True):
        if baseline:  # a baseline recorded for one KPI brings its column
            context["kpis"][0]["baseline"], context["baselines"] = "92% (FY2025)", True
        figured = [k["name"] for k in context["kpis"] if k["baseline"] or k["target"]]
        bare = [k["name"] for k in context["kpis"] if not (k["baseline"] or k["target"])]
        assert bare and figured  # the fixture has KPIs of both kinds
        header, rows, unset = _kpi_table(_render_charter(context))
        assert header == ["Objective rung", "KPI", *["Baseline"] * baseline, "Target"]  # no column nobody fills
        assert rows == figured and all(name in unset for name in bare)
        assert not [name for name in figured if name in unset]


def test_the_report_template_renders_sections_and_accessible_tables(stabilise, model):
    context = report_charter.report_context(stabilise, model, "Acme")
    page = _render_charter(context)
    section = page.find("section", class_="report-charter")
    assert section["id"] == "charter" and section.find("h2").get_text() == "Customer-success charter"
    titles = [h.get_text() for h in section.find_all("h3")]
    assert titles == [f"{n}. {s.title}" for n, s in enumerate(charter.SECTIONS, 1)]
    tables = section.find_all("table")
    assert [t.caption.get_text() for t in tables] == [
        "KPIs per objective rung", "Customer tiers and engagement models",
        "Who leads, supports or is informed at each journey stage"]
    for table in tables:
        assert all(th.has_attr("scope") for th in table.find_all("th"))
    matrix = tables[2]
    assert len(matrix.select("tbody tr")) == 8 and len(matrix.select("thead th")) == 9


def test_the_report_body_includes_the_charter_when_the_context_has_one(stabilise, model):
    respondent = SimpleNamespace(organisation="Acme", name="Ada", role="executive")
    context = reports.build_context(stabilise, respondent, {}, "full")
    assert BeautifulSoup(reports.render_body(context), "html.parser").find(id="charter") is None
    context["charter"] = report_charter.report_context(stabilise, model, "Acme", {"sections": {"vision": "Grow *together*."}})
    body = BeautifulSoup(reports.render_body(context), "html.parser")
    assert body.find(id="charter").find("em").get_text() == "together"
