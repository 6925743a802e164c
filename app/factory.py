"""The Flask application factory: config, database, blueprints, CLI, headers and error pages."""
from __future__ import annotations

import ipaddress
import logging
import os
import re
import secrets
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, render_template, request, send_from_directory
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from werkzeug.routing import IntegerConverter

from app.core.questionnaire import QUESTIONNAIRE_DIR, load_all
from app.core.reference import load_model
from app.report import context as report_context
from app.report.pdf import RenderFailed, RenderTimeout
from app.teamview import TeamCache

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()


class SQLiteInt(IntegerConverter):
    """The `int` URL converter, bounded to SQLite's integer range so an oversized id is a 404."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


def _secret_key(instance_path: str) -> str:
    """Keep a generated key in the git-ignored instance folder so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then FLASK_* environment variables."""
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("CSM_INSTANCE_PATH")
    app = Flask(
        "app", template_folder=str(ROOT / "templates"), instance_relative_config=True, instance_path=instance_path
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        DATABASE=str(Path(app.instance_path) / "csmaturity.db"),
        QUESTIONNAIRE_DIR=str(QUESTIONNAIRE_DIR),
        MAX_CONTENT_LENGTH=1024 * 1024,
        PDF_TIMEOUT=60,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        # A workshop lasts a morning and a tab may stay open for hours: CSRF tokens live as long as
        # the session rather than Flask-WTF's default hour.
        WTF_CSRF_TIME_LIMIT=None,
        **HARDENING_DEFAULTS,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)

    # Both page templates and report templates resolve here, so the results page can
    # embed the very report body that becomes the PDF.
    # Pages render from templates/; report templates (reports/) render only in the report's own
    # environment, for screen and PDF alike, and pages embed them through `report_part`.
    app.jinja_env.globals["report_part"] = report_context.render_part
    app.extensions["questionnaires"] = load_all(Path(app.config["QUESTIONNAIRE_DIR"]))
    app.extensions["model"] = load_model(Path(app.config["QUESTIONNAIRE_DIR"]) / "model")
    # Workshops' team views, kept per worker process between the dashboard's polls (app/teamview.py).
    app.extensions["team_cache"] = TeamCache()

    # An id in a URL larger than SQLite can hold is simply not found (it used to raise a 500).
    app.url_map.converters["int"] = SQLiteInt
    csrf.init_app(app)
    from app import background, cli, db
    from app.web import accounts, branding, charter, deck, plan, profile, share, wizard, workshops

    db.init_app(app)
    background.init_app(app)
    cli.init_app(app)
    for blueprint in (wizard.bp, share.bp, accounts.bp, workshops.bp, workshops.join_bp, plan.own_bp, charter.approval_bp):
        app.register_blueprint(blueprint)
    # The charter builder and share-link management open the same way for an owner's private link
    # and a facilitator's workshop: one blueprint, mounted twice, behind the same access gate.
    for prefix, suffix in (("/r/<token>", ""), ("/facilitator/workshops/<int:assessment_id>", "_team")):
        app.register_blueprint(charter.bp, url_prefix=prefix, name="charter" + suffix)
        app.register_blueprint(share.manage_bp, url_prefix=prefix, name="share_manage" + suffix)
        app.register_blueprint(profile.bp, url_prefix=prefix, name="profile" + suffix)
        app.register_blueprint(branding.bp, url_prefix=prefix, name="branding" + suffix)
        app.register_blueprint(plan.bp, url_prefix=prefix, name="plan" + suffix)
        app.register_blueprint(deck.bp, url_prefix=prefix, name="deck" + suffix)

    @app.after_request
    def _headers(response):
        # Resume links carry the token in the path: never leak it through Referer.
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        )
        return response

    @app.get("/report-assets/<path:filename>")
    def report_asset(filename: str):
        """The report's stylesheet and fonts, shared by the results page and the PDF."""
        if Path(filename).suffix not in {".css", ".woff2", ".woff", ".ttf", ".otf"}:
            abort(404)
        return send_from_directory(ROOT / "reports", filename)

    for code in (400, 403, 404, 413, 429, 500):
        app.register_error_handler(code, _error_page)
    app.register_error_handler(CSRFError, _session_lost)
    _harden(app)
    return app


