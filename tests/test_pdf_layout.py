"""The demo PDF as a reader sees it: text on the page, no near-empty pages, no stranded headings, no ids."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from app import create_app
from app.report import context as reports

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext comes with poppler-utils")

MM = 72 / 25.4
SIDE, TOP_BOTTOM = 18 * MM, 22 * MM  # the page margins in reports/report.css
# Chapters that start a page: the page before one of them may end short.
CHAPTERS = ("Where you stand", "Customer-success charter", "Roadmap: what to do next", "Appendix: further actions")


@dataclass
class Page:
    width: float
    height: float
    lines: list[tuple[float, float, float, float, str]]  # xMin, yMin, xMax, yMax, text; running header/footer out

    @property
    def used(self) -> float:
        """The share of the text area between the margins that the body text covers, top to bottom."""
        if not self.lines:
            return 0.0
        area = self.height - 2 * TOP_BOTTOM
        return (max(line[3] for line in self.lines) - TOP_BOTTOM) / area


def _pages(document: bytes, tmp_path) -> tuple[list[Page], list[list[tuple]]]:
    path = tmp_path / "report.pdf"
    path.write_bytes(document)
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True).stdout
    xml = xml.split(b"?>", 1)[-1] if xml.startswith(b"<?xml") else xml
    root = ET.fromstring(xml.replace(b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                                     b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">', b""))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages, everything = [], []
    for page in root.iterfind(".//x:page", ns):
        width, height = float(page.get("width")), float(page.get("height"))
        lines = []
        for line in page.iterfind(".//x:line", ns):
            box = tuple(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
            text = " ".join(w.text or "" for w in line.iterfind("x:word", ns))
            lines.append((*box, text))
        everything.append(lines)
        body = [ln for ln in lines if TOP_BOTTOM - 2 < ln[1] and ln[3] < height - TOP_BOTTOM + 2]
        pages.append(Page(width, height, sorted(body, key=lambda ln: (ln[1], ln[0]))))
    return pages, everything


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo company's full report (results, charter, roadmap), its pages and its HTML."""
    folder = tmp_path_factory.mktemp("layout")
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(folder / "db"), "INSTANCE_PATH": str(folder)})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    out = folder / "demo.pdf"
    result = runner.invoke(args=["report", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pages, raw = _pages(out.read_bytes(), folder)
    return pages, raw


# Since 0.6.0 the demo's first round also has a ten-action plan (its own section) and the targets table:
# a page each at most on top of the 20 pages the report itself is held to.
PLAN_AND_TARGETS_PAGES = 2


def test_the_demo_report_is_at_most_twenty_pages_besides_its_plan_and_targets(demo):
    pages, _ = demo
    assert 8 <= len(pages) <= 20 + PLAN_AND_TARGETS_PAGES


def test_no_text_leaves_the_page_or_its_side_margins(demo):
    _, raw = demo
    pages, _ = demo
    for number, (page, lines) in enumerate(zip(pages, raw), start=1):
        if number == 1:
            continue  # the cover is a full-bleed page of its own
        for x0, y0, x1, y1, text in lines:
            assert x0 >= SIDE - 2 and x1 <= page.width - SIDE + 2, f"page {number}: {text!r} runs into the margin"
            assert y0 >= 0 and y1 <= page.height, f"page {number}: {text!r} is off the page"


def test_no_near_empty_page_except_before_a_chapter(demo):
    pages, _ = demo
    for number, page in enumerate(pages[1:-1], start=2):
        if page.used >= 0.2:
            continue
        following = pages[number].lines[0][4] if pages[number].lines else ""
        assert following.startswith(CHAPTERS), f"page {number} is {page.used:.0%} used"


def test_no_heading_is_the_last_line_of_a_page(demo):
    pages, _ = demo
    for number, page in enumerate(pages[1:], start=2):
        last = page.lines[-1][4] if page.lines else ""
        assert not _is_heading(last), f"page {number} ends on the heading {last!r}"


def _is_heading(last: str) -> bool:
    """A line is a heading when it is a section title, a phase title or an answer group."""
    titles = {title for _, title, _ in reports.OUTLINE} | {
        "Signs of this stage", "Customer-success charter", "Scores by block and section"}
    return last in titles or last.startswith(("Now (", "Next (", "Later (")) or last.startswith("The stool, leg")


def test_the_roadmap_is_printed_once_and_the_charter_points_to_it(demo):
    pages, _ = demo
    text = " ".join(ln[4] for page in pages for ln in page.lines)
    assert text.count("Roadmap: what to do next, in order") >= 2  # its chapter heading, and the charter's pointer
    lines = [ln[4] for page in pages for ln in page.lines]
    now = next(i for i, line in enumerate(lines) if line.startswith("Now (0-90 days)"))
    first_action = lines[now + 1].removeprefix("1. ")[:40]
    summary = next(" ".join(ln[4] for ln in page.lines) for page in pages if page.lines
                   and page.lines[0][4] == "Executive summary")
    # Once in the roadmap chapter; the executive summary names the first three moves.
    assert len(first_action) > 20 and text.count(first_action) - summary.count(first_action) == 1


def test_no_questionnaire_question_or_metric_id_in_the_text(demo):
    pages, raw = demo
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": ":memory:"})
    questionnaire = app.extensions["questionnaires"]["cs-maturity"]
    ids = {questionnaire.id, *questionnaire.questions, *app.extensions["model"].metrics,
           *(s.id for s in questionnaire.sections)}
    ids = {i for i in ids if "-" in i or "_" in i}  # one-word ids are ordinary words ("advocates")
    text = " ".join(ln[4] for lines in raw for ln in lines)
    assert not [i for i in ids if f" {i} " in f" {text} " or f"{i}." in text]
    assert "questionnaire cs-maturity" not in text.lower()
