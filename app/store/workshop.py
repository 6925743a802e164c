"""Facilitators, workshops, invites, agreed answers and rounds (no Flask)."""
from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from app.store.core import _decode, _encode, new_token, now, token_hash, who, writing
from app.store.plan import carry_over

# Join codes: short enough to read out in a room, from letters nobody confuses (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


@dataclass(frozen=True)
class Facilitator:
    id: int
    email: str
    name: str
    password_hash: str


@dataclass(frozen=True)
class Workshop:
    assessment_id: int
    facilitator_id: int
    join_code: str
    organisation: str
    organisation_id: int
    questionnaire_id: str
    questionnaire_version: str
    path: str
    round: int
    previous_id: int | None
    created_at: str
    closed_at: str | None
    archived_at: str | None = None
    grouping: str | None = None  # NULL: the default split (leadership vs the rest)
    leadership_roles: str | None = None  # JSON list of role ids; NULL: the default
    anonymity_floor: int | None = None  # NULL: the default in model/workshops.yaml
    groups_fixed_at: str | None = None  # no team figure is shown before the facilitator fixes the groups (or closes)


def create_facilitator(db: Database, email: str, name: str, password_hash: str) -> Facilitator | None:
    """A new facilitator account; None when the email is taken."""
    email = email.strip().lower()
    with writing(db):
        if db.execute("select 1 from facilitators where email = ?", [email]).fetchone():
            return None
        db["facilitators"].insert({"email": email, "name": name.strip(), "password_hash": password_hash,
                                   "created_at": now()})
    return facilitator_by_email(db, email)


def facilitator_by_email(db: Database, email: str) -> Facilitator | None:
    row = db.execute("select id, email, name, password_hash from facilitators where email = ?",
                     [email.strip().lower()]).fetchone()
    return Facilitator(*row) if row else None


def facilitator_by_id(db: Database, facilitator_id: int) -> Facilitator | None:
    row = db.execute("select id, email, name, password_hash from facilitators where id = ?", [facilitator_id]).fetchone()
    return Facilitator(*row) if row else None


def recent_sign_in_attempts(db: Database, key: str, window: timedelta) -> int:
    """Failed sign-ins for a key (an email or an address) within the window."""
    since = (datetime.now(UTC) - window).isoformat(timespec="seconds")
    return db.execute("select count(*) from sign_in_attempts where key = ? and at >= ?", [key, since]).fetchone()[0]


def record_sign_in_failure(db: Database, *keys: str) -> None:
    with writing(db):
        db["sign_in_attempts"].insert_all([{"key": key, "at": now()} for key in keys])


def clear_sign_in_failures(db: Database, key: str) -> None:
    with writing(db):
        db.execute("delete from sign_in_attempts where key = ?", [key])


def _new_code(db: Database) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not db.execute("select 1 from workshops where join_code = ?", [code]).fetchone():
            return code


def create_workshop(db: Database, facilitator_id: int, organisation: str, questionnaire_id: str,
                    questionnaire_version: str, path: str, previous_id: int | None = None,
                    organisation_id: int | None = None) -> tuple[Workshop, str]:
    """A workshop (an assessment in workshop mode) for a client organisation; returns it and its join-link token."""
    token, stamp = new_token(), now()
    with writing(db):
        if organisation_id is None:
            organisation_id = db["organisations"].insert(
                {"name": organisation.strip(), "created_at": stamp, "facilitator_id": facilitator_id}).last_pk
        round_number = 1
        if previous_id is not None:
            _refuse_a_second_next_round(db, previous_id)
            round_number = db.execute("select round from assessments where id = ?", [previous_id]).fetchone()[0] + 1
        assessment_id = db["assessments"].insert({
            "organisation_id": organisation_id, "questionnaire_id": questionnaire_id,
            "questionnaire_version": questionnaire_version, "path": path, "mode": "workshop", "created_at": stamp,
            "round": round_number, "previous_id": previous_id}).last_pk
        db["workshops"].insert({"assessment_id": assessment_id, "facilitator_id": facilitator_id,
                                "join_code": _new_code(db), "join_token_hash": token_hash(token),
                                "created_at": stamp, "closed_at": None})
        if previous_id is not None:
            carry_over(db, previous_id, assessment_id)  # the new round opens with the last round's open actions
    return workshop(db, assessment_id), token


