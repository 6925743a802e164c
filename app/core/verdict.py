"""What the profile and the answers add beside the stage: outcome bands, fitting focus metrics, honest symptoms (pure Python).

The rules live in questionnaires/model/verdict.yaml; this module only applies them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from app.core.answers import is_level
from app.core.profile import Profile
from app.core.questionnaire import _LOADER, QUESTIONNAIRE_DIR, Questionnaire
from app.core.reference import Metric, Model

VERDICT_PATH = QUESTIONNAIRE_DIR / "model" / "verdict.yaml"


@dataclass(frozen=True)
class VerdictRules:
    mismatch_stages: int
    outcomes: dict  # figure -> {name, unit, from|up_to: {stage: bound}}
    metric_fit: dict  # metric id -> {fits: [business models], otherwise: metric id}
    symptoms: tuple  # ({stage, text, unless: {question id: level}, only_if: {question id: level}}, ...)
    caveats: tuple = ()  # ({stage, text: a sentence of the stage's description, unless}, ...)
    headline_without_signs: str = ""  # the portrait when the answers confirm none of the stage's symptoms


@lru_cache(maxsize=4)
def load_rules(path: Path = VERDICT_PATH) -> VerdictRules:
    """Read verdict.yaml (cached: it is read-only reference data)."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
    return VerdictRules(int(data["mismatch_stages"]), data["outcomes"], data["metric_fit"], tuple(data["symptoms"]),
                        tuple(data.get("caveats", ())), data.get("headline_without_signs", ""))


def band_stage(rule: dict, value: float) -> int:
    """The highest stage whose band the figure reaches."""
    if "up_to" in rule:
        return max(int(stage) for stage, bound in rule["up_to"].items() if value <= bound)
    return max(int(stage) for stage, bound in rule["from"].items() if value >= bound)


def _figure(value: float, unit: str) -> str:
    return f"{value:g}{unit}"


PER_YEAR = {"month": 12, "quarter": 4, "year": 1}
SPAN_WORDS = {"month": "a month", "quarter": "a quarter", "year": "a year"}
SURVEY_WORDS = {"month": "monthly survey", "quarter": "quarterly survey", "year": "yearly survey"}


def annualise(rule: dict, value: float, span: str) -> float:
    """A rate over a month or a quarter as the yearly rate the bands are written for, rounded to one decimal.

    Churn compounds on what is left (monthly m -> 1 - (1 - m)^12); retention compounds on itself (g^12).
    """
    periods = PER_YEAR[span]
    if rule.get("annualise") == "churn":
        return round(100 * (1 - (1 - value / 100) ** periods), 1)
    if rule.get("annualise") == "retention":
        return round(100 * (value / 100) ** periods, 1)
    return value


def _conversion(rule: dict, shown: str, yearly: float, span: str) -> str:
    """The annualisation said in words, with its formula, so a reader can check it."""
    periods, unit = PER_YEAR[span], rule["unit"]
    formula = (f"1 − (1 − {shown})^{periods}" if rule.get("annualise") == "churn" else f"{shown}^{periods}")
    return f"{shown} {SPAN_WORDS[span]} is about {yearly:g}{unit} a year ({formula})"


def _mismatch_sentence(name: str, shown: str, band, stage) -> str:
    """One figure against the stage, in a sentence; what it may mean is said once for all of them (mismatch_notes)."""
    later = "a later" if band.number > stage.number else "an earlier"
    return (f"Your {_lower_name(name)} of {shown} is typical of stage {band.number} ({band.name}), {later} stage than "
            f"the stage {stage.number} your answers describe.")


def _lower_name(name: str) -> str:
    """A figure's name inside a sentence: "net revenue retention", but "Net Promoter Score" keeps its capitals."""
    return name if name.startswith("Net Promoter") else name.lower()


