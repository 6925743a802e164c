"""The public CLI contract: questionnaire validate/dump, score, init-db, demo."""
from __future__ import annotations

import json

import yaml

from app import store
from app.core.questionnaire import QUESTIONNAIRE_DIR


def test_validate_default_folder_passes(runner):
    result = runner.invoke(args=["questionnaire", "validate"])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_validate_a_broken_file_lists_problems_and_exits_1(runner, tmp_path):
    data = yaml.safe_load((QUESTIONNAIRE_DIR / "cs-maturity.yaml").read_text())
    data["sections"][0]["questions"][0]["levels"][9] = "too high"
    data["sections"][0]["surprise"] = True
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data))
    result = runner.invoke(args=["questionnaire", "validate", str(path)])
    assert result.exit_code == 1
    assert "broken.yaml: sections[0]: unknown key" in result.output
    assert "1 problem(s) found." in result.output or "2 problem(s) found." in result.output


def test_dump_prints_the_documented_json_shape(runner, questionnaire):
    result = runner.invoke(args=["questionnaire", "dump"])
    assert result.exit_code == 0
    (dumped,) = [q for q in json.loads(result.output)["questionnaires"] if q["id"] == "cs-maturity"]
    assert dumped["version"] == questionnaire.version and dumped["title"] == questionnaire.title
    blocks = {"customer_centricity", "service_alignment", "stool", "operations", "journey", "strategy", "discipline"}
    for section in dumped["sections"]:
        assert set(section) == {"id", "title", "block", "leg", "questions"}
        assert section["block"] in blocks
        assert (section["leg"] in {"charter", "responsibility", "executive_buy_in"}) == (section["block"] == "stool")
        for question in section["questions"]:
            assert set(question) == {"id", "text", "levels", "sources"}
            assert [lv["value"] for lv in question["levels"]] == [0, 1, 2, 3, 4]
            assert all(lv["label"] for lv in question["levels"]) and question["sources"]


def run_score(runner, tmp_path, payload, *extra):
    path = tmp_path / "answers.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
    return runner.invoke(args=["score", str(path), *extra])


def test_score_prints_stage_overall_and_sections(runner, tmp_path, questionnaire):
    answers = {qid: 4 for qid in questionnaire.questions}
    gated = {r.question for g in questionnaire.rules.gates for r in g.require}
    answers[next(qid for qid in questionnaire.questions if qid not in gated)] = "na"
    result = run_score(runner, tmp_path, {"answers": answers})
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["stage"] == {"number": 5, "name": "Accelerated growth"}
    assert out["overall"] == 100
    assert set(out["sections"]) == {s.id for s in questionnaire.sections}
    assert all(v == 100 for v in out["sections"].values())


def test_score_of_all_zeros_is_cpr(runner, tmp_path, questionnaire):
    result = run_score(runner, tmp_path, {"answers": {qid: 0 for qid in questionnaire.questions}},
                       "--questionnaire", "cs-maturity")
    out = json.loads(result.output)
    assert out["stage"] == {"number": 1, "name": "CPR"} and out["overall"] == 0


def test_score_takes_an_optional_profile_and_prints_the_new_keys(runner, tmp_path, questionnaire):
    answers = {qid: 2 for qid in questionnaire.questions} | {"buy-in-sponsor": 1, "charter-written": "unknown"}
    profile = {"business_model": "self_serve", "customers": 38000, "nrr": 121, "period": "FY2025"}
    result = run_score(runner, tmp_path, {"answers": answers, "profile": profile})
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["capability_stage"]["number"] == 3 and out["stage"]["number"] == 2
    sponsor = next(g for g in questionnaire.rules.gates if g.id == "executive-sponsor")
    assert out["caps"] == [{"kind": "gate", "id": "executive-sponsor", "holds_at": 2, "title": sponsor.title,
                            "reason": sponsor.unmet}]
    gates = {g["id"]: g for g in out["gates"]}
    assert gates["approved-charter"]["status"] == "unknown" and gates["approved-charter"]["passed"] is False
    assert out["provisional"] is False and out["profile"] == {**profile, "nrr": 121.0}
    assert [(o["id"], o["mismatch"]) for o in out["outcomes"]] == [("nrr", True)]
    assert "relationship-nps" not in [m["id"] for m in out["focus_metrics"]]
    assert {"stage", "overall", "sections", "stool", "gates", "holding_back", "roadmap"} <= set(out)  # nothing removed