_WORKSHOP_SQL = """
select w.assessment_id, w.facilitator_id, w.join_code, o.name, o.id, a.questionnaire_id, a.questionnaire_version,
       a.path, a.round, a.previous_id, w.created_at, w.closed_at, w.archived_at, w.grouping, w.leadership_roles,
       w.anonymity_floor, w.groups_fixed_at
from workshops w join assessments a on a.id = w.assessment_id join organisations o on o.id = a.organisation_id
where {where}
"""


def _workshops_where(db: Database, where: str, params: list) -> list[Workshop]:
    return [Workshop(*row) for row in db.execute(_WORKSHOP_SQL.format(where=where), params).fetchall()]


def workshop(db: Database, assessment_id: int, facilitator_id: int | None = None) -> Workshop | None:
    """One workshop; with facilitator_id, only if that facilitator runs it (so other ids are a 404)."""
    where, params = "w.assessment_id = ?", [assessment_id]
    if facilitator_id is not None:
        where, params = where + " and w.facilitator_id = ?", params + [facilitator_id]
    found = _workshops_where(db, where, params)
    return found[0] if found else None


def workshops_of(db: Database, facilitator_id: int) -> list[Workshop]:
    """A facilitator's workshops, newest first."""
    return _workshops_where(db, "w.facilitator_id = ? order by w.assessment_id desc", [facilitator_id])


def workshop_by_code(db: Database, code: str) -> Workshop | None:
    found = _workshops_where(db, "w.join_code = ?", [code.strip().upper()[:CODE_LENGTH]])
    return found[0] if found else None


def join_workshop(db: Database, assessment_id: int, name: str, role: str | None = None, invite_id: int | None = None,
                  department: str | None = None, level: str | None = None, token: str | None = None) -> tuple[int, str]:
    """Add a participant (no account: a resume token is their key) with their department and level (or a pre-0.6
    role); returns (respondent id, token). An invitation's participant gets the token derived from it."""
    token, stamp = token or new_token(), now()
    department, level, role = who(role, department, level)
    with writing(db):
        if invite_id is not None:
            used = db.execute("select used_at from invites where id = ?", [invite_id]).fetchone()
            if used is None or used[0] is not None:
                raise ValueError("this personal link has already been used")
        respondent_id = db["respondents"].insert({
            "assessment_id": assessment_id, "name": name.strip(), "role": role, "department": department,
            "level": level, "token_hash": token_hash(token), "created_at": stamp, "updated_at": stamp}).last_pk
        if invite_id is not None:
            db["invites"].update(invite_id, {"used_at": stamp, "respondent_id": respondent_id})
    return respondent_id, token


def create_invite(db: Database, assessment_id: int, label: str) -> str:
    """A single-use personal link for one participant; returns its token."""
    token = new_token()
    with writing(db):
        stamp = now()
        db["invites"].insert({"assessment_id": assessment_id, "label": label.strip(), "token_hash": token_hash(token),
                              "created_at": stamp, "used_at": None, "respondent_id": None, "sent_at": stamp})
    return token


