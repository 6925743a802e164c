"""Words that fit the company: its size, its departments and a CSM's book, from the profile (pure Python).

The rules are data (questionnaires/model/company.yaml). `fit` reads a profile and the answers into
a `Company`: the voice it is spoken to in (the founders and a first CS hire, a CS team, or neutral
words when the profile gives no headcount), the departments it has, what one account is worth and
so how many accounts one CSM's book holds. Every page, report and charter sentence that names
people or sizes a team asks it, so they all say the same.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from app.core.answers import is_na
from app.core.company_data import RULES, TRAITS
from app.core.labels import LABELS, Labels
from app.core.profile import Profile

SMALL_TEAM = (20, 100)  # employees: past founder-led, too few for an executive CS seat or a CS operations function


SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "C$", "AUD": "A$", "CHF": "CHF\u00a0"}  # profile.CURRENCIES


def money(amount: float, currency: str | None = None) -> str:
    """An amount as a reader says it, in the profile's currency (US dollars when none): $540, €45K, £1.2M."""
    sign = SIGNS.get(currency or "USD", "$")
    for size, unit in ((1_000_000, "M"), (1_000, "K")):
        if amount >= size:
            figure = amount / size
            return (f"{sign}{figure:.1f}".rstrip("0").rstrip(".") if figure < 10 else f"{sign}{round(figure):,}") + unit
    return f"{sign}{round(amount):,}"


def _needle(pattern: str) -> str:
    """The longest run of plain text every match of a pattern contains ("" when there is none): a text without it
    cannot match, so the regular expression need not run."""
    plain = re.sub(r"\\.", "\x00", pattern)  # an escaped character: not worth keeping
    plain = re.sub(r"\([^()]*\)", "\x00", plain)  # a group: its alternatives are not all required
    plain = re.sub(r".[?*]", "\x00", plain)  # an optional character
    runs = re.split(r"[\x00()\[\]|+.{}^$]", plain)
    return max(runs, key=len).strip().lower()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _replace(replacement: str):
    def apply(match: re.Match) -> str:
        text = match.expand(replacement)
        before = match.string[:match.start()].rstrip(" “\"'(*_")
        starts = not before or (before[-1] in ".!?" and not before.endswith(("e.g.", "i.e.")))
        if starts:
            return _capital(text)  # a capital only where a sentence starts
        if match.group(0)[:1].islower() and text[1:2].islower():  # mid-sentence, a capitalised word loses its capital
            return text[:1].lower() + text[1:]
        return text
    return apply


@dataclass(frozen=True)
class Book:
    """How one person serves accounts of this value: a named book, a programme, or a tech-touch pool."""

    kind: str  # "named", "programme", "tech_touch", or "mixed" when the value range spans two
    accounts: tuple[int, int] | None  # accounts in one book (low, high); None for a tech-touch pool
    people: tuple[int, int] | None  # people the whole base needs at that book, when every account fits one
    spans: tuple[str, ...] = ()  # for "mixed": the two ways of serving the value range runs between, richest first


    @property
    def mixed(self) -> str:
        """Which mixed wording fits: "" (named and programme), "_tech" (programme and tech touch), "_wide" (all three)."""
        return "" if "tech_touch" not in self.spans else "_wide" if "named" in self.spans else "_tech"


