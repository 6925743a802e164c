"""The PDF download in a real browser: the waiting page shows progress while the background worker renders,
then the file downloads by itself; axe-core checks the waiting page."""
from __future__ import annotations

import io
import threading
import time

import pytest
from factories import answer_enough_at, assert_accessible, start_in_browser
from pypdf import PdfReader
from werkzeug.serving import make_server

from app import create_app
from app.background import background

pytestmark = pytest.mark.browser


@pytest.fixture
def queued_server(tmp_path):
    """The app with a real queue and a consumer thread that takes a moment before each render."""
    app = create_app({"SECRET_KEY": "browser-test", "DATABASE": str(tmp_path / "live.db"), "INSTANCE_PATH": str(tmp_path),
                      "REQUIRE_PLACEMENT": True, "RENDER_QUEUE": "sqlite"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()

    def consumer():
        queue = background(app).queue
        while not stop.is_set():
            background(app).jobs.beat()
            task = queue.dequeue()
            if task is None:
                time.sleep(0.2)
                continue
            time.sleep(1.5)  # long enough for the page to be seen waiting
            queue.execute(task)

    worker = threading.Thread(target=consumer, daemon=True)
    worker.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    stop.set()
    server.shutdown()
    worker.join(timeout=30)


def test_the_download_waits_on_a_progress_page_then_delivers_the_pdf(queued_server, browser, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    base, app = queued_server
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    start_in_browser(page, base, "Globex Software", "Hank")
    answer_enough_at(app, page.url)
    page.goto(page.url + "results")
    with page.expect_download(timeout=60000) as download_info:
        page.get_by_role("link", name="Download the PDF report").click()
        page.wait_for_selector("h1#render-heading")
        assert page.locator("h1").inner_text() == "Preparing your report"
        assert "prepared" in page.locator("#render-status").inner_text()
        assert_accessible(page, Axe(), "preparing your report")
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    assert "Globex Software" in PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text()
    page.locator("#render-download").wait_for(state="visible")
    assert page.locator("h1").inner_text() == "Your report is ready"
    context.close()
