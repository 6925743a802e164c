"""Persistence with sqlite-utils: every SQL statement of the app lives in this package (no Flask).

A later PostgreSQL backend replaces this one package.
"""
from app.store.answers import Outcome, Posted, save_checked
from app.store.assessments import (
    Assessment,
    assessment_by_token,
    load_assessment,
    respondent_ids,
    respondent_name,
    set_published,
)
from app.store.charter import (
    charter_from_dict,
    charter_to_dict,
    load_charter,
    save_charter_kpis,
    save_charter_responsibilities,
    save_charter_section,
    save_charter_step,
    save_charter_tiers,
)
from app.store.core import (
    Answer,
    Respondent,
    connect,
    create_self_assessment,
    load_answers,
    migrate,
    new_token,
    now,
    organisation_ids_named,
    respondent_by_token,
    save_answers,
    token_hash,
    writing,
)
from app.store.deletion import delete_assessment, delete_facilitator, delete_organisation
from app.store.exchange import export_assessment, import_assessment, list_assessments
from app.store.profile import load_profile, save_profile
from app.store.share import ShareLink, create_share_link, revoke_share_link, share_link_by_token, share_links
from app.store.workshop import (
    Facilitator,
    RoundAlreadyStarted,
    Workshop,
    agreed_answers,
    answers_and_versions,
    answers_by_respondent,
    answers_to_one,
    clear_sign_in_failures,
    create_facilitator,
    create_invite,
    create_workshop,
    facilitator_by_email,
    facilitator_by_id,
    invite_by_token,
    invite_resume_token,
    invites_of,
    join_workshop,
    mark_finished,
    member_keys,
    participants,
    previous_round,
    recent_sign_in_attempts,
    record_agreement,
    record_sign_in_failure,
    rounds_of,
    start_self_round,
    workshop,
    workshop_by_code,
    workshops_of,
)

__all__ = [
    "Answer", "Assessment", "Outcome", "Posted", "save_checked", "assessment_by_token", "load_assessment",
    "respondent_ids", "respondent_name", "set_published",
    "Facilitator", "Respondent", "RoundAlreadyStarted", "ShareLink", "Workshop", "agreed_answers",
    "answers_and_versions", "answers_by_respondent", "answers_to_one", "charter_from_dict", "charter_to_dict",
    "clear_sign_in_failures", "connect", "create_facilitator", "create_invite", "create_self_assessment",
    "create_share_link", "create_workshop", "delete_assessment", "delete_facilitator", "delete_organisation",
    "export_assessment", "facilitator_by_email",
    "facilitator_by_id", "import_assessment", "invite_by_token", "invite_resume_token", "invites_of", "join_workshop",
    "member_keys",
    "list_assessments", "load_answers", "load_profile", "save_profile",
    "load_charter", "mark_finished", "migrate", "new_token", "now",
    "organisation_ids_named", "participants", "previous_round", "recent_sign_in_attempts", "record_agreement",
    "record_sign_in_failure", "respondent_by_token",
    "revoke_share_link", "rounds_of", "save_answers", "save_charter_kpis", "save_charter_responsibilities",
    "save_charter_section", "save_charter_step", "save_charter_tiers", "share_link_by_token", "share_links",
    "start_self_round", "token_hash", "workshop", "writing", "workshop_by_code", "workshops_of",
]