_ERROR_TEXT = {
    400: ("The request could not be understood", "The form may have expired. Go back, reload the page and try again."),
    403: ("This link does not open this page", "This page belongs to someone else."),
    404: ("Page not found", "This link is wrong or no longer works. Check that you copied the whole link."),
    413: ("Too much data", "What you sent is larger than this app accepts."),
    429: ("Too many attempts", "Please wait a few minutes before you try again."),
    500: ("Something went wrong on our side", "Your saved answers are safe. Please try again in a moment."),
}


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    title, text = _ERROR_TEXT.get(code, _ERROR_TEXT[500])
    description = getattr(error, "description", None) if code in (400, 403) else None
    return render_template("error.html", title=title, text=description or text, code=code), code


def _session_lost(error: CSRFError):
    """A form posted without a valid CSRF token, most often because the session was lost (browser restarted, cookies
    cleared): nothing was saved, so the page offers to send the typed answers again, with a fresh token.

    Only for posts from this site's own pages (Sec-Fetch-Site), never for one from another site, which would
    otherwise get a ready-made button to save its data here.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if request.method != "POST" or site not in (None, "same-origin"):
        return _error_page(error)
    if request.form.get("autosave"):  # static/autosave.js resends by itself with the new token
        return {"expired": True, "csrf_token": generate_csrf()}, 400
    if request.endpoint == "wizard.section" and request.view_args:
        from app.web.wizard.views import resend_section

        return resend_section(**request.view_args)
    fields = [(key, value) for key, value in request.form.items(multi=True) if key != "csrf_token"]
    return render_template("resend.html", fields=fields, action=request.path), 400


# --- Hardening (issue 13): proxies, base URL, headers, control characters, clear 503 pages. ---

HARDENING_DEFAULTS = {
    "TRUSTED_PROXIES": 0,  # proxies in front of the app whose X-Forwarded-For/-Proto headers are honoured
    # Only requests from these addresses may set X-Forwarded-For/-Proto (the proxy on this machine by default).
    "TRUSTED_PROXY_ADDRESSES": "127.0.0.1, ::1",
    "BASE_URL": None,  # e.g. https://cs.example.com: generated links use it, never the request's Host
    "HSTS": False,  # send Strict-Transport-Security on every response (it is always sent over HTTPS)
    "SESSION_COOKIE_SECURE": False,  # FLASK_SESSION_COOKIE_SECURE=1 in production, behind HTTPS
    # Flask-WTF's HTTPS-only Referer check fails every form when browsers send no Referer, which our
    # Referrer-Policy: no-referrer asks of them; the CSRF token and SameSite=Lax cookies still hold.
    "WTF_CSRF_SSL_STRICT": False,
}
# Pages and downloads whose address carries a private token, or that belong to a signed-in facilitator.
PRIVATE_PREFIXES = ("/r/", "/s/", "/a/", "/w/", "/facilitator", "/join", "/o/")
# C0 controls other than tab, LF and CR, and DEL: they break exports and mean nothing in a text field.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = "Text fields cannot contain control characters such as NUL or ESC. Remove them and try again."
log = logging.getLogger("app")


def _harden(app: Flask) -> None:
    """Wire the hardening in: proxy headers, base URL, the control-character check, headers and 503 pages."""
    from app import redact

    redact.install(app.logger, logging.getLogger("werkzeug"))  # "Exception on /r/<token>/...", dev-server request lines
    _trust_proxies(app)
    _use_base_url(app)
    app.before_request(_reject_control_characters)
    app.after_request(_private_headers)
    app.register_error_handler(RenderTimeout, _render_unavailable)
    app.register_error_handler(RenderFailed, _render_unavailable)
    app.register_error_handler(sqlite3.OperationalError, _database_unavailable)


def _trust_proxies(app: Flask) -> None:
    """Honour X-Forwarded-For and -Proto from exactly TRUSTED_PROXIES hops, and only when the request comes from
    one of TRUSTED_PROXY_ADDRESSES: a client that reaches the app directly cannot choose its own address."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops <= 0:
        return
    from werkzeug.middleware.proxy_fix import ProxyFix

    proxies = trusted_networks(app.config.get("TRUSTED_PROXY_ADDRESSES"))
    plain = app.wsgi_app
    forwarded = ProxyFix(plain, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)

    def from_proxy_only(environ, start_response):
        try:
            peer = ipaddress.ip_address(environ.get("REMOTE_ADDR") or "")
        except ValueError:
            peer = None
        trusted = peer is not None and any(peer in network for network in proxies)
        return (forwarded if trusted else plain)(environ, start_response)

    app.wsgi_app = from_proxy_only


