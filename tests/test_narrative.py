"""The stage narrative follows the evidence: a capped company reads its capability stage, and no symptom or
description sentence is printed that the company's own answers contradict (questionnaires/model/verdict.yaml)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.core.evaluation import evaluate
from app.core.profile import parse_profile
from app.core.questionnaire import load_all
from app.core.reference import load_model
from app.core.verdict import contradicted, load_rules

Q = load_all()["cs-maturity"]
MODEL = load_model()
RULES = load_rules()
SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def _evaluate(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    answers = {qid: v for section in data["answers"].values() for qid, v in section.items()}
    return answers, evaluate(Q, MODEL, answers, parse_profile(data["profile"]))


def test_every_stage_symptom_has_a_rule_and_every_caveat_is_a_sentence_of_its_description():
    ruled = {(s["stage"], s["text"]) for s in RULES.symptoms}
    missing = [(n, text) for n, stage in MODEL.stages.items() for text in stage.symptoms if (n, text) not in ruled]
    assert not missing, f"symptoms without a rule in verdict.yaml: {missing}"
    for caveat in RULES.caveats:
        assert caveat["text"] in MODEL.stages[caveat["stage"]].description, caveat["text"]
    named = {qid for rule in (*RULES.symptoms, *RULES.caveats) for part in ("unless", "only_if")
             for qid in rule.get(part, {})}
    assert named <= set(Q.questions), named - set(Q.questions)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_no_scenario_is_told_a_symptom_or_caveat_its_answers_contradict(path):
    answers, evaluation = _evaluate(path)
    rules = {(r["stage"], r["text"]): r for r in (*RULES.symptoms, *RULES.caveats)}
    n = evaluation.narrative_stage
    for text in evaluation.symptoms:
        assert not contradicted(rules[(n, text)], answers), text
    for (stage, text), rule in rules.items():
        if stage == n and text in evaluation.description:
            assert not contradicted(rule, answers), text


def test_a_capped_company_is_narrated_by_what_its_answers_show():
    answers, evaluation = _evaluate(Path(__file__).parent / "scenarios" / "scaleup-no-sponsor.yaml")
    result = evaluation.result
    assert (result.stage.number, result.capability_stage.number) == (2, 3)
    assert evaluation.narrative_stage == 3
    assert "same way" not in " ".join(evaluation.symptoms)  # it tiers 900 customers
    assert "do not yet trust the health score" not in evaluation.description  # its health score drives playbooks
    focus = {m.id for m in evaluation.focus_metrics}
    assert "adoption-rate" in focus and "customer-effort-score" not in focus  # stage 3's metrics, not stage 2's


def test_outcome_figures_stand_beside_the_stage_and_a_mismatch_is_called_out(client, questionnaire):
    """A stage-2 company that reports NRR of 121% is told the figure and the answers disagree."""
    from factories import answer_all, csrf_token, soup, start_assessment

    token = start_assessment(client)
    client.post(f"/r/{token}/profile", data={"csrf_token": csrf_token(client, f"/r/{token}/profile"),
                                             "nrr": "121", "period": "FY2025"})
    answer_all(client, token, questionnaire, lambda q: 1)
    page = soup(client.get(f"/r/{token}/results"))
    verdict = page.select_one("#verdict").get_text(" ", strip=True)
    assert "net revenue retention of 121%" in verdict.lower() and "typical of stage 5" in verdict
    scores = page.select_one(".outcome-list").get_text(" ", strip=True)
    assert "Net revenue retention 121% (FY2025): typical of stage 5" in scores


def test_outcomes_are_compared_with_what_the_answers_describe_not_with_a_cap():
    """The scale-up's NRR of 104% fits the stage 3 its practices show; only the sponsor cap holds it at 2."""
    _, evaluation = _evaluate(Path(__file__).parent / "scenarios" / "scaleup-no-sponsor.yaml")
    assert evaluation.result.stage.number == 2 and evaluation.result.capability_stage.number == 3
    assert not [o for o in evaluation.outcomes if o["mismatch"]]
