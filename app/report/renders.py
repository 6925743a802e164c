"""Generated files built once per content: a bounded cache of plain files under <instance>/renders/ (no Flask).

Every generated file (the PDF report, the charter as Word or Markdown, the roadmap and distribution CSVs, the
slide deck) is named by a digest of what it is made from: the assessment's content version (answers, profile,
charter, branding, questionnaire and code version), the kind of file and its options (paper size, the report
date). Unchanged content is served from the file; any change names another file. The digest doubles as the
download's ETag.

Files live in <instance>/renders/<assessment id>/, so deleting an assessment removes its folder
(`remove_renders`). Several worker processes share the folder safely: a file is written under a temporary name
and renamed into place, so a reader sees a whole file or none; the folder stays under a size cap by removing
the least recently served files first.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

FOLDER = "renders"
DEFAULT_LIMIT_BYTES = 200 * 1024 * 1024
TEMPORARY = ".tmp-"
# A temporary file older than this was left by a process that died while writing it.
ABANDONED_AFTER = 3600


@dataclass(frozen=True)
class Entry:
    """One generated file: which assessment, what kind (with its variant, e.g. the paper size), and its content digest."""

    assessment_id: int
    kind: str
    variant: str
    digest: str
    suffix: str

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.variant}-{self.digest}{self.suffix}" if self.variant else \
            f"{self.kind}-{self.digest}{self.suffix}"

    @property
    def family(self) -> str:
        """The prefix every version of this kind and variant shares: a newer version replaces the older ones."""
        return self.name.removesuffix(f"{self.digest}{self.suffix}")

    @property
    def etag(self) -> str:
        return self.digest


def entry(assessment_id: int, content_version: str, kind: str, suffix: str, variant: str = "", **options) -> Entry:
    """The cache entry of a file of `kind` built from this content version with these options."""
    named = json.dumps([content_version, kind, variant, sorted((k, str(v)) for k, v in options.items())])
    digest = hashlib.sha256(named.encode()).hexdigest()[:32]
    return Entry(int(assessment_id), kind, variant, digest, suffix)


def remove_renders(instance_path: str | os.PathLike, *assessment_ids: int) -> None:
    """Delete every generated file (and render job) of these assessments: call it when they are deleted."""
    for assessment_id in assessment_ids:
        shutil.rmtree(Path(instance_path) / FOLDER / str(int(assessment_id)), ignore_errors=True)


class RenderCache:
    """The files under <instance>/renders/, at most `limit_bytes` in all."""

    def __init__(self, instance_path: str | os.PathLike, limit_bytes: int = DEFAULT_LIMIT_BYTES):
        self.root = Path(instance_path) / FOLDER
        self.limit_bytes = limit_bytes

    def folder(self, assessment_id: int) -> Path:
        return self.root / str(int(assessment_id))

    def path(self, item: Entry) -> Path:
        return self.folder(item.assessment_id) / item.name

    def open(self, item: Entry) -> BinaryIO | None:
        """The cached file opened for reading (it stays readable even if evicted meanwhile), or None."""
        try:
            handle = open(self.path(item), "rb")  # noqa: SIM115 - the response closes it
        except FileNotFoundError:
            return None
        with suppress(OSError):  # a read-only cache still serves the file, only its eviction order is lost
            os.utime(handle.fileno())  # served now: the last to be evicted
        return handle

    def read(self, item: Entry) -> bytes | None:
        """The cached bytes, or None."""
        handle = self.open(item)
        if handle is None:
            return None
        with handle:
            return handle.read()

    def put(self, item: Entry, data: bytes) -> Path:
        """Store a file atomically (a reader never sees half of it), drop its older versions, keep the cap."""
        folder = self.folder(item.assessment_id)
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=TEMPORARY)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(temporary, self.path(item))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._drop_older(item)
        self.trim()
        return self.path(item)

    def fetch(self, item: Entry, build: Callable[[], bytes]) -> bytes:
        """The cached bytes, or build them once and keep them."""
        data = self.read(item)
        if data is None:
            data = build()
            self.put(item, data)
        return data

    def _drop_older(self, item: Entry) -> None:
        for other in self.folder(item.assessment_id).glob(f"{item.family}*{item.suffix}"):
            if other.name != item.name and other.name.removeprefix(item.family).count("-") == 0:
                other.unlink(missing_ok=True)

    def files(self) -> list[tuple[float, int, Path]]:
        """Every cached file as (last served, size, path)."""
        found = []
        for path in self.root.glob("*/*"):
            try:
                info = path.stat()
            except FileNotFoundError:  # another process evicted it just now
                continue
            if path.name.startswith(TEMPORARY):
                if time.time() - info.st_mtime > ABANDONED_AFTER:
                    path.unlink(missing_ok=True)
                continue
            if path.suffix != ".job":
                found.append((info.st_mtime, info.st_size, path))
        return found

    def size(self) -> int:
        return sum(size for _, size, _ in self.files())

    def trim(self) -> None:
        """Remove the least recently served files until the cache is under its cap."""
        files = sorted(self.files())
        total = sum(size for _, size, _ in files)
        for _, size, path in files:
            if total <= self.limit_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
