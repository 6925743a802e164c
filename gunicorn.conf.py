"""Gunicorn settings read from the repository root (gunicorn loads ./gunicorn.conf.py by itself).

Private links carry their secret in the path (/r/<token>/, /s/<token>/, /a/<token>/, /w/i/<token>, the join code
in /w/<code>, /facilitator/reset/<token>), so the access log writes the route with each secret
replaced by "…", and leaves out the query string and the Referer. Enable the log with
`--access-logfile -` (the README's production command does); settings given on the command line win.
"""
from __future__ import annotations

import re

from gunicorn.glogging import Logger

SECRET_IN_PATH = re.compile(r"(/(?:r|s|a|w/i|w|facilitator/reset)/)[^/?#\s\"]+")
# Client, time, method and route, status, bytes, duration in seconds: no query string, no referer.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'


def redact(text: str) -> str:
    """The text with every private-link secret in a path replaced by "…"."""
    return SECRET_IN_PATH.sub(r"\1…", text)


class RedactingLogger(Logger):
    """Gunicorn's logger, with secrets taken out of every access-log value (path, request line, referer)."""

    def atoms(self, resp, req, environ, request_time):
        values = super().atoms(resp, req, environ, request_time)
        values["q"] = ""
        return {key: redact(value) if isinstance(value, str) else value for key, value in values.items()}


logger_class = RedactingLogger
