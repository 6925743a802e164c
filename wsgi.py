"""WSGI entry point: `flask --app wsgi run` or `gunicorn wsgi:app`."""
import gc

from app import create_app

app = create_app()
# The app's modules, questionnaires and forms live as long as the worker: keep them out of the
# cycle collector's scans, which otherwise pause an unlucky request for tens of milliseconds.
gc.freeze()
