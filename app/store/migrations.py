"""The database schema, only ever changed by appending a migration (sqlite-utils Migrations)."""
from sqlite_utils import Database, Migrations

migrations = Migrations("csmaturity")


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    """Organisations, assessments, respondents and answers keyed by (respondent, question)."""
    db["organisations"].create({"id": int, "name": str, "created_at": str}, pk="id", not_null={"name", "created_at"})
    db["assessments"].create(
        {
            "id": int,
            "organisation_id": int,
            "questionnaire_id": str,
            "questionnaire_version": str,
            "path": str,  # "quick" or "full"
            "mode": str,  # "self" (a workshop of one) or "workshop"
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("organisation_id", "organisations", "id")],
        not_null={"organisation_id", "questionnaire_id", "questionnaire_version", "path", "mode", "created_at"},
    )
    db["respondents"].create(
        {
            "id": int,
            "assessment_id": int,
            "name": str,
            "role": str,
            "token_hash": str,  # sha256 of the resume token: the token itself is never stored
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("assessment_id", "assessments", "id")],
        not_null={"assessment_id", "name", "token_hash", "created_at"},
    )
    db["respondents"].create_index(["token_hash"], unique=True)
    db["respondents"].create_index(["assessment_id"])
    db["answers"].create(
        {
            "respondent_id": int,
            "question_id": str,
            "value": str,  # "0".."4", "na" or "unknown"; NULL when only a note was given
            "note": str,
            "updated_at": str,
        },
        pk=("respondent_id", "question_id"),
        foreign_keys=[("respondent_id", "respondents", "id")],
        not_null={"updated_at"},
    )


@migrations(name="0002_share_links")
def share_links(db: Database) -> None:
    """Read-only links to a report, with an expiry date; revoked links are kept so they can say so."""
    db["share_links"].create(
        {
            "id": int,
            "assessment_id": int,
            "token_hash": str,
            "label": str,
            "created_at": str,
            "expires_at": str,  # ISO date: the link works until the end of that day (UTC)
            "revoked_at": str,
        },
        pk="id",
        foreign_keys=[("assessment_id", "assessments", "id")],
        not_null={"assessment_id", "token_hash", "created_at", "expires_at"},
    )
    db["share_links"].create_index(["token_hash"], unique=True)
    db["share_links"].create_index(["assessment_id"])


@migrations(name="0003_charter")
def charter(db: Database) -> None:
    """The charter builder's edits; a section or table with no rows follows the draft from the results."""
    assessment = [("assessment_id", "assessments", "id")]
    db["charter_sections"].create(
        {"assessment_id": int, "section_id": str, "body": str, "updated_at": str},  # body: the team's Markdown
        pk=("assessment_id", "section_id"), foreign_keys=assessment,
        not_null={"assessment_id", "section_id", "body", "updated_at"},
    )
    db["charter_kpis"].create(
        {"assessment_id": int, "position": int, "metric_id": str, "rung": str, "baseline": str, "target": str},
        pk=("assessment_id", "position"), foreign_keys=assessment,
        not_null={"assessment_id", "position", "metric_id", "rung", "baseline", "target"},
    )
    db["charter_responsibilities"].create(
        {"assessment_id": int, "department": str, "stage": str, "level": str},  # level: leads | supports | informed
        pk=("assessment_id", "department", "stage"), foreign_keys=assessment,
        not_null={"assessment_id", "department", "stage", "level"},
    )
    db["charter_tiers"].create(
        {"assessment_id": int, "position": int, "name": str, "criteria": str, "engagement_model": str,
         "description": str},
        pk=("assessment_id", "position"), foreign_keys=assessment,
        not_null={"assessment_id", "position", "name", "criteria", "engagement_model", "description"},
    )


