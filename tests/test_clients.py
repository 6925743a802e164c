"""A client's data as a whole: export everything, purge it (web and CLI), and the audit log of who did what."""
from __future__ import annotations

import json
import re

from factories import answer_the_rest, csrf_token, facilitator_client, fix_groups, soup, who

from app import store
from app.store import audit


def _workshop(app, host, organisation="Initech", people=("Ada", "Bo", "Cy")) -> tuple[int, int]:
    response = host.post("/facilitator/", data={"csrf_token": csrf_token(host, "/facilitator/"),
                                                "organisation": organisation, "path": "quick"})
    wid = int(re.search(r"/workshops/(\d+)/", response.headers["Location"]).group(1))
    code = soup(host.get(f"/facilitator/workshops/{wid}/")).select_one(".join-code").get_text()
    for name in people:
        phone = app.test_client()
        joined = phone.post(f"/w/{code}", data={"csrf_token": csrf_token(phone, f"/w/{code}"), "name": name,
                                                 **who("sales")})
        answer_the_rest(app, re.match(r"/r/([^/]+)/", joined.headers["Location"]).group(1), level=3)
    fix_groups(host, wid)
    with app.app_context():
        from app.db import get_db

        return wid, store.load_assessment(get_db(), wid).organisation_id


def test_a_facilitator_exports_everything_of_a_client_then_purges_it(app):
    host = facilitator_client(app, name="Ann")
    wid, client_id = _workshop(app, host)
    settings = soup(host.get(f"/facilitator/workshops/{wid}/manage"))
    export_url = settings.find("a", string="Export everything (JSON)")["href"]
    response = host.get(export_url)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.data)
    assert document["format"] == "csmaturity.client" and document["organisation"]["name"] == "Initech"
    assert [p["name"] for p in document["rounds"][0]["respondents"]] == ["Ada", "Bo", "Cy"]
    assert {"respondents", "answers", "workshops", "anonymity_releases"} <= set(document["tables"])
    text = json.dumps(document)
    assert "token_hash" not in text and "password_hash" not in text  # no secrets in it

    purge_url = settings.find("a", string=re.compile("Delete everything of this client"))["href"]
    page = soup(host.get(purge_url))
    assert "1 round" in page.select_one(".lead").get_text()
    assert host.post(purge_url, data={"csrf_token": csrf_token(host, purge_url)}).status_code == 422  # unconfirmed
    assert host.post(purge_url, data={"csrf_token": csrf_token(host, purge_url), "confirm": "y"}).status_code == 302
    assert host.get(f"/facilitator/workshops/{wid}/").status_code == 404
    with app.app_context():
        from app.db import get_db

        db = get_db()
        assert db.execute("select count(*) from respondents").fetchone()[0] == 0
        assert db.execute("select count(*) from answers").fetchone()[0] == 0
        log = audit.entries(db, client_id)
        assert [(e["action"], e["subject_kind"]) for e in log[:2]] == [("deleted", "organisation"),
                                                                        ("exported", "organisation")]
        assert all(e["actor"] == "ann@consult.example" for e in log[:2])


def test_another_facilitator_can_neither_export_nor_purge_a_client(app):
    host = facilitator_client(app, name="Ann")
    _, client_id = _workshop(app, host)
    rival = facilitator_client(app, "rex@other.example", "Ann")
    assert rival.get(f"/facilitator/clients/{client_id}/export.json").status_code == 404
    assert rival.get(f"/facilitator/clients/{client_id}/purge").status_code == 404
    token = csrf_token(rival, "/facilitator/")
    assert rival.post(f"/facilitator/clients/{client_id}/purge", data={"csrf_token": token, "confirm": "y"}).status_code == 404
    assert rival.get("/facilitator/clients/99999999999999999999/export.json").status_code == 404


def test_the_cli_lists_exports_and_purges_a_client(app, runner, tmp_path):
    host = facilitator_client(app, name="Ann")
    _, client_id = _workshop(app, host)
    listed = json.loads(runner.invoke(args=["client", "list"]).output)["clients"]
    assert [(c["id"], c["name"], c["facilitator"], c["assessments"]) for c in listed] == [
        (client_id, "Initech", "ann@consult.example", 1)]
    out = tmp_path / "initech.json"
    assert runner.invoke(args=["client", "export", str(client_id), "--out", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["rounds"][0]["organisation"]["name"] == "Initech"
    refused = runner.invoke(args=["client", "purge", str(client_id)])
    assert refused.exit_code == 2 and "--yes" in refused.output
    purged = runner.invoke(args=["client", "purge", str(client_id), "--yes"])
    assert purged.exit_code == 0 and json.loads(purged.output)["purged"] == client_id
    assert json.loads(runner.invoke(args=["client", "list"]).output)["clients"] == []
    assert runner.invoke(args=["client", "export", str(client_id)]).exit_code == 2
    log = json.loads(runner.invoke(args=["audit", "--client", str(client_id)]).output)["entries"]
    assert [(e["actor_kind"], e["action"]) for e in log[:2]] == [("cli", "deleted"), ("cli", "exported")]


def test_the_audit_log_records_views_and_downloads_without_answers(app):
    host = facilitator_client(app, name="Ann")
    wid, client_id = _workshop(app, host)
    host.get(f"/facilitator/workshops/{wid}/results")
    host.get(f"/facilitator/workshops/{wid}/distributions.csv")
    host.get(f"/facilitator/workshops/{wid}/live")  # the live refresh is not logged, the dashboard is
    host.get(f"/facilitator/workshops/{wid}/")
    with app.app_context():
        from app.db import get_db

        log = audit.entries(get_db(), client_id)
    assert [(e["action"], e["detail"]) for e in log[:3]] == [
        ("viewed", "workshops.dashboard"), ("exported", "workshops.distributions"), ("viewed", "workshops.results")]
    assert all(set(e) == set(audit.FIELDS) for e in log)  # who, what, when: no answer column at all
