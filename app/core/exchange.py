"""The assessment exchange document: what `export` writes and `import` restores (pure Python).

The document holds no database ids and no tokens, so exporting, importing on another instance and
exporting again gives the same document; import issues fresh resume links.
"""
from __future__ import annotations

import json
import math
import re

import jsonschema

from app.core import charter
from app.core.people import DEPARTMENTS, LEVELS
from app.core.plan_exchange import PLAN_SCHEMA, REVIEW_SCHEMA, TARGETS_SCHEMA, plan_problems
from app.core.profile import ProfileError, parse_profile
from app.core.questionnaire import Questionnaire
from app.core.scoring import AnswerError, check_answers
from app.core.targets import TargetError, parse_targets

FORMAT = "csmaturity.assessment"
FORMAT_VERSION = 1

# Bounds: an export of the largest real assessment is far inside them; a file past them is junk.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_RESPONDENTS = 500
MAX_CHARTER_BODY = 10_000  # the charter form's limit (app.report.markdown.MAX_MARKDOWN_CHARS)
MAX_DEPTH = 8  # an export nests 6 deep (respondents[i].answers.<id>.value)
MAX_NUMBER_CHARS = 20  # answers are 0-4 and profile figures percentages or counts: 20 characters is generous
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(limit: int) -> dict:
    return {"type": "string", "maxLength": limit}


_ID, _STAMP = _text(80), _text(40)
_ANSWER = {
    "type": "object", "additionalProperties": False, "required": ["value"],
    "properties": {"value": {"type": ["integer", "string", "null"], "maxLength": 20},
                   "note": {"type": ["string", "null"], "maxLength": 2000}, "updated_at": _STAMP},
}


def _rows(fields: tuple[str, ...], limit: int, max_items: int) -> dict:
    return {"type": "array", "maxItems": max_items, "items": {
        "type": "object", "additionalProperties": False, "required": list(fields),
        "properties": {field: _text(limit) for field in fields}}}


_CHARTER = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "sections": {"type": "array", "maxItems": 50, "items": {
            "type": "object", "additionalProperties": False, "required": ["id", "body", "updated_at"],
            "properties": {"id": _ID, "body": _text(MAX_CHARTER_BODY), "updated_at": _STAMP}}},
        "kpis": _rows(("metric_id", "rung", "baseline", "target"), 200, 50),
        "tiers": _rows(("name", "criteria", "engagement_model", "description"), 1000, 20),
        "responsibilities": {"type": "object", "maxProperties": 50, "additionalProperties": {
            "type": "object", "maxProperties": 50, "additionalProperties": _ID}},
    },
}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "format_version", "organisation", "assessment", "respondents"],
    "properties": {
        "format": {"const": FORMAT},
        "format_version": {"const": FORMAT_VERSION},
        "organisation": {"type": "object", "additionalProperties": False, "required": ["name"],
                         "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 120}, "created_at": _STAMP}},
        "assessment": {"type": "object", "additionalProperties": False,
                       "required": ["questionnaire_id", "questionnaire_version", "path", "mode"],
                       "properties": {"questionnaire_id": _ID, "questionnaire_version": _ID,
                                      "path": {"enum": ["quick", "full"]}, "mode": {"enum": ["self", "workshop"]},
                                      "created_at": _STAMP}},
        "respondents": {"type": "array", "minItems": 1, "maxItems": MAX_RESPONDENTS, "items": {
            "type": "object", "additionalProperties": False, "required": ["name", "role", "answers"],
            "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 80}, "role": _ID,
                           "department": {"enum": [*DEPARTMENTS, None]}, "level": {"enum": [*LEVELS, None]},
                           "created_at": _STAMP, "updated_at": _STAMP,
                           "answers": {"type": "object", "maxProperties": 1000, "additionalProperties": _ANSWER}}}},
        "charter": _CHARTER,
        "profile": {"type": ["object", "null"], "maxProperties": 50},  # checked field by field by parse_profile
        "targets": TARGETS_SCHEMA, "plan": PLAN_SCHEMA, "review": REVIEW_SCHEMA,  # 0.6.0 (issue 22): new keys only
    },
}


class DocumentError(ValueError):
    """The file is not a document `import` understands; the message names the problem."""


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise DocumentError(f"the key '{_short(key, 80)}' appears twice in one object; each key may appear once")
    return dict(pairs)


def _number(text: str, kind=int):
    if len(text) > MAX_NUMBER_CHARS:
        raise DocumentError(f"a number of {len(text):,} characters ({_short(text, 20)}); no value in an export is "
                            f"longer than {MAX_NUMBER_CHARS}")
    value = kind(text)
    if isinstance(value, float) and not math.isfinite(value):
        raise DocumentError(f"the number {text} is too large")
    return value


def _constant(name: str):
    raise DocumentError(f"{name} is not a number JSON allows")


