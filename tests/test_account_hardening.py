"""Accounts, second pass: links from the base URL only, rate-limited mail, slowed guessing that spares the owner,
forwarded headers only from the proxy, any password length up to 1,024 characters."""
from __future__ import annotations

import json
import logging
import re

import pytest
from factories import csrf_token, soup
from werkzeug.security import generate_password_hash

from app import create_app, mail, store
from app.passwords import PASSWORD_MAX, password_problem
from app.web.accounts import lockout, reset

PASSWORD = "an unguessable facilitator passphrase 42"
EMAIL = "ann@consult.example"
EVIL = "http://evil.example"


def make_app(tmp_path, **config):
    return create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "a.db"),
                       "INSTANCE_PATH": str(tmp_path / "instance"), "MAIL_SERVER": "mail.example", **config})


@pytest.fixture
def app(tmp_path):
    """This module's app: a mail server and a base URL, as in production."""
    return make_app(tmp_path, BASE_URL="http://localhost")


@pytest.fixture
def outbox(monkeypatch):
    """Every email the app sends (in the background or not), as (to, text)."""
    sent = []
    monkeypatch.setattr(mail, "send_later", lambda config, to, subject, text: sent.append((to, text)))
    monkeypatch.setattr(mail, "send", lambda config, to, subject, text, html=None: sent.append((to, text)) or True)
    monkeypatch.setattr(reset.time, "sleep", lambda seconds: None)
    return sent


def make_facilitator(app, email=EMAIL, password=PASSWORD):
    db = store.connect(app.config["DATABASE"])
    try:
        return store.create_facilitator(db, email, "Ann", generate_password_hash(password))
    finally:
        db.close()


def post(client, url, base_url="http://localhost", headers=None, **data):
    """A form post with the CSRF token of the page, both sent with the same Host (cookies are per host)."""
    token = soup(client.get(url, base_url=base_url)).find("input", {"name": "csrf_token"})["value"]
    return client.post(url, data={"csrf_token": token, **data}, base_url=base_url, headers=headers or {})


def sign_in(client, email=EMAIL, password=PASSWORD, **kwargs):
    return post(client, "/facilitator/sign-in", email=email, password=password, **kwargs)


def link_in(text: str) -> str:
    return re.search(r"https?://\S+", text).group(0)


# --- links come from the base URL only ----------------------------------------------------------

def test_a_reset_link_uses_the_base_url_whatever_the_host_header(tmp_path, outbox):
    app = make_app(tmp_path, BASE_URL="https://cs.example.com")
    make_facilitator(app)
    post(app.test_client(), "/facilitator/forgot", base_url=EVIL, email=EMAIL)
    assert len(outbox) == 1 and link_in(outbox[0][1]).startswith("https://cs.example.com/facilitator/reset/")


def test_signing_up_with_a_taken_address_mails_only_a_base_url_link(tmp_path, outbox):
    app = make_app(tmp_path, BASE_URL="https://cs.example.com")
    make_facilitator(app)
    password = "correct horse battery staple"
    post(app.test_client(), "/facilitator/sign-up", base_url=EVIL, name="Mallory", email=EMAIL, password=password,
         confirm=password)
    assert [to for to, _ in outbox] == [EMAIL]
    assert link_in(outbox[0][1]).startswith("https://cs.example.com/facilitator/reset/") and "evil" not in outbox[0][1]


def test_without_a_base_url_no_link_is_mailed_and_the_log_says_why(tmp_path, outbox, caplog):
    with caplog.at_level(logging.WARNING):
        app = make_app(tmp_path)
    assert "FLASK_BASE_URL is not set" in caplog.text
    make_facilitator(app)
    client = app.test_client()
    assert "Ask the person who runs this server" in soup(client.get("/facilitator/forgot")).get_text()
    password = "correct horse battery staple"
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        post(client, "/facilitator/sign-up", base_url=EVIL, name="M", email=EMAIL, password=password, confirm=password)
    assert outbox == []
    assert "not emailing a sign-up notice link: FLASK_BASE_URL is not set" in caplog.text


