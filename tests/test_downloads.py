"""Generated files are built once per content: the cache, ETags and 304s, new files on every change, deletion with
the assessment, the size cap; PDFs render in the background behind a "preparing your report" page."""
from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from factories import create_workshop, csrf_token, facilitator_client, post_section, soup, start_assessment, submit
from pypdf import PdfReader

from app import create_app, store
from app.background import background
from app.report import pdf
from app.report.renders import RenderCache, entry, remove_renders


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDF renders (each one still runs for real)."""
    calls = []
    real = pdf.render

    def counted(*args, **kwargs):
        calls.append(args[1] if len(args) > 1 else kwargs.get("paper"))
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf, "render", counted)
    return calls


@pytest.fixture
def placed(client, questionnaire):
    token = start_assessment(client, path="quick")
    with client.application.app_context():
        from app.db import get_db

        respondent = store.respondent_by_token(get_db(), token)
        store.save_answers(get_db(), respondent.id, {q: (2, "") for q in questionnaire.for_path("quick").questions})
    return token


def cached_files(app) -> list[str]:
    root = background(app).cache.root
    return sorted(p.name for p in root.glob("*/*") if not p.name.startswith(".") and p.suffix != ".job")


def test_a_second_download_is_served_from_the_cache_without_rendering(client, placed, renders):
    first = client.get(f"/r/{placed}/report.pdf")
    second = client.get(f"/r/{placed}/report.pdf")
    assert first.status_code == second.status_code == 200
    assert len(renders) == 1, "the unchanged report was rendered again"
    assert first.data == second.data and PdfReader(io.BytesIO(second.data)).pages
    assert first.headers["ETag"] and first.headers["ETag"] == second.headers["ETag"]
    assert second.headers["Content-Disposition"].startswith("attachment")


def test_a_conditional_request_for_unchanged_content_answers_304(client, placed, renders):
    etag = client.get(f"/r/{placed}/report.pdf").headers["ETag"]
    response = client.get(f"/r/{placed}/report.pdf", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    assert client.get(f"/r/{placed}/report.pdf", headers={"If-None-Match": '"other"'}).status_code == 200
    assert len(renders) == 1


def _change_answer(client, token, questionnaire):
    section = questionnaire.for_path("quick").sections[0]
    assert post_section(client, token, section, {section.questions[0].id: 4}).status_code == 302


def _change_profile(client, token, questionnaire):
    url = f"/r/{token}/profile"
    assert client.post(url, data={"csrf_token": csrf_token(client, url), "nrr": "112"}).status_code == 302


def _change_charter(client, token, questionnaire):
    assert submit(client, token, "statement", body="Customers who grow with us, every quarter.").status_code == 302


def _change_branding(client, token, questionnaire):
    url = f"/r/{token}/branding"
    client.post(url, data={"csrf_token": csrf_token(client, url), "prepared_by": "Jo Rivera", "accent": ""},
                content_type="multipart/form-data")


@pytest.mark.parametrize("change", [_change_answer, _change_profile, _change_charter, _change_branding])
def test_any_change_to_the_content_gives_a_new_file(client, placed, questionnaire, renders, change):
    before = client.get(f"/r/{placed}/report.pdf")
    change(client, placed, questionnaire)
    after = client.get(f"/r/{placed}/report.pdf", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert len(renders) == 2


def test_paper_sizes_are_separate_files(client, placed, renders):
    a4 = client.get(f"/r/{placed}/report.pdf")
    letter = client.get(f"/r/{placed}/report.pdf?paper=letter")
    assert a4.headers["ETag"] != letter.headers["ETag"] and renders == ["a4", "letter"]


@pytest.mark.parametrize("path", ["charter.md", "charter.docx", "charter.docx?paper=letter", "roadmap.csv"])
def test_exports_are_built_once_per_content_with_an_etag(client, placed, monkeypatch, path):
    from app.report import exports

    first = client.get(f"/r/{placed}/{path}")
    assert first.status_code == 200 and first.headers["ETag"]
    for builder in ("to_markdown", "to_docx", "roadmap_csv"):
        monkeypatch.setattr(exports, builder, lambda *a, **k: pytest.fail("built again for unchanged content"))
    second = client.get(f"/r/{placed}/{path}")
    assert second.data == first.data
    assert client.get(f"/r/{placed}/{path}", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    monkeypatch.undo()
    _change_charter(client, placed, None)
    assert client.get(f"/r/{placed}/{path}").headers["ETag"] != first.headers["ETag"]


def test_a_newer_version_replaces_the_older_file(app, client, placed, questionnaire):
    client.get(f"/r/{placed}/report.pdf")
    client.get(f"/r/{placed}/charter.md")
    _change_answer(client, placed, questionnaire)
    client.get(f"/r/{placed}/report.pdf")
    files = cached_files(app)
    assert len([f for f in files if f.startswith("report-a4-")]) == 1 and len(files) == 2


# --- the cache itself -------------------------------------------------------------------------------


def test_the_cache_stays_under_its_size_cap_dropping_the_least_recently_served(tmp_path):
    cache = RenderCache(tmp_path, limit_bytes=2500)
    items = [entry(n, f"v{n}", "report", ".pdf", "a4") for n in range(5)]
    for n, item in enumerate(items):
        cache.put(item, bytes([n]) * 1000)
        if n == 1:
            time.sleep(0.01)
            assert cache.read(items[0]) is not None  # served again: kept over the unserved one
        time.sleep(0.01)
    assert cache.size() <= 2500
    assert cache.read(items[4]) == b"\x04" * 1000 and cache.read(items[1]) is None


def test_a_file_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    cache = RenderCache(tmp_path)
    item = entry(1, "v", "report", ".pdf", "a4")

    def broken_replace(*args):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(OSError):
        cache.put(item, b"x" * 100)
    assert cache.read(item) is None and not list(cache.folder(1).iterdir())


def test_remove_renders_deletes_an_assessments_files_only(tmp_path):
    cache = RenderCache(tmp_path)
    cache.put(entry(1, "v", "report", ".pdf", "a4"), b"one")
    cache.put(entry(2, "v", "report", ".pdf", "a4"), b"two")
    remove_renders(tmp_path, 1)
    assert not cache.folder(1).exists() and cache.read(entry(2, "v", "report", ".pdf", "a4")) == b"two"


@pytest.fixture
def workshop(app, client):
    return f"/facilitator/workshops/{create_workshop(facilitator_client(app, client=client))}/"


def test_the_cached_files_are_deleted_with_the_workshop(app, client, workshop):
    assert client.get(workshop + "distributions.csv").status_code == 200
    folder = background(app).cache.folder(int(workshop.strip("/").split("/")[-1]))
    assert list(folder.iterdir())
    url = workshop + "delete"
    client.post(url, data={"csrf_token": csrf_token(client, url), "confirm": "y", "delete": "x"})
    assert not folder.exists()


def test_the_cli_report_uses_the_cache(app, runner, placed, renders, tmp_path):
    assessment_id = store.list_assessments(store.connect(app.config["DATABASE"]))[0]["id"]
    for name in ("one.pdf", "two.pdf"):
        result = runner.invoke(args=["report", str(assessment_id), "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    assert len(renders) == 1 and (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()


# --- rendering in the background ---------------------------------------------------------------------


@pytest.fixture
def queued_app(tmp_path):
    """The app as production runs it: renders wait in the queue for the consumer (here run by hand)."""
    return create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "q.db"),
                       "INSTANCE_PATH": str(tmp_path / "instance"), "RENDER_QUEUE": "sqlite",
                       "REQUIRE_PLACEMENT": True})


def consume(app) -> int:
    """Run every queued job as the consumer would; how many ran."""
    queue, ran = background(app).queue, 0
    while (task := queue.dequeue()) is not None:
        queue.execute(task)
        ran += 1
    return ran


def test_the_download_shows_progress_then_delivers_the_file(queued_app, questionnaire):
    client = queued_app.test_client()
    token = start_assessment(client, path="quick")
    with queued_app.app_context():
        from app.db import get_db

        respondent = store.respondent_by_token(get_db(), token)
        store.save_answers(get_db(), respondent.id, {q: (2, "") for q in questionnaire.for_path("quick").questions})
    background(queued_app).jobs.beat()  # a consumer is alive
    start = client.get(f"/r/{token}/report.pdf")
    assert start.status_code == 202
    page = soup(start)
    assert page.h1.get_text() == "Preparing your report"
    assert "about to be prepared" in page.find(id="render-status").get_text()
    refresh = page.select_one("noscript meta[http-equiv=refresh]")["content"]
    wait_url = refresh.split("url=", 1)[1]
    assert client.get(f"/r/{token}/report.pdf").status_code == 202, "a second click starts no second render"
    assert client.get(wait_url, headers={"Accept": "application/json"}).get_json()["state"] == "queued"

    queue_file = Path(queued_app.instance_path) / "queue.db"
    assert queue_file.stat().st_mode & 0o777 == 0o600, "queued jobs carry answers: owner-only"
    assert consume(queued_app) == 1
    ready = client.get(wait_url)
    assert ready.status_code == 200 and soup(ready).h1.get_text() == "Your report is ready"
    file_url = soup(ready).find("a", string=re.compile("Download the PDF report"))["href"]
    assert soup(ready).select_one("noscript meta[http-equiv=refresh]")["content"] == f"0;url={file_url}"
    assert client.get(wait_url, headers={"Accept": "application/json"}).get_json()["state"] == "ready"
    document = client.get(file_url)
    assert document.status_code == 200 and document.mimetype == "application/pdf"
    assert "Acme Cloud" in PdfReader(io.BytesIO(document.data)).pages[0].extract_text()


def test_one_client_cannot_fill_the_queue(queued_app, questionnaire):
    queued_app.config["RENDER_QUEUE_PER_CLIENT"] = 1
    client = queued_app.test_client()
    token = start_assessment(client, path="quick")
    with queued_app.app_context():
        from app.db import get_db

        respondent = store.respondent_by_token(get_db(), token)
        store.save_answers(get_db(), respondent.id, {q: (2, "") for q in questionnaire.for_path("quick").questions})
    background(queued_app).jobs.beat()
    assert client.get(f"/r/{token}/report.pdf").status_code == 202
    refused = client.get(f"/r/{token}/report.pdf?paper=letter")
    assert refused.status_code == 429 and "still being prepared" in soup(refused).get_text()
    other = queued_app.test_client()
    assert other.get(f"/r/{token}/report.pdf?paper=letter", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 202


def test_without_a_running_consumer_the_page_says_so(queued_app, questionnaire, monkeypatch):
    client = queued_app.test_client()
    token = start_assessment(client, path="quick")
    with queued_app.app_context():
        from app.db import get_db

        respondent = store.respondent_by_token(get_db(), token)
        store.save_answers(get_db(), respondent.id, {q: (2, "") for q in questionnaire.for_path("quick").questions})
    assert client.get(f"/r/{token}/report.pdf").status_code == 202
    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(f"/r/{token}/report.pdf?wait=1")
    assert response.status_code == 503 and "report service is not running" in soup(response).get_text()


def test_a_failed_render_says_so_and_the_next_download_tries_again(app, client, placed, monkeypatch):
    def crash(*args, **kwargs):
        raise pdf.RenderFailed("the render process ended unexpectedly (exit code -9)")

    monkeypatch.setattr(pdf, "render", crash)
    response = client.get(f"/r/{placed}/report.pdf")
    assert response.status_code == 503 and "could not be made" in soup(response).get_text()
    monkeypatch.undo()
    assert client.get(f"/r/{placed}/report.pdf").status_code == 200
