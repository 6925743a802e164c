"""The demo PDFs (quick, full, workshop) as a reader sees them: text on the page, no near-empty pages, no stranded
headings or one-row tables, no ids, no doubled punctuation or emoji, headers whole, one story about the first phase."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from factories import first_phase_in_pdf
from pypdf import PdfReader

from app import create_app, store
from app.core import demo as demo_data
from app.core.labels import LABELS
from app.report import context as reports

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext comes with poppler-utils")

MM = 72 / 25.4
SIDE, TOP_BOTTOM = 18 * MM, 18 * MM  # the page margins in reports/report.css
# Chapters that start a page: the page before one of them may end short.
CHAPTERS = ("Executive summary", "How the team saw it")
MAX_PAGES = {"quick": 12, "full": 20, "workshop": 20}
# Table headers as pdftotext reads them: a page may not end on one with at most a row under it.
TABLE_HEADS = ("Gate Needed for Met?", "Action Owner", "Objective rung KPI Baseline Target",
               "Tier Which customers Engagement model Description", "Block Leadership", "Question Answers ranged",
               "Section Score", "Stage Overall score from")


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
def demos(tmp_path_factory):
    """The demo reports as `report ID --out` writes them: the full self-assessment, the workshop, and the demo
    company's answers on the quick path. {name: (pages, raw lines per page, pypdf text per page)}."""
    folder = tmp_path_factory.mktemp("layout")
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(folder / "db"), "INSTANCE_PATH": str(folder)})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    questionnaire = app.extensions["questionnaires"]["cs-maturity"]
    db = store.connect(str(folder / "db"))
    respondent, _ = store.create_self_assessment(
        db, organisation="Northwind Quick (demo)", questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version, respondent_name="Dana Whitfield", role="executive", path="quick")
    quick = questionnaire.for_path("quick").questions
    store.save_answers(db, respondent.id, {q: a for q, a in demo_data.demo_answers(questionnaire).items() if q in quick})
    ids = {a["mode"] + a["path"]: a["id"] for a in store.list_assessments(db)}
    db.close()
    found = {}
    for name, key in (("full", "selffull"), ("workshop", "workshopfull"), ("quick", "selfquick")):
        out = folder / f"{name}.pdf"
        result = runner.invoke(args=["report", str(ids[key]), "--out", str(out)])
        assert result.exit_code == 0, result.output
        pages, raw = _pages(out.read_bytes(), folder)
        found[name] = pages, raw, [page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages]
    return found


@pytest.fixture(scope="module")
def demo(demos):
    """The demo company's full report: its pages and raw lines."""
    return demos["full"][:2]


@pytest.fixture(scope="module", params=["quick", "full", "workshop"])
def each(request, demos):
    return request.param, *demos[request.param]


def test_each_demo_report_keeps_to_its_page_limit(each):
    name, pages, _, _ = each
    assert 8 <= len(pages) <= MAX_PAGES[name], f"{name}: {len(pages)} pages"


def test_no_text_leaves_the_page_or_its_side_margins(each):
    name, pages, raw, _ = each
    for number, (page, lines) in enumerate(zip(pages, raw), start=1):
        top = [ln for ln in lines if ln[1] > page.height * 0.45] if number == 1 else lines  # below the cover band
        for x0, y0, x1, y1, text in top:
            assert x0 >= SIDE - 2 and x1 <= page.width - SIDE + 2, f"{name} page {number}: {text!r} runs into the margin"
            assert y0 >= 0 and y1 <= page.height, f"{name} page {number}: {text!r} is off the page"


def test_no_near_empty_page_except_before_a_chapter(each):
    name, pages, _, _ = each
    for number, page in enumerate(pages[1:-1], start=2):
        if page.used >= 0.2:
            continue
        following = pages[number].lines[0][4] if pages[number].lines else ""
        assert following.startswith(CHAPTERS), f"{name}: page {number} is {page.used:.0%} used"


def test_no_heading_ends_a_page(each):
    """Neither a heading nor a chapter title with only a line under it (the stool's heading above its chart)."""
    name, pages, _, _ = each
    chapters = {title for _, title, _ in reports.OUTLINE} | {
        "Customer-success charter", "Scores by block and section", "Metrics to focus on at this stage",
        "Blind spots to investigate", "Roadmap: what to do next, in order", "Method: how the result is computed",
        "Appendix: every answer"}
    for number, page in enumerate(pages[1:], start=2):
        tail = [ln[4] for ln in page.lines[-3:]]
        assert not _is_heading(tail[-1] if tail else ""), f"{name} page {number} ends on the heading {tail[-1]!r}"
        stranded = [line for line in tail[-2:] if line in chapters]
        assert not stranded, f"{name} page {number} ends on the chapter title {stranded[0]!r} and one line"


