"""Answers saved one by one against the version their page loaded (no Flask).

Each answer row has a version that every save moves on. A page carries, per question, the version
it showed and a fingerprint of the answer it showed; a save then lands in one of four ways:
- the posted answer equals the stored one: nothing to write (a replayed or repeated save);
- the stored version is the one the page loaded: written, version + 1;
- the page's answer was left as it was shown (its fingerprint matches) while another tab changed it:
  left alone, so a stale page saving "everything on it" never puts an old answer back;
- otherwise both tabs changed it: a conflict, nothing written; the page shows both and the user chooses.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from app.core import answers as vocabulary
from app.store.core import _decode, _encode, now, writing


@dataclass(frozen=True)
class Posted:
    """One question as a page posted it."""

    value: int | str | None
    note: str
    version: int  # the version the page loaded (0: the page knew no answer)
    shown: str | None = None  # fingerprint of the answer the page showed (None: unknown, treat as changed)


@dataclass
class Outcome:
    """What became of each posted question."""

    saved: dict[str, int] = field(default_factory=dict)  # question id -> its version now
    unchanged: list[str] = field(default_factory=list)  # left as the page showed it; a newer answer stays
    conflicts: dict[str, dict] = field(default_factory=dict)  # question id -> the stored answer


def _stored(db: Database, respondent_id: int, ids: list[str]) -> dict[str, dict]:
    marks = ",".join("?" * len(ids))
    rows = db.execute(f"select question_id, value, note, version, updated_at from answers where respondent_id = ? "
                      f"and question_id in ({marks})", [respondent_id, *ids]).fetchall()
    return {q: {"value": _decode(v), "note": n, "version": ver, "updated_at": at} for q, v, n, ver, at in rows}


def _same(posted: Posted, stored: dict | None) -> bool:
    saved = stored or {"value": None, "note": None}
    return posted.value == saved["value"] and (posted.note or "").strip() == (saved["note"] or "").strip()


def save_checked(db: Database, respondent_id: int, posted: dict[str, Posted]) -> Outcome:
    """Save each posted answer unless the stored one moved on since its page loaded (one transaction)."""
    outcome, stamp = Outcome(), now()
    if not posted:
        return outcome
    with writing(db):
        stored = _stored(db, respondent_id, list(posted))
        writes = []
        for qid, answer in posted.items():
            current = stored.get(qid)
            version = current["version"] if current else 0
            if _same(answer, current):
                outcome.saved[qid] = version
            elif answer.version == version:
                writes.append((respondent_id, qid, _encode(answer.value), answer.note.strip() or None, stamp))
                outcome.saved[qid] = version + 1
            elif answer.shown is not None and answer.shown == vocabulary.fingerprint(answer.value, answer.note):
                outcome.unchanged.append(qid)
            else:
                outcome.conflicts[qid] = current or {"value": None, "note": None, "version": 0, "updated_at": None}
        if writes:
            db.conn.executemany(
                "insert into answers (respondent_id, question_id, value, note, updated_at) values (?, ?, ?, ?, ?) "
                "on conflict (respondent_id, question_id) do update set value = excluded.value, note = excluded.note, "
                "updated_at = excluded.updated_at, version = answers.version + 1, "
                "value_version = answers.value_version + (answers.value is not excluded.value)", writes)
            db.execute("update respondents set updated_at = ? where id = ?", [stamp, respondent_id])
    return outcome