@dataclass(frozen=True)
class Company:
    """How to speak to one company, from its profile and answers."""

    size: str | None
    voice: str
    model: str | None
    customers: int | None
    employees: int | None
    value: tuple[float | None, float | None] | None  # revenue per account (low, high); equal when stated
    value_stated: bool
    departments: tuple[str, ...]
    not_applicable: frozenset[str] = frozenset()  # questions answered "not applicable"
    no_cs_team: bool = False  # the answers say nobody is dedicated to customer success (company.yaml no_cs_team_when)
    currency: str | None = None  # the profile's currency (profile.CURRENCIES); None: US dollars
    rules: Mapping = field(default_factory=lambda: RULES, repr=False, compare=False)
    labels: Labels = field(default=LABELS, repr=False, compare=False)

    @property
    def traits(self) -> tuple[str, ...]:
        """Which rewrites apply: a company with nobody dedicated to customer success yet, a founder-led company, one
        whose size is unknown, one without CSMs, one without sales, a small team, one that serves its base through programmes."""
        founders = self.voice == "founder_led"
        on = {"no_cs_team": self.no_cs_team, "founder_led": founders, "neutral": self.voice == "neutral",
              "no_csm": founders or self.model == "self_serve" or self.no_cs_team, "no_sales": "sales" not in self.departments,
              "small_team": self.employees is not None and SMALL_TEAM[0] < self.employees <= SMALL_TEAM[1],
              "programme_led": self.model in ("self_serve", "low_touch")}
        return tuple(t for t in TRAITS if on[t])

    @property
    def has_csms(self) -> bool | None:
        """Whether accounts have CSMs (None when the profile does not say)."""
        if "no_csm" in self.traits:
            return False
        return True if self.model else None

    @cached_property
    def words(self) -> dict[str, str]:
        """The voice's words (with its traits' own), each also with a capital ({cs} and {Cs})."""
        words = dict(self.rules["voices"][self.voice])
        for trait in self.traits:
            words.update(self.rules["trait_words"].get(trait, {}))
        return {**words, **{_capital(k): _capital(v) for k, v in words.items()}}

    @cached_property
    def _rewrites(self) -> tuple[list[tuple[str, re.Pattern, str]], dict[str, str]]:
        """The rules that apply, compiled once, each with a plain word it needs (a cheap test before the regex)."""
        rules = [rule for trait in self.traits for rule in self.rules["rewrites"].get(trait, {}).get("rules", ())]
        rules += [rule for qid in sorted(self.not_applicable) for rule in self.rules["when_na"].get(qid, ())]
        compiled = [(_needle(pattern), re.compile(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE), replacement)
                    for pattern, replacement in rules]
        return compiled, {}

    def rewrite(self, text: str) -> str:
        """A sentence of the model, rewritten so it names nobody this company does not have, and no practice it
        answered "not applicable" in passing."""
        compiled, done = self._rewrites
        if not text or not compiled:
            return text
        if text not in done:  # a report says the same action in the summary, the verdict and the roadmap
            said, lower = text, text.lower()
            for needle, pattern, replacement in compiled:
                if needle in lower:
                    said = pattern.sub(_replace(replacement), said)
                    lower = said.lower()
            done[text] = said
        return done[text]

    def names_na(self, sentence: str) -> bool:
        """Whether a sentence speaks of a practice this company answered "not applicable"."""
        return any(re.search(pattern, sentence, flags=re.IGNORECASE)
                   for qid in self.not_applicable for pattern in self.rules["topics"].get(qid, ()))

    def tell(self, text: str) -> str:
        """A text of the model as this company reads it: rewritten for its voice, without the sentences
        that speak of a practice it answered "not applicable" ("" when nothing is left)."""
        sentences = re.split(r"(?<=[.!?])\s+", " ".join((text or "").split()))
        return " ".join(self.rewrite(s) for s in sentences if s and not self.names_na(s))

    def owner(self, owner_id: str) -> str:
        """The department that does a department's work here: itself, or its first fallback the company has."""
        if owner_id in self.departments:
            return owner_id
        fallback = self.rules["departments"]["fallback"].get(owner_id, [])
        return next((d for d in fallback if d in self.departments), owner_id)

    def owner_label(self, owner_id: str) -> str:
        """The name of the department that does a department's work here (e.g. "Founders" for management)."""
        found = self.owner(owner_id)
        renamed = self.rules["departments"]["by_size"].get(self.size or "", {}).get("labels", {})
        return renamed.get(found) or self.labels.owners.get(found, found)

    @cached_property
    def book(self) -> Book | None:
        """A CSM's book from what an account is worth (None when the profile cannot tell)."""
        if not self.value:
            return None
        rules = self.rules["book"]
        per_person, named, programme = rules["arr_per_person"], rules["named_at_most"], rules["programme_at_most"]
        low, high = self.value
        most = per_person / low if low else math.inf  # cheaper accounts: more of them per person
        fewest = per_person / high if high else 0.0

        def kind(accounts: float) -> str:
            return "named" if accounts <= named else "programme" if accounts <= programme else "tech_touch"

        kinds = {kind(most), kind(fewest)}
        promised = rules.get("by_model", {}).get(self.model or "")
        if promised:  # the business model says how every account is served; the value only sizes the book
            kinds = {promised}
        if kinds == {"tech_touch"}:
            return Book("tech_touch", None, None)
        cap = named if kinds == {"named"} else programme
        most_held = max(1, round(min(most, cap)))
        # Accounts too small even for a programme book at the business model's promised kind: the cap holds both ends
        # (never "1111 to 400 accounts").
        accounts = (min(max(1, round(fewest)), most_held), most_held)
        people = None
        # A mixed-touch base spans tiers worth very different amounts: its average account sizes no one book, so the
        # headcount is left to each tier (4,200 customers at one average read as 35 programme CSMs, named ones forgotten).
        if self.customers and "tech_touch" not in kinds and not (self.model == "mixed" and self.value_stated):
            people = (max(1, math.ceil(self.customers / accounts[1])), max(1, math.ceil(self.customers / accounts[0])))
        if len(kinds) == 1:
            return Book(kinds.pop(), accounts, people)
        return Book("mixed", accounts, people, tuple(k for k in ("named", "programme", "tech_touch") if k in kinds))

    def book_words(self) -> dict[str, str]:
        """What a tier's {named_book} and {programme_book} say for this company, and the account values where a named
        book and a programme start ({named_floor}, {programme_floor}), in its currency."""
        words, rules, book = self.rules["book_words"], self.rules["book"], self.book
        rule = {"arr_per_person": self.money(rules["arr_per_person"]), "named_at_most": rules["named_at_most"],
                "programme_at_most": rules["programme_at_most"]}
        out = {"named_book": words["named_rule"].format(**rule), "programme_book": words["programme_rule"].format(**rule),
               "named_floor": self.money(self.named_floor), "programme_floor": self.money(self.programme_floor)}
        if book and book.accounts and book.kind in ("named", "programme"):
            low, high = book.accounts
            said = words["accounts"].format(accounts=low) if low == high else words["accounts_range"].format(low=low, high=high)
            out[f"{book.kind}_book"] = said
        return out

    def money(self, amount: float) -> str:
        """An amount in this company's currency, as a reader says it."""
        return money(amount, self.currency)

    @property
    def named_floor(self) -> float:
        """What an account is worth, at least, for a named book (a person's revenue over the accounts one can know)."""
        return self.rules["book"]["arr_per_person"] / self.rules["book"]["named_at_most"]

    @property
    def programme_floor(self) -> float:
        """What an account is worth, at least, for a programme book; below it, accounts are served tech touch."""
        return self.rules["book"]["arr_per_person"] / self.rules["book"]["programme_at_most"]

    def format(self, template: str, **values) -> str:
        """A wording template filled with this company's words and the values given."""
        return template.format_map({**self.words, **values})