@migrations(name="0004_workshops")
def workshops(db: Database) -> None:
    """Facilitator accounts, workshops with join codes and invites, agreed answers, rounds."""
    db["facilitators"].create(
        {"id": int, "email": str, "name": str, "password_hash": str, "created_at": str},
        pk="id", not_null={"email", "name", "password_hash", "created_at"},
    )
    db["facilitators"].create_index(["email"], unique=True)
    db["sign_in_attempts"].create({"id": int, "key": str, "at": str}, pk="id", not_null={"key", "at"})
    db["sign_in_attempts"].create_index(["key", "at"])
    db["organisations"].add_column("facilitator_id", int)
    db["assessments"].add_column("round", int, not_null_default=1)
    db["assessments"].add_column("previous_id", int)  # the organisation's previous round, if any
    db["respondents"].add_column("finished_at", str)
    db["workshops"].create(
        {"assessment_id": int, "facilitator_id": int, "join_code": str, "join_token_hash": str,
         "created_at": str, "closed_at": str},
        pk="assessment_id",
        foreign_keys=[("assessment_id", "assessments", "id"), ("facilitator_id", "facilitators", "id")],
        not_null={"facilitator_id", "join_code", "join_token_hash", "created_at"},
    )
    db["workshops"].create_index(["join_code"], unique=True)
    db["workshops"].create_index(["facilitator_id"])
    db["invites"].create(
        {"id": int, "assessment_id": int, "label": str, "token_hash": str, "created_at": str, "used_at": str,
         "respondent_id": int},
        pk="id", foreign_keys=[("assessment_id", "assessments", "id")],
        not_null={"assessment_id", "token_hash", "created_at"},
    )
    db["invites"].create_index(["token_hash"], unique=True)
    db["agreed_answers"].create(
        {"assessment_id": int, "question_id": str, "value": str, "rationale": str, "decided_at": str},
        pk=("assessment_id", "question_id"), foreign_keys=[("assessment_id", "assessments", "id")],
        not_null={"decided_at"},
    )


@migrations(name="0005_profiles_and_publishing")
def profiles_and_publishing(db: Database) -> None:
    """The company profile of each assessment; when a facilitator published the team result."""
    db["profiles"].create(
        {"assessment_id": int, "business_model": str, "customers": int, "arr_band": str, "grr": float,
         "nrr": float, "logo_churn": float, "nps": float, "period": str, "updated_at": str},
        pk="assessment_id", foreign_keys=[("assessment_id", "assessments", "id")], not_null={"updated_at"},
    )
    db["workshops"].add_column("published_at", str)


@migrations(name="0006_account_security")
def account_security(db: Database) -> None:
    """Session generations (sign-out and password changes end every session) and single-use password resets."""
    db["facilitators"].add_column("session_generation", int, not_null_default=0)
    db["password_resets"].create(
        {"id": int, "facilitator_id": int, "token_hash": str, "created_at": str, "expires_at": str, "used_at": str},
        pk="id", foreign_keys=[("facilitator_id", "facilitators", "id")],
        not_null={"facilitator_id", "token_hash", "created_at", "expires_at"},
    )
    db["password_resets"].create_index(["token_hash"], unique=True)


@migrations(name="0008_workshop_lifecycle")
def workshop_lifecycle(db: Database) -> None:
    """Archived workshops, each workshop's grouping and anonymity floor, emailed invitations and their reminder."""
    db["workshops"].add_column("archived_at", str)
    db["workshops"].add_column("grouping", str)  # "leadership" or "roles"; NULL: the default
    db["workshops"].add_column("leadership_roles", str)  # JSON list of role ids; NULL: the default
    db["workshops"].add_column("anonymity_floor", int)  # NULL: the default in model/workshops.yaml
    db["invites"].add_column("email", str)
    db["invites"].add_column("reminded_at", str)


def apply(db: Database) -> None:
    """Bring a database up to the newest schema."""
    migrations.apply(db)


@migrations(name="0009_branding")
def branding(db: Database) -> None:
    """A consultant's branding per assessment: logo (PNG or sanitised SVG), accent colour, "prepared by" line."""
    db["branding"].create(
        {"assessment_id": int, "logo": bytes, "logo_type": str, "accent": str, "prepared_by": str, "updated_at": str},
        pk="assessment_id", foreign_keys=[("assessment_id", "assessments", "id")],
    )


@migrations(name="0010_demo_flag")
def demo_flag(db: Database) -> None:
    """The demo assessment is read-only for visitors, who get a private copy to change instead."""
    db["assessments"].add_column("demo", int, not_null_default=0)


