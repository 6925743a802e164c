"""Who may open what: the one gate every route goes through.

Five kinds of visitor reach an assessment:
- the **owner** of a self-assessment, through its private resume link;
- a workshop **participant**, through their own private link;
- the **facilitator** who runs a workshop, signed in;
- a **viewer**, through a read-only share link;
- an **action owner**, through their own expiring link to the actions they own in the plan.
- the **sponsor**, through the link of one charter version sent to them for approval.

`RULES` is the whole policy; the README's access table is generated from it and a test walks every
route with every kind of visitor (and a second participant's and facilitator's ids) against it.

The gate is also the one place that decides who is signed in (`signed_in`, from the session it is
given) and whether the answers can place the organisation yet (`NEEDS_A_STAGE`): what it hands a view
is a `Grant` whose `context` holds the assessment and everything derived from it, computed once.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from flask import abort, current_app, g, make_response, redirect, render_template, request, session, url_for

from app import store
from app.assessments import AssessmentContext, Catalogue
from app.db import get_db
from app.store import Assessment, plan_links
from app.store import accounts as account_store
from app.store import audit as audit_store
from app.store import clients as client_store
from app.store.charter_versions import Approval, approval_by_token

ROLES = {
    "owner": "Owner (self-assessment link)",
    "participant": "Workshop participant (own link)",
    "facilitator": "Facilitator (signed in, own workshops)",
    "viewer": "Share-link viewer",
    "action_owner": "Action owner (own plan link)",
    "sponsor": "Sponsor (approval link)",
}
PUBLISHED = "once published"
# action -> (what it is, {role: True | PUBLISHED}); a role not named may not.
RULES: dict[str, tuple[str, dict[str, bool | str]]] = {
    "answer": ("See and change one's own answers, finish", {"owner": True, "participant": True}),
    "results": ("Results page", {"owner": True, "facilitator": True, "viewer": True, "participant": PUBLISHED}),
    "pdf": ("PDF report", {"owner": True, "facilitator": True, "viewer": True}),
    "profile": ("Company profile", {"owner": True, "facilitator": True}),
    "charter": ("Charter builder (read and edit)", {"owner": True, "facilitator": True}),
    "charter_versions": ("Charter versions: compare, send one for approval", {"owner": True, "facilitator": True}),
    "approve": ("Read the charter version sent for approval, approve it or ask for changes", {"sponsor": True}),
    "exports": ("Charter as Word and Markdown, roadmap CSV", {"owner": True, "facilitator": True}),
    "deck": ("Slide deck (PowerPoint)", {"owner": True, "facilitator": True}),
    "share": ("Create, list and revoke share links", {"owner": True, "facilitator": True}),
    "new_round": ("Start the next round", {"owner": True, "facilitator": True}),
    "run_workshop": ("Dashboard, presenter, invitations, publishing", {"facilitator": True}),
    "branding": ("Report branding (logo, colour, prepared by)", {"owner": True, "facilitator": True}),
    "plan": ("Targets, the action plan (owners, owner links, CSV) and the review of the last round",
             {"owner": True, "facilitator": True}),
    "own_actions": ("Read and update the actions one owns in the plan, stop their reminders", {"action_owner": True}),
    "delete": ("Delete the assessment and all its data", {"owner": True, "facilitator": True}),
}
# The demo loaded by `flask demo` is for looking: a visitor may open these but not change anything
# through them (a POST is a change); "Try it with your own copy" gives them a private copy instead.
DEMO_READ_ONLY = ("answer", "profile", "charter", "charter_versions", "share", "branding", "new_round", "plan", "delete")
# Actions that show a stage or build on one: refused with "answer N more" until the answers place the organisation.
NEEDS_A_STAGE = ("pdf", "charter", "charter_versions", "exports", "deck", "share")
DENIED_TEXT = {
    "participant": "Your private link opens your own answers. The team's results, charter, exports and share "
                   "links are with the facilitator, who can publish the team result to you.",
    "viewer": "A share link opens the report only.",
    "sponsor": "An approval link opens the charter version sent for approval only.",
    "owner": "This page belongs to a workshop, not to a self-assessment.",
    "action_owner": "Your link opens the actions you own in the plan, nothing else.",
}


def may(role: str, action: str, published: bool = False) -> bool:
    """The policy: may this kind of visitor do this (published: the team result was published)?"""
    allowed = RULES[action][1].get(role, False)
    return allowed is True or (allowed == PUBLISHED and published)


@dataclass(frozen=True)
class Grant:
    """What a visitor was let in to: their role and identity, and the assessment's context (computed once)."""

    role: str
    context: AssessmentContext
    respondent: store.Respondent | None = None
    link: store.ShareLink | None = None
    facilitator: store.Facilitator | None = None
    workshop: store.Workshop | None = None
    owner_link: plan_links.OwnerLink | None = None  # an action owner's link: whose actions it opens
    approval: Approval | None = None

    @property
    def assessment(self) -> Assessment:
        return self.context.assessment

    def may(self, action: str) -> bool:
        return may(self.role, action, published=self.published)

    def require(self, action: str) -> None:
        """A second action on the same page (a page that shows more to some roles): 403 when it is not allowed."""
        if not self.may(action):
            _deny(self.role)

    @property
    def published(self) -> bool:
        return self.assessment.published

    @property
    def link_args(self) -> dict:
        """The URL arguments that lead back here (resume token or workshop id), for url_for('.endpoint')."""
        return dict(g.get("link_args") or {})


