"""Start-up check of SQLite's write-ahead log, before any connection opens (and silently repairs) it.

When SQLite opens a database after a crash it replays the WAL up to the last commit whose frames
all check out, and drops the rest without a word. A flipped salt in the log's header dropped 96 of
96 committed answers; a log cut in half dropped 48. This module reads the files the way SQLite
does (https://www.sqlite.org/fileformat2.html#walformat and #walindexformat) and compares two
records of the same history:
- the log itself: its header, and each frame's salt and running checksum;
- the wal-index (the `-shm` file), whose header SQLite rewrites at every commit with the number of
  frames committed (mxFrame) and the log's salts: SQLite's own write counter, which a killed process
  leaves behind. SQLite throws it away on open; it is read here first.
A log that would replay fewer committed frames than the wal-index counted, or with other salts, or
whose frames break before a later commit, has lost committed transactions.
A database that another process has open is live, not a crash's leftovers: it is not judged.
"""
from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

HEADER = 32
FRAME_HEADER = 24
INDEX_HEADER = 48  # one copy of the wal-index header; SQLite keeps two, one after the other
BACKFILL = 96  # offset of nBackfill: how many of the committed frames are already copied into the database file
MAGIC = {0x377F0682: "<", 0x377F0683: ">"}  # the low bit says the checksums' byte order
NATIVE = "<" if sys.byteorder == "little" else ">"


@dataclass(frozen=True)
class WalReport:
    frames: int  # complete frames in the file
    valid: int  # frames SQLite will replay (salts match, checksums chain)
    lost_commits: int  # committed transactions after the first bad frame, which SQLite would drop
    header_ok: bool = True
    salts: tuple[int, int] = (0, 0)
    last_commit: int = 0  # the last frame SQLite will replay that ends a transaction (1-based; 0: none)
    partial: bool = False  # the file ends inside a frame


@dataclass(frozen=True)
class WalIndex:
    mx_frame: int  # frames committed, as the last writer counted them
    salts: tuple[int, int]
    backfilled: int = 0  # of those, frames a checkpoint already copied into the database file

    @property
    def pending(self) -> int:
        """Committed frames that exist only in the log."""
        return max(0, self.mx_frame - self.backfilled)


def _checksum(data: bytes, order: str, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def inspect(wal: Path) -> WalReport | None:
    """Read a WAL file; None when there is none, it is empty, or it does not start like a WAL."""
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:HEADER])
    order = MAGIC.get(magic)
    if order is None or page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return None
    header_ok = _checksum(data[:24], order) == (c0, c1)
    size = FRAME_HEADER + page_size
    count = (len(data) - HEADER) // size
    if not header_ok:  # SQLite ignores the whole log; count what it holds all the same
        commits = sum(1 for n in range(count) if struct.unpack(">I", data[HEADER + n * size + 4:][:4])[0])
        return WalReport(count, 0, commits, False, (salt1, salt2), 0, (len(data) - HEADER) % size != 0)
    s0, s1, valid, broken, lost, last_commit = c0, c1, 0, False, 0, 0
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
        last_commit = n + 1 if commit else last_commit
    return WalReport(count, valid, lost, True, (salt1, salt2), last_commit, (len(data) - HEADER) % size != 0)


def read_index(shm: Path) -> WalIndex | None:
    """The wal-index header a writer left in the -shm file, when both copies agree and check out; else None."""
    try:
        with open(shm, "rb") as handle:
            data = handle.read(BACKFILL + 4)
    except (FileNotFoundError, PermissionError):
        return None
    if len(data) < BACKFILL + 4 or data[:INDEX_HEADER] != data[INDEX_HEADER:INDEX_HEADER * 2]:
        return None
    fields = struct.unpack(f"{NATIVE}3I2BH2I2I2I2I", data[:INDEX_HEADER])
    is_init, mx_frame, cksum = fields[3], fields[6], fields[12:14]
    salts = struct.unpack(">2I", data[32:40])  # copied byte for byte from the log's (big-endian) header
    if not is_init or _checksum(data[:40], NATIVE) != cksum:
        return None
    return WalIndex(mx_frame, tuple(salts), struct.unpack(f"{NATIVE}I", data[BACKFILL:BACKFILL + 4])[0])


def in_use(*paths: Path) -> bool:
    """True when some process holds a lock on one of these files (/proc/locks): a live database, not leftovers.

    The files are only stat()ed: opening and closing one would drop this process's own SQLite
    locks on it (POSIX locks belong to the process, and any close releases them).
    """
    keys = set()
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        keys.add(f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}")
    try:
        with open("/proc/locks") as locks:
            return any(len(line.split()) > 5 and line.split()[5] in keys for line in locks)
    except OSError:
        return True  # cannot tell: take it as live, so nothing is judged on a guess


def damage(database: str | Path) -> str | None:
    """What a replay of `database`'s WAL would lose, in words; None when nothing committed would be lost."""
    wal, shm = Path(f"{database}-wal"), Path(f"{database}-shm")
    if in_use(Path(database), shm):
        return None
    index = read_index(shm)  # read first: a writer that starts now only adds frames to the log
    report = inspect(wal)
    pending = index.pending if index else 0
    if report is None:
        return f"its write-ahead log {wal} is missing, but {pending} committed frame(s) were only in it" if pending else None
    if not report.header_ok:
        if pending or (index is None and report.lost_commits):
            return (f"the header of its write-ahead log {wal} is damaged, so SQLite would drop every committed "
                    f"transaction in it ({max(report.lost_commits, 1)})")
        return None
    if index is not None and not pending:
        return None  # every committed frame is already in the database file
    if report.lost_commits:
        return (f"its write-ahead log {wal} is damaged at frame {report.valid + 1} of {report.frames}; "
                f"{report.lost_commits} committed transaction(s) after it would be dropped")
    if index is None:
        return None
    if report.salts != index.salts:
        return f"its write-ahead log {wal} does not match the record of its last commit (its salts differ)"
    if max(report.last_commit, index.backfilled) < index.mx_frame:
        return (f"its write-ahead log {wal} ends early: the last commit was recorded at frame {index.mx_frame}, "
                f"but only {report.last_commit} frame(s) can be replayed (the file was cut short)")
    return None
