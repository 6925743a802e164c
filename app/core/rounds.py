"""Compare two rounds of the same questionnaire: stage movement, block and overall deltas, movers (pure Python)."""
from __future__ import annotations

from collections.abc import Mapping

from app.core.answers import is_level
from app.core.evaluation import evaluate
from app.core.questionnaire import BLOCKS, Questionnaire, Stage
from app.core.reference import Model


def _stage(stage: Stage | None) -> dict | None:
    return {"number": stage.number, "name": stage.name} if stage else None


def _delta(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else round(after - before, 1)


def _movers(questionnaire: Questionnaire, previous: Mapping, current: Mapping, top: int) -> list[dict]:
    """The questions whose level changed most; ties keep questionnaire order (sorted() is stable)."""
    changed = [
        {"id": qid, "text": q.text, "before": previous[qid], "after": current[qid],
         "delta": current[qid] - previous[qid]}
        for qid, q in questionnaire.questions.items()
        if is_level(previous.get(qid)) and is_level(current.get(qid)) and current[qid] != previous[qid]
    ]
    return sorted(changed, key=lambda m: -abs(m["delta"]))[:top]


def compare(questionnaire: Questionnaire, model: Model, previous: Mapping[str, int | str],
            current: Mapping[str, int | str], top: int = 5) -> dict:
    """How a round moved from the previous one; "moved" and deltas are None where a side has no score."""
    before, after = evaluate(questionnaire, model, previous), evaluate(questionnaire, model, current)
    stage_before, stage_after = before.result.stage, after.result.stage
    return {
        "stage": {
            "before": _stage(stage_before), "after": _stage(stage_after),
            "moved": stage_after.number - stage_before.number if stage_before and stage_after else None,
        },
        "blocks": [
            {"id": block, "title": BLOCKS[block], "before": before.blocks[block], "after": after.blocks[block],
             "delta": _delta(before.blocks[block], after.blocks[block])}
            for block in after.blocks
        ],
        "overall": {"before": before.result.overall, "after": after.result.overall,
                    "delta": _delta(before.result.overall, after.result.overall)},
        "movers": _movers(questionnaire, previous, current, top),
    }