def results_url(link: Mapping) -> str:
    """The results page of the assessment a mounted page belongs to (an owner's link or a facilitator's workshop)."""
    if "token" in link:
        return url_for("wizard.results", token=link["token"])
    return url_for("workshops.results", assessment_id=link["assessment_id"])


def home_url(link: Mapping) -> str:
    """The assessment's home: the owner's overview, or the facilitator's dashboard."""
    if "token" in link:
        return url_for("wizard.overview", token=link["token"])
    return url_for("workshops.dashboard", assessment_id=link["assessment_id"])


def catalogue() -> Catalogue:
    """The app's questionnaires and model, for the assessment service."""
    extensions = current_app.extensions
    return Catalogue(extensions["questionnaires"], extensions["model"], extensions["team_cache"])


def context_of(assessment: Assessment) -> AssessmentContext:
    """The assessment's context on this request's database connection."""
    return AssessmentContext(get_db(), catalogue(), assessment)


# --- who is signed in --------------------------------------------------------------------------------


def signed_in(cookie_session) -> store.Facilitator | None:
    """The facilitator a session belongs to, loaded once per request; None when the session was ended on the server."""
    if "facilitator" not in g:
        fid, generation = cookie_session.get("facilitator_id"), cookie_session.get("generation")
        found = store.facilitator_by_id(get_db(), fid) if isinstance(fid, int) else None
        if found is not None and account_store.session_generation(get_db(), found.id) != generation:
            cookie_session.clear()  # a signed-out or pre-password-change cookie
            found = None
        g.facilitator = found
    return g.facilitator


def _sign_in_first():
    return redirect(url_for("accounts.sign_in", next=request.path))


