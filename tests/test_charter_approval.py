"""Charter versions and the sponsor's approval: versions kept and compared, approval through a signed link,
"changed since approval" after an edit, expired and foreign links refused, review reminders."""
from __future__ import annotations

import hashlib
import io
import json
from datetime import date, timedelta

import pytest
from factories import answer_enough, csrf_token, send_for_approval, soup, start_assessment, submit
from pypdf import PdfReader

from app import create_app, store
from app.core import charter
from app.store import charter_versions as versions_store

EXPIRES = (date.today() + timedelta(days=7)).isoformat()
REVIEW = (date.today() + timedelta(days=200)).isoformat()


def _assessment_id(app, token) -> int:
    from app.db import get_db

    with app.app_context():
        return store.respondent_by_token(get_db(), token).assessment_id


def _send(client, token, sponsor="Grace Hopper", email="") -> str:
    """Send the charter for approval from the versions page; the approval link shown once."""
    return send_for_approval(client, token, sponsor, email, EXPIRES, REVIEW)


def _decide(sponsor, link, **fields):
    return sponsor.post(link, data={"csrf_token": csrf_token(sponsor, link), "name": "Grace Hopper", **fields})


def _pdf_text(data: bytes, pages: int = 1) -> str:
    """The first pages' text, in one case and on one line (the cover prints its labels in capitals)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages[:pages])
    return " ".join(text.lower().split())


@pytest.fixture
def owner(client, questionnaire):
    token = start_assessment(client, organisation="Umbrella Health")
    answer_enough(client, token, questionnaire)
    assert submit(client, token, "vision", body="Our customers reach their goals.").status_code == 302
    return token


def test_each_save_is_kept_as_a_version_and_an_editing_session_amends_one(client, owner, app):
    submit(client, owner, "principles", body="Outcomes first.")
    with app.app_context():
        from app.db import get_db

        found = versions_store.versions(get_db(), _assessment_id(app, owner))
    assert [v.number for v in found] == [1]
    sections = {s["id"]: s["body"] for s in found[0].content["sections"]}
    assert sections["vision"] == "Our customers reach their goals." and sections["principles"] == "Outcomes first."
    assert [s["id"] for s in found[0].content["sections"]] == list(charter.SECTION_IDS)  # the whole charter, drafts included


def test_the_sponsor_approves_through_the_link_and_a_later_edit_marks_the_charter_changed(client, owner, app):
    link = _send(client, owner)
    sponsor = app.test_client()
    page = soup(sponsor.get(link))
    assert "Our customers reach their goals." in page.get_text()
    form_token = page.find("input", {"name": "csrf_token"})["value"]
    assert _decide(sponsor, link, decision="approved").status_code == 302
    approved = sponsor.get(link + "charter.pdf").data
    recorded = soup(sponsor.get(link)).find("code", class_="hash").get_text()
    assert recorded == hashlib.sha256(approved).hexdigest()
    assert "approved by grace hopper" in _pdf_text(approved)

    overview = soup(client.get(f"/r/{owner}/charter/")).find(class_="approval-status")
    assert overview.h2.get_text() == "Approved" and "approved by Grace Hopper" in overview.get_text()
    cover = _pdf_text(client.get(f"/r/{owner}/report.pdf").data)
    assert "approved by grace hopper" in cover and "changed since" not in cover

    assert submit(client, owner, "vision", body="Our customers reach their goals, and say so.").status_code == 302
    overview = soup(client.get(f"/r/{owner}/charter/")).find(class_="approval-status")
    assert overview.h2.get_text() == "Changed since approval"
    assert "the charter has changed since this approval" in _pdf_text(client.get(f"/r/{owner}/report.pdf").data)
    # A decision is made once: the link now shows it and records nothing more.
    sponsor.post(link, data={"csrf_token": form_token, "name": "Late", "decision": "changes", "comment": "Too late"})
    assert "Approved" in soup(sponsor.get(link)).find(class_="decision-made").get_text()


def test_asking_for_changes_needs_a_comment_and_shows_it_to_the_team(client, owner, app):
    link = _send(client, owner)
    sponsor = app.test_client()
    refused = _decide(sponsor, link, decision="changes", comment="")
    assert refused.status_code == 422 and "Say what should change" in soup(refused).get_text()
    assert _decide(sponsor, link, decision="changes", comment="Name the sponsor in section 9.").status_code == 302
    row = soup(client.get(f"/r/{owner}/charter/versions")).find("table", class_="approvals-table").tbody.tr
    assert "Changes asked by Grace Hopper" in row.get_text() and "Name the sponsor in section 9." in row.get_text()
    assert soup(client.get(f"/r/{owner}/charter/")).find(class_="approval-status") is None


def test_two_versions_compare_side_by_side_with_the_changes_marked(client, owner, app):
    _send(client, owner)  # a version sent for approval is frozen: the next save starts version 2
    submit(client, owner, "vision", body="Our customers reach their goals faster.")
    with app.app_context():
        from app.db import get_db

        found = versions_store.versions(get_db(), _assessment_id(app, owner))
    assert [v.number for v in found] == [2, 1]
    page = soup(client.get(f"/r/{owner}/charter/versions/compare?a={found[1].id}&b={found[0].id}"))
    changed = [s for s in page.find_all("section", class_="compare-section") if "is-changed" in s["class"]]
    number = charter.SECTION_IDS.index("vision") + 1  # numbered as the charter numbers it
    assert [s.h2.get_text(" ", strip=True) for s in changed] == [f"{number}. Vision and mission Changed"]
    assert [ins.get_text().strip() for ins in changed[0].find_all("ins")] == ["faster"]
    assert changed[0].find_all("del") == []


def test_an_expired_link_shows_nothing_of_the_charter(client, owner, app):
    link = _send(client, owner)
    with app.app_context():
        from app.db import get_db

        get_db().execute("update charter_approvals set expires_at = ?", [(date.today() - timedelta(days=1)).isoformat()])
        get_db().conn.commit()
    sponsor = app.test_client()
    for path in (link, link + "charter.pdf"):
        response = sponsor.get(path)
        assert response.status_code == 410 and "no longer works" in soup(response).get_text()
        assert "Our customers reach their goals." not in response.get_data(as_text=True)
    assert sponsor.post(link, data={"name": "x", "decision": "approved"}).status_code in (400, 410)


def test_links_and_pages_refuse_another_assessments_version(client, owner, app, questionnaire):
    link = _send(client, owner)
    other = app.test_client()
    other_token = start_assessment(other, organisation="Globex")
    answer_enough(other, other_token, questionnaire)
    submit(other, other_token, "vision", body="Globex's own vision.")
    with app.app_context():
        from app.db import get_db

        mine = versions_store.versions(get_db(), _assessment_id(app, owner))[0]
        theirs = versions_store.versions(get_db(), _assessment_id(app, other_token))[0]
        approval = versions_store.approvals(get_db(), _assessment_id(app, owner))[0]
    compare = f"/r/{other_token}/charter/versions/compare?a={mine.id}&b={theirs.id}"
    assert other.get(compare).status_code == 404
    assert other.get(f"/r/{other_token}/charter/approvals/{approval.id}.pdf").status_code == 404
    with app.app_context():  # a request pointed at another assessment's version opens nothing
        from app.db import get_db

        get_db().execute("update charter_approvals set version_id = ?", [theirs.id])
        get_db().conn.commit()
    assert app.test_client().get(link).status_code == 404


def test_the_review_date_is_reminded_on_the_results_page_and_by_cli(client, owner, app, runner):
    link = _send(client, owner)
    _decide(app.test_client(), link, decision="approved")
    result = runner.invoke(args=["charter", "remind"])
    assert json.loads(result.output)["reminders"] == []  # not due yet
    result = runner.invoke(args=["charter", "remind", "--today", REVIEW])
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    assert output["mail"] is False
    assert [(r["organisation"], r["review_on"], r["mailed_to"]) for r in output["reminders"]] == [
        ("Umbrella Health", REVIEW, [])]
    with app.app_context():
        from app.db import get_db

        get_db().execute("update charter_approvals set review_on = ?", [date.today().isoformat()])
        get_db().conn.commit()
    status = soup(client.get(f"/r/{owner}/results")).find(class_="approval-status")
    assert status is not None and "The review is due" in status.get_text()
    assert runner.invoke(args=["charter", "remind", "--today", "31/01/2027"]).exit_code == 2


def test_with_mail_the_sponsor_gets_the_link_and_one_review_reminder(tmp_path, questionnaire, smtp_sink):
    box, port = smtp_sink
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "t.db"),
                      "INSTANCE_PATH": str(tmp_path / "i"), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
                      "MAIL_TLS": False})
    client = app.test_client()
    token = start_assessment(client, organisation="Umbrella Health")
    answer_enough(client, token, questionnaire)
    link = _send(client, token, email="sponsor@umbrella.example")
    assert [to for to, _ in box.messages] == [["sponsor@umbrella.example"]]
    assert link in box.messages[0][1] and "Ada Lovelace" in box.messages[0][1]
    _decide(app.test_client(), link, decision="approved")
    runner = app.test_cli_runner()
    for _ in range(2):  # mailed once, however often cron runs
        runner.invoke(args=["charter", "remind", "--today", REVIEW])
    assert [to for to, _ in box.messages[1:]] == [["sponsor@umbrella.example"]]
    assert "due for its review" in box.messages[1][1]
