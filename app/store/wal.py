"""Start-up check of SQLite's write-ahead log, before any connection opens (and silently repairs) it.

When SQLite opens a database it replays the WAL up to the first frame whose checksum fails and
drops the rest without a word, committed transactions included. A damaged frame in the middle of
the log would so lose answers the app had confirmed. This module reads the log the way SQLite
does (https://www.sqlite.org/fileformat2.html#walformat) and reports committed frames that lie
beyond the first bad one; the caller logs it and keeps a copy of the log for recovery.
"""
from __future__ import annotations

import shutil
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HEADER = 32
FRAME_HEADER = 24
MAGIC = {0x377F0682: "<", 0x377F0683: ">"}  # the low bit says the checksums' byte order


@dataclass(frozen=True)
class WalReport:
    frames: int  # complete frames in the file
    valid: int  # frames SQLite will replay
    lost_commits: int  # committed transactions after the first bad frame, which SQLite would drop


def _checksum(data: bytes, order: str, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def inspect(wal: Path) -> WalReport | None:
    """Read a WAL file; None when there is none, it is empty, or its header is not a WAL header."""
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:HEADER])
    order = MAGIC.get(magic)
    if order is None or _checksum(data[:24], order) != (c0, c1):
        return None
    size = FRAME_HEADER + page_size
    count = (len(data) - HEADER) // size
    s0, s1, valid, broken, lost = c0, c1, 0, False, 0
    for n in range(count):
        start = HEADER + n * size
        page, commit, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", data[start:start + FRAME_HEADER])
        if (f_salt1, f_salt2) != (salt1, salt2):
            break  # an older generation of the log: SQLite stops here too, and nothing of ours is lost
        s0, s1 = _checksum(data[start:start + 8] + data[start + FRAME_HEADER:start + size], order, s0, s1)
        if broken or (s0, s1) != (f0, f1):
            broken = True
            lost += commit != 0
            continue
        valid += 1
    return WalReport(frames=count, valid=valid, lost_commits=lost)


def check(database: str | Path, log) -> WalReport | None:
    """Before opening `database`: log an error and keep a copy of its WAL if replaying it would drop commits."""
    if str(database) in ("", ":memory:") or str(database).startswith("file:"):
        return None
    wal = Path(f"{database}-wal")
    report = inspect(wal)
    if report and report.lost_commits:
        keep = wal.with_name(f"{wal.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
        shutil.copy2(wal, keep)
        log.error("database %s: its write-ahead log is damaged at frame %d of %d; %d committed transaction(s) after "
                  "it cannot be replayed and will be missing. A copy of the log is kept as %s; restore the database "
                  "from a backup or recover from that copy.", database, report.valid + 1, report.frames,
                  report.lost_commits, keep)
    return report