def test_links_shown_on_pages_never_follow_the_host_header(tmp_path):
    app = make_app(tmp_path)  # no base URL: the development server's address, never the request's Host
    client = app.test_client()
    response = post(client, "/", base_url=EVIL, organisation="Acme", name="Ada", department="general_management",
                    level="executive", path="quick")
    page = client.get(response.headers["Location"], base_url=EVIL)
    links = [field["value"] for field in soup(page).select("input[value*='/r/']")]
    assert links and all(link.startswith("http://127.0.0.1:5000/r/") for link in links)


# --- forgot password: rate-limited, same answer and same work ----------------------------------

def test_twenty_reset_requests_send_only_the_hourly_limit(app, outbox):
    make_facilitator(app)
    client = app.test_client()
    statuses = [post(client, "/facilitator/forgot", email=EMAIL).status_code for _ in range(20)]
    assert len(outbox) == lockout.MAILS_PER_EMAIL == statuses.count(200)
    assert statuses.count(429) == 20 - lockout.MAILS_PER_EMAIL
    assert "Too many emails" in soup(post(client, "/facilitator/forgot", email=EMAIL)).get_text()


def test_one_client_cannot_mail_many_addresses(app, outbox):
    for n in range(lockout.MAILS_PER_CLIENT + 5):
        make_facilitator(app, email=f"user{n}@consult.example")
    client = app.test_client()
    for n in range(lockout.MAILS_PER_CLIENT + 5):
        post(client, "/facilitator/forgot", email=f"user{n}@consult.example")
    assert len(outbox) == lockout.MAILS_PER_CLIENT


def test_known_and_unknown_addresses_wait_for_the_same_answer_time(app, monkeypatch, outbox):
    make_facilitator(app)
    waits = []
    monkeypatch.setattr(reset.time, "sleep", waits.append)
    client = app.test_client()
    pages = [soup(post(client, "/facilitator/forgot", email=email)).main.get_text()
             for email in (EMAIL, "nobody@consult.example")]
    assert pages[0] == pages[1]
    # Each answer is held until ANSWER_SECONDS have passed since the request began, and the mail is sent
    # in the background (outbox captured send_later), so neither the work nor SMTP shows in the timing.
    assert len(waits) == 2 and all(0 < w <= reset.ANSWER_SECONDS for w in waits)
    assert [to for to, _ in outbox] == [EMAIL]


# --- slowed guessing spares the owner ------------------------------------------------------------

def backdate(app, seconds: int) -> None:
    """Let `seconds` pass for every recorded attempt."""
    from datetime import datetime, timedelta

    db = store.connect(app.config["DATABASE"])
    try:
        for row_id, at in db.execute("select id, at from sign_in_attempts").fetchall():
            earlier = (datetime.fromisoformat(at) - timedelta(seconds=seconds)).isoformat()
            db.execute("update sign_in_attempts set at = ? where id = ?", [earlier, row_id])
        db.conn.commit()
    finally:
        db.close()


def hammer(app, times: int, address="203.0.113.9", email=EMAIL) -> list[int]:
    attacker = app.test_client()
    return [sign_in(attacker, email=email, password=f"guess {n}", environ_base={"REMOTE_ADDR": address}).status_code
            for n in range(times)]


def sign_in_env(client, address, **kwargs):
    token = csrf_token(client, "/facilitator/sign-in")
    data = {"csrf_token": token, "email": kwargs.get("email", EMAIL), "password": kwargs.get("password", PASSWORD)}
    return client.post("/facilitator/sign-in", data=data, environ_base={"REMOTE_ADDR": address})


