"""The action tracker: adopting roadmap and custom actions, every status change kept as an event, checks that
name the problem, filters, overdue, CSV round trip, and the plan in the export and the PDF."""
from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from factories import (
    adopt_actions,
    answer_enough,
    assessment_id_of,
    csrf_token,
    fields_of,
    plan_of,
    soup,
    start_assessment,
    update_action,
)
from pypdf import PdfReader

from app.core.plan import STATUSES, PlanAction, check, due_list, filtered, status_of
from app.core.plan_csv import parse_csv, to_csv

OWNERS = [("Ann Lee", "ann@client.example"), ("Bob Park", ""), ("Ann Lee", "ann@client.example")]


@pytest.fixture
def planned(app, client, questionnaire):
    """A placed quick self-assessment with three roadmap actions adopted, owned by Ann (two) and Bob (one)."""
    placed = start_assessment(client, path="quick")
    answer_enough(client, placed, questionnaire)
    questions = adopt_actions(client, f"/r/{placed}", OWNERS)
    return placed, questions, plan_of(app, assessment_id_of(app, placed))


def test_adopted_actions_keep_their_roadmap_text_owner_due_date_and_an_adopted_event(planned, app):
    token, questions, actions = planned
    assert [a.question_id for a in actions] == questions
    assert [a.owner.name for a in actions] == ["Ann Lee", "Bob Park", "Ann Lee"]
    assert actions[0].owner.id == actions[2].owner.id  # one owner, found again by email
    assert all(a.status == "not_started" and a.due for a in actions)
    assert [(e.field, e.who) for e in actions[0].events] == [("adopted", "Ada Lovelace (assessment owner)")]
    roadmap = {a["question"]: a for a in json.loads(app.test_cli_runner().invoke(
        args=["export", str(assessment_id_of(app, token))]).output)["plan"]}
    assert set(roadmap) == set(questions)


@pytest.mark.parametrize("status", ["in_progress", "done", "wont_do", "risk_accepted", "not_started"])
def test_each_status_change_is_saved_with_its_event(planned, app, client, status):
    token, _, actions = planned
    action = actions[1]
    before = "in_progress" if status == "not_started" else "not_started"
    if status == "not_started":  # first move it on, so that moving back is a change
        assert update_action(client, f"/r/{token}", action.id, status="in_progress").status_code == 302
    changes = {"status": status, "reason": "No budget this year" if status == "risk_accepted" else ""}
    response = update_action(client, f"/r/{token}", action.id, **changes)
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    after = next(a for a in plan_of(app, assessment_id_of(app, token)) if a.id == action.id)
    assert after.status == status
    event = next(e for e in reversed(after.events) if e.field == "status")
    assert (event.before, event.after, event.who) == (before, status, "Ada Lovelace (assessment owner)")
    assert event.at[:10] == date.today().isoformat()
    if status == "risk_accepted":
        assert after.reason == "No budget this year"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"status": "risk_accepted", "reason": ""}, "reason", "Say why the risk is accepted."),
    ({"evidence": "javascript:alert(1)"}, "evidence", "must be a web address starting with http:// or https://"),
    ({"evidence": "file:///etc/passwd"}, "evidence", "http:// or https://"),
    ({"due": "31/12/2026"}, "due", "is not a date written YYYY-MM-DD"),
    ({"due": "2026-02-30"}, "due", "is not a day of the calendar"),
    ({"owner_email": "not-an-email"}, "owner_email", "is not valid"),
    ({"owner_name": "", "owner_email": "x@client.example"}, "owner_name", "Give the owner's name with their email."),
    ({"title": ""}, "title", "Describe the action."),
    ({"status": "lost"}, "status", "Not a valid choice"),
])
def test_a_bad_change_is_refused_naming_the_problem_and_nothing_changes(planned, app, client, changes, field, message):
    token, _, actions = planned
    action = actions[0]
    response = update_action(client, f"/r/{token}", action.id, **changes)
    assert response.status_code == 422
    page = soup(response)
    error = page.find(id=f"a{action.id}-{field}-error")
    assert error is not None and message in error.get_text(), page.select(".error")
    assert page.find(id=f"a{action.id}-{field}")["aria-invalid"] == "true"
    after = next(a for a in plan_of(app, assessment_id_of(app, token)) if a.id == action.id)
    assert after == action and len(after.events) == 1


