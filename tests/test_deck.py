"""The slide deck: read back with python-pptx (slides, native charts, branding, notes), and opened by LibreOffice."""
from __future__ import annotations

import io
import math
import re
import shutil
import subprocess

import pytest
from factories import answer_enough, csrf_token, start_assessment
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from app import access, store
from app.report import deck_text
from app.report.deck import build_deck

RADARS = {XL_CHART_TYPE.RADAR, XL_CHART_TYPE.RADAR_MARKERS, XL_CHART_TYPE.RADAR_FILLED}
ACCENT = "#7c3aed"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (124, 58, 237)).save(buffer, "PNG")
    return buffer.getvalue()


def _deck(data: bytes):
    return Presentation(io.BytesIO(data))


def _titles(deck) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in deck.slides]


def _charts(deck) -> dict[str, list]:
    """Each slide's chart types, by slide title."""
    return {slide.shapes.title.text_frame.text: [s.chart.chart_type for s in slide.shapes if s.has_chart]
            for slide in deck.slides}


def _text(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


@pytest.fixture
def branded(client, questionnaire, app):
    """A self-assessment answered enough, with a consultant's logo, colour and byline."""
    token = start_assessment(client, organisation="Umbrella Health")
    answer_enough(client, token, questionnaire)
    url = f"/r/{token}/branding"
    response = client.post(url, content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, url), "prepared_by": "Ruth Okafor, Northstar Advisory", "accent": ACCENT,
        "logo": (io.BytesIO(_png()), "logo.png")})
    assert response.status_code == 302, response.get_data(as_text=True)
    return token


def test_an_owner_downloads_a_deck_of_native_charts_with_branding_and_notes(client, branded):
    response = client.get(f"/r/{branded}/deck.pptx")
    assert response.status_code == 200
    assert response.mimetype.endswith("presentationml.presentation")
    assert 'filename="cs-maturity-umbrella-health.pptx"' in response.headers["Content-Disposition"]
    deck = _deck(response.data)
    assert 12 <= len(deck.slides) <= 16
    charts = _charts(deck)
    assert set(charts["Scores by block"]) <= RADARS and charts["Scores by block"]
    assert charts["The three-legged stool"] == [XL_CHART_TYPE.BAR_CLUSTERED]
    assert charts["Scores against targets"] == [XL_CHART_TYPE.BAR_CLUSTERED]  # every block has a target (one level up)
    assert "The perception gap" not in charts and "Since the last round" not in charts  # no workshop, a first round
    for slide in deck.slides:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert [p.name for p in pictures] == ["Logo"], "only the logo is a picture; charts are chart objects"
        assert slide.notes_slide.notes_text_frame.text.strip(), f"{slide.shapes.title.text} has no notes"
        bar = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE)
        assert str(bar.fill.fore_color.rgb) == ACCENT[1:].upper()
    cover = _text(deck.slides[0])
    assert "Umbrella Health" in cover and "Prepared by Ruth Okafor, Northstar Advisory" in cover


def test_the_notes_carry_the_evidence_the_slides_rest_on(client, branded, app):
    deck = _deck(client.get(f"/r/{branded}/deck.pptx").data)
    with app.app_context():
        from app.db import get_db

        found = store.load_assessment(get_db(), store.respondent_by_token(get_db(), branded).assessment_id)
        report = access.context_of(found).full_report
    notes = {slide.shapes.title.text: slide.notes_slide.notes_text_frame.text for slide in deck.slides}
    for leg in report["legs"]:
        assert f"{leg['title']}: {int(leg['score'])} of 100." in notes["The three-legged stool"]
    gaps = notes["The largest gaps"]
    weakest = report["summary"]["gaps"][0]["title"]
    answers = next(g["questions"] for g in report["answers"] if g["section"] == weakest)
    assert all(q["text"] in gaps for q in answers)
    first = report["verdict"]["moves"][0]
    assert first["do"] in notes["Three moves for the next 90 days"] and first["owner"] in notes["Three moves for the next 90 days"]
    # A line ending on a colon introduces a list ("- ..."), never nothing ("The ladder, rung by rung:" before the
    # next charter section, "Signs ... confirm:" with no sign after it).
    for text in notes.values():
        lines = text.splitlines() + [""]
        hanging = [line for line, after in zip(lines, lines[1:]) if line.rstrip().endswith(":") and not after.startswith("- ")]
        assert not hanging, hanging


def test_a_lead_in_ending_with_a_colon_keeps_what_it_introduces():
    text = "The ladder, rung by rung: Adoption: customers use it. Value: they see a return."
    assert deck_text.first_sentence(text) == "The ladder, rung by rung: Adoption: customers use it."
    assert deck_text.first_sentence("Vision. Our customers grow with us. More.") == "Vision: our customers grow with us."


