"""The action plan and the targets of an assessment: owners, actions, the event kept for every change (no Flask).

A round's plan is frozen once the next round has started: its open actions were carried into the new
round's plan, where they are updated from then on, so the review of that round never changes.
"""
from __future__ import annotations

from sqlite_utils import Database

from app.core import answers
from app.core.plan import FIELDS, Event, Owner, PlanAction
from app.store.core import now, writing


class PlanFrozen(Exception):
    """The plan belongs to a round that the next round has reviewed: it is read-only."""


# --- targets ----------------------------------------------------------------------------------


def load_targets(db: Database, assessment_id: int) -> dict[str, dict[str, int]]:
    """The target levels an owner or facilitator chose: {"blocks": {id: level}, "legs": {id: level}}."""
    chosen: dict[str, dict[str, int]] = {"blocks": {}, "legs": {}}
    for kind, item, level in db.execute("select kind, item, level from targets where assessment_id = ?",
                                        [assessment_id]).fetchall():
        chosen.setdefault(kind, {})[item] = level
    return chosen


def save_targets(db: Database, assessment_id: int, chosen: dict[str, dict[str, int]]) -> None:
    """Replace the chosen targets (a block or leg left out follows the default again)."""
    stamp = now()
    rows = [(assessment_id, kind, item, level, stamp) for kind, levels in chosen.items() for item, level in levels.items()]
    with writing(db):
        db.execute("delete from targets where assessment_id = ?", [assessment_id])
        db.conn.executemany("insert into targets (assessment_id, kind, item, level, updated_at) values (?, ?, ?, ?, ?)", rows)


# --- reading the plan ---------------------------------------------------------------------------

_ACTION_COLUMNS = ("a.id, a.title, a.status, a.due, a.reason, a.note, a.evidence, a.question_id, a.block, a.leg, a.level, "
                   "a.target_level, a.position, a.carried_from, a.created_at, a.updated_at, o.id, o.name, o.email")


def _action(row, events: dict[int, list[Event]]) -> PlanAction:
    (aid, title, status, due, reason, note, evidence, qid, block, leg, level, target, position, carried, created,
     updated, oid, name, email) = row
    return PlanAction(aid, title, status, Owner(oid, name, email) if oid else None, due, reason, note, evidence, qid,
                      block, leg, answers.parse(level), target, position, carried, created, updated,
                      tuple(events.get(aid, ())))


def load_plan(db: Database, assessment_id: int, owner_id: int | None = None) -> list[PlanAction]:
    """The plan's actions in their order, with owners and events (only one owner's with owner_id)."""
    where, params = "a.assessment_id = ?", [assessment_id]
    if owner_id is not None:
        where, params = where + " and a.owner_id = ?", params + [owner_id]
    events: dict[int, list[Event]] = {}
    for aid, at, who, field, before, after in db.execute(
            "select action_id, at, who, field, from_value, to_value from plan_events where assessment_id = ? "
            "order by id", [assessment_id]).fetchall():
        events.setdefault(aid, []).append(Event(at, who, field, before, after))
    rows = db.execute(f"select {_ACTION_COLUMNS} from plan_actions a left join plan_owners o on o.id = a.owner_id "
                      f"where {where} order by a.position, a.id", params).fetchall()
    return [_action(row, events) for row in rows]


def owners(db: Database, assessment_id: int) -> list[Owner]:
    """The plan's owners, by name."""
    return [Owner(*row) for row in db.execute(
        "select id, name, email from plan_owners where assessment_id = ? order by name collate nocase, id",
        [assessment_id]).fetchall()]


def owner(db: Database, owner_id: int) -> tuple[int, Owner] | None:
    """(assessment id, owner) of an owner id."""
    row = db.execute("select assessment_id, id, name, email from plan_owners where id = ?", [owner_id]).fetchone()
    return (row[0], Owner(*row[1:])) if row else None


def is_reviewed(db: Database, assessment_id: int) -> int | None:
    """The id of the next round that reviewed this round's plan, if one has started."""
    row = db.execute("select id from assessments where previous_id = ? order by id limit 1", [assessment_id]).fetchone()
    return row[0] if row else None


# --- changing the plan --------------------------------------------------------------------------


def owner_id_for(db: Database, assessment_id: int, name: str | None, email: str | None) -> int | None:
    """The plan's owner with this email (else this name), created when new; None for no name."""
    name, email = (name or "").strip(), (email or "").strip().lower() or None
    if not name:
        return None
    with writing(db):
        row = None
        if email:
            row = db.execute("select id from plan_owners where assessment_id = ? and lower(email) = ?",
                             [assessment_id, email]).fetchone()
        if row is None:
            row = db.execute("select id from plan_owners where assessment_id = ? and lower(name) = lower(?) and "
                             "(email is null or ? is null) order by id limit 1", [assessment_id, name, email]).fetchone()
            if row is not None and email:
                db.execute("update plan_owners set email = ? where id = ?", [email, row[0]])
        if row is not None:
            return row[0]
        return db["plan_owners"].insert({"assessment_id": assessment_id, "name": name, "email": email,
                                         "created_at": now()}).last_pk


def _guard(db: Database, assessment_id: int) -> None:
    if is_reviewed(db, assessment_id):
        raise PlanFrozen(assessment_id)


def _event(db: Database, assessment_id: int, action_id: int, who: str, field: str, before, after, at: str) -> None:
    db["plan_events"].insert({"assessment_id": assessment_id, "action_id": action_id, "at": at, "who": who,
                              "field": field, "from_value": before, "to_value": after})


