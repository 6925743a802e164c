"""Roadmap phases: the stage each phase unlocks, its goal from the stage moves, or why it cannot move (pure Python)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.actions import FIND_OUT
from app.core.answers import is_level, is_na
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
    goal: tuple[str, ...] = ()  # the stage moves (stages.yaml) that lift the company to `aims_at`
    why_not: str | None = None  # when the phase cannot move the stage: what still holds it
    due_days: int = 0  # days from today by which the phase's actions are due


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:].rstrip(".")


def _blockers(questionnaire: Questionnaire, result: Result, following: Stage) -> list[str]:
    """What keeps a re-scored result below `following`: gates, caps, the stool, the overall score."""
    reasons = []
    for g in result.gates:
        status = getattr(g, "status", "passed" if g.passed else "failed")
        if g.gate.stage == following.number and status == "failed":
            reasons.append(f"it is not yet true that {_lower_first(g.gate.title)}")
        elif g.gate.stage == following.number and status == "unknown":
            reasons.append(f"nobody knows yet whether {_lower_first(g.gate.title)}")
    caps = getattr(result, "caps", None)
    if caps is not None:
        reasons += [_lower_first(c.title) for c in caps if c.kind != "gate" and c.holds_at < following.number]
    elif result.leg_stage and result.leg_stage.number < following.number and result.weakest_leg:
        reasons.append(f"the {result.weakest_leg.replace('_', ' ')} leg of the stool is too short")
    if result.score_stage is None or result.score_stage.number < following.number:
        reasons.append(f"the overall score is below {following.min_score:g}, which takes most practices "
                       f"at level {following.target_level} or above")
    return reasons


def why_not(questionnaire: Questionnaire, result: Result) -> str:
    """One sentence on why a re-scored result does not reach the next stage."""
    stage = result.stage
    if stage is None:
        return "There is no stage yet: answer the questions with a level to get one."
    if stage.number == len(questionnaire.stages):
        return f"Stage {stage.number} ({stage.name}) is the top of the ladder: this phase keeps you there."
    following = questionnaire.stage(stage.number + 1)
    reasons = _blockers(questionnaire, result, following) or ["more of its practices are needed"]
    return (f"After this phase you are still at stage {stage.number} ({stage.name}). What still stands in the "
            f"way of stage {following.number} ({following.name}): {'; '.join(reasons)}.")


DEFINED = 2  # the level at which a practice is written down and used, not just occasional


def goal(model: Model, start: int, aims: Stage, answers: Mapping) -> tuple[str, ...]:
    """The moves of the starting stage (stages.yaml) whose practice is not yet at the level `aims` needs.

    A company whose answers already show a move (tiers, a trusted health score ...) is not told to make it;
    a move whose practice is not applicable to it is left out too.
    """
    info = model.stages.get(start)
    if info is None:
        return ()
    practices = model.roadmap.goals.get(start)
    if not practices:
        return info.moves
    done_at = max(DEFINED, aims.target_level)  # a move is made once its practice is at least defined
    return tuple(move for move, qid in zip(info.moves, practices)
                 if not is_na(answers.get(qid)) and not (is_level(answers.get(qid)) and answers[qid] >= done_at))


def project(questionnaire: Questionnaire, model: Model, answers: Mapping, result: Result, buckets) -> list[Phase]:
    """Phases with projected stages: each re-scores the answers with the shown actions so far done."""
    raised, before, phases = dict(answers), result, []
    for (phase_id, name, window), actions in zip(PHASES, buckets):
        before_answers = dict(raised)
        shown = tuple(a for a in actions if a.shown)
        for action in shown:
            if action.kind != FIND_OUT:
                raised[action.question_id] = action.target_level
        after = score(questionnaire, raised)
        start = before.stage.number if before.stage else 1
        aims = questionnaire.stage(min(start + 1, len(questionnaire.stages)))
        moved = after.stage is not None and (before.stage is None or after.stage.number > before.stage.number)
        phases.append(Phase(
            phase_id, name, window, shown, after.stage, more=tuple(a for a in actions if not a.shown),
            aims_at=aims, goal=goal(model, start, aims, before_answers), why_not=None if moved else why_not(questionnaire, after),
            due_days=model.roadmap.due_days.get(phase_id, 0),
        ))
        before = after
    return phases
