"""Flaskr-style fixtures: an app on a temporary database, a client, a CLI runner, a live server and a browser.

Helpers that build things (assessments, answers, charter posts) are in factories.py.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading

import pytest
from factories import answer_enough, start_assessment
from werkzeug.serving import make_server

from app import create_app


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test", "DATABASE": str(tmp_path / "test.db"),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        # The production setting: PDF, charter and share need answers that place the organisation
        # (tests that open them start from `placed`, or call answer_enough).
        "REQUIRE_PLACEMENT": True,
        # As production sets FLASK_BASE_URL: links (shown and mailed) start with it, never with a Host header.
        "BASE_URL": "http://localhost",
    })
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def questionnaire(app):
    return app.extensions["questionnaires"]["cs-maturity"]


@pytest.fixture
def started(client):
    """A fresh self-assessment's token."""
    return start_assessment(client)


@pytest.fixture
def placed(client, questionnaire):
    """A self-assessment answered enough to show its stage, charter, PDF and share links."""
    token = start_assessment(client)
    answer_enough(client, token, questionnaire)
    return token


@pytest.fixture
def smtp_sink():
    """A real SMTP server on a free loopback port that keeps what it receives: (Inbox, port)."""
    import socket

    from aiosmtpd.controller import Controller
    from factories import Inbox

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


# --- browser tests ---------------------------------------------------------------------------------
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The real app served on a free loopback port from a thread."""
    folder = tmp_path_factory.mktemp("live")
    with socket.socket() as probe:  # a free port first: links are built from the base URL, as in production
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The production setting: the charter, PDF and share links need answers that place the organisation.
    # PDFs render inside the request here (no consumer runs beside this server); the waiting page has its own test.
    app = create_app({"SECRET_KEY": "browser-test", "DATABASE": str(folder / "live.db"), "INSTANCE_PATH": str(folder),
                      "REQUIRE_PLACEMENT": True, "RENDER_QUEUE": "immediate", "BASE_URL": f"http://127.0.0.1:{port}"})
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run scripts/test, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
