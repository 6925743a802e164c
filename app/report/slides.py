"""Drawing on a 16:9 PowerPoint slide with python-pptx: titled slides, text, tables, native charts, notes.

`app.report.deck` decides what each slide says; this module only knows how to put it on a slide so
that everything stays editable in PowerPoint, Keynote and LibreOffice (text boxes, tables and real
chart objects, never pictures of charts).
"""
from __future__ import annotations

import io
import math
import re

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from app.report.logo import raster as logo_stream

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
BODY_TOP = Inches(1.5)  # below the title
FONT = "Calibri"  # present in PowerPoint and Keynote, and substituted metrically by LibreOffice (Carlito)
INK, MUTED, LINE, WHITE = RGBColor(0x1F, 0x29, 0x37), RGBColor(0x4B, 0x55, 0x63), RGBColor(0xD1, 0xD5, 0xDB), \
    RGBColor(0xFF, 0xFF, 0xFF)
DEFAULT_ACCENT = "#0f766e"  # the report's own teal, when no consultant's colour is set
SECOND = RGBColor(0xB4, 0x53, 0x09)  # the second series (target, everyone else): amber, apart from any accent
TITLE_ONLY = 5  # the default template's "Title Only" layout: every slide keeps a real title for screen readers
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def colour(hex_colour: str | None) -> RGBColor:
    """A #rrggbb colour; the default accent for anything else."""
    found = _HEX.match(hex_colour or "") or _HEX.match(DEFAULT_ACCENT)
    return RGBColor.from_string(found.group(1).upper())


def as_printed(values: list) -> list:
    """Scores as the report prints them, rounded down: a chart's "0" format would round 45.8 up to the 46 that the
    report, which never rounds past a threshold, calls 45."""
    return [None if v is None else math.floor(v) for v in values]


