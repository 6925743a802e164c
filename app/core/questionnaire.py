"""Load questionnaire files into frozen dataclasses and validate them strictly (pure Python)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml

from app.core.labels import LABELS
from app.core.validation import Problems, check_schema, check_semantics

QUESTIONNAIRE_DIR = Path(__file__).resolve().parents[2] / "questionnaires"
SCHEMA_PATH = QUESTIONNAIRE_DIR / "schema.json"
# Leg and block titles are data (model/labels.yaml); these names stay importable for their callers.
LEGS = tuple(LABELS.legs)
BLOCKS = dict(LABELS.blocks)
# libyaml's loader when available: ten times faster on the full questionnaire.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NOT_APPLICABLE = "na"
UNKNOWN = "unknown"


class QuestionnaireError(ValueError):
    """One or more problems in questionnaire files, each naming file, key and problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Level:
    value: int
    name: str  # the scale's short name, e.g. "Defined"
    label: str  # the question's anchored description of this level


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    levels: tuple[Level, ...]
    sources: tuple[str, ...]
    scale: str
    help: str | None = None
    weight: float = 1.0
    quick: bool = False
    na_for: tuple[str, ...] = ()  # business models for which the question is N/A by default

    @property
    def max_value(self) -> int:
        return self.levels[-1].value

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    block: str
    questions: tuple[Question, ...]
    leg: str | None = None
    intro: str | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    min_score: float
    target_level: int = 0  # the level a practice must reach to support this stage


@dataclass(frozen=True)
class Requirement:
    question: str
    min_level: int


@dataclass(frozen=True)
class Gate:
    """A named condition an organisation must meet to be at `stage` or above."""

    id: str
    stage: int
    title: str
    require: tuple[Requirement, ...]
    leg: str | None = None  # a stool-leg gate is a cap: reported apart from the capability stage
    unmet: str | None = None  # what is missing while the gate is not met ("no charter approved by leadership yet")

    @property
    def missing(self) -> str:
        """The gate as what holds a company back: its `unmet` phrase, or "not yet: <title>"."""
        return self.unmet or f"not yet: {self.title[:1].lower()}{self.title[1:]}"


@dataclass(frozen=True)
class Rules:
    """Scoring rules kept in data: stool imbalance, gates and roadmap priorities."""

    imbalance_points: float = 25.0
    lag_points: float | None = None  # a leg this far below each of the other two is an imbalance too
    min_answered: float = 0.0  # share of a leg's questions answered with a level before the stool rule caps
    leg_margin: int = 0  # the weakest leg carries the stage its score reaches plus this many (the bottom carries stage 1)
    max_drop: int = 99  # a cap holds the stage at most this many stages below the capability stage (no limit unless data says)
    cap_floor: int = 1  # no cap holds a stage below this one
    provisional_below: float = 0.0  # below this confidence the result is provisional
    gates: tuple[Gate, ...] = ()
    # The stage moves by the stage they lift a company from (scoring.moves): with every requirement met
    # (or not applicable), a company whose overall score reaches stage N stands at stage N + 1.
    moves: dict[int, tuple[Requirement, ...]] = field(default_factory=dict)
    roadmap_order: tuple[tuple[str, ...], ...] = ()
    now_max: int = 8
    next_max: int = 12


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: str
    sections: tuple[Section, ...]
    stages: tuple[Stage, ...]
    rules: Rules = field(default_factory=Rules)
    summary: str | None = None
    path: str = field(default="", compare=False)

    @cached_property
    def questions(self) -> dict[str, Question]:
        """Every question by id, in questionnaire order."""
        return {q.id: q for s in self.sections for q in s.questions}

    @cached_property
    def section_of(self) -> dict[str, Section]:
        """The section each question id belongs to."""
        return {q.id: s for s in self.sections for q in s.questions}

    def blocks(self) -> list[tuple[str, list[Section]]]:
        """Sections grouped by block, in questionnaire order: [(block title, sections)]."""
        groups: dict[str, list[Section]] = {}
        for s in self.sections:
            groups.setdefault(s.block, []).append(s)
        return [(BLOCKS[block], sections) for block, sections in groups.items()]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def stage(self, number: int) -> Stage:
        return self.stages[number - 1]

    def for_path(self, path: str) -> Questionnaire:
        """The questions of one path: "quick" keeps the questions that decide the stage, "full" keeps all."""
        if path != "quick":
            return self
        quick = self.__dict__.get("_quick")
        if quick is None:  # built once per questionnaire: every wizard request asks for it
            sections = tuple(
                replace(s, questions=tuple(q for q in s.questions if q.quick))
                for s in self.sections
                if any(q.quick for q in s.questions)
            )
            quick = replace(self, sections=sections)
            object.__setattr__(self, "_quick", quick)
        return quick

    def roadmap_rank(self, section: Section) -> int:
        """Roadmap priority of a section: its position in `roadmap.order` (section id before block)."""
        for key in (section.id, section.block):
            for rank, entry in enumerate(self.rules.roadmap_order):
                if key in entry:
                    return rank
        return len(self.rules.roadmap_order)

    def to_dict(self) -> dict:
        """The public JSON shape printed by `questionnaire dump`."""
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "sections": [
                {
                    "id": s.id,
                    "title": s.title,
                    "block": s.block,
                    "leg": s.leg,
                    "questions": [
                        {
                            "id": q.id,
                            "text": q.text,
                            "levels": [{"value": lv.value, "label": lv.label} for lv in q.levels],
                            "sources": list(q.sources),
                        }
                        for q in s.questions
                    ],
                }
                for s in self.sections
            ],
        }


