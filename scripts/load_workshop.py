"""Load test: a workshop of N participants answering the full questionnaire at once, against a bare floor.

Usage: .venv/bin/python scripts/load_workshop.py [--participants 50] [--workers 4] [--threads 1]
                                                 [--timeout 300] [--seed 1] [--keep]
                                                 [--rooms 20,200] [--room-rounds 20] [--rooms-only]

1. Creates a temporary folder with a fresh database, applies the migrations, creates a facilitator
   and a full-path workshop with the CLI, and serves the app with gunicorn on 127.0.0.1.
2. N participants (one thread and one cookie jar each) join with the workshop code at the same
   moment and answer every section of the full questionnaire with random levels and some notes.
   Every request's latency is recorded by type; every non-2xx/3xx response, exception, or body
   that mentions "database is locked" is an error.
3. Checks in the database that every participant exists once and that every answer whose save
   was acknowledged (302) is stored exactly once with the value and note sent.
4. Serves scripts/bare_app.py the same way (same gunicorn settings, its own database) and sends
   the same number of requests with the same concurrency to a bare Flask page (GET /bare) and a
   bare one-row sqlite-utils insert (POST /insert).
5. Prints the table and the goals. Exit code 0 only when there were no errors and the storage
   check passed; timings are reported, not asserted.
6. With --rooms (20 and 200 people unless "none"), serves a fresh database again and times the
   presenter and the dashboard in a room of each size, one request at a time (scripts/load_rooms.py),
   and prints each median with the ratio of the largest room to the smallest. --rooms-only skips
   steps 2-5.

Only ever talks to 127.0.0.1; every loop is bounded, the whole run by --timeout; the servers it
starts are always stopped (their whole process group).
"""
from __future__ import annotations

import argparse
import contextlib
import html
import http.cookiejar
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.questionnaire import NOT_APPLICABLE, UNKNOWN, load_all  # noqa: E402
from app.store.core import token_hash  # noqa: E402

HOST = "127.0.0.1"
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "gunicorn").exists() else Path(sys.executable).parent
REQUEST_TIMEOUT = 60.0  # one request; the global deadline caps it further
LOCKED = "database is locked"

JOIN_GET, JOIN_POST, PAGE_GET, SAVE_POST = "join page GET", "join POST", "section page GET", "answer save POST"
BARE_GET, BARE_INSERT = "bare GET /bare", "bare POST /insert"
KINDS = [JOIN_GET, JOIN_POST, PAGE_GET, SAVE_POST, BARE_GET, BARE_INSERT]
CSRF_INPUT = re.compile(r"<input\b[^>]*\bname=\"csrf_token\"[^>]*>")
VALUE_ATTR = re.compile(r"\bvalue=\"([^\"]*)\"")


class OutOfTime(Exception):
    """The run's global time limit was reached."""


class Deadline:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise OutOfTime("global timeout reached")