class Deck:
    """A presentation being built: every slide gets the title, the accent bar, the footer and the logo."""

    def __init__(self, accent: str | None, footer: str, logo: str | None, accent_for_text: bool = True):
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.accent, self.footer, self.logo = colour(accent), footer, logo_stream(logo)
        # A light accent fills shapes and bars but is too pale for text on white: the text is ink then.
        self.accent_text = self.accent if accent_for_text or not accent else INK
        self.on_accent = WHITE if accent_for_text or not accent else INK  # text on an accent-filled shape

    def slide(self, title: str, notes: list[str] | str = (), corner_logo: bool = True):
        """A new slide with its title and speaker notes (and the logo in its corner); returns it for the content."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY])
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.35), WIDTH - 2 * MARGIN - Inches(1.6), \
            Inches(0.95)
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        _style(frame.paragraphs[0], title, 30, bold=True, color=INK)
        frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        self.rectangle(slide, 0, 0, Inches(0.18), HEIGHT, self.accent)
        self.text(slide, self.footer, MARGIN, HEIGHT - Inches(0.5), WIDTH - 2 * MARGIN - Inches(1), Inches(0.3),
                  size=10, color=MUTED)
        self.text(slide, str(len(self.prs.slides)), WIDTH - MARGIN - Inches(0.8), HEIGHT - Inches(0.5),
                  Inches(0.8), Inches(0.3), size=10, color=MUTED, align=PP_ALIGN.RIGHT)
        if self.logo is not None and corner_logo:
            self.picture(slide, MARGIN + WIDTH - 2 * MARGIN - Inches(1.4), Inches(0.4), Inches(1.4), Inches(0.8))
        self.notes(slide, notes)
        return slide

    def picture(self, slide, left, top, width, height):
        """The logo fitted inside the box, keeping its proportions."""
        self.logo.seek(0)
        picture = slide.shapes.add_picture(self.logo, left, top)
        scale = min(width / picture.width, height / picture.height)
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
        picture.left = int(left + width - picture.width)
        picture.top = int(top + (height - picture.height) / 2)
        picture.name = "Logo"
        return picture

    @staticmethod
    def notes(slide, lines: list[str] | str) -> None:
        """The speaker notes: the evidence behind the slide, one paragraph per line."""
        text = lines if isinstance(lines, str) else "\n".join(line for line in lines if line)
        if text:
            slide.notes_slide.notes_text_frame.text = text

    @staticmethod
    def rectangle(slide, left, top, width, height, fill: RGBColor, shape=MSO_SHAPE.RECTANGLE):
        """A filled shape without an outline."""
        box = slide.shapes.add_shape(shape, Emu(int(left)), Emu(int(top)), Emu(int(width)), Emu(int(height)))
        box.fill.solid()
        box.fill.fore_color.rgb = fill
        box.line.fill.background()
        box.shadow.inherit = False
        return box

    @staticmethod
    def text(slide, text: str, left, top, width, height, size: int = 18, bold: bool = False,
             color: RGBColor = INK, align=PP_ALIGN.LEFT):
        """A text box of one paragraph."""
        box = slide.shapes.add_textbox(Emu(int(left)), Emu(int(top)), Emu(int(width)), Emu(int(height)))
        frame = box.text_frame
        frame.word_wrap = True
        _style(frame.paragraphs[0], text, size, bold=bold, color=color)
        frame.paragraphs[0].alignment = align
        return box

    @staticmethod
    def bullets(slide, items: list, left=MARGIN, top=BODY_TOP, width=None, height=None, size: int = 20,
                marker: str = "• ", lead: bool = False):
        """A text box with one paragraph per item; an item (text, detail) puts the detail after it in grey, or
        (lead=True) the text in bold as the lead-in of the detail at the same size."""
        width = width or WIDTH - 2 * MARGIN
        height = height or HEIGHT - top - Inches(0.8)
        box = slide.shapes.add_textbox(Emu(int(left)), Emu(int(top)), Emu(int(width)), Emu(int(height)))
        frame = box.text_frame
        frame.word_wrap = True
        for n, item in enumerate(items):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            text, detail = item if isinstance(item, tuple) else (item, "")
            _style(paragraph, f"{marker}{text}", size, bold=lead, color=INK)
            if detail:
                run = paragraph.add_run()
                run.text = f": {detail}" if lead else f"  {detail}"
                _font(run.font, size if lead else size - 4, color=INK if lead else MUTED)
            paragraph.space_after = Pt(10)
        return box

    @staticmethod
    def table(slide, header: list[str], rows: list[list[str]], left, top, width, widths: list[float],
              size: int = 14):
        """A native table; widths are fractions of the table's width."""
        shape = slide.shapes.add_table(len(rows) + 1, len(header), Emu(int(left)), Emu(int(top)), Emu(int(width)),
                                       Inches(0.4) * (len(rows) + 1))
        table = shape.table
        for n, share in enumerate(widths):
            table.columns[n].width = Emu(int(width * share))
        for r, row in enumerate([header, *rows]):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text_frame.word_wrap = True
                _style(cell.text_frame.paragraphs[0], str(value), size, bold=r == 0, color=INK)
        return table

    def bar_chart(self, slide, categories: list[str], series: dict[str, list], left, top, width, height,
                  maximum: float = 100, chart_type=XL_CHART_TYPE.BAR_CLUSTERED):
        """A native clustered bar chart (0 to maximum), the first series in the accent colour, labels on the bars."""
        data = CategoryChartData(number_format="0")
        data.categories = categories
        for name, values in series.items():
            data.add_series(name, as_printed(values))
        chart = slide.shapes.add_chart(chart_type, Emu(int(left)), Emu(int(top)), Emu(int(width)), Emu(int(height)),
                                       data).chart
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale = 0, maximum
        axis.has_major_gridlines = False
        axis.tick_labels.font.size = Pt(12)
        chart.category_axis.tick_labels.font.size = Pt(14)
        if chart_type == XL_CHART_TYPE.BAR_CLUSTERED:
            chart.category_axis.reverse_order = True  # the first category on top, as it is read
        plot = chart.plots[0]
        plot.gap_width = 60
        plot.has_data_labels = True
        plot.data_labels.number_format, plot.data_labels.number_format_is_linked = "0", False
        plot.data_labels.font.size = Pt(12)
        for n, s in enumerate(plot.series):
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = self.accent if n == 0 else SECOND
        self._legend(chart, len(series) > 1)
        chart.has_title = False  # the slide's title says what the chart shows
        return chart

    def radar(self, slide, categories: list[str], series: dict[str, list], left, top, width, height):
        """A native radar chart on a 0-100 scale, one line per series."""
        data = CategoryChartData(number_format="0")
        data.categories = categories
        for name, values in series.items():
            data.add_series(name, as_printed(values))
        chart = slide.shapes.add_chart(XL_CHART_TYPE.RADAR_MARKERS, Emu(int(left)), Emu(int(top)), Emu(int(width)),
                                       Emu(int(height)), data).chart
        chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 100
        chart.value_axis.major_unit = 25
        chart.value_axis.tick_labels.font.size = Pt(10)
        chart.category_axis.tick_labels.font.size = Pt(13)
        for n, s in enumerate(chart.plots[0].series):
            s.format.line.color.rgb = self.accent if n == 0 else SECOND
            s.format.line.width = Pt(2.5)
            s.smooth = False
        self._legend(chart, len(series) > 1)
        chart.has_title = False
        return chart

    @staticmethod
    def _legend(chart, shown: bool) -> None:
        chart.has_legend = shown
        if shown:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
            chart.legend.font.size = Pt(13)

    def save(self) -> bytes:
        """The .pptx file's bytes."""
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def _style(paragraph, text: str, size: int, bold: bool = False, color: RGBColor = INK) -> None:
    paragraph.text = text
    for run in paragraph.runs:
        _font(run.font, size, bold, color)


def _font(font, size: int, bold: bool = False, color: RGBColor = INK) -> None:
    font.name, font.size, font.bold = FONT, Pt(size), bold
    font.color.rgb = color
