"""Constant-time sign-in for unknown emails and the `?next=` check (the strength policy is app/passwords.py)."""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect
from werkzeug.security import check_password_hash, generate_password_hash

_UNSAFE_IN_PATH = re.compile(r"[\x00-\x20\x7f\\]")  # controls, spaces, tabs and backslashes: browsers rewrite them


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("not a real password, only here to spend the same time")


def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password; an unknown email costs the same hash work, so timing does not tell whether it exists."""
    if password_hash is None:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(password_hash, password)


def safe_next(target: str | None) -> str | None:
    """The `next` target when it is a path of this app (no scheme, no host, no backslash or control character), else None."""
    if not target or len(target) > 2000 or _UNSAFE_IN_PATH.search(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith("//"):
        return None
    try:
        current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except RequestRedirect:
        return target  # the same page with a trailing slash: still this app's
    except (NotFound, MethodNotAllowed):
        return None
    return target
