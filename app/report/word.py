"""Word page furniture for the exports: paper, document properties, a cover, page numbers, links, numbering."""
from __future__ import annotations

from datetime import UTC, date, datetime

from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# Paper as the PDF report names it (app.report.pdf.PAPER_SIZES); anything else is A4.
PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Mm(215.9), Mm(279.4))}
LINK_COLOUR = "1D4ED8"


def set_paper(document, paper: str = "a4") -> None:
    """A4 or US Letter on every section, with the report's margins."""
    width, height = PAPER.get(paper, PAPER["a4"])
    for section in document.sections:
        section.page_width, section.page_height = width, height
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(22)


def set_properties(document, title: str, organisation: str, subject: str) -> None:
    """Title, author and dates as the organisation's own document, not python-docx's template."""
    props = document.core_properties
    props.title, props.subject = title, subject
    props.author = props.last_modified_by = organisation
    props.comments = "Prepared with CS Maturity."
    props.keywords = "customer success; charter"
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)
    props.revision = 1


def add_cover(document, kicker: str, title: str, lines: list[tuple[str, str]]) -> None:
    """A cover page: what the document is, whose it is, who prepared it and when; then a page break."""
    for _ in range(6):
        document.add_paragraph()
    document.add_paragraph().add_run(kicker.upper()).font.size = Pt(10)
    document.add_heading(title, level=0)
    for label, value in lines:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def human_date(day: date) -> str:
    """23 November 2026."""
    return f"{day.day} {day:%B %Y}"


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == instruction else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} " if text == instruction else text
        run._r.append(element)


def add_page_numbers(document, left: str) -> None:
    """A footer on every page but the cover: the document's name left, "Page N of M" right."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.text = f"{left}\t\tPage "
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(8)


def add_link(paragraph, text: str, url: str) -> None:
    """A clickable hyperlink run (blue, underlined) to an external address."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag, value in (("w:color", LINK_COLOUR), ("w:u", "single")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        props.append(element)
    run.append(props)
    label = OxmlElement("w:t")
    label.set(qn("xml:space"), "preserve")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)


def new_numbered_list(document) -> int:
    """A fresh numbering instance of Word's "List Number" style, so each list starts again at 1."""
    numbering = document.part.numbering_part.element
    style = document.styles["List Number"]
    num_id = style.element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    return num.numId


def number(paragraph, num_id: int) -> None:
    """Put a "List Number" paragraph in the given list."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id
