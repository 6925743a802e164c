"""A hard crash loses nothing a participant was told was saved.

A real gunicorn (one sync worker) serves a workshop on a temporary database; participants join and
save sections over HTTP; the whole process group is SIGKILLed while a third participant is in the
middle of a save; a new gunicorn on the same database must still have every answer whose save
came back as a redirect, keep every private link working, and accept new saves.
"""
from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import random
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from app.core.questionnaire import load_all
from app.store.core import token_hash

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "gunicorn").exists() else Path(sys.executable).parent
HOST = "127.0.0.1"
sys.path.insert(0, str(ROOT / "scripts"))
from load_workshop import Deadline, free_port  # noqa: E402  (one copy of the gunicorn helpers)
from load_workshop import Server as Gunicorn  # noqa: E402

FACILITATOR = "kill-test@example.com"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """One participant's browser: its own cookies, no proxy, redirects handed back unfollowed."""

    def __init__(self, port: int):
        self.base = f"http://{HOST}:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())

    def request(self, path: str, form: dict | None = None) -> tuple[int, str | None, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=10) as resp:
                status, headers, body = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as exc:
            status, headers, body = exc.code, exc.headers, exc.read()
            exc.close()
        location = headers.get("Location")
        return status, urllib.parse.urlsplit(location).path if location else None, body.decode("utf-8", "replace")


class _Inputs(HTMLParser):
    """Every <input> of a page, as attribute dicts."""

    def __init__(self):
        super().__init__()
        self.inputs: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def _inputs(body: str) -> list[dict]:
    parser = _Inputs()
    parser.feed(body)
    return parser.inputs


def _csrf(body: str) -> str:
    found = [i["value"] for i in _inputs(body) if i.get("name") == "csrf_token"]
    assert found, "no csrf_token on the page"
    return found[0]


def _checked(body: str, qid: str) -> list[str]:
    return [i.get("value") for i in _inputs(body) if i.get("type") == "radio" and i.get("name") == qid and "checked" in i]


class Server(Gunicorn):
    """gunicorn with one sync worker, in its own process group; its log spans both lives."""

    def __init__(self, env: dict, port: int, log: Path):
        super().__init__("gunicorn", "wsgi:app", env, workers=1, threads=1, log=log, port=port)

    def kill(self) -> None:
        """SIGKILL the master and its workers at once, as a power cut of the service would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        try:
            self.proc.wait(timeout=10)
        finally:
            self.handle.close()


def _flask(env: dict, *args: str) -> str:
    result = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _join(browser: Browser, code: str, name: str) -> str:
    status, _, body = browser.request(f"/w/{code}")
    assert status == 200, body[:500]
    status, location, body = browser.request(f"/w/{code}", {
        "csrf_token": _csrf(body), "name": name, "department": "general_management", "level": "executive",
        "join": "Join"})
    assert status == 302, body[:500]
    match = re.fullmatch(r"/r/([^/]+)/", location or "")
    assert match, location
    return match.group(1)


def _answers(rng: random.Random, section) -> dict[str, str]:
    return {q.id: rng.choice([str(v) for v in q.values] + ["na", "unknown"]) for q in section.questions}


def _save_form(browser: Browser, token: str, section, answers: dict[str, str]) -> tuple[str, dict]:
    """The section page's form, filled in: (path, form data)."""
    path = f"/r/{token}/s/{section.id}"
    status, _, body = browser.request(path)
    assert status == 200, body[:500]
    versions = {i["name"]: i.get("value", "") for i in _inputs(body)  # what the page loaded, as a browser sends it
                if i.get("name", "").endswith(("__version", "__shown"))}
    return path, {"csrf_token": _csrf(body), "save": "Save", **versions, **answers,
                  **{f"{qid}__note": f"note for {qid}" for qid in list(answers)[:1]}}


def _save(browser: Browser, token: str, section, answers: dict[str, str]) -> int:
    path, form = _save_form(browser, token, section, answers)
    status, _, _ = browser.request(path, form)
    return status


def _stored(db_path: Path, token: str) -> dict[str, str]:
    conn = sqlite3.connect(db_path)
    try:
        return dict(conn.execute(
            "select a.question_id, a.value from answers a join respondents r on r.id = a.respondent_id "
            "where r.token_hash = ?", [token_hash(token)]).fetchall())
    finally:
        conn.close()


