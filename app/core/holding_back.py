"""Why an organisation is not one stage higher, and what to find out first (pure Python, used by scoring).

What holds it back lists its caps, the failed gates of the next stage, a stool leg that would hold that
stage too, the moves of its stage not yet made, then its lowest answers (a question behind a listed gate only once);
never a not-applicable one.
"""
from __future__ import annotations

from collections.abc import Mapping

from app.core import stool
from app.core.answers import is_level
from app.core.questionnaire import UNKNOWN, Questionnaire

HOLDING_QUESTIONS = 5  # how many of the lowest answers "what holds you back" lists


def _gate_item(g) -> dict:
    return {"type": "gate", "id": g.gate.id, "title": g.gate.title, "stage": g.gate.stage, "questions": list(g.missing)}


def holding_back(questionnaire, answers, stage, caps, leg_stage, gates, weakest_capped, carried=None) -> tuple[dict, ...]:
    """Why the organisation is not one stage higher: its caps, failed gates, the stage's moves not yet
    made, then the lowest answers (never N/A)."""
    if stage is None or stage.number == len(questionnaire.stages):
        return ()
    following = questionnaire.stage(stage.number + 1)
    by_id = {g.gate.id: g for g in gates}
    items: list[dict] = []
    for cap in caps:
        if cap.kind == "gate":
            items.append(_gate_item(by_id[cap.id]))
        else:
            items.append({"type": "stool", "leg": cap.id, "stage": leg_stage.number, "title": cap.title})
    listed = {cap.id for cap in caps}
    items += [_gate_item(g) for g in gates
              if g.status == "failed" and g.gate.stage == following.number and g.gate.id not in listed]
    short = carried is not None and weakest_capped and carried.number < following.number
    if short and not any(cap.kind == "stool" for cap in caps):  # the leg would hold the next stage too
        items.append({"type": "stool", "leg": weakest_capped, "stage": leg_stage.number, "title": stool.title(weakest_capped)})
    move_ids = [r.question for r in questionnaire.rules.moves.get(stage.number, ())
                if is_level(answers.get(r.question)) and answers[r.question] < r.min_level]
    gap = [q for q in questionnaire.questions.values()
           if is_level(answers.get(q.id)) and answers[q.id] < following.target_level and q.id not in move_ids]
    gap.sort(key=lambda q: (answers[q.id], -q.weight))
    # A question behind a gate already listed is not listed again in its own words.
    named = {qid for item in items if item["type"] == "gate" for qid in item["questions"]}
    move_ids = [qid for qid in move_ids if qid not in named]
    shown = [questionnaire.questions[qid] for qid in dict.fromkeys(move_ids)] + [q for q in gap if q.id not in named]
    items += [{"type": "question", "id": q.id, "title": q.text, "level": answers[q.id],
               "section": questionnaire.section_of[q.id].id} for q in shown[:max(HOLDING_QUESTIONS, len(move_ids))]]
    return tuple(items)


def find_out_first(questionnaire: Questionnaire, answers: Mapping, gates) -> tuple[dict, ...]:
    """"Don't know" answers to settle first: those behind a gate (lowest gate first), then the weightiest others."""
    behind: dict[str, str] = {}
    for g in sorted(gates, key=lambda g: g.gate.stage):
        for qid in g.unknown:
            if answers.get(qid) == UNKNOWN:
                behind.setdefault(qid, g.gate.id)
    others = sorted((q for q in questionnaire.questions.values() if answers.get(q.id) == UNKNOWN and q.id not in behind),
                    key=lambda q: (not q.quick, -q.weight))
    items = [{"id": qid, "title": questionnaire.questions[qid].text, "gate": gid} for qid, gid in behind.items()]
    return tuple(items + [{"id": q.id, "title": q.text, "gate": None} for q in others[:HOLDING_QUESTIONS]])
