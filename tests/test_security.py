"""Hardening (issue 13): bounded Markdown, clear 503 pages, control characters, private-page headers, proxies."""
from __future__ import annotations

import sqlite3

import pytest
from factories import soup, who

from app import store
from app.core import demo
from app.report import markdown, pdf


@pytest.fixture
def started(placed):
    """The charter preview and the PDF need answers that place the organisation first."""
    return placed


HOSTILE_MARKDOWN = {
    "brackets": "[" * 9990,
    "image brackets": "![" * 4995,
    "nested quotes": "> " * 150 + "deep",
    "nested lists": "".join("    " * depth + "- item\n" for depth in range(40)),
}


def save_section(app, token, section_id, body) -> None:
    """Answer everything (results need enough answers), then store a charter section past the form's checks, as an import could."""
    db = store.connect(app.config["DATABASE"])
    try:
        respondent = store.respondent_by_token(db, token)
        store.save_answers(db, respondent.id, demo.demo_answers(app.extensions["questionnaires"]["cs-maturity"]))
        store.save_charter_section(db, respondent.assessment_id, section_id, body)
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


def test_a_crashed_render_child_gives_a_clear_503(app, client, started, monkeypatch):
    save_section(app, started, "vision", "Plain text.")
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

    monkeypatch.setattr(store, "save_checked", fail)
    page = client.get(f"/r/{started}/s/charter")
    form = {field["name"]: field.get("value", "") for field in soup(page).select("input[type=hidden]")}
    response = client.post(f"/r/{started}/s/charter", data={**form, "action": "next"})
    assert response.status_code == 503
    assert title in soup(response).h1.get_text()


def test_wrong_join_codes_are_limited_per_address_with_a_clear_429(app):
    guesser, elsewhere = app.test_client(), app.test_client()
    for _ in range(20):
        assert guesser.get("/w/ZZZZZZ").status_code == 404
    blocked = guesser.get("/w/ZZZZZY")
    assert blocked.status_code == 429
    assert "Too many wrong codes" in soup(blocked).h1.get_text()
    other = elsewhere.get("/w/ZZZZZZ", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 404


@pytest.mark.parametrize("bad", ["Acme\x00", "Acme\x1b[31m", "Ac\x0bme", "Acme\x7f"])
def test_control_characters_in_a_form_are_refused_at_the_door(client, bad):
    token = soup(client.get("/")).find("input", {"name": "csrf_token"})["value"]
    response = client.post("/", data={"csrf_token": token, "organisation": bad, "name": "Ada", **who(),
                                      "path": "quick"})
    assert response.status_code == 400
    assert "cannot contain control characters" in soup(response).get_text()


def test_tabs_and_line_breaks_are_still_welcome(client):
    token = soup(client.get("/")).find("input", {"name": "csrf_token"})["value"]
    response = client.post("/", data={"csrf_token": token, "organisation": "Acme\tCloud\r\n", "name": "Ada",
                                      **who(), "path": "quick"})
    assert response.status_code == 302


def test_private_link_pages_are_not_cached_or_indexed(client, started):
    for url in (f"/r/{started}/", f"/r/{started}/results", "/join", "/facilitator/sign-in", "/w/NOCODE", "/a/NOLINK/"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "private, no-store", url
        assert response.headers["X-Robots-Tag"] == "noindex", url
    assert "no-store" not in client.get("/method").headers.get("Cache-Control", "")


def test_generated_links_use_the_base_url_not_the_host_header(tmp_path):
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "b.db"),
                      "INSTANCE_PATH": str(tmp_path / "i"), "BASE_URL": "https://cs.example.com"})
    client, evil = app.test_client(), "http://evil.example"
    token = soup(client.get("/", base_url=evil)).find("input", {"name": "csrf_token"})["value"]
    response = client.post("/", base_url=evil, data={"csrf_token": token, "organisation": "Acme", "name": "Ada",
                                                     **who(), "path": "quick"})
    page = client.get(response.headers["Location"], base_url=evil)
    links = [field["value"] for field in soup(page).select("input[value*='/r/']")]
    assert links and all(link.startswith("https://cs.example.com/r/") for link in links)


def test_forms_work_over_https_although_browsers_send_no_referer(client):
    https = "https://localhost"
    token = soup(client.get("/", base_url=https)).find("input", {"name": "csrf_token"})["value"]
    response = client.post("/", base_url=https, data={"csrf_token": token, "organisation": "Acme", "name": "Ada",
                                                      **who(), "path": "quick"})
    assert response.status_code == 302


def test_hsts_when_configured_or_over_https(app, client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    assert "max-age" in client.get("/", base_url="https://localhost").headers["Strict-Transport-Security"]
    app.config["HSTS"] = True
    assert "Strict-Transport-Security" in client.get("/").headers


def test_the_access_log_never_shows_private_link_secrets():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("gunicorn_conf", Path(__file__).parent.parent / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    secret = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg"
    for path in (f"/r/{secret}/results", f"/s/{secret}/report.pdf", f"/a/{secret}/charter.pdf", f"/w/i/{secret}",
                 f"/facilitator/reset/{secret}", "/w/ABC234"):
        assert secret not in conf.redact(f'GET {path} HTTP/1.1') and "ABC234" not in conf.redact(path)
        assert "…" in conf.redact(path)
    assert conf.redact("/facilitator/workshops/3/") == "/facilitator/workshops/3/"
    assert "%(q)s" not in conf.access_log_format and "%(r)s" not in conf.access_log_format and "%(f)s" not in conf.access_log_format
    assert issubclass(conf.logger_class, conf.Logger)


SECRET = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg"


@pytest.mark.parametrize("path", [
    f"/r/%20{SECRET}/results", f"/r/%09{SECRET}/", f"/r/ {SECRET}/", f"/r/\t{SECRET}", f"/r//{SECRET}/results",
    f"/r/%2F{SECRET}", f"/r/%2520{SECRET}", f"/R/{SECRET}/", f"/s/%0a{SECRET}/report.pdf", f"/w/i/%20{SECRET}",
    f"/facilitator/reset/%20{SECRET}", f"/facilitator/unlock/{SECRET}", f"/r/{SECRET[:20]} {SECRET[20:]}/",
])
def test_a_secret_is_redacted_however_its_path_is_encoded(path):
    import importlib.util
    from pathlib import Path

    from app.redact import redact

    spec = importlib.util.spec_from_file_location("gunicorn_conf", Path(__file__).parent.parent / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    for line in (path, f"GET {path} HTTP/1.1", f'"GET {path}" 404 -'):
        for cleaned in (redact(line), conf.redact(line)):
            assert SECRET[:20] not in cleaned and SECRET[20:] not in cleaned and "…" in cleaned, cleaned
    assert redact(f"GET /r/{SECRET}/results HTTP/1.1") == "GET /r/…/results HTTP/1.1"


def test_the_apps_own_error_log_never_shows_a_secret(app, caplog):
    @app.get("/r/<token>/boom")
    def boom(token):
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level("ERROR"):
        assert app.test_client().get(f"/r/{SECRET}/boom").status_code == 500
    assert "Exception on /r/…/boom" in caplog.text and SECRET not in caplog.text
