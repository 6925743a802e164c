"""A result below the confidence threshold says "provisional" where a reader looks first: the PDF cover, the
executive summary and the top of the results page, each with the three things to find out first; a
confident result says none of it."""
from __future__ import annotations

import io

import pytest
from factories import answer_all, soup, start_assessment
from pypdf import PdfReader

from app import create_app


def _assessment(tmp_path_factory, value_for):
    folder = tmp_path_factory.mktemp("provisional")
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(folder / "db"), "INSTANCE_PATH": str(folder)})
    client = app.test_client()
    token = start_assessment(client)
    questionnaire = app.extensions["questionnaires"]["cs-maturity"]
    answer_all(client, token, questionnaire, value_for(list(questionnaire.questions)))
    response = client.get(f"/r/{token}/report.pdf")
    assert response.status_code == 200
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]
    results = soup(client.get(f"/r/{token}/results"))
    with app.app_context():
        from app import access
        from app.db import get_db
        from app.store import load_assessment, respondent_by_token

        assessment = load_assessment(get_db(), respondent_by_token(get_db(), token).assessment_id)
        result = access.context_of(assessment).evaluation.result
    return pages, results, result, questionnaire


@pytest.fixture(scope="module")
def unsure(tmp_path_factory):
    """A third of the answers are "don't know": placed, but below the 70% confidence a firm result needs."""
    return _assessment(tmp_path_factory, lambda ids: lambda q: "unknown" if ids.index(q.id) % 3 == 0 else 2)


@pytest.fixture(scope="module")
def sure(tmp_path_factory):
    return _assessment(tmp_path_factory, lambda ids: lambda q: 2)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _summary_page(pages: list[str]) -> str:
    """The page the executive summary starts on: the first after the cover, whose contents name it too."""
    return next(p for p in pages[1:] if "Executive summary" in p)


def test_the_cover_of_a_provisional_report_says_so_with_what_to_find_out_first(unsure):
    pages, _, result, _ = unsure
    assert result.provisional and len(result.find_out_first) >= 3
    cover = _flat(pages[0])
    assert "provisional" in cover.lower() and f"{round(result.confidence * 100)}%" in cover
    for item in result.find_out_first[:3]:
        assert _flat(item["title"])[:60] in cover


def test_the_executive_summary_of_a_provisional_report_says_so(unsure):
    pages, _, result, _ = unsure
    summary = _flat(_summary_page(pages))
    assert "Provisional result." in summary
    for item in result.find_out_first[:3]:
        assert _flat(item["title"])[:60] in summary


def test_the_results_page_opens_on_provisional_with_three_things_to_find_out(unsure):
    _, page, result, _ = unsure
    verdict = page.select_one("#verdict .verdict-main")
    note = verdict.select_one(".verdict-provisional")
    assert note is not None and "Provisional" in note.get_text()
    assert [li.get_text(strip=True) for li in note.select("li")] == [i["title"] for i in result.find_out_first[:3]]
    order = [e for e in verdict.find_all(True) if e is note or "moves-title" in (e.get("class") or [])]
    assert order[0] is note  # before the moves, at the top of the verdict


def test_a_confident_result_is_not_called_provisional_anywhere(sure):
    pages, page, result, _ = sure
    assert not result.provisional
    summary = _summary_page(pages)
    assert "provisional" not in pages[0].lower() and "Provisional result" not in summary
    assert page.select_one(".verdict-provisional") is None
