"""A charter that is this company's: two scenario companies' drafts share few sentences.

Any two charters share at most 30% of their sentences of six words or more (of the shorter one), and
at most 50% when both companies stand at the same stage with the same weakest leg. Every scenario file
in tests/scenarios/ takes part, so a new company is compared with all the others as soon as it is added.
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from app.core import charter
from app.core.evaluation import evaluate
from app.core.profile import parse_profile
from app.core.questionnaire import load_all
from app.core.reference import load_model

Q = load_all()["cs-maturity"]
M = load_model()
SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))
APART, ALIKE = 0.30, 0.50


def sentences(draft: dict[str, str]) -> set[str]:
    """The draft's sentences of six words or more, without Markdown marks or list numbers."""
    text = re.sub(r"[*_]|^\s*(?:-|\d+\.)\s+", "", "\n".join(draft.values()), flags=re.M)
    return {s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) >= 6}


@pytest.fixture(scope="module")
def drafts() -> dict[str, tuple[set[str], tuple]]:
    """Per scenario: the draft's sentences, and (stage, weakest leg). Every company gets the same name, so a name
    cannot make two charters look different."""
    out = {}
    for path in SCENARIOS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        answers = {q: v for part in data["answers"].values() for q, v in part.items()}
        evaluation = evaluate(Q, M, answers, parse_profile(data.get("profile")))
        result = evaluation.result
        out[path.stem] = (sentences(charter.draft(evaluation, M, "Scenario Ltd")),
                          (result.stage.number if result.stage else None, result.weakest_leg))
    return out


PAIRS = list(itertools.combinations([p.stem for p in SCENARIOS], 2))


@pytest.mark.parametrize("one, two", PAIRS, ids=[f"{a}~{b}" for a, b in PAIRS])
def test_two_companies_charters_share_few_sentences(drafts, one, two):
    (first, where), (second, there) = drafts[one], drafts[two]
    shared = first & second
    limit = ALIKE if where == there else APART
    assert len(shared) / min(len(first), len(second)) <= limit, sorted(shared)


def test_a_draft_has_enough_sentences_for_the_measure_to_mean_something(drafts):
    assert all(len(said) >= 40 for said, _ in drafts.values())
