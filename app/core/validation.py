"""Strict validation of questionnaire data: every problem names file, key and what is wrong (pure Python)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jsonschema


@dataclass
class Problems:
    file: str
    items: list[str] = field(default_factory=list)

    def add(self, key: str, problem: str) -> None:
        self.items.append(f"{self.file}: {key or '(top level)'}: {problem}")


@lru_cache(maxsize=4)
def _schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def key_path(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _stringify_keys(data):
    """YAML allows integer mapping keys (levels); JSON Schema only sees strings."""
    if isinstance(data, dict):
        return {str(k): _stringify_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_stringify_keys(v) for v in data]
    return data


def check_schema(data, schema_path: Path, problems: Problems) -> None:
    """Structure: required keys, types, unknown keys, each named by its key path."""
    validator = jsonschema.Draft202012Validator(_schema(schema_path))
    for error in sorted(validator.iter_errors(_stringify_keys(data)), key=lambda e: list(e.path)):
        message = error.message
        if error.validator == "additionalProperties":
            message = f"unknown key ({message})"
        problems.add(key_path(error.absolute_path), message)


def check_semantics(data: dict, problems: Problems) -> None:
    """Meaning: unique ids, levels on the scale, legs on stool sections, then the scoring rules."""
    scales = {name: [item["value"] for item in items] for name, items in data["scales"].items()}
    for name, values in scales.items():
        if len(set(values)) != len(values):
            problems.add(f"scales.{name}", "duplicate values")
    seen_sections: set[str] = set()
    seen_questions: dict[str, str] = {}
    for si, section in enumerate(data["sections"]):
        where = f"sections[{si}]"
        if section["id"] in seen_sections:
            problems.add(f"{where}.id", f"duplicate section id '{section['id']}'")
        seen_sections.add(section["id"])
        leg = section.get("leg")
        if (section["block"] == "stool") != (leg is not None):
            problems.add(f"{where}.leg", "stool sections need a leg; other blocks must not have one")
        for qi, question in enumerate(section["questions"]):
            qwhere = f"{where}.questions[{qi}]"
            qid = question["id"]
            if qid in seen_questions:
                problems.add(f"{qwhere}.id", f"duplicate question id '{qid}' (first at {seen_questions[qid]})")
            seen_questions.setdefault(qid, qwhere)
            scale = scales.get(question["scale"])
            if scale is None:
                problems.add(f"{qwhere}.scale", f"unknown scale '{question['scale']}'")
                continue
            given = {int(k) for k in question["levels"]}
            for value in sorted(given - set(scale)):
                problems.add(f"{qwhere}.levels.{value}",
                             f"level {value} is outside scale '{question['scale']}' ({min(scale)}-{max(scale)})")
            for value in sorted(set(scale) - given):
                problems.add(f"{qwhere}.levels", f"missing text for level {value}")
            texts = [str(t).strip().lower() for t in question["levels"].values()]
            if len(set(texts)) != len(texts):
                problems.add(f"{qwhere}.levels", "two levels have the same text")
    _check_scoring(data, scales, problems)


def _check_scoring(data: dict, scales: dict, problems: Problems) -> None:
    """Stage thresholds rise, gates name quick-path questions, the roadmap order covers every section."""
    scoring = data["scoring"]
    stages = scoring["stages"]
    questions = {q["id"]: q for s in data["sections"] for q in s["questions"]}
    top = max(v for values in scales.values() for v in values)
    targets = [s["target_level"] for s in stages]
    if any(b < a for a, b in zip(targets, targets[1:])) or targets[-1] > top:
        problems.add("scoring.stages", f"target_level must not fall from one stage to the next, nor exceed {top}")
    for gi, gate in enumerate(scoring["gates"]):
        if gate["stage"] > len(stages):
            problems.add(f"scoring.gates[{gi}].stage", f"there is no stage {gate['stage']}")
        for ri, req in enumerate(gate["require"]):
            _check_requirement(f"scoring.gates[{gi}].require[{ri}]", req, questions, scales, problems, "a gate")
    for stage, reqs in (scoring.get("moves") or {}).items():
        if not 1 <= int(stage) < len(stages):
            problems.add(f"scoring.moves.{stage}", f"moves lift a company from a stage below the top one (1-{len(stages) - 1})")
        for ri, req in enumerate(reqs):
            _check_requirement(f"scoring.moves.{stage}[{ri}]", req, questions, scales, problems, "a stage move")
    known = {s["id"] for s in data["sections"]} | {s["block"] for s in data["sections"]}
    order = [[e] if isinstance(e, str) else e for e in scoring["roadmap"]["order"]]
    for ei, entry in enumerate(order):
        for name in entry:
            if name not in known:
                problems.add(f"scoring.roadmap.order[{ei}]", f"'{name}' is neither a section id nor a block in this file")
    named = {name for entry in order for name in entry}
    for section in data["sections"]:
        if section["id"] not in named and section["block"] not in named:
            problems.add("scoring.roadmap.order", f"section '{section['id']}' has no place in the order")
    numbers = [s["number"] for s in stages]
    if numbers != list(range(1, len(stages) + 1)):
        problems.add("scoring.stages", "stage numbers must run 1, 2, 3... in order")
    mins = [s["min_score"] for s in stages]
    if mins[0] != 0 or any(b <= a for a, b in zip(mins, mins[1:])):
        problems.add("scoring.stages", "min_score must start at 0 and rise strictly")


def _check_requirement(where: str, req: dict, questions: dict, scales: dict, problems: Problems, what: str) -> None:
    """A gate's or a move's requirement names a quick-path question and a level on its scale."""
    question = questions.get(req["question"])
    if question is None:
        problems.add(f"{where}.question", f"unknown question '{req['question']}'")
    elif not question.get("quick"):
        problems.add(f"{where}.question", f"'{req['question']}' decides {what}, so it must be on the quick path (quick: true)")
    elif req["min_level"] > max(scales.get(question["scale"], [0])):
        problems.add(f"{where}.min_level", f"level {req['min_level']} is above the question's scale")
