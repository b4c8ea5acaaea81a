"""`journal remind`: daily reminders through a systemd user timer or crontab."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

import click

from journal.commands.common import App, emit_json, json_option, note, pass_app
from journal.errors import JournalError, exclusive

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from journal.storage.location import Location


def _location_args(location: Location) -> list[str]:
    """The journal the reminders read: the one in use when they were installed."""
    if location.path is not None:
        return ["--db", str(location.path)]
    return ["--db-url", location.url]


def _command(app: App) -> list[str]:
    from journal.scheduler import journal_executable

    return [*journal_executable(), *_location_args(app.location), "remind", "run"]


def _clock(text: str, field: str) -> time:
    from journal.when import parse_clock

    return parse_clock(text, field)


@click.group()
def remind() -> None:
    """Daily reminders: the morning check-in, and episodes left open.

    Nothing runs until `journal remind install` sets up a systemd user timer (or,
    without systemd, a crontab entry) that runs `journal remind run`.
    """


@remind.command(name="install")
@click.option(
    "--checkin", default="08:30", show_default=True, metavar="HH:MM", help="The morning reminder."
)
@click.option(
    "--evening", default="21:00", show_default=True, metavar="HH:MM", help="The evening reminder."
)
@click.option("--crontab", "use_cron", is_flag=True, help="Add the lines to your crontab.")
@click.option(
    "--systemd", "use_systemd", is_flag=True, help="Write the units even if systemd is not running."
)
@pass_app
def remind_install(app: App, checkin: str, evening: str, use_cron: bool, use_systemd: bool) -> None:
    """Remind me each morning and evening (a systemd user timer, or crontab).

    At each time, `journal remind run` shows a desktop notification when this
    morning's check-in is missing or an episode has been open more than 12 hours.
    The times are the machine's clock. Installing again replaces the times.
    Where systemd is not running, the crontab lines are printed, and added to your
    crontab only with --crontab.

    \b
    Examples:
      journal remind install
      journal remind install --checkin 7:45 --evening 9pm
    """
    from journal import reminders, scheduler

    if use_cron and use_systemd:
        raise exclusive("--crontab", "--systemd")
    times = [_clock(checkin, "--checkin"), _clock(evening, "--evening")]
    command = _command(app)
    shown = " and ".join(f"{t:%H:%M}" for t in sorted(set(times)))
    running = not use_cron and scheduler.systemd_user_running()
    if use_systemd or running:
        where = scheduler.units()
        problems = scheduler.install_units(
            where,
            reminders.service_text(command),
            reminders.timer_text(times),
            activate=running,
        )
        click.echo(str(where.timer))
        if not running:
            note(
                f"Wrote the timer for {shown}; systemd is not running here, so it starts "
                "with your next login (or run `systemctl --user daemon-reload && "
                f"systemctl --user start {reminders.TIMER}`)."
            )
        else:
            note(f"Reminders at {shown} ({reminders.TIMER}).")
        for problem in problems:
            note(problem)
        note("`journal remind status` shows them; `journal remind remove` takes them away.")
        return
    import os

    lines = reminders.cron_lines(command, times, os.getuid())
    if not use_cron:
        for line in lines:
            click.echo(line)
        note(
            "systemd is not running here, so nothing was installed. Add the lines above "
            "with `crontab -e`, or run `journal remind install --crontab` to add them."
        )
        return
    current = scheduler.read_crontab()
    if current is None:
        raise JournalError(
            "crontab is not installed here; install cron, or use a systemd timer "
            "(`journal remind install --systemd`)."
        )
    scheduler.write_crontab(reminders.with_ours(current, lines))
    for line in lines:
        click.echo(line)
    note(f"Added reminders at {shown} to your crontab; `journal remind remove` takes them away.")


@remind.command(name="run")
@click.option("--at", metavar="WHEN", help="Look as of this time (default: now).")
@click.option("--print", "to_stdout", is_flag=True, help="Print instead of notifying.")
@pass_app
def remind_run(app: App, at: str | None, to_stdout: bool) -> None:
    """Show the reminders due now (what the timer runs).

    A desktop notification (notify-send) for a missing morning check-in and for
    each episode open more than 12 hours; printed where notify-send is missing or
    cannot reach a desktop. Nothing when nothing is due. Reads the journal only.

    \b
    Example:
      journal remind run --print
    """
    from journal import reminders, scheduler

    now = _now(at)
    facts = _facts(app.location)
    if not facts.exists:
        note(f"(There is no journal at {app.location.display()} yet.)")
    for reminder in reminders.due(now, _zone(facts.tz), facts.checkin_days, facts.ongoing):
        if to_stdout or not scheduler.notify(reminder.title, reminder.body):
            click.echo(reminder.text())


def _now(at: str | None) -> datetime:
    """Now, or the time AT typed (read in the typing machine's zone, as everywhere)."""
    from journal.when import input_zone, parse_when

    now = datetime.now(UTC)
    return now if at is None else parse_when(at, "--at", now=now, zone=input_zone())


def _facts(location: Location) -> Any:
    from journal.storage.peek import read_reminder_facts

    try:
        if location.path is not None:
            return read_reminder_facts(location.path, None)
        return read_reminder_facts(None, location.url)
    except JournalError:
        raise
    except Exception as exc:  # sqlite3's or the server driver's: one sentence, no traceback
        raise JournalError(
            f"Could not read the journal at {location.display()} for reminders "
            f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'no detail'})."
        ) from None