def mismatch_summary(figures: list[dict]) -> list[str]:
    """The figures out of step with the stage, in one sentence per direction (a figure alone keeps its own sentence)."""
    out = []
    for direction, word in (("above", "later"), ("below", "earlier")):
        chosen = [f for f in figures if f.get("mismatch_direction") == direction]
        if len(chosen) == 1:
            out.append(chosen[0]["sentence"])
        elif chosen:
            names = [f"{_lower_name(f['name'])} ({_figure(f['value'], f['unit'])})" for f in chosen]
            bands = sorted({f["band_stage"]["number"] for f in chosen})
            said = " and ".join(map(str, bands)) if len(bands) <= 2 else ", ".join(map(str, bands[:-1])) + f" and {bands[-1]}"
            out.append(f"Your {', '.join(names[:-1])} and {names[-1]} are typical of stage{'s' if len(bands) > 1 else ''} "
                       f"{said}, {word} than the stage {chosen[0]['compared_with']} your answers describe.")
    return out


def mismatch_notes(figures: list[dict]) -> list[str]:
    """What the figures out of step with the stage may mean, said once however many there are: figures above it may
    owe more to the contract or the product than to practice (each reason only for figures it can explain); figures
    below it ask whether the practices reach customers."""
    above = [f for f in figures if f.get("mismatch_direction") == "above"]
    below = [f for f in figures if f.get("mismatch_direction") == "below"]
    notes = []
    if above:
        contract = "long contracts, the cost of switching, pricing or a few large accounts"
        product = "how much customers like the product itself"
        rates, nps = any(f["id"] != "nps" for f in above), any(f["id"] == "nps" for f in above)
        causes = (f"for retention and churn, {contract}; for NPS, {product}" if rates and nps
                  else contract if rates else product)
        notes.append(f"Either the answers undersell what you do, or {'these figures owe' if len(above) > 1 else 'the figure owes'} "
                     f"more to something else than to customer-success practice: {causes}.")
    if below:
        notes.append("Check whether the practices you described really reach customers, or whether the answers were "
                     "generous.")
    return notes


def _read(key: str, rule: dict, profile: Profile, value: float) -> dict:
    """One figure's span, its label, and its yearly value when the bands need one."""
    span = profile.period_of(key)
    rate = "annualise" in rule
    label = (SURVEY_WORDS if not rate else SPAN_WORDS).get(span) if getattr(profile, f"{key}_period", None) else None
    label = label or (profile.period if rate else None) or (SURVEY_WORDS.get(span) if span else None)
    if not rate or span in (None, "year"):
        return {"span": span, "period": label, "yearly": value if rate else None, "conversion": None,
                "assumed_yearly": rate and span is None}
    yearly = annualise(rule, value, span)
    return {"span": span, "period": label, "yearly": yearly, "assumed_yearly": False,
            "conversion": _conversion(rule, _figure(value, rule["unit"]), yearly, span)}


def outcomes(questionnaire: Questionnaire, profile: Profile, stage, rules: VerdictRules | None = None) -> list[dict]:
    """One entry per captured outcome figure: its value and span, the yearly value it is read as (with the
    conversion shown), the stage that yearly value is typical of, and any mismatch with `stage`."""
    rules = rules or load_rules()
    out = []
    for key, rule in rules.outcomes.items():
        value = getattr(profile, key, None)
        if value is None:
            continue
        read = _read(key, rule, profile, value)
        compared = read["yearly"] if read["yearly"] is not None else value
        band = questionnaire.stage(band_stage(rule, compared))
        gap = abs(band.number - stage.number) if stage else 0
        mismatch = stage is not None and gap >= rules.mismatch_stages
        shown = _figure(value, rule["unit"]) + (f" {SPAN_WORDS[read['span']]} (about {compared:g}{rule['unit']} a year)"
                                                if read["conversion"] else "")
        out.append({
            "id": key, "name": rule["name"], "value": value, "unit": rule["unit"], **read,
            "band_stage": {"number": band.number, "name": band.name}, "mismatch": mismatch,
            "mismatch_direction": ("above" if band.number > stage.number else "below") if mismatch else None,
            "compared_with": stage.number if stage else None,  # the stage the answers describe
            "sentence": _mismatch_sentence(rule["name"], shown, band, stage) if mismatch else None,
        })
    return out