def invite_resume_token(invite_token: str) -> str:
    """The private link of whoever joins with an invitation, derived from it: the invitation opened again leads the
    same person back to their answers (only hashes of either token are stored)."""
    digest = hashlib.sha256(b"csmaturity invitation resume\0" + invite_token.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def invite_by_token(db: Database, token: str) -> dict | None:
    row = db.execute("select id, assessment_id, label, used_at from invites where token_hash = ?",
                     [token_hash(token)]).fetchone() if token else None
    return dict(zip(("id", "assessment_id", "label", "used_at"), row)) if row else None


def invites_of(db: Database, assessment_id: int) -> list[dict]:
    rows = db.execute("select id, label, created_at, used_at from invites where assessment_id = ? order by id",
                      [assessment_id]).fetchall()
    return [dict(zip(("id", "label", "created_at", "used_at"), row)) for row in rows]


def participants(db: Database, assessment_id: int) -> list[dict]:
    """Every respondent of an assessment: id, name, role, department, level, when they joined and finished."""
    rows = db.execute("select id, name, role, created_at, finished_at, department, level from respondents "
                      "where assessment_id = ? order by id", [assessment_id]).fetchall()
    return [dict(zip(("id", "name", "role", "created_at", "finished_at", "department", "level"), row)) for row in rows]


def member_keys(db: Database, assessment_id: int) -> dict[int, str]:
    """A stable key per respondent for the anonymity ledger: part of their link's hash, never reused (ids can be)."""
    rows = db.execute("select id, substr(token_hash, 1, 16) from respondents where assessment_id = ?",
                      [assessment_id]).fetchall()
    return dict(rows)


def mark_finished(db: Database, respondent_id: int) -> None:
    with writing(db):
        db.execute("update respondents set finished_at = coalesce(finished_at, ?) where id = ?", [now(), respondent_id])


def answers_by_respondent(db: Database, assessment_id: int, respondent_ids: list[int] | None = None) -> dict[int, dict]:
    """Every participant's answers: {respondent id: {question id: value}} (notes left out); pass the
    respondent ids when they are loaded already."""
    return answers_and_versions(db, assessment_id, respondent_ids)[0]


def answers_and_versions(db: Database, assessment_id: int, respondent_ids: list[int] | None = None
                         ) -> tuple[dict[int, dict], dict[int, dict[str, int]]]:
    """Every participant's answers, as `answers_by_respondent`, and how often each one's level changed ({respondent
    id: {question id: value version}}), read together: for the anonymity ledger a changed answer is a new one, which
    waits for company, so the versions must be those of the answers read."""
    ids = [p["id"] for p in participants(db, assessment_id)] if respondent_ids is None else respondent_ids
    answers: dict[int, dict] = {rid: {} for rid in ids}
    versions: dict[int, dict[str, int]] = {rid: {} for rid in ids}
    for rid, qid, value, version in db.execute(
            "select a.respondent_id, a.question_id, a.value, a.value_version from answers a "
            "join respondents r on r.id = a.respondent_id where r.assessment_id = ? and a.value is not null",
            [assessment_id]).fetchall():
        if rid in answers:
            answers[rid][qid] = _decode(value)
            versions[rid][qid] = version
    return answers, versions


def agreed_answers(db: Database, assessment_id: int) -> dict[str, dict]:
    """The facilitator's recorded consensus: {question id: {"value", "rationale", "decided_at"}}."""
    rows = db.execute("select question_id, value, rationale, decided_at from agreed_answers where assessment_id = ?",
                      [assessment_id]).fetchall()
    return {qid: {"value": _decode(v), "rationale": r, "decided_at": d} for qid, v, r, d in rows}


# A list of constants after IN: SQLite probes the (respondent, question) key for each, so a respondent costs a
# few index look-ups, never a scan of their answers.
_ANSWERS_TO_ONE = """
select r.id,
       exists (select 1 from answers b where b.respondent_id = r.id and b.question_id in ({ids})
               and b.value is not null),
       a.value, a.value_version
from respondents r left join answers a on a.respondent_id = r.id and a.question_id = ?
where r.assessment_id = ? order by r.id
"""


def answers_to_one(db: Database, assessment_id: int, question_id: str,
                   question_ids: list[str]) -> tuple[dict[int, object], dict[int, dict[str, int]], int]:
    """One question's answers in one query: ({respondent id: value or None} for everyone who answered any of
    `question_ids`, {respondent id: {question id: value version}} of their answers to it, how many joined)."""
    sql = _ANSWERS_TO_ONE.format(ids=", ".join("?" * len(question_ids)))
    rows = db.execute(sql, [*question_ids, question_id, assessment_id]).fetchall()
    answered = {rid: _decode(value) for rid, anything, value, _ in rows if anything}
    versions = {rid: {question_id: version} for rid, anything, _, version in rows if anything and version is not None}
    return answered, versions, len(rows)


def record_agreement(db: Database, assessment_id: int, question_id: str, value, rationale: str) -> None:
    """Record (or change) the level a workshop agreed for a question, with the reason."""
    # Plain SQL: sqlite-utils' upsert reads the schema first, eight statements for one row.
    with writing(db):
        db.execute("insert into agreed_answers (assessment_id, question_id, value, rationale, decided_at) "
                   "values (?, ?, ?, ?, ?) on conflict (assessment_id, question_id) do update set "
                   "value = excluded.value, rationale = excluded.rationale, decided_at = excluded.decided_at",
                   [assessment_id, question_id, _encode(value), rationale.strip() or None, now()])


def rounds_of(db: Database, organisation_id: int) -> list[dict]:
    """An organisation's assessments in order: id, round, mode, created_at."""
    rows = db.execute("select id, round, mode, created_at, previous_id from assessments where organisation_id = ? "
                      "order by id", [organisation_id]).fetchall()
    return [dict(zip(("id", "round", "mode", "created_at", "previous_id"), row)) for row in rows]



class RoundAlreadyStarted(Exception):
    """This round already has a next round: a second one would split the organisation's history in two (and carry
    the open actions over twice). `next_id` is the round that was started."""

    def __init__(self, next_id: int):
        super().__init__(f"the next round (assessment {next_id}) has already started")
        self.next_id = next_id


def _refuse_a_second_next_round(db: Database, previous_id: int) -> None:
    """Inside the write transaction (BEGIN IMMEDIATE), so two clicks or two tabs cannot both pass."""
    row = db.execute("select id from assessments where previous_id = ? order by id limit 1", [previous_id]).fetchone()
    if row:
        raise RoundAlreadyStarted(row[0])


def previous_round(db: Database, assessment_id: int) -> int | None:
    """The assessment this one is the next round of, if any."""
    row = db.execute("select previous_id from assessments where id = ?", [assessment_id]).fetchone()
    return row[0] if row else None


def start_self_round(db: Database, assessment_id: int, name: str, role: str | None = None) -> str:
    """The next round of a self-assessment, for the same organisation and person, keeping their branding, profile and
    charter (app/store/carry.py); returns the new resume token."""
    from app.store.carry import carry

    token, stamp = new_token(), now()
    with writing(db):
        _refuse_a_second_next_round(db, assessment_id)
        org_id, qid, version, path, number = db.execute(
            "select organisation_id, questionnaire_id, questionnaire_version, path, round from assessments where id = ?",
            [assessment_id]).fetchone()
        person = db.execute("select role, department, level from respondents where assessment_id = ? order by id limit 1",
                            [assessment_id]).fetchone() or (role, None, None)
        new_id = db["assessments"].insert({
            "organisation_id": org_id, "questionnaire_id": qid, "questionnaire_version": version, "path": path,
            "mode": "self", "created_at": stamp, "round": number + 1, "previous_id": assessment_id}).last_pk
        db["respondents"].insert({"assessment_id": new_id, "name": name, "role": role or person[0],
                                  "department": person[1], "level": person[2], "token_hash": token_hash(token),
                                  "created_at": stamp, "updated_at": stamp})
        carry_over(db, assessment_id, new_id)  # the new round opens with the last round's open actions
        carry(db, assessment_id, new_id, ("branding", "profile", "charter"))
    return token
