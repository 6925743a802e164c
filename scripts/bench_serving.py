"""Benchmark: does a page keep answering while PDFs render and while slow clients hold connections?

Usage: .venv/bin/python scripts/bench_serving.py [--downloads 8] [--slow 16] [--inline]

Starts the app as scripts/run serves it (gunicorn with gunicorn.conf.py, plus `flask --app wsgi worker`) on a
free loopback port with a fresh instance folder, loads the demo and copies it so that every download is a
different report, then measures another user's results page in turn:
  idle        nobody else is using the server;
  renders     while N people click "Download the PDF report" at once (each a different report) and their
              waiting pages poll until every PDF is ready;
  slowloris   while M connections send their request headers a byte every two seconds.
It prints each phase's median and worst page latency and its ratio to idle (the floor measured in the same run),
the time until every PDF was ready, and errors. --inline renders PDFs in the web request instead (the shape
before the background queue), for comparison. Everything stays on 127.0.0.1 and stops by itself.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(env: dict, *args: str) -> str:
    return subprocess.run([str(VENV / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def get(url: str, headers: dict | None = None, timeout: float = 60) -> tuple[int, float, bytes]:
    start = time.perf_counter()
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, time.perf_counter() - start, response.read()
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - start, error.read()
    except OSError as error:
        return 0, time.perf_counter() - start, str(error).encode()


def prepare(env: dict, copies: int) -> tuple[str, list[str]]:
    """The demo's results link, and `copies` more assessments with the demo's answers (one PDF each)."""
    flask(env, "init-db")
    base = env["FLASK_BASE_URL"]
    results = re.search(r"Open its results: (\S+)", flask(env, "demo", "--base-url", base)).group(1)
    demo_id = next(a["id"] for a in json.loads(flask(env, "assessments"))["assessments"] if a["mode"] != "workshop")
    exported = Path(env["CSM_INSTANCE_PATH"]) / "demo.json"
    flask(env, "export", str(demo_id), "--out", str(exported))
    links = []
    for _ in range(copies):
        imported = json.loads(flask(env, "import", str(exported), "--base-url", base))
        links.append(imported["respondents"][0]["resume_link"] + "report.pdf")
    return results, links


def start(env: dict, inline: bool) -> list[subprocess.Popen]:
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT, "env": env}
    processes = [subprocess.Popen([str(VENV / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], **quiet)]
    if not inline:
        processes.append(subprocess.Popen([str(VENV / "flask"), "--app", "wsgi", "worker"], **quiet))
    return processes


def wait_until_up(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if get(url, timeout=5)[0] == 200:
            return
        time.sleep(0.3)
    raise SystemExit("the server did not come up")


def probe(url: str, stop: threading.Event, latencies: list, errors: list, pause: float = 0.25) -> None:
    """Another user reloading the results page until `stop` is set."""
    while not stop.is_set():
        status, seconds, _ = get(url)
        latencies.append(seconds)
        if status != 200:
            errors.append(status)
        time.sleep(pause)


def download(url: str, deadline: float, outcome: dict) -> None:
    """One person's download as a browser does it: the link, then the waiting page's polls, then the file."""
    status, _, body = get(url)
    while status == 202 and time.monotonic() < deadline:
        time.sleep(1)
        status, _, body = get(url + "?paper=a4&wait=1", {"Accept": "application/json"})
        if status == 200:
            status, _, body = get(url)
    outcome[url] = (status, body[:4] == b"%PDF", time.monotonic())


def phase_renders(results: str, links: list[str]) -> tuple[list, list, float, int]:
    latencies, errors, outcome, stop = [], [], {}, threading.Event()
    watcher = threading.Thread(target=probe, args=(results, stop, latencies, errors))
    watcher.start()
    began, deadline = time.monotonic(), time.monotonic() + 300
    people = [threading.Thread(target=download, args=(link, deadline, outcome)) for link in links]
    for person in people:
        person.start()
    for person in people:
        person.join()
    stop.set()
    watcher.join()
    ok = sum(1 for status, is_pdf, _ in outcome.values() if status == 200 and is_pdf)
    if ok < len(links):
        print("downloads that failed:", sorted({status for status, is_pdf, _ in outcome.values() if not is_pdf}))
    last = max((done for _, _, done in outcome.values()), default=began)
    return latencies, errors, last - began, ok


def slow_client(port: int, stop: threading.Event, dropped: list) -> None:
    """Sends a request's headers a byte every two seconds (slowloris) until stopped or disconnected."""
    header = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n" + b"X-Padding: " + b"a" * 200
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            for byte in header:
                if stop.wait(2):
                    return
                sock.sendall(bytes([byte]))
    except OSError:
        dropped.append(1)


def phase_slowloris(results: str, port: int, count: int, seconds: float) -> tuple[list, list, int]:
    latencies, errors, dropped, stop = [], [], [], threading.Event()
    clients = [threading.Thread(target=slow_client, args=(port, stop, dropped)) for _ in range(count)]
    for client in clients:
        client.start()
    time.sleep(3)  # every slow connection is open and has sent its first bytes
    watcher = threading.Thread(target=probe, args=(results, stop, latencies, errors))
    watcher.start()
    time.sleep(seconds)
    stop.set()
    watcher.join()
    for client in clients:
        client.join()
    return latencies, errors, len(dropped)


def summary(name: str, latencies: list, idle: float) -> str:
    median, worst = statistics.median(latencies), max(latencies)
    return (f"{name:<10} page median {median * 1000:7.1f} ms, worst {worst * 1000:7.1f} ms, "
            f"{len(latencies):3d} requests; median / idle {median / idle:5.2f}x, worst / idle median {worst / idle:6.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--downloads", type=int, default=8)
    parser.add_argument("--slow", type=int, default=16)
    parser.add_argument("--slow-seconds", type=float, default=20)
    parser.add_argument("--inline", action="store_true", help="render PDFs in the web request (the old shape)")
    options = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CSM_INSTANCE_PATH": folder, "HOST": "127.0.0.1", "PORT": str(port),
               "FLASK_BASE_URL": f"http://127.0.0.1:{port}", "FLASK_RENDER_QUEUE_PER_CLIENT": str(options.downloads),
               "FLASK_RENDER_QUEUE": "immediate" if options.inline else "sqlite"}
        results, links = prepare(env, options.downloads)
        processes = start(env, options.inline)
        try:
            wait_until_up(results)
            idle, idle_errors, stop = [], [], threading.Event()
            timer = threading.Timer(8, stop.set)
            timer.start()
            probe(results, stop, idle, idle_errors)
            floor = statistics.median(idle)
            rendering, render_errors, all_ready, ok = phase_renders(results, links)
            slow, slow_errors, dropped = phase_slowloris(results, port, options.slow, options.slow_seconds)
        finally:
            for process in processes:
                process.send_signal(signal.SIGINT if process is not processes[0] else signal.SIGTERM)
            for process in processes:
                process.wait(timeout=60)
    print(f"shape: {'PDFs rendered in the web request' if options.inline else 'PDFs rendered by the background worker'};"
          f" gunicorn.conf.py on 127.0.0.1:{port}")
    print(summary("idle", idle, floor))
    print(summary("renders", rendering, floor) + f"; page errors {len(render_errors)}")
    print(f"{'':<10} {ok} of {options.downloads} PDFs delivered, the last {all_ready:.1f} s after the clicks")
    print(summary("slowloris", slow, floor) + f"; page errors {len(slow_errors)}; "
          f"{dropped} of {options.slow} slow connections cut off by the server")


if __name__ == "__main__":
    sys.exit(main())