def parse(raw: bytes):
    """The JSON of an import file, refusing duplicate keys, oversized numbers and deep nesting (DocumentError)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError("not UTF-8 text") from None
    try:
        document = json.loads(text, object_pairs_hook=_pairs, parse_int=_number,
                              parse_float=lambda t: _number(t, float), parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise DocumentError(f"the JSON is nested too deeply (an export nests at most {MAX_DEPTH} levels)") from None
    stack = [(document, 1)]
    while stack:  # without recursion: a deeply nested file must not crash the check itself
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DocumentError(f"the JSON is nested too deeply (an export nests at most {MAX_DEPTH} levels)")
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return document


def _control_characters(value, where: str = "") -> list[str]:
    """Where the document's text holds a control character (other than tab, CR, LF): exports break on them."""
    if isinstance(value, str):
        return [f"{where or '(top level)'}: contains a control character"] if _CONTROL.search(value) else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _control_characters(k, where) + _control_characters(v, f"{where}.{k}".strip("."))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _control_characters(v, f"{where}[{i}]")]
    return []


def _short(message: str, limit: int = 200) -> str:
    """jsonschema quotes the offending value: keep a 5 MB string out of the error output."""
    return message if len(message) <= limit else message[:limit] + "…"


def _format(document: dict) -> list[str]:
    """The file must say it is an export, of a version this instance reads."""
    if document.get("format") != FORMAT:
        return [f"format: expected '{FORMAT}'; this file is not a CS Maturity export"]
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        return [f"format_version: version {_short(str(version), 20)} is not one this instance reads "
                f"(it reads version {FORMAT_VERSION}); export the assessment again, or upgrade this instance"]
    return []


def _charter_ids(document: dict) -> list[str]:
    """Charter section, rung, department, stage and level ids must be the app's own."""
    found = document.get("charter") or {}
    problems = [f"charter.sections[{n}].id: unknown charter section '{_short(section['id'], 80)}' (expected one of "
                f"{', '.join(charter.SECTION_IDS)})" for n, section in enumerate(found.get("sections", []))
                if section["id"] not in charter.SECTION_IDS]
    problems += [f"charter.kpis[{n}].rung: unknown rung '{_short(kpi['rung'], 80)}'"
                 for n, kpi in enumerate(found.get("kpis", [])) if kpi["rung"] not in charter.RUNGS]
    for department, stages in (found.get("responsibilities") or {}).items():
        if department not in charter.DEPARTMENTS:
            problems.append(f"charter.responsibilities: unknown department '{_short(department, 80)}'")
        problems += [f"charter.responsibilities.{department}: unknown stage '{_short(stage, 80)}' or level "
                     f"'{_short(level, 80)}'" for stage, level in stages.items()
                     if stage not in charter.JOURNEY_STAGES or level not in charter.LEVELS]
    return problems[:50]


def validate_document(document, questionnaires: dict[str, Questionnaire], facilitator: bool = False) -> list[str]:
    """Every problem that would stop an import, each naming where it is (`facilitator`: a workshop has one to join)."""
    if not isinstance(document, dict):
        return ["(top level): expected a JSON object"]
    problems = _format(document)
    if problems:
        return problems
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(document), key=lambda e: list(e.path))
    problems = [f"{'.'.join(map(str, e.absolute_path)) or '(top level)'}: {_short(e.message)}" for e in errors[:50]]
    if problems:
        return problems
    problems = _control_characters(document)[:50] or _charter_ids(document)
    if document["assessment"]["mode"] == "workshop" and not facilitator:
        problems.append("assessment.mode: this is a workshop, which needs a facilitator on this instance: "
                        "import it with --facilitator EMAIL")
    if problems:
        return problems
    qid = document["assessment"]["questionnaire_id"]
    questionnaire = questionnaires.get(qid)
    if questionnaire is None:
        return [f"assessment.questionnaire_id: unknown questionnaire '{qid}' on this instance"]
    try:
        parse_profile(document.get("profile"))
    except ProfileError as exc:
        problems.append(f"profile.{exc.field}: {exc}")
    try:
        parse_targets(document.get("targets"), {s.block for s in questionnaire.sections})
    except TargetError as exc:
        problems.append(str(exc))
    problems += plan_problems(document.get("plan"), questionnaire)
    for index, respondent in enumerate(document["respondents"]):
        unknown = [q for q in respondent["answers"] if q not in questionnaire.questions]
        if unknown:
            problems.append(f"respondents[{index}].answers: unknown question id '{_short(unknown[0], 80)}' "
                            f"in questionnaire '{qid}'")
            continue
        values = {q: a["value"] for q, a in respondent["answers"].items() if a["value"] is not None}
        try:
            check_answers(questionnaire, values)
        except AnswerError as exc:
            problems.append(f"respondents[{index}].answers: {_short(str(exc))}")
    return problems
