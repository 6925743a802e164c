"""The maturity model's reference data: stages, metrics, seed practices, roadmap actions (pure Python)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from app.core import actions as action_data
from app.core import grouping as workshop_data
from app.core import labels as label_data
from app.core import placement as placement_data
from app.core.actions import Action, RoadmapSettings
from app.core.labels import LABELS, Labels
from app.core.questionnaire import _LOADER, QUESTIONNAIRE_DIR, Questionnaire, QuestionnaireError
from app.core.validation import key_path

MODEL_DIR = QUESTIONNAIRE_DIR / "model"
OWNERS = dict(LABELS.owners)  # department labels are data (labels.yaml)

_TEXT = {"type": "string", "minLength": 1, "pattern": "\\S"}
_SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9.-]*(/[a-z0-9][a-z0-9.-]*)?$"}
_TEXTS = {"type": "array", "minItems": 1, "items": _TEXT}


def _record(required: dict, optional: dict | None = None) -> dict:
    return {"type": "object", "additionalProperties": False, "required": list(required),
            "properties": {**required, **(optional or {})}}


SCHEMAS = {
    "metrics.yaml": _record({"metrics": {"type": "array", "items": _record(
        {"id": _SLUG, "name": _TEXT, "definition": _TEXT, "formula": _TEXT})}}),
    "stages.yaml": _record({"stages": {"type": "array", "items": _record({
        "number": {"type": "integer", "minimum": 1}, "id": _SLUG, "name": _TEXT, "headline": _TEXT,
        "description": _TEXT, "symptoms": _TEXTS, "focus_metrics": {"type": "array", "items": _SLUG},
        "moves": _TEXTS})}}),
    "practices.yaml": _record({"practices": {"type": "array", "items": _record(
        {"id": _SLUG, "seed": _TEXT, "item": _TEXT, "text": _TEXT})}}),
    "actions.yaml": action_data.schema(OWNERS),
    "labels.yaml": label_data.SCHEMA,
}
OPTIONAL = {"roadmap.yaml": action_data.ROADMAP_SCHEMA, placement_data.FILE: placement_data.SCHEMA}  # a folder without it gets the defaults
OPTIONAL["workshops.yaml"] = workshop_data.SCHEMA  # workshop defaults: anonymity floor, leadership roles


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    definition: str
    formula: str


@dataclass(frozen=True)
class StageInfo:
    number: int
    id: str
    name: str
    headline: str
    description: str
    symptoms: tuple[str, ...]
    focus_metrics: tuple[str, ...]
    moves: tuple[str, ...]


@dataclass(frozen=True)
class Practice:
    id: str
    seed: str
    item: str
    text: str


@dataclass(frozen=True)
class Model:
    stages: dict[int, StageInfo]
    metrics: dict[str, Metric]
    practices: dict[str, Practice]
    actions: dict[str, Action]
    roadmap: RoadmapSettings = RoadmapSettings()  # caps and due dates (roadmap.yaml)
    labels: Labels = LABELS  # the folder's labels.yaml; the shipped labels for a hand-built Model
    workshops: workshop_data.WorkshopSettings = workshop_data.WorkshopSettings()  # workshops.yaml
    company: dict | None = None  # company.yaml (words that fit the company); None: the shipped file
    wording: object = None  # charter.yaml + charter_evidence.yaml (a charter.wording.Wording); None: the shipped files

    def focus_metrics(self, stage_number: int) -> list[Metric]:
        return [self.metrics[m] for m in self.stages[stage_number].focus_metrics]


def _read(directory: Path, name: str, problems: list[str]) -> dict:
    path = directory / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"model/{name}: cannot read: {exc}")
        return {}
    errors = sorted(jsonschema.Draft202012Validator(SCHEMAS.get(name) or OPTIONAL[name]).iter_errors(data), key=lambda e: list(e.path))
    problems.extend(f"model/{name}: {key_path(e.absolute_path) or '(top level)'}: {e.message}" for e in errors)
    return {} if errors else data


def load_model(directory: Path = MODEL_DIR) -> Model:
    """Read and validate the reference data; raise QuestionnaireError naming every problem."""
    problems: list[str] = []
    raw = {name: _read(Path(directory), name, problems) for name in SCHEMAS}
    raw |= {name: _read(Path(directory), name, problems) for name in OPTIONAL if (Path(directory) / name).exists()}
    if problems:
        raise QuestionnaireError(problems)
    metrics = {m["id"]: Metric(**m) for m in raw["metrics.yaml"]["metrics"]}
    stages = {
        s["number"]: StageInfo(**{**s, "symptoms": tuple(s["symptoms"]), "focus_metrics": tuple(s["focus_metrics"]),
                                  "moves": tuple(s["moves"])})
        for s in raw["stages.yaml"]["stages"]
    }
    for stage in stages.values():
        problems += [f"model/stages.yaml: stage {stage.number}: unknown metric '{m}'"
                     for m in stage.focus_metrics if m not in metrics]
    problems += label_data.check(raw["labels.yaml"])
    problems += action_data.check(raw["actions.yaml"])
    problems += workshop_data.check_settings(raw.get("workshops.yaml") or {})
    company, wording = _words(Path(directory), problems)
    if problems:
        raise QuestionnaireError(problems)
    return Model(
        stages=stages, metrics=metrics,
        practices={p["id"]: Practice(**p) for p in raw["practices.yaml"]["practices"]},
        actions=action_data.build(raw["actions.yaml"]),
        roadmap=action_data.settings(raw["roadmap.yaml"]) if "roadmap.yaml" in raw else RoadmapSettings(),
        labels=label_data.build(raw["labels.yaml"]),
        workshops=workshop_data.settings(raw["workshops.yaml"]) if raw.get("workshops.yaml") else workshop_data.WorkshopSettings(),
        company=company, wording=wording,
    )


def _words(directory: Path, problems: list[str]):
    """The folder's company words and charter wording, validated; the shipped ones where the folder has none."""
    from app.core import company_data  # imported here: the charter package imports this module
    from app.core.charter import wording as wording_data

    company = None
    if (directory / "company.yaml").exists():
        company, found = company_data.read(directory / "company.yaml")
        problems += found
    wording = None
    if any((directory / name).exists() for name in wording_data.FILES):
        raw, found = wording_data.read(directory)
        problems += found
        wording = wording_data.build(raw) if not found else None
    return company, wording


