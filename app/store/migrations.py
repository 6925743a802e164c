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
