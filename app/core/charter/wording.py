"""The charter draft's words, from model/charter.yaml and model/charter_evidence.yaml, validated (pure Python).

Every text is a sentence or a choice of sentences keyed by voice and business model (see the head
of charter.yaml); `{names}` are filled in from the company's words and the facts of the draft. The
loader names file, key and problem for a bad key, an unknown placeholder or a level off the scale.
"""
from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from app.core.answers import is_level, is_unknown
from app.core.company_data import RULES as COMPANY_RULES
from app.core.company_data import VOICES
from app.core.validation import key_path

MODEL_DIR = Path(__file__).resolve().parents[3] / "questionnaires" / "model"
FILES = ("charter.yaml", "charter_evidence.yaml")
MODELS = ("self_serve", "low_touch", "high_touch", "services_heavy", "mixed", "unknown")
# The facts a text may name besides the company's words (company.yaml voices).
PLACEHOLDERS = frozenset("""
    organisation who employees customers departments kind_label stage stage_name capability capability_name caps
    headline find_out why title today question weakest_leg leg_score grr nrr lost lost_money period churn
    accounts_lost expansion verdict value arr_per_person book named_at_most programme_at_most people amount low
    high first_phase focus leads supports owner stages mean level anchor unknown counts n name aim name_lower
    figures target_stage target_stage_name text chair phase do count s verb_s unlocks window customers_phrase
    programme_floor figure our_customers owners from_figures more named_floor then them items points span yearly a_year
    measure why kpi are others leg score shrink business
""".split())
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEXT = {"type": "string", "minLength": 1, "pattern": "\\S"}
_VOICES, _MODELS = "|".join(VOICES), "|".join(MODELS)
_VARIANT_KEY = f"^(default|({_VOICES})|({_MODELS})|({_VOICES})\\+({_MODELS}))$"
_CHOICE = {"anyOf": [_TEXT, {"type": "object", "minProperties": 1, "propertyNames": {"pattern": _VARIANT_KEY},
                             "additionalProperties": _TEXT}]}
_LEVEL_KEY = "^([0-4](-[0-4])?|unknown)$"
_BOOK = {"type": "object", "minProperties": 1, "propertyNames": {"pattern": _LEVEL_KEY}, "additionalProperties": _CHOICE}
_QID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
SCHEMAS = {
    "charter.yaml": {
        "type": "object", "required": ["sections"], "additionalProperties": {
            "type": "object", "minProperties": 1, "additionalProperties": _CHOICE},
        "properties": {"sections": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["id", "title", "prompt"],
            "properties": {"id": {"type": "string", "pattern": "^[a-z][a-z_]*$"}, "title": _TEXT, "prompt": _TEXT}}}}},
    "charter_evidence.yaml": {
        "type": "object", "additionalProperties": False, "required": ["evidence", "today", "principles", "rungs"],
        "properties": {
            "evidence": {"type": "object", "additionalProperties": _BOOK},
            "today": {"type": "object", "additionalProperties": _BOOK},
            "shortest": {"type": "object", "additionalProperties": _BOOK},
            "principles": {"type": "array", "minItems": 1, "items": {
                "type": "object", "additionalProperties": False, "required": ["id", "phrases"],
                "properties": {"id": _TEXT, "question": _QID, "leg": {"const": True}, "otherwise": _CHOICE,
                               "phrases": {"type": "object", "minProperties": 1, "additionalProperties": _CHOICE,
                                           "propertyNames": {"pattern": "^([0-4](-[0-4])?|unknown|balanced|unbalanced)$"}}}}},
            "rungs": {"type": "object", "additionalProperties": {
                "type": "object", "additionalProperties": False, "required": ["question", "aim"],
                "properties": {"question": {"anyOf": [_QID, {"type": "object", "required": ["default"],
                                                             "propertyNames": {"pattern": _VARIANT_KEY},
                                                             "additionalProperties": _QID}]},
                               "aim": _CHOICE, "name": _CHOICE}}},
        }},
}
# The texts the drafting code asks for are those of the shipped charter.yaml: a folder's own file must hold them
# all (tests/test_charter_wording.py checks that the code asks for no other), so a missing one fails validation,
# never a draft.
def _shipped_keys() -> tuple[str, ...]:
    data = yaml.load((MODEL_DIR / "charter.yaml").read_text(encoding="utf-8"), Loader=_LOADER) or {}
    return tuple(f"{section}.{key}" for section, texts in data.items() if section != "sections" and isinstance(texts, dict)
                 for key in texts)


REQUIRED_TEXTS = _shipped_keys()


@dataclass(frozen=True)
class Section:
    """One charter section: id, title and the one-line prompt telling the team what to write."""

    id: str
    title: str
    prompt: str


