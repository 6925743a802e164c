"""Gunicorn settings read from the repository root (gunicorn loads ./gunicorn.conf.py by itself).

Private links carry their secret in the path (/r/<token>/, /s/<token>/, /w/i/<token>, the join code
in /w/<code>, /facilitator/reset/<token>, /facilitator/unlock/<token>), so the access log writes the
route with each secret replaced by "…" however the path was encoded (app/redact.py), and leaves out
the query string and the Referer. Enable the log with `--access-logfile -` (the README's production
command does); settings given on the command line win.
"""
from __future__ import annotations

import sys
from pathlib import Path

from gunicorn.glogging import Logger

sys.path.insert(0, str(Path(__file__).resolve().parent))  # app.redact, wherever gunicorn is started from
from app.redact import redact  # noqa: E402  (the standard library only: the app itself is not loaded here)

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
