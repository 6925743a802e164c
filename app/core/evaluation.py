"""One call from a resolved answer set to everything a result shows (pure Python)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core import sentences, verdict
from app.core.profile import Profile
from app.core.questionnaire import BLOCKS, Questionnaire
from app.core.reference import Metric, Model, StageInfo
from app.core.roadmap import Phase, build_roadmap, flatten
from app.core.scoring import Result, score
from app.core.targets import Targets, build_targets


@dataclass(frozen=True)
class Evaluation:
    questionnaire: Questionnaire
    answers: Mapping
    result: Result
    roadmap: list[Phase]
    stage_info: StageInfo | None
    focus_metrics: list[Metric]
    blocks: dict[str, float | None]  # block id -> 0-100
    profile: Profile = Profile()
    outcomes: tuple[dict, ...] = ()  # captured outcome figures with the stage each is typical of
    symptoms: tuple[str, ...] = ()  # the narrative stage's symptoms, without those the answers contradict
    # The stage whose narrative, symptoms and focus metrics describe this company: the capability
    # stage when a cap holds the verdict lower (the answers show that stage's practices), else the stage.
    narrative_stage: int | None = None
    description: str = ""  # the narrative stage's description, without caveats the answers contradict
    headline: str = ""  # the narrative stage's portrait, or a plain line when the answers confirm none of its symptoms
    targets: Targets | None = None  # per block and leg: the level today, the target and the gap (app/core/targets.py)
    lifted: str | None = None  # when the stage's moves lift the practices above the overall score's stage: which

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
        data["profile"] = self.profile.to_dict()
        data["outcomes"] = list(self.outcomes)
        if self.targets is not None:
            data["targets"] = self.targets.to_dict()
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


def evaluate(questionnaire: Questionnaire, model: Model, answers: Mapping, profile: Profile | None = None,
             targets: Mapping | None = None) -> Evaluation:
    """Score, stage, roadmap, fitting focus metrics, outcomes, honest symptoms and the targets (chosen ones in
    `targets`, {"blocks": {id: level}, "legs": {id: level}}, else the next level up) for one resolved answer set."""
    profile = profile or Profile()
    result = score(questionnaire, answers)
    evidence = result.capability_stage or result.stage
    stage = evidence.number if evidence else None
    blocks = block_scores(questionnaire, result)
    confirmed = verdict.symptoms(model, stage, answers)  # the portrait and description are kept only with one of them
    return Evaluation(
        questionnaire=questionnaire, answers=answers, result=result,
        roadmap=build_roadmap(questionnaire, model, answers, result),
        stage_info=model.stages.get(stage) if stage else None,
        focus_metrics=verdict.focus_metrics(model, stage, profile),
        blocks=blocks,
        profile=profile,
        outcomes=tuple(verdict.outcomes(questionnaire, profile, evidence)),  # what the answers describe, not the cap
        symptoms=confirmed,
        narrative_stage=stage,
        description=verdict.description(model, stage, answers, confirmed=confirmed),
        headline=verdict.headline(model, stage, answers, confirmed=confirmed),
        targets=build_targets(blocks, result.legs, targets, top_level(questionnaire)),
        lifted=sentences.lifted_by_moves(questionnaire, model, result),
    )


def top_level(questionnaire: Questionnaire) -> int:
    """The highest level on the questionnaire's answer scale (4 on the shipped one)."""
    return max((q.max_value for q in questionnaire.questions.values()), default=4)