def test_score_names_a_bad_profile_field_and_exits_2(runner, tmp_path, questionnaire):
    answers = {next(iter(questionnaire.questions)): 2}
    result = run_score(runner, tmp_path, {"answers": answers, "profile": {"nrr": "lots"}})
    assert result.exit_code == 2 and "profile field 'nrr'" in result.output
    result = run_score(runner, tmp_path, {"answers": answers, "profile": ["self_serve"]})
    assert result.exit_code == 2 and "profile" in result.output


def test_score_names_an_unknown_question_and_exits_2(runner, tmp_path):
    result = run_score(runner, tmp_path, {"answers": {"made-up-question": 2}})
    assert result.exit_code == 2
    assert "unknown question id 'made-up-question'" in result.output


def test_score_names_a_value_off_the_scale_and_exits_2(runner, tmp_path, questionnaire):
    qid = next(iter(questionnaire.questions))
    result = run_score(runner, tmp_path, {"answers": {qid: 9}})
    assert result.exit_code == 2
    assert f"answer 9 for question '{qid}' is off the scale" in result.output


def test_score_rejects_bad_json_and_bad_shapes(runner, tmp_path):
    assert "not valid JSON" in run_score(runner, tmp_path, "{nope").output
    assert run_score(runner, tmp_path, {"answer": {}}).exit_code == 2
    result = run_score(runner, tmp_path, {"answers": {}}, "--questionnaire", "nope")
    assert result.exit_code == 2 and "unknown questionnaire 'nope'" in result.output


def test_init_db_is_idempotent(runner, app):
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["init-db"]).exit_code == 0
    db = store.connect(app.config["DATABASE"])
    assert {"organisations", "assessments", "respondents", "answers"} <= set(db.table_names())
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_demo_loads_a_scored_assessment_and_prints_its_link(runner, app, client, questionnaire):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    link = next(line for line in result.output.splitlines() if line.startswith("Open its results: ")).split(": ", 1)[1]
    assert link.startswith("http://127.0.0.1:5000/r/") and link.endswith("/results")
    path = link.removeprefix("http://127.0.0.1:5000")
    page = client.get(path).get_data(as_text=True)
    assert "Northwind Analytics (demo)" in page and "Stage " in page
    # Loading again replaces the demo rather than piling up copies.
    runner.invoke(args=["demo"])
    db = store.connect(app.config["DATABASE"])
    assert len(store.organisation_ids_named(db, "Northwind Analytics (demo)")) == 1
    assert client.get(path).status_code == 404


def test_start_page_offers_the_demo_once_it_is_loaded(runner, client):
    from factories import soup

    assert soup(client.get("/")).find("a", string="Look at the results of a demo company") is None
    runner.invoke(args=["demo"])
    link = soup(client.get("/")).find("a", string="Look at the results of a demo company")
    assert "Northwind Analytics (demo)" in client.get(link["href"]).get_data(as_text=True)


def test_facilitator_create_refuses_a_weak_password_with_advice(runner):
    weak = runner.invoke(args=["facilitator", "create", "ann@consult.example", "--name", "Ann", "--password", "password1234"])
    assert weak.exit_code == 2 and "stronger password" in weak.output
    strong = runner.invoke(args=["facilitator", "create", "ann@consult.example", "--name", "Ann",
                                 "--password", "vinyl orbit candle marsh 61"])
    assert strong.exit_code == 0, strong.output