def test_wrong_passwords_slow_the_next_attempt_with_growing_delays(app):
    make_facilitator(app)
    statuses = hammer(app, 8)
    assert statuses[:5] == [422] * 5 and statuses[5:] == [429] * 3
    page = soup(sign_in(app.test_client(), password="guess again"))
    assert "Try again in 5 seconds" in page.get_text()
    waits = []
    for _ in range(4):
        backdate(app, 3600)  # long enough for any delay so far: the next attempt goes through and fails
        assert hammer(app, 1) == [422]
        waits.append(int(re.search(r"Try again in (\d+)", soup(sign_in(app.test_client(), password="x" * 12))
                                   .get_text()).group(1)))
    assert waits == sorted(waits) and waits[-1] > waits[0]  # each failure makes the next wait longer


def test_the_owner_signs_in_after_the_delay(app):
    make_facilitator(app)
    hammer(app, 6)
    owner = app.test_client()
    assert sign_in_env(owner, "198.51.100.4").status_code == 429
    backdate(app, 60)
    assert sign_in_env(owner, "198.51.100.4").status_code == 302


def test_a_browser_that_signed_in_before_is_not_slowed_by_an_attacker(app):
    make_facilitator(app)
    owner = app.test_client()
    assert sign_in_env(owner, "198.51.100.4").status_code == 302  # the device cookie is set
    assert owner.get_cookie(lockout.DEVICE_COOKIE, path="/facilitator") is not None
    assert hammer(app, 40)[-1] == 429
    assert sign_in_env(owner, "198.51.100.4").status_code == 302


def test_an_unlock_link_by_mail_lets_the_owner_in_while_the_attacker_hammers(app, outbox):
    make_facilitator(app)
    hammer(app, 10)
    owner = app.test_client()
    page = soup(sign_in_env(owner, "198.51.100.4"))
    form = page.find("form", action="/facilitator/unlock")
    assert form is not None and "Try again in" in page.get_text()
    response = owner.post("/facilitator/unlock", data={"csrf_token": form.find("input", {"name": "csrf_token"})["value"],
                                                       "email": EMAIL})
    assert response.status_code == 200 and [to for to, _ in outbox] == [EMAIL]
    path = link_in(outbox[0][1]).removeprefix("http://localhost")
    button = soup(owner.get(path)).find("form")
    assert owner.post(path, data={"csrf_token": button.find("input")["value"]}).status_code == 302
    hammer(app, 5)
    assert sign_in_env(owner, "198.51.100.4").status_code == 302
    assert app.test_client().get(path).status_code == 410  # single use


def test_a_shared_office_address_does_not_lock_out_everyone_behind_it(app):
    make_facilitator(app)
    make_facilitator(app, email="bo@consult.example")
    colleague = app.test_client()
    assert sign_in_env(colleague, "192.0.2.1", email="bo@consult.example").status_code == 302
    statuses = hammer(app, lockout.ADDRESS_POLICY.free + 3, address="192.0.2.1", email="nobody@consult.example")
    assert statuses[-1] == 429  # the office address is slowed for browsers it does not know
    assert sign_in_env(colleague, "192.0.2.1", email="bo@consult.example").status_code == 302


# --- forwarded headers only from the proxy ------------------------------------------------------

def address_seen(app, remote: str, forwarded: str) -> str:
    @app.get("/_address")
    def _address():
        from flask import request

        return request.remote_addr

    return app.test_client().get("/_address", headers={"X-Forwarded-For": forwarded},
                                 environ_base={"REMOTE_ADDR": remote}).get_data(as_text=True)