def _rows(page: Page) -> list[list[tuple]]:
    """The page's lines grouped into visual rows (a table row's cells sit side by side at one height)."""
    rows: list[list[tuple]] = []
    for line in sorted(page.lines, key=lambda ln: (ln[1], ln[0])):
        if rows and abs(rows[-1][0][1] - line[1]) < 3:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _table_rows_after(rows: list[list[tuple]]) -> int:
    """How many table rows follow a header: visual rows of two cells or more, up to the first plain paragraph."""
    count = 0
    for row in rows:
        if len(row) >= 2:
            count += 1
        elif row[0][0] < SIDE + 2:  # a paragraph starts at the margin; a wrapped cell is inset by its padding
            break
    return count


def test_no_table_leaves_a_single_row_alone_on_a_page(each):
    name, pages, _, _ = each
    for number, page in enumerate(pages[1:], start=2):
        rows = _rows(page)
        texts = [" ".join(cell[4] for cell in row) for row in rows]
        for at, text in enumerate(texts):
            if not text.startswith(TABLE_HEADS):
                continue
            after = _table_rows_after(rows[at + 1:])
            at_foot = all(len(row) >= 2 or row[0][0] >= SIDE + 2 for row in rows[at + 1:])
            if at_foot:
                assert after >= 2, f"{name} page {number} ends on {text!r} with {after} row(s) under it"
            if at == 0 and after == 1 and not at_foot:
                raise AssertionError(f"{name} page {number} starts with the last row of {text!r} alone")


def test_no_internal_id_doubled_punctuation_or_emoji_in_the_text(each):
    name, _, _, texts = each
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": ":memory:"})
    questionnaire = app.extensions["questionnaires"]["cs-maturity"]
    prose = " ".join(q.text + " " + " ".join(lv.label for lv in q.levels) for q in questionnaire.questions.values())
    ids = {questionnaire.id, *questionnaire.questions, *app.extensions["model"].metrics,
           *(s.id for s in questionnaire.sections)}
    # One-word ids are ordinary words ("advocates"); a hyphenated one the questions use as a word is prose too.
    ids = {i for i in ids if ("-" in i or "_" in i) and not re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", prose)}
    for number, text in enumerate(texts, start=1):
        flat = " ".join(text.split())
        found = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", flat)]
        assert not found, f"{name} page {number}: internal ids {found}"
        doubled = re.findall(r"\w[.,;:!?][\"”’)]?[.,;:!?]", flat)
        assert not doubled, f"{name} page {number}: doubled punctuation {doubled}"
        odd = [c for c in flat if 0x2600 <= ord(c) <= 0x27BF or ord(c) >= 0x1F000 or c == "\ufffd"]
        assert not odd, f"{name} page {number}: characters the fonts cannot show {odd}"


def test_the_responsibility_matrix_header_keeps_each_word_whole(each):
    name, _, raw, _ = each
    pages = [{w for ln in lines for w in ln[4].split()} for lines in raw]
    words = next(page for page in pages if {"Department", "Awareness", "Consideration"} <= page)
    for label in LABELS.journey_stages.values():
        assert set(label.replace("&", " ").split()) <= words | {"&"}, f"{name}: {label!r} is broken in the matrix header"


def test_the_summary_says_what_the_roadmap_says_about_the_first_phase(each):
    """In one wording for every case: the stage Now unlocks, the later phase that completes the next stage, or why the
    stage stays (tests/test_statements.py holds the same over every scenario company, which covers each case)."""
    name, _, _, texts = each
    flat = " ".join(" ".join(texts).split())
    stages = [s.name for s in create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": ":memory:"})
              .extensions["questionnaires"]["cs-maturity"].stages]
    expected, summary = first_phase_in_pdf(flat, stages)
    assert expected in summary, f"{name}: the summary does not say {expected!r}"


def test_kpis_are_printed_with_figures_or_named_as_still_to_set(each):
    name, _, _, texts = each
    flat = " ".join(" ".join(texts).split())
    assert "not set not set" not in flat, f"{name}: a KPI row with neither a baseline nor a target"


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


def test_no_list_item_breaks_after_its_first_word(each):
    """WeasyPrint broke "How the customer-success team is organised (62)" after "How" when a hyphenated word came before
    the score's span: a gap read "How" alone on its line. No line of the report is one capitalised word followed by a
    line that carries on its sentence in lower case."""
    name, _, _, texts = each
    for number, text in enumerate(texts, start=1):
        lines = [ln.strip().lstrip("•").strip() for ln in text.splitlines()]
        broken = [(a, b) for a, b in zip(lines, lines[1:])
                  if re.fullmatch(r"[A-Z][a-z]+", a) and re.match(r"(the|a|an|of|to|and)\b", b)]
        assert not broken, f"{name} page {number}: {broken}"
