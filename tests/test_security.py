"""Hardening (issue 13): bounded Markdown, clear 503 pages, control characters, private-page headers, proxies."""
from __future__ import annotations

import sqlite3

import pytest
from conftest import soup

from app import store
from app.report import markdown, pdf

HOSTILE_MARKDOWN = {
    "brackets": "[" * 9990,
    "image brackets": "![" * 4995,
    "nested quotes": "> " * 150 + "deep",
    "nested lists": "".join("    " * depth + "- item\n" for depth in range(40)),
}


def assessment_id_of(app, token) -> int:
    with app.app_context():
        db = store.connect(app.config["DATABASE"])
        try:
            return store.respondent_by_token(db, token).assessment_id
        finally:
            db.close()


def save_section(app, token, section_id, body) -> None:
    """Store a charter section as an import or an old version could have, past the form's checks."""
    db = store.connect(app.config["DATABASE"])
    try:
        store.save_charter_section(db, assessment_id_of(app, token), section_id, body)
    finally:
        db.close()


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys())
def test_hostile_markdown_is_shown_as_written_with_a_note(text):
    assert markdown.problem(text)
    html = str(markdown.render(text))
    assert markdown.FALLBACK_NOTE in html
    assert "<blockquote>" not in html and "<a " not in html


def test_ordinary_markdown_still_renders_and_overlong_text_is_named():
    assert markdown.problem("We **grow** with [our customers](https://example.com).") is None
    assert "<strong>grow</strong>" in str(markdown.render("We **grow**."))
    assert "10,000" in markdown.problem("x" * (markdown.MAX_MARKDOWN_CHARS + 1))


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys())
def test_hostile_charter_text_gives_a_clean_preview(app, client, started, text):
    save_section(app, started, "vision", text)
    response = client.get(f"/r/{started}/charter/vision?preview=1")
    assert response.status_code == 200
    assert markdown.FALLBACK_NOTE in soup(response).get_text()


def test_hostile_charter_text_still_gives_a_pdf(app, client, started):
    for section_id, text in zip(("vision", "statement", "principles", "scope"), HOSTILE_MARKDOWN.values()):
        save_section(app, started, section_id, text)
    response = client.get(f"/r/{started}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"


def test_a_crashed_render_child_gives_a_clear_503(client, started, monkeypatch):
    def crash(*_args, **_kwargs):
        raise pdf.RenderFailed("the render process ended unexpectedly (exit code -9)")

    monkeypatch.setattr(pdf, "render", crash)
    response = client.get(f"/r/{started}/report.pdf")
    assert response.status_code == 503
    assert "could not be made" in soup(response).h1.get_text()


@pytest.mark.parametrize("message, title", [
    ("database or disk is full", "disk is full"),
    ("attempt to write a readonly database", "Saving is switched off"),
])
def test_a_full_disk_or_read_only_database_says_so(client, started, monkeypatch, message, title):
    def fail(*_args, **_kwargs):
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(store, "save_answers", fail)
    page = client.get(f"/r/{started}/s/charter")
    form = {field["name"]: field.get("value", "") for field in soup(page).select("input[type=hidden]")}
    response = client.post(f"/r/{started}/s/charter", data={**form, "action": "next"})
    assert response.status_code == 503
    assert title in soup(response).h1.get_text()
