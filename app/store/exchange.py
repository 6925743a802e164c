"""Listing, exporting and importing whole assessments (no Flask)."""
from __future__ import annotations

from sqlite_utils import Database

from app.core.profile import parse_profile
from app.store.charter import charter_from_dict, charter_to_dict
from app.store.core import _decode, _encode, new_token, now, token_hash, who, writing
from app.store.plan import load_plan, load_targets, plan_from_list, save_targets
from app.store.profile import load_profile, save_profile


def list_assessments(db: Database) -> list[dict]:
    """Every assessment with its organisation, questionnaire and respondent count, newest first."""
    rows = db.execute(
        "select a.id, o.name, a.questionnaire_id, a.questionnaire_version, a.path, a.mode, a.created_at, "
        "(select count(*) from respondents r where r.assessment_id = a.id) "
        "from assessments a join organisations o on o.id = a.organisation_id order by a.id desc").fetchall()
    keys = ("id", "organisation", "questionnaire_id", "questionnaire_version", "path", "mode", "created_at", "respondents")
    return [dict(zip(keys, row)) for row in rows]


def export_assessment(db: Database, assessment_id: int) -> dict | None:
    """An assessment as an exchange document (app/exchange.py): no database ids, no tokens."""
    from app.core.exchange import FORMAT, FORMAT_VERSION

    row = db.execute(
        "select o.name, o.created_at, a.questionnaire_id, a.questionnaire_version, a.path, a.mode, a.created_at "
        "from assessments a join organisations o on o.id = a.organisation_id where a.id = ?", [assessment_id]).fetchone()
    if row is None:
        return None
    respondents = []
    for rid, name, role, created, updated, department, level in db.execute(
            "select id, name, role, created_at, updated_at, department, level from respondents where assessment_id = ? "
            "order by id", [assessment_id]).fetchall():
        answers = {
            qid: {"value": _decode(value), "note": note, "updated_at": stamp}
            for qid, value, note, stamp in db.execute(
                "select question_id, value, note, updated_at from answers where respondent_id = ? order by question_id",
                [rid]).fetchall()
        }
        respondents.append({"name": name, "role": role, "department": department, "level": level, "created_at": created,
                            "updated_at": updated, "answers": answers})
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "organisation": {"name": row[0], "created_at": row[1]},
        "assessment": {"questionnaire_id": row[2], "questionnaire_version": row[3], "path": row[4], "mode": row[5],
                       "created_at": row[6]},
        "respondents": respondents,
        "charter": charter_to_dict(db, assessment_id),
        **({"profile": profile.to_dict()} if not (profile := load_profile(db, assessment_id)).empty else {}),
        **({"targets": targets} if any((targets := load_targets(db, assessment_id)).values()) else {}),
        **({"plan": [a.to_dict() for a in actions]} if (actions := load_plan(db, assessment_id)) else {}),
    }


def import_assessment(db: Database, document: dict, facilitator_id: int | None = None) -> tuple[int, list[tuple[str, str]]]:
    """Create a new assessment from a validated exchange document; returns its id and fresh resume tokens.

    A workshop (mode "workshop") is run by `facilitator_id`, and gets a new join code.
    """
    from app.store.workshop import _new_code

    stamp = now()
    tokens = []
    facilitator_id = facilitator_id if document["assessment"]["mode"] == "workshop" else None
    with writing(db):
        organisation = document["organisation"]
        org_id = db["organisations"].insert(
            {"name": organisation["name"], "created_at": organisation.get("created_at") or stamp,
             "facilitator_id": facilitator_id}).last_pk
        assessment = document["assessment"]
        assessment_id = db["assessments"].insert({
            "organisation_id": org_id, "questionnaire_id": assessment["questionnaire_id"],
            "questionnaire_version": assessment["questionnaire_version"], "path": assessment["path"],
            "mode": assessment["mode"], "created_at": assessment.get("created_at") or stamp}).last_pk
        if assessment["mode"] == "workshop":
            if facilitator_id is None:
                raise ValueError("a workshop needs a facilitator")
            db["workshops"].insert({"assessment_id": assessment_id, "facilitator_id": facilitator_id,
                                    "join_code": _new_code(db), "join_token_hash": token_hash(new_token()),
                                    "created_at": stamp, "closed_at": None})
        for person in document["respondents"]:
            token = new_token()
            department, level, role = who(person["role"], person.get("department"), person.get("level"))
            respondent_id = db["respondents"].insert({
                "assessment_id": assessment_id, "name": person["name"], "role": role, "department": department,
                "level": level,
                "token_hash": token_hash(token), "created_at": person.get("created_at") or stamp,
                "updated_at": person.get("updated_at") or stamp}).last_pk
            rows = [{"respondent_id": respondent_id, "question_id": qid, "value": _encode(answer["value"]),
                     "note": answer.get("note"), "updated_at": answer.get("updated_at") or stamp}
                    for qid, answer in person["answers"].items()]
            if rows:
                db["answers"].insert_all(rows)
            tokens.append((person["name"], token))
        if document.get("charter"):
            charter_from_dict(db, assessment_id, document["charter"])
        if document.get("profile"):
            save_profile(db, assessment_id, parse_profile(document["profile"]))
        if document.get("targets"):
            save_targets(db, assessment_id, {kind: dict(levels) for kind, levels in document["targets"].items()})
        if document.get("plan"):
            plan_from_list(db, assessment_id, document["plan"])
    return assessment_id, tokens
