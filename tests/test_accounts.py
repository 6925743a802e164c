"""Facilitator accounts as a bank would run them: safe redirects, revocable sessions, atomic lock-outs, no enumeration."""
from __future__ import annotations

import json
import re
import threading

import pytest
from factories import csrf_token, soup
from werkzeug.security import generate_password_hash

from app import create_app, mail, store
from app.store import accounts as account_store
from app.web.accounts import lockout, passwords

PASSWORD = "an unguessable facilitator passphrase 42"
EMAIL = "ann@consult.example"


def make_facilitator(app, email=EMAIL):
    db = store.connect(app.config["DATABASE"])
    try:
        return store.create_facilitator(db, email, "Ann", generate_password_hash(PASSWORD))
    finally:
        db.close()


def sign_in(client, email=EMAIL, password=PASSWORD, next_url=None, headers=None):
    url = "/facilitator/sign-in" + (f"?next={next_url}" if next_url else "")
    token = csrf_token(client, "/facilitator/sign-in")
    return client.post(url, data={"csrf_token": token, "email": email, "password": password}, headers=headers or {})


@pytest.mark.parametrize("target", ["/%09/evil.example/", "\\evil.example", "/\\evil.example", "https://evil.example",
                                    "//evil.example/x", "/%0a/evil.example", "javascript:alert(1)", "/no/such/page"])
def test_sign_in_redirects_only_to_paths_of_this_app(app, client, target):
    make_facilitator(app)
    response = sign_in(client, next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/facilitator/"


def test_sign_in_keeps_a_next_path_of_this_app(app, client):
    make_facilitator(app)
    assert sign_in(client, next_url="/facilitator/workshops/7/").headers["Location"] == "/facilitator/workshops/7/"


def sign_out(client):
    page = soup(client.get("/facilitator/"))
    token = page.find("form", action="/facilitator/sign-out").find("input")["value"]
    return client.post("/facilitator/sign-out", data={"csrf_token": token})


def test_a_copied_session_cookie_stops_working_after_sign_out(app, client):
    make_facilitator(app)
    sign_in(client)
    copied = client.get_cookie("session").value
    sign_out(client)
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/facilitator/").status_code == 302


def test_a_password_reset_ends_every_session_and_works_once(app, client, runner):
    make_facilitator(app)
    sign_in(client)
    result = runner.invoke(args=["facilitator", "reset-link", EMAIL])
    assert result.exit_code == 0, result.output
    link = json.loads(result.output)["reset_link"]
    path = re.sub(r"^https?://[^/]+", "", link)
    visitor = app.test_client()
    new = "a brand new and long passphrase 77"
    response = visitor.post(path, data={"csrf_token": csrf_token(visitor, path), "password": new, "confirm": new})
    assert response.status_code == 302
    assert client.get("/facilitator/").status_code == 302  # the old session is over
    assert sign_in(visitor, password=new).status_code == 302
    assert app.test_client().get(path).status_code == 410  # single use


def test_reset_link_for_an_unknown_email_exits_2(runner):
    result = runner.invoke(args=["facilitator", "reset-link", "nobody@x.example"])
    assert result.exit_code == 2 and "no facilitator" in result.output


def test_forgot_password_without_smtp_says_to_ask_the_operator(client):
    page = soup(client.get("/facilitator/forgot"))
    assert "Ask the person who runs this server" in page.get_text()


def test_forgot_password_with_smtp_emails_a_link_and_says_the_same_for_unknown_emails(app, client, monkeypatch):
    make_facilitator(app)
    app.config["MAIL_SERVER"] = "mail.example"
    sent = []
    monkeypatch.setattr(mail, "send_later", lambda config, to, subject, text: sent.append((to, text)))
    answers = []
    for email in (EMAIL, "nobody@x.example"):
        token = csrf_token(client, "/facilitator/forgot")
        answers.append(soup(client.post("/facilitator/forgot", data={"csrf_token": token, "email": email})).main.get_text())
    assert answers[0] == answers[1]
    assert [to for to, _ in sent] == [EMAIL]
    assert "http://localhost/facilitator/reset/" in sent[0][1]


def test_mail_send_without_a_server_returns_false():
    assert mail.send({}, "a@b.example", "Subject", "Text") is False


def test_sign_up_answers_the_same_for_a_new_and_a_taken_email(app):
    make_facilitator(app)
    answers = []
    for email in (EMAIL, "new@consult.example"):
        client = app.test_client()
        data = {"csrf_token": csrf_token(client, "/facilitator/sign-up"), "name": "Someone", "email": email,
                "password": "correct horse battery staple", "confirm": "correct horse battery staple"}
        response = client.post("/facilitator/sign-up", data=data, follow_redirects=True)
        answers.append((response.status_code, soup(response).main.get_text()))
    assert answers[0] == answers[1]


def test_signing_in_with_an_unknown_email_spends_a_password_hash(app, client, monkeypatch):
    checked = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    assert sign_in(client, email="nobody@x.example").status_code == 422
    assert len(checked) == 1 and checked[0].startswith("scrypt:")


@pytest.mark.parametrize("weak", ["password1234", "qwertyuiop123", "ann@consult.example1"])
def test_weak_and_common_passwords_are_refused_with_advice(client, weak):
    data = {"csrf_token": csrf_token(client, "/facilitator/sign-up"), "name": "Ann", "email": EMAIL,
            "password": weak, "confirm": weak}
    response = client.post("/facilitator/sign-up", data=data)
    assert response.status_code == 422
    message = soup(response).select_one(".error").get_text()
    assert message.endswith(".") and len(message) > 20


def test_concurrent_attempts_never_exceed_the_limit(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "race.db"),
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    barrier, granted = threading.Barrier(12), []

    def attempt():
        db = store.connect(app.config["DATABASE"])
        try:
            barrier.wait()
            granted.append(account_store.reserve_attempt(db, {"email:x": 5}, passwords_window()))
        finally:
            db.close()

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(1 for g in granted if g is not None) == 5


def passwords_window():
    from app.web.accounts.views import WINDOW

    return WINDOW


def test_behind_a_trusted_proxy_the_lock_out_is_per_client_not_per_proxy(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "p.db"),
                      "INSTANCE_PATH": str(tmp_path / "instance"), "TRUSTED_PROXIES": 1})
    make_facilitator(app)
    attacker, user = app.test_client(), app.test_client()
    for number in range(lockout.ADDRESS_POLICY.free):
        sign_in(attacker, email=f"guess{number}@x.example", headers={"X-Forwarded-For": "203.0.113.9"})
    assert sign_in(attacker, headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 429
    assert sign_in(user, headers={"X-Forwarded-For": "198.51.100.4"}).status_code == 302


def test_without_trusted_proxies_a_forwarded_for_header_is_ignored(app):
    make_facilitator(app)
    attacker = app.test_client()
    for number in range(lockout.ADDRESS_POLICY.free):
        sign_in(attacker, email=f"guess{number}@x.example", headers={"X-Forwarded-For": f"203.0.113.{number}"})
    assert sign_in(app.test_client(), headers={"X-Forwarded-For": "198.51.100.4"}).status_code == 429
