"""How the app is served: gunicorn.conf.py's worker keeps answering while slow clients hold connections, and the
deadline socket reads what the event loop collected before it blocks."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from app.serving import DeadlineSocket

ROOT = Path(__file__).resolve().parent.parent


def test_collected_headers_are_read_first_and_a_stalled_client_is_cut_off():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        wrapped = DeadlineSocket(ours, read_seconds=0.3, idle_seconds=0.2)
        wrapped.setblocking(False)
        theirs.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.05)
        assert wrapped.take_available() == "more"  # the headers are not complete yet
        theirs.sendall(b"\r\n")
        time.sleep(0.05)
        assert wrapped.take_available() == "ready"
        wrapped.setblocking(True)
        assert wrapped.recv(8192) == b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        started = time.monotonic()
        assert wrapped.recv(8192) == b""  # nothing more arrives: the read gives up at its deadline
        assert time.monotonic() - started < 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_pages_answer_while_slow_clients_hold_more_connections_than_there_are_threads(tmp_path):
    port = _free_port()
    env = {**os.environ, "CSM_INSTANCE_PATH": str(tmp_path), "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": "1", "FLASK_SECRET_KEY": "t"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    slow = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/method", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        for _ in range(12):  # one worker has 8 threads
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and never finishes
            slow.append(connection)
        time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/method", timeout=5) as response:
            assert response.status == 200
    finally:
        for connection in slow:
            connection.close()
        server.terminate()
        server.wait(timeout=30)


# --- a workshop in a room ---------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


def _dashboard(app) -> str:
    from factories import create_workshop, facilitator_client, soup

    client = facilitator_client(app)
    return soup(client.get(f"/facilitator/workshops/{create_workshop(client)}/"))


def test_the_dashboard_shows_the_room_address_or_says_how_to_serve_the_room(tmp_path):
    from app import create_app

    def app_with(base_url):
        return create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / f"{bool(base_url)}.db"),
                           "INSTANCE_PATH": str(tmp_path / "instance"), "BASE_URL": base_url})

    local = _dashboard(app_with(None))
    assert "http://127.0.0.1:5000/join" in local.select_one(".join-panel").get_text()  # no base URL: the default
    assert "HOST=0.0.0.0 scripts/run" in local.select_one(".join-warning").get_text()
    room = _dashboard(app_with("http://192.168.1.20:5000"))
    assert "http://192.168.1.20:5000/join" in room.select_one(".join-panel").get_text()
    assert "http://192.168.1.20:5000/w/" in room.select_one(".join-link").get_text()
    assert room.select_one(".join-warning") is None


def test_workshop_create_prints_the_configured_base_url(tmp_path):
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE": str(tmp_path / "c.db"),
                      "INSTANCE_PATH": str(tmp_path / "instance"), "BASE_URL": "http://192.168.1.20:5000"})
    runner = app.test_cli_runner()
    created = runner.invoke(args=["facilitator", "create", "ann@consult.example", "--name", "Ann", "--password", PASSWORD])
    assert created.exit_code == 0, created.output
    result = runner.invoke(args=["workshop", "create", "--facilitator", "ann@consult.example", "--organisation", "Initech"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["join_url"].startswith("http://192.168.1.20:5000/w/")