def facilitator_required(view):
    """A facilitator's page: anyone not signed in goes to the sign-in page, then back."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if signed_in(session) is None:
            return _sign_in_first()
        return view(*args, **kwargs)
    return wrapped


# --- the gate --------------------------------------------------------------------------------------


def _deny(role: str):
    abort(403, DENIED_TEXT.get(role, "You cannot open this page with this link."))


def demo_refuses(action: str, is_demo: bool, changes: bool) -> bool:
    """The demo rule: a change through a read-only action on the demo is refused."""
    return is_demo and changes and action in DEMO_READ_ONLY


def shows_stage(grant: Grant) -> bool:
    """Whether the answers place the organisation, so a page may show its stage (tests of other features may opt out)."""
    return grant.context.ready or not current_app.config.get("REQUIRE_PLACEMENT", True)


def _require_a_stage(grant: Grant) -> None:
    """Answer 409 with "answer N more" when the report, charter or a share link would rest on too few answers."""
    if shows_stage(grant):
        return
    page = render_template("results/not_yet.html", placement=grant.context.placement.to_dict(),
                           back_url=home_url(grant.link_args), organisation=grant.assessment.organisation)
    abort(make_response(page, 409))


def _checked(grant: Grant, action: str, changes: bool | None = None) -> Grant:
    if grant.context.questionnaire is None:
        abort(404)
    if not grant.may(action):
        _deny(grant.role)
    g.demo = grant.role == "owner" and grant.assessment.demo
    changes = request.method not in ("GET", "HEAD", "OPTIONS") if changes is None else changes
    if demo_refuses(action, g.demo, changes):
        abort(make_response(render_template("demo_read_only.html"), 403))
    if action in NEEDS_A_STAGE:
        _require_a_stage(grant)
    if request.method == "GET":
        audit(grant, AUDITED.get(action) or AUDITED_ENDPOINTS.get(request.endpoint or ""))
    return grant


# --- the audit log: who viewed, exported or deleted what (app/store/audit.py) -------------------------

# What the gate records when it lets a visitor see the assessment's figures or take them away: the verb by action,
# and for the facilitator's running controls only the pages that show the team's figures (not each live refresh).
AUDITED = {"results": "viewed", "pdf": "exported", "exports": "exported"}
AUDITED_ENDPOINTS = {"workshops.dashboard": "viewed", "workshops.distributions": "exported",
                     "workshops.client_export": "exported"}


def actor(grant: Grant | None = None) -> audit_store.Actor:
    """Who is acting: the grant's visitor, else the signed-in facilitator."""
    if grant is not None and grant.role == "viewer":
        return audit_store.Actor("viewer", grant.link.id, grant.link.label)
    if grant is not None and grant.respondent is not None:
        return audit_store.Actor(grant.role, grant.respondent.id)
    facilitator = grant.facilitator if grant is not None else signed_in(session)
    return audit_store.Actor("facilitator", facilitator.id, facilitator.email) if facilitator else audit_store.Actor("anonymous")


def audit(grant: Grant, verb: str | None, subject_kind: str = "assessment", subject_id: int | None = None,
          detail: str | None = None) -> None:
    """Record that this visitor viewed, exported or deleted something of the grant's assessment (never the answers)."""
    if verb is None:
        return
    assessment = grant.assessment
    audit_store.record(get_db(), actor(grant), verb, subject_kind, subject_id or assessment.id,
                       assessment.organisation_id, detail or request.endpoint)


def by_resume_token(token: str, action: str, changes: bool | None = None) -> Grant:
    """An owner's or participant's private link; 404 for an unknown token, 403 for what it may not open."""
    found = store.assessment_by_token(get_db(), token)
    if found is None:
        abort(404)
    respondent, assessment = found
    g.link_args = {"token": token}
    role = "participant" if assessment.mode == "workshop" else "owner"
    grant = Grant(role, context_of(assessment), respondent)
    if role == "participant" and action == "answer" and assessment.closed:
        _session_ended(grant)
    return _checked(grant, action, changes)


def _session_ended(grant: Grant):
    """A closed workshop: answers are frozen; a participant sees that the session ended (and a published result)."""
    report = grant.context.report if grant.published else None
    abort(make_response(render_template("workshops/ended.html", workshop=grant.assessment, report=report), 410))


def by_workshop(assessment_id: int, action: str) -> Grant:
    """A signed-in facilitator's own workshop; any other id (or one too large) is a 404."""
    facilitator = signed_in(session)
    if facilitator is None:
        abort(_sign_in_first())
    found = store.load_assessment(get_db(), assessment_id)
    workshop = store.workshop(get_db(), assessment_id, facilitator.id) if found else None
    if workshop is None:
        abort(404)
    g.link_args = {"assessment_id": assessment_id}
    return _checked(Grant("facilitator", context_of(found), facilitator=facilitator, workshop=workshop), action)


def by_client(organisation_id: int) -> tuple[store.Facilitator, dict]:
    """A signed-in facilitator's own client (an organisation whose workshops they run); any other id is a 404."""
    facilitator = signed_in(session)
    if facilitator is None:
        abort(_sign_in_first())
    found = client_store.client_of(get_db(), facilitator.id, organisation_id) if 0 < organisation_id < 2**63 else None
    if found is None:
        abort(404)
    return facilitator, found


def by_share_token(token: str, action: str, today: str):
    """A read-only share link: (grant, None), or (None, response) saying why the link no longer works."""
    link = store.share_link_by_token(get_db(), token)
    if link is None:
        abort(404)
    state = link.state(today)
    if state != "active":
        return None, (render_template("share/closed.html", link=link, state=state), 410)
    found = store.load_assessment(get_db(), link.assessment_id)
    if found is None:
        abort(404)
    return _checked(Grant("viewer", context_of(found), link=link), action), None


