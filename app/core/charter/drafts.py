"""The words of a first charter draft, one writer per section, from facts taken off the results (pure Python).

Writers return Markdown. They avoid headings so a section reads the same under any heading level.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.evaluation import Evaluation
from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN, Question

PHASE_LINES = 12  # actions per roadmap phase written into the charter
LEG_NAMES = {"charter": "charter", "responsibility": "responsibility", "executive_buy_in": "executive buy-in"}


@dataclass(frozen=True)
class Facts:
    """What the drafts say about one organisation, as plain values."""

    organisation: str
    stage: tuple[int, str] | None
    headline: str
    description: str
    symptoms: tuple[str, ...]
    next_stage: str | None
    focus: tuple[str, ...]
    weakest_leg: str
    balanced: bool
    legs: dict[str, float | None]
    failed_gates: tuple[str, ...]
    journey: tuple[str, ...]  # one line per journey section
    phases: tuple[tuple[str, tuple[str, ...], int], ...]  # (phase heading, action lines, actions left out)
    cs_scope: dict[str, list[str]]  # "leads" / "supports" -> journey stage names

    @classmethod
    def of(cls, evaluation: Evaluation, organisation: str, cs_scope: dict[str, list[str]]) -> Facts:
        """Collect the facts from an evaluation."""
        questionnaire, result, info = evaluation.questionnaire, evaluation.result, evaluation.stage_info
        stage = result.stage
        following = questionnaire.stage(stage.number + 1).name if stage and stage.number < len(questionnaire.stages) else None
        return cls(
            organisation=organisation,
            stage=(stage.number, stage.name) if stage else None,
            headline=info.headline if info else "", description=info.description if info else "",
            symptoms=info.symptoms if info else (),
            next_stage=following,
            focus=tuple(m.name for m in evaluation.focus_metrics),
            # With no stool answers there is no weakest leg to point at.
            weakest_leg=LEG_NAMES.get(result.weakest_leg or "", "") if (result.legs or {}).get(result.weakest_leg) is not None else "",
            balanced=result.balanced,
            legs={LEG_NAMES[k]: v for k, v in (result.legs or {}).items()},
            failed_gates=tuple(f"{g.gate.title} (needed for stage {g.gate.stage}, {questionnaire.stage(g.gate.stage).name})"
                               for g in sorted(result.gates, key=lambda g: g.gate.stage) if not g.passed),
            journey=tuple(_journey_line(s.title, s.questions, evaluation.answers)
                          for s in questionnaire.sections if s.block == "journey"),
            phases=tuple(_phase(phase, stage.number if stage else 1) for phase in evaluation.roadmap),
            cs_scope=cs_scope,
        )


def _level(question: Question, value) -> str:
    level = question.levels[question.values.index(value)]
    return f"level {level.value}, {level.name}"


def _journey_line(title: str, questions, answers) -> str:
    """How one journey section stands: mean level and its weakest practice, or what is missing."""
    scored = [(answers[q.id], q) for q in questions if isinstance(answers.get(q.id), int)]
    unknown = sum(1 for q in questions if answers.get(q.id) == UNKNOWN)
    if not scored:
        gap = f"{unknown} \"don't know\" answer{'s' if unknown != 1 else ''} to look into" if unknown else "not assessed yet"
        return f"**{title}**: {gap}."
    mean = sum(value for value, _ in scored) / len(scored)
    value, weakest = min(scored, key=lambda pair: pair[0])
    line = f"**{title}**: level {mean:.1f} of 4 on average over {len(scored)} answer{'s' if len(scored) != 1 else ''}"
    if value < weakest.max_value:
        line += f"; weakest: {weakest.text} ({_level(weakest, value)})"
    skipped = sum(1 for q in questions if answers.get(q.id) == NOT_APPLICABLE)
    return line + (f"; {skipped} marked not applicable." if skipped else ".")


def _phase(phase, current: int) -> tuple[str, tuple[str, ...], int]:
    heading = f"**{phase.name} ({phase.window})**"
    projected = phase.projected_stage
    if projected and projected.number > current:
        heading += f", which should bring us to stage {projected.number} ({projected.name})"
    # The Later phase can hold dozens of actions: the charter keeps the first ones, the CSV has them all.
    lines = tuple(f"{a.do} *Owner:* {a.owner_label}. *Measure:* {a.measure.rstrip('.')}."
                  for a in phase.actions[:PHASE_LINES])
    return heading, lines, max(len(phase.actions) - PHASE_LINES, 0)


def _bullets(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def _join(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _stage_text(f: Facts) -> str:
    return f"stage {f.stage[0]} ({f.stage[1]})" if f.stage else "a stage we have yet to establish"


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def meaning(f: Facts) -> str:
    """What customer success means here: the company-wide duty and the team, and where we stand."""
    where = (f"Our assessment places us at stage {f.stage[0]}, **{f.stage[1]}**: {f.headline}" if f.stage else
             "We have not yet placed ourselves on the maturity ladder; finish the assessment to say where we stand.")
    return _paragraphs(
        f'At {f.organisation}, "customer success" means two things, and this charter covers both.',
        _bullets([
            "**A commitment of the whole company.** Marketing, sales, product, support, services, finance and "
            "management each play a part in helping customers reach the results they bought our solution for, at "
            "every stage of their journey.",
            "**A dedicated team.** The customer-success team partners customers, mostly from the contract onwards, so "
            "that they adopt the solution, reach their goals and keep finding new value. It conducts the relay between "
            "departments rather than doing everything itself.",
        ]),
        where,
    )


def statement(f: Facts) -> str:
    """Why now: the stage's description, its symptoms, failed gates, the opportunity and the cost of inaction."""
    problems = list(f.symptoms) + [f"We do not yet meet this condition: {gate}." for gate in f.failed_gates[:5]]
    if not f.balanced and f.weakest_leg:
        problems.append(f"Our three-legged stool is out of balance: the {f.weakest_leg} leg is the shortest, "
                        "and it limits how far we can climb.")
    step = (f" The next step is stage {f.stage[0] + 1}, **{f.next_stage}**." if f.stage and f.next_stage else
            " The task now is to keep that growth compounding." if f.stage else "")
    return _paragraphs(
        "**Why now.** " + (f.description or "We need a shared, written view of what customer success is for and who "
                                            "does what."),
        "**The problems we face.**",
        _bullets(problems) if problems else "- We have not recorded them yet; complete the assessment to list them.",
        "**The opportunity.** Customers who reach their goals renew, buy more and recommend us, so growth can come "
        "from the customers we already have." + step,
        "**The cost of doing nothing.** Every customer who leaves takes recurring revenue with them, and replacing it "
        "costs far more than keeping it would have. Left alone, churn quietly cancels out what sales wins.",
    )


