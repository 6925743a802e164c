"""The presenter and the dashboard at two room sizes (run by scripts/load_workshop.py, option --rooms).

For each room size, one full-path workshop is seeded straight into the database (participants in
several roles, every question answered at random). The facilitator signs in over HTTP and one
client, one request at a time, times:

- a walk: the presenter page of a question with its answers revealed, then recording a level for it
  (a POST), then the dashboard page and a dashboard poll that repeats the last poll's ETag;
- answers arriving: one participant's answer changes in the database, then the presenter's poll of
  that question and the dashboard's poll (with the ETag it had) are timed.

The medians are printed per room size with the ratio of the largest room to the smallest: a page
whose cost does not grow with the room is near 1. A request the running code does not serve (a
404, as the presenter poll before 0.6.0) is reported as "-".
"""
from __future__ import annotations

import html
import http.cookiejar
import random
import re
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from app import store
from app.core.questionnaire import load_all

ROLES = ("executive", "executive", "customer_success", "sales", "product", "support", "finance")
P_PAGE, P_RECORD, P_POLL = "presenter page (reveal)", "record a level (POST)", "presenter poll, answer in"
D_PAGE, D_SAME, D_NEW = "dashboard page", "dashboard poll, no change", "dashboard poll, answer in"
KINDS = (P_PAGE, P_RECORD, P_POLL, D_PAGE, D_SAME, D_NEW)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="csrf_token"')


class _Keep3xx(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class Reply:
    status: int
    etag: str | None
    body: str
    seconds: float


class Browser:
    """One signed-in facilitator's browser: a cookie jar, custom headers, 3xx handed back, 127.0.0.1 only."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _Keep3xx(),
                                                  urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, path: str, form: dict | None = None, headers: dict | None = None) -> Reply:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, head, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            status, head, raw = exc.code, exc.headers, exc.read()
            exc.close()
        return Reply(status, head.get("ETag"), raw.decode("utf-8", "replace"), time.perf_counter() - start)

    def csrf(self, path: str) -> str:
        found = CSRF.search(self.call(path).body)
        if not found:
            raise RuntimeError(f"no CSRF token on {path}")
        return html.unescape(found.group(1) or found.group(2))

    def sign_in(self, email: str, password: str) -> None:
        reply = self.call("/facilitator/sign-in", {"csrf_token": self.csrf("/facilitator/sign-in"), "email": email,
                                                   "password": password})
        if reply.status != 302:
            raise RuntimeError(f"the facilitator could not sign in (HTTP {reply.status})")


@dataclass
class Room:
    size: int
    assessment_id: int
    respondents: list[int]


def seed(db_path: str, email: str, sizes: list[int], seed_value: int) -> list[Room]:
    """One full-path workshop per size, every participant answering every question, straight in the store."""
    questionnaire = load_all()["cs-maturity"]
    full = questionnaire.for_path("full")
    rng = random.Random(seed_value)
    db = store.connect(db_path)
    try:
        facilitator = store.facilitator_by_email(db, email)
        rooms = []
        for size in sizes:
            created, _ = store.create_workshop(db, facilitator.id, f"Room of {size}", questionnaire.id,
                                               questionnaire.version, "full")
            ids = []
            for i in range(size):
                rid, _ = store.join_workshop(db, created.assessment_id, f"Person {i}", ROLES[i % len(ROLES)])
                store.save_answers(db, rid, {qid: (rng.choice(q.values), "") for qid, q in full.questions.items()})
                ids.append(rid)
            rooms.append(Room(size, created.assessment_id, ids))
        return rooms
    finally:
        db.close()


def _time(into: dict, kind: str, reply: Reply, ok: tuple[int, ...]) -> Reply:
    if reply.status in ok:
        into[kind].append(reply.seconds)
    elif reply.status == 404:
        into.setdefault("unserved", set()).add(kind)
    else:
        into.setdefault("errors", []).append(f"{kind}: HTTP {reply.status}")
    return reply


def measure(browser: Browser, db_path: str, room: Room, rounds: int, seed_value: int) -> dict:
    """Latencies by kind for one room: a walk through `rounds` questions, then `rounds` answers arriving."""
    full = load_all()["cs-maturity"].for_path("full")
    qids = list(full.questions)
    rng = random.Random(seed_value + room.size)
    base = f"/facilitator/workshops/{room.assessment_id}"
    out: dict = {kind: [] for kind in KINDS}
    for qid in qids[:4]:  # warm every worker: templates, the first build of the room's views
        for path in (f"{base}/present/{qid}?reveal=1", f"{base}/", f"{base}/live"):
            browser.call(path)
    etag = browser.call(f"{base}/live").etag
    for qid in qids[:rounds]:
        page = _time(out, P_PAGE, browser.call(f"{base}/present/{qid}?reveal=1"), (200,))
        token = CSRF.search(page.body)
        form = {"csrf_token": html.unescape(token.group(1) or token.group(2)) if token else "",
                "value": str(rng.choice(full.questions[qid].values)), "rationale": "Agreed in the room"}
        _time(out, P_RECORD, browser.call(f"{base}/present/{qid}", form), (302, 303))
        _time(out, D_PAGE, browser.call(f"{base}/"), (200,))
        etag = browser.call(f"{base}/live").etag or ""
        _time(out, D_SAME, browser.call(f"{base}/live", headers={"If-None-Match": etag}), (200, 304))
    db = store.connect(db_path)
    try:
        for qid in qids[:rounds]:
            who = rng.choice(room.respondents)
            store.save_answers(db, who, {qid: (rng.choice(full.questions[qid].values), "")})
            _time(out, P_POLL, browser.call(f"{base}/present/{qid}/live?reveal=1"), (200,))
            reply = _time(out, D_NEW, browser.call(f"{base}/live", headers={"If-None-Match": etag or ""}), (200,))
            etag = reply.etag or etag
    finally:
        db.close()
    return out


def report(results: dict[int, dict]) -> str:
    """Median per kind and room size, and the ratio of the largest room to the smallest."""
    sizes = sorted(results)
    small, large = sizes[0], sizes[-1]
    head = f"{'request':<28}" + "".join(f"{f'{s} people':>13}" for s in sizes) + f"{'ratio':>9}"
    lines = [head, "-" * len(head)]
    for kind in KINDS:
        medians = {s: statistics.median(results[s][kind]) if results[s][kind] else None for s in sizes}
        cells = "".join(f"{'-' if medians[s] is None else f'{medians[s] * 1000:.1f} ms':>13}" for s in sizes)
        ratio = medians[large] / medians[small] if medians[small] and medians[large] else None
        lines.append(f"{kind:<28}{cells}{'-' if ratio is None else f'{ratio:.2f}x':>9}")
    for size in sizes:
        for problem in results[size].get("errors", [])[:5]:
            lines.append(f"  error ({size} people): {problem}")
    return "\n".join(lines)


def run(base_url: str, db_path: str, email: str, password: str, sizes: list[int], rounds: int,
        seed_value: int) -> tuple[str, bool]:
    """Seed the rooms, sign in, measure each; the printed table and whether every request succeeded."""
    rooms = seed(db_path, email, sizes, seed_value)
    browser = Browser(base_url)
    browser.sign_in(email, password)
    results = {room.size: measure(browser, db_path, room, rounds, seed_value) for room in rooms}
    return report(results), not any(r.get("errors") for r in results.values())
