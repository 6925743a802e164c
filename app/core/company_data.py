"""The rules of model/company.yaml, validated: words, departments, books and rewrites by company (pure Python).

`read` and `check` name file, key and problem for every mistake; `RULES` is the shipped file, read once.
app/core/company.py applies them to one company.
"""
from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import yaml

from app.core.labels import LABELS, Labels
from app.core.validation import key_path

COMPANY_PATH = Path(__file__).resolve().parents[2] / "questionnaires" / "model" / "company.yaml"
VOICES = ("founder_led", "team", "neutral")
# The rewrites of company.yaml, applied in this order.
TRAITS = ("no_cs_team", "founder_led", "neutral", "small_team", "no_csm", "no_sales", "programme_led")  # whole sentences first
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT = {"type": "string", "minLength": 1, "pattern": "\\S"}
_IDS = {"type": "array", "items": {"type": "string"}}
_MONEY = {"type": ["integer", "null"], "minimum": 0}
_RULES = {"type": "object", "additionalProperties": False, "required": ["never", "rules"], "properties": {
    "never": {"type": "array", "items": _TEXT},
    "rules": {"type": "array", "items": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}}}}
SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["sizes", "voices", "trait_words", "departments", "book", "book_words", "arr_bands", "topics", "when_na",
                 "rewrites"],
    "properties": {
        "sizes": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["id", "voice"],
            "properties": {"id": _TEXT, "up_to": {"type": "integer", "minimum": 1}, "voice": {"enum": list(VOICES)}}}},
        "voices": {"type": "object", "additionalProperties": False, "required": list(VOICES),
                   "properties": {v: {"type": "object", "additionalProperties": _TEXT,
                                      "propertyNames": {"pattern": "^[a-z][a-z_]*$"}} for v in VOICES}},
        "trait_words": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": _TEXT}},
        "departments": {"type": "object", "additionalProperties": False, "required": ["by_size", "absent_when_na", "fallback"],
                        "properties": {
                            "by_size": {"type": "object", "additionalProperties": {
                                "type": "object", "additionalProperties": False, "required": ["keep"],
                                "properties": {"keep": _IDS, "labels": {"type": "object", "additionalProperties": _TEXT}}}},
                            "absent_when_na": {"type": "object", "additionalProperties": _IDS},
                            "fallback": {"type": "object", "additionalProperties": _IDS}}},
        "book": {"type": "object", "additionalProperties": False,
                 "required": ["arr_per_person", "named_at_most", "programme_at_most"],
                 "properties": {**{k: {"type": "integer", "minimum": 1}
                                   for k in ("arr_per_person", "named_at_most", "programme_at_most")},
                                "by_model": {"type": "object", "additionalProperties": {"enum": ["named", "programme"]}}}},
        "book_words": {"type": "object", "additionalProperties": False,
                       "required": ["accounts", "accounts_range", "named_rule", "programme_rule"],
                       "properties": {k: _TEXT for k in ("accounts", "accounts_range", "named_rule", "programme_rule")}},
        "arr_bands": {"type": "object", "additionalProperties": {"type": "array", "items": _MONEY, "minItems": 2, "maxItems": 2}},
        "topics": {"type": "object", "additionalProperties": {"type": "array", "minItems": 1, "items": _TEXT}},
        "when_na": {"type": "object", "additionalProperties": _RULES["properties"]["rules"]},
        "no_cs_team_when": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
        "rewrites": {"type": "object", "additionalProperties": False,
                     "properties": {trait: _RULES for trait in TRAITS}},
    },
}


def check(data: dict, labels: Labels = LABELS, name: str = "model/company.yaml") -> list[str]:
    """Problems the schema cannot see: unknown departments, voices that name different words, bad patterns."""
    problems, owners = [], set(labels.owners)
    words = {v: set(data["voices"][v]) for v in VOICES}
    problems += [f"{name}: voices.{v}: needs the same words as founder_led ({', '.join(sorted(words['founder_led']))})"
                 for v in VOICES if words[v] != words["founder_led"]]
    depts = data["departments"]
    named = [(f"by_size.{size}.keep", ids) for size, entry in depts["by_size"].items() for ids in [entry["keep"]]]
    named += [(f"by_size.{size}.labels", list(entry.get("labels", {}))) for size, entry in depts["by_size"].items()]
    named += [(f"absent_when_na.{d}", [d]) for d in depts["absent_when_na"]]
    named += [(f"fallback.{d}", [d, *ids]) for d, ids in depts["fallback"].items()]
    problems += [f"{name}: departments.{where}: '{d}' is not one of the owners in labels.yaml"
                 for where, ids in named for d in ids if d not in owners]
    sizes = {s["id"] for s in data["sizes"]}
    problems += [f"{name}: departments.by_size.{s}: '{s}' is not one of the sizes" for s in depts["by_size"] if s not in sizes]
    problems += [f"{name}: arr_bands.{band}: not a band of the profile" for band in data["arr_bands"]
                 if band not in ("under_1m", "1m_10m", "10m_50m", "50m_250m", "over_250m")]
    patterns = [(f"rewrites.{trait}.rules[{i}]", rule[0]) for trait, entry in data["rewrites"].items()
                for i, rule in enumerate(entry["rules"])]
    patterns += [(f"topics.{qid}[{i}]", p) for qid, ps in data["topics"].items() for i, p in enumerate(ps)]
    patterns += [(f"when_na.{qid}[{i}]", r[0]) for qid, rs in data["when_na"].items() for i, r in enumerate(rs)]
    for where, pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(f"{name}: {where}: not a regular expression: {exc}")
    return problems


def read(path: Path = COMPANY_PATH, name: str = "model/company.yaml") -> tuple[dict, list[str]]:
    """The file's data and its problems, each naming file, key and problem."""
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        return {}, [f"{name}: cannot read: {exc}"]
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        return {}, [f"{name}: {key_path(e.absolute_path) or '(top level)'}: {e.message}" for e in errors]
    return data, check(data, name=name)


def load_rules(path: Path = COMPANY_PATH) -> dict:
    """Read and validate company.yaml; raise ValueError naming every problem."""
    data, problems = read(path)
    if problems:
        raise ValueError("\n".join(problems))
    return data


RULES = load_rules()
