"""Targets per block and stool leg: the next level at least half a level up by default, editable, in `score`, the results, the radar,
the PDF, the charter's objectives and the export."""
from __future__ import annotations

import io
import json

import pytest
from factories import (
    answer_enough,
    assessment_id_of,
    create_workshop,
    csrf_token,
    facilitator_client,
    fields_of,
    soup,
    start_assessment,
)
from pypdf import PdfReader

from app import access, store
from app.core.targets import TargetError, build_targets, default_target, gap_order, level_of, parse_targets


@pytest.mark.parametrize(("score", "today", "target"), [
    (0, 0.0, 1), (37.5, 1.5, 2), (40, 1.6, 3), (47.5, 1.9, 3), (50, 2.0, 3), (49.99, 1.9, 3), (87.5, 3.5, 4),
    (92.5, 3.7, 4), (100, 4.0, 4), (None, None, None)])
def test_the_default_target_is_the_next_whole_level_at_least_half_a_level_up_never_rounded_up(score, today, target):
    assert level_of(score) == today
    assert default_target(level_of(score)) == target


def test_a_chosen_target_wins_and_the_gap_is_never_negative():
    targets = build_targets({"operations": 25.0, "journey": 75.0}, {"charter": 40.0},
                            {"blocks": {"operations": 3, "journey": 2}, "legs": {}})
    by_key = targets.by_key()
    assert (by_key["block:operations"].today, by_key["block:operations"].target, by_key["block:operations"].gap) == (1.0, 3, 2.0)
    assert by_key["block:operations"].chosen and not by_key["leg:charter"].chosen
    assert by_key["block:journey"].gap == 0.0  # today 3.0 is past the chosen 2: reached
    assert (by_key["leg:charter"].today, by_key["leg:charter"].target, by_key["leg:charter"].gap) == (1.6, 3, 1.4)
    assert by_key["leg:responsibility"].today is None and by_key["leg:responsibility"].gap is None


def test_gap_order_takes_the_short_leg_first_then_the_largest_gaps():
    targets = build_targets({"stool": 30.0, "operations": 10.0, "strategy": 60.0},
                            {"charter": 30.0, "responsibility": 20.0, "executive_buy_in": 55.0},
                            {"blocks": {"operations": 4}, "legs": {}})
    order = [t.key for t in gap_order(targets)]
    assert order[0] == "leg:responsibility"  # the shortest leg, although operations has the larger gap
    assert order[1] == "block:operations"  # a gap of 3.6
    assert "block:stool" not in order  # its legs stand for it
    gaps = [t.gap for t in gap_order(targets)[1:]]
    assert gaps == sorted(gaps, reverse=True)


@pytest.mark.parametrize(("raw", "field"), [
    ([], "targets"), ({"phases": {}}, "targets.phases"), ({"blocks": {"sales": 2}}, "targets.blocks.sales"),
    ({"legs": {"charter": 5}}, "targets.legs.charter"), ({"legs": {"charter": "3"}}, "targets.legs.charter"),
    ({"legs": {"charter": True}}, "targets.legs.charter"), ({"blocks": []}, "targets.blocks")])
def test_a_bad_target_names_where_it_is(raw, field):
    with pytest.raises(TargetError) as caught:
        parse_targets(raw, {"operations", "journey"})
    assert caught.value.field == field


