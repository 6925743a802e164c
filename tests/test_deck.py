"""The slide deck: read back with python-pptx (slides, native charts, branding, notes), and opened by LibreOffice."""
from __future__ import annotations

import copy
import io
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
    assert "The perception gap" not in charts and "Scores against targets" not in charts  # no data, no slide
    assert "Since the last round" not in charts
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
    gap = next(slide for slide in deck.slides if slide.shapes.title.text == "The perception gap")
    chart = next(s.chart for s in gap.shapes if s.has_chart)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert [s.name for s in chart.plots[0].series] == ["Leadership (3)", "Everyone else (5)"]
    assert "the leadership team" in _text(deck.slides[0])


def test_targets_and_a_last_round_add_their_slides_when_the_context_has_them(app, placed_report):
    report = copy.deepcopy(placed_report)
    report["targets"] = [{"title": b["title"], "today": b["score"], "target": min(b["score"] + 25, 100)}
                         for b in report["blocks"] if b["score"] is not None]
    report["comparison"] = {"stage": {"before": {"number": 1, "name": "CPR"}, "after": report["stage"],
                                      "moved": report["stage"]["number"] - 1},
                            "overall": {"before": 20.0, "after": report["overall"], "delta": 1.0},
                            "blocks": [{"title": b["title"], "before": 10.0, "after": b["score"], "delta": 1.0}
                                       for b in report["blocks"]], "movers": []}
    deck = _deck(build_deck(report))
    charts = _charts(deck)
    assert charts["Scores against targets"] == [XL_CHART_TYPE.BAR_CLUSTERED]
    assert charts["Since the last round"] == [XL_CHART_TYPE.BAR_CLUSTERED]
    now = report["stage"]
    assert f"Stage 1 then, stage {now['number']} ({now['name']}) now: up {now['number'] - 1}." in _text(
        next(s for s in deck.slides if s.shapes.title.text == "Since the last round"))
    assert len(deck.slides) <= 16


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