def by_owner_token(token: str, today: str, purpose: str = "actions"):
    """An action owner's link: (grant, None), or (None, response) saying the link expired; 404 for an unknown token.

    The grant's context is the newest round the owner was carried into, so an older link opens what is live.
    """
    link = plan_links.link_by_token(get_db(), token, purpose)
    if link is None:
        abort(404)
    if link.expires_at < today:
        return None, (render_template("plan/link_expired.html", link=link), 410)
    found = store.load_assessment(get_db(), link.assessment_id)
    if found is None:
        abort(404)
    g.link_args = {"owner_token": token}
    return _checked(Grant("action_owner", context_of(found), owner_link=link), "own_actions"), None


def by_approval_token(token: str, action: str, today: str):
    """A sponsor's approval link: (grant, None), or (None, response) saying the link has expired."""
    found = approval_by_token(get_db(), token)
    if found is None:
        abort(404)
    assessment = store.load_assessment(get_db(), found.assessment_id)
    if assessment is None:
        abort(404)
    if found.state(today) == "expired":
        return None, (render_template("charter/approval_closed.html", approval=found,
                                      organisation=assessment.organisation), 410)
    return _checked(Grant("sponsor", context_of(assessment), approval=found), action), None


def open_assessment(action: str, token: str | None = None, assessment_id: int | None = None,
                    changes: bool | None = None) -> Grant:
    """For routes mounted both under a private link and under a facilitator's workshop (changes: None, a POST)."""
    if token is not None:
        return by_resume_token(token, action, changes)
    if assessment_id is not None:
        return by_workshop(assessment_id, action)
    abort(404)


# --- joining a workshop (no account: a code, its link, or a personal invitation) -------------------------

GUESS_WINDOW = timedelta(minutes=15)
MAX_WRONG_CODES = 20  # wrong join codes per client address per window (codes are short: guessing must stay slow)


def _ended(workshop: store.Workshop):
    """The code and links stop working when the facilitator closes the session."""
    abort(make_response(render_template("workshops/ended.html", workshop=workshop), 410))


def workshop_by_code(code: str, open_only: bool = True) -> store.Workshop | None:
    """The workshop behind a join code, counting a wrong code against the client's address (429 past the limit);
    None for a wrong code; a closed session's page (410) when `open_only`."""
    db = get_db()
    attempt = account_store.reserve_attempt(db, {"join:" + (request.remote_addr or "?"): MAX_WRONG_CODES}, GUESS_WINDOW)
    if attempt is None:
        abort(make_response(render_template(
            "error.html", code=429, title="Too many wrong codes",
            text="Too many wrong workshop codes came from your network. Wait 15 minutes, then check the code "
                 "against the facilitator's screen."), 429))
    found = store.workshop_by_code(db, code)
    if found is not None:
        account_store.release_attempt(db, attempt)  # right codes never count
        if open_only and found.closed_at:
            _ended(found)
    return found


def invitation(token: str) -> tuple[store.Workshop, dict]:
    """The open workshop and the invitation behind a personal link; 404 for an unknown link, 410 once the session
    ended. An invitation already used opens the answers of the person who joined with it (a redirect), or says so."""
    invite = store.invite_by_token(get_db(), token)
    if invite is None:
        abort(404)
    workshop = store.workshop(get_db(), invite["assessment_id"])
    if workshop is None:
        abort(404)
    if workshop.closed_at:
        _ended(workshop)
    if invite["used_at"]:
        abort(invitation_used(token))
    return workshop, invite


def invitation_used(token: str):
    """A used invitation opened again: back to the answers of the person who joined with it, or a page saying so."""
    resume = store.invite_resume_token(token)
    if store.respondent_by_token(get_db(), resume):
        return redirect(url_for("wizard.overview", token=resume))
    return make_response(render_template("workshops/invite_used.html"), 410)


def access_table() -> list[list[str]]:
    """The policy as rows (action, then one cell per role), for the README and the method page."""
    cells = {True: "yes", PUBLISHED: PUBLISHED, False: "no"}
    return [[what, *(cells[rule.get(role, False)] for role in ROLES)] for what, rule in RULES.values()]
