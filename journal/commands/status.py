"""`journal` with no subcommand: a one-screen status."""

from __future__ import annotations

import click

from journal.commands.common import App


def status_screen(app: App) -> None:
    from journal.entries import journal_zone, latest_ongoing

    with app.read() as s:
        tz = journal_zone(s)
        ongoing = latest_ongoing(s)
        if ongoing is None:
            click.echo("No episode is ongoing.")
        else:
            hours = (app.now - ongoing.start).total_seconds() / 3600
            start = ongoing.start.astimezone(tz).strftime("%a %d %b %H:%M")
            click.echo(f"Episode {ongoing.id} ongoing since {start} ({hours:.0f} h).")
            if hours > 72:
                click.echo("It has run for more than 72 hours: did you forget `journal end`?")
