"""`worker`: the background consumer that renders PDFs (scripts/run starts it beside the web server)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--workers", type=int, default=None,
              help="Renders at once for the whole server (default: RENDER_WORKERS, 1).")
@with_appcontext
def worker_command(workers: int | None) -> None:
    """Render queued PDF reports in the background until Ctrl+C (SIGINT) or SIGTERM."""
    from app.background import run_consumer

    count = workers or int(current_app.config["RENDER_WORKERS"])
    click.echo(f"Rendering PDF reports in the background, {count} at a time. Stop with Ctrl+C.", err=True)
    run_consumer(current_app._get_current_object(), max(1, count))
