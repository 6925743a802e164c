"""Roadmap phases: the stage each phase unlocks, its goal, or why it cannot move the stage (pure Python).

Every figure here comes from re-scoring the answers with the phase's actions done (each question raised
to the level its action reaches), so a phase never claims a stage the answers would not give.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.actions import FIND_OUT
from app.core.labels import LABELS
from app.core.planner import needs_for_next
from app.core.questionnaire import Questionnaire, Stage
from app.core.reference import Model
from app.core.scoring import Result, score

PHASES = (
    ("now", "Now", "0-90 days"),
    ("next", "Next", "3-6 months"),
    ("later", "Later", "6-12 months"),
)


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    window: str
    actions: tuple  # the RoadmapActions shown, in the order to do them
    projected_stage: Stage | None  # the stage once this phase's shown actions and those before it are done
    more: tuple = ()  # actions past the caps: listed in the appendix and the CSV, not in the plan
    aims_at: Stage | None = None  # the stage after the one the phase starts from
    goal: tuple[str, ...] = ()  # what that stage needs from here: gates, the short leg, the stage's moves
    why_not: str | None = None  # when no phase up to the end of the plan reaches `aims_at`: what stands in the way
    due_days: int = 0  # days from today by which the phase's actions are due
    reached_with: str | None = None  # the later phase whose end reaches `aims_at`, when this one does not


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:].rstrip(".")


def _leg_name(leg: str) -> str:
    return LABELS.legs.get(leg, leg).lower()


def _questions(questionnaire: Questionnaire, ids) -> str:
    """Questions named in a sentence, each with its own question mark: joined by "and", never by a comma or a
    semicolon straight after it (“…result?;” reads as doubled punctuation)."""
    return " and ".join(_lower_first(questionnaire.questions[q].text) for q in ids)


def _move_texts(questionnaire: Questionnaire, model: Model | None, stage: int) -> dict[str, str]:
    """The moves of a stage as the model words them (imperatives, as the phase goals name them), by question."""
    if model is None or stage not in model.stages:
        return {}
    return dict(zip((r.question for r in questionnaire.rules.moves.get(stage, ())), model.stages[stage].moves))


def _blockers(questionnaire: Questionnaire, result: Result, following: Stage, unknown, model: Model | None = None) -> list[str]:
    """What keeps a re-scored result below `following`: gates, caps, moves, unknown answers, breadth."""
    reasons = []
    for g in result.gates:
        if g.gate.stage <= following.number and g.status == "failed":
            reasons.append(g.gate.missing)
    for c in result.caps:
        if c.kind == "stool" and c.holds_at < following.number:
            reasons.append(c.reason)
    if unknown:
        reasons.append(f"nobody knows yet the answer to: {_questions(questionnaire, unknown)} (find out first)")
    moves = result.moves
    if moves is not None and not moves.made and result.score_stage and result.score_stage.number == following.number - 1:
        texts = _move_texts(questionnaire, model, result.score_stage.number)
        if all(q in texts for q in moves.missing):
            missing = "; ".join(_lower_first(texts[q]) for q in moves.missing)
        else:
            missing = _questions(questionnaire, moves.missing)
        if moves.missing:
            reasons.append("the stage's moves are not all made: " + missing)
    by_score = result.score_stage.number if result.score_stage else 0
    if by_score < following.number - 1 and result.overall is not None:
        floor = questionnaire.stage(following.number - 1)
        # A projection, not today's score (which the report's headline states): said as one.
        reasons.append(f"the overall score would be {int(result.overall)} by then, and the moves to stage {following.number} count "
                       f"from an overall score of {floor.min_score:g} (most practices at level {floor.target_level} or above)")
    return reasons


def why_not(questionnaire: Questionnaire, result: Result, unknown=(), model: Model | None = None) -> str:
    """One sentence on why a re-scored result does not reach the next stage."""
    stage = result.stage
    if stage is None:
        return "There is no stage yet: answer the questions with a level to get one."
    if stage.number == len(questionnaire.stages):
        return f"Stage {stage.number} ({stage.name}) is the top of the ladder: this phase keeps you there."
    following = questionnaire.stage(stage.number + 1)
    reasons = _blockers(questionnaire, result, following, unknown, model) or ["more of its practices are needed"]
    return (f"After this phase you are still at stage {stage.number} ({stage.name}). What still stands in the "
            f"way of stage {following.number} ({following.name}): {'; '.join(reasons)}.")


def goal(questionnaire: Questionnaire, model: Model, answers: Mapping, result: Result,
         when: str = "today") -> tuple[str, ...]:
    """What the next stage needs from where the phase starts, in words: gates, the short leg, the stage's moves.
    `when` names that start: "today" for the first phase, a projection for the later ones."""
    needs = needs_for_next(questionnaire, answers, result, model.actions)
    if needs.target is None:
        return ()
    items: list[str] = []
    gated = set()  # a question a gate already names is not named again as a move
    for need in needs.needs:
        if need.kind == "gate" and need.gate:
            items.append(need.gate.title)
            gated |= {r.question for r in need.gate.require}
    if result.carries and result.capping_leg and result.carries.number < needs.target:
        score_now = (result.legs or {}).get(result.capping_leg)
        items.append(f"lengthen the {_leg_name(result.capping_leg)} leg of the stool (score {score_now:g} {when}) "
                     f"until it carries stage {needs.target}")
    by_score = result.score_stage.number if result.score_stage else 0
    if by_score == needs.target - 1:
        texts = _move_texts(questionnaire, model, by_score)
        wanted = {n.question for n in needs.needs} - gated
        items += [text for qid, text in texts.items() if qid in wanted]
    elif by_score < needs.target - 1:
        floor = questionnaire.stage(needs.target - 1)
        items.append(f"most practices at level {floor.target_level} or above (an overall score of {floor.min_score:g}, "
                     f"{int(result.overall or 0)} {when})")
    return tuple(dict.fromkeys(items))


def project(questionnaire: Questionnaire, model: Model, answers: Mapping, result: Result, buckets) -> list[Phase]:
    """Phases with projected stages: each re-scores the answers with the shown actions so far done."""
    raised, starts, ends = dict(answers), [], []
    for actions in buckets:
        starts.append((dict(raised), score(questionnaire, raised)))
        for action in (a for a in actions if a.shown and a.kind != FIND_OUT):
            raised[action.question_id] = max(action.target_level, raised[action.question_id]) \
                if isinstance(raised.get(action.question_id), int) else action.target_level
        ends.append(score(questionnaire, raised))
    phases = []
    for i, ((phase_id, name, window), actions) in enumerate(zip(PHASES, buckets)):
        before_answers, before = starts[i]
        start = before.stage.number if before.stage else 1
        aims = questionnaire.stage(min(start + 1, len(questionnaire.stages)))
        reach = next((j for j in range(i, len(ends)) if ends[j].stage and ends[j].stage.number >= aims.number
                      and start < len(questionnaire.stages)), None)
        unknown = needs_for_next(questionnaire, raised, ends[-1], model.actions).unknown
        phases.append(Phase(
            phase_id, name, window, tuple(a for a in actions if a.shown), ends[i].stage,
            more=tuple(a for a in actions if not a.shown), aims_at=aims,
            goal=goal(questionnaire, model, before_answers, before,
                      "today" if i == 0 else f"once {PHASES[i - 1][1]} is done"),
            why_not=None if reach is not None else why_not(questionnaire, ends[i], unknown, model),
            due_days=model.roadmap.due_days.get(phase_id, 0),
            reached_with=PHASES[reach][1] if reach is not None and reach > i else None,
        ))
    return phases
