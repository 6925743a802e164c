"""Small pieces of Markdown and the `Writer` that fills the charter's texts for one company (pure Python)."""
from __future__ import annotations

import re

from app.core.charter.facts import Facts
from app.core.charter.wording import choose, phrase

_EMPTY_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")  # the double space an empty placeholder leaves mid-line


def bullets(items) -> str:
    """A Markdown list of the non-empty items."""
    return "\n".join(f"- {item}" for item in items if item)


def join(names) -> str:
    """"a", "a and b", "a, b and c"; "a, product and R&D, and c" when a name holds an "and" of its own."""
    names = [n for n in names if n]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    last = ", and " if len(names) > 2 and any(" and " in n for n in names[:-1]) else " and "
    return ", ".join(names[:-1]) + last + names[-1]


def join_names(names) -> str:
    """Names (departments, people) joined: as `join`, and two names of which one holds an "and" of its own are
    joined with "as well as" ("management as well as product and R&D", never "management and product and R&D")."""
    names = [n for n in names if n]
    if len(names) == 2 and " and " in names[0] + names[1]:
        return f"{names[0]} as well as {names[1]}"
    return join(names)


def paragraphs(*parts: str) -> str:
    """The non-empty parts, one paragraph each."""
    return "\n\n".join(part for part in parts if part)


def percent(value: float) -> str:
    return f"{value:g}%"


class _Values(dict):
    """The values of one text; a name the text uses but the draft does not give is a wording mistake."""

    def __init__(self, key: str, values: dict):
        super().__init__(values)
        self.key = key

    def __missing__(self, name: str):
        raise KeyError(f"model/charter.yaml: {self.key}: {{{name}}} is not available in this text")


class Writer:
    """Fills the texts of the charter wording with one company's words and facts."""

    def __init__(self, facts: Facts):
        self.f, self.wording, self.company = facts, facts.wording, facts.company
        self.quoted: set[str] = set()  # answers already quoted: the draft says each once
        self.said: set[str] = set()  # questions whose answer a phrase book has already put in words

    def quote(self, text: str) -> str:
        """A quoted answer the first time the draft quotes it, "" after that."""
        if not text or text in self.quoted:
            return ""
        self.quoted.add(text)
        return text

    def common(self) -> dict:
        """Values every text may use."""
        f, c = self.f, self.company
        return {"organisation": f.organisation, "employees": f"{c.employees:,}" if c.employees else "",
                "customers": f"{c.customers:,}" if c.customers else "", "kind_label": f.kind_label,
                "our_customers": f"our {c.customers:,} customers" if c.customers else "our customers",
                "departments": join(f.department_names(lower=True)), "focus": join(f.focus),
                "weakest_leg": f.weakest_leg, "leg_score": f.leg_score}

    def fill(self, key: str, entry, **values) -> str:
        """One text (or the fitting choice of texts) filled in; "" when there is none for this company."""
        chosen = choose(entry, self.company.voice, self.company.model)
        if not chosen:
            return ""
        # The company's rewrites apply to the charter's own words too, so a phrase written for every company
        # never names a team, a board or a department this one does not have.
        filled = chosen.format_map(_Values(key, {**self.company.words, **self.common(), **values}))
        return self.company.rewrite(_EMPTY_GAP.sub(" ", filled))

    def t(self, key: str, **values) -> str:
        """The text at 'section.key', filled in."""
        return self.fill(key, self.wording.text(key), **values)

    def has(self, key: str) -> bool:
        section, _, name = key.partition(".")
        return name in self.wording.texts.get(section, {})

    def quoted_already(self, question_id: str) -> bool:
        """Whether the draft has already quoted today's answer to a question word for word."""
        return self.company.tell(self.f.anchor(question_id)) in self.quoted

    def say(self, question_id: str, book: str = "evidence") -> str:
        """What the charter says about the answer to a question ("" for N/A, unanswered or not covered)."""
        phrases = (getattr(self.wording, book) or {}).get(question_id) or {}
        entry = phrase(phrases, self.f.value(question_id))
        if entry:
            self.said.add(question_id)
        return self.fill(f"{book}.{question_id}", entry) if entry else ""
