"""Flaskr-style fixtures: an app on a temporary database, a client, a CLI runner, page helpers."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from app import create_app


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test", "DATABASE": str(tmp_path / "test.db"),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        # The production setting: PDF, charter and share need answers that place the organisation
        # (tests that open them start from `placed`, or call answer_enough).
        "REQUIRE_PLACEMENT": True,
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


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_token(client, url: str) -> str:
    """The CSRF token of the form on a page, as a browser would post it back."""
    page = soup(client.get(url))
    return page.find("input", {"name": "csrf_token"})["value"]


def start_assessment(client, organisation="Acme Cloud", name="Ada Lovelace", role="executive", path="full") -> str:
    """Fill in the start page; return the resume token taken from the redirect."""
    response = client.post("/", data={
        "csrf_token": csrf_token(client, "/"), "organisation": organisation, "name": name, "role": role,
        "path": path,
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    return re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)


@pytest.fixture
def started(client):
    """A fresh self-assessment's token."""
    return start_assessment(client)


def answer_enough(client, token: str, questionnaire, level: int = 2) -> None:
    """Answer every question on the assessment's path at one level, so results place the organisation."""
    from app import store
    from app.db import get_db

    with client.application.app_context():
        respondent = store.respondent_by_token(get_db(), token)
        path = questionnaire.for_path(respondent.path)
        store.save_answers(get_db(), respondent.id, {qid: (level, "") for qid in path.questions})


@pytest.fixture
def placed(client, questionnaire):
    """A self-assessment answered enough to show its stage, charter, PDF and share links."""
    token = start_assessment(client)
    answer_enough(client, token, questionnaire)
    return token