def cross_check(model: Model, questionnaire: Questionnaire) -> list[str]:
    """Problems between a questionnaire and the model: sources not in the catalogue, stages that differ."""
    name = Path(questionnaire.path).name or questionnaire.id
    problems = [
        f"{name}: {q.id}: source '{src}' is not in model/practices.yaml"
        for q in questionnaire.questions.values() for src in q.sources if src not in model.practices
    ]
    problems += [
        f"{name}: scoring.stages: stage {s.number} '{s.name}' does not match model/stages.yaml"
        for s in questionnaire.stages
        if s.number not in model.stages or model.stages[s.number].name != s.name
    ]
    problems += [  # a phase's goal names each move in the words of stages.yaml, so the two lists match
        f"{name}: scoring.moves.{stage}: {len(reqs)} moves, but stage {stage} has {len(model.stages[stage].moves)} "
        "in model/stages.yaml (one practice per move, in the same order)"
        for stage, reqs in questionnaire.rules.moves.items()
        if stage in model.stages and len(reqs) != len(model.stages[stage].moves)
    ]
    return problems


def validate_folder(directory: Path) -> list[str]:
    """Problems in a questionnaire folder: its files, its model/ data and how the two fit together."""
    from app.core.questionnaire import load_all

    directory = Path(directory)
    try:
        questionnaires = load_all(directory)
    except QuestionnaireError as exc:
        return exc.problems
    if not (directory / "model").is_dir():
        return []
    try:
        model = load_model(directory / "model")
    except QuestionnaireError as exc:
        return exc.problems
    return [p for q in questionnaires.values() for p in cross_check(model, q)]