def test_changing_the_owner_due_date_note_and_evidence_keeps_an_event_each(planned, app, client):
    token, _, actions = planned
    response = update_action(client, f"/r/{token}", actions[1].id, owner_name="Cy Diaz", owner_email="cy@client.example",
                             due="2027-01-15", note="Kick-off booked", evidence="https://wiki.client.example/kpis")
    assert response.status_code == 302
    after = next(a for a in plan_of(app, assessment_id_of(app, token)) if a.id == actions[1].id)
    assert (after.owner.name, after.owner.email, after.due, after.note) == ("Cy Diaz", "cy@client.example", "2027-01-15",
                                                                           "Kick-off booked")
    fields = {e.field: (e.before, e.after) for e in after.events}
    assert fields["owner"] == ("Bob Park", "Cy Diaz <cy@client.example>")
    assert fields["due"] == (actions[1].due, "2027-01-15")
    assert fields["evidence"] == (None, "https://wiki.client.example/kpis")
    page = soup(client.get(f"/r/{token}/plan"))
    link = page.select_one(f"#action-{actions[1].id} a[href^='https://wiki']")
    assert link["rel"] == ["noopener", "noreferrer", "nofollow"]


def test_a_custom_action_joins_the_plan_on_its_leg(planned, app, client):
    token, _, _ = planned
    url = f"/r/{token}/plan"
    form = soup(client.get(url)).select_one("#custom form")
    data = fields_of(form)
    data.update({"custom-title": "Hire a CS operations analyst", "custom-area": "leg:responsibility",
                 "custom-owner_name": "Dee Fox", "custom-due": "2027-03-01"})
    assert client.post(form["action"], data=data).status_code == 302
    added = plan_of(app, assessment_id_of(app, token))[-1]
    assert (added.title, added.leg, added.block, added.question_id, added.owner.name) == (
        "Hire a CS operations analyst", "responsibility", "stool", None, "Dee Fox")


def test_the_plan_page_filters_by_owner_status_and_leg_and_shows_overdue(planned, app, client):
    token, _, actions = planned
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    update_action(client, f"/r/{token}", actions[0].id, due=yesterday)
    update_action(client, f"/r/{token}", actions[2].id, status="done")
    page = soup(client.get(f"/r/{token}/plan"))
    overdue = page.select("article.plan-action.is-overdue")
    assert [a["id"] for a in overdue] == [f"action-{actions[0].id}"]
    assert "Overdue" in overdue[0].select_one(".overdue").get_text()
    assert "1 overdue." in page.select_one(".plan-summary").get_text()

    def shown(**query) -> list[str]:
        found = soup(client.get(f"/r/{token}/plan", query_string=query))
        return [a["id"] for a in found.select("article.plan-action")]

    ann = actions[0].owner.id
    assert shown(owner=str(ann)) == [f"action-{actions[0].id}", f"action-{actions[2].id}"]
    assert shown(status="done") == [f"action-{actions[2].id}"]
    assert shown(status="overdue") == [f"action-{actions[0].id}"]
    assert shown(status="open", owner=str(ann)) == [f"action-{actions[0].id}"]
    legs = {a.leg for a in actions}
    for leg in legs:
        expected = [f"action-{a.id}" for a in actions if a.leg == leg]
        assert shown(leg=leg or "none") == expected


def test_the_results_page_lists_due_and_overdue_actions_without_a_mail_server(planned, client):
    token, _, actions = planned
    update_action(client, f"/r/{token}", actions[1].id, due=(date.today() - timedelta(days=3)).isoformat())
    due = soup(client.get(f"/r/{token}/results")).select_one(".due-list")
    assert due is not None and "Bob Park" in due.get_text() and "overdue" in due.get_text()


def test_the_csv_round_trip_changes_nothing_and_an_edited_csv_updates_and_adds(planned, app, client):
    token, _, actions = planned
    base = f"/r/{token}"
    text = client.get(base + "/plan.csv").get_data(as_text=True)
    assert _import(client, base, text).status_code == 302
    assert plan_of(app, assessment_id_of(app, token)) == actions  # same fields; no event added
    assert all(len(a.events) == 1 for a in plan_of(app, assessment_id_of(app, token)))
    rows = text.splitlines()
    edited = rows[:2] + [rows[2].replace(",Not started,", ",Done,")] + rows[3:] + [
        ',"Write the renewal playbook",,Charter,Eve Stone,eve@client.example,2027-02-01,In progress,,,']
    assert _import(client, base, "\n".join(edited)).status_code == 302
    after = plan_of(app, assessment_id_of(app, token))
    assert after[1].status == "done" and after[1].events[-1].who == "Ada Lovelace (assessment owner) by CSV import"
    assert (after[-1].title, after[-1].status, after[-1].owner.email, after[-1].leg) == (
        "Write the renewal playbook", "in_progress", "eve@client.example", "charter")