def _build(data: dict, path: Path) -> Questionnaire:
    scales = {name: {i["value"]: i["name"] for i in items} for name, items in data["scales"].items()}

    def question(q: dict) -> Question:
        names = scales[q["scale"]]
        texts = {int(k): v.strip() for k, v in q["levels"].items()}
        return Question(
            id=q["id"], text=q["text"].strip(), scale=q["scale"],
            levels=tuple(Level(v, names[v], texts[v]) for v in sorted(names)),
            sources=tuple(q["sources"]), help=(q.get("help") or "").strip() or None,
            weight=float(q.get("weight", 1)), quick=bool(q.get("quick", False)),
            na_for=tuple(q.get("na_for", ())),
        )

    sections = tuple(
        Section(
            id=s["id"], title=s["title"].strip(), block=s["block"], leg=s.get("leg"),
            intro=(s.get("intro") or "").strip() or None, weight=float(s.get("weight", 1)),
            questions=tuple(question(q) for q in s["questions"]),
        )
        for s in data["sections"]
    )
    scoring = data["scoring"]
    stages = tuple(
        Stage(s["number"], s["name"], float(s["min_score"]), s["target_level"]) for s in scoring["stages"]
    )
    caps, stool = scoring.get("caps", {}), scoring["stool"]
    rules = Rules(
        imbalance_points=float(stool["imbalance_points"]),
        lag_points=float(stool["lag_points"]) if "lag_points" in stool else None,
        min_answered=float(stool.get("min_answered", 0)), leg_margin=int(stool.get("leg_margin", 0)),
        max_drop=caps.get("max_drop", len(stages)), cap_floor=caps.get("floor", 1),
        provisional_below=float(scoring.get("confidence", {}).get("provisional_below", 0)),
        gates=tuple(
            Gate(g["id"], g["stage"], g["title"].strip(),
                 tuple(Requirement(r["question"], r["min_level"]) for r in g["require"]), g.get("leg"),
                 (g.get("unmet") or "").strip() or None)
            for g in scoring["gates"]
        ),
        moves={int(stage): tuple(Requirement(r["question"], r["min_level"]) for r in reqs)
               for stage, reqs in (scoring.get("moves") or {}).items()},
        roadmap_order=tuple((e,) if isinstance(e, str) else tuple(e) for e in scoring["roadmap"]["order"]),
        now_max=scoring["roadmap"]["now_max"],
        next_max=scoring["roadmap"]["next_max"],
    )
    return Questionnaire(
        id=data["id"], version=data["version"], title=data["title"].strip(),
        summary=(data.get("summary") or "").strip() or None,
        sections=sections, stages=stages, rules=rules, path=str(path),
    )


def load_file(path: Path) -> Questionnaire:
    """Read and validate one questionnaire file; raise QuestionnaireError naming every problem."""
    path = Path(path)
    problems = Problems(path.name)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError([f"{path.name}: cannot read file: {exc}"]) from exc
    except yaml.YAMLError as exc:
        raise QuestionnaireError([f"{path.name}: not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise QuestionnaireError([f"{path.name}: (top level): expected a mapping of keys"])
    check_schema(data, SCHEMA_PATH, problems)
    if not problems.items:
        check_semantics(data, problems)
    if problems.items:
        raise QuestionnaireError(problems.items)
    return _build(data, path)


def questionnaire_files(directory: Path = QUESTIONNAIRE_DIR) -> list[Path]:
    """The questionnaire files in a folder (the schema and sub-folders are not questionnaires)."""
    return sorted(p for p in Path(directory).glob("*.y*ml") if p.is_file())


def load_all(directory: Path = QUESTIONNAIRE_DIR) -> dict[str, Questionnaire]:
    """Every questionnaire in a folder by id; all problems of all files are raised together."""
    found: dict[str, Questionnaire] = {}
    problems: list[str] = []
    for path in questionnaire_files(directory):
        try:
            q = load_file(path)
        except QuestionnaireError as exc:
            problems.extend(exc.problems)
            continue
        if q.id in found:
            problems.append(f"{path.name}: id: duplicate questionnaire id '{q.id}' (also in {Path(found[q.id].path).name})")
        found[q.id] = q
    if problems:
        raise QuestionnaireError(problems)
    return found


def validate(path: Path) -> list[str]:
    """Problems in a questionnaire file or in every file of a folder; empty when all is valid."""
    path = Path(path)
    try:
        load_all(path) if path.is_dir() else load_file(path)
    except QuestionnaireError as exc:
        return exc.problems
    return []
