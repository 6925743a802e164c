"""`flask --app wsgi import FILE` refuses every kind of junk with exit 2 naming the problem, and writes nothing."""
from __future__ import annotations

import copy
import json
import os

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
    assert isinstance(result.exception, SystemExit), result.exception  # a clean exit, not an uncaught error
    assert "Traceback" not in result.output
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
    assert json.loads(result.output)["respondents"][0]["resume_link"].startswith(app.config["BASE_URL"] + "/r/")


@pytest.mark.parametrize("content, phrase", [
    ("{not json", "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    ("[1, 2, 3]", "expected a JSON object"),
    ('"a string"', "expected a JSON object"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("{}", "format: expected 'csmaturity.assessment'"),
    ("[" * 900 + "]" * 900, "nested too deeply"),
    ('{"a": ' * 900 + "1" + "}" * 900, "nested too deeply"),
    ('{"format": ' + "9" * 5000 + "}", "a number of 5,000 characters"),
    ('{"format": 1e999999}', "the number 1e999999 is too large"),
    ('{"format": NaN}', "NaN is not a number JSON allows"),
    ('{"format": "x", "format": "y"}', "the key 'format' appears twice"),
])
def test_files_that_are_not_an_export_are_refused(app, runner, tmp_path, content, phrase):
    refuse(app, runner, tmp_path, content, phrase)


def test_a_symlink_to_a_device_is_refused_without_reading_it(app, runner, tmp_path):
    link = tmp_path / "zero.json"
    os.symlink("/dev/zero", link)
    before = rows(app)
    result = runner.invoke(args=["import", str(link)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "not a regular file" in result.output and rows(app) == before


def test_a_folder_is_refused(app, runner, tmp_path):
    result = runner.invoke(args=["import", str(tmp_path)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)


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
    "unknown format version": (lambda d: d.update({"format_version": 2}), "format_version: version 2 is not one"),
    "not an export": (lambda d: d.update({"format": "something.else"}), "not a CS Maturity export"),
    "unknown top-level key": (lambda d: d.update({"extra": 1}), "'extra' was unexpected"),
    "unknown answer key": (lambda d: next(iter(d["respondents"][0]["answers"].values())).update({"weight": 3}),
                           "'weight' was unexpected"),
    "unknown profile field": (lambda d: d.update({"profile": {"mood": "good"}}), "profile field 'mood': unknown field"),
    "charter section id outside the app": (lambda d: d["charter"]["sections"][0].update({"id": "../../etc/passwd"}),
                                           "unknown charter section '../../etc/passwd'"),
    "charter rung outside the app": (lambda d: d["charter"].update({"kpis": [
        {"metric_id": "nrr", "rung": "../x", "baseline": "", "target": ""}]}), "unknown rung '../x'"),
    "charter department outside the app": (lambda d: d["charter"].update({"responsibilities": {"evil": {}}}),
                                           "unknown department 'evil'"),
    "workshop without a facilitator": (lambda d: d["assessment"].update({"mode": "workshop"}),
                                       "needs a facilitator on this instance"),
}


@pytest.mark.parametrize("change, phrase", JUNK.values(), ids=JUNK.keys())
def test_malformed_exports_are_refused_naming_the_problem(app, runner, tmp_path, document, change, phrase):
    refuse(app, runner, tmp_path, changed(document, change), phrase)


def test_duplicate_keys_deep_in_the_file_are_refused(app, runner, tmp_path, document):
    text = json.dumps(document).replace('"name": "Ada"', '"name": "Ada", "name": "Eve"', 1)
    refuse(app, runner, tmp_path, text, "the key 'name' appears twice")


def test_a_workshop_imports_with_its_facilitator(app, runner, tmp_path, document):
    from werkzeug.security import generate_password_hash

    db = store.connect(app.config["DATABASE"])
    try:
        store.create_facilitator(db, "fay@consult.example", "Fay", generate_password_hash("x"))
    finally:
        db.close()
    path = tmp_path / "workshop.json"
    path.write_text(changed(document, lambda d: d["assessment"].update({"mode": "workshop"})))
    assert runner.invoke(args=["import", str(path), "--facilitator", "nobody@x.example"]).exit_code == 2
    result = runner.invoke(args=["import", str(path), "--facilitator", "fay@consult.example"])
    assert result.exit_code == 0, result.output
    db = store.connect(app.config["DATABASE"])
    try:
        workshop = store.workshop(db, json.loads(result.output)["assessment_id"])
        assert workshop is not None and workshop.facilitator_id == store.facilitator_by_email(db, "fay@consult.example").id
    finally:
        db.close()
