"""One call from a resolved answer set to everything a result shows (pure Python)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.questionnaire import BLOCKS, Questionnaire
from app.core.reference import Metric, Model, StageInfo
from app.core.roadmap import Phase, build_roadmap, flatten
from app.core.scoring import Result, score


@dataclass(frozen=True)
class Evaluation:
    questionnaire: Questionnaire
    answers: Mapping
    result: Result
    roadmap: list[Phase]
    stage_info: StageInfo | None
    focus_metrics: list[Metric]
    blocks: dict[str, float | None]  # block id -> 0-100

    def to_dict(self) -> dict:
        """The public JSON of the `score` command (existing keys keep their meaning; new ones are added)."""
        data = self.result.to_dict()
        data["stool"] = {"balanced": self.result.balanced, "weakest": self.result.weakest_leg,
                         **{k: v for k, v in data["stool"].items() if k not in ("balanced", "weakest")}}
        data["blocks"] = self.blocks
        data["focus_metrics"] = [
            {"id": m.id, "name": m.name, "definition": m.definition, "formula": m.formula} for m in self.focus_metrics
        ]
        data["roadmap"] = [a.to_dict() for a in flatten(self.roadmap)]
        data["projected_stages"] = {
            p.id: ({"number": p.projected_stage.number, "name": p.projected_stage.name} if p.projected_stage else None)
            for p in self.roadmap
        }
        return data


def block_scores(questionnaire: Questionnaire, result: Result) -> dict[str, float | None]:
    """Per block, the weighted mean of its scored sections."""
    out: dict[str, float | None] = {}
    for block in BLOCKS:
        pairs = [(result.sections[s.id], s.weight) for s in questionnaire.sections
                 if s.block == block and result.sections[s.id] is not None]
        if any(s.block == block for s in questionnaire.sections):
            total = sum(w for _, w in pairs)
            out[block] = round(sum(v * w for v, w in pairs) / total, 1) if total else None
    return out


def evaluate(questionnaire: Questionnaire, model: Model, answers: Mapping) -> Evaluation:
    """Score, stage, roadmap and the stage's focus metrics for one resolved answer set."""
    result = score(questionnaire, answers)
    stage = result.stage.number if result.stage else None
    return Evaluation(
        questionnaire=questionnaire, answers=answers, result=result,
        roadmap=build_roadmap(questionnaire, model, answers, result),
        stage_info=model.stages.get(stage) if stage else None,
        focus_metrics=model.focus_metrics(stage) if stage else [],
        blocks=block_scores(questionnaire, result),
    )