class Recorder:
    """Latencies by request type and every error, shared by all client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.errors: list[tuple[str, str, str]] = []
        self.locked = 0

    def timing(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)

    def error(self, kind: str, path: str, detail: str) -> None:
        with self.lock:
            self.errors.append((kind, _redact(path), detail))

    def lock_error(self, kind: str, path: str) -> None:
        with self.lock:
            self.locked += 1
            self.errors.append((kind, _redact(path), f'response body contains "{LOCKED}"'))

    def errors_of(self, kinds) -> list[tuple[str, str, str]]:
        return [e for e in self.errors if e[0] in kinds]


def _redact(path: str) -> str:
    """Private tokens do not belong in a printed report."""
    return re.sub(r"/r/[^/]+", "/r/<token>", path)


@dataclass
class Response:
    status: int
    location: str | None
    body: str


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand every 3xx back as it is: the flow checks where it points and follows it itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    """One browser: its own cookie jar, no proxy, never leaves 127.0.0.1:port."""

    def __init__(self, port: int, recorder: Recorder, deadline: Deadline):
        self.base = f"http://{HOST}:{port}"
        self.recorder, self.deadline = recorder, deadline
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, kind: str, path: str, form: dict | None = None) -> Response | None:
        """One timed request; None (and an error recorded) when it did not get a response."""
        if not path.startswith("/") or path.startswith("//"):
            raise ValueError(f"refusing to leave {self.base}: {path!r}")
        self.deadline.check()
        data = urllib.parse.urlencode(form).encode("utf-8") if form is not None else None
        req = urllib.request.Request(self.base + path, data=data)
        timeout = max(0.5, min(REQUEST_TIMEOUT, self.deadline.remaining()))
        start = time.perf_counter()
        try:
            try:
                with self.opener.open(req, timeout=timeout) as resp:
                    status, headers, raw = resp.status, resp.headers, resp.read()
            except urllib.error.HTTPError as exc:  # 3xx (NoRedirect), 4xx, 5xx
                status, headers, raw = exc.code, exc.headers, exc.read()
                exc.close()
        except Exception as exc:  # noqa: BLE001 - every failure is a reported error
            self.recorder.timing(kind, time.perf_counter() - start)
            self.recorder.error(kind, path, f"{type(exc).__name__}: {exc}")
            return None
        self.recorder.timing(kind, time.perf_counter() - start)
        body = raw.decode("utf-8", "replace")
        if LOCKED in body.lower():
            self.recorder.lock_error(kind, path)
        if not 200 <= status < 400:
            self.recorder.error(kind, path, f"HTTP {status}")
        location = headers.get("Location")
        if location:
            parts = urllib.parse.urlsplit(location)
            if parts.netloc and parts.netloc != f"{HOST}:{self.base.rsplit(':', 1)[1]}":
                self.recorder.error(kind, path, f"redirect off this server: {location}")
                location = None
            else:
                location = parts.path + (f"?{parts.query}" if parts.query else "")
        return Response(status, location, body)


def page_versions(body: str) -> dict[str, str]:
    """Each question's version and shown answer, as a browser posts them back with the page."""
    return dict(re.findall(r'name="([\w-]+__(?:version|shown))" value="([^"]*)"', body))


def csrf_token(body: str) -> str | None:
    tag = CSRF_INPUT.search(body)
    value = VALUE_ATTR.search(tag.group(0)) if tag else None
    return html.unescape(value.group(1)) if value else None


# ---------------------------------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_options() -> list[str]:
    """No control socket (gunicorn >= 25.1 opens one in ~/.gunicorn, shared by every instance of the user)."""
    try:
        from gunicorn import config
    except ImportError:
        return []
    return ["--no-control-socket"] if any(getattr(s, "name", None) == "control_socket_disable"
                                          for s in config.KNOWN_SETTINGS) else []


