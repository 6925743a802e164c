"""A worked example: every number below is computed by hand in the comments, then asserted."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.core.questionnaire import load_file
from app.core.reference import load_model
from app.core.roadmap import build_roadmap
from app.core.scoring import score

Q = load_file(Path(__file__).with_name("worked_example.yaml"))
MODEL = load_model()  # the worked example's questions have no actions: the roadmap falls back to plain text
ANSWERS = {"c1": 3, "c2": 2, "r1": 3, "b1": 2, "k1": 2, "k2": 4}


def test_scores_stage_gates_and_stool():
    result = score(Q, ANSWERS)
    # Sections: charter (75 + 50) / 2 = 62.5; responsibility 75; buy-in 50; centricity (50 + 100) / 2 = 75.
    assert result.sections == {"charter": 62.5, "responsibility": 75.0, "buy-in": 50.0, "cc": 75.0}
    # Overall (62.5 + 75 + 50 + 75) / 4 = 65.625 -> 65.6, which reaches stage 4 (65) by score.
    assert result.overall == 65.6 and result.score_stage.number == 4
    # Gate "sponsor" (b1 >= 2) is met; gate "kpis" (k1 >= 3, for stage 4) is not: stage at most 3.
    assert [(g.gate.id, g.passed) for g in result.gates] == [("sponsor", True), ("kpis", False)]
    # Legs 62.5 / 75 / 50: the weakest (buy-in, 50) supports stage 3 (45); spread 25 is not over 25.
    assert result.legs == {"charter": 62.5, "responsibility": 75.0, "executive_buy_in": 50.0}
    assert (result.weakest_leg, result.leg_stage.number, result.balanced) == ("executive_buy_in", 3, True)
    # Capability = min(4 by score, 3 by the failed kpis gate) = 3. This file has no caps data, so a
    # leg would cap on its own stage with no limit; buy-in supports 3, not below 3: no cap, stage 3.
    assert (result.stage.number, result.stage.name) == (3, "Proactive adoption")
    assert (result.capability_stage.number, result.caps) == (3, ())
    assert result.confidence == 1.0 and result.blind_spots == ()


def test_what_holds_it_back():
    result = score(Q, ANSWERS)
    # The failed stage-4 gate, the short buy-in leg, then the answers below stage 4's target level 3
    # (c2 and b1 at level 2, in questionnaire order; k1 is the gate's own question, listed once, with the gate).
    assert [(h["type"], h.get("id") or h.get("leg")) for h in result.holding_back] == [
        ("gate", "kpis"), ("stool", "executive_buy_in"), ("question", "c2"), ("question", "b1"),
    ]


def test_dont_know_on_a_gate_question():
    result = score(Q, {**ANSWERS, "b1": "unknown"})
    # b1 leaves the denominator: overall (62.5 + 75 + 75) / 3 = 70.8 -> stage 4 by score. The sponsor
    # gate is unknown, not failed: it lowers confidence, not the stage. The kpis gate (k1 = 2 < 3)
    # is failed: capability 3. The buy-in leg has no level, so it caps nothing: stage 3.
    assert result.overall == 70.8 and result.score_stage.number == 4
    sponsor = result.gates[0]
    assert (sponsor.status, sponsor.passed, sponsor.unknown) == ("unknown", False, ("b1",))
    assert (result.capability_stage.number, result.stage.number, result.caps) == (3, 3, ())
    assert not result.balanced  # a leg without a level is still reported as a risk
    assert result.blind_spots == ("b1",) and [i["id"] for i in result.find_out_first] == ["b1"]
    assert result.confidence == pytest.approx(5 / 6, abs=0.001)


def test_not_applicable_on_a_gate_question():
    result = score(Q, {**ANSWERS, "b1": "na"})
    # N/A meets the sponsor gate (its only requirement is N/A: not applicable), and never shows up
    # under what holds it back; confidence counts only applicable questions: 5 / 5.
    assert (result.gates[0].status, result.gates[0].passed) == ("not_applicable", True)
    assert result.stage.number == 3 and result.confidence == 1.0
    assert all(h.get("id") != "b1" for h in result.holding_back)


def test_roadmap_phases_and_projections():
    phases = build_roadmap(Q, MODEL, ANSWERS, score(Q, ANSWERS))
    # At stage 3, stage 4 needs: the failed kpis gate (k1 to 3); legs that carry stage 4 (this file has no
    # leg_margin, so a leg carries the stage its own score reaches: 65 for stage 4): buy-in 50 -> b1 to 3
    # (75), charter 62.5 -> c2 to 3 (75). Now has room for eight, so it then fills with the stool's other
    # gaps one level up (c1, r1 to 4). Within the phase, the stool (organisation) comes first, weakest leg
    # first (buy-in 50, charter 62.5, responsibility 75), then the customer-centricity block (k1).
    assert [(p.id, [(a.question_id, a.level, a.target_level) for a in p.actions]) for p in phases] == [
        ("now", [("b1", 2, 3), ("c2", 2, 3), ("c1", 3, 4), ("r1", 3, 4), ("k1", 2, 3)]),
        ("next", [("b1", 3, 4)]),
        ("later", []),
    ]
    assert phases[0].actions[-1].gate == "KPIs measured" and phases[0].actions[-1].need == "gate"
    # After Now: charter (100 + 75) / 2 = 87.5, responsibility 100, buy-in 75, centricity (75 + 100) / 2
    # = 87.5 -> overall 87.5 reaches 5 (85), gates met, but buy-in (75) carries only stage 4: stage 4.
    # Next takes b1's second step (3 -> 4): buy-in 100 carries 5.
    assert [p.projected_stage.number for p in phases] == [4, 5, 5]
    assert phases[0].why_not is None and phases[1].why_not is None
    assert "top of the ladder" in phases[2].why_not


def test_answers_at_level_one_reach_stage_two():
    result = score(Q, dict.fromkeys(ANSWERS, 1))
    # Every section 25; overall 25.0 reaches stage 2 (25) exactly; every leg 25 supports stage 2 too.
    assert result.overall == 25.0 and result.score_stage.number == 2 and result.leg_stage.number == 2
    # The sponsor gate (b1 >= 2) is failed at stage 2: capability 1, and no cap is lower than that.
    assert result.capability_stage.number == 1 and result.stage.number == 1


# Every answer at one level, and the same with r1 one level lower, just under the next threshold
# (4 sections: charter, responsibility, buy-in, centricity; r1 is the responsibility section alone).
THRESHOLD_CASES = [(1, 0, 18.8, 1), (1, 1, 25.0, 2), (2, 1, 43.8, 2), (2, 2, 50.0, 3),
                   (3, 1, 62.5, 3), (3, 3, 75.0, 4), (4, 3, 93.8, 5), (4, 4, 100.0, 5)]


@pytest.mark.parametrize("level, r1, overall, stage", THRESHOLD_CASES)
def test_each_stage_threshold_is_where_the_data_puts_it(level, r1, overall, stage):
    result = score(Q, {**dict.fromkeys(ANSWERS, level), "r1": r1})
    assert (result.overall, result.score_stage.number) == (overall, stage)


# --- Mutation check: change any scoring rule of the example and a check above fails --------------------

SCORING_CHECKS = (test_scores_stage_gates_and_stool, test_what_holds_it_back, test_dont_know_on_a_gate_question,
                  test_not_applicable_on_a_gate_question, test_answers_at_level_one_reach_stage_two,
                  *(lambda case=case: test_each_stage_threshold_is_where_the_data_puts_it(*case)
                    for case in THRESHOLD_CASES))


def _stage(number, change):
    def mutate(scoring):
        scoring["stages"][number - 1]["min_score"] += change
    return mutate


def _gate(index, **change):
    def mutate(scoring):
        if change:
            scoring["gates"][index]["require"][0]["min_level"] += change["min_level"]
        else:
            del scoring["gates"][index]
    return mutate


def _stool(points):
    def mutate(scoring):
        scoring["stool"]["imbalance_points"] = points
    return mutate


MUTATIONS = {
    **{f"stage {n} threshold {c:+}": _stage(n, c) for n in (2, 3, 4, 5) for c in (-10, 10)},
    "no sponsor gate": _gate(0), "no kpis gate": _gate(1),
    "sponsor gate one level up": _gate(0, min_level=1), "kpis gate one level down": _gate(1, min_level=-1),
    "stool imbalance at 20 points": _stool(20),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_changed_scoring_rule_fails_a_check(mutation, monkeypatch, tmp_path):
    import yaml

    data = yaml.load(Path(__file__).with_name("worked_example.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    MUTATIONS[mutation](data["scoring"])
    path = tmp_path / "worked_example.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.setitem(globals(), "Q", load_file(path))
    failed = []
    for check in SCORING_CHECKS:
        try:
            check()
        except AssertionError:
            failed.append(getattr(check, "__name__", "threshold"))
    assert failed, f"{mutation}: no check noticed"