@dataclass(frozen=True)
class Wording:
    """Every text of the charter draft, by section and key, and the phrase books of the answers."""

    sections: tuple[Section, ...]
    texts: Mapping
    evidence: Mapping
    today: Mapping
    principles: tuple
    rungs: Mapping
    shortest: Mapping = None  # why the shortest leg matters, by the leg's key question (optional in a folder's file)

    def rung_names(self, labels, voice: str, model: str | None) -> dict[str, str]:
        """Each objective rung's name for a company: the wording's for its model, else labels.yaml's."""
        return {rung: choose(self.rungs.get(rung, {}).get("name"), voice, model) or name
                for rung, name in labels.objective_rungs.items()}

    def text(self, key: str):
        """The text (or choice of texts) at 'section.key'."""
        section, _, name = key.partition(".")
        return self.texts[section][name]


def choose(entry, voice: str, model: str | None):
    """The variant of a text that fits: voice+model, voice, model, then default."""
    if not isinstance(entry, Mapping):
        return entry
    model = model or "unknown"
    for key in (f"{voice}+{model}", voice, model, "default"):
        if key in entry:
            return entry[key]
    return ""


def phrase(book: Mapping, value):
    """The phrase of a phrase book for an answer: its level, a range holding it, or "unknown"; None otherwise."""
    if is_unknown(value):
        return book.get("unknown")
    if not is_level(value):
        return None
    for key, text in book.items():
        low, _, high = str(key).partition("-")
        if low.isdigit() and int(low) <= value <= int(high or low):
            return text
    return None


def _texts(node, where: str):
    """Every sentence in a node, with the key that holds it."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from _texts(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{where}[{i}]")


def _placeholder_problems(name: str, data: dict) -> list[str]:
    words = set(COMPANY_RULES["voices"]["neutral"])
    allowed = PLACEHOLDERS | words | {w[:1].upper() + w[1:] for w in words | PLACEHOLDERS}
    problems = []
    for where, text in _texts(data, ""):
        if where.startswith("sections[") or where.endswith((".question", ".id")):
            continue
        try:
            fields = [f for _, f, spec, conv in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            problems.append(f"{name}: {where}: {exc} (write {{{{ and }}}} for a brace)")
            continue
        problems += [f"{name}: {where}: unknown placeholder {{{f}}} (known: the words of company.yaml and "
                     "PLACEHOLDERS in app/core/charter/wording.py)" for f in fields if f not in allowed]
    return problems


def check(raw: dict[str, dict]) -> list[str]:
    """Problems the schema cannot see: unknown placeholders, missing texts, sections listed twice."""
    charter, evidence = raw["charter.yaml"], raw["charter_evidence.yaml"]
    problems = _placeholder_problems("model/charter.yaml", charter)
    problems += _placeholder_problems("model/charter_evidence.yaml", evidence)
    ids = [s["id"] for s in charter["sections"]]
    problems += [f"model/charter.yaml: sections: '{i}' is listed twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for key in REQUIRED_TEXTS:
        section, _, text = key.partition(".")
        if text not in (charter.get(section) or {}):
            problems.append(f"model/charter.yaml: {key}: missing (the draft of section '{section}' needs it)")
    return problems


def _text_keys(data):
    if isinstance(data, dict):
        return {str(k): _text_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_text_keys(v) for v in data]
    return data


def read(directory: Path = MODEL_DIR) -> tuple[dict[str, dict], list[str]]:
    """Both files' data and every problem, each naming file, key and problem."""
    raw, problems = {}, []
    for name in FILES:
        try:
            data = yaml.load((Path(directory) / name).read_text(encoding="utf-8"), Loader=_LOADER)
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"model/{name}: cannot read: {exc}")
            continue
        # Levels are YAML integers; the schema sees every key as the text a reader typed.
        errors = sorted(jsonschema.Draft202012Validator(SCHEMAS[name]).iter_errors(_text_keys(data)), key=lambda e: list(e.path))
        problems += [f"model/{name}: {key_path(e.absolute_path) or '(top level)'}: {e.message}" for e in errors]
        raw[name] = data if not errors else None
    if problems or any(v is None for v in raw.values()):
        return raw, problems
    return raw, check(raw)


def build(raw: dict[str, dict]) -> Wording:
    """Wording from validated data."""
    charter, evidence = dict(raw["charter.yaml"]), raw["charter_evidence.yaml"]
    sections = tuple(Section(**s) for s in charter.pop("sections"))
    return Wording(sections=sections, texts=charter, evidence=evidence["evidence"], today=evidence["today"],
                   principles=tuple(evidence["principles"]), rungs=evidence["rungs"], shortest=evidence.get("shortest") or {})


def load_wording(directory: Path = MODEL_DIR) -> Wording:
    """Read and validate the charter wording; raise ValueError naming every problem."""
    raw, problems = read(directory)
    if problems:
        raise ValueError("\n".join(problems))
    return build(raw)


WORDING = load_wording()
