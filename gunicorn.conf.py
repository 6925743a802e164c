"""Gunicorn settings read from the repository root (gunicorn loads ./gunicorn.conf.py by itself).

The production settings: `gunicorn -c gunicorn.conf.py wsgi:app` serves on $HOST:$PORT (127.0.0.1:8000 by
default) with $WEB_CONCURRENCY processes (default 2) of 8 threads each. The threaded workers keep answering pages
while some threads wait on slow clients or the database, and app.serving.DeadlineWorker gives every request a
deadline for arriving (15 s; no read or write may stall for 10 s), so slow or stalled connections cannot hold the
threads. PDFs are not rendered here: `flask --app wsgi worker` renders them in the background (app/background.py),
so no request needs more than `timeout` seconds.

Private links carry their secret in the path (/r/<token>/, /s/<token>/, /o/<token>/, /a/<token>/, /w/i/<token>,
the join code in /w/<code>, /facilitator/reset/<token>, /facilitator/unlock/<token>), so the access log writes the
route with each secret replaced by "…" however the path was encoded (app/redact.py), and leaves out
the query string and the Referer. Enable the log with `--access-logfile -` (the README's production
command does); settings given on the command line win.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from gunicorn.glogging import Logger

sys.path.insert(0, str(Path(__file__).resolve().parent))  # app.redact, wherever gunicorn is started from
from app.redact import redact  # noqa: E402  (the standard library only: the app itself is not loaded here)

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "app.serving.DeadlineWorker"  # gthread with a per-request read deadline
threads = 8
timeout = 30  # a worker silent this long is restarted (no request renders a PDF any more)
graceful_timeout = 10  # Ctrl+C or SIGTERM: requests in flight get this long to finish
keepalive = 5  # idle keep-alive connections wait in the poller, not in a thread
control_socket_disable = True  # no gunicornc control socket in $HOME, which a second instance would fight over

# Client, time, method and route, status, bytes, duration in seconds: no query string, no referer.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'


class RedactingLogger(Logger):
    """Gunicorn's logger, with secrets taken out of every access-log value (path, request line, referer)
    and of its error log (a worker's traceback may name the path)."""

    def atoms(self, resp, req, environ, request_time):
        values = super().atoms(resp, req, environ, request_time)
        values["q"] = ""
        return {key: redact(value) if isinstance(value, str) else value for key, value in values.items()}

    def error(self, msg, *args, **kwargs):
        super().error(redact(str(msg % args if args else msg)), **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(redact(str(msg % args if args else msg)), **kwargs)


logger_class = RedactingLogger
