"""The report's contents page and its body come from one outline: a section is listed exactly when printed."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup
from factories import csrf_token, post_section, soup, start_assessment

from app import access, store
from app.report import context as report_context


def _round_at_top_level(client, questionnaire):
    """A first round at level 1, then a second round at the top level everywhere (nothing holds it back)."""
    token = start_assessment(client, path="quick")
    quick = questionnaire.for_path("quick")
    for section in quick.sections:
        post_section(client, token, section, {q.id: 1 for q in section.questions})
    response = client.post(f"/r/{token}/new-round", data={"csrf_token": csrf_token(client, f"/r/{token}/results")})
    second = re.match(r"/r/([^/]+)/plan/review$", response.headers["Location"]).group(1)  # it opens with the review
    for section in quick.sections:
        post_section(client, second, section, {q.id: 4 for q in section.questions})
    return second


def test_a_second_round_at_the_top_stage_keeps_since_the_last_round(app, client, questionnaire):
    """Regression: the comparison sat inside the 'what holds you back' condition and vanished at the top."""
    token = _round_at_top_level(client, questionnaire)
    page = soup(client.get(f"/r/{token}/results"))
    assert page.find(id="holding-back") is None  # nothing holds a top-level organisation back
    assert "Since the last round" in page.find(id="rounds").get_text()
    with app.app_context():
        from app.db import get_db

        found = store.load_assessment(get_db(), store.respondent_by_token(get_db(), token).assessment_id)
        context = access.context_of(found).full_report
    document = BeautifulSoup(report_context.render_html(context), "html.parser")
    listed = {a["href"].lstrip("#") for a in document.find("nav", class_="toc").find_all("a")}
    printed = {section["id"] for section in document.find_all("section", id=True)}
    assert "rounds" in listed and "rounds" in printed
    assert listed <= printed, f"listed but not printed: {listed - printed}"


def test_every_outline_section_is_listed_exactly_when_present():
    bare = {"holding_back": [], "focus_metrics": [], "blind_spots": []}
    shown = report_context.present(bare)
    assert not shown["rounds"] and not shown["holding-back"] and not shown["charter"] and not shown["disagreements"]
    full = {**bare, "holding_back": [1], "comparison": {"x": 1}, "disagreements": [], "charter": {"sections": []}}
    # an empty disagreement list is still a workshop: the section says the team agreed everywhere
    assert report_context.present(full)["disagreements"]
    assert report_context.present(full)["rounds"]


def test_every_outline_anchor_has_its_partial_and_every_partial_is_in_the_outline():
    from pathlib import Path

    folder = Path(report_context.__file__).resolve().parents[2] / "reports" / "sections"
    assert {p.stem for p in folder.glob("*.html")} == {anchor for anchor, _, _ in report_context.OUTLINE}


def test_the_report_context_is_exactly_the_declared_shape(app, client, questionnaire):
    """Every key the results page and the PDF get is declared (and documented) in app/report/types.py."""
    from app.report.types import ReportContext

    token = _round_at_top_level(client, questionnaire)
    with app.app_context():
        from app.db import get_db

        found = store.load_assessment(get_db(), store.respondent_by_token(get_db(), token).assessment_id)
        context = access.context_of(found).full_report
    declared = set(ReportContext.__annotations__)
    assert set(context) == declared, (set(context) - declared, declared - set(context))
    assert ReportContext.__required_keys__ <= set(context)


def test_report_templates_render_in_one_environment_for_screen_and_pdf(app):
    """Pages embed report parts rendered by the report's own environment; the page loader cannot reach them."""
    import pytest
    from jinja2 import TemplateNotFound

    with pytest.raises(TemplateNotFound):
        app.jinja_env.get_template("body.html")
    assert report_context.environment() is report_context.environment()
    assert app.jinja_env.globals["report_part"] is report_context.render_part


def test_a_score_just_below_a_threshold_is_never_shown_as_reaching_it():
    """Scores print as whole numbers rounded down: 44.6 shows as 44 beside a stage that needs 45."""
    report = {"stage": {"number": 2, "name": "Stabilise"}, "stage_count": 5, "stage_info": None, "overall": 44.6,
              "answered": 89, "total": 89, "confidence": 100, "score_stage": None, "charts": {"ladder": ""},
              "outcomes": []}
    html = str(report_context.render_part("sections/where-you-stand.html", report=report))
    assert "<strong>44</strong>" in html and "45" not in html


def test_a_phase_goal_keeps_the_capitals_of_its_moves():
    """'Adopt a CS platform' reads 'adopt a CS platform' after the colon, not 'adopt a cs platform'."""
    from types import SimpleNamespace

    from app.report.context import _phases

    stage = SimpleNamespace(number=3, name="Proactive adoption")
    phase = SimpleNamespace(id="now", name="Now", window="0-90 days", projected_stage=stage, actions=(), why_not=None,
                            aims_at=SimpleNamespace(number=4, name="Value and expansion"),
                            goal=("Adopt a CS platform so health, playbooks and activity live in one place",))
    evaluation = SimpleNamespace(questionnaire=None, result=SimpleNamespace(stage=stage), roadmap=[phase])
    assert _phases(evaluation)[0]["goal"] == ["adopt a CS platform so health, playbooks and activity live in one place"]
