"""WSGI entry point: `flask --app wsgi run` or `gunicorn wsgi:app`."""
import gc
import sys

from app import create_app
from app.store.startup import DatabaseRefused

try:
    app = create_app()
except DatabaseRefused as refused:
    # A damaged, cut-short or read-only database: say so plainly and stop. Exit status 4 is gunicorn's
    # "the app failed to load", so its master stops too instead of restarting workers into the same refusal.
    print(f"Error: {refused}", file=sys.stderr)
    sys.exit(4)
# The app's modules, questionnaires and forms live as long as the worker: keep them out of the
# cycle collector's scans, which otherwise pause an unlucky request for tens of milliseconds.
gc.freeze()
