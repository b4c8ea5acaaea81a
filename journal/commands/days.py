"""What belongs to a day: the morning check-in and day markers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from journal.commands import complete
from journal.commands.common import (
    RECORD_ID,
    WHOLE,
    emit_id,
    emit_json,
    is_terminal,
    json_option,
    note,
    pass_journal,
    range_options,
)
from journal.errors import BadInput
from journal.spec import IMPACT_MISSED, IMPACT_REDUCED

if TYPE_CHECKING:
    from journal.api import Journal


@click.command()
@click.option("--date", "day", metavar="DATE", help="The morning's date (default: today).")
@click.option("--still-hurting", is_flag=True, help="Yesterday's headache is still there.")
@click.option("--clear", is_flag=True, help="It is gone; ends an ongoing episode.")
@click.option("--intensity", type=WHOLE, help="With --still-hurting: that day's intensity 0-10.")
@click.option(
    "--at",
    metavar="WHEN",
    help="With --clear: when it ended (default: now). With --still-hurting: when that"
    " morning it was still there (default: now today, 08:00 on a past day).",
)
@click.option(
    "--missed",
    multiple=True,
    type=click.Choice(IMPACT_MISSED, case_sensitive=False),
    help="Missed that day (MIDAS).",
)
@click.option(
    "--reduced",
    multiple=True,
    type=click.Choice(IMPACT_REDUCED, case_sensitive=False),
    help="Productivity halved or worse that day (MIDAS).",
)
@json_option
@pass_journal
def checkin(
    journal: Journal,
    day: str | None,
    still_hurting: bool,
    clear: bool,
    intensity: int | None,
    at: str | None,
    missed: tuple[str, ...],
    reduced: tuple[str, ...],
    as_json: bool,
) -> None:
    """Answer the morning check-in: still hurting, or clear?

    The question is whether yesterday's headache is still there this morning (on a
    terminal, with neither --still-hurting nor --clear, it is asked). For
    today, still hurting keeps the episode going. For a past morning (--date) it
    records that the headache lasted until that morning (an episode ended earlier is
    extended to then, never further), and the day's --intensity counts for that
    headache only. --missed/--reduced record what it stopped you doing that day.

    \b
    Examples:
      journal checkin --still-hurting --intensity 4 --reduced work
      journal checkin --clear
      journal checkin --date 2026-11-10 --still-hurting --intensity 3 --at "2026-11-10 07:30"
    """
    from journal.entries.inputs import CheckinInput

    if not still_hurting and not clear and intensity is None and is_terminal():
        from journal.commands.ask import ask_checkin

        still_hurting, intensity = ask_checkin()
        clear = not still_hurting
    if still_hurting == clear:
        raise BadInput("--still-hurting / --clear", "give exactly one")
    if clear and intensity is not None:
        raise BadInput("--intensity", "goes with --still-hurting")
    data = CheckinInput(
        still_hurting=still_hurting,
        day=journal.parse_day(day, "--date"),
        intensity=intensity,
        at=journal.parse_when(at, "--at"),
        missed=missed,
        reduced=reduced,
    )
    result = journal.checkin(data)
    if as_json:
        emit_json(result)
    elif result["status"] == "still" and result["date"] == journal.today().isoformat():
        note(f"{result['date']}: still hurting; episode {result['episode_id']} continues.")
    elif result["status"] == "still":
        note(f"{result['date']}: still hurting that morning (episode {result['episode_id']}).")
    else:
        ended = f"; episode {result['episode_id']} ended" if result["episode_id"] else ""
        note(f"{result['date']}: clear{ended}.")


@click.command()
@click.argument("tag", shell_complete=complete.marker_tags)
@click.option("--date", "day", metavar="DATE", help="The day (default: today).")
@click.option("--note", "text", help="Free text.")
@json_option
@pass_journal
def mark(journal: Journal, tag: str, day: str | None, text: str | None, as_json: bool) -> None:
    """Mark a day: menstruation, poor sleep, alcohol, ...

    Day-level facts a clinician asks about; shown in the calendar and report.

    \b
    Example:
      journal mark menstruation --date yesterday
    """
    row = journal.mark(tag, journal.past_day(day, "--date"), text)
    if as_json:
        emit_json(row)
    else:
        emit_id(row["id"])
        note(f"Marked {row['date']} as {row['tag']}.")


@click.command()
@range_options
@json_option
@pass_journal
def marks(journal: Journal, from_: str | None, to_: str | None, as_json: bool) -> None:
    """List day markers (default: the last 30 days).

    \b
    Example:
      journal marks --from 2026-11-01
    """
    first, last = journal.default_days(from_, to_)
    items = journal.markers(first, last)
    if as_json:
        emit_json(items)
    elif not items:
        note(f"No day markers from {first} to {last}.")
    else:
        from journal.views.table import Column, render

        columns = (Column("ID", ">"), Column("Date"), Column("Tag"), Column("Note"))
        rows = [[str(m["id"]), m["date"], m["tag"], m["note"] or ""] for m in items]
        click.echo(render(columns, rows))


@click.command()
@click.argument("marker_id", metavar="ID", type=RECORD_ID, shell_complete=complete.markers)
@pass_journal
def unmark(journal: Journal, marker_id: int) -> None:
    """Remove a day marker.

    \b
    Example:
      journal unmark 3
    """
    row = journal.unmark(marker_id)
    note(f"Removed marker {row['tag']} on {row['date']}.")


COMMANDS = [checkin, mark, marks, unmark]
