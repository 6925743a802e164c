"""`worker`: the background consumer that renders PDFs and sends the daily reminders (scripts/run starts it beside
the web server)."""
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
    from app.background import background, run_consumer
    from app.cli.reminders import register_daily

    app = current_app._get_current_object()
    count = workers or int(current_app.config["RENDER_WORKERS"])
    click.echo(f"Rendering PDF reports in the background, {count} at a time. Stop with Ctrl+C.", err=True)
    try:
        daily = register_daily(app, background(app).queue)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if daily:
        click.echo(f"Sending due reminders (action owners, charter reviews) every day at "
                   f"{int(app.config.get('REMINDERS_HOUR', 7)):02d}:00 UTC when mail is set up.", err=True)
    run_consumer(app, max(1, count))