class Server:
    """A gunicorn in its own process group, logging to a file."""

    def __init__(self, name: str, app: str, env: dict, workers: int, threads: int, log: Path, port: int | None = None):
        self.name, self.port, self.log = name, port or free_port(), log
        command = [str(BIN / "gunicorn"), "-w", str(workers), "--threads", str(threads),
                   "--bind", f"{HOST}:{self.port}", *gunicorn_options(), app]
        self.handle = log.open("ab")  # a restarted server adds to its log
        self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=self.handle,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, path: str, deadline: Deadline, limit: float = 60.0) -> None:
        """Until the server answers a request (any HTTP status), bounded in time and tries."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        stop = time.monotonic() + min(limit, max(0.0, deadline.remaining()))
        while time.monotonic() < stop:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with opener.open(f"http://{HOST}:{self.port}{path}", timeout=2) as resp:
                    resp.read()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer on {HOST}:{self.port}:\n{self.log_tail()}")

    def warm_up(self, path: str, workers: int, threads: int, rounds: int = 3) -> None:
        """A few unmeasured rounds of concurrent requests, so every worker has booted and is serving."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

        def hit():
            with contextlib.suppress(OSError):  # warm-up only: a refused request is fine
                with opener.open(f"http://{HOST}:{self.port}{path}", timeout=10) as resp:
                    resp.read()

        for _ in range(rounds):
            pool = [threading.Thread(target=hit, daemon=True) for _ in range(2 * workers * threads)]
            for t in pool:
                t.start()
            for t in pool:
                t.join(timeout=15)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """TERM the whole process group, then KILL whatever is left."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # workers the master left behind, if any
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        self.handle.close()


def flask_cli(env: dict, *args: str, deadline: Deadline) -> str:
    result = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=max(1.0, min(120.0, deadline.remaining())), stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args[:2])} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


# ---------------------------------------------------------------------------------------- wizard load

@dataclass
class Participant:
    index: int
    name: str
    token: str | None = None
    saved: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # acknowledged: qid -> (value, note)
    sections_saved: int = 0
    completed: bool = False


def random_answers(rng: random.Random, section, participant: Participant) -> dict[str, tuple[str, str | None]]:
    """Mostly levels, now and then "don't know" or "not applicable", a note on about one answer in six."""
    out = {}
    for question in section.questions:
        roll = rng.random()
        value = UNKNOWN if roll < 0.03 else NOT_APPLICABLE if roll < 0.05 else str(rng.choice(question.values))
        note = f"Évidence {participant.index}/{question.id}: {secrets.token_hex(4)}" if rng.random() < 1 / 6 else None
        out[question.id] = (value, note)
    return out


def run_participant(participant: Participant, sections, code: str, port: int, recorder: Recorder,
                    deadline: Deadline, barrier: threading.Barrier, seed: int) -> None:
    rng = random.Random(seed * 100_003 + participant.index)
    client = Client(port, recorder, deadline)
    try:
        with contextlib.suppress(threading.BrokenBarrierError):  # start together if possible, else anyway
            barrier.wait(timeout=max(1.0, min(60.0, deadline.remaining())))  # start anyway
        join_path = f"/w/{code}"
        page = client.request(JOIN_GET, join_path)
        token = csrf_token(page.body) if page else None
        if not token:
            if page:
                recorder.error(JOIN_GET, join_path, f"no csrf_token on the join page (HTTP {page.status})")
            return
        reply = client.request(JOIN_POST, join_path, {
            "csrf_token": token, "name": participant.name,
            "department": rng.choice(["customer_success", "sales", "product", "support", "finance"]),
            "level": rng.choice(["executive", "head_of", "manager", "individual"]), "join": "Join"})
        match = re.fullmatch(r"/r/([^/]+)/", reply.location or "") if reply and reply.status in (302, 303) else None
        if not match:
            if reply:
                recorder.error(JOIN_POST, join_path, f"expected a redirect to /r/<token>/, got HTTP {reply.status} "
                                                     f"to {_redact(reply.location or '-')}")
            return
        participant.token = match.group(1)
        base = f"/r/{participant.token}"
        for index, section in enumerate(sections):
            path = f"{base}/s/{section.id}"
            page = client.request(PAGE_GET, path)
            if page is None:
                return
            token = csrf_token(page.body)
            if page.status != 200 or not token:
                recorder.error(PAGE_GET, path, f"HTTP {page.status}, csrf token {'found' if token else 'missing'}")
                return
            answers = random_answers(rng, section, participant)
            form = {"csrf_token": token, "save": "Save", **page_versions(page.body)}
            for qid, (value, note) in answers.items():
                form[qid] = value
                if note:
                    form[qid + "__note"] = note
            reply = client.request(SAVE_POST, path, form)
            if reply is None:
                return
            expected = f"{base}/s/{sections[index + 1].id}" if index + 1 < len(sections) else f"{base}/review"
            if reply.status != 302:
                recorder.error(SAVE_POST, path, f"expected 302, got HTTP {reply.status}")
                return
            participant.saved.update(answers)
            participant.sections_saved += 1
            if reply.location != expected:
                recorder.error(SAVE_POST, path, f"redirected to {_redact(reply.location or '-')}, "
                                                f"expected {_redact(expected)}")
                return
        participant.completed = True
    except OutOfTime as exc:
        recorder.error("timeout", f"participant {participant.index}", str(exc))


def run_threads(targets, deadline: Deadline, recorder: Recorder, timeout_kind: str) -> float:
    """Start every target in its own thread, wait (bounded) for all of them; the wall time in seconds."""
    threads = [threading.Thread(target=t, daemon=True) for t in targets]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline.remaining()) + 1)
    wall = time.perf_counter() - start
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        recorder.error(timeout_kind, "-", f"{stuck} client thread(s) still running at the global timeout")
    return wall


def check_storage(db_path: Path, assessment_id: int, participants: list[Participant]) -> tuple[bool, list[str]]:
    """Every participant exists once; every acknowledged answer is stored exactly once with its value and note."""
    problems: list[str] = []
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        respondents = conn.execute("select count(*) from respondents where assessment_id = ?", [assessment_id]).fetchone()[0]
        joined = [p for p in participants if p.token]
        if respondents != len(participants):
            problems.append(f"{respondents} respondents in the workshop, expected {len(participants)}")
        if len(joined) != len(participants):
            problems.append(f"only {len(joined)} of {len(participants)} participants got a private link")
        for p in joined:
            rows = conn.execute("select id, name, assessment_id from respondents where token_hash = ?",
                                [token_hash(p.token)]).fetchall()
            same_name = conn.execute("select count(*) from respondents where assessment_id = ? and name = ?",
                                     [assessment_id, p.name]).fetchone()[0]
            if len(rows) != 1 or same_name != 1:
                problems.append(f"participant {p.index}: {len(rows)} row(s) for the token, {same_name} with the name")
                continue
            rid, name, aid = rows[0]
            if name != p.name or aid != assessment_id:
                problems.append(f"participant {p.index}: stored as {name!r} in assessment {aid}")
            stored = conn.execute("select question_id, value, note, count(*) from answers where respondent_id = ? "
                                  "group by question_id", [rid]).fetchall()
            by_qid = {qid: (value, note, count) for qid, value, note, count in stored}
            for qid, (value, note) in p.saved.items():
                if qid not in by_qid:
                    problems.append(f"participant {p.index}: {qid} acknowledged but not stored")
                    continue
                got_value, got_note, count = by_qid[qid]
                if count != 1 or got_value != value or (got_note or None) != (note or None):
                    problems.append(f"participant {p.index}: {qid} stored {count}x as {got_value!r}/{got_note!r}, "
                                    f"sent {value!r}/{note!r}")
            extra = set(by_qid) - set(p.saved)
            if p.completed and extra:
                problems.append(f"participant {p.index}: answers never sent are stored: {sorted(extra)[:5]}")
        integrity = conn.execute("pragma integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
    finally:
        conn.close()
    return not problems, problems


# ---------------------------------------------------------------------------------------- bare floor

def run_bare_client(index: int, pairs: int, port: int, recorder: Recorder, deadline: Deadline,
                    barrier: threading.Barrier, inserted: list[int]) -> None:
    client = Client(port, recorder, deadline)
    try:
        with contextlib.suppress(threading.BrokenBarrierError):  # start together if possible, else anyway
            barrier.wait(timeout=max(1.0, min(60.0, deadline.remaining())))
        for seq in range(pairs):
            client.request(BARE_GET, "/bare")
            reply = client.request(BARE_INSERT, "/insert", {"client": f"c{index}", "seq": str(seq),
                                                            "value": secrets.token_hex(8)})
            if reply is not None and reply.status == 201:
                inserted[index] += 1
    except OutOfTime as exc:
        recorder.error("bare timeout", f"bare client {index}", str(exc))


# ---------------------------------------------------------------------------------------- report

def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.1f}"


def table(recorder: Recorder, walls: dict[str, float]) -> str:
    head = f"{'request type':<22} {'count':>6} {'req/s':>8} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}"
    lines = [head, "-" * len(head)]
    for kind in KINDS:
        values = recorder.latencies[kind]
        wall = walls["bare" if kind in (BARE_GET, BARE_INSERT) else "wizard"]
        rate = len(values) / wall if wall > 0 else 0.0
        if kind == BARE_GET:
            lines.append("baselines (scripts/bare_app.py, same gunicorn settings and concurrency):")
        lines.append(f"{kind:<22} {len(values):>6} {rate:>8.1f} {ms(percentile(values, 50)):>9} "
                     f"{ms(percentile(values, 99)):>9} {ms(max(values) if values else None):>9}")
    return "\n".join(lines)


def goal(label: str, met: bool, detail: str) -> str:
    return f"  [{'met' if met else 'NOT met':>7}] {label}: {detail}"


def ratio_goal(label: str, value: float | None, floor: float | None, factor: float) -> str:
    if value is None or floor is None or floor <= 0:
        return goal(label, False, "not measured")
    return goal(label, value <= factor * floor,
                f"{value * 1000:.1f} ms vs {factor:g} x {floor * 1000:.1f} ms = {factor * floor * 1000:.1f} ms "
                f"({value / floor:.2f}x)")


# ---------------------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (>1 uses gthread)")
    parser.add_argument("--timeout", type=float, default=300.0, help="global limit for the whole run, in seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (databases, server logs)")
    parser.add_argument("--rooms", default="20,200", help='room sizes for the presenter and dashboard, or "none"')
    parser.add_argument("--room-rounds", type=int, default=20, help="questions walked and answers arriving per room")
    parser.add_argument("--rooms-only", action="store_true", help="only time the presenter and dashboard by room size")
    args = parser.parse_args(argv)
    if not 1 <= args.participants <= 1000 or not 1 <= args.workers <= 64 or not 1 <= args.threads <= 64:
        parser.error("participants 1-1000, workers 1-64, threads 1-64")
    sizes = [] if args.rooms == "none" else sorted({int(s) for s in args.rooms.split(",") if s.strip().isdigit()})
    if args.rooms != "none" and (len(sizes) < 2 or not all(1 <= s <= 1000 for s in sizes)
                                 or not 1 <= args.room_rounds <= 80):
        parser.error("--rooms needs two or more sizes from 1 to 1000 (or none); --room-rounds 1-80")
    if args.rooms_only:
        return rooms_phase(args, sizes, Deadline(args.timeout))

    deadline = Deadline(args.timeout)
    sections = load_all()["cs-maturity"].for_path("full").sections
    questions = sum(len(s.questions) for s in sections)
    recorder = Recorder()
    tmp = Path(tempfile.mkdtemp(prefix="csm-load-"))
    servers: list[Server] = []
    walls = {"wizard": 0.0, "bare": 0.0}
    storage_ok, problems, bare_rows, bare_acked = False, ["not checked"], None, 0
    participants: list[Participant] = []
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
        env.update({"FLASK_DATABASE": str(tmp / "app.db"), "CSM_INSTANCE_PATH": str(tmp / "instance"),
                    "FLASK_SECRET_KEY": secrets.token_hex(32), "CSM_FACILITATOR_PASSWORD": secrets.token_urlsafe(18),
                    "PYTHONUNBUFFERED": "1"})
        print(f"Workshop load: {args.participants} participants x {len(sections)} sections ({questions} questions), "
              f"gunicorn -w {args.workers} --threads {args.threads} "
              f"({'sync' if args.threads == 1 else 'gthread'} workers), {os.cpu_count()} CPUs; temp folder {tmp}", flush=True)

        flask_cli(env, "init-db", deadline=deadline)
        flask_cli(env, "facilitator", "create", "load@example.com", "--name", "Load Facilitator", deadline=deadline)
        port = free_port()
        created = json.loads(flask_cli(env, "workshop", "create", "--facilitator", "load@example.com", "--organisation",
                                       "Load Test Ltd", "--path", "full", "--base-url", f"http://{HOST}:{port}",
                                       deadline=deadline))
        app = Server("wizard", "wsgi:app", env, args.workers, args.threads, tmp / "wizard-gunicorn.log", port)
        servers.append(app)
        app.wait_ready("/", deadline)
        app.warm_up("/", args.workers, args.threads)

        participants = [Participant(i, f"Participant {i:03d} {secrets.token_hex(3)}") for i in range(args.participants)]
        barrier = threading.Barrier(args.participants)
        walls["wizard"] = run_threads(
            [lambda p=p: run_participant(p, sections, created["join_code"], app.port, recorder, deadline, barrier,
                                         args.seed) for p in participants], deadline, recorder, "timeout")
        app.stop()
        storage_ok, problems = check_storage(tmp / "app.db", created["assessment_id"], participants)

        deadline.check()
        bare_env = dict(env, BARE_DATABASE=str(tmp / "bare.db"))
        bare = Server("bare", "scripts.bare_app:app", bare_env, args.workers, args.threads, tmp / "bare-gunicorn.log")
        servers.append(bare)
        bare.wait_ready("/bare", deadline)
        bare.warm_up("/bare", args.workers, args.threads)
        inserted = [0] * args.participants
        barrier = threading.Barrier(args.participants)
        walls["bare"] = run_threads(
            [lambda i=i: run_bare_client(i, len(sections), bare.port, recorder, deadline, barrier, inserted)
             for i in range(args.participants)], deadline, recorder, "bare timeout")
        bare.stop()
        bare_acked = sum(inserted)
        conn = sqlite3.connect(f"file:{tmp / 'bare.db'}?mode=ro", uri=True)
        try:
            bare_rows = conn.execute("select count(*) from rows").fetchone()[0]
        finally:
            conn.close()
    except OutOfTime as exc:
        recorder.error("timeout", "-", str(exc))
    except Exception as exc:  # noqa: BLE001 - report it with the numbers gathered so far
        recorder.error("run", "-", f"{type(exc).__name__}: {exc}")
    finally:
        for server in servers:
            server.stop()

    wizard_kinds = (JOIN_GET, JOIN_POST, PAGE_GET, SAVE_POST, "timeout", "run")
    wizard_errors = recorder.errors_of(wizard_kinds)
    bare_errors = recorder.errors_of((BARE_GET, BARE_INSERT, "bare timeout"))
    completed = sum(p.completed for p in participants)
    print()
    print(table(recorder, walls))
    print()
    print(f"wizard phase: {walls['wizard']:.1f} s wall, {completed}/{len(participants)} participants finished all "
          f"{len(sections)} sections; bare phase: {walls['bare']:.1f} s wall, "
          f"{bare_acked} inserts acknowledged, {bare_rows} rows stored")
    for kind, path, detail in (wizard_errors + bare_errors)[:20]:
        print(f"  error: {kind} {path}: {detail}")
    if len(recorder.errors) > 20:
        print(f"  ... and {len(recorder.errors) - 20} more errors")
    for problem in problems[:20] if not storage_ok else []:
        print(f"  storage: {problem}")
    if wizard_errors or not storage_ok:
        for server in servers:
            tail = server.log_tail(15)
            if tail:
                print(f"--- last lines of the {server.name} gunicorn log ---\n{tail}")

    lat = recorder.latencies
    print()
    print("Goals:")
    print(ratio_goal("wizard page p99 within 3x the bare route's p99", percentile(lat[PAGE_GET], 99),
                     percentile(lat[BARE_GET], 99), 3))
    print(ratio_goal("answer-save p99 within 2x the bare insert's p99", percentile(lat[SAVE_POST], 99),
                     percentile(lat[BARE_INSERT], 99), 2))
    print(goal("errors = 0", not wizard_errors, f"{len(wizard_errors)} in the wizard run"
                                                 f" ({len(bare_errors)} in the bare baseline)"))
    print(goal(f'"{LOCKED}" = 0', recorder.locked == 0, str(recorder.locked)))
    saved = sum(len(p.saved) for p in participants)
    print(goal("stored exactly once", storage_ok,
               f"{'yes' if storage_ok else 'no'} ({sum(bool(p.token) for p in participants)} participants, "
               f"{saved} acknowledged answers checked)"))

    if args.keep:
        print(f"\nKept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    bare_ok = not bare_errors and bare_rows == bare_acked
    rooms_failed = rooms_phase(args, sizes, Deadline(args.timeout)) if sizes else 0
    return 0 if not wizard_errors and storage_ok and bare_ok and not rooms_failed else 1


def rooms_phase(args, sizes: list[int], deadline: Deadline) -> int:
    """The presenter and the dashboard timed in a room of each size, on a fresh database (scripts/load_rooms.py)."""
    from scripts import load_rooms

    tmp = Path(tempfile.mkdtemp(prefix="csm-rooms-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    password = secrets.token_urlsafe(18)
    env.update({"FLASK_DATABASE": str(tmp / "app.db"), "CSM_INSTANCE_PATH": str(tmp / "instance"),
                "FLASK_SECRET_KEY": secrets.token_hex(32), "CSM_FACILITATOR_PASSWORD": password, "PYTHONUNBUFFERED": "1"})
    print(f"\nPresenter and dashboard by room size ({', '.join(map(str, sizes))} people, full questionnaire, "
          f"{args.room_rounds} questions walked and {args.room_rounds} answers arriving per room; "
          f"gunicorn -w {args.workers} --threads {args.threads}, one request at a time):", flush=True)
    server, ok = None, False
    try:
        flask_cli(env, "init-db", deadline=deadline)
        flask_cli(env, "facilitator", "create", "rooms@example.com", "--name", "Room Facilitator", deadline=deadline)
        server = Server("rooms", "wsgi:app", env, args.workers, args.threads, tmp / "rooms-gunicorn.log")
        server.wait_ready("/", deadline)
        text, ok = load_rooms.run(f"http://{HOST}:{server.port}", str(tmp / "app.db"), "rooms@example.com", password,
                                  sizes, args.room_rounds, args.seed)
        print(text)
    except Exception as exc:  # noqa: BLE001 - report it; the server is stopped either way
        print(f"  error: rooms: {type(exc).__name__}: {exc}")
    finally:
        if server is not None:
            server.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