# Every table whose rows make up an assessment's content, keyed by assessment_id. A write to any of them
# moves the assessment's revision on (SQLite triggers, so no write path can forget it): the content version
# that keys cached reports is built from it.
CONTENT_TABLES = ("respondents", "agreed_answers", "profiles", "charter_sections", "charter_kpis",
                  "charter_responsibilities", "charter_tiers", "branding", "workshops")


def _bump(table: str, event: str, row: str, where: str) -> str:
    return (f"create trigger if not exists {table}_{event.lower()}_revision after {event} on {table} begin "
            f"update assessments set revision = revision + 1 where id = {where.format(row=row)}; end")


@migrations(name="0011_content_revision")
def content_revision(db: Database) -> None:
    """A revision counter per assessment, moved on by triggers whenever its content changes."""
    db["assessments"].add_column("revision", int, not_null_default=0)
    for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
        for table in CONTENT_TABLES:
            db.execute(_bump(table, event, row, "{row}.assessment_id"))
        db.execute(_bump("answers", event, row,
                         "(select assessment_id from respondents where id = {row}.respondent_id)"))


@migrations(name="i21_agreed_revision")
def agreed_revision(db: Database) -> None:
    """How often an assessment's agreed levels changed. Every such change also moves `revision` on, so
    `revision - agreed_revision` moves with every other change: the team view (answers, people, groups)
    is keyed by it and survives the levels a workshop records while it walks through the questions."""
    db["assessments"].add_column("agreed_revision", int, not_null_default=0)
    for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
        db.execute(f"create trigger if not exists agreed_answers_{event.lower()}_agreed_revision after {event} on "
                   f"agreed_answers begin update assessments set agreed_revision = agreed_revision + 1 "
                   f"where id = {row}.assessment_id; end")


# Issue 22: targets per block and leg, and the action plan. The tables that hold what an assessment's report
# shows (targets, owners, actions, their events) move its revision on; the links and the reminder bookkeeping do not.
PLAN_CONTENT_TABLES = ("targets", "plan_owners", "plan_actions", "plan_events")


@migrations(name="i22_targets_and_plan")
def i22_targets_and_plan(db: Database) -> None:
    """Chosen target levels; the plan's owners, actions and the event kept for every change; owner links; reminders."""
    assessment = [("assessment_id", "assessments", "id")]
    db["targets"].create(
        {"assessment_id": int, "kind": str, "item": str, "level": int, "updated_at": str},  # kind: "blocks" | "legs"
        pk=("assessment_id", "kind", "item"), foreign_keys=assessment,
        not_null={"assessment_id", "kind", "item", "level", "updated_at"})
    db["plan_owners"].create(
        {"id": int, "assessment_id": int, "name": str, "email": str, "carried_from": int, "created_at": str},
        pk="id", foreign_keys=assessment, not_null={"assessment_id", "name", "created_at"})
    db["plan_owners"].create_index(["assessment_id"])
    db["plan_actions"].create(
        {"id": int, "assessment_id": int, "position": int, "question_id": str, "title": str, "block": str, "leg": str,
         "level": str, "target_level": int, "owner_id": int, "due": str,
         "status": str,  # not_started | in_progress | done | wont_do | risk_accepted
         "reason": str, "note": str, "evidence": str, "carried_from": int, "created_at": str, "updated_at": str},
        pk="id", foreign_keys=assessment + [("owner_id", "plan_owners", "id")],
        not_null={"assessment_id", "position", "title", "status", "created_at", "updated_at"})
    db["plan_actions"].create_index(["assessment_id"])
    db["plan_events"].create(
        {"id": int, "assessment_id": int, "action_id": int, "at": str, "who": str, "field": str, "from_value": str,
         "to_value": str},
        pk="id", foreign_keys=assessment + [("action_id", "plan_actions", "id")],
        not_null={"assessment_id", "action_id", "at", "who", "field"})
    db["plan_events"].create_index(["action_id"])
    db["plan_links"].create(  # an owner's link to their own actions, or to stop the reminders: only the hash is kept
        {"id": int, "assessment_id": int, "owner_id": int, "purpose": str, "token_hash": str, "created_at": str,
         "expires_at": str},
        pk="id", foreign_keys=assessment + [("owner_id", "plan_owners", "id")],
        not_null={"assessment_id", "owner_id", "purpose", "token_hash", "created_at", "expires_at"})
    db["plan_links"].create_index(["token_hash"], unique=True)
    db["plan_reminders"].create(  # one row per owner: the ISO week of the last reminder, and an opt-out
        {"owner_id": int, "assessment_id": int, "week": str, "sent_at": str, "off_at": str},
        pk="owner_id", foreign_keys=assessment + [("owner_id", "plan_owners", "id")], not_null={"assessment_id"})
    for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
        for table in PLAN_CONTENT_TABLES:
            db.execute(_bump(table, event, row, "{row}.assessment_id"))