def adopt(db: Database, assessment_id: int, action: PlanAction, who: str) -> int:
    """Add an action to the plan (owner looked up or created by name and email); one "adopted" event."""
    stamp = now()
    with writing(db):
        _guard(db, assessment_id)
        owner_id = owner_id_for(db, assessment_id, action.owner.name, action.owner.email) if action.owner else None
        position = db.execute("select coalesce(max(position), 0) + 1 from plan_actions where assessment_id = ?",
                              [assessment_id]).fetchone()[0]
        action_id = db["plan_actions"].insert({
            "assessment_id": assessment_id, "position": position, "question_id": action.question_id,
            "title": action.title, "block": action.block, "leg": action.leg, "level": answers.encode(action.level),
            "target_level": action.target_level, "owner_id": owner_id, "due": action.due, "status": action.status,
            "reason": action.reason, "note": action.note, "evidence": action.evidence, "created_at": stamp,
            "updated_at": stamp}).last_pk
        _event(db, assessment_id, action_id, who, "adopted", None, action.status, stamp)
    return action_id


def _current(action: PlanAction) -> dict:
    return {"title": action.title, "owner": action.owner.label if action.owner else None, "due": action.due,
            "status": action.status, "reason": action.reason, "note": action.note, "evidence": action.evidence}


def update(db: Database, assessment_id: int, action_id: int, changes: dict, who: str) -> list[str]:
    """Change some fields of one action of this plan ("owner" as (name, email)); one event per changed field.

    Returns the fields that changed; raises KeyError for an action not in this plan, PlanFrozen after a review.
    """
    stamp = now()
    with writing(db):
        _guard(db, assessment_id)
        found = next((a for a in load_plan(db, assessment_id) if a.id == action_id), None)
        if found is None:
            raise KeyError(action_id)
        columns, before = {}, _current(found)
        if "owner" in changes:
            name, email = changes.pop("owner") or (None, None)
            owner_id = owner_id_for(db, assessment_id, name, email)
            columns["owner_id"] = owner_id
            changes["owner"] = owner(db, owner_id)[1].label if owner_id else None
        changed = [f for f in FIELDS if f in changes and (changes[f] or None) != before[f]]
        for field in changed:
            if field != "owner":
                columns[field] = changes[field] or None
            _event(db, assessment_id, action_id, who, field, before[field], changes[field] or None, stamp)
        if changed:
            db["plan_actions"].update(action_id, {**columns, "updated_at": stamp})
    return changed


def carry_over(db: Database, previous_id: int, new_id: int) -> int:
    """Copy the previous round's open actions (their owners, events, reminder opt-outs) and chosen targets into the
    new round, each with a "carried" event; returns how many actions moved. Called as the new round is created."""
    stamp = now()
    with writing(db):
        previous_round = db.execute("select round from assessments where id = ?", [previous_id]).fetchone()[0]
        save_targets(db, new_id, load_targets(db, previous_id))
        owner_map: dict[int, int] = {}
        for old in db.execute("select id, name, email from plan_owners where assessment_id = ?", [previous_id]).fetchall():
            owner_map[old[0]] = db["plan_owners"].insert({"assessment_id": new_id, "name": old[1], "email": old[2],
                                                          "carried_from": old[0], "created_at": stamp}).last_pk
            db.execute("insert into plan_reminders (owner_id, assessment_id, week, sent_at, off_at) select ?, ?, week, "
                       "sent_at, off_at from plan_reminders where owner_id = ?", [owner_map[old[0]], new_id, old[0]])
        carried = [a for a in load_plan(db, previous_id) if a.is_open]
        for position, action in enumerate(carried, 1):
            action_id = db["plan_actions"].insert({
                "assessment_id": new_id, "position": position, "question_id": action.question_id, "title": action.title,
                "block": action.block, "leg": action.leg, "level": answers.encode(action.level),
                "target_level": action.target_level, "owner_id": owner_map.get(action.owner.id) if action.owner else None,
                "due": action.due, "status": action.status, "reason": action.reason, "note": action.note,
                "evidence": action.evidence, "carried_from": action.id, "created_at": action.created_at,
                "updated_at": stamp}).last_pk
            for e in action.events:
                _event(db, new_id, action_id, e.who, e.field, e.before, e.after, e.at)
            _event(db, new_id, action_id, "next round", "carried", f"round {previous_round}",
                   f"round {previous_round + 1}", stamp)
        # The previous round's report now says its plan was reviewed: a new content version for it.
        db.execute("update assessments set revision = revision + 1 where id = ?", [previous_id])
    return len(carried)


def plan_from_list(db: Database, assessment_id: int, items: list[dict]) -> None:
    """Restore an exported plan (validated by app/core/plan_exchange.py) into a new assessment, events as they were."""
    stamp = now()
    with writing(db):
        for position, item in enumerate(items, 1):
            owner = item.get("owner") or {}
            owner_id = owner_id_for(db, assessment_id, owner.get("name"), owner.get("email"))
            action_id = db["plan_actions"].insert({
                "assessment_id": assessment_id, "position": position, "question_id": item.get("question"),
                "title": item["title"], "block": item.get("block"), "leg": item.get("leg"),
                "level": answers.encode(item.get("level")), "target_level": item.get("target_level"),
                "owner_id": owner_id, "due": item.get("due"), "status": item["status"], "reason": item.get("reason"),
                "note": item.get("note"), "evidence": item.get("evidence"), "created_at": item.get("created_at") or stamp,
                "updated_at": item.get("updated_at") or stamp}).last_pk
            for e in item.get("events") or ():
                _event(db, assessment_id, action_id, e["who"], e["field"], e.get("from"), e.get("to"), e["at"])
