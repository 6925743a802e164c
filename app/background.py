"""Background work: PDF renders run in a small pool outside the web workers (Huey with its SQLite storage).

The web request that finds no cached PDF claims a render job, puts the report HTML on the queue and answers at
once with a "preparing your report" page; `flask --app wsgi worker` (started by scripts/run beside the web
server) takes jobs off the queue, a few at a time, and puts each PDF in the render cache. So however many people
download at once, at most RENDER_WORKERS renders run on the machine, each in a child process with a CPU-time and
a wall-clock limit, and pages keep answering. Huey's SQLite storage needs no server; with RENDER_QUEUE set to
"immediate" (the tests' setting) a job runs inside the request that queued it.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from huey import SqliteHuey

from app.report import pdf
from app.report.render_jobs import Jobs
from app.report.renders import Entry, RenderCache

log = logging.getLogger("app.background")
EXTENSION = "csm_background"
DEFAULTS = {
    "RENDER_QUEUE": None,  # "sqlite" (a consumer process renders) or "immediate" (in the request); tests: immediate
    "RENDER_WORKERS": 1,  # renders at once, for the whole server (the consumer's threads)
    "RENDER_CPU_SECONDS": 30,  # CPU time one render may use
    "RENDER_QUEUE_WAIT": 300,  # seconds a job may wait for a free renderer before the user is told to retry
    "RENDER_QUEUE_PER_CLIENT": 3,  # renders one client address may have waiting or running
    "RENDER_QUEUE_MAX": 40,  # renders waiting or running in all
    "RENDER_CACHE_BYTES": 200 * 1024 * 1024,  # the size cap of <instance>/renders/
}


@dataclass
class Background:
    """The queue, the render cache and the render jobs of one app."""

    queue: SqliteHuey
    cache: RenderCache
    jobs: Jobs
    render_task: object

    def render_pdf(self, item: Entry, html: str, paper: str) -> None:
        """Queue the render of a claimed job (in immediate mode it is done when this returns)."""
        self.queue.enqueue(self.render_task.s(item.assessment_id, item.kind, item.variant, item.digest, item.suffix,
                                              html, paper))


def init_app(app: Flask) -> None:
    """Create the queue and the cache from the app's configuration and register the render task."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    mode = app.config["RENDER_QUEUE"] or ("immediate" if app.testing else "sqlite")
    filename = Path(app.instance_path) / "queue.db"
    if mode != "immediate" and not filename.exists():
        # Queued jobs carry the report's HTML (answers, notes): owner-only, like the database (SQLite gives its
        # -wal and -shm files the same mode).
        os.close(os.open(filename, os.O_WRONLY | os.O_CREAT, 0o600))
    queue = SqliteHuey("csmaturity", filename=str(filename), results=False, immediate=mode == "immediate")
    cache = RenderCache(app.instance_path, int(app.config["RENDER_CACHE_BYTES"]))
    # A job that started but neither finished nor failed within its time limit was lost (its consumer died).
    jobs = Jobs(cache, max_wait=float(app.config["RENDER_QUEUE_WAIT"]), max_run=float(app.config["PDF_TIMEOUT"]) + 15)

    def render_report(assessment_id, kind, variant, digest, suffix, html, paper):
        """Render one queued PDF into the cache, or record why it failed (the waiting page reads the job)."""
        item = Entry(assessment_id, kind, variant, digest, suffix)
        job = jobs.read(item)
        if job is None or job.failed:  # the assessment was deleted, or the user was told to try again
            return
        jobs.update(item, started=time.time())
        try:
            document = pdf.render(html, paper, timeout=float(app.config["PDF_TIMEOUT"]),
                                  cpu_seconds=float(app.config["RENDER_CPU_SECONDS"]))
        except pdf.RenderTimeout as exc:
            log.warning("PDF render of assessment %s stopped: %s", assessment_id, exc)
            jobs.update(item, failed="timeout")
            return
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the waiting page must learn it
            log.error("PDF render of assessment %s failed: %s", assessment_id, exc)
            jobs.update(item, failed="failed")
            return
        if jobs.read(item) is not None:  # not deleted with its assessment while it rendered
            cache.put(item, document)
        jobs.clear(item)

    task = queue.task(name="render_report")(render_report)
    app.extensions[EXTENSION] = Background(queue, cache, jobs, task)


def background(app: Flask) -> Background:
    """The app's queue, cache and jobs."""
    return app.extensions[EXTENSION]


def run_consumer(app: Flask, workers: int) -> None:
    """Take render jobs off the queue until SIGINT or SIGTERM (what `flask --app wsgi worker` runs)."""
    found = background(app)
    if found.queue.immediate:
        raise RuntimeError("RENDER_QUEUE is 'immediate': renders run in the web request, there is no queue to consume")
    stop = threading.Event()

    def heartbeat():
        while not stop.wait(5):
            found.jobs.beat()

    found.jobs.beat()
    threading.Thread(target=heartbeat, name="consumer-heartbeat", daemon=True).start()
    # Threads are enough: each render runs in its own child process. Poll at least every half second, so a
    # job queued after a quiet spell starts at once.
    consumer = found.queue.create_consumer(workers=workers, worker_type="thread", max_delay=0.5)
    try:
        consumer.run()
    finally:
        stop.set()