# --- Issue 19: data users can trust -----------------------------------------------------------------


@migrations(name="i19_answer_versions")
def answer_versions(db: Database) -> None:
    """A version per answer, moved on by every save: a page saves with the version it loaded, so a stale tab
    can never overwrite a newer answer (it is shown the conflict instead)."""
    db["answers"].add_column("version", int, not_null_default=1)


@migrations(name="i19_department_and_level")
def department_and_level(db: Database) -> None:
    """A respondent's department and level, apart (the old role mixed them); groupings by seniority or
    department; no anonymity floor under three."""
    db["respondents"].add_column("department", str)
    db["respondents"].add_column("level", str)
    db.execute("update respondents set level = 'executive' where role = 'executive'")
    db.execute("update respondents set department = role where role is not null and role != 'executive'")
    db.execute("update workshops set grouping = case grouping when 'roles' then 'departments' else 'seniority' end "
               "where grouping is not null")
    # Leadership was a list of roles; only "executive" means a level, the other roles were departments.
    db.execute("update workshops set leadership_roles = case when leadership_roles like '%\"executive\"%' "
               "then '[\"executive\"]' else null end where leadership_roles is not null")
    db.execute("update workshops set anonymity_floor = 3 where anonymity_floor < 3")


@migrations(name="i19_invitation_list")
def invitation_list(db: Database) -> None:
    """When each invitation was sent: one carried into a new round waits, unsent, until the facilitator sends it."""
    db["invites"].add_column("sent_at", str)
    db.execute("update invites set sent_at = created_at")


@migrations(name="i19_audit_log")
def audit_log(db: Database) -> None:
    """Who viewed, exported or deleted what and when, without the answers; no foreign keys, so the record of a
    deletion outlives what it deleted (a deleted facilitator's email is blanked in it)."""
    db["audit_log"].create(
        {"id": int, "at": str, "actor_kind": str, "actor_id": int, "actor": str, "action": str,
         "subject_kind": str, "subject_id": int, "organisation_id": int, "detail": str},
        pk="id", not_null={"at", "actor_kind", "action", "subject_kind"},
    )
    db["audit_log"].create_index(["at"])
    db["audit_log"].create_index(["organisation_id"])


@migrations(name="i19_anonymity_releases")
def anonymity_releases(db: Database) -> None:
    """Which groups of people each figure of a workshop was shown for (member keys, no answers), so a later view
    never differs from an earlier one by fewer people than the floor."""
    db["anonymity_releases"].create(
        {"assessment_id": int, "cell": str, "members": str, "released_at": str},
        pk=("assessment_id", "cell", "members"), foreign_keys=[("assessment_id", "assessments", "id")],
        not_null={"assessment_id", "cell", "members", "released_at"},
    )


@migrations(name="i19_fixed_groups")
def fixed_groups(db: Database) -> None:
    """When the facilitator fixed the workshop's groups (or closed it): no team figure is shown before, so nobody's
    answer can be read from a chart changing as each person submits."""
    db["workshops"].add_column("groups_fixed_at", str)
    db.execute("update workshops set groups_fixed_at = closed_at where closed_at is not null")

@migrations(name="i20_checked_logos")
def checked_logos(db: Database) -> None:
    """Logos stored before 0.6.0 (a PNG checked by its magic bytes, an SVG drawn at every PDF) become bounded PNGs.

    A logo that fails today's check is kept, marked "refused:<type>", and never used: the branding
    page asks for it again rather than losing it silently.
    """
    from app.store.logos import LogoRefused, check_logo

    for assessment_id, logo, kind in db.execute(
            "select assessment_id, logo, logo_type from branding where logo is not null").fetchall():
        try:
            data, kind = check_logo(logo)
        except LogoRefused:
            data, kind = logo, kind if str(kind).startswith("refused:") else f"refused:{kind}"
        db.execute("update branding set logo = ?, logo_type = ? where assessment_id = ?", [data, kind, assessment_id])


