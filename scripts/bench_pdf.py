"""Benchmark: the demo assessment's full PDF against a bare WeasyPrint floor, in the same run.

Usage: .venv/bin/python scripts/bench_pdf.py [--runs 7]

Prints the median CPU time and page count of the report, next to a bare WeasyPrint render of a
plain document with the same number of pages (default stylesheet, no fonts to load, no charts, no
tags), taken in turn. The report is rendered as the app's render child renders it (the cycle
collector off: the child exits after one render); the floor is WeasyPrint as it comes. Also prints
the wall time of a render as the app serves it (HTML, fork, render, reply), and the cost of the
report stripped of everything that could go (charts, bold and muted runs, list markers, PDF tags):
what its headings, paragraphs, tables and lists cost alone. Goal: the report costs at most 2x the floor.
"""
from __future__ import annotations

import argparse
import gc
import io
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402

from app import create_app, store  # noqa: E402
from app.core import demo  # noqa: E402
from app.report import context as reports  # noqa: E402
from app.report import pdf  # noqa: E402

PARAGRAPH = "<p>" + "The quick brown fox jumps over the lazy dog. " * 12 + "</p>"


def pages(document: bytes) -> int:
    return len(PdfReader(io.BytesIO(document)).pages)


def timed(render, runs: int) -> tuple[float, bytes]:
    """Median wall seconds over `runs` renders, and the last document."""
    times, document = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        document = render()
        times.append(time.perf_counter() - start)
    return statistics.median(times), document


def cpu_seconds(render, collector: bool = True) -> tuple[float, bytes]:
    """CPU seconds of one render, after a full collection so that it does not pay for earlier garbage.

    collector=False renders as the app's render child does: the cycle collector stays off until the
    process ends, so the render's garbage is never scanned (here it is, after the clock stops).
    """
    gc.collect()
    if not collector:
        gc.disable()
    start = time.process_time()
    document = render()
    elapsed = time.process_time() - start
    gc.enable()
    return elapsed, document


def interleaved(report, floor, runs: int) -> tuple[list[float], list[float], bytes, bytes]:
    """CPU seconds of the report (rendered as the app's child does) and of the bare floor, taken in turn."""
    a, b, doc_a, doc_b = [], [], b"", b""
    for _ in range(runs):
        seconds, doc_a = cpu_seconds(report, collector=False)
        a.append(seconds)
        seconds, doc_b = cpu_seconds(floor)
        b.append(seconds)
    return a, b, doc_a, doc_b


def text_chars(document: bytes) -> int:
    """How many characters of text a PDF holds."""
    return sum(len(page.extract_text() or "") for page in PdfReader(io.BytesIO(document)).pages)


def line_boxes(document) -> int:
    """How many lines of text WeasyPrint laid out in a rendered document (its cost grows with lines and boxes)."""
    from weasyprint.formatting_structure.boxes import LineBox

    def walk(box):
        yield box
        for child in getattr(box, "children", None) or ():
            yield from walk(child)

    return sum(isinstance(box, LineBox) for page in document.pages for box in walk(page._page_box))


def stripped(html: str) -> str:
    """The report's HTML without its charts and its inline runs (bold labels, muted owners)."""
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    return re.sub(r"</?(?:strong|span)\b[^>]*>", "", html)


def stripped_to_pdf(html: str) -> bytes:
    """The stripped report, also without list markers and PDF tags: what its blocks, tables and lists cost alone."""
    from weasyprint import CSS, HTML

    fonts, css = pdf.assets()
    no_markers = CSS(string="li { list-style: none }")
    return HTML(string=stripped(html), base_url=str(pdf.REPORTS_DIR) + "/", url_fetcher=pdf._fetcher()).write_pdf(
        stylesheets=[css, pdf._paper("a4"), no_markers], font_config=fonts)


def plain_html(paragraphs: int) -> str:
    return "<html><body>" + PARAGRAPH * paragraphs + "</body></html>"


def plain_with_pages(target: int) -> str:
    """A plain document of exactly `target` pages (found by bisection on the paragraph count)."""
    from weasyprint import HTML

    low, high = 1, 40 * target
    while low < high:
        middle = (low + high) // 2
        if len(HTML(string=plain_html(middle)).render().pages) < target:
            low = middle + 1
        else:
            high = middle
    return plain_html(low)


