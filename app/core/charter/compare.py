"""Two charter versions side by side, section by section, with the changed words marked (pure Python).

A section is compared as its text followed by its table written out in words (a KPI, a tier, a
department's row per line), so a changed target or a department that now leads shows up as well.
"""
from __future__ import annotations

import difflib
import re

from app.core.labels import LABELS

TABLE_OF = {"objectives": "kpis", "segmentation": "tiers", "responsibilities": "responsibilities"}
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")  # words, spaces and each punctuation mark apart


def table_lines(section_id: str, content: dict, metric_names: dict[str, str]) -> list[str]:
    """A section's table in words, one line per row (labels, never ids)."""
    table = TABLE_OF.get(section_id)
    if table == "kpis":
        rungs = dict(LABELS.objective_rungs)
        return [f"{rungs.get(k['rung'], k['rung'])}: {metric_names.get(k['metric_id'], k['metric_id'])}, "
                f"baseline {k['baseline'] or 'not set'}, target {k['target'] or 'not set'}"
                for k in content.get("kpis", [])]
    if table == "tiers":
        return [f"{t['name']}: {t['criteria']}; {t['engagement_model']}" for t in content.get("tiers", [])]
    if table == "responsibilities":
        stages, levels = dict(LABELS.journey_stages), dict(LABELS.responsibility_levels)
        matrix = content.get("responsibilities", {})
        return [f"{label}: " + ", ".join(f"{stages[s]} {levels.get(matrix.get(dept, {}).get(s, ''), '-').lower()}"
                                         for s in stages)
                for dept, label in LABELS.owners.items() if dept in matrix]
    return []


def _text(section: dict, content: dict, metric_names: dict[str, str]) -> str:
    return "\n".join([section["body"], *table_lines(section["id"], content, metric_names)]).strip()


def _marked(before: str, after: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Both texts as (kind, text) runs: "same", "removed" (left only) or "added" (right only)."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(("same", "".join(a[i1:i2])))
            right.append(("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            right.append(("added", "".join(b[j1:j2])))
    return left, right


def compare(older: dict, newer: dict, metric_names: dict[str, str]) -> list[dict]:
    """Every section of two versions: title, whether it changed, and both sides as marked runs."""
    before = {s["id"]: s for s in older["sections"]}
    rows = []
    for section in newer["sections"]:
        old = before.get(section["id"], {"id": section["id"], "body": ""})
        left_text, right_text = _text(old, older, metric_names), _text(section, newer, metric_names)
        left, right = _marked(left_text, right_text)
        rows.append({"id": section["id"], "title": section["title"], "changed": left_text != right_text,
                     "left": left, "right": right})
    return rows
