"""A first charter draft: one writer per section, each in its own module, all reading the same facts (pure Python).

identity.py (meaning, statement, vision, principles), business_case.py, operating.py (scope,
segmentation, responsibilities) and steering.py (objectives, governance, roadmap, review) write the
sections; their words live in model/charter.yaml and model/charter_evidence.yaml (wording.py), the
company's words in model/company.yaml, the facts come from facts.py and the outcome figures, with their
periods, from figures.py.
"""
from __future__ import annotations

from collections.abc import Callable

from app.core.charter import business_case as case
from app.core.charter import identity, operating, steering
from app.core.charter.facts import Facts, collect
from app.core.charter.prose import Writer

__all__ = ["DRAFTERS", "Facts", "Writer", "collect", "write"]

DRAFTERS: dict[str, Callable[[Writer], str]] = {
    "meaning": identity.meaning, "statement": identity.statement, "business_case": case.business_case,
    "vision": identity.vision, "principles": identity.principles, "scope": operating.scope,
    "objectives": steering.objectives, "segmentation": operating.segmentation,
    "responsibilities": operating.responsibilities, "governance": steering.governance, "roadmap": steering.roadmap,
    "review": steering.review,
}


def write(facts: Facts, section_ids) -> dict[str, str]:
    """Every section's draft, in Markdown without headings."""
    writer = Writer(facts)
    return {section_id: DRAFTERS[section_id](writer).strip() for section_id in section_ids}
