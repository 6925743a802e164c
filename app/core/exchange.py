"""The assessment exchange document: what `export` writes and `import` restores (pure Python).

The document holds no database ids and no tokens, so exporting, importing on another instance and
exporting again gives the same document; import issues fresh resume links.
"""
from __future__ import annotations

import jsonschema

from app.core.questionnaire import Questionnaire
from app.core.scoring import AnswerError, check_answers

FORMAT = "csmaturity.assessment"
FORMAT_VERSION = 1

_TEXT = {"type": "string", "maxLength": 20000}
_STAMP = {"type": "string", "maxLength": 40}
_ANSWER = {
    "type": "object", "additionalProperties": False, "required": ["value"],
    "properties": {"value": {"type": ["integer", "string", "null"]}, "note": {"type": ["string", "null"], "maxLength": 2000},
                   "updated_at": _STAMP},
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
                       "properties": {"questionnaire_id": _TEXT, "questionnaire_version": _TEXT,
                                      "path": {"enum": ["quick", "full"]}, "mode": {"enum": ["self", "workshop"]},
                                      "created_at": _STAMP}},
        "respondents": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["name", "role", "answers"],
            "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 80}, "role": _TEXT,
                           "created_at": _STAMP, "updated_at": _STAMP,
                           "answers": {"type": "object", "additionalProperties": _ANSWER}}}},
        "charter": {"type": "object"},
    },
}


def validate_document(document, questionnaires: dict[str, Questionnaire]) -> list[str]:
    """Every problem that would stop an import, each naming where it is."""
    if not isinstance(document, dict):
        return ["(top level): expected a JSON object"]
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(document), key=lambda e: list(e.path))
    problems = [f"{'.'.join(map(str, e.absolute_path)) or '(top level)'}: {e.message}" for e in errors]
    if problems:
        return problems
    qid = document["assessment"]["questionnaire_id"]
    questionnaire = questionnaires.get(qid)
    if questionnaire is None:
        return [f"assessment.questionnaire_id: unknown questionnaire '{qid}' on this instance"]
    for index, respondent in enumerate(document["respondents"]):
        values = {q: a["value"] for q, a in respondent["answers"].items() if a["value"] is not None}
        try:
            check_answers(questionnaire, values)
        except AnswerError as exc:
            problems.append(f"respondents[{index}].answers: {exc}")
    return problems
