"""How strong and how long a facilitator's password must be: one policy for the sign-up form, the reset form and
`flask --app wsgi facilitator create` (no Flask: the CLI and the web both ask it)."""
from __future__ import annotations

import re

from zxcvbn import zxcvbn

PASSWORD_MIN = 12
PASSWORD_MAX = 1024  # long passphrases are welcome; scrypt hashes any length
JUDGED_CHARS = 72  # zxcvbn refuses longer input (it raised a 500 for 73-200 characters): it judges the first 72
# zxcvbn 0-4: 4 means at least 10^10 guesses. 3 let "Summer2024!!" and "Winter2025!!" through.
MIN_SCORE = 4


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
