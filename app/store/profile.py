"""The company profile of an assessment (business model, size, outcome figures)."""
from __future__ import annotations

from sqlite_utils import Database

from app.core.profile import FIELDS, Profile
from app.store.core import now, writing


def load_profile(db: Database, assessment_id: int) -> Profile:
    """The saved profile, or an empty one when the leader skipped it."""
    row = db.execute(f"select {', '.join(FIELDS)} from profiles where assessment_id = ?", [assessment_id]).fetchone()
    return Profile(*row) if row else Profile()


def save_profile(db: Database, assessment_id: int, profile: Profile) -> None:
    """Replace the assessment's profile (every field, blanks included)."""
    values = {name: getattr(profile, name) for name in FIELDS}
    with writing(db):
        db.execute(
            f"insert into profiles (assessment_id, {', '.join(FIELDS)}, updated_at) values "
            f"(?, {', '.join('?' for _ in FIELDS)}, ?) on conflict (assessment_id) do update set "
            + ", ".join(f"{name} = excluded.{name}" for name in (*FIELDS, "updated_at")),
            [assessment_id, *values.values(), now()])
