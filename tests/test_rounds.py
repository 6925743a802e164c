"""Comparing two rounds: every number below is computed by hand in the comments, then asserted."""
from __future__ import annotations

from app.core.questionnaire import load_all
from app.core.reference import load_model
from app.core.rounds import compare

Q = load_all()["cs-maturity"]
MODEL = load_model()

PREVIOUS = {
    "charter-written": 1, "charter-meaning": 3, "responsibility-departments": 1, "buy-in-sponsor": 1,
    "cc-vision-definition": 2, "cc-vision-leaders": 4, "journey-adoption": 1,
}
CURRENT = {
    "charter-written": 3, "charter-meaning": "unknown", "responsibility-departments": 2, "buy-in-sponsor": 4,
    "cc-vision-definition": 2, "cc-vision-leaders": 2, "journey-adoption": 3, "sa-tiering": 2,
}


def test_stage_movement():
    # Before: sections charter (25 + 75) / 2 = 50, responsibility 25, buy-in 25, cc-vision (50 + 100) / 2 = 75,
    # journey-turnaround 25 -> overall 200 / 5 = 40.0: stage 2 by score (the sponsor gate, failed,
    # is a cap for stage 3 and above, and no cap puts a company in CPR): Stabilise.
    # After: charter 75 (don't know left out), responsibility 50, buy-in 100, cc-vision 50,
    # engagement models 50, journey-turnaround 75 -> 400 / 6 = 66.7 (stage 4 by score); the stage-4
    # gates are unknown (their questions are not answered), which lowers confidence, not the stage;
    # the weakest leg (50, stage 3) is not more than one stage short: Value and expansion. Moved 2.
    stage = compare(Q, MODEL, PREVIOUS, CURRENT)["stage"]
    assert stage == {"before": {"number": 2, "name": "Stabilise"}, "after": {"number": 4, "name": "Value and expansion"},
                     "moved": 2}


def test_block_and_overall_deltas():
    comparison = compare(Q, MODEL, PREVIOUS, CURRENT)
    # Stool: (50 + 25 + 25) / 3 = 33.3 -> (75 + 50 + 100) / 3 = 75.0, +41.7.
    # Customer centricity 75.0 -> 50.0, -25.0. Service alignment nothing -> 50.0: no delta.
    # Journey 25.0 -> 75.0, +50.0. The others are scored in neither round.
    assert [(b["id"], b["before"], b["after"], b["delta"]) for b in comparison["blocks"]] == [
        ("stool", 33.3, 75.0, 41.7),
        ("customer_centricity", 75.0, 50.0, -25.0),
        ("service_alignment", None, 50.0, None),
        ("operations", None, None, None),
        ("journey", 25.0, 75.0, 50.0),
        ("strategy", None, None, None),
        ("discipline", None, None, None),
    ]
    assert comparison["blocks"][0]["title"] == "The three-legged stool"
    assert comparison["overall"] == {"before": 40.0, "after": 66.7, "delta": 26.7}


def test_movers_biggest_change_first_ties_in_questionnaire_order():
    movers = compare(Q, MODEL, PREVIOUS, CURRENT)["movers"]
    # buy-in-sponsor +3; then three changes of 2 in questionnaire order (charter-written +2,
    # cc-vision-leaders -2, journey-adoption +2); then responsibility-departments +1.
    # Left out: cc-vision-definition (unchanged), charter-meaning (3 -> don't know), sa-tiering (new).
    assert [(m["id"], m["before"], m["after"], m["delta"]) for m in movers] == [
        ("buy-in-sponsor", 1, 4, 3),
        ("charter-written", 1, 3, 2),
        ("cc-vision-leaders", 4, 2, -2),
        ("journey-adoption", 1, 3, 2),
        ("responsibility-departments", 1, 2, 1),
    ]
    assert movers[0]["text"] == Q.questions["buy-in-sponsor"].text
    assert len(compare(Q, MODEL, PREVIOUS, CURRENT, top=10)["movers"]) == 5  # unchanged answers never move
    assert [m["id"] for m in compare(Q, MODEL, PREVIOUS, CURRENT, top=2)["movers"]] == [
        "buy-in-sponsor", "charter-written"]


def test_a_first_round_with_nothing_scored_has_no_movement():
    comparison = compare(Q, MODEL, {}, CURRENT)
    assert comparison["stage"]["before"] is None and comparison["stage"]["moved"] is None
    assert comparison["overall"] == {"before": None, "after": 66.7, "delta": None}
    assert comparison["movers"] == []
