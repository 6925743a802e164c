"""The team's raw, anonymised answer distributions as CSV, for the facilitator's own analysis."""
from __future__ import annotations

import csv
import io

from app import access
from app.access import facilitator_required
from app.core.questionnaire import BLOCKS
from app.report.context import filename
from app.web import downloads
from app.web.workshops.views import bp

LEVEL_COLUMNS = ("0", "1", "2", "3", "4")


def _rows(view: dict) -> list[list]:
    """One row per question for the whole room and one per group, only where the anonymity rules allow it
    (the same figures as the dashboard: at least the floor, and never a small difference from earlier ones)."""
    labels = {g["id"]: g["label"] for g in view["groups"]}
    hidden = f"Fewer than {view['floor']} people answered: not shown, so no one's answer can be read."
    rows = []
    for q in view["questions"]:
        head = [BLOCKS.get(q["block"], q["block"]), q["text"]]
        if not q["total"]:
            rows.append([*head, "Everyone", "", *([""] * 7), q["withheld"] or hidden])
            continue
        shown = [("Everyone", q["total"])] + [(labels[g], d) for g, d in (q["by_group"] or {}).items()]
        for label, d in shown:
            counts = d["counts"]
            held = (f"{d['held_back']} newer answer(s) not in these counts yet: new and changed answers join them "
                    f"at least {view['floor']} people at a time, so no one's answer can be read from the change."
                    if d.get("held_back") else "")
            rows.append([*head, label, d["n"], *(counts.get(k, "") for k in LEVEL_COLUMNS), counts["unknown"],
                         counts["na"], held])
    return rows


def distributions_csv(view: dict) -> str:
    """The CSV text (UTF-8 with a BOM, so Excel opens it cleanly)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Block", "Question", "Group", "People who answered", *(f"Level {k}" for k in LEVEL_COLUMNS),
                     "Don't know", "Not applicable", "Note"])
    writer.writerows(_rows(view))
    return "\ufeff" + out.getvalue()


@bp.get("/workshops/<int:assessment_id>/distributions.csv")
@facilitator_required
def distributions(assessment_id: int):
    """Counts per level for every question, by group above the anonymity floor."""
    grant = access.by_workshop(assessment_id, "run_workshop")  # raw distributions: no stage needed
    context = grant.context
    name = filename(grant.assessment.organisation, "csv").replace("cs-maturity-", "cs-maturity-distributions-")
    return downloads.generated(context, "distributions", lambda: distributions_csv(context.team).encode(),
                               mimetype="text/csv; charset=utf-8", filename=name)
