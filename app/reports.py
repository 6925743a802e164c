"""One report, two media: a context of primitives -> HTML (Jinja on reports/) -> PDF (WeasyPrint)."""
from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import charts
from .questionnaire import NOT_APPLICABLE, UNKNOWN, Questionnaire
from .scoring import Result

REPORTS_DIR = Path(__file__).resolve().parent.parent / "reports"
# One render at a time per worker process: concurrent requests wait instead of piling up.
_RENDER_SLOTS = threading.BoundedSemaphore(1)


class RenderTimeout(RuntimeError):
    """The PDF could not be rendered within the allowed time."""


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(REPORTS_DIR)), autoescape=select_autoescape(default=True))


def _answer_text(question, answer: dict | None) -> str:
    value = (answer or {}).get("value")
    if value is None:
        return "Not answered"
    if value == UNKNOWN:
        return "Don't know"
    if value == NOT_APPLICABLE:
        return "Not applicable"
    level = next(lv for lv in question.levels if lv.value == value)
    return f"{level.value} · {level.name}: {level.label}"


def build_context(questionnaire: Questionnaire, respondent, result: Result, answers: dict[str, dict]) -> dict:
    """Everything the report shows, as plain values (no database rows, no Flask objects)."""
    section_rows = [(s.title, result.sections[s.id]) for s in questionnaire.sections]
    stage = result.stage
    return {
        "organisation": respondent.organisation,
        "respondent": {"name": respondent.name, "role": respondent.role},
        "date": date.today().isoformat(),
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version, "title": questionnaire.title},
        "stage": {"number": stage.number, "name": stage.name} if stage else None,
        "stage_count": len(questionnaire.stages),
        "overall": result.overall,
        "answered": result.answered,
        "total": result.total,
        "sections": [
            {"id": s.id, "title": s.title, "score": result.sections[s.id]} for s in questionnaire.sections
        ],
        "charts": {
            "ladder": charts.stage_ladder(
                [(s.number, s.name) for s in questionnaire.stages], stage.number if stage else None
            ),
            "sections": charts.bar_chart(section_rows, "Score per section, 0 to 100"),
        },
        "answers": [
            {
                "section": s.title,
                "questions": [
                    {"id": q.id, "text": q.text, "answer": _answer_text(q, answers.get(q.id)),
                     "note": (answers.get(q.id) or {}).get("note")}
                    for q in s.questions
                ],
            }
            for s in questionnaire.sections
        ],
    }


def render_body(context: dict) -> str:
    """The report body shared by the results page and the PDF."""
    return _env().get_template("body.html").render(report=context)


def render_html(context: dict) -> str:
    """The standalone print document that WeasyPrint turns into a PDF."""
    return _env().get_template("report.html").render(report=context, body=render_body(context))


def _inside_reports(url: str) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return None
    path = Path(unquote(parsed.path)).resolve()
    return path if path.is_relative_to(REPORTS_DIR) and path.is_file() else None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportAssetsFetcher(URLFetcher):
        """Serves only the project's own report assets and data: URIs; no other file, no network."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _inside_reports(url)
            if path is None:
                raise ValueError(f"blocked resource outside the report assets: {url[:80]}")
            return URLFetcherResponse(path.as_uri(), path.read_bytes())

    return ReportAssetsFetcher(allowed_protocols=("data", "file"), timeout=1)


def html_to_pdf(html: str) -> bytes:
    """Render HTML to PDF with the locked-down fetcher; relative URLs resolve inside reports/."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(REPORTS_DIR) + "/", url_fetcher=_fetcher()).write_pdf()


def render_pdf(context: dict, timeout: float = 60) -> bytes:
    """The report as PDF bytes; RenderTimeout when no render slot frees up within the timeout."""
    if not _RENDER_SLOTS.acquire(timeout=timeout):
        raise RenderTimeout("the PDF renderer is busy")
    try:
        return html_to_pdf(render_html(context))
    finally:
        _RENDER_SLOTS.release()


def filename(organisation: str) -> str:
    """A safe download name such as cs-maturity-northwind-analytics.pdf."""
    slug = re.sub(r"[^a-z0-9]+", "-", organisation.lower()).strip("-")[:60] or "report"
    return f"cs-maturity-{slug}.pdf"
