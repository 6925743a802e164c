"""Gaps -> a short, ordered, phased roadmap that moves the stage (pure Python).

Each phase is planned from where the phases before it leave the company. Now starts with what a gate
hangs on and nobody knows (find out first), then lengthens a stool leg that is out of proportion (two
of its actions at least), then takes what the next stage needs (app/core/plan.py: failed gates, the
weakest leg, the stage's moves, breadth), and fills what room is left with the stage's other moves, the
weakest leg and the largest gaps. Every action is one step from the level the question stands at
(model/actions.yaml: write it, adopt it, review it), so nothing that exists is built again and no action
aims at or below today's level; a question the next stage needs two steps of gets its second step in a
later phase. Within a phase, actions follow the O.P.T.IN² order (organisation, processes, tools,
information, integration) without ever coming before one they depend on. N/A never becomes an action.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core import stool
from app.core.actions import FIND_OUT
from app.core.answers import is_level
from app.core.planner import Need, needs_for_next
from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN, Questionnaire
from app.core.reference import OWNERS, Model
from app.core.roadmap_phases import PHASES, Phase, project
from app.core.roadmap_steps import Plan, build_fields, find_out_fields, stage_helped, step_of, unknown_gates
from app.core.scoring import Result, score

__all__ = ["PHASES", "Phase", "RoadmapAction", "build_roadmap", "flatten"]

# Priority tiers, lowest first: find out what a gate hangs on, lengthen the short leg, make the moves of
# earlier stages still missing (the foundations: a stage-2 company whose renewals go unwatched fixes that
# first), meet what the next stage needs, make the current stage's other moves, lengthen the weakest leg,
# close other gaps, and last find out the remaining "don't know" answers.
TIER_GATE_UNKNOWN, TIER_SHORT_LEG, TIER_FOUNDATION, TIER_NEED, TIER_MOVE, TIER_LEG, TIER_GAP, TIER_UNKNOWN = range(8)
SHORT_LEG_FIRST = 2  # Now starts with at least this many actions on a leg out of proportion


@dataclass(frozen=True)
class RoadmapAction:
    question_id: str
    section_id: str
    do: str
    owner: str
    measure: str
    phase: str
    helps_reach: int  # the stage this action helps the organisation reach
    level: int | str | None  # the level the question stands at when the action starts (today's, or a previous step's)
    target_level: int  # the level the action reaches (for a find-out: the level the gate needs, or the lowest)
    why: str
    gate: str | None = None  # title of the gate this action clears or settles
    kind: str = "build"  # build, adopt, review or find_out
    depends_on: tuple[str, ...] = ()  # question ids whose actions come first
    shown: bool = True  # False: past the caps, listed only in the appendix and the CSV
    need: str | None = None  # what the next stage needs it for: gate, leg, move or breadth (app/core/plan.py)

    @property
    def owner_label(self) -> str:
        return OWNERS.get(self.owner, self.owner)

    def to_dict(self) -> dict:
        return {
            "question": self.question_id, "section": self.section_id, "action": self.do, "phase": self.phase,
            "owner": self.owner, "measure": self.measure, "helps_reach": self.helps_reach,
            "level": self.level, "target_level": self.target_level, "why": self.why, "gate": self.gate,
            "kind": self.kind, "depends_on": list(self.depends_on), "shown": self.shown, "need": self.need,
        }


@dataclass
class _Phase:
    """The actions chosen for one phase, in the order they were chosen, with the room left."""

    index: int
    room: int
    current: int  # the stage the company stands at when the phase starts
    start: dict = field(default_factory=dict)  # the levels when the phase starts
    items: list = field(default_factory=list)  # (fields, tier, question id)
    levels: dict = field(default_factory=dict)  # question id -> level once this phase's actions are done


def _prerequisites(plan: Plan, qid: str, state: Mapping) -> list[str]:
    """Questions whose level must come first: an action's `after` not met at `state`."""
    action = plan.model.actions.get(qid)
    if action is None:
        return []
    out = []
    for p, level in action.after:
        value = state.get(p)
        if p == qid or p not in plan.questionnaire.questions or value == NOT_APPLICABLE:
            continue
        if value in (UNKNOWN, None):
            continue  # a prerequisite nobody knows is found out (first in its phase), not awaited
        if not (is_level(value) and value >= level):
            out.append(p)
    return out


