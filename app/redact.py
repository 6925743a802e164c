"""Private-link secrets out of every log line, however the path that carried them was written.

Private links carry their secret in the path (/r/<token>/, /s/<token>/, /o/<token>/, /a/<token>/, /w/i/<token>, the join code
in /w/<code>, /facilitator/reset/<token>, /facilitator/unlock/<token>). A log line may hold the path
raw (percent-encoded, as in a request line) or decoded (as in PATH_INFO), and a mangled link may put
spaces, tabs, extra slashes or their encodings (%20, %09, %2F) before the secret: a token after
`%20` used to reach the access log. Imports nothing but the standard library, so gunicorn.conf.py
can use it before the app loads.
"""
from __future__ import annotations

import logging
import re

_PREFIX = r"(/(?:r|s|o|a|w/i|w|facilitator/reset|facilitator/unlock)/)"
# Whatever a mangled link puts between the prefix and its secret: whitespace, slashes, backslashes, plus
# signs, and their percent-encodings (also double-encoded: %25xx).
_GAP = r"(?:[\s/\\+]|%(?:25)?(?:2[0bBfF]|0[9aAbBcCdD]|5[cC]))*"
# The secret: up to the next slash, query, fragment or quote; spaces inside it too, unless a request line's
# protocol follows.
_SECRET = r"[^/?#\"\s]+(?:\s+(?!HTTP/)[^/?#\"\s]+)*"
SECRET_IN_PATH = re.compile(_PREFIX + _GAP + _SECRET, re.IGNORECASE)
MASK = "…"


def redact(text: str) -> str:
    """The text with every private-link secret in a path replaced by "…"."""
    return SECRET_IN_PATH.sub(lambda m: m.group(1) + MASK, text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts secrets from the formatted message (Flask's "Exception on <path>", the dev server's request lines)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(*loggers: logging.Logger) -> None:
    """Add the filter (once) to each logger."""
    for logger in loggers:
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
