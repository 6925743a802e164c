"""HTML -> PDF with WeasyPrint: locked-down resource fetching and bounded rendering.

The renderer may read only files under reports/ and data: URIs, never another local file or the
network. Each render runs in a child process forked from a clean fork server, at a lower CPU priority than
the pages and with a CPU-time limit, so a render that runs past its limits is killed rather than left eating
a worker. How many renders run at once is bounded by the background consumer's workers (app/background.py),
not here.
"""
from __future__ import annotations

import atexit
import gc
import mimetypes
import multiprocessing
import os
import resource
import signal
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

REPORTS_DIR = Path(__file__).resolve().parents[2] / "reports"
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
# PDF/UA-1: a tagged PDF with a structure tree, so screen readers can read the report.
PDF_VARIANT = "pdf/ua-1"
# Pages come first: a render child yields the CPU to the web workers whenever they need it.
RENDER_NICENESS = 10
_CONTEXT = multiprocessing.get_context("forkserver")
# The fork server imports this module and parses the stylesheet and fonts once; every render is
# forked from it with that work done.
_CONTEXT.set_forkserver_preload(["app.report.pdf_preload"])


class RenderTimeout(RuntimeError):
    """The PDF could not be rendered within the allowed time."""


class RenderError(RuntimeError):
    """The renderer failed."""


class RenderFailed(RenderError):
    """The render child crashed or reported an error: the app answers a clear 503 page, not a 500."""


def inside_reports(url: str) -> Path | None:
    """The file a file: URL names, when it lies inside reports/; None otherwise."""
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return None
    path = Path(unquote(parsed.path)).resolve()
    return path if path.is_relative_to(REPORTS_DIR) and path.is_file() else None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportAssetsFetcher(URLFetcher):
        """Serves only the project's own report assets and data: URIs; no other file, no network."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = inside_reports(url)
            if path is None:
                raise ValueError(f"blocked resource outside the report assets: {url[:80]}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers={"Content-Type": kind})

    return ReportAssetsFetcher(allowed_protocols=("data", "file"), timeout=1)


@lru_cache(maxsize=1)
def assets():
    """The report stylesheet with its fonts, parsed once per process: (font configuration, stylesheet)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(filename=str(REPORTS_DIR / "report.css"), font_config=fonts, url_fetcher=_fetcher())
    return fonts, css


# Drop the cached fonts before interpreter teardown, while WeasyPrint's C bindings still exist.
atexit.register(assets.cache_clear)


@lru_cache(maxsize=len(PAPER_SIZES))
def _paper(paper: str):
    from weasyprint import CSS

    return CSS(string=f"@page {{ size: {PAPER_SIZES.get(paper, 'A4')}; }}")


def html_to_pdf(html: str, paper: str = "a4") -> bytes:
    """Render HTML to a tagged PDF in this process, with the report stylesheet; relative URLs resolve inside reports/."""
    from weasyprint import HTML

    fonts, css = assets()
    with _no_cycle_collection():
        document = HTML(string=html, base_url=str(REPORTS_DIR) + "/", url_fetcher=_fetcher())
        return document.write_pdf(stylesheets=[css, _paper(paper)], font_config=fonts, pdf_variant=PDF_VARIANT)


@contextmanager
def _no_cycle_collection():
    """Pause Python's cycle collector during a render.

    A render (parse, layout, drawing) allocates a few hundred thousand nodes, boxes and styles that
    all live until the PDF is written, so every generational collection in between scans them and
    frees nothing: about a seventh of the render's time. Reference counting still frees everything
    else at once; the render's cycles are collected after it, or never in a render child.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _limit(cpu_seconds: float | None) -> None:
    """Lower this process's priority and cap its CPU time (the kernel stops it with SIGXCPU past the cap)."""
    os.nice(RENDER_NICENESS)
    if cpu_seconds:
        limit = max(1, int(cpu_seconds + 0.999))
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 2))


def _child(connection, html: str, paper: str, cpu_seconds: float | None = None) -> None:
    # This process renders once and exits, and the OS takes its memory back: no cycle collection at
    # all (re-enabling it would make the first allocation after the render scan all of it).
    gc.disable()
    _limit(cpu_seconds)
    try:
        connection.send(("ok", html_to_pdf(html, paper)))
    except BaseException as exc:  # report every failure to the parent instead of dying silently
        connection.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


def render(html: str, paper: str = "a4", timeout: float = 60, cpu_seconds: float | None = None) -> bytes:
    """Render in a child process; RenderTimeout past `timeout` seconds or `cpu_seconds` of CPU, RenderFailed when
    the child fails."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(sender, html, paper, cpu_seconds), daemon=True)
    process.start()
    sender.close()
    if not receiver.poll(timeout):
        process.kill()
        process.join()
        raise RenderTimeout(f"rendering took longer than {timeout:g} seconds")
    try:
        status, payload = receiver.recv()
    except EOFError:  # the child died without a word: its CPU limit, killed for memory, or a crash in C code
        process.join()
        if process.exitcode == -signal.SIGXCPU:
            raise RenderTimeout(f"rendering used more than {cpu_seconds:g} seconds of CPU") from None
        raise RenderFailed(f"the render process ended unexpectedly (exit code {process.exitcode})") from None
    process.join()
    if status != "ok":
        raise RenderFailed(payload)
    return payload
