"""The PDF report a board receives: structure, page numbers, embedded fonts, tags, paper, limits."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from factories import answer_all, soup, start_assessment
from pypdf import PdfReader

from app import create_app


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory):
    """One full report, rendered once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("pdf")
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(folder / "db"), "INSTANCE_PATH": str(folder)})
    client = app.test_client()
    token = start_assessment(client)
    questionnaire = app.extensions["questionnaires"]["cs-maturity"]

    def value(q):
        return "unknown" if q.id == "cc-vision-driving-force" else (1 if q.quick else 3)

    answer_all(client, token, questionnaire, value)
    response = client.get(f"/r/{token}/report.pdf")
    assert response.status_code == 200
    return response.data


def texts(document: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(document)).pages]


def test_cover_contents_and_sections_in_order(report_pdf):
    pages = texts(report_pdf)
    assert "Acme Cloud" in pages[0] and "Stage " in pages[0] and "Contents" in pages[0]  # the cover lists the contents
    assert "Acme Cloud" in pages[1]  # the running header names the organisation
    whole = "\n".join(pages)
    headings = ["Executive summary", "Where you stand", "What holds you at this stage", "The three-legged stool",
                "Scores by block and section", "Metrics to focus on at this stage", "Blind spots to investigate",
                "Stage gates", "Roadmap: what to do next, in order", "Appendix: every answer",
                "Method: how the result is computed"]
    body = whole[whole.index("Executive summary", whole.index("Contents") + 200):]
    positions = [body.find(h) for h in headings]
    assert -1 not in positions, dict(zip(headings, positions))
    assert positions == sorted(positions)


def test_contents_list_real_page_numbers(report_pdf):
    pages = texts(report_pdf)
    entries = dict(re.findall(r"^(Executive summary|Roadmap|Method)[ .]*?(\d+)$", pages[0], re.M))
    for title, number in entries.items():
        assert title in pages[int(number) - 1]
    assert len(entries) == 3


def test_every_page_after_the_cover_says_page_x_of_y(report_pdf):
    pages = texts(report_pdf)
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text


def test_summary_has_strengths_gaps_and_next_90_days(report_pdf):
    summary = texts(report_pdf)[1]
    for part in ("Strengths", "Gaps", "Three moves for the next 90 days"):
        assert part in summary


def test_the_pdf_is_tagged_and_titled(report_pdf):
    reader = PdfReader(io.BytesIO(report_pdf))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == "Customer-success maturity report: Acme Cloud"


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts comes with poppler-utils (scripts/test installs it)")
def test_every_font_is_embedded(report_pdf, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(report_pdf)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and any("Source-Sans-3" in row for row in rows)
    for row in rows:
        assert row.split()[-5] == "yes", f"not embedded: {row}"


@pytest.fixture
def placed(client, started, questionnaire):
    """A self-assessment with every question answered: enough to place it, so it has a PDF."""
    answer_all(client, started, questionnaire, lambda q: 2)
    return started


def test_us_letter_on_request(client, placed):
    started = placed
    a4 = PdfReader(io.BytesIO(client.get(f"/r/{started}/report.pdf").data)).pages[0].mediabox
    letter = PdfReader(io.BytesIO(client.get(f"/r/{started}/report.pdf?paper=letter").data)).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    assert client.get(f"/r/{started}/report.pdf?paper=scroll").status_code == 404


def test_a_render_past_its_time_limit_says_so(app, client, placed):
    started = placed
    app.config["PDF_TIMEOUT"] = 0.001
    response = client.get(f"/r/{started}/report.pdf")
    assert response.status_code == 503
    assert "took longer than allowed" in soup(response).get_text()
