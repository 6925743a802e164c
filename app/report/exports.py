"""A built charter -> Markdown, an editable Word document, and the roadmap as CSV (pure Python)."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from app.core.charter import normalise
from app.core.company import Company, fit
from app.core.evaluation import Evaluation
from app.core.plan import human_date
from app.core.reference import Model
from app.report import word
from app.report.charter import tables

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\*(?P<em>[^*\s][^*]*?)\*|`(?P<code>[^`]+)`|\[(?P<link>[^\]]+)\]\((?P<url>[^)\s]+)\)")
MONOSPACE = "Courier New"


def section_tables(charter: dict, model: Model) -> dict[str, tuple[str, list[str], list[list[str]]]]:
    """The table shown after a section, by section id: (caption, header, rows) of plain text."""
    shown = tables(charter, model)
    matrix = shown["responsibilities"]
    return {
        "objectives": ("KPIs per objective rung",
                       ["Objective rung", "KPI"] + ["Baseline"] * shown["baselines"] + ["Target"] * shown["targets"],
                       [[k["rung"], k["name"]] + [k["baseline"]] * shown["baselines"] + [k["target"]] * shown["targets"]
                        for k in shown["kpis"]]),
        "segmentation": ("Customer tiers and engagement models",
                         ["Tier", "Which customers", "Engagement model", "Description"],
                         [[t["name"], t["criteria"], t["model"], t["description"]] for t in shown["tiers"]]),
        "responsibilities": ("Who leads, supports or is informed at each journey stage",
                             ["Department", *matrix["stages"]], [[label, *levels] for label, levels in matrix["rows"]]),
    }


UNSET_KPIS = "KPIs whose baseline and target the charter does not state yet: "


def split_kpis(rows: list[list[str]]) -> tuple[list[list[str]], str]:
    """The KPI rows with a figure, and one sentence naming the others ("" when none): a KPI with neither a baseline
    nor a target is named, not printed as a row of empty cells (as in the report)."""
    unset = [row for row in rows if not any(row[2:])]  # the baseline and target columns, when there are any
    named = "; ".join(f"{kpi}, for {rung.lower()}" for rung, kpi, *_ in unset) + "." if unset else ""
    return [row for row in rows if row not in unset], named


# Column widths (mm) of the Word tables: text never split inside a word. The matrix is set on a landscape page.
WORD_WIDTHS = {"objectives": [38, 62, 35, 35], "segmentation": [24, 42, 50, 54],
               "responsibilities": [29, *[28.5] * 8]}


# --- Markdown -----------------------------------------------------------------------------------


def _demote_headings(body: str) -> str:
    """Section titles are level 2 in the file, so a body's # and ## move down two levels (as on screen)."""
    out, fenced = [], False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and re.match(r"^#{1,2}\s", line):
            line = "##" + line
        out.append(line)
    return "\n".join(out)


def _cell(text: str) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(map(_cell, header)) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
    return "\n".join(lines)


def to_markdown(charter: dict, model: Model) -> str:
    """The whole charter as one Markdown document: sections in order, each with its table."""
    extra = section_tables(charter, model)
    parts = [f"# Customer-success charter: {charter['organisation']}"]
    for n, section in enumerate(charter["sections"], 1):
        parts.append(f"## {n}. {section['title']}")
        parts.append(_demote_headings(normalise(section["body"])))
        if section["id"] in extra:
            caption, header, rows = extra[section["id"]]
            unset = ""
            if section["id"] == "objectives":
                rows, unset = split_kpis(rows)
            if rows:
                parts.append(f"*{caption}*")
                parts.append(_markdown_table(header, rows))
            if unset:
                parts.append(f"**{UNSET_KPIS.strip()}** {unset}")
    return "\n\n".join(part for part in parts if part) + "\n"


# --- Word (python-docx) -------------------------------------------------------------------------


def _inline(paragraph, text: str) -> None:
    """Bold, italics, code and links as Word runs; anything else stays as typed."""
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position:match.start()])
        if match["bold"]:
            paragraph.add_run(match["bold"]).bold = True
        elif match["em"]:
            paragraph.add_run(match["em"]).italic = True
        elif match["code"]:
            paragraph.add_run(match["code"]).font.name = MONOSPACE
        elif match["url"].startswith(("http://", "https://", "mailto:")):
            word.add_link(paragraph, match["link"], match["url"])
        else:
            paragraph.add_run(match["link"])
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def _table(document, caption: str, header: list[str], rows: list[list[str]], widths: list[float] | None = None,
           size: float = 9, header_size: float | None = None) -> None:
    if caption:
        document.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text or ""
    if widths:
        word.fixed_widths(table, widths)
        word.tidy_table(table, size=size, header_size=header_size)


def _section_table(document, section_id: str, caption: str, header: list[str], rows: list[list[str]]) -> None:
    """A charter section's table: KPIs with figures (the others named in a line), the matrix on a landscape page."""
    if section_id == "objectives":
        rows, unset = split_kpis(rows)
        if unset:
            paragraph = document.add_paragraph()
            paragraph.add_run(UNSET_KPIS).bold = True
            paragraph.add_run(unset)
        if not rows:
            return
    if section_id == "responsibilities":
        word.landscape_section(document, landscape=True)
        widths = word.fit(WORD_WIDTHS[section_id], document.sections[-1])  # A4 or Letter, turned
        _table(document, caption, header, rows, widths, size=8.5, header_size=7.5)
        word.landscape_section(document, landscape=False)
        return
    _table(document, caption, header, rows, word.fit(WORD_WIDTHS[section_id], document.sections[-1]))


