"""The state of renders that run in the background, shared by every web worker and the consumer (no Flask).

A job is a small JSON file beside the file it will produce (<instance>/renders/<id>/<name>.job): created once,
atomically, by the request that starts the render (so two downloads of the same content start one render),
marked when the consumer starts it, removed when the file is in the cache, or marked failed with the reason.
A job nobody picked up or finished within its time is stale: the next request says so and may start it again.
"""
from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from app.report.renders import TEMPORARY, Entry, RenderCache

HEARTBEAT = ".consumer"  # touched every few seconds by a running consumer (`flask --app wsgi worker`)


@dataclass(frozen=True)
class Job:
    """A render in the background: who asked (a hash of the client), when it was queued and started, how it failed."""

    path: Path
    client: str
    queued: float
    started: float | None = None
    failed: str | None = None  # "timeout", "failed", "busy" or "no-consumer"

    @property
    def running(self) -> bool:
        return self.started is not None and self.failed is None


class Jobs:
    """The render jobs of one cache folder."""

    def __init__(self, cache: RenderCache, max_wait: float, max_run: float):
        self.cache, self.max_wait, self.max_run = cache, max_wait, max_run

    def path(self, item: Entry) -> Path:
        return self.cache.path(item).with_name(item.name + ".job")

    def read(self, item: Entry) -> Job | None:
        """The job of this file, None when there is none; a job past its time is reported failed."""
        return self._load(self.path(item))

    def _load(self, path: Path) -> Job | None:
        try:
            data = json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            return None
        job = Job(path, data.get("client", ""), data.get("queued", 0.0), data.get("started"), data.get("failed"))
        now = time.time()
        if job.failed is None and job.started is None and now - job.queued > self.max_wait:
            return Job(path, job.client, job.queued, None, "busy")
        if job.failed is None and job.started is not None and now - job.started > self.max_run:
            return Job(path, job.client, job.queued, job.started, "timeout")
        return job

    def claim(self, item: Entry, client: str) -> bool:
        """Create the job for this file; False when another request created it first."""
        path = self.path(item)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._write_temporary(path.parent, {"client": client, "queued": time.time()})
        try:
            os.link(temporary, path)  # atomic and exclusive: fails when the job exists
            return True
        except FileExistsError:
            return False
        finally:
            os.unlink(temporary)

    def update(self, item: Entry, **changes) -> None:
        """Record that the consumer started the job, or why it failed (the file is replaced atomically)."""
        path = self.path(item)
        try:
            data = json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            data = {"client": "", "queued": time.time()}
        data.update(changes)
        os.replace(self._write_temporary(path.parent, data), path)

    def clear(self, item: Entry) -> None:
        self.path(item).unlink(missing_ok=True)

    def pending(self) -> list[Job]:
        """Every job still waiting or running, oldest first."""
        jobs = (self._load(path) for path in self.cache.root.glob("*/*.job"))
        return sorted((job for job in jobs if job is not None and job.failed is None), key=lambda job: job.queued)

    def ahead_of(self, item: Entry) -> int:
        """How many renders wait to start before this one."""
        mine = self.read(item)
        if mine is None or mine.started is not None:
            return 0
        return sum(1 for job in self.pending() if job.started is None and job.queued < mine.queued)

    def consumer_alive(self, within: float = 20.0) -> bool:
        """Whether a consumer has shown a sign of life recently."""
        try:
            return time.time() - (self.cache.root / HEARTBEAT).stat().st_mtime < within
        except FileNotFoundError:
            return False

    def beat(self) -> None:
        """The consumer's sign of life."""
        self.cache.root.mkdir(parents=True, exist_ok=True)
        (self.cache.root / HEARTBEAT).touch()

    @staticmethod
    def _write_temporary(folder: Path, data: dict) -> str:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=TEMPORARY)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(data, handle)
        return temporary