def test_score_prints_targets_and_reads_chosen_ones(runner, questionnaire, tmp_path):
    answers = {q.id: 2 for q in questionnaire.questions.values()}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": answers, "targets": {"legs": {"charter": 4}, "blocks": {"operations": 2}}}))
    result = runner.invoke(args=["score", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["targets"]["legs"]["charter"] == {"today": 2.0, "target": 4, "gap": 2.0, "chosen": True}
    assert data["targets"]["legs"]["responsibility"] == {"today": 2.0, "target": 3, "gap": 1.0, "chosen": False}
    assert data["targets"]["blocks"]["operations"] == {"today": 2.0, "target": 2, "gap": 0.0, "chosen": True}
    assert set(data["targets"]["blocks"]) == set(data["blocks"])  # every block, as `blocks` lists them
    for block, score in data["blocks"].items():  # today is the block's score read on the 0-4 scale
        assert data["targets"]["blocks"][block]["today"] == round(score / 25, 1)


def test_score_refuses_a_bad_target_naming_it(runner, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": {}, "targets": {"legs": {"roof": 2}}}))
    result = runner.invoke(args=["score", str(path)])
    assert result.exit_code == 2 and "targets.legs.roof" in result.output


def _targets_page(client, base):
    return soup(client.get(base + "/targets"))


def _choose(client, base, **levels):
    url = base + "/targets"
    data = fields_of(_targets_page(client, base).find("form", method="post"))
    data.update({key.replace(":", "__"): str(value) for key, value in levels.items()})
    return client.post(url, data=data)


def _target_rows(page) -> dict:
    rows = {}
    for tr in page.select("table.targets-table tbody tr"):
        title = tr.find("th").get_text(" ", strip=True).removesuffix(" close first")
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        rows[title] = cells
    return rows


def test_the_owner_edits_targets_and_results_radar_and_pdf_show_today_target_and_gap(app, client, placed, questionnaire):
    base = f"/r/{placed}"
    page = _targets_page(client, base)
    default = page.find("select", id="leg__charter").find("option", selected=True).get_text()
    assert "Next level up (level 3)" in default  # every answer is level 2: today 2.0, aim 3
    response = _choose(client, base, **{"leg:charter": 4, "block:operations": 3})
    assert response.status_code == 302
    page = _targets_page(client, base)
    assert page.find("select", id="leg__charter").find("option", selected=True)["value"] == "4"
    results = soup(client.get(base + "/results"))
    rows = _target_rows(results)
    assert rows["Charter (leg)"][:3] == ["50", "100 (level 4, Optimised)", "50"]  # whole scores, like every score there
    assert rows["Operations"][:3] == ["50", "75 (level 3, Managed)", "25"]
    assert "Charter (leg) close first" in [tr.find("th").get_text(" ", strip=True)
                                           for tr in results.select("table.targets-table tbody tr")]
    radar = results.select_one(".radar-figure svg")
    assert radar.find("polygon", class_="radar-target") is not None  # the targets, dashed
    assert "Operations: 75" in radar.find("desc").get_text()  # target level 3 of 4 on the radar's 0-100 scale
    pdf = client.get(base + "/report.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Targets: today's score, the level aimed at and the gap" in text
    with app.app_context():
        from app.db import get_db

        assert store.export_assessment(get_db(), assessment_id_of(app, placed))["targets"] == {
            "blocks": {"operations": 3}, "legs": {"charter": 4}}


def test_going_back_to_the_default_forgets_the_chosen_target(client, placed):
    base = f"/r/{placed}"
    _choose(client, base, **{"leg:charter": 4})
    _choose(client, base, **{"leg:charter": ""})
    page = _targets_page(client, base)
    assert page.find("select", id="leg__charter").find("option", selected=True)["value"] == ""


def test_a_target_off_the_scale_is_refused(client, placed):
    response = _choose(client, f"/r/{placed}", **{"leg:charter": 9})
    assert response.status_code == 422
    assert soup(client.get(f"/r/{placed}/targets")).find("select", id="leg__charter").find(
        "option", selected=True)["value"] == ""


def test_the_charter_objectives_start_from_the_largest_gaps(app, client, questionnaire):
    token = start_assessment(client, path="quick")
    answer_enough(client, token, questionnaire, level=1)
    _choose(client, f"/r/{token}", **{"leg:responsibility": 4})
    with app.app_context():
        from app.db import get_db

        found = store.load_assessment(get_db(), assessment_id_of(app, token))
        context = access.context_of(found)
        order = gap_order(context.evaluation.targets)
        body = next(s["body"] for s in context.charter["sections"] if s["id"] == "objectives")
    first = order[0]
    assert first.kind == "leg"
    today, target, _ = first.points()
    assert f"the {first.title.lower()} leg of the stool from {today} to {target} (level {first.target})" in body
    assert "the shortest leg of the stool first" in body


def test_a_facilitator_sets_a_workshops_targets(app):
    facilitator = facilitator_client(app)
    base = f"/facilitator/workshops/{create_workshop(facilitator)}"
    assert facilitator.get(base + "/targets").status_code == 200
    response = _choose(facilitator, base, **{"block:journey": 4})
    assert response.status_code == 302
    assert soup(facilitator.get(base + "/targets")).find("select", id="block__journey").find(
        "option", selected=True)["value"] == "4"


def test_targets_survive_export_and_import(app, client, placed, runner, tmp_path):
    _choose(client, f"/r/{placed}", **{"leg:executive_buy_in": 4})
    assessment_id = assessment_id_of(app, placed)
    out = tmp_path / "export.json"
    assert runner.invoke(args=["export", str(assessment_id), "--out", str(out)]).exit_code == 0
    result = runner.invoke(args=["import", str(out)])
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.json"
    runner.invoke(args=["export", str(json.loads(result.output)["assessment_id"]), "--out", str(again)])
    assert json.loads(again.read_text())["targets"] == json.loads(out.read_text())["targets"] == {
        "blocks": {}, "legs": {"executive_buy_in": 4}}


def test_an_import_with_a_bad_target_is_refused_naming_it(runner, app, client, placed, tmp_path):
    out = tmp_path / "export.json"
    runner.invoke(args=["export", str(assessment_id_of(app, placed)), "--out", str(out)])
    document = json.loads(out.read_text())
    document["targets"] = {"legs": {"charter": 11}}
    out.write_text(json.dumps(document))
    result = runner.invoke(args=["import", str(out)])
    assert result.exit_code == 2 and "targets.legs.charter" in result.output


def test_the_targets_page_needs_a_csrf_token(client, placed):
    page = _targets_page(client, f"/r/{placed}")
    data = fields_of(page.find("form", method="post"))
    data.pop("csrf_token")
    assert client.post(f"/r/{placed}/targets", data=data).status_code in (400, 422)
    assert csrf_token(client, f"/r/{placed}/targets")


def test_every_page_that_explains_the_default_target_says_the_rule_the_code_applies():
    """The report's note and the targets page say what `default_target` does: at least half a level up."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for page in ("reports/targets.html", "templates/plan/targets.html"):
        text = " ".join((root / page).read_text(encoding="utf-8").split())
        assert "the next whole level at least half a level above today's" in text, page
        assert "next whole level above today's" not in text, page
