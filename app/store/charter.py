"""The charter a team edits: section texts, KPIs, responsibilities, tiers (no Flask)."""
from __future__ import annotations

from sqlite_utils import Database

from app.store.core import now, writing

_KPI_FIELDS = ("metric_id", "rung", "baseline", "target")
_TIER_FIELDS = ("name", "criteria", "engagement_model", "description")
_SECTION_FIELDS = ("id", "body", "updated_at")


def _ordered_rows(db: Database, table: str, fields: tuple[str, ...], assessment_id: int) -> list[dict]:
    rows = db.execute(
        f"select {', '.join(fields)} from {table} where assessment_id = ? order by position", [assessment_id]
    ).fetchall()
    return [dict(zip(fields, row)) for row in rows]


def _responsibility_matrix(db: Database, assessment_id: int) -> dict[str, dict[str, str]]:
    matrix: dict[str, dict[str, str]] = {}
    for department, stage, level in db.execute(
        "select department, stage, level from charter_responsibilities where assessment_id = ? "
        "order by department, stage", [assessment_id]
    ).fetchall():
        matrix.setdefault(department, {})[stage] = level
    return matrix


def load_charter(db: Database, assessment_id: int) -> dict:
    """The charter edits saved for an assessment: {"sections": {id: markdown}, "kpis", "responsibilities", "tiers"}."""
    sections = db.execute(
        "select section_id, body from charter_sections where assessment_id = ?", [assessment_id]
    ).fetchall()
    return {
        "sections": dict(sections),
        "kpis": _ordered_rows(db, "charter_kpis", _KPI_FIELDS, assessment_id),
        "responsibilities": _responsibility_matrix(db, assessment_id),
        "tiers": _ordered_rows(db, "charter_tiers", _TIER_FIELDS, assessment_id),
    }


def save_charter_section(db: Database, assessment_id: int, section_id: str, body: str | None,
                         updated_at: str | None = None) -> None:
    """Save one section's Markdown; None removes it, so the section follows the draft again."""
    with writing(db):
        if body is None:
            db.execute("delete from charter_sections where assessment_id = ? and section_id = ?",
                       [assessment_id, section_id])
        else:
            # Plain SQL: sqlite-utils' upsert inspects the schema (about twenty statements) on every call.
            db.execute("insert into charter_sections (assessment_id, section_id, body, updated_at) values (?, ?, ?, ?) "
                       "on conflict (assessment_id, section_id) do update set body = excluded.body, "
                       "updated_at = excluded.updated_at", [assessment_id, section_id, body, updated_at or now()])


def _replace_rows(db: Database, table: str, assessment_id: int, rows: list[dict]) -> None:
    with writing(db):
        db.execute(f"delete from {table} where assessment_id = ?", [assessment_id])
        if rows:
            columns = ["assessment_id", *rows[0]]
            db.conn.executemany(f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                                [[assessment_id, *(row[c] for c in columns[1:])] for row in rows])


def save_charter_kpis(db: Database, assessment_id: int, kpis: list[dict]) -> None:
    """Replace the KPI table, keeping its order; an empty list goes back to the drafted KPIs."""
    _replace_rows(db, "charter_kpis", assessment_id,
                  [{"position": n, **{f: kpi[f] for f in _KPI_FIELDS}} for n, kpi in enumerate(kpis)])


def save_charter_responsibilities(db: Database, assessment_id: int, matrix: dict[str, dict[str, str]]) -> None:
    """Replace the departments x journey-stages matrix; an empty one goes back to the drafted matrix."""
    _replace_rows(db, "charter_responsibilities", assessment_id,
                  [{"department": dept, "stage": stage, "level": level}
                   for dept, stages in matrix.items() for stage, level in stages.items()])


def save_charter_tiers(db: Database, assessment_id: int, tiers: list[dict]) -> None:
    """Replace the tiers, keeping their order; an empty list goes back to the drafted tiers."""
    _replace_rows(db, "charter_tiers", assessment_id,
                  [{"position": n, **{f: tier[f] for f in _TIER_FIELDS}} for n, tier in enumerate(tiers)])


def save_charter_step(db: Database, assessment_id: int, section_id: str, body: str | None, *,
                      kpis: list[dict] | None = None, responsibilities: dict | None = None,
                      tiers: list[dict] | None = None) -> None:
    """One builder step in one transaction: the section's text and any table it edits (None leaves a table alone)."""
    with writing(db):
        save_charter_section(db, assessment_id, section_id, body)
        if kpis is not None:
            save_charter_kpis(db, assessment_id, kpis)
        if responsibilities is not None:
            save_charter_responsibilities(db, assessment_id, responsibilities)
        if tiers is not None:
            save_charter_tiers(db, assessment_id, tiers)


def charter_to_dict(db: Database, assessment_id: int) -> dict:
    """An assessment's saved charter as plain JSON-able values, without database ids, for export files."""
    rows = db.execute(
        "select section_id, body, updated_at from charter_sections where assessment_id = ? order by section_id",
        [assessment_id]).fetchall()
    saved = load_charter(db, assessment_id)
    return {
        "sections": [dict(zip(_SECTION_FIELDS, row)) for row in rows],
        "kpis": saved["kpis"], "responsibilities": saved["responsibilities"], "tiers": saved["tiers"],
    }


def _checked_list(data: dict, key: str, fields: tuple[str, ...]) -> list[dict]:
    items = data.get(key, [])
    if not isinstance(items, list):
        raise ValueError(f"charter.{key}: expected a list")
    for n, item in enumerate(items):
        missing = [f for f in fields if not isinstance(item, dict) or not isinstance(item.get(f), str)]
        if missing:
            raise ValueError(f"charter.{key}[{n}]: expected text in {', '.join(missing)}")
    return [{f: item[f] for f in fields} for item in items]


def _checked_matrix(data: dict) -> dict[str, dict[str, str]]:
    matrix = data.get("responsibilities", {})
    if not isinstance(matrix, dict) or not all(
        isinstance(stages, dict) and all(isinstance(s, str) and isinstance(v, str) for s, v in stages.items())
        for stages in matrix.values()
    ):
        raise ValueError("charter.responsibilities: expected {department: {stage: level}} with text values")
    return matrix


def charter_from_dict(db: Database, assessment_id: int, data: dict) -> None:
    """Replace an assessment's saved charter with one from charter_to_dict; ValueError names the first bad entry."""
    if not isinstance(data, dict):
        raise ValueError("charter: expected an object")
    sections = _checked_list(data, "sections", _SECTION_FIELDS)
    kpis, tiers = _checked_list(data, "kpis", _KPI_FIELDS), _checked_list(data, "tiers", _TIER_FIELDS)
    matrix = _checked_matrix(data)
    with writing(db):
        db.execute("delete from charter_sections where assessment_id = ?", [assessment_id])
        for section in sections:
            save_charter_section(db, assessment_id, section["id"], section["body"], updated_at=section["updated_at"])
        save_charter_kpis(db, assessment_id, kpis)
        save_charter_responsibilities(db, assessment_id, matrix)
        save_charter_tiers(db, assessment_id, tiers)
