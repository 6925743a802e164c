"""The results page opens on a verdict, refuses to guess from too few answers, and shows whole numbers."""
from __future__ import annotations

import re

import pytest
from factories import post_section, soup, start_assessment

from app.core import placement as placement_data
from app.core.placement import placement
from app.core.questionnaire import QuestionnaireError
from app.core.reference import validate_folder
from app.report import charts


def answer_sections(client, token, sections, value_for):
    for section in sections:
        post_section(client, token, section, {q.id: value_for(q) for q in section.questions})


def test_placement_counts_levels_and_na_but_never_dont_know(questionnaire):
    ids = list(questionnaire.questions)
    answers = {ids[0]: 2, ids[1]: "na", ids[2]: "unknown"}
    found = placement(questionnaire, answers, share=0.5)
    assert found.counted == 2
    assert found.needed == -(-len(ids) // 2)
    assert not found.ready and found.missing == found.needed - 2


def test_a_bad_threshold_is_named_with_its_file_and_key(tmp_path):
    import shutil

    from app.core.questionnaire import QUESTIONNAIRE_DIR

    folder = tmp_path / "q"
    shutil.copytree(QUESTIONNAIRE_DIR, folder)
    (folder / "model" / "results.yaml").write_text("placement:\n  min_share: 1.5\n")
    problems = validate_folder(folder)
    assert any(p.startswith("model/results.yaml: placement.min_share:") for p in problems), problems
    with pytest.raises(QuestionnaireError):
        placement_data.min_share(folder / "model")


def test_too_few_answers_show_how_many_more_and_offer_no_report(app, client, questionnaire):
    app.config["REQUIRE_PLACEMENT"] = True
    token = start_assessment(client, path="quick")
    quick = questionnaire.for_path("quick")
    post_section(client, token, quick.sections[0], {q.id: 4 for q in quick.sections[0].questions})
    page = soup(client.get(f"/r/{token}/results"))
    empty = page.select_one(".empty-state").get_text(" ", strip=True)
    needed = placement(quick, {}).needed
    answered = len(quick.sections[0].questions)
    assert f"Answer {needed - answered} more question" in empty
    assert page.select_one(".stage-name") is None
    hrefs = [a["href"] for a in page.select("a")]
    assert not any("report.pdf" in h or "/share" in h or "/charter" in h for h in hrefs)
    for path in ("report.pdf", "charter/", "share"):
        response = client.get(f"/r/{token}/{path}")
        assert response.status_code == 409, path
        assert "more question" in soup(response).get_text()
    for section in quick.sections[1:]:
        post_section(client, token, section, {q.id: 2 for q in section.questions})
    assert client.get(f"/r/{token}/charter/").status_code == 200  # enough answers: the gate opens


def test_results_open_on_a_verdict_with_whole_numbers_and_three_moves(client, questionnaire):
    token = start_assessment(client, path="quick")
    quick = questionnaire.for_path("quick")
    answer_sections(client, token, quick.sections, lambda q: 1 if quick.section_of[q.id].leg == "executive_buy_in" else 3)
    page = soup(client.get(f"/r/{token}/results"))
    verdict = page.select_one("#verdict")
    text = verdict.get_text(" ", strip=True)
    assert verdict.select_one(".stage-name")
    assert re.search(r"Confidence \d+%", text)
    assert "capability, held at stage" in text  # the short buy-in leg is a cap, said apart
    assert len(verdict.select(".moves li")) == 3
    assert verdict.select(".chart")  # stool and radar
    assert not re.search(r"(?<![\d.])\d+\.\d(?![\d.])", page.select_one("main").get_text(" ")), "false decimals on the page"
    tabs = page.select('[role="tablist"] [role="tab"]')
    assert [t.get_text(strip=True) for t in tabs][:2] == ["Scores", "Roadmap"]
    assert all(page.select_one(t["href"]) for t in tabs)  # without JavaScript, tabs are anchors to sections


def test_radar_draws_an_unscored_block_as_a_gap_not_zero():
    svg = str(charts.radar([("A", 50), ("B", None), ("C", 50), ("D", 50)], "t"))
    polygon = re.search(r'<polygon points="([^"]+)" fill="#1d4ed8"', svg).group(1)
    assert len(polygon.split()) == 3  # the unscored axis adds no point at the centre
    assert "not scored" in svg