def focus_metrics(model: Model, stage_number: int | None, profile: Profile, rules: VerdictRules | None = None) -> list[Metric]:
    """The stage's focus metrics, each replaced or dropped when it does not fit the business model."""
    if not stage_number:
        return []
    rules = rules or load_rules()
    chosen: list[str] = []
    for mid in model.stages[stage_number].focus_metrics:
        fit = rules.metric_fit.get(mid)
        if fit and profile.business_model and profile.business_model not in fit["fits"]:
            mid = fit.get("otherwise")
        if mid and mid in model.metrics and mid not in chosen:
            chosen.append(mid)
    return [model.metrics[m] for m in chosen]


def _reached(levels: Mapping, answers: Mapping) -> list[bool]:
    return [is_level(answers.get(qid)) and answers[qid] >= level for qid, level in levels.items()]


def contradicted(rule: dict, answers: Mapping) -> bool:
    """True when the answers say a symptom or caveat is not true here: an `unless` answer at or above
    its level, or a practice the symptom claims (`only_if`) not evidenced at its level."""
    return any(_reached(rule.get("unless", {}), answers)) or not all(_reached(rule.get("only_if", {}), answers))


def confirmed(rule: dict, answers: Mapping) -> bool:
    """True when the answers show a symptom: a `when` answer at or below its level (something is missing),
    or, for a symptom that claims a practice exists, its `only_if` levels reached."""
    when = rule.get("when")
    if when:
        return any(is_level(answers.get(qid)) and answers[qid] <= level for qid, level in when.items())
    return bool(rule.get("only_if"))


def symptoms(model: Model, stage_number: int | None, answers: Mapping, rules: VerdictRules | None = None) -> tuple[str, ...]:
    """The stage's symptoms the answers confirm (and none they contradict): the report calls them confirmed."""
    if not stage_number:
        return ()
    rules = rules or load_rules()
    shown = {s["text"] for s in rules.symptoms if s["stage"] == stage_number
             and not contradicted(s, answers) and confirmed(s, answers)}
    return tuple(text for text in model.stages[stage_number].symptoms if text in shown)


def is_problem(symptom: str, rules: VerdictRules | None = None) -> bool:
    """Whether a stage's symptom says something is missing or going wrong (its rule has `when`), not that a practice
    exists (`only_if`: "Board meetings review customer KPIs" is a sign of stage 5, never an obstacle)."""
    rules = rules or load_rules()
    return any(s["text"] == symptom and "when" in s for s in rules.symptoms)


def headline(model: Model, stage_number: int | None, answers: Mapping, rules: VerdictRules | None = None,
             confirmed: tuple[str, ...] | None = None) -> str:
    """The stage's one-line portrait, when the answers confirm at least one of its symptoms (`confirmed`, when the
    caller has them); else a line that says they show none (the portrait, "we win by heroics", would describe
    another company)."""
    if not stage_number:
        return ""
    rules = rules or load_rules()
    confirmed = symptoms(model, stage_number, answers, rules) if confirmed is None else confirmed
    if confirmed or not rules.headline_without_signs:
        return model.stages[stage_number].headline
    return rules.headline_without_signs


def description(model: Model, stage_number: int | None, answers: Mapping, rules: VerdictRules | None = None,
                confirmed: tuple[str, ...] | None = None) -> str:
    """The stage's description, without the sentences that say something is missing which the answers show; none when
    the answers confirm none of the stage's symptoms (the portrait would describe another company, see `headline`)."""
    if not stage_number:
        return ""
    rules = rules or load_rules()
    confirmed = symptoms(model, stage_number, answers, rules) if confirmed is None else confirmed
    if rules.headline_without_signs and not confirmed:
        return ""
    text = model.stages[stage_number].description
    for caveat in rules.caveats:
        if caveat["stage"] == stage_number and contradicted(caveat, answers):
            text = text.replace(caveat["text"], "")
    return " ".join(text.split())