def _import(client, base, text: str):
    form = soup(client.get(base + "/plan")).select_one("#csv form")
    data = fields_of(form)
    data["file"] = (io.BytesIO(text.encode("utf-8")), "plan.csv")
    return client.post(form["action"], data=data, content_type="multipart/form-data")


@pytest.mark.parametrize(("mangle", "problem"), [
    (lambda rows: ["Action id,Action,Colour"] + rows[1:], "row 1: unknown column 'Colour'"),
    (lambda rows: [rows[0].replace("Status,", "")] + rows[1:], "row 1: the column 'Status' is missing"),
    (lambda rows: rows + ["999,Nope,,,,,,Done,,,"], "row 5, Action id: '999' is not an action of this plan"),
    (lambda rows: rows + [",New one,,,,,someday,Done,,,"], "row 5, Due: the due date 'someday' is not a date"),
    (lambda rows: rows + [",New one,,,,,,Finished,,,"], "row 5, Status: 'Finished' is not a status"),
    (lambda rows: rows + [",New one,,,,,,Risk accepted,,,"], "row 5, Reason: say why the risk is accepted"),
    (lambda rows: rows + [",New one,,,,,,Done,,,javascript:alert(1)"], "row 5, Evidence: the evidence link must be"),
    (lambda rows: rows + [",New one,,Roof,,,,Done,,,"], "row 5, Leg: 'Roof' is not a leg"),
    (lambda rows: rows + [",,,,,,,Done,,,"], "row 5, Action: the action needs a description"),
    (lambda rows: rows + [rows[1]], "row 5, Action id"),
    (lambda rows: rows + [",New one,no-such-question,,,,,Done,,,"], "row 5, Question: unknown question id"),
])
def test_a_junk_csv_is_refused_with_named_problems_and_nothing_changes(planned, app, client, mangle, problem):
    token, _, actions = planned
    base = f"/r/{token}"
    rows = client.get(base + "/plan.csv").get_data(as_text=True).lstrip("\ufeff").splitlines()
    response = _import(client, base, "\n".join(mangle(rows)))
    assert response.status_code == 422
    listed = [li.get_text() for li in soup(response).select("#import-problems li")]
    assert any(problem in item for item in listed), listed
    assert plan_of(app, assessment_id_of(app, token)) == actions


