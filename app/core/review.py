"""The next round reviews the last round's plan: done, slipped, dropped, and whether done work moved the answers (pure Python).

The plan is read as it stood when the new round started (a reviewed round's plan is frozen). An
action is *slipped* when its due date passed before that day and it was neither done nor dropped;
*dropped* when the team marked it "won't do" or accepted the risk; *open* when it is still to do and
not yet due. Open and slipped actions carry into the new round's plan. For each done action, the
answer it aimed at is compared between the rounds, and the stage change is explained by the done
actions whose answers moved.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.core.answers import is_level
from app.core.plan import DROPPED, PlanAction
from app.core.questionnaire import Questionnaire
from app.core.targets import Targets

NAMED = 3  # the explanation names this many done actions, then says how many more


def _brief(action: PlanAction) -> dict:
    return {"title": action.title, "owner": action.owner.name if action.owner else None, "due": action.due,
            "status": action.status_label, "reason": action.reason}


def _moved(before, now) -> str:
    """"up", "same", "down", "answered" (a level now, "don't know" or nothing then), "not_yet" (no answer this round)
    or "not_scored" (don't know or N/A now)."""
    if now is None:
        return "not_yet"
    if not is_level(now):
        return "not_scored"
    if not is_level(before):
        return "answered"
    return "up" if now > before else "down" if now < before else "same"


def _done(action: PlanAction, questionnaire: Questionnaire, before: Mapping, after: Mapping) -> dict:
    """A done action and what happened to the answer it aimed at."""
    qid = action.question_id if action.question_id in questionnaire.questions else None
    then = before.get(qid, action.level) if qid else None
    now = after.get(qid) if qid else None
    moved = _moved(then, now) if qid else None
    reached = is_level(now) and action.target_level is not None and now >= action.target_level
    return {**_brief(action), "question": questionnaire.questions[qid].text if qid else None,
            "before": then, "now": now, "target_level": action.target_level, "moved": moved, "reached": bool(reached)}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _change(done: dict) -> str:
    before = f"level {done['before']}" if is_level(done["before"]) else "don't know"
    return f"{before} to level {done['now']}"


def explain(stage: dict | None, behind: list[dict], done_count: int) -> str:
    """One or two sentences saying how the stage moved and which done actions' answers moved with it."""
    before, after = (stage or {}).get("before"), (stage or {}).get("after")
    if not after:
        return ("This round has no stage yet. Answer the questions and this review shows, for each done action, "
                "whether the answers it aimed at moved.")
    named = "; ".join(f"{b['title'].rstrip('.')} ({_change(b)})" for b in behind[:NAMED])
    named += f"; and {len(behind) - NAMED} more" if len(behind) > NAMED else ""
    if not before:
        return f"Stage {after['number']} ({after['name']}) now; the last round had no stage to compare with."
    moved = after["number"] - before["number"]
    head = (f"Up from stage {before['number']} ({before['name']}) to stage {after['number']} ({after['name']})." if moved > 0
            else f"Down from stage {before['number']} ({before['name']}) to stage {after['number']} ({after['name']})."
            if moved < 0 else f"Still at stage {after['number']} ({after['name']}).")
    if behind and moved > 0:
        return f"{head} Behind the rise: {_plural(len(behind), 'done action')} whose answers moved up: {named}."
    if behind:
        return (f"{head} {_plural(len(behind), 'done action')} moved {'its answer' if len(behind) == 1 else 'their answers'} "
                f"up ({named}), not enough to lift the stage.")
    if done_count:
        return f"{head} None of the {_plural(done_count, 'done action')} aimed at an answer has moved it yet."
    return f"{head} No action of the last round's plan aimed at an answer was done."


def _targets(previous: Targets | None, current: Targets | None) -> list[dict]:
    """The last round's targets against today's: scores then and now (whole, 0-100), the target, reached or not."""
    if previous is None or current is None:
        return []
    now = current.by_key()
    rows = []
    for t in previous.all():
        if t.target is None or t.gap == 0 and not t.chosen:
            continue  # a default target on a block already at the top says nothing
        later = now.get(t.key)
        then, target, _ = t.points()
        today = later.points()[0] if later else None
        rows.append({"title": t.title, "kind": t.kind, "target_level": t.target, "target": target, "then": then,
                     "today": today, "reached": bool(later and later.today is not None and later.today >= t.target)})
    return rows


def review(plan: Sequence[PlanAction], questionnaire: Questionnaire, before: Mapping, after: Mapping, started: str,
           stage: dict | None, rounds: tuple[int, int], targets: tuple[Targets | None, Targets | None] = (None, None)) -> dict:
    """The review the next round opens with, as plain values (the results page, the PDF page, the export's `review`).

    `plan` is the previous round's plan; `before` and `after` the two rounds' answers; `started` the ISO day the new
    round began; `stage` the comparison's {"before", "after", "moved"}; `rounds` (previous number, this number).
    """
    done = [_done(a, questionnaire, before, after) for a in plan if a.status == "done"]
    slipped = [_brief(a) for a in plan if a.is_open and a.due and a.due < started[:10]]
    dropped = [_brief(a) for a in plan if a.status in DROPPED]
    open_ = [_brief(a) for a in plan if a.is_open and not (a.due and a.due < started[:10])]
    behind = [d for d in done if d["moved"] in ("up", "answered")]
    return {
        "previous_round": rounds[0], "round": rounds[1], "started": started[:10],
        "counts": {"total": len(plan), "done": len(done), "slipped": len(slipped), "dropped": len(dropped),
                   "open": len(open_), "carried": len(slipped) + len(open_), "moved": len(behind)},
        "done": done, "slipped": slipped, "dropped": dropped, "open": open_,
        "stage": stage, "explanation": explain(stage, behind, sum(1 for d in done if d["question"])),
        "targets": _targets(*targets),
    }