def test_answers_acknowledged_before_a_sigkill_survive_a_restart(tmp_path):
    db_path = tmp_path / "workshop.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.update({"FLASK_DATABASE": str(db_path), "CSM_INSTANCE_PATH": str(tmp_path / "instance"),
                "FLASK_SECRET_KEY": secrets.token_hex(32), "CSM_FACILITATOR_PASSWORD": secrets.token_urlsafe(18)})
    port = free_port()
    _flask(env, "init-db")
    _flask(env, "facilitator", "create", FACILITATOR, "--name", "Kill Test")
    workshop = json.loads(_flask(env, "workshop", "create", "--facilitator", FACILITATOR, "--organisation",
                                 "Crash Test Ltd", "--path", "full", "--base-url", f"http://{HOST}:{port}"))
    sections = load_all()["cs-maturity"].for_path("full").sections
    rng = random.Random(7)
    acknowledged: dict[str, dict[str, str]] = {}  # token -> {question id: value} of saves answered with a 302
    log = tmp_path / "gunicorn.log"
    servers: list[Server] = []
    try:
        server = Server(env, port, log)
        servers.append(server)
        server.wait_ready("/", Deadline(20))
        browsers = {name: Browser(port) for name in ("Ada", "Grace", "Katherine")}
        tokens = {name: _join(browser, workshop["join_code"], name) for name, browser in browsers.items()}

        for name in ("Ada", "Grace"):
            for section in sections[:2]:
                answers = _answers(rng, section)
                assert _save(browsers[name], tokens[name], section, answers) == 302
                acknowledged.setdefault(tokens[name], {}).update(answers)

        # Katherine goes on through the sections, one save after another, and the server is killed
        # under her: somewhere in a page, a save or its transaction, wherever it happens to be.
        katherine, k_token = browsers["Katherine"], tokens["Katherine"]
        acknowledged[k_token] = {}
        progress: dict = {"saves": 0, "pending": None, "outcome": None, "save_seconds": []}
        k_rng = random.Random(11)

        def keep_saving():
            try:
                for section in sections:
                    answers = _answers(k_rng, section)
                    path, form = _save_form(katherine, k_token, section, answers)
                    progress["pending"] = answers
                    posted = time.monotonic()
                    status = katherine.request(path, form)[0]
                    progress["save_seconds"].append(time.monotonic() - posted)
                    if status != 302:
                        progress["outcome"] = f"HTTP {status}"
                        return
                    acknowledged[k_token].update(answers)
                    progress["pending"] = None
                    progress["saves"] += 1
            except Exception as exc:  # noqa: BLE001 - the connection died with the server
                progress["outcome"] = repr(exc)

        participant = threading.Thread(target=keep_saving, daemon=True)
        participant.start()
        stop = time.monotonic() + 10
        # Wait for her fourth save to be on its way, then kill at some point of its round trip: before
        # the server reads it, inside its transaction, or after the commit but before the redirect.
        while not (progress["saves"] >= 3 and progress["pending"]) and participant.is_alive() and time.monotonic() < stop:
            time.sleep(0.0005)
        assert progress["saves"] >= 3 and progress["pending"], progress
        time.sleep(random.uniform(0, 1.5 * sorted(progress["save_seconds"])[len(progress["save_seconds"]) // 2]))
        server.kill()
        assert server.proc.poll() is not None
        participant.join(timeout=15)
        assert not participant.is_alive()
        in_flight = progress["pending"] or {}

        server = Server(env, port, log)  # same database, same port, same secret key
        servers.append(server)
        server.wait_ready("/", Deadline(20))

        conn = sqlite3.connect(db_path)
        try:
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
            names = conn.execute("select name from respondents where assessment_id = ? order by id",
                                 [workshop["assessment_id"]]).fetchall()
        finally:
            conn.close()
        assert [n for (n,) in names] == ["Ada", "Grace", "Katherine"]
        for name, token in tokens.items():
            stored = _stored(db_path, token)
            for qid, value in acknowledged[token].items():
                assert stored.get(qid) == value, f"{name}: {qid} was acknowledged as {value}, stored {stored.get(qid)}"
        # A save cut short is all or nothing: one transaction.
        k_stored = _stored(db_path, tokens["Katherine"])
        in_flight_stored = {qid: k_stored.get(qid) for qid in in_flight}
        assert in_flight_stored in ({qid: None for qid in in_flight}, in_flight), (progress, in_flight_stored)

        for name, token in tokens.items():
            # The private link alone (a fresh browser) shows the saved answers.
            status, _, body = Browser(port).request(f"/r/{token}/s/{sections[0].id}")
            assert status == 200, f"{name}: HTTP {status}"
            for qid in (q.id for q in sections[0].questions):
                assert _checked(body, qid) == [acknowledged[token][qid]], f"{name}: {qid}"

        # Everyone keeps going: Ada from a new browser, the others with the cookies they had before the crash.
        continuing = {"Ada": Browser(port), "Grace": browsers["Grace"], "Katherine": katherine}
        next_section = {"Ada": sections[2], "Grace": sections[2], "Katherine": sections[progress["saves"]]}
        for name, browser in continuing.items():
            section = next_section[name]
            answers = _answers(rng, section)
            assert _save(browser, tokens[name], section, answers) == 302, name
            stored = _stored(db_path, tokens[name])
            assert {qid: stored.get(qid) for qid in answers} == answers, name
    finally:
        for running in servers:
            if running.proc.poll() is None:
                running.kill()