def test_a_csv_that_is_not_utf8_is_refused(planned, client):
    token, _, _ = planned
    form = soup(client.get(f"/r/{token}/plan")).select_one("#csv form")
    data = fields_of(form)
    data["file"] = (io.BytesIO("Action,Status\nCafé,Done\n".encode("latin-1")), "plan.csv")
    response = client.post(form["action"], data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "not UTF-8" in soup(response).select_one("#import-problems").get_text()


def test_csv_cells_that_a_spreadsheet_would_run_are_written_inert_and_read_back_as_typed():
    action = PlanAction(7, "=HYPERLINK(\"http://evil.example\")", note="+1 from finance", status="done")
    text = to_csv([action])
    assert "'=HYPERLINK" in text and "'+1 from finance" in text
    rows, problems = parse_csv(text, {7}, set())
    assert problems == [] and rows[0]["title"] == action.title and rows[0]["note"] == "+1 from finance"


def test_the_plan_is_in_the_export_with_status_owner_due_and_events_and_survives_import(planned, app, client, runner,
                                                                                        tmp_path):
    token, _, actions = planned
    update_action(client, f"/r/{token}", actions[0].id, status="done", evidence="https://wiki.client.example/x")
    out = tmp_path / "export.json"
    assert runner.invoke(args=["export", str(assessment_id_of(app, token)), "--out", str(out)]).exit_code == 0
    plan = json.loads(out.read_text())["plan"]
    assert [(p["status"], p["owner"]["name"], p["due"]) for p in plan] == [
        ("done", "Ann Lee", actions[0].due), ("not_started", "Bob Park", actions[1].due),
        ("not_started", "Ann Lee", actions[2].due)]
    assert [e["field"] for e in plan[0]["events"]] == ["adopted", "status", "evidence"]
    assert set(plan[0]["events"][1]) == {"at", "who", "field", "from", "to"}
    result = runner.invoke(args=["import", str(out)])
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.json"
    runner.invoke(args=["export", str(json.loads(result.output)["assessment_id"]), "--out", str(again)])
    assert json.loads(again.read_text())["plan"] == plan


@pytest.mark.parametrize(("change", "problem"), [
    (lambda p: p[0].update(status="lost"), "plan.0.status"),
    (lambda p: p[0].update(evidence="javascript:alert(1)"), "plan[0].evidence"),
    (lambda p: p[0].update(due="tomorrow"), "plan[0].due"),
    (lambda p: p[0].update(status="risk_accepted", reason=None), "plan[0].reason"),
    (lambda p: p[0].update(question="no-such-question"), "plan[0].question"),
    (lambda p: p[0].update(level="zzz"), "plan.0.level"),
    (lambda p: p[0]["events"].append({"at": "x"}), "plan.0.events.1"),
])
def test_an_import_with_a_bad_plan_is_refused_naming_it(planned, app, runner, tmp_path, change, problem):
    token, _, _ = planned
    out = tmp_path / "export.json"
    runner.invoke(args=["export", str(assessment_id_of(app, token)), "--out", str(out)])
    document = json.loads(out.read_text())
    change(document["plan"])
    out.write_text(json.dumps(document))
    result = runner.invoke(args=["import", str(out)])
    assert result.exit_code == 2 and problem in result.output, result.output


def test_an_old_export_without_targets_or_plan_still_imports(app, client, placed, runner, tmp_path):
    out = tmp_path / "export.json"
    runner.invoke(args=["export", str(assessment_id_of(app, placed)), "--out", str(out)])
    document = json.loads(out.read_text())
    assert "plan" not in document and "targets" not in document  # nothing adopted, nothing chosen: no new keys
    assert runner.invoke(args=["import", str(out)]).exit_code == 0


def test_the_pdf_prints_the_action_plan(planned, client):
    token, _, actions = planned
    update_action(client, f"/r/{token}", actions[0].id, status="in_progress")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(f"/r/{token}/report.pdf").data)).pages)
    assert "Action plan" in text and "3 actions adopted: 2 not started, 1 in progress." in " ".join(text.split())
    # Due dates as the cover writes its date ("4 March 2027"), never ISO beside it.
    due = date.fromisoformat(actions[0].due)
    assert f"{due.day} {due:%B %Y}" in " ".join(text.split()) and actions[0].due not in text


def test_the_plan_forms_need_a_csrf_token(planned, client):
    token, _, actions = planned
    form = soup(client.get(f"/r/{token}/plan")).select_one(f"#action-{actions[0].id} form")
    data = fields_of(form)
    data.pop(next(k for k in data if k.endswith("csrf_token")))
    assert client.post(form["action"], data={**data, f"a{actions[0].id}-status": "done"}).status_code in (400, 422)
    assert csrf_token(client, f"/r/{token}/plan")


# --- the rules themselves --------------------------------------------------------------------------


def test_statuses_read_by_id_or_label():
    for key, label in STATUSES.items():
        assert status_of(key) == status_of(label) == status_of(label.upper()) == key
    assert status_of("Won’t do") == "wont_do" and status_of("") == "not_started" and status_of("lost") is None


def test_the_checks_name_every_problem_at_once():
    problems = check({"title": " ", "status": "risk_accepted", "due": "soon", "evidence": "ftp://x", "owner_email": "a@b.example"})
    assert set(problems) == {"title", "reason", "due", "evidence", "owner_name"}


def test_due_list_and_filters():
    today = date(2026, 6, 10)
    actions = [PlanAction(1, "a", due="2026-06-01"), PlanAction(2, "b", due="2026-06-15"),
               PlanAction(3, "c", due="2026-06-30"), PlanAction(4, "d", due="2026-06-01", status="done")]
    assert [a.id for a in due_list(actions, today)] == [1, 2]
    assert [a.id for a in filtered(actions, status="overdue", today=today)] == [1]
    assert [a.id for a in filtered(actions, owner="none")] == [1, 2, 3, 4]


def test_a_change_to_the_plan_or_the_targets_is_a_new_content_version(planned, app, client):
    token, _, actions = planned

    def version() -> str:
        from app import access, store
        from app.db import get_db

        with app.app_context():
            return access.context_of(store.load_assessment(get_db(), assessment_id_of(app, token))).content_version

    before = version()
    update_action(client, f"/r/{token}", actions[0].id, note="Started")
    after_note = version()
    assert after_note != before
    page = soup(client.get(f"/r/{token}/targets"))
    data = fields_of(page.find("form", method="post"))
    data["leg__charter"] = "4"
    client.post(f"/r/{token}/targets", data=data)
    assert version() != after_note
