"""The Flask application factory: config, database, blueprints, CLI, headers and error pages."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, abort, render_template, send_from_directory
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, FileSystemLoader

from app.core.questionnaire import QUESTIONNAIRE_DIR, load_all
from app.core.reference import load_model

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()


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
    app.jinja_loader = ChoiceLoader([FileSystemLoader(str(ROOT / "templates")), FileSystemLoader(str(ROOT / "reports"))])
    app.extensions["questionnaires"] = load_all(Path(app.config["QUESTIONNAIRE_DIR"]))
    app.extensions["model"] = load_model(Path(app.config["QUESTIONNAIRE_DIR"]) / "model")

    csrf.init_app(app)
    from app import cli, db
    from app.web import accounts, charter, share, wizard, workshops

    db.init_app(app)
    cli.init_app(app)
    for blueprint in (wizard.bp, charter.bp, share.bp, accounts.bp, workshops.bp, workshops.join_bp):
        app.register_blueprint(blueprint)

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

    for code in (400, 404, 413, 500):
        app.register_error_handler(code, _error_page)
    return app


_ERROR_TEXT = {
    400: ("The request could not be understood", "The form may have expired. Go back, reload the page and try again."),
    404: ("Page not found", "This link is wrong or no longer works. Check that you copied the whole link."),
    413: ("Too much data", "What you sent is larger than this app accepts."),
    500: ("Something went wrong on our side", "Your saved answers are safe. Please try again in a moment."),
}


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    title, text = _ERROR_TEXT.get(code, _ERROR_TEXT[500])
    description = getattr(error, "description", None) if code == 400 else None
    return render_template("error.html", title=title, text=description or text, code=code), code