def _pipe_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


class _Blocks:
    """Turns Markdown lines into Word paragraphs, one block (paragraph, list item, quote, table) at a time."""

    def __init__(self, document):
        self.document, self.style, self.text, self.table = document, None, [], []
        self.list_id = None  # the Word numbering of the numbered list being written, if any

    def flush(self) -> None:
        """Write out the block being collected."""
        if self.text:
            paragraph = self.document.add_paragraph(style=self.style)
            if self.style == "List Number":
                word.number(paragraph, self.list_id)
            _inline(paragraph, " ".join(self.text))
        if self.table:
            rows = [_pipe_cells(line) for line in self.table if not _TABLE_RULE.match(line)]
            if rows:
                width = max(len(r) for r in rows)
                padded = [[*r, *[""] * (width - len(r))] for r in rows]
                _table(self.document, "", padded[0], padded[1:])
        self.style, self.text, self.table = None, [], []

    def start(self, style: str | None, text: str) -> None:
        """Begin a new block (a list item or a quote) with its first text."""
        self.flush()
        if style == "List Number" and self.list_id is None:
            self.list_id = word.new_numbered_list(self.document)  # each list counts from 1 again
        elif style != "List Number":
            self.list_id = None
        self.style, self.text = style, [text]

    def line(self, line: str) -> None:
        """Take one Markdown line outside code fences."""
        stripped = line.strip()
        if stripped.startswith("|"):
            if not self.table:
                self.flush()
            self.table.append(stripped)
        elif self.table:
            self.flush()
            self.line(line)
        elif not stripped:
            self.flush()
        elif heading := _HEADING.match(stripped):
            self.flush()
            self.list_id = None
            self.document.add_heading(heading.group(2), level=min(len(heading.group(1)) + 1, 6))
        elif bullet := _BULLET.match(line):
            self.start("List Bullet", bullet.group(1))
        elif numbered := _NUMBERED.match(line):
            self.start("List Number", numbered.group(2))
        elif quote := _QUOTE.match(line):
            if self.style != "Quote":
                self.start("Quote", quote.group(1))
            else:
                self.text.append(quote.group(1))
        else:
            if not self.text:
                self.list_id = None  # a paragraph between two numbered lists: the next one starts at 1
            self.text.append(stripped)  # a paragraph, or the lazy continuation of a list item


def _markdown_into(document, text: str) -> None:
    blocks, fenced = _Blocks(document), False
    for line in normalise(text).split("\n"):
        if _FENCE.match(line):
            blocks.flush()
            fenced = not fenced
        elif fenced:
            document.add_paragraph().add_run(line).font.name = MONOSPACE
        else:
            blocks.line(line)
    blocks.flush()


def _cover_lines(organisation: str, prepared_by: str, approval: dict | None) -> list[tuple[str, str]]:
    lines = [("Prepared for", organisation)]
    if prepared_by:
        lines.append(("Prepared by", prepared_by))
    lines.append(("Date", human_date(date.today())))
    if approval:
        lines.append(("Approved by", f"{approval['by']}, {approval['on']} (version {approval['version']})"))
        if approval.get("changed"):
            lines.append(("Since then", "the charter has changed since this approval"))
    return lines


def to_docx(charter: dict, model: Model, paper: str = "a4", prepared_by: str = "", branding: dict | None = None,
            approval: dict | None = None) -> bytes:
    """The whole charter as an editable Word document: a branded cover (who it is for and by, any approval),
    headings, numbered lists, readable tables, page numbers."""
    from docx import Document

    document = Document()
    organisation = charter["organisation"]
    title = f"Customer-success charter: {organisation}"
    word.set_paper(document, paper)
    word.set_type(document)
    word.set_properties(document, title, organisation, "The customer-success charter")
    brand = branding or {}
    word.add_cover(document, "Customer-success charter", organisation, _cover_lines(organisation, prepared_by, approval),
                   accent=brand.get("accent") if brand.get("accent_for_text") else None, logo=brand.get("logo"))
    word.add_page_numbers(document, title)
    extra = section_tables(charter, model)
    for n, section in enumerate(charter["sections"], 1):
        document.add_heading(f"{n}. {section['title']}", level=1)
        _markdown_into(document, section["body"])
        if section["id"] in extra:
            _section_table(document, section["id"], *extra[section["id"]])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- CSV ----------------------------------------------------------------------------------------

CSV_HEADER = ["Owner", "Phase", "Due date", "Status", "Action", "Measure"]
NOT_STARTED = "Not started"
FURTHER = "Further actions, after the roadmap"


def roadmap_csv(evaluation: Evaluation, today: date | None = None, company: Company | None = None) -> str:
    """Every roadmap action, shown or past the caps, as a tracker row in the company's words (its departments,
    its people); starts with a BOM so Excel reads UTF-8."""
    today = today or date.today()
    company = company or fit(evaluation.profile, evaluation.answers)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    further = []
    for phase in evaluation.roadmap:
        due = (today + timedelta(days=phase.due_days)).isoformat()
        for action in phase.actions:
            writer.writerow([company.owner_label(action.owner), f"{phase.name} ({phase.window})", due, NOT_STARTED,
                             company.rewrite(action.do), company.rewrite(action.measure)])
        further += phase.more
    # The actions past the roadmap's caps come after its phases, as the report's appendix says: no phase window, no
    # due date (they are taken on as the phases before them are done).
    for action in further:
        writer.writerow([company.owner_label(action.owner), FURTHER, "", NOT_STARTED,
                         company.rewrite(action.do), company.rewrite(action.measure)])
    return out.getvalue()