def vision(f: Facts) -> str:
    """Vision and mission: customer and vendor growth feeding each other, tracked by the focus metrics."""
    return _paragraphs(
        "**Vision.** Our customers reach the outcomes they bought our solution for, and their success drives ours: "
        "as the value they get grows, so do renewals, expansion and referrals.",
        "**Mission.** We partner every customer from first contact to advocacy, with an engagement model that fits "
        "their size and potential, so that each one sees value early and keeps finding more.",
        f"We will know we are on course when {_join(f.focus)} move the right way." if f.focus else "",
    )


def principles(f: Facts) -> str:
    """The guiding principles, ending with the stool leg that needs the most attention."""
    return _bullets([
        "**Outcomes before activity.** We judge our work by the results customers achieve, not by the meetings we log.",
        "**Everyone owns the customer.** Each department knows its part at every stage of the journey; the CS team "
        "conducts the relay, it does not carry it alone.",
        "**Act before the customer has to ask.** We watch health signals and step in early rather than wait for an escalation.",
        "**Serve each tier in the way that fits.** Effort follows each customer's value and potential, and every "
        "customer gets a consistent experience.",
        "**Decide with data and close the loop.** We measure what matters, share it across teams, pass customer "
        "feedback to product and tell customers what changed.",
        "**Keep the stool level.** The charter, shared responsibility and executive buy-in grow together"
        + (f"; today the {f.weakest_leg} leg needs the most attention." if f.weakest_leg else "."),
    ])


def scope(f: Facts) -> str:
    """What CS leads and supports, the hand-offs, and how each journey section stands today."""
    return _paragraphs(
        f"The CS team leads {_join(f.cs_scope.get('leads', []))}, and supports sales in "
        f"{_join(f.cs_scope.get('supports', []))}. Marketing and sales lead the demand stages before that, and "
        "marketing shares advocacy with CS.",
        "**Hand-offs.** Sales hands each new customer to CS at contract, with the customer's goals, sponsor and "
        "agreed KPIs written down. CS hands advocates and expansion opportunities back to marketing and sales. "
        "Support and services work alongside CS after go-live, with an agreed way to pass issues back and forth.",
        "**The journey today, from our answers:**",
        _bullets(f.journey) if f.journey else "- The journey has not been assessed yet; map each stage before fixing the scope.",
    )


