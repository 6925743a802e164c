"""What the charter editor's live preview shows: the rendered text, the section's table and the matrix's warnings."""
from __future__ import annotations

from app.core.charter import DEPARTMENTS, JOURNEY_STAGES, LEVELS, RUNGS, TABLE_OF, normalise
from app.report.markdown import MAX_MARKDOWN_CHARS, render
from app.web.charter.forms import CELL_SEPARATOR, KPI_MAX, TIER_MAX


def lead_warnings(matrix: dict, departments: dict[str, str] | None = None) -> list[str]:
    """One sentence per journey stage that nobody leads, or that two or more departments lead (a warning, not a block)."""
    warnings, labels = [], departments or DEPARTMENTS
    for stage, stage_label in JOURNEY_STAGES.items():
        leads = [labels.get(d, DEPARTMENTS.get(d, d)) for d in DEPARTMENTS if (matrix.get(d) or {}).get(stage) == "leads"]
        if not leads:
            warnings.append(f"Nobody leads {stage_label.lower()}: choose the one department that answers for it.")
        elif len(leads) > 1:
            names = ", ".join(leads[:-1]) + " and " + leads[-1]
            warnings.append(f"{names} all lead {stage_label.lower()}: with more than one lead, "
                            f"nobody is clearly accountable. Keep one and make the others support.")
    return warnings


def posted_matrix(form, departments: dict[str, str] | None = None) -> dict:
    """The responsibility matrix as typed on the page (the company's rows); values that are not offered are left blank."""
    return {d: {s: _offered(form.get(f"{d}{CELL_SEPARATOR}{s}"), LEVELS) for s in JOURNEY_STAGES}
            for d in (departments or DEPARTMENTS)}


def _offered(value, allowed) -> str:
    return value if value in allowed else ""


def _posted_rows(form, table: str, keys: tuple[str, ...], limit: int) -> list[dict]:
    rows = []
    for n in range(limit):
        row = {key: normalise(form.get(f"{table}-{n}-{key}") or "")[:1000] for key in keys}
        if any(row.values()):
            rows.append(row)
    return rows


def from_form(section_id: str, form, metrics: dict, departments: dict[str, str] | None = None) -> dict:
    """The preview of a section from the text and table as they stand in the editor, saved or not."""
    body = normalise(form.get("body") or "")[:MAX_MARKDOWN_CHARS + 1]
    table = TABLE_OF.get(section_id)
    rows: object = None
    if table == "responsibilities":
        rows = posted_matrix(form, departments)
    elif table == "kpis":
        rows = _posted_rows(form, "kpis", ("metric_id", "rung", "baseline", "target"), KPI_MAX)
    elif table == "tiers":
        rows = _posted_rows(form, "tiers", ("name", "criteria", "engagement_model", "description"), TIER_MAX)
    return context(section_id, body, rows, metrics, departments)


def context(section_id: str, body: str, rows, metrics: dict, departments: dict[str, str] | None = None) -> dict:
    """The preview template's values: sanitised HTML, the table in words, and any warnings."""
    table = TABLE_OF.get(section_id)
    matrix = rows if table == "responsibilities" else None
    return {
        "html": render(body), "table": table, "matrix": matrix,
        "warnings": lead_warnings(matrix, departments) if matrix is not None else [],
        "kpis": [dict(row, metric=metrics.get(row.get("metric_id")), rung_label=RUNGS.get(row.get("rung"), ""))
                 for row in rows] if table == "kpis" else [],
        "tiers": rows if table == "tiers" else [],
        "departments": departments or DEPARTMENTS, "stages": JOURNEY_STAGES, "levels": LEVELS,
    }