def demo_context(folder: Path) -> dict:
    app = create_app({"SECRET_KEY": "bench", "DATABASE": str(folder / "bench.db"), "INSTANCE_PATH": str(folder)})
    questionnaire = app.extensions["questionnaires"]["cs-maturity"]
    with app.app_context():
        from app import access
        from app.db import get_db

        db = get_db()
        respondent, _ = store.create_self_assessment(
            db, organisation=demo.DEMO_ORGANISATION, questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version, respondent_name="Bench", role="executive")
        store.save_answers(db, respondent.id, demo.demo_answers(questionnaire))
        return access.context_of(store.load_assessment(db, respondent.assessment_id)).full_report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    from weasyprint import HTML

    with tempfile.TemporaryDirectory() as folder:
        context = demo_context(Path(folder))
    html = reports.render_html(context)
    pdf.html_to_pdf(html)  # warm caches (fonts, imports) before timing either side
    page_count = pages(pdf.html_to_pdf(html))
    floor_html = plain_with_pages(page_count)
    HTML(string=floor_html).write_pdf()
    report_cpu, floor_cpu, report, floor = interleaved(
        lambda: pdf.html_to_pdf(html), lambda: HTML(string=floor_html).write_pdf(), runs)
    served_time, _ = timed(lambda: pdf.render(reports.render_html(context), "a4", timeout=120), runs)
    report_median, floor_median = statistics.median(report_cpu), statistics.median(floor_cpu)
    # Each report render is paired with the floor render taken right after it, so a burst of load
    # on the machine inflates both sides of a pair; the median of the pairs' ratios shrugs it off.
    ratios = sorted(r / f for r, f in zip(report_cpu, floor_cpu))
    print(f"runs per figure:             {runs} (report and floor taken in turn; CPU seconds)")
    print(f"report (as the render child): {report_median:5.2f} s median, {pages(report)} pages")
    print(f"bare WeasyPrint floor:       {floor_median:6.2f} s median, {pages(floor)} pages")
    print(f"report as served (wall):     {served_time:6.2f} s median, in a child process, HTML included")
    ratio = statistics.median(ratios)
    print(f"report / floor, per pair:    {ratio:6.2f}x median ({ratios[0]:.2f}x to {ratios[-1]:.2f}x)"
          f"  (goal: at most 2x) -> {'met' if ratio <= 2 else 'NOT met'}")
    # The same-page floor flatters a sparse report and penalises a dense one; the same text is the
    # fairer floor since the report was condensed (34 -> 20 pages), so print it too.
    text_floor = plain_html(max(1, round(text_chars(report) / len(PARAGRAPH))))
    report_cpu, text_cpu, _, _ = interleaved(
        lambda: pdf.html_to_pdf(html), lambda: HTML(string=text_floor).write_pdf(), runs)
    text_ratios = sorted(r / f for r, f in zip(report_cpu, text_cpu))
    print(f"same-text floor:             {statistics.median(text_cpu):6.2f} s median, {text_chars(report)} characters")
    print(f"report / same-text floor:    {statistics.median(text_ratios):6.2f}x median")
    # Small type puts more lines on a page than the floor's default 12pt, and WeasyPrint's cost follows lines:
    # the cost of a line of text, report against floor, says what the structure (tables, lists, inline runs) costs.
    fonts, css = pdf.assets()
    report_lines = line_boxes(HTML(string=html, base_url=str(pdf.REPORTS_DIR) + "/", url_fetcher=pdf._fetcher())
                              .render(stylesheets=[css, pdf._paper("a4")], font_config=fonts))
    floor_lines = line_boxes(HTML(string=floor_html).render())
    per_line = (report_median / report_lines) / (floor_median / floor_lines)
    print(f"lines of text laid out:      {report_lines} in the report, {floor_lines} in the same-page floor")
    print(f"report / floor, per line:    {per_line:6.2f}x")
    # What is left without the parts that can go: is the 2x goal within reach of this report's structure?
    lean_cpu, lean_floor_cpu, lean, _ = interleaved(
        lambda: stripped_to_pdf(html), lambda: HTML(string=floor_html).write_pdf(), runs)
    lean_ratio = statistics.median(sorted(r / f for r, f in zip(lean_cpu, lean_floor_cpu)))
    print(f"stripped report:             {statistics.median(lean_cpu):6.2f} s median, {pages(lean)} pages, no charts,"
          " bold or muted runs, list markers or tags")
    print(f"stripped / floor, per pair:  {lean_ratio:6.2f}x median (its headings, paragraphs, tables and lists alone)")


if __name__ == "__main__":
    main()
