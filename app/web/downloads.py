"""Generated downloads, built once per content and served with an ETag; PDFs rendered in the background.

`generated()` serves any builder that returns bytes (charter DOCX and Markdown, the CSVs, the slide deck) from the
render cache, building it on the first download of this content. `report_pdf()` does the same for the PDF
report, but a PDF takes seconds to render: the first download queues the render and answers at once with a
"preparing your report" page, which refreshes itself (or, with JavaScript, polls) until the file is ready and
then downloads it. A repeat download of unchanged content answers 304 to If-None-Match, or sends the cached file.
"""
from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Callable
from datetime import date
from pathlib import PurePath

from flask import abort, current_app, render_template, request, send_file, url_for

from app.assessments import AssessmentContext
from app.background import background
from app.report import context as reports
from app.report import pdf, renders
from app.report.renders import Entry

# How long a queued job may wait without any consumer alive before the page says the service is down.
NO_CONSUMER_GRACE = 8
FAILURES = {
    "timeout": ("The PDF took too long", "Rendering the report took longer than allowed. Please try again in a minute."),
    "failed": ("The PDF could not be made", "The PDF renderer stopped unexpectedly. Your answers are safe; please "
               "try again in a minute, and tell the operator if it keeps happening."),
    "busy": ("The server is busy", "Many reports are being prepared at the moment and yours did not get its turn in "
             "time. Your answers are safe; please try again in a few minutes."),
    "no-consumer": ("Reports cannot be prepared right now", "The server's report service is not running, so the PDF "
                    "cannot be made. Your answers are safe; please tell the operator."),
}


def generated(context: AssessmentContext, kind: str, build: Callable[[], bytes], *, mimetype: str, filename: str,
              variant: str = "", **options):
    """Serve a generated file of `kind` for this assessment's content: from the cache, or built once by `build`.

    The key is the content version, the kind, the variant (e.g. the paper size), the options and today's date
    (covers, due dates and decks print it). A builder plugs in with one call, e.g. for the slide deck:
    `generated(grant.context, "deck", lambda: deck.build(grant.context), mimetype=PPTX, filename="....pptx")`.
    """
    item = renders.entry(context.assessment.id, context.content_version, kind, PurePath(filename).suffix, variant,
                         day=date.today().isoformat(), **options)
    if request.if_none_match.contains(item.etag):
        return _not_modified(item)
    cache = background(current_app).cache
    handle = cache.open(item)
    if handle is None:
        data = build()
        cache.put(item, data)
        handle = cache.open(item) or data  # a cap smaller than the file: serve what was built
    return _send(item, handle, mimetype, filename)


def _not_modified(item: Entry):
    response = current_app.response_class(status=304)
    response.set_etag(item.etag)
    return response


def _send(item: Entry, handle, mimetype: str, filename: str):
    if isinstance(handle, bytes):
        handle = io.BytesIO(handle)
    response = send_file(handle, mimetype=mimetype, as_attachment=True, download_name=filename, etag=item.etag,
                         conditional=True)
    # The names are ASCII slugs (reports.filename); quoted as they always were.
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_pdf(context: AssessmentContext, back_url: str):
    """The full report as a PDF (A4, or ?paper=letter): the cached file, or a page that waits for its render."""
    paper = request.args.get("paper", "a4")
    if paper not in pdf.PAPER_SIZES:
        abort(404)
    # The report prints its date: tomorrow's download is another file.
    item = renders.entry(context.assessment.id, context.content_version, "report", ".pdf", paper,
                         day=date.today().isoformat())
    if request.if_none_match.contains(item.etag):
        return _not_modified(item)
    found = background(current_app)
    waiting = "wait" in request.args  # the waiting page asking again: answer with a page, not the file
    handle = found.cache.open(item)
    if handle is None:
        problem = _start(found, item, context, paper)
        if problem is not None:
            return problem
        handle = found.cache.open(item)  # in immediate mode the render is done
    if handle is not None and not waiting:
        return _send(item, handle, "application/pdf", reports.filename(context.assessment.organisation))
    if handle is not None:
        handle.close()
    return _waiting(found, item, paper, back_url, ready=handle is not None)


def _start(found, item: Entry, context: AssessmentContext, paper: str):
    """Queue the render unless a job for this file exists; a response when it failed or the client must wait."""
    job = found.jobs.read(item)
    if job is None:
        refused = _refused(found)
        if refused is not None:
            return refused
        if found.jobs.claim(item, client_key()):
            found.render_pdf(item, reports.render_html(context.full_report), paper)
        job = found.jobs.read(item)
    if job is not None and job.failed is None and job.started is None and not found.queue.immediate \
            and time.time() - job.queued > NO_CONSUMER_GRACE and not found.jobs.consumer_alive():
        found.jobs.update(item, failed="no-consumer")
        current_app.logger.error("a PDF render is waiting but no consumer runs: start `flask --app wsgi worker`")
        job = found.jobs.read(item)
    if job is not None and job.failed:
        found.jobs.clear(item)  # the next download tries again
        return _failure(job.failed)
    return None


def _refused(found):
    """A 429 when this client already waits for several renders, a 503 when the whole queue is full."""
    pending = found.jobs.pending()
    mine = sum(1 for job in pending if job.client == client_key())
    limit = int(current_app.config["RENDER_QUEUE_PER_CLIENT"])
    if mine >= limit:
        return render_template("error.html", code=429, title="Your other reports come first", text=(
            f"{mine} reports you asked for are still being prepared. Wait until they are ready, then download this "
            "one.")), 429, {"Retry-After": "30"}
    if len(pending) >= int(current_app.config["RENDER_QUEUE_MAX"]):
        return _failure("busy")
    return None


def _failure(reason: str):
    title, text = FAILURES.get(reason, FAILURES["failed"])
    if _wants_json():
        return {"state": "failed", "title": title, "message": text}, 503, {"Retry-After": "60"}
    return render_template("error.html", code=503, title=title, text=text), 503, {"Retry-After": "60"}


def _waiting(found, item: Entry, paper: str, back_url: str, ready: bool):
    """The page (or, for the page's script, the JSON) that says how the render is getting on."""
    job = found.jobs.read(item)
    state = "ready" if ready else ("rendering" if job is not None and job.running else "queued")
    ahead = found.jobs.ahead_of(item) if state == "queued" else 0
    args = dict(request.view_args or {}, paper=paper)
    file_url, wait_url = url_for(request.endpoint, **args), url_for(request.endpoint, **args, wait=1)
    if _wants_json():
        return {"state": state, "ahead": ahead, "file_url": file_url}, 200 if ready else 202
    return render_template("downloads/preparing.html", state=state, ahead=ahead, file_url=file_url,
                           wait_url=wait_url, back_url=back_url, paper=paper), 200 if ready else 202


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def client_key() -> str:
    """Who is asking, for the per-client queue limit: a hash of the client's address (behind the trusted proxies)."""
    return hashlib.sha256((request.remote_addr or "").encode()).hexdigest()[:16]