@migrations(name="i20_unlock_links")
def unlock_links(db: Database) -> None:
    """Single-use links, sent by email, that let a facilitator's browser sign in while an attacker's guesses are slowed."""
    db["unlock_links"].create(
        {"id": int, "facilitator_id": int, "token_hash": str, "created_at": str, "expires_at": str, "used_at": str},
        pk="id", foreign_keys=[("facilitator_id", "facilitators", "id")],
        not_null={"facilitator_id", "token_hash", "created_at", "expires_at"},
    )
    db["unlock_links"].create_index(["token_hash"], unique=True)
    db["sign_in_attempts"].create_index(["at"])  # pruning old attempts


@migrations(name="i18_outcome_periods")
def outcome_periods(db: Database) -> None:
    """What span each outcome figure covers (month, quarter or year), so a monthly churn is annualised before
    it is compared with the yearly bands; NULL keeps reading the shared `period` text as before."""
    for figure in ("grr", "nrr", "logo_churn", "nps"):
        db["profiles"].add_column(f"{figure}_period", str)


@migrations(name="i18w_profile_size")
def profile_size(db: Database) -> None:
    """How many people the company has and what an account is worth: they choose the charter's nouns and a CSM's book."""
    db["profiles"].add_column("employees", int)
    db["profiles"].add_column("arr_per_account", float)


# Issue 23: charter versions and the sponsor's approval. Both are part of an assessment's content (the
# approval shows on the PDF cover), so a write to either moves its revision on like CONTENT_TABLES.
I23_CONTENT_TABLES = ("charter_versions", "charter_approvals")


@migrations(name="i23_charter_versions")
def charter_versions(db: Database) -> None:
    """Every saved charter as a numbered version; approval requests sent to a sponsor through a signed link."""
    assessment = [("assessment_id", "assessments", "id")]
    db["charter_versions"].create(
        {"id": int, "assessment_id": int, "number": int, "content": str,  # content: the charter as JSON
         "digest": str, "created_at": str, "updated_at": str},
        pk="id", foreign_keys=assessment,
        not_null={"assessment_id", "number", "content", "digest", "created_at", "updated_at"},
    )
    db["charter_versions"].create_index(["assessment_id", "number"], unique=True)
    db["charter_approvals"].create(
        {"id": int, "assessment_id": int, "version_id": int, "token_hash": str, "sponsor_name": str,
         "sponsor_email": str, "created_at": str, "expires_at": str,  # expires_at: ISO date, last day it works
         "review_on": str,  # the review date the approval sets (ISO date)
         "decision": str,  # NULL while pending, "approved" or "changes"
         "decided_at": str, "decided_by": str, "comment": str, "pdf": bytes, "pdf_sha256": str, "reminded_at": str},
        pk="id", foreign_keys=[*assessment, ("version_id", "charter_versions", "id")],
        not_null={"assessment_id", "version_id", "token_hash", "sponsor_name", "created_at", "expires_at", "review_on"},
    )
    db["charter_approvals"].create_index(["token_hash"], unique=True)
    db["charter_approvals"].create_index(["assessment_id"])
    for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
        for table in I23_CONTENT_TABLES:
            db.execute(_bump(table, event, row, "{row}.assessment_id"))


@migrations(name="i21_released_figures")
def released_figures(db: Database) -> None:
    """The anonymity ledger keeps each figure as it was shown, so a figure whose answers changed since can be shown
    again as it was while the changes wait (groups shown before keep none: they read today's answers, as before)."""
    db["anonymity_releases"].add_column("figure", str)


@migrations(name="i21_answer_value_versions")
def answer_value_versions(db: Database) -> None:
    """How often an answer's level changed (a note edited alone leaves it): the anonymity ledger marks each person by
    it, so a note edited after the figures were shown is not counted as a changed answer waiting for company."""
    db["answers"].add_column("value_version", int, not_null_default=0)


@migrations(name="profile_currency")
def profile_currency(db: Database) -> None:
    """The currency of a profile's amounts (profile.CURRENCIES); none given reads as US dollars, as before."""
    db["profiles"].add_column("currency", str)
