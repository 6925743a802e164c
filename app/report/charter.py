"""The charter as the report and the exports show it: display labels and sanitised HTML."""
from __future__ import annotations

from app.core.charter import DEPARTMENTS, JOURNEY_STAGES, LEVELS, RUNGS, build
from app.core.evaluation import Evaluation
from app.core.reference import Model
from app.report.markdown import render


def tables(charter: dict, model: Model) -> dict:
    """The KPI, responsibility and tier tables with display labels, for pages, exports and the report: the
    departments the company has under the names it uses, its rungs' names, and only the figures that are set."""
    rungs = charter.get("rungs") or RUNGS
    kpis = []
    for kpi in charter["kpis"]:
        metric = model.metrics.get(kpi["metric_id"])
        kpis.append({"name": metric.name if metric else kpi["metric_id"], "rung": rungs.get(kpi["rung"], kpi["rung"]),
                     "baseline": kpi["baseline"], "target": kpi["target"],
                     "definition": metric.definition if metric else ""})
    matrix = charter["responsibilities"]
    names = charter.get("departments") or {d: label for d, label in DEPARTMENTS.items() if d in matrix}
    rows = [[names[dept], [LEVELS.get(matrix.get(dept, {}).get(stage, ""), "") for stage in JOURNEY_STAGES]]
            for dept in DEPARTMENTS if dept in names]
    tiers = [{"name": t["name"], "criteria": t["criteria"], "model": t["engagement_model"],
              "description": t["description"]} for t in charter["tiers"]]
    return {"kpis": kpis, "tiers": tiers,
            "baselines": any(k["baseline"] for k in kpis), "targets": any(k["target"] for k in kpis),
            "responsibilities": {"departments": [label for label, _ in rows], "stages": list(JOURNEY_STAGES.values()),
                                 "rows": rows}}


def report_context(evaluation: Evaluation, model: Model, organisation_name: str, saved: dict | None = None) -> dict:
    """The charter for the report as plain values: sanitised HTML per section plus its three tables."""
    charter = build(evaluation, model, organisation_name, saved)
    return {"sections": [{"id": s["id"], "title": s["title"], "html": render(s["body"])} for s in charter["sections"]],
            **tables(charter, model)}


def version_context(content: dict, model: Model) -> dict:
    """A stored charter version (each section's Markdown and the three tables) as the report prints a charter."""
    return {"sections": [{"id": s["id"], "title": s["title"], "html": render(s["body"])} for s in content["sections"]],
            **tables(content, model)}


def render_document(report: dict) -> str:
    """The charter on its own as a print document (cover with version and approval, then the charter)."""
    from app.report.context import environment

    return environment().get_template("charter_document.html").render(report=report)
