"""Display labels and charter defaults from questionnaires/model/labels.yaml, validated (pure Python).

The shipped file is read once at import, so module-level names elsewhere (BLOCKS, LEGS, OWNERS,
ROLES, DEPARTMENTS, JOURNEY_STAGES) are views of it. `reference.load_model` validates the same
file in any model folder with `SCHEMA` and `check`, naming `model/labels.yaml: key: problem`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from app.core.validation import key_path

LABELS_PATH = Path(__file__).resolve().parents[2] / "questionnaires" / "model" / "labels.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT = {"type": "string", "minLength": 1, "pattern": "\\S"}
_ID = "^[a-z][a-z0-9_]*$"
_NAMES = {"type": "object", "minProperties": 1, "propertyNames": {"pattern": _ID}, "additionalProperties": _TEXT}
_COUNT = {"type": "integer", "minimum": 1}
_TIER = {"type": "object", "additionalProperties": False, "required": ["name", "criteria", "engagement_model", "description"],
         "properties": {"name": _TEXT, "criteria": _TEXT, "engagement_model": _TEXT, "description": _TEXT,
                        "min_customers": _COUNT}}
# What a tier's texts may say in braces (app/core/company.py fills them).
TIER_WORDS = ("named_book", "programme_book", "named_floor", "programme_floor")
_CELLS = {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}}}
SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["blocks", "blocks_short", "legs", "roles", "departments", "levels", "owners", "journey_stages",
                 "responsibility_levels", "objective_rungs", "responsibility_matrix", "business_models", "business_model_by_customers"],
    "properties": {
        **{key: _NAMES for key in ("blocks", "blocks_short", "legs", "roles", "departments", "levels", "owners",
                                   "journey_stages", "responsibility_levels", "objective_rungs")},
        "responsibility_matrix": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "business_models": {"type": "object", "minProperties": 1, "additionalProperties": {
            "type": "object", "additionalProperties": False, "required": ["label", "matrix", "tiers"],
            "properties": {"label": _TEXT, "matrix": _CELLS, "tiers": {"type": "array", "minItems": 1, "items": _TIER}}}},
        "business_model_by_customers": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["model"],
            "properties": {"up_to": _COUNT, "model": {"type": "string"}}}},
    },
}


@dataclass(frozen=True)
class Labels:
    """Every display label by id, in display order, and the charter's default tables."""

    blocks: dict[str, str]
    blocks_short: dict[str, str]
    legs: dict[str, str]
    roles: dict[str, str]  # before 0.6: one list mixing department and seniority (old data and exports)
    departments: dict[str, str]
    levels: dict[str, str]
    owners: dict[str, str]
    journey_stages: dict[str, str]
    responsibility_levels: dict[str, str]
    objective_rungs: dict[str, str]
    responsibility_matrix: dict[str, list[str]]
    business_models: dict[str, dict]
    business_model_by_customers: list[dict]

    def matrix(self, business_model: str | None = None) -> dict[str, dict[str, str]]:
        """Who leads, supports or is informed, per owner and journey stage, for a business model."""
        changes = self.business_models.get(business_model or "", {}).get("matrix", {})
        return {dept: {**dict(zip(self.journey_stages, row)), **changes.get(dept, {})}
                for dept, row in self.responsibility_matrix.items()}

    def business_model_for(self, business_model: str | None, customers: int | None) -> str:
        """The business model to draft for: the profile's, else the one the customer count suggests."""
        if business_model in self.business_models:
            return business_model
        if customers:
            for rule in self.business_model_by_customers:
                if rule.get("up_to") is None or customers <= rule["up_to"]:
                    return rule["model"]
        return "mixed" if "mixed" in self.business_models else next(iter(self.business_models))


def check(data: dict, name: str = "model/labels.yaml") -> list[str]:
    """Problems the schema cannot see: matrix rows and cells that name unknown owners, stages or levels."""
    problems = []
    owners, stages, levels = data["owners"], data["journey_stages"], data["responsibility_levels"]
    if set(data["blocks_short"]) != set(data["blocks"]):
        problems.append(f"{name}: blocks_short: needs one short name per block ({', '.join(data['blocks'])})")
    if set(data["responsibility_matrix"]) != set(owners):
        problems.append(f"{name}: responsibility_matrix: needs one row per owner ({', '.join(owners)})")
    for dept, row in data["responsibility_matrix"].items():
        if len(row) != len(stages) or set(row) - set(levels):
            problems.append(f"{name}: responsibility_matrix.{dept}: needs {len(stages)} entries, each one of "
                            f"{', '.join(levels)}")
    for model_id, model in data["business_models"].items():
        for dept, cells in model["matrix"].items():
            where = f"{name}: business_models.{model_id}.matrix.{dept}"
            if dept not in owners:
                problems.append(f"{where}: '{dept}' is not one of the owners")
            problems += [f"{where}.{stage}: '{stage}: {level}' needs a journey stage and one of {', '.join(levels)}"
                         for stage, level in cells.items() if stage not in stages or level not in levels]
    for model_id, model in data["business_models"].items():
        for i, tier in enumerate(model["tiers"]):
            for key in ("criteria", "engagement_model", "description"):
                named = set(re.findall(r"\{([^{}]*)\}", tier[key])) - set(TIER_WORDS)
                problems += [f"{name}: business_models.{model_id}.tiers[{i}].{key}: unknown placeholder {{{w}}} "
                             f"(a tier may say {', '.join('{' + t + '}' for t in TIER_WORDS)})" for w in sorted(named)]
    for i, rule in enumerate(data["business_model_by_customers"]):
        if rule["model"] not in data["business_models"]:
            problems.append(f"{name}: business_model_by_customers[{i}].model: '{rule['model']}' is not in business_models")
    return problems


def read(path: Path, name: str = "model/labels.yaml") -> tuple[dict, list[str]]:
    """The file's data and its problems (schema first, then `check`)."""
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        return {}, [f"{name}: cannot read: {exc}"]
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        return {}, [f"{name}: {key_path(e.absolute_path) or '(top level)'}: {e.message}" for e in errors]
    return data, check(data, name)


def build(data: dict) -> Labels:
    """Labels from validated data."""
    return Labels(**data)


def load_labels(path: Path = LABELS_PATH) -> Labels:
    """Read and validate a labels file; raise ValueError naming every problem."""
    data, problems = read(path)
    if problems:
        raise ValueError("\n".join(problems))
    return build(data)


LABELS = load_labels()
