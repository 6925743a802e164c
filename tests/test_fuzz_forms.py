"""Hypothesis over every route of the app: fuzzed path parameters and form fields never give a 500."""
from __future__ import annotations

import re

import pytest
from factories import csrf_token, start_assessment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app

TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", "0", "-1", "4", "na", "unknown", "quick", "full", "executive", "a4", "letter", "../../etc/passwd",
                     "[" * 3000, "> " * 200, "\x00", "%00", "<script>alert(1)</script>", "9" * 40]),
)
NUMBER = st.one_of(st.integers(min_value=0, max_value=2**70), st.sampled_from([0, 1, 2**63 - 1, 2**63, 2**64]))
FIELDS = ["organisation", "name", "department", "level", "path", "email", "password", "confirm", "code", "body", "value", "rationale",
          "label", "expires", "action", "remove", "reset", "submit", "note", "business_model", "customers", "paper"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "DATABASE": str(folder / "fuzz.db"),
                      "INSTANCE_PATH": str(folder / "instance"), "PDF_TIMEOUT": 20})
    return app


@pytest.fixture(scope="module")
def fuzz_client(fuzz_app):
    client = fuzz_app.test_client()
    client.application.config["FUZZ_TOKEN"] = start_assessment(client)
    return client


def routes(app):
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"), key=lambda r: r.rule)


def fill(rule, draw, token: str) -> str:
    """The rule with each parameter fuzzed (int parameters get huge integers; a token is sometimes the real one)."""
    def value(match):
        converter, name = match.group(1) or "", match.group(2)
        if "int" in converter:
            return str(draw(NUMBER))
        if name == "token" and draw(st.booleans()):
            return token
        raw = draw(st.text(min_size=1, max_size=60).filter(lambda s: "/" not in s or "path" in converter))
        return re.sub(r"[?#]", "x", raw)
    return re.sub(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>", value, rule.rule)


def test_no_get_route_ever_answers_500(fuzz_app, fuzz_client):
    token = fuzz_app.config["FUZZ_TOKEN"]
    rules = [r for r in routes(fuzz_app) if "GET" in r.methods and not r.rule.endswith(".pdf")]

    @SETTINGS
    @given(st.data())
    def run(data):
        rule = data.draw(st.sampled_from(rules))
        url = fill(rule, data.draw, token)
        query = {key: data.draw(TEXT) for key in data.draw(st.lists(st.sampled_from(["next", "paper", "preview", "add"]),
                                                                     max_size=2))}
        response = fuzz_client.get(url, query_string=query)
        assert response.status_code < 500, (url, query, response.status_code)

    run()


def test_no_form_post_ever_answers_500(fuzz_app, fuzz_client):
    token = fuzz_app.config["FUZZ_TOKEN"]
    csrf = csrf_token(fuzz_client, "/")
    rules = [r for r in routes(fuzz_app) if "POST" in r.methods]

    @SETTINGS
    @given(st.data())
    def run(data):
        rule = data.draw(st.sampled_from(rules))
        url = fill(rule, data.draw, token)
        form = {key: data.draw(TEXT) for key in data.draw(st.lists(st.sampled_from(FIELDS), max_size=6, unique=True))}
        form["csrf_token"] = csrf
        response = fuzz_client.post(url, data=form)
        assert response.status_code < 500, (url, form, response.status_code)

    run()
