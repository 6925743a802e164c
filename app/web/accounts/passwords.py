"""Password strength, constant-time sign-in for unknown emails, and the `?next=` check."""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

PASSWORD_MIN = 12
PASSWORD_MAX = 1024  # long passphrases are welcome; scrypt hashes any length
JUDGED_CHARS = 72  # zxcvbn refuses longer input (it raised a 500 for 73-200 characters): it judges the first 72
# zxcvbn 0-4: 4 means at least 10^10 guesses. 3 let "Summer2024!!" and "Winter2025!!" through.
MIN_SCORE = 4
_UNSAFE_IN_PATH = re.compile(r"[\x00-\x20\x7f\\]")  # controls, spaces, tabs and backslashes: browsers rewrite them


def _hints(user_inputs) -> list[str]:
    """The name and email, and their parts (the email's local part, domain and its labels), which a password must not lean on."""
    hints = []
    for text in filter(None, user_inputs):
        hints.append(text)
        hints += [part for part in re.split(r"[@.\s_+-]+", text) if len(part) >= 3]
        if "@" in text:
            hints.append(text.rpartition("@")[2])
    return hints


def password_problem(password: str, *user_inputs: str) -> str | None:
    """Why a password is too weak or too long (whole sentences, with zxcvbn's advice), or None when it is fine.

    zxcvbn judges the first JUDGED_CHARS characters: a long password must not start with a weak one.
    """
    if len(password) < PASSWORD_MIN:
        return f"Use at least {PASSWORD_MIN} characters."
    if len(password) > PASSWORD_MAX:
        return f"Use at most {PASSWORD_MAX:,} characters (this one has {len(password):,})."
    result = zxcvbn(password[:JUDGED_CHARS], user_inputs=_hints(user_inputs)[:20])
    if result["score"] >= MIN_SCORE:
        return None
    advice = [result["feedback"].get("warning") or "This password would be easy to guess."]
    advice += result["feedback"].get("suggestions") or ["Try a few unrelated words together."]
    return " ".join(sentence if sentence.endswith(".") else sentence + "." for sentence in advice)


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
