"""`flask --app wsgi import FILE` refuses every kind of junk with exit 2 naming the problem, and writes nothing."""
from __future__ import annotations

import copy
import json

import pytest

from app import store
from app.core import exchange


@pytest.fixture
def document(app, runner, questionnaire):
    """A real export of a one-respondent assessment with two answers and a charter section."""
    db = store.connect(app.config["DATABASE"])
    try:
        respondent, _ = store.create_self_assessment(
            db, organisation="Acme", questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
            respondent_name="Ada", role="executive")
        first, second = list(questionnaire.questions)[:2]
        store.save_answers(db, respondent.id, {first: (2, "a note"), second: ("unknown", "")})
        store.save_charter_section(db, respondent.assessment_id, "vision", "We **grow**.")
    finally:
        db.close()
    result = runner.invoke(args=["export", str(respondent.assessment_id)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def rows(app) -> dict[str, int]:
    db = store.connect(app.config["DATABASE"])
    try:
        return {table: db[table].count for table in ("organisations", "assessments", "respondents", "answers",
                                                     "charter_sections")}
    finally:
        db.close()


def refuse(app, runner, tmp_path, content: bytes | str, *expected: str):
    """Import `content`; assert exit 2, each expected phrase named, no traceback and no row written."""
    path = tmp_path / "junk.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = rows(app)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    for phrase in expected:
        assert phrase in result.output, result.output
    assert len(result.output) < 20_000  # a huge value is never echoed back whole
    assert rows(app) == before


def changed(document, change) -> str:
    junk = copy.deepcopy(document)
    change(junk)
    return json.dumps(junk)


def test_a_good_export_still_imports(app, runner, tmp_path, document):
    path = tmp_path / "good.json"
    path.write_text(json.dumps(document))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["respondents"][0]["resume_link"].startswith("http://127.0.0.1:5000/r/")


@pytest.mark.parametrize("content, phrase", [
    ("{not json", "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    ("[1, 2, 3]", "expected a JSON object"),
    ('"a string"', "expected a JSON object"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("{}", "'format' is a required property"),
])
def test_files_that_are_not_an_export_are_refused(app, runner, tmp_path, content, phrase):
    refuse(app, runner, tmp_path, content, phrase)


def test_a_file_above_the_size_limit_is_refused_before_reading(app, runner, tmp_path):
    refuse(app, runner, tmp_path, b" " * (exchange.MAX_FILE_BYTES + 1), "larger than 5 MB")


JUNK = {
    "missing respondents": (lambda d: d.pop("respondents"), "'respondents' is a required property"),
    "unknown question id": (lambda d: d["respondents"][0]["answers"].update({"no-such-question": {"value": 2}}),
                            "unknown question id 'no-such-question'"),
    "unknown question id with no value": (lambda d: d["respondents"][0]["answers"].update(
        {"ghost": {"value": None, "note": "x"}}), "unknown question id 'ghost'"),
    "value off the scale": (lambda d: next(iter(d["respondents"][0]["answers"].values())).update({"value": 7}),
                            "off the scale"),
    "boolean value": (lambda d: next(iter(d["respondents"][0]["answers"].values())).update({"value": True}),
                      "respondents.0.answers"),
    "oversized organisation name": (lambda d: d["organisation"].update({"name": "x" * 100_000}), "organisation.name"),
    "oversized note": (lambda d: next(iter(d["respondents"][0]["answers"].values())).update({"note": "x" * 3000}),
                       "note"),
    "oversized charter text": (lambda d: d["charter"]["sections"][0].update({"body": "[" * 20_000}), "charter.sections.0.body"),
    "charter sections not a list": (lambda d: d["charter"].update({"sections": "oops"}), "charter.sections"),
    "too many respondents": (lambda d: d.update({"respondents": d["respondents"] * (exchange.MAX_RESPONDENTS + 1)}),
                             "respondents"),
    "control character in a name": (lambda d: d["organisation"].update({"name": "Acme\x00\x1b"}),
                                    "organisation.name: contains a control character"),
    "unknown questionnaire": (lambda d: d["assessment"].update({"questionnaire_id": "nope"}), "unknown questionnaire"),
}


@pytest.mark.parametrize("change, phrase", JUNK.values(), ids=JUNK.keys())
def test_malformed_exports_are_refused_naming_the_problem(app, runner, tmp_path, document, change, phrase):
    refuse(app, runner, tmp_path, changed(document, change), phrase)
