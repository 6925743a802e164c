"""Invitations by email through a real local SMTP server (aiosmtpd): one link each, used once, one reminder."""
from __future__ import annotations

import re

import pytest
from factories import create_workshop, csrf_token, facilitator_client, soup

from app import create_app


@pytest.fixture
def inbox(smtp_sink):
    """A local SMTP server (aiosmtpd) keeping what it receives: (Inbox, port)."""
    return smtp_sink


def _app(tmp_path, **config):
    return create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "t.db"),
                       "INSTANCE_PATH": str(tmp_path / "instance"), "BASE_URL": "http://localhost", **config})


def _facilitator_with_workshop(app) -> tuple:
    client = facilitator_client(app, name="Ann")
    return client, f"/facilitator/workshops/{create_workshop(client)}/"


def _invite(client, base, addresses: str):
    return client.post(base + "invitations", data={"csrf_token": csrf_token(client, base + "manage"),
                                                   "addresses": addresses})


def _link(message: str) -> str:
    return re.search(r"http://localhost(/w/i/\S+)", message).group(1)


def _join(app, path, name):
    phone = app.test_client()
    return phone.post(path, data={"csrf_token": csrf_token(phone, path), "name": name, "department": "sales", "level": "individual"})


def test_each_address_gets_its_own_single_use_link_and_one_reminder(tmp_path, inbox):
    box, port = inbox
    app = _app(tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TLS=False, MAIL_FROM="cs@consult.example")
    client, base = _facilitator_with_workshop(app)
    box.messages.clear()  # sign-up may have written to the account's address
    assert _invite(client, base, "cfo@initech.example\n\n  CRO@initech.example \ncfo@initech.example").status_code == 302
    assert sorted(to[0] for to, _ in box.messages) == ["cfo@initech.example", "cro@initech.example"]
    links = {to[0]: _link(text) for to, text in box.messages}
    assert links["cfo@initech.example"] != links["cro@initech.example"]
    assert all("Initech" in text and "open it again at any time" in text for _, text in box.messages)

    joined = _join(app, links["cfo@initech.example"], "Casey")
    assert joined.status_code == 302
    # Opened again (another tab, another day, another browser), it leads Casey back to her own answers.
    again = app.test_client().get(links["cfo@initech.example"])
    assert again.status_code == 302 and again.headers["Location"] == joined.headers["Location"]

    box.messages.clear()
    remind = base + "invitations/remind"
    client.post(remind, data={"csrf_token": csrf_token(client, base + "manage")})
    assert [to[0] for to, _ in box.messages] == ["cro@initech.example"]  # only who has not joined
    assert "Reminder" in box.messages[0][1]
    fresh = _link(box.messages[0][1])
    assert app.test_client().get(links["cro@initech.example"]).status_code == 404  # the first link is replaced
    client.post(remind, data={"csrf_token": csrf_token(client, base + "manage")})
    assert len(box.messages) == 1  # one reminder, not more
    assert _join(app, fresh, "Robin").status_code == 302


def test_without_a_mail_server_the_links_are_shown_to_copy(tmp_path):
    app = _app(tmp_path)
    client, base = _facilitator_with_workshop(app)
    response = _invite(client, base, "cfo@initech.example")
    page = soup(client.get(response.headers["Location"]))
    shown = [i["value"] for i in page.select(".invite-links input")]
    assert len(shown) == 1 and shown[0].startswith("cfo@initech.example: http://localhost/w/i/")
    assert "could not be emailed" in page.select_one(".flash").get_text()
    assert _join(app, shown[0].split(": ", 1)[1].removeprefix("http://localhost"), "Casey").status_code == 302


def test_a_wrong_address_is_named_and_nothing_is_sent(tmp_path):
    app = _app(tmp_path)
    client, base = _facilitator_with_workshop(app)
    response = _invite(client, base, "cfo@initech.example\nnot an address")
    assert response.status_code == 422
    assert "not an address" in soup(response).select_one("#invitations .error").get_text()
    assert soup(response).select(".invite-links input") == []


def test_the_mail_carries_the_facilitators_name_logo_and_the_one_time_estimate(tmp_path, inbox):
    import email
    import io

    from PIL import Image

    from app.core.estimates import path_minutes

    box, port = inbox
    app = _app(tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TLS=False, MAIL_FROM="cs@consult.example")
    client, base = _facilitator_with_workshop(app)
    logo = io.BytesIO()
    Image.new("RGB", (60, 20), (15, 118, 110)).save(logo, "PNG")
    url = base + "branding"
    client.post(url, content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, url), "prepared_by": "Ann, Northstar Advisory", "accent": "",
        "logo": (io.BytesIO(logo.getvalue()), "logo.png")})
    box.messages.clear()
    _invite(client, base, "cfo@initech.example")
    message = email.message_from_string(box.messages[0][1])
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_payload(decode=True).decode()
    image = next(p for p in message.walk() if p.get_content_type() == "image/png")
    minutes = path_minutes(app.extensions["questionnaires"]["cs-maturity"])["quick"]
    assert f"it takes about {minutes} minutes" in text and "Ann invites you" in text
    assert text.replace("\r\n", "\n").rstrip().endswith("Ann\nAnn, Northstar Advisory")
    assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html and "Ann, Northstar Advisory" in html
    home = soup(client.get("/facilitator/"))
    assert f"about {minutes} minutes" in home.find("label", attrs={"for": "path-quick"}).get_text()