def _add(plan: Plan, phase: _Phase, qid: str, tier: int, need=None, gate=None, depth: int = 0) -> bool:
    """Put one question's next action in the phase, after its prerequisites (brought along for urgent tiers)."""
    question, value = plan.questionnaire.questions[qid], plan.state.get(qid)
    if phase.room <= 0 or qid in phase.levels or value == NOT_APPLICABLE or depth > 4:
        return False
    if value in (UNKNOWN, None):
        if qid in plan.found_out or (value is None and gate is None):
            return False
        fields, level = find_out_fields(plan, question, gate, phase.current), value
        plan.found_out.add(qid)
    elif value >= question.max_value:
        return False
    else:
        # Only what the next stage needs brings its prerequisites into the same phase; anything else
        # waits for a phase after theirs (nobody reviews a charter in the quarter it is first written).
        past_the_plan = phase.index >= len(PHASES)  # past the caps, order is all that counts
        if tier > TIER_NEED and not past_the_plan and _prerequisites(plan, qid, phase.start):
            return False
        for p in _prerequisites(plan, qid, plan.state):
            if not _add(plan, phase, p, tier, depth=depth + 1):
                return False
        if phase.room <= 0:
            return False
        fields = build_fields(plan, question, need, phase.current)
        level = fields["target_level"]
    fields["depends_on"] = tuple(p for p in _prerequisites(plan, qid, plan.answers) if p in plan.placed) \
        if is_level(value) else ()
    phase.items.append((fields, tier, qid))
    phase.levels[qid] = level
    phase.room -= 1
    if is_level(level):
        plan.state[qid] = level
    plan.placed.setdefault(qid, phase.index)
    return True


def _short_leg(plan: Plan, phase: _Phase, result: Result) -> None:
    """Now starts with the leg out of proportion: its lowest answers first."""
    leg = stool.short_leg(plan.questionnaire, result.legs or {}, result.balance) if result.balance else None
    if leg is None:
        return
    rules = plan.questionnaire.rules
    deciding = {r.question for g in rules.gates for r in g.require} | {r.question for m in rules.moves.values() for r in m}
    order = list(plan.questionnaire.questions)
    # The leg's questions that decide the stage (gates, moves) first, then the lowest answers.
    questions = sorted((q for q in stool.leg_questions(plan.questionnaire, leg) if is_level(plan.state.get(q.id))),
                       key=lambda q: (q.id not in deciding, plan.state[q.id], -q.weight, order.index(q.id)))
    added = 0
    for q in questions:
        if added >= SHORT_LEG_FIRST:
            break
        added += _add(plan, phase, q.id, TIER_SHORT_LEG, need=Need(q.id, plan.state[q.id] + 1, "leg"))


def _foundations(plan: Plan, phase: _Phase) -> None:
    """The moves of the stages below the current one that are still not made."""
    for stage in range(1, phase.current):
        for req in plan.questionnaire.rules.moves.get(stage, ()):
            value = plan.state.get(req.question)
            if is_level(value) and value < req.min_level:
                _add(plan, phase, req.question, TIER_FOUNDATION, need=Need(req.question, req.min_level, "move"))


def _needs(plan: Plan, phase: _Phase) -> None:
    """What the next stage needs, round after round while the phase has room and progress is made.

    One stage per phase: once the phase reaches the next stage, the stage after it waits for the next
    phase, so a phase's goal and the stage it unlocks are the same stage.
    """
    while phase.room > 0:
        result = score(plan.questionnaire, plan.state)
        needs = needs_for_next(plan.questionnaire, plan.state, result, plan.model.actions)
        if needs.target != phase.current + 1:
            return
        progress = False
        for qid in needs.unknown:
            progress |= _add(plan, phase, qid, TIER_GATE_UNKNOWN, gate=unknown_gates(result, plan.state).get(qid))
        for need in needs.needs:
            progress |= _add(plan, phase, need.question, TIER_NEED, need=need)
        if not progress:
            return