def trusted_networks(value) -> list:
    """The proxy addresses or networks from a list or a comma- or space-separated string; ValueError names a bad one."""
    items = value if isinstance(value, list | tuple) else re.split(r"[\s,]+", str(value or ""))
    networks = []
    for item in filter(None, (str(i).strip() for i in items)):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"FLASK_TRUSTED_PROXY_ADDRESSES: '{item}' is not an IP address or network") from None
    return networks


DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"  # `flask run`'s address; scripts/run sets FLASK_BASE_URL to it


def _use_base_url(app: Flask) -> None:
    """Generated external links start with BASE_URL, never with the request's Host header.

    Without a configured base URL, links shown on pages use the development server's address and no
    email carrying a link is sent (app.mail.links_ready logs why): a mailed link must never follow a
    Host header an attacker chose.
    """
    base = urlsplit(str(app.config.get("BASE_URL") or ""))
    configured = base.scheme in ("http", "https") and bool(base.netloc)
    app.config["BASE_URL_CONFIGURED"] = configured
    if configured:
        app.config["SERVER_NAME"], app.config["PREFERRED_URL_SCHEME"] = base.netloc, base.scheme
    else:
        if app.config.get("BASE_URL"):
            log.warning("FLASK_BASE_URL=%r is not an http(s) address; it is ignored", app.config["BASE_URL"])
        log.warning("FLASK_BASE_URL is not set: links shown on pages start with %s, and no email with a link "
                    "(password reset, unlock, invitation) is sent", DEVELOPMENT_BASE_URL)
        base = urlsplit(DEVELOPMENT_BASE_URL)
    build_adapter = app.create_url_adapter

    def create_url_adapter(req):
        adapter = build_adapter(req)
        if adapter is not None:  # the host and scheme of every external link: never the request's
            adapter.server_name, adapter.url_scheme = base.netloc, base.scheme
        return adapter

    app.create_url_adapter = create_url_adapter


def has_control_characters(value: str) -> bool:
    """True when a text value holds a C0 control other than tab, CR or LF, or DEL."""
    return bool(CONTROL_CHARACTERS.search(value))


def _reject_control_characters():
    """At the door: a form value or query value with a control character is a 400 that says so."""
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            if has_control_characters(key) or has_control_characters(value):
                abort(400, description=CONTROL_MESSAGE)
    return None


def _private_headers(response):
    """Private-link pages stay out of caches and search engines; HSTS over HTTPS or when configured."""
    if request.path.startswith(PRIVATE_PREFIXES):
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    if request.is_secure or current_app.config.get("HSTS"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _unavailable(title: str, text: str):
    return render_template("error.html", title=title, text=text, code=503), 503, {"Retry-After": "60"}


def _render_unavailable(error):
    """A PDF that timed out or whose renderer crashed: a clear 503, not a 500."""
    if isinstance(error, RenderTimeout):
        return _unavailable("The PDF took too long", "Rendering the report took longer than allowed. Please try again in a minute.")
    log.error("PDF render failed: %s", error)
    return _unavailable("The PDF could not be made", "The PDF renderer stopped unexpectedly. Your answers are safe; "
                        "please try again in a minute, and tell the operator if it keeps happening.")


_DATABASE_PROBLEMS = {
    "database or disk is full": ("The server's disk is full", "Nothing was saved just now because the server has run "
                                 "out of disk space. Your earlier answers are safe; please tell the operator."),
    "readonly database": ("Saving is switched off", "The database is read-only at the moment, so nothing could be "
                          "saved. Your earlier answers are safe; please tell the operator."),
    "database is locked": ("The server is busy", "Too many changes arrived at once. Please try again in a moment."),
}


def _database_unavailable(error: sqlite3.OperationalError):
    """Disk full, read-only or locked database: a 503 saying what happened; any other database error is a 500."""
    message = str(error).lower()
    for fragment, (title, text) in _DATABASE_PROBLEMS.items():
        if fragment in message:
            log.error("database unavailable: %s", error)
            return _unavailable(title, text)
    log.exception("database error", exc_info=error)
    return _error_page(error)