def test_a_workshop_deck_shows_the_perception_gap_as_a_bar_chart(app, runner, tmp_path):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        from app.db import get_db

        workshop = next(a for a in store.list_assessments(get_db()) if a["mode"] == "workshop")
    out = tmp_path / "team.pptx"
    result = runner.invoke(args=["report", str(workshop["id"]), "--format", "pptx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    deck = _deck(out.read_bytes())
    assert 12 <= len(deck.slides) <= 16
    with app.app_context():
        from app.db import get_db

        team = access.context_of(store.load_assessment(get_db(), workshop["id"])).full_report["workshop"]
    assert team["split"] and team["fixed"]  # the demo's room is compared: two groups of the floor or more
    gap = next(slide for slide in deck.slides if slide.shapes.title.text == "The perception gap")
    chart = next(s.chart for s in gap.shapes if s.has_chart)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert [s.name for s in chart.plots[0].series] == [g["heading"] for g in team["groups"]]
    from app.core.grouping import OTHER_DEPARTMENTS, Group

    assert Group(OTHER_DEPARTMENTS, "Other departments (4)", frozenset(range(4))).heading == "Other departments (4)"
    assert Group("leadership", "Executives", frozenset(range(3))).heading == "Executives (3)"
    blocks = [b for b in team["blocks"] if b.get("scores")]
    assert list(chart.plots[0].categories) == [deck_text.short(b["title"]) for b in blocks]
    for group, series in zip(team["groups"], chart.plots[0].series):
        assert list(series.values) == [math.floor(b["scores"][group["id"]]) for b in blocks]  # as the report prints
    widest = max(blocks, key=lambda b: b["gap"])
    assert f"{widest['title'].lower()}," in _text(gap) and f"a gap of {widest['gap']:g} points" in _text(gap)
    # Prepared by the facilitator who ran it; answered by the room, however senior its people.
    assert f"Prepared by {report_facilitator(app, workshop['id'])}" in _text(deck.slides[0])
    assert "leadership team" not in _text(deck.slides[0])


def report_facilitator(app, assessment_id: int) -> str:
    with app.app_context():
        from app.db import get_db

        found = store.workshop(get_db(), assessment_id)
        return store.facilitator_by_id(get_db(), found.facilitator_id).name


def _slide(deck, title: str):
    return next(slide for slide in deck.slides if slide.shapes.title.text == title)


def test_the_targets_slide_charts_each_score_against_its_target(placed_report):
    deck = _deck(build_deck(placed_report))
    slide = _slide(deck, "Scores against targets")
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    rows = [t for t in placed_report["targets"] if t["today"] is not None and t["target"] is not None]
    assert rows and chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert [s.name for s in chart.plots[0].series] == ["Today", "Target"]
    assert list(chart.plots[0].series[0].values) == [t["today"] for t in rows]
    assert list(chart.plots[0].series[1].values) == [t["target"] for t in rows]
    assert chart.value_axis.maximum_scale == 100  # targets are scores, 0 to 100, like the report's table
    first = next(t for t in rows if t["first"])
    assert f"from {first['today']} to {first['target']} (level {first['target_level']}" in _text(slide)


def test_a_next_round_deck_says_what_moved_and_how_the_last_plan_went(app, runner):
    """The demo's second round: its comparison with round one as a chart, and the review of round one's plan."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        from app.db import get_db

        second = next(found for a in store.list_assessments(get_db())
                      if (found := store.load_assessment(get_db(), a["id"])).round == 2)
        report = access.context_of(second).full_report
    comparison, review = report["comparison"], report["review"]
    deck = _deck(build_deck(report))
    assert 12 <= len(deck.slides) <= 16
    slide = _slide(deck, "Since the last round")
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    blocks = [b for b in comparison["blocks"] if b["before"] is not None and b["after"] is not None]
    assert list(chart.plots[0].series[0].values) == [math.floor(b["before"]) for b in blocks]  # as printed
    assert list(chart.plots[0].series[1].values) == [math.floor(b["after"]) for b in blocks]
    text, counts = _text(slide), review["counts"]
    before, after = comparison["stage"]["before"], comparison["stage"]["after"]
    assert f"Stage {before['number']} then, stage {after['number']} ({after['name']}) now" in text
    assert f"Round {review['previous_round']}'s plan of {counts['total']} actions: {counts['done']} done" in text
    assert review["explanation"] in slide.notes_slide.notes_text_frame.text


@pytest.fixture
def placed_report(client, placed, app):
    """The full report context of a self-assessment answered at level 2 everywhere."""
    with app.app_context():
        from app.db import get_db

        found = store.load_assessment(get_db(), store.respondent_by_token(get_db(), placed).assessment_id)
        return access.context_of(found).full_report


def test_the_deck_waits_for_enough_answers(client, started):
    assert client.get(f"/r/{started}/deck.pptx").status_code == 409


def test_report_still_writes_a_pdf_by_default(runner, client, placed, tmp_path):
    out = tmp_path / "report.pdf"
    result = runner.invoke(args=["report", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF") and len(PdfReader(out).pages) > 5


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_deck_and_prints_every_slide(client, branded, tmp_path):
    path = tmp_path / "deck.pptx"
    path.write_bytes(client.get(f"/r/{branded}/deck.pptx").data)
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pages = PdfReader(tmp_path / "deck.pdf").pages
    assert len(pages) == len(_deck(path.read_bytes()).slides)
    assert re.search(r"Stage \d of 5", pages[1].extract_text())


def test_a_company_without_strengths_gets_no_empty_strengths_slide(client, questionnaire):
    """Every section below level 2: the executive summary says so; the deck skips the slide rather than show it empty."""
    token = start_assessment(client, organisation="Bramble Freight")
    answer_enough(client, token, questionnaire, level=1)
    deck = _deck(client.get(f"/r/{token}/deck.pptx").data)
    titles = _titles(deck)
    assert "Strengths to build on" not in titles and "The largest gaps" in titles
    gaps = next(s for s in deck.slides if s.shapes.title.text_frame.text == "The largest gaps")
    assert any(s.has_chart for s in gaps.shapes)


def test_the_deck_says_what_it_leaves_out_and_counts_what_it_lists(client, app):
    """A fleet-telematics company with ten things holding it: the slide shows six and says how many more are in the
    notes; the ladder names every move of the stage; the notes count the sections they list."""
    import yaml
    from factories import scenario_assessment

    from app.report.deck import HOLDING_SHOWN

    data = yaml.safe_load(open("tests/scenarios/hardware-fleet-service.yaml", encoding="utf-8"))
    token = scenario_assessment(client, data)
    deck = _deck(client.get(f"/r/{token}/deck.pptx").data)
    with app.app_context():
        from app.db import get_db

        found = store.load_assessment(get_db(), store.respondent_by_token(get_db(), token).assessment_id)
        report = access.context_of(found).full_report
    holding = _text(_slide(deck, "What holds you at this stage"))
    hidden = len(report["holding_back"]) - HOLDING_SHOWN
    assert hidden > 0 and f"and {hidden} more (in the notes)" in holding
    ladder = " ".join(_text(slide) for slide in deck.slides)
    assert all(m[:1].lower() + m[1:] in ladder for m in report["stage_info"]["moves"])
    for title, items in (("Strengths to build on", report["summary"]["strengths"]),
                         ("The largest gaps", report["summary"]["gaps"])):
        if items:
            notes = _slide(deck, title).notes_slide.notes_text_frame.text
            assert notes.startswith({1: "The ", 2: "The two ", 3: "The three "}[len(items)])
            assert sum(line.endswith("):") for line in notes.splitlines()) == len(items)


def test_a_default_target_is_named_by_its_rule_not_as_the_next_level_up():
    """From level 1.8 the default target is level 3 (level 2 is less than half a level up): the notes used to call
    that "the next level up"."""
    from app.report.deck_notes import targets_notes

    line = targets_notes([{"label": "Executive buy-in", "today": 45, "target": 75, "target_level": 3, "gap": 30}])[0]
    assert "next level up" not in line and "at least half a level up" in line


def test_a_quick_path_deck_says_its_confidence_is_the_quick_paths():
    """Brioche answered 29 quick questions: "100% confidence in the result" on the cover slide read as certainty about
    the whole picture."""
    figures = dict((label, value) for value, label in deck_text.headline_figures(
        {"overall": 18.4, "confidence": 100, "answered": 29, "total": 29, "path": "quick"}))
    assert "confidence in the quick-path result" in figures and "quick-path questions answered" in figures
    full = dict((label, value) for value, label in deck_text.headline_figures(
        {"overall": 44.6, "confidence": 97, "answered": 86, "total": 89, "path": "full"}))
    assert "confidence in the result" in full and full["overall score out of 100"] == "44"


def test_the_deck_says_what_holds_the_stage_down_not_the_goals_title():
    """Wattle's cover slide read "held lower by: Leadership has approved a written customer-success charter": the cap's
    title states the goal; what holds the stage is its reason, as the results page says it."""
    r = {"stage": {"number": 2, "name": "Stabilise"}, "stage_info": {"capped": True, "number": 3, "name": "Proactive"},
         "verdict": {"provisional": False, "caps": [{"title": "Leadership has approved a written charter",
                                                     "reason": "no charter that leadership has approved yet"}]}}
    text = deck_text.verdict_sentence(r)
    assert "held lower by: no charter that leadership has approved yet" in text and "has approved a written" not in text


def test_what_holds_the_stage_reads_as_sentences_in_the_notes():
    from app.report.deck_notes import holding_notes

    lines = holding_notes({"holding_back": [
        {"type": "gate", "title": "Leadership has approved a written customer-success charter", "stage": 3},
        {"type": "stool", "title": "The responsibility leg is too short to carry a higher stage"}], "gates": []})
    assert lines == ["Leadership has approved a written customer-success charter: not yet met; needed for stage 3.",
                     "The responsibility leg is too short to carry a higher stage: the stool rule."]
