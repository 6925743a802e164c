"""The wizard's pages: one per section, with runs of one-question sections grouped onto one page.

The quick path keeps one question of many sections; a page per question would make it a long
click-through, so consecutive one-question sections share a page of up to `PAGE_MAX` questions.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from app.core.estimates import minutes
from app.core.questionnaire import BLOCKS, Questionnaire, Section

PAGE_MAX = 4  # questions on a grouped page: still one screenful or two on a phone


@dataclass(frozen=True)
class Page:
    """One wizard page: its sections, and one Section holding all their questions for the form."""

    sections: tuple[Section, ...]
    merged: Section

    @property
    def id(self) -> str:
        return self.sections[0].id

    @property
    def title(self) -> str:
        if len(self.sections) == 1:
            return self.sections[0].title
        names = list(dict.fromkeys(BLOCKS.get(s.block, s.block) for s in self.sections))
        names = names[:1] + [name[:1].lower() + name[1:] for name in names[1:]]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def minutes(self) -> int:
        return minutes(self.merged.questions)


def _page(sections: list[Section]) -> Page:
    if len(sections) == 1:
        return Page((sections[0],), sections[0])
    questions = tuple(q for s in sections for q in s.questions)
    return Page(tuple(sections), replace(sections[0], id="+".join(s.id for s in sections), questions=questions, intro=None))


def pages(questionnaire: Questionnaire) -> tuple[Page, ...]:
    """The questionnaire's pages in order (built once per questionnaire path)."""
    cached = questionnaire.__dict__.get("_pages")
    if cached is not None:
        return cached
    out, run = [], []
    for section in questionnaire.sections:
        if len(section.questions) == 1 and len(run) < PAGE_MAX:
            run.append(section)
            continue
        if run:
            out.append(_page(run))
        run = [section] if len(section.questions) == 1 else []
        if not run:
            out.append(_page([section]))
    if run:
        out.append(_page(run))
    found = tuple(out)
    object.__setattr__(questionnaire, "_pages", found)
    return found


def page_of(questionnaire: Questionnaire, section_id: str) -> tuple[int, Page] | None:
    """The page showing a section, with its index; None for a section not on this path."""
    return next(((i, p) for i, p in enumerate(pages(questionnaire)) if any(s.id == section_id for s in p.sections)),
                None)
