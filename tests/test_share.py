"""Share links: valid, expired, revoked, tampered, and owned by one assessment only."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from factories import answer_enough, csrf_token, soup, start_assessment

from app import store


@pytest.fixture
def started(placed):
    """Share links need answers that place the organisation first."""
    return placed


def create_link(client, token, expires=None, label="Board"):
    url = f"/r/{token}/share"
    expires = expires or (date.today() + timedelta(days=30)).isoformat()
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "label": label, "expires": expires})
    return response


def new_link(client, token, **kwargs) -> str:
    response = create_link(client, token, **kwargs)
    assert response.status_code == 302
    page = soup(client.get(f"/r/{token}/share"))
    link = page.find("input", id="new-link")["value"]
    assert re.match(r"http://localhost/s/[A-Za-z0-9_-]{43}/$", link)
    return link.removeprefix("http://localhost")


def test_a_valid_link_shows_the_report_read_only(app, client, started):
    path = new_link(client, started)
    visitor = app.test_client()
    page = soup(visitor.get(path))
    assert page.select_one(".report-org").get_text() == "Acme Cloud"
    assert not page.find("input", id="resume-link")  # the private link never leaks through a share link
    assert started not in str(page)
    pdf = visitor.get(path + "report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_the_link_is_shown_once_and_listed(client, started):
    new_link(client, started)
    page = soup(client.get(f"/r/{started}/share"))
    assert page.find("input", id="new-link") is None
    rows = page.select(".links-table tbody tr")
    assert len(rows) == 1 and rows[0].th.get_text() == "Board" and "Active" in rows[0].get_text()


def test_an_expired_link_says_so_and_shows_nothing_else(app, client, started):
    path = new_link(client, started)
    with app.app_context():
        from app.db import get_db

        get_db().execute("update share_links set expires_at = ?", [(date.today() - timedelta(days=1)).isoformat()])
        get_db().conn.commit()
    response = app.test_client().get(path)
    assert response.status_code == 410
    page = soup(response)
    assert page.find("h1").get_text() == "This link no longer works"
    assert "expired" in page.select_one(".lead").get_text()
    assert "Acme Cloud" not in response.get_data(as_text=True)
    assert app.test_client().get(path + "report.pdf").status_code == 410


def test_a_revoked_link_says_so(app, client, started):
    path = new_link(client, started)
    page = soup(client.get(f"/r/{started}/share"))
    form = page.select_one(".links-table form")
    response = client.post(form["action"], data={"csrf_token": form.find("input", {"name": "csrf_token"})["value"]})
    assert response.status_code == 302
    visitor = app.test_client().get(path)
    assert visitor.status_code == 410 and "revoked" in soup(visitor).select_one(".lead").get_text()
    assert "Revoked" in soup(client.get(f"/r/{started}/share")).select_one(".links-table").get_text()


def test_a_tampered_link_is_not_found(app, client, started):
    path = new_link(client, started)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert app.test_client().get(tampered).status_code == 404
    assert app.test_client().get("/s/short/").status_code == 404


def test_another_assessment_cannot_revoke_or_list_my_links(app, client, started):
    new_link(client, started)
    other_client = app.test_client()
    other = start_assessment(other_client, organisation="Rival Ltd")
    answer_enough(other_client, other, app.extensions["questionnaires"]["cs-maturity"])
    with app.app_context():
        from app.db import get_db

        link_id = get_db().execute("select id from share_links").fetchone()[0]
    url = f"/r/{other}/share/{link_id}/revoke"
    response = other_client.post(url, data={"csrf_token": csrf_token(other_client, f"/r/{other}/share")})
    assert response.status_code == 404
    assert "Board" not in other_client.get(f"/r/{other}/share").get_data(as_text=True)
    with app.app_context():
        from app.db import get_db

        assert store.share_links(get_db(), 1)[0].revoked_at is None


def test_bad_dates_and_labels_get_clear_messages(client, started):
    past = create_link(client, started, expires=(date.today() - timedelta(days=1)).isoformat())
    assert past.status_code == 422 and "Choose a date from today on" in soup(past).select_one(".error").get_text()
    far = create_link(client, started, expires=(date.today() + timedelta(days=800)).isoformat())
    assert "within a year" in soup(far).select_one(".error").get_text()
    garbage = create_link(client, started, expires="next tuesday")
    assert garbage.status_code == 422
    long_label = create_link(client, started, label="x" * 81)
    assert "Keep the label under 80 characters." in soup(long_label).get_text()
