"""Export -> import -> export round-trips; the report CLI; charter edits and hostile input in the PDF."""
from __future__ import annotations

import io
import json

import pytest
from factories import PAYLOADS, answer_all, start_assessment, submit
from pypdf import PdfReader

from app import create_app


@pytest.fixture
def filled(app, client, questionnaire):
    """An assessment with answers, a note, an edited charter section and hostile text in another."""
    token = start_assessment(client, organisation="Globex Software")
    answer_all(client, token, questionnaire, lambda q: "unknown" if q.id == "sa-tiering" else 2)
    assert submit(client, token, "vision", body="Our vision: **every customer grows with us.**").status_code == 302
    assert submit(client, token, "principles", body="\n\n".join(PAYLOADS)).status_code == 302
    return token


def export(runner, assessment_id=1) -> dict:
    result = runner.invoke(args=["export", str(assessment_id)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_export_import_export_gives_the_same_document(app, runner, filled, tmp_path):
    first = export(runner)
    assert first["organisation"]["name"] == "Globex Software"
    assert first["respondents"][0]["answers"]["sa-tiering"]["value"] == "unknown"
    assert any(s["id"] == "vision" for s in first["charter"]["sections"])
    path = tmp_path / "globex.json"
    path.write_text(json.dumps(first))

    other = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / "other.db"),
                        "INSTANCE_PATH": str(tmp_path / "other")})
    result = other.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    imported = json.loads(result.output)
    assert imported["assessment_id"] == 1
    link = imported["respondents"][0]["resume_link"]
    assert other.test_client().get(link.removeprefix("http://127.0.0.1:5000")).status_code == 200
    assert export(other.test_cli_runner(), imported["assessment_id"]) == first


def test_import_names_what_is_wrong(runner, tmp_path, filled):
    document = export(runner)
    document["respondents"][0]["answers"]["charter-written"]["value"] = 9
    document["assessment"]["path"] = "scenic"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 2
    assert "assessment.path: 'scenic' is not one of ['quick', 'full']" in result.output
    document["assessment"]["path"] = "full"
    path.write_text(json.dumps(document))
    result = runner.invoke(args=["import", str(path)])
    assert "respondents[0].answers: answer 9 for question 'charter-written' is off the scale" in result.output
    path.write_text("{")
    assert "not valid JSON" in runner.invoke(args=["import", str(path)]).output


def test_export_of_an_unknown_id_exits_2(runner):
    result = runner.invoke(args=["export", "42"])
    assert result.exit_code == 2 and "no assessment with id 42" in result.output


def test_assessments_lists_ids(runner, filled):
    listed = json.loads(runner.invoke(args=["assessments"]).output)["assessments"]
    assert listed == [{**listed[0], "id": 1, "organisation": "Globex Software", "respondents": 1}]


def test_report_command_writes_the_pdf_with_the_charter_edits_and_nothing_hostile(runner, filled, tmp_path):
    out = tmp_path / "globex.pdf"
    result = runner.invoke(args=["report", "1", "--out", str(out), "--paper", "letter"])
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages[2:])  # after the cover and the contents
    assert "Globex Software" in text
    assert "every customer grows with us." in text  # the team's own words reach the PDF
    positions = [text.find(h) for h in ("Customer-success charter", "Roadmap: what to do next, in order",
                                        "Appendix: every answer", "Method: how the result is computed")]
    assert -1 not in positions and positions == sorted(positions)
    assert "root:x:0:0" not in text and "/bin/bash" not in text  # no line of /etc/passwd
    assert "alert(" not in text and "onerror" not in text
    assert round(float(reader.pages[0].mediabox.width)) == 612


def test_the_profile_travels_with_the_export_and_a_bad_one_is_refused(client, runner, tmp_path):
    token = start_assessment(client, organisation="Profiled Co")
    page = f"/r/{token}/profile"
    from factories import csrf_token

    client.post(page, data={"csrf_token": csrf_token(client, page), "business_model": "high_touch", "nrr": "118",
                            "period": "FY2025"})
    first = export(runner)
    assert first["profile"] == {"business_model": "high_touch", "nrr": 118.0, "period": "FY2025"}
    path = tmp_path / "profiled.json"
    path.write_text(json.dumps(first))
    created = json.loads(runner.invoke(args=["import", str(path)]).output)["assessment_id"]
    assert export(runner, created)["profile"] == first["profile"]
    path.write_text(json.dumps({**first, "profile": {"nrr": 900}}))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 2 and "profile.nrr" in result.output
