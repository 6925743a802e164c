"""Sign-in attempts slow the attacker, not the owner.

- Failed attempts per email and per client address are free up to a point, then each must wait
  twice as long as the one before (up to 15 minutes): guessing gets slow, a few typos cost nothing.
- A browser that signed in before (or used an unlock or reset link) carries a signed device
  cookie; its attempts for that account count on their own key, so an attacker hammering the
  account or sharing the office address slows only himself (OWASP's "device cookies").
- Anyone held back can ask for an unlock link by email: it lets that browser sign in at once.
- Emails that carry a link (reset, unlock, "your address was used to sign up") are limited per
  address and per client, so twenty requests never send twenty mails.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app import mail
from app.store import accounts as account_store
from app.store.accounts import Policy
from app.store.core import new_token

EMAIL_POLICY = Policy(free=5, window=timedelta(days=1))
ADDRESS_POLICY = Policy(free=30, window=timedelta(hours=1))  # an office behind one address: generous, then slowed
DEVICE_POLICY = Policy(free=10, window=timedelta(days=1))
MAIL_WINDOW = timedelta(hours=1)
MAILS_PER_EMAIL = 3  # emails with a link to one address per hour
MAILS_PER_CLIENT = 10  # link emails asked for by one client address per hour
DEVICE_COOKIE = "csm_device"
DEVICE_DAYS = 180


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="csm-device")


def client_key() -> str:
    """The client's address (the proxy's view of it only when the proxy is trusted: app.factory._trust_proxies)."""
    return request.remote_addr or "?"


def device_for(facilitator_id: int | None) -> str | None:
    """The nonce of this browser's device cookie when it was given to this facilitator, else None."""
    value = request.cookies.get(DEVICE_COOKIE)
    if not value or facilitator_id is None:
        return None
    try:
        data = _serializer().loads(value, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return None
    return data.get("n") if isinstance(data, dict) and data.get("f") == facilitator_id else None


def remember_device(response, facilitator_id: int):
    """Give this browser a device cookie for the facilitator (after a sign-in, an unlock or a reset)."""
    value = _serializer().dumps({"f": facilitator_id, "n": new_token()[:16]})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_DAYS * 86400, path="/facilitator", httponly=True,
                        samesite="Lax", secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def attempt_keys(email: str, facilitator_id: int | None) -> dict[str, Policy]:
    """The keys a sign-in attempt counts on: this browser's device for its account, else the email and the address."""
    device = device_for(facilitator_id)
    if device:
        return {f"device:{device}": DEVICE_POLICY}
    return {"email:" + email: EMAIL_POLICY, "addr:" + client_key(): ADDRESS_POLICY}


def mail_allowed(db, email: str) -> bool:
    """Count a link email to `email` for this client; False (nothing counted) past the hourly limits."""
    limits = {"mail-to:" + email.strip().lower(): MAILS_PER_EMAIL, "mail-from:" + client_key(): MAILS_PER_CLIENT}
    return account_store.reserve_attempt(db, limits, MAIL_WINDOW) is not None


def send_link_mail(db, email: str, purpose: str, subject: str, text_for) -> bool:
    """Email `text_for(facilitator)` to the account with this address, in the background; the same work whether or
    not the account exists. False when the hourly limit for this address or client is reached."""
    from app import store

    if not mail_allowed(db, email):
        return False
    facilitator = store.facilitator_by_email(db, email)
    if facilitator is not None and mail.links_ready(current_app.config, purpose):
        mail.send_later(current_app.config, facilitator.email, subject, text_for(facilitator))
    return True


def wait_words(seconds: int) -> str:
    """'12 seconds', '4 minutes'."""
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minutes"
