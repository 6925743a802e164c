"""Sending email over SMTP, configured from the environment (FLASK_MAIL_SERVER and friends).

`send` returns False when no server is configured or sending fails, so the caller can show the
link on screen or tell the user to ask the operator instead.
"""
from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Mapping
from email.message import EmailMessage

log = logging.getLogger(__name__)
TIMEOUT = 10  # seconds: a slow mail server must not hold a request for long


def configured(app_config: Mapping) -> bool:
    """True when a mail server is set (FLASK_MAIL_SERVER)."""
    return bool(app_config.get("MAIL_SERVER"))


def links_ready(app_config: Mapping, purpose: str) -> bool:
    """True when an email carrying a link may go out: a mail server and a configured FLASK_BASE_URL (logged when not)."""
    if not configured(app_config):
        return False
    if not app_config.get("BASE_URL_CONFIGURED"):
        log.warning("not emailing a %s link: FLASK_BASE_URL is not set, and a link in an email must never be built "
                    "from the request's Host header", purpose)
        return False
    return True


def send_later(app_config: Mapping, to: str, subject: str, text: str) -> None:
    """Send in the background: the page answers at once, and just as fast whether or not a mail went out."""
    threading.Thread(target=send, args=(dict(app_config), to, subject, text), daemon=True).start()


def _message(app_config: Mapping, to: str, subject: str, text: str, html: str | None,
             images: Mapping[str, tuple[bytes, str]] | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = app_config.get("MAIL_FROM") or app_config.get("MAIL_USERNAME") or "cs-maturity@localhost"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
        page = message.get_payload()[-1]
        for cid, (data, kind) in (images or {}).items():  # shown inside the HTML as <img src="cid:...">
            maintype, subtype = kind.split("/", 1)
            page.add_related(data, maintype=maintype, subtype=subtype, cid=f"<{cid}>")
    return message


def send(app_config: Mapping, to: str, subject: str, text: str, html: str | None = None,
         images: Mapping[str, tuple[bytes, str]] | None = None) -> bool:
    """Send one email (with `images` inline in its HTML, by content id); False when no server is configured or the
    server refused it (logged, never raised)."""
    if not configured(app_config):
        return False
    message = _message(app_config, to, subject, text, html, images)
    host, port = app_config["MAIL_SERVER"], int(app_config.get("MAIL_PORT") or 587)
    try:
        with smtplib.SMTP(host, port, timeout=TIMEOUT) as smtp:
            if app_config.get("MAIL_TLS", True) not in (False, 0, "0", "false", "no"):
                smtp.starttls()
            if app_config.get("MAIL_USERNAME"):
                smtp.login(app_config["MAIL_USERNAME"], app_config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("could not send email to %s via %s:%s: %s", to.split("@")[-1], host, port, exc)
        return False
    return True
