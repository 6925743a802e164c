"""Word page furniture for the exports: paper, document properties, a cover, page numbers, links, numbering."""
from __future__ import annotations

from datetime import UTC, datetime

from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# Paper as the PDF report names it (app.report.pdf.PAPER_SIZES); anything else is A4.
PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Mm(215.9), Mm(279.4))}
LINK_COLOUR = "1D4ED8"


def set_type(document, size: float = 10.5) -> None:
    """One sans-serif body type, as the PDF report reads (Word's template would mix in a serif)."""
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Calibri")


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


def add_cover(document, kicker: str, title: str, lines: list[tuple[str, str]], accent: str | None = None,
              logo: str | None = None) -> None:
    """A cover page: the consultant's logo, what the document is (in their colour), whose it is, who prepared it
    and when; then a page break."""
    for _ in range(4):
        document.add_paragraph()
    add_logo(document, logo)
    run = document.add_paragraph().add_run(kicker.upper())
    run.font.size, run.bold = Pt(10), True
    if accent:
        run.font.color.rgb = RGBColor.from_string(accent.lstrip("#").upper())
    document.add_heading(title, level=0)
    for label, value in lines:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)




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


# --- tables and the cover's branding (issue 23: readable tables, the consultant's logo and colour) --------------

def fit(widths_mm: list[float], section) -> list[float]:
    """Column widths scaled down, when needed, to the section's text width (Letter is shorter than A4)."""
    available = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    scale = min(1.0, available / sum(widths_mm))
    return [round(width * scale, 1) for width in widths_mm]


def fixed_widths(table, widths_mm: list[float], cell_margin_mm: float = 1) -> None:
    """Fixed column widths in the grid and on every cell (Word reads one, LibreOffice the other), with narrow
    cell margins, so a word is never split across lines."""
    table.autofit = False
    props = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(cell_margin_mm * 56.7)))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    props.append(margins)
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def tidy_table(table, size: float = 9, header_size: float | None = None, shade: str = "F3F4F6") -> None:
    """Small type, a shaded header row repeated on every page and kept with the first row, rows never split."""
    for n, row in enumerate(table.rows):
        props = row._tr.get_or_add_trPr()
        props.append(OxmlElement("w:cantSplit"))
        if n == 0:
            props.append(OxmlElement("w:tblHeader"))
        for cell in row.cells:
            if n == 0:
                fill = OxmlElement("w:shd")
                fill.set(qn("w:val"), "clear")
                fill.set(qn("w:fill"), shade)
                cell._tc.get_or_add_tcPr().append(fill)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.paragraph_format.keep_with_next = n == 0
                for run in paragraph.runs:
                    run.font.size = Pt(header_size if n == 0 and header_size else size)


def landscape_section(document, landscape: bool) -> None:
    """Start a new section on a new page, turned to landscape (for a wide table) or back to portrait."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    previous = document.sections[-1]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = sorted((previous.page_width, previous.page_height), reverse=landscape)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height


def add_logo(document, data_uri: str | None, height_mm: float = 18) -> bool:
    """The consultant's logo on the cover when it is a raster image Word can show (PNG, JPEG, GIF)."""
    from app.report.logo import raster

    stream = raster(data_uri)
    if stream is None:
        return False
    document.add_picture(stream, height=Mm(height_mm))
    return True