def _fill(plan: Plan, phase: _Phase) -> None:
    """The room left: a leg out of proportion, the moves of the stage reached, the weakest leg, the largest
    gaps (organisation before processes before tools, O.P.T.IN²), then what nobody knows."""
    result = score(plan.questionnaire, plan.state)
    current = result.stage.number if result.stage else 1
    moves = {r.question for r in plan.questionnaire.rules.moves.get(current, ())
             if is_level(plan.state.get(r.question)) and plan.state[r.question] < r.min_level}
    short = stool.short_leg(plan.questionnaire, result.legs or {}, result.balance) if result.balance else None
    tools = plan.questionnaire.roadmap_rank(plan.questionnaire.section("ops-tools")) \
        if plan.questionnaire.section("ops-tools") else len(plan.questionnaire.rules.roadmap_order)
    ranked = []
    for index, (qid, question) in enumerate(plan.questionnaire.questions.items()):
        value = plan.state.get(qid)
        if qid in plan.placed or value == NOT_APPLICABLE or (is_level(value) and value >= question.max_value):
            continue
        if value in (UNKNOWN, None):
            if value == UNKNOWN and phase.index >= 1:
                ranked.append((TIER_UNKNOWN, 0, 0.0, index, qid))
            continue
        section = plan.questionnaire.section_of[qid]
        rank, leg = plan.questionnaire.roadmap_rank(section), section.leg
        tier = (TIER_SHORT_LEG if leg and leg == short else TIER_MOVE if qid in moves and rank < tools
                else TIER_LEG if (leg and leg == result.weakest_leg) or qid in moves else TIER_GAP)
        target = step_of(plan, question, value).to
        if stage_helped(plan.questionnaire, current, value, target) - current > phase.index + 1 and tier > TIER_LEG:
            continue  # too far ahead for this phase
        # Within a tier and a section: the lowest practices first (a 1 raised to 2 before a 3 raised to 4, as a
        # practitioner would), then the largest gain.
        ranked.append((tier, rank, value, -question.weight * (target - value), index, qid))
    for tier, *_, qid in sorted(ranked):
        _add(plan, phase, qid, tier)


def _ordered(plan: Plan, phase: _Phase) -> list[dict]:
    """The phase's actions for reading: find-outs first, then O.P.T.IN² order, prerequisites always first."""
    legs = stool.legs(plan.questionnaire, phase.start)

    def key(item):
        fields, tier, qid = item
        section = plan.questionnaire.section_of[qid]
        leg = legs.get(section.leg) if section.leg else None
        return (fields["kind"] != FIND_OUT, plan.questionnaire.roadmap_rank(section),
                leg if leg is not None else 0.0, tier, phase.items.index(item))
    pending, out, done = sorted(phase.items, key=key), [], set()
    here = {item[2] for item in phase.items}
    while pending:
        ready = next(i for i in pending if all(p in done for p in i[0]["depends_on"] if p in here))
        pending.remove(ready)
        out.append(ready[0] | {"question_id": ready[2]})
        done.add(ready[2])
    return out


def _plan_phase(plan: Plan, index: int, room: int) -> list[dict]:
    result = score(plan.questionnaire, plan.state)
    current = result.stage.number if result.stage else 1
    phase = _Phase(index, room, current, dict(plan.state))
    if index == 0:
        for qid, gate in unknown_gates(result, plan.state).items():
            _add(plan, phase, qid, TIER_GATE_UNKNOWN, gate=gate)
        _short_leg(plan, phase, result)
        _foundations(plan, phase)
    _needs(plan, phase)
    _fill(plan, phase)
    return _ordered(plan, phase)


def _rest(plan: Plan) -> list[dict]:
    """Every question the plan has not reached, one action each from today's level, past the caps."""
    result = score(plan.questionnaire, plan.state)
    phase = _Phase(len(PHASES), len(plan.questionnaire.questions), result.stage.number if result.stage else 1,
                   dict(plan.state))
    for qid in plan.questionnaire.questions:
        if qid not in plan.placed and plan.answers.get(qid) == UNKNOWN:
            _add(plan, phase, qid, TIER_UNKNOWN)
    _fill(plan, phase)
    return [item[0] | {"question_id": item[2]} for item in phase.items]


def build_roadmap(questionnaire: Questionnaire, model: Model, answers: Mapping, result: Result,
                  profile=None) -> list[Phase]:
    """Level-aware actions in dependency order, split into Now / Next / Later with projected stages."""
    del profile, result  # the profile's N/A defaults are already in the answers; each phase re-scores its start
    plan = Plan(questionnaire, model, answers, dict(answers))
    limits = [questionnaire.rules.now_max, questionnaire.rules.next_max, model.roadmap.shown_max]
    budget, buckets = model.roadmap.shown_max, []
    for k in range(len(PHASES)):
        chosen = _plan_phase(plan, k, min(limits[k], budget))
        budget -= len(chosen)
        buckets.append([_action_of(fields, k, True, questionnaire) for fields in chosen])
    buckets[-1] += [_action_of(fields, len(PHASES) - 1, False, questionnaire) for fields in _rest(plan)]
    return project(questionnaire, model, answers, score(questionnaire, answers), buckets)


def _action_of(fields: dict, phase: int, shown: bool, questionnaire: Questionnaire) -> RoadmapAction:
    qid = fields["question_id"]
    return RoadmapAction(phase=PHASES[phase][0], shown=shown, section_id=questionnaire.section_of[qid].id, **fields)


def flatten(phases: list[Phase]) -> list[RoadmapAction]:
    """Every action in roadmap order: each phase's shown actions, then those past the caps."""
    return [a for p in phases for a in (*p.actions, *p.more)]