def _value(profile: Profile, rules: Mapping) -> tuple[tuple[float | None, float | None] | None, bool]:
    if profile.arr_per_account:
        return (profile.arr_per_account, profile.arr_per_account), True
    band = rules["arr_bands"].get(profile.arr_band or "")
    if band and profile.customers:
        low, high = band
        return (low / profile.customers if low else None, high / profile.customers if high else None), False
    return None, False


def _departments(size: str | None, answers: Mapping, rules: Mapping, labels: Labels) -> tuple[str, ...]:
    keep = rules["departments"]["by_size"].get(size or "", {}).get("keep") or list(labels.owners)
    absent = {d for d, qids in rules["departments"]["absent_when_na"].items() if any(is_na(answers.get(q)) for q in qids)}
    return tuple(d for d in labels.owners if d in keep and d not in absent)


def fit(profile: Profile | None, answers: Mapping | None = None, rules: Mapping | None = None,
        labels: Labels = LABELS) -> Company:
    """How to speak to the company this profile and these answers describe."""
    profile, rules, answers = profile or Profile(), rules or RULES, answers or {}
    size = voice = None
    if profile.employees:
        entry = next(s for s in rules["sizes"] if s.get("up_to") is None or profile.employees <= s["up_to"])
        size, voice = entry["id"], entry["voice"]
    value, stated = _value(profile, rules)
    return Company(size=size, voice=voice or "neutral", model=profile.business_model, customers=profile.customers,
                   employees=profile.employees, value=value, value_stated=stated,
                   departments=_departments(size, answers, rules, labels),
                   not_applicable=frozenset(q for q, v in answers.items() if is_na(v)), rules=rules, labels=labels,
                   currency=profile.currency,
                   no_cs_team=any(answers.get(q) == level for q, level in (rules.get("no_cs_team_when") or {}).items()))
