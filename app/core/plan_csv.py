"""The plan as a spreadsheet: export to CSV, and read an edited CSV back, refusing junk with named problems (pure Python).

Rows are numbered as a spreadsheet shows them (the header is row 1). A row with an action id changes
that action of this plan; a row without one adds a custom action. Cells a spreadsheet would run as a
formula (starting with =, +, - or @) are written with a leading apostrophe, which reading removes.
"""
from __future__ import annotations

import csv
import io

from app.core.labels import LABELS
from app.core.plan import STATUSES, PlanAction, check, parse_due, status_of

COLUMNS = ("Action id", "Action", "Question", "Leg", "Owner", "Owner email", "Due", "Status", "Reason", "Note", "Evidence")
REQUIRED = ("Action", "Status")
MAX_ROWS = 500
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _unsafe(text: str) -> str:
    text = (text or "").strip()
    return text[1:] if text.startswith("'") and text[1:2] in _FORMULA else text


def to_csv(actions: list[PlanAction]) -> str:
    """Every action of the plan as a row; starts with a BOM so spreadsheet programs read it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for a in actions:
        writer.writerow([_safe(v) for v in (
            a.id, a.title, a.question_id or "", LABELS.legs.get(a.leg, "") if a.leg else "",
            a.owner.name if a.owner else "", (a.owner.email or "") if a.owner else "", a.due or "",
            STATUSES.get(a.status, a.status), a.reason or "", a.note or "", a.evidence or "")])
    return out.getvalue()


def _leg_of(text: str) -> tuple[str | None, bool]:
    wanted = text.strip().lower()
    if not wanted:
        return None, True
    for leg, title in LABELS.legs.items():
        if wanted in (leg, title.lower(), leg.replace("_", " ")):
            return leg, True
    return None, False


def _header(rows: list[list[str]]) -> tuple[list[str] | None, list[str]]:
    if not rows:
        return None, ["the file is empty: expected a header row (" + ", ".join(COLUMNS) + ")"]
    header = [_unsafe(cell) for cell in rows[0]]
    problems = [f"row 1: unknown column '{cell[:40]}' (expected: {', '.join(COLUMNS)})" for cell in header
                if cell and cell not in COLUMNS]
    problems += [f"row 1: the column '{name}' is missing" for name in REQUIRED if name not in header]
    problems += [f"row 1: the column '{name}' appears twice" for name in COLUMNS if header.count(name) > 1]
    return header, problems


def _row(number: int, cells: dict, known_ids: set[int], question_ids, seen: set[int]) -> tuple[dict | None, list[str]]:
    """One data row as changes (or a new action), or the problems that refuse it."""
    where, problems = f"row {number}", []
    raw_id = cells.get("Action id", "")
    action_id = None
    if raw_id:
        if not raw_id.isdigit() or int(raw_id) not in known_ids:
            problems.append(f"{where}, Action id: '{raw_id[:20]}' is not an action of this plan (leave it empty to add one)")
        elif int(raw_id) in seen:
            problems.append(f"{where}, Action id: action {raw_id} appears twice")
        else:
            action_id = int(raw_id)
            seen.add(action_id)
    status = status_of(cells.get("Status"))
    if status is None:
        problems.append(f"{where}, Status: '{cells.get('Status', '')[:40]}' is not a status "
                        f"(expected one of: {', '.join(STATUSES.values())})")
    leg, leg_ok = _leg_of(cells.get("Leg", ""))
    if not leg_ok:
        problems.append(f"{where}, Leg: '{cells['Leg'][:40]}' is not a leg (expected {', '.join(LABELS.legs.values())} or empty)")
    question = cells.get("Question", "") or None
    if question and question not in question_ids and not raw_id:
        problems.append(f"{where}, Question: unknown question id '{question[:80]}'")
    values = {"title": cells.get("Action", ""), "owner_name": cells.get("Owner", ""), "owner_email": cells.get("Owner email", ""),
              "due": cells.get("Due", ""), "status": status or "not_started", "reason": cells.get("Reason", ""),
              "note": cells.get("Note", ""), "evidence": cells.get("Evidence", "")}
    problems += [f"{where}, {_COLUMN_OF[key]}: {problem}" for key, problem in check(values).items()]
    if problems:
        return None, problems
    return {"id": action_id, "question_id": question if question in question_ids else None, "leg": leg,
            **{**values, "due": parse_due(values["due"]), "title": values["title"].strip()}}, []


_COLUMN_OF = {"title": "Action", "owner_name": "Owner", "owner_email": "Owner email", "due": "Due", "status": "Status",
              "reason": "Reason", "note": "Note", "evidence": "Evidence"}


def parse_csv(text: str, known_ids: set[int], question_ids) -> tuple[list[dict], list[str]]:
    """The rows of an edited plan CSV as changes, or every problem found (then nothing should be written)."""
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        return [], [f"not a CSV file the plan can read: {exc}"]
    header, problems = _header(rows)
    if problems:
        return [], problems
    body = [(n, r) for n, r in enumerate(rows[1:], 2) if any(cell.strip() for cell in r)]
    if len(body) > MAX_ROWS:
        return [], [f"the file has {len(body)} rows; a plan holds at most {MAX_ROWS}"]
    parsed, seen = [], set()
    for number, row in body:
        if len(row) > len(header):
            problems.append(f"row {number}: {len(row)} cells for {len(header)} columns")
            continue
        cells = {name: _unsafe(cell) for name, cell in zip(header, row) if name}
        item, found = _row(number, cells, known_ids, question_ids, seen)
        problems += found
        if item:
            parsed.append(item)
    return ([], problems[:50]) if problems else (parsed, [])
