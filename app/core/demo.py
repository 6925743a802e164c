"""A fictional company's answers, so a newcomer sees a result and a PDF at once (pure Python)."""
from __future__ import annotations

from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN, Questionnaire

DEMO_ORGANISATION = "Northwind Analytics (demo)"
DEMO_RESPONDENT = ("Dana Whitfield", "general_management", "executive")  # name, department, level

# A plausible mid-stage company: an engaged sponsor, a thin charter, CS still fighting fires.
_BLOCK_LEVELS = {
    "stool": {"charter": 2, "responsibility": 2, "executive_buy_in": 3},
    "customer_centricity": 2,
    "service_alignment": 2,
    "operations": 1,
    "journey": 2,
    "strategy": 1,
    "discipline": 2,
}
_NOTES = {
    0: "Board asked for this after two large renewals slipped last quarter.",
    3: "Based on the last quarterly business review deck.",
}


def demo_answers(questionnaire: Questionnaire) -> dict[str, tuple[int | str, str]]:
    """Deterministic answers for every question: {question id: (value, note)}."""
    answers = {}
    for number, (qid, question) in enumerate(questionnaire.questions.items()):
        section = questionnaire.section_of[qid]
        base = _BLOCK_LEVELS.get(section.block, 2)
        if isinstance(base, dict):
            base = base.get(section.leg, 2)
        value: int | str = min(max(base + (number % 3) - 1, 0), question.max_value)
        if number % 11 == 7:
            value = UNKNOWN
        elif number % 17 == 13:
            value = NOT_APPLICABLE
        answers[qid] = (value, _NOTES.get(number, ""))
    return answers


# --- The demo workshop: nine people, three executives rating the company higher than the six others; three in
# customer success, three in sales and three in other departments, so both comparisons clear the floor of three. ---

DEMO_WORKSHOP = "Contoso Logistics (demo workshop)"
DEMO_FACILITATOR = ("demo-facilitator@example.com", "Demo Facilitator")
# (name, department, level, how far this person's view sits from the middle): leaders see more than the team does.
DEMO_PARTICIPANTS = (
    ("Avery Chen", "general_management", "executive", 1), ("Blake Osei", "sales", "executive", 1),
    ("Casey Marsh", "customer_success", "executive", 0), ("Devon Ruiz", "customer_success", "manager", -1),
    ("Emery Novak", "customer_success", "individual", -1), ("Finley Park", "sales", "manager", 0),
    ("Gray Adeyemi", "product", "head_of", -1), ("Harper Lind", "support", "individual", -2),
    ("Indra Sato", "sales", "individual", -1),
)


def demo_workshop_answers(questionnaire: Questionnaire, lean: int, seat: int) -> dict[str, tuple[int | str, str]]:
    """Deterministic answers of one demo participant: the demo company's levels, shifted by their view."""
    answers = {}
    for number, (qid, (value, _)) in enumerate(demo_answers(questionnaire).items()):
        question = questionnaire.questions[qid]
        if not isinstance(value, int):
            value = 2
        wobble = (number + seat) % 3 - 1 if (number + seat) % 4 == 0 else 0
        answers[qid] = (min(max(value + lean + wobble, 0), question.max_value), "")
        if seat == 7 and number % 9 == 4:
            answers[qid] = (UNKNOWN, "")
    return answers


# --- The demo's second round: a reviewed plan, so a newcomer sees the whole loop. ---

ROUND_GAP_DAYS = 91  # the first round took place a quarter before the second
# The first round's plan, one entry per roadmap action taken in roadmap order: the owner, the status it ended the
# quarter in, its due date (days after the first round), and a note, reason or evidence link.
DEMO_OWNERS = {
    "dana": ("Dana Whitfield", "dana.whitfield@northwind.example"),
    "sam": ("Sam Okafor", "sam.okafor@northwind.example"),
    "lee": ("Lee Marchetti", None),
}
DEMO_PLAN = (
    ("sam", "done", 30, {"note": "Product gets a monthly digest of feedback; we rate the loop at level 2."}),
    ("dana", "done", 30, {"note": "Finance now reports gross and net revenue retention every quarter."}),
    ("dana", "done", 45, {"evidence": "https://intranet.northwind.example/cs/charter-v1.pdf",
                          "note": "Signed off by the CEO at the March leadership meeting."}),
    ("sam", "done", 60, {"note": "Live for every account; the tiers are reviewed each quarter."}),
    ("lee", "done", 75, {}),
    ("dana", "wont_do", 90, {"reason": "The roles were reset last year; the charter review covers them now."}),
    ("sam", "in_progress", 150, {"note": "Two of five playbooks written."}),
    ("lee", "not_started", 60, {}),
    ("lee", "risk_accepted", 120, {"reason": "Finance has no time before Q3; renewals go without ROI evidence meanwhile."}),
)
FOUND_OUT_LEVEL = 2  # what the team found when it settled a "don't know" in the demo
DEMO_CUSTOM = ("Hire a customer-success operations analyst", "sam", "in_progress", 120)
DEMO_TARGETS = {"legs": {"charter": 3}, "blocks": {}}  # the sponsor set the charter leg's target a step higher


def second_round_answers(first: dict[str, tuple[int | str, str]], raised: dict[str, int]) -> dict[str, tuple[int | str, str]]:
    """The second round's answers: the first round's, with each done action's answer raised to the level it aimed at."""
    answers = dict(first)
    for qid, level in raised.items():
        value, note = answers.get(qid, (None, ""))
        if not isinstance(value, int) or value < level:
            answers[qid] = (level, "Raised since the last round: see the reviewed plan.")
    return answers