def _hide_password(text: str) -> str:
    """A server URL's password is in the unit (mode 0600); not on the screen."""
    import re

    return re.sub(r"(://[^:/@\s]+:)\S*@", r"\1***@", text)


def _zone(name: str | None) -> ZoneInfo:
    from journal.errors import BadInput
    from journal.when import input_zone, zone_named

    try:
        return zone_named(name) if name else input_zone()
    except BadInput:
        return zone_named("UTC")


@remind.command(name="status")
@json_option
def remind_status(as_json: bool) -> None:
    """Show which reminders are installed, when, and what they run.

    \b
    Example:
      journal remind status
    """
    from journal import reminders, scheduler

    where = scheduler.units()
    data: dict[str, Any] = {"systemd": None, "crontab": []}
    if where.timer.is_file():
        service = where.service.read_text("utf-8") if where.service.is_file() else ""
        run = [
            line.split("=", 1)[1] for line in service.splitlines() if line.startswith("ExecStart=")
        ]
        data["systemd"] = {
            "timer": str(where.timer),
            "service": str(where.service) if where.service.is_file() else None,
            "times": reminders.timer_times(where.timer.read_text("utf-8")),
            "runs": _hide_password(run[0]) if run else None,
            "enabled": where.link.is_symlink(),
            "state": scheduler.timer_state(),
        }
    current = scheduler.read_crontab()
    if current:
        data["crontab"] = reminders.ours(current)
    if as_json:
        emit_json(data)
        return
    unit = data["systemd"]
    if unit is None and not data["crontab"]:
        note("No reminders are installed; `journal remind install` sets them up.")
        return
    if unit is not None:
        enabled = "enabled" if unit["enabled"] else "not enabled"
        state = f", {unit['state']}" if unit["state"] else ""
        click.echo(f"systemd timer at {' and '.join(unit['times'])} ({enabled}{state})")
        click.echo(f"  {unit['timer']}")
        if unit["service"]:
            click.echo(f"  {unit['service']}")
        if unit["runs"]:
            click.echo(f"  runs: {unit['runs']}")
    if data["crontab"]:
        click.echo("crontab:")
        for line in data["crontab"]:
            click.echo(f"  {line}")


@remind.command(name="remove")
def remind_remove() -> None:
    """Take the reminders away (the systemd units and the crontab lines).

    \b
    Example:
      journal remind remove
    """
    from journal import reminders, scheduler

    removed = [
        str(p)
        for p in scheduler.remove_units(
            scheduler.units(), activate=scheduler.systemd_user_running()
        )
    ]
    current = scheduler.read_crontab()
    lines = reminders.ours(current or "")
    if lines:
        scheduler.write_crontab(reminders.without_ours(current or ""))
        removed.append(f"{len(lines)} crontab line(s)")
    if removed:
        note("Removed " + ", ".join(removed) + ".")
    else:
        note("No reminders were installed.")


COMMANDS = [remind]
