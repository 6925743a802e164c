"""A request's cost is fixed: the gate's context computes each thing once, so SQL statements and scoring runs per
request stay at small numbers whatever the view asks for (issue 17)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from factories import form_values, soup

from app.core import evaluation, planner, roadmap, roadmap_phases

PDF_STUB = b"%PDF-1.7 stub"
SCORE_RUNS_MAX = 50  # scoring runs in one evaluation (see the last test)


@contextmanager
def counting(app, monkeypatch):
    """Count SQL statements on the worker thread's connection and calls of `evaluate` and `score` while inside."""
    counts = {"sql": 0, "evaluate": 0, "score": 0}
    with app.app_context():
        from app.db import get_db

        connection = get_db().conn
    connection.set_trace_callback(lambda statement: counts.__setitem__("sql", counts["sql"] + 1))

    def counted(module, name, key):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            counts[key] += 1
            return original(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)

    counted(evaluation, "score", "score")
    counted(roadmap, "score", "score")
    counted(roadmap_phases, "score", "score")
    counted(planner, "score", "score")
    from app import assessments

    counted(assessments, "evaluate", "evaluate")
    try:
        yield counts
    finally:
        connection.set_trace_callback(None)


@pytest.fixture
def no_render(monkeypatch):
    """The PDF's HTML is built as usual; only WeasyPrint's work (seconds, and not what is counted) is skipped."""
    from app.report import pdf

    monkeypatch.setattr(pdf, "render", lambda html, paper, **limits: PDF_STUB)


def test_the_results_page_evaluates_once_with_a_fixed_number_of_statements(app, client, placed, monkeypatch):
    client.get(f"/r/{placed}/results")  # warm: the connection, prepared statements, templates
    with counting(app, monkeypatch) as counts:
        assert client.get(f"/r/{placed}/results").status_code == 200
    assert counts["evaluate"] == 1
    # the gate, respondents, answers, profile, targets, byline, the plan (actions, events, a later round), branding,
    # the charter's latest approval
    assert counts["sql"] <= 11, counts


def test_the_pdf_evaluates_once_and_checks_readiness_from_the_same_answers(app, client, placed, monkeypatch, no_render):
    with counting(app, monkeypatch) as counts:
        response = client.get(f"/r/{placed}/report.pdf")
    assert response.status_code == 200 and response.data == PDF_STUB
    assert counts["evaluate"] == 1
    assert counts["sql"] <= 19, counts  # the results page's, the four charter tables, the audit log's entry


def test_a_charter_save_evaluates_once(app, client, placed, monkeypatch):
    url = f"/r/{placed}/charter/vision"
    data = {**form_values(soup(client.get(url))), "body": "We grow when our customers do.", "save": "x"}
    with counting(app, monkeypatch) as counts:
        assert client.post(url, data=data).status_code == 302
    assert counts["evaluate"] == 1
    # The reads and one upsert in one transaction (no schema probing); then the charter as saved is kept as a
    # version: its four tables read back, the newest version looked up and one row written, in a second transaction.
    assert counts["sql"] <= 26, counts


def test_scoring_runs_a_bounded_number_of_times_per_evaluation(app, client, placed, monkeypatch):
    """One evaluation scores the answers once, then re-scores as the planner looks for what the next stage needs
    (at most planner.ROUNDS rounds a phase) and as each phase's stage is projected: a bound set by the plan's shape,
    not by who asks (47 at most over the sixteen scenario companies; a run costs about 0.2 ms)."""
    with counting(app, monkeypatch) as counts:
        client.get(f"/r/{placed}/results")
    assert counts["evaluate"] == 1 and counts["score"] <= SCORE_RUNS_MAX, counts