def objectives(f: Facts) -> str:
    """The objectives ladder from adoption to advocacy, pointing at the stage's focus metrics."""
    watch = f"At {_stage_text(f)}, we watch {_join(f.focus)} most closely. " if f.focus else ""
    return _paragraphs(
        "Our objectives climb a ladder, each rung resting on the one below:",
        "1. **Adoption**: customers use what they bought, quickly and widely.\n"
        "2. **Performance and value**: customers see measurable gains against the KPIs agreed at contract.\n"
        "3. **Transformation and ROI**: the solution is part of how customers work, and its return is proven.\n"
        "4. **Advocacy**: successful customers speak up for us and bring in new business.",
        watch + "The KPI table gives each rung a measure, today's baseline and a target: record the baselines before "
        "committing to targets.",
    )


def segmentation(f: Facts) -> str:
    """Why and how customers are tiered; the tiers themselves are a table."""
    return _paragraphs(
        "We do not serve every customer the same way. We tier customers on the recurring revenue they bring today "
        "and on their potential, and give each tier an engagement model we can afford and keep up. The tiers below "
        "are a starting point: adjust the thresholds to our own prices and team size. As a rule of thumb, a CSM "
        "looks after about $2M of ARR, and one with more than about 50 accounts needs automation to keep up.",
        f"At {_stage_text(f)}, tiering is one of the first steps towards consistent service."
        if f.stage and f.stage[0] <= 2 else "",
    )


def responsibilities(f: Facts) -> str:
    """The relay across departments; the matrix itself is a table."""
    return _paragraphs(
        "Customer success is a relay across the company. The matrix shows, for each stage of the journey, which "
        "department leads, which support and which are kept informed. Work changes hands where the lead changes: "
        "from marketing to sales when a prospect asks for a trial, from sales to CS at contract, and from CS back "
        "to marketing and sales when advocates bring in new demand.",
        "Each department agrees its row of the matrix and builds it into its own goals.",
        "The assessment shows responsibility as the shortest leg of our stool, so agreeing this matrix comes first."
        if f.weakest_leg == "responsibility" else "",
    )


def governance(f: Facts) -> str:
    """Executive sponsor, review cadence and incentives."""
    score = f.legs.get("executive buy-in")
    return _paragraphs(
        "**Executive sponsor.** A named member of the leadership team answers for customer retention and for this "
        "charter, and clears obstacles between departments."
        + (f" Our assessment scores executive buy-in at {score:g} out of 100." if score is not None else ""),
        f"**Reviews.** CS leadership reviews {_join(f.focus) if f.focus else 'the focus metrics'} every month; the "
        "leadership team reviews the charter's KPIs every quarter, next to new bookings.",
        "**Incentives.** Goals and variable pay in sales, CS and support reward retention, expansion and customer "
        "outcomes, not only new business.",
    )


def roadmap(f: Facts) -> str:
    """The Now / Next / Later actions with their owners and measures."""
    parts = ["The roadmap comes from the gaps in our assessment, most urgent first."]
    for heading, lines, left_out in f.phases:
        if not lines:
            parts.append(heading + ": nothing is planned in this phase.")
            continue
        parts.append(heading + ":")
        parts.append("\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1)))
        if left_out:
            parts.append(f"…and {left_out} further action{'s' if left_out != 1 else ''} in the full roadmap.")
    return _paragraphs(*parts)


def review(f: Facts) -> str:
    """When and how the charter is revisited."""
    return _paragraphs(
        "This charter is a living document. We revisit it:",
        _bullets([
            "every year, against our strategy, our customer base and the results we measured;",
            f"whenever we move to a new maturity stage: we are at {_stage_text(f)} today, and we re-run the "
            "assessment every six months to check;",
            "whenever our offer, our pricing or the customers we target change.",
        ]),
        "The executive sponsor owns the review; each department confirms its row of the responsibilities matrix, and "
        "the changes are shared with the whole company.",
    )


DRAFTERS: dict[str, Callable[[Facts], str]] = {
    "meaning": meaning, "statement": statement, "vision": vision, "principles": principles, "scope": scope,
    "objectives": objectives, "segmentation": segmentation, "responsibilities": responsibilities,
    "governance": governance, "roadmap": roadmap, "review": review,
}
