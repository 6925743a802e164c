"""What the charter draft says about one answer, level by level (pure Python).

Each phrase book maps levels (or "unknown") to a sentence in the company's voice. A question answered
"not applicable", or not answered, has no phrase: the draft then says nothing rather than guess.
"""
from __future__ import annotations

from collections.abc import Mapping

from app.core.answers import is_level, is_unknown

Phrases = Mapping[object, str]  # keys: an int level, a tuple of levels, or "unknown"


def say(answers: Mapping, question_id: str, phrases: Phrases) -> str:
    """The phrase for the answer given to a question, or "" when N/A, unanswered or not covered."""
    value = answers.get(question_id)
    if is_unknown(value):
        return phrases.get("unknown", "")
    if not is_level(value):
        return ""
    for key, text in phrases.items():
        if key == value or (isinstance(key, tuple) and value in key):
            return text
    return ""


DEFINITION = {
    (0, 1): "Today our leaders would each describe customer success differently; this section gives them one "
            "definition to share.",
    2: "Our leaders broadly agree on what customer success means; writing it down makes the agreement last.",
    (3, 4): "Our leaders already share this definition, and this section keeps it in writing for every new hire "
            "and every new leader.",
    "unknown": "We have not checked whether our leaders share one definition: asking each of them to put it in a "
               "sentence is a quick test.",
}

WHY_NOW = {
    0: "Nobody has written down what customer success is for. This charter is our first version.",
    1: "What we have today is an informal description that leadership never approved. This charter replaces it "
       "with one that leadership signs.",
    2: "Leadership has approved a charter, but few people outside the CS team have read it. This revision is "
       "written to be used by every department.",
    3: "Our approved charter is already shared company-wide and used in planning. This revision brings it in line "
       "with what the assessment found.",
    4: "Our charter is reviewed every year against results and customer feedback. This is the next revision, "
       "informed by the assessment.",
    "unknown": "None of us could say for sure whether an approved charter exists. Finding out is quick; this draft "
               "is the starting point either way.",
}

SPONSOR = {
    0: "We have no executive sponsor yet: no executive owns customer outcomes, and leaders step in only when a "
       "large account threatens to leave. Naming one is the first decision this charter asks of the leadership team.",
    1: "We have no executive sponsor yet. Our CEO or a founder rescues key accounts personally, but nobody is "
       "formally accountable for customer success; the leadership team names that person when it adopts this charter.",
    2: "An executive is named as our sponsor, but customer success rarely reaches the leadership agenda. From now "
       "on the sponsor reports the charter's KPIs at every leadership meeting.",
    3: "Our sponsor already reports customer KPIs at every leadership meeting, holds the CS budget and unblocks "
       "issues between departments. The charter keeps that role as it is.",
    4: "Customer success has a seat on the executive team, and customer outcomes weigh as much as bookings in "
       "board reports. The charter builds on that.",
    "unknown": "We do not know yet whether any executive formally sponsors customer success. Finding out, and "
               "naming a sponsor if there is none, comes before anything else in this section.",
}

INCENTIVES = {
    0: "Today incentives reward new bookings only. We will add retention and adoption to the goals of sales, CS "
       "and support, starting with the next planning cycle.",
    1: "Today only the CS team carries a retention target. Sales, product and support will share customer-outcome "
       "goals from the next planning cycle.",
    2: "Customer KPIs already appear in most department goals, but they weigh little in bonuses and commission. "
       "We will give them real weight in variable pay.",
    (3, 4): "Variable pay in sales, CS and support already includes retention or adoption measures; we check "
            "every year that it still rewards the right results.",
    "unknown": "We could not say how far pay and goals reward customer outcomes today. Finance and HR will map "
               "it before we change anything.",
}

REVIEW = {
    0: "Nothing has been reviewed so far: there was no charter to review. This first version sets the habit.",
    1: "Until now the charter changed only when a new leader arrived or a painful loss forced a rethink. From now "
       "on it has a fixed review date.",
    2: "A review date is already set, but the review has been a quick re-read by the CS team alone. From now on "
       "every department takes part.",
    3: "We already review the charter every year against KPIs, churn reasons and customer feedback, and we keep "
       "that cycle.",
    4: "We already review the charter after every major change in strategy, pricing or product, and record what "
       "changed and why. The cycle below stays as it is.",
    "unknown": "We could not say when the charter was last reviewed. The first review date below settles it.",
}

TIERING = {
    0: "Today every customer is served the same way, so these tiers are new to us.",
    1: "Today only our biggest customers get a named contact, and informally; the tiers below make the rules explicit.",
    2: "We already have two or three rough tiers; the table gives each one criteria and set touch points.",
    (3, 4): "Every customer already has a tier with set touch points; the table records them so the review can "
            "adjust them.",
    "unknown": "We could not say how customers are tiered today: checking who gets which kind of attention "
               "comes first.",
}

TECH_TOUCH = {
    (0, 1): "Automated, usage-triggered touches barely exist yet, so the digital programme is the largest piece "
            "of work here.",
    2: "A few scheduled emails exist, but they ignore what customers actually do; triggering them on usage is "
       "the next step.",
    "unknown": "Nobody could tell us what lower-tier customers receive automatically; listing it is a quick first step.",
}

# Where today's practice differs from the matrix, from the responsibility answers.
TODAY = {
    "responsibility-departments": {
        0: "Other departments still see customers as the CS team's job once the contract is signed. The matrix "
           "gives each of them a row to own.",
        1: "Colleagues in sales and product help customers out of goodwill rather than an agreed role. The matrix "
           "turns that goodwill into a role.",
        2: "A matrix like this already exists, but several departments ignore it in practice. A monthly "
           "cross-functional review will check each row.",
        (3, 4): "Each department's plan already carries customer-success goals, so the matrix mostly records "
                "today's practice.",
        "unknown": "We do not know yet whether each department knows its role with customers; each department "
                   "head will confirm their row.",
    },
    "responsibility-shared-ownership": {
        0: "Accounts still belong to whoever sold them. In the matrix, sales hands each account to CS at contract.",
        1: "Hand-over from sales is a corridor chat or a forwarded email today. The decision column makes it a "
           "written step that CS signs off.",
    },
    "journey-renewals": {
        (0, 1): "Renewals are handled late today, when the invoice goes out or a few weeks ahead. The matrix has "
                "CS lead the performance stage, with finance working from the same figures.",
        "unknown": "We could not say who works on renewals, or how early; the performance column settles it.",
    },
    "strategy-feedback-loop": {
        0: "Product plans are made without customer input today. The matrix asks product to support every stage "
           "after go-live, starting with a regular feedback forum.",
        1: "Customer feedback reaches product through whoever lobbies loudest. The matrix makes product a "
           "supporting team at every stage, through one agreed feedback route.",
    },
    "journey-advocacy": {
        (0, 1): "Nobody owns advocacy today; references are found when a deal needs one. The matrix gives the "
                "advocacy stage an owner.",
    },
    "buy-in-sponsor": {
        (0, 1): "Management steps in today only to rescue large accounts. In the matrix it supports the contract "
                "and the later stages as a matter of course.",
    },
}

# Each objective rung and the journey question that shows how far customers get there today.
RUNG_EVIDENCE = {
    "adoption": "journey-adoption",
    "performance": "journey-performance",
    "transformation": "journey-transformation",
    "advocacy": "journey-advocacy",
}
