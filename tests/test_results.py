"""What the results page tells a leadership team: why this stage, what holds it back, what to do."""
from __future__ import annotations

import io
import json

from factories import answer_all, soup, start_assessment
from pypdf import PdfReader


def test_a_short_leg_and_a_failed_gate_are_explained(client, started, questionnaire, app):
    model = app.extensions["model"]

    def value(q):
        if questionnaire.section_of[q.id].leg == "charter":
            return 0
        if q.id == "cc-vision-driving-force":
            return "unknown"
        return 4

    answer_all(client, started, questionnaire, value)
    page = soup(client.get(f"/r/{started}/results"))
    verdict = page.select_one("#verdict").get_text(" ", strip=True)
    stage = page.select_one("#verdict .stage-name").get_text()
    # The strict stool rule (DOMAIN section 6): a leg at the bottom of the scale carries CPR only, whatever
    # the other legs score, and the cap names what holds the company back, never a strength.
    assert stage == "CPR"
    assert ("Stage 5 capability, held at stage 1 by: the charter leg of the stool (score 0) carries no more than "
            "stage 1 (CPR).") in verdict
    assert "held at stage 1 by: leadership has approved" not in verdict.lower()
    holding = page.select_one("#tab-scores").get_text(" ", strip=True)
    assert "Stool rule: The charter leg of the stool is too short to carry a higher stage" in holding
    risk = page.select_one(".stool-risk").get_text()
    assert "the stool is unbalanced" in risk and "are 100 points apart, more than the 25" in risk
    blind = page.select_one("#tab-blind-spots").get_text(" ", strip=True)
    assert questionnaire.questions["cc-vision-driving-force"].text in blind
    metrics = [dt.get_text() for dt in page.select("#tab-metrics dt")]
    assert metrics == [m.name for m in model.focus_metrics(5)]  # a capped company is described by its capability stage
    now = page.select("#tab-roadmap .action-list")[0].select("li")
    assert now and "Owner:" in now[0].get_text()
    assert "Clears: Leadership has approved a written customer-success charter" in page.select_one("#tab-roadmap").get_text()


def test_quick_path_asks_only_the_questions_that_decide_the_stage(client, questionnaire):
    token = start_assessment(client, path="quick")
    quick = questionnaire.for_path("quick")
    page = soup(client.get(f"/r/{token}/"))
    assert f"0 of {len(quick.questions)} questions answered" in page.select_one(".progress-text").get_text()
    first = quick.sections[0]
    assert client.get(f"/r/{token}/s/cc-know-customers").status_code == 404  # not on the quick path
    answer_all(client, token, quick, lambda q: 4)
    results = soup(client.get(f"/r/{token}/results"))
    assert results.select_one(".stage-name").get_text() == "Accelerated growth"
    assert "quick assessment" in results.select_one(".verdict-kicker").get_text()
    assert first.id == "charter"
    # The figures say which questions they count: 29 of 29 is the quick path, not the whole questionnaire.
    n = len(quick.questions)
    assert f"{n} of {n} quick-path questions answered" in results.select_one(".verdict-figures").get_text(" ")
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(f"/r/{token}/report.pdf").data)).pages)
    assert f"{n} of {n} questions answered on the quick path" in " ".join(pdf.split())


def test_an_unknown_path_is_refused_with_a_message(client):
    from factories import csrf_token

    response = client.post("/", data={"csrf_token": csrf_token(client, "/"), "organisation": "A", "name": "B",
                                      "department": "general_management", "level": "executive", "path": "deep"})
    assert response.status_code == 422
    assert "Not a valid choice" in soup(response).select_one(".error").get_text()


def test_method_page_shows_the_rules_from_the_data(client, questionnaire):
    page = soup(client.get("/method"))
    text = page.get_text(" ", strip=True)
    assert f"version {questionnaire.version}" in text
    for gate in questionnaire.rules.gates:
        assert gate.title in text
    thresholds = [r.select("td")[0].get_text() for r in page.select("table")[0].select("tbody tr")]
    assert thresholds == [str(int(s.min_score)) for s in questionnaire.stages]
    assert f"more than {int(questionnaire.rules.imbalance_points)} points apart" in text


def test_score_cli_adds_the_model_keys(runner, tmp_path, questionnaire):
    answers = {qid: 2 for qid in questionnaire.questions}
    answers["buy-in-sponsor"] = "unknown"
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"answers": answers}))
    out = json.loads(runner.invoke(args=["score", str(path)]).output)
    # An unknown sponsor leaves its gate unknown: it lowers confidence, not the stage.
    assert out["stage"] == {"number": 3, "name": "Proactive adoption"}
    assert out["score_stage"]["number"] == 3
    assert set(out["legs"]) == {"charter", "responsibility", "executive_buy_in"}
    assert out["stool"]["balanced"] is True and out["stool"]["weakest"] in out["legs"]
    sponsor = next(g for g in out["gates"] if g["id"] == "executive-sponsor")
    assert sponsor["status"] == "unknown" and sponsor["unknown"] == ["buy-in-sponsor"]
    assert out["holding_back"][0]["type"] == "gate" and out["holding_back"][0]["stage"] == 4
    assert out["blind_spots"] == ["buy-in-sponsor"]
    assert 0 < out["confidence"] < 1
    assert [m["id"] for m in out["focus_metrics"]] and all(m["definition"] for m in out["focus_metrics"])
    phases = {a["phase"] for a in out["roadmap"]}
    assert phases <= {"now", "next", "later"} and "now" in phases
    assert all(a["owner"] and a["measure"] and a["action"] for a in out["roadmap"])
    assert out["roadmap"][0]["question"] == "buy-in-sponsor"  # finding out what a gate hangs on comes first


def test_method_page_explains_the_moves_and_the_strict_caps(client, questionnaire):
    text = " ".join(soup(client.get("/method")).get_text(" ").split())
    assert "A stage is therefore reachable through its own moves" in text
    for reqs in questionnaire.rules.moves.values():
        for req in reqs:
            assert f"{questionnaire.questions[req.question].text} (level {req.min_level})" in text
    assert "only the first stage when every answer of that leg is at the lowest level" in text
    assert "at most 1 below the capability stage" not in text  # the shipped questionnaire softens no cap
    assert "aims at or below today's level" in text
