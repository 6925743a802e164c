"""When a result may show a stage: enough informed answers to place the organisation (pure Python).

The threshold is data (`questionnaires/model/results.yaml`, `placement.min_share`), validated with
the rest of the model.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml

from app.core.answers import is_level
from app.core.questionnaire import NOT_APPLICABLE, QUESTIONNAIRE_DIR, Questionnaire, QuestionnaireError
from app.core.validation import key_path

FILE = "results.yaml"
DEFAULT_MIN_SHARE = 0.5
SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["placement"],
    "properties": {"placement": {
        "type": "object", "additionalProperties": False, "required": ["min_share"],
        "properties": {"min_share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1}}}},
}


@dataclass(frozen=True)
class Placement:
    """How many informed answers there are, and how many the stage needs."""

    counted: int
    needed: int

    @property
    def ready(self) -> bool:
        return self.counted >= self.needed

    @property
    def missing(self) -> int:
        return max(self.needed - self.counted, 0)

    def to_dict(self) -> dict:
        return {"ready": self.ready, "counted": self.counted, "needed": self.needed, "missing": self.missing}


def check(data) -> list[str]:
    """Problems in the parsed results.yaml, each as 'model/results.yaml: key: problem'."""
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    return [f"model/{FILE}: {key_path(e.absolute_path) or '(top level)'}: {e.message}" for e in errors]


@lru_cache(maxsize=8)
def min_share(directory: Path = QUESTIONNAIRE_DIR / "model") -> float:
    """The share of a path's questions that must be answered before a stage shows (default when the file is absent)."""
    path = Path(directory) / FILE
    if not path.exists():
        return DEFAULT_MIN_SHARE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = check(data)
    if problems:
        raise QuestionnaireError(problems)
    return float(data["placement"]["min_share"])


def placement(questionnaire: Questionnaire, answers: Mapping, share: float | None = None) -> Placement:
    """Count the answers that place the organisation: a level or "not applicable", never "don't know"."""
    share = min_share() if share is None else share
    counted = sum(1 for qid in questionnaire.questions
                  if is_level(answers.get(qid)) or answers.get(qid) == NOT_APPLICABLE)
    return Placement(counted, math.ceil(share * len(questionnaire.questions)))