def test_forwarded_headers_from_an_address_that_is_not_the_proxy_are_ignored(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1, TRUSTED_PROXY_ADDRESSES="10.0.0.5, 10.1.0.0/16")
    assert address_seen(app, "203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_forwarded_headers_from_the_proxy_are_honoured(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1, TRUSTED_PROXY_ADDRESSES="10.0.0.5, 10.1.0.0/16")
    assert address_seen(app, "10.1.2.3", "198.51.100.1") == "198.51.100.1"


def test_the_proxy_is_the_local_machine_by_default(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    assert address_seen(app, "127.0.0.1", "198.51.100.1") == "198.51.100.1"
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    assert address_seen(app, "192.0.2.8", "198.51.100.1") == "192.0.2.8"


def test_a_bad_proxy_address_stops_the_start_naming_it(tmp_path):
    with pytest.raises(ValueError, match="FLASK_TRUSTED_PROXY_ADDRESSES: 'proxy.example' is not an IP address"):
        make_app(tmp_path, TRUSTED_PROXIES=1, TRUSTED_PROXY_ADDRESSES="proxy.example")


# --- passwords of any length up to 1,024 characters --------------------------------------------

def long_password(length: int) -> str:
    words = "amber quartz lantern meadow tundra cobalt violin harbour pepper glacier orbit saffron ".split()
    text = " ".join(words[(n * 7) % len(words)] + str(n) for n in range(length))
    return text[:length]


@pytest.mark.parametrize("length", [73, 100, 200, PASSWORD_MAX])
def test_long_passwords_sign_up_and_sign_in(app, length):
    client = app.test_client()
    password = long_password(length)
    response = post(client, "/facilitator/sign-up", name="Ann", email=EMAIL, password=password, confirm=password)
    assert response.status_code == 302, soup(response).select_one(".error")
    assert sign_in(app.test_client(), password=password).status_code == 302
    assert sign_in(app.test_client(), password=password[:-1]).status_code == 422


def test_a_password_over_the_limit_is_refused_with_a_message_not_a_500(app):
    client = app.test_client()
    password = long_password(PASSWORD_MAX + 1)
    response = post(client, "/facilitator/sign-up", name="Ann", email=EMAIL, password=password, confirm=password)
    assert response.status_code == 422
    assert "Use at most 1,024 characters" in soup(response).select_one(".error").get_text()
    make_facilitator(app)
    response = sign_in(app.test_client(), password=password)
    assert response.status_code == 422 and "at most 1,024" in soup(response).get_text()


WEAK = ["password1234", "Password123!", "P@ssw0rd2024!", "Welcome123456", "qwerty123456789", "1q2w3e4r5t6y",
        "iloveyou1234", "Summer2024!!", "Winter2025!!", "Spring2025!!", "abc123abc123", "aaaaaaaaaaaaaaaa",
        "123456789012", "abcdefghijkl", "passwordpassword", "Passw0rdPassw0rd", "letmeinletmein", "000000000000",
        "Monkey123456", "zaq12wsxcde3", "1qaz2wsx3edc", "trustno1trustno1", "football2024", "sunshine2024",
        "admin12345678", "changeme1234", "qazwsxedcrfv", "ann@consult.example1", "consult.example2024",
        "Ann12345678910", "password" * 10 + "tail that comes too late to count"]


@pytest.mark.parametrize("weak", WEAK)
def test_weak_passwords_are_refused_with_the_reason(weak):
    problem = password_problem(weak, EMAIL, "Ann")
    assert problem and problem.endswith(".") and len(problem) > 20


# --- the command line ---------------------------------------------------------------------------

@pytest.mark.parametrize("args, phrase", [
    (["not-an-email", "--name", "Ann", "--password", PASSWORD], "is not an email address"),
    ([EMAIL, "--name", "Ann", "--password", "Summer2024!!"], "choose a stronger password"),
    ([EMAIL, "--name", "Ann", "--password", "x" * (PASSWORD_MAX + 1)], "choose a shorter password: Use at most 1,024"),
    ([EMAIL, "--name", " ", "--password", PASSWORD], "give the facilitator's name"),
])
def test_facilitator_create_names_the_problem_without_a_traceback(runner, args, phrase):
    result = runner.invoke(args=["facilitator", "create", *args])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert phrase in result.output and "Traceback" not in result.output


def test_facilitator_create_takes_a_long_password(runner):
    result = runner.invoke(args=["facilitator", "create", EMAIL, "--name", "Ann", "--password", long_password(300)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["email"] == EMAIL
