"""How treatments went: pain after a dose (`outcome`) and preventive courses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from journal.commands import complete
from journal.commands.common import (
    NUMBER,
    RECORD_ID,
    Whole,
    emit_id,
    emit_json,
    json_option,
    note,
    pass_journal,
)

if TYPE_CHECKING:
    from journal.api import Journal


@click.command()
@click.argument("intake_id", metavar="INTAKE_ID", type=RECORD_ID)
@click.option("--pain", required=True, type=Whole(0, 10), metavar="N", help="Pain 0-10.")
@click.option("--at", metavar="WHEN", help="When (default: 2 hours after the dose, or now).")
@json_option
@pass_journal
def outcome(journal: Journal, intake_id: int, pain: int, at: str | None, as_json: bool) -> None:
    """Record the pain some time after a dose (the 2-hour mark unless --at says).

    Record it as often as you like (at 2 hours, at 4 hours, the next morning): the
    treatment figures take the one closest to 2 hours, and a headache back within a
    day. These are your own records, not evidence that a remedy works.

    \b
    Example:
      journal outcome 7 --pain 2
      journal outcome 7 --pain 0 --at "today 18:30"
    """
    row = journal.outcome(intake_id, pain, journal.parse_when(at, "--at"))
    if as_json:
        emit_json(row)
        return
    emit_id(row["id"])
    after = f", {row['hours_after']:g} h after the dose" if "hours_after" in row else ""
    note(f"Recorded pain {row['pain']}/10 for intake {intake_id}{after}.")


@click.group()
def preventive() -> None:
    """Start, stop and list preventive treatment courses."""


@preventive.command(name="start")
@click.argument("name", shell_complete=complete.remedies)
@click.option("--dose", type=NUMBER, help="Daily dose, in --unit or the remedy's unit.")
@click.option("--unit", help="Unit of the dose (default: the remedy's).")
@click.option("--date", "day", metavar="DATE", help="The first day (default: today).")
@click.option(
    "--from-intakes", is_flag=True, help="Start it on the day of the first dose recorded."
)
@json_option
@pass_journal
def preventive_start(
    journal: Journal,
    name: str,
    dose: float | None,
    unit: str | None,
    day: str | None,
    from_intakes: bool,
    as_json: bool,
) -> None:
    """Start a preventive course (the remedy must be a preventive in the catalogue).

    \b
    Example:
      journal preventive start erenumab --dose 70 --date 2026-09-01
      journal preventive start propranolol --from-intakes
    """
    from journal.errors import exclusive

    if from_intakes and day is not None:
        raise exclusive("--from-intakes", "--date")
    started = None if from_intakes else journal.past_day(day, "--date")
    row = journal.start_course(name, started, dose, unit, from_intakes=from_intakes)
    if as_json:
        emit_json(row)
    else:
        note(f"Started {row['remedy']} on {row['started']}.")


@preventive.command(name="stop")
@click.argument("name", shell_complete=complete.remedies)
@click.option("--date", "day", metavar="DATE", help="The last day (default: today).")
@click.option("--reason", metavar="TEXT", help="Why it was stopped.")
@json_option
@pass_journal
def preventive_stop(
    journal: Journal, name: str, day: str | None, reason: str | None, as_json: bool
) -> None:
    """Stop the preventive course that is going.

    \b
    Example:
      journal preventive stop erenumab --date 2026-12-01 --reason "no change"
    """
    row = journal.stop_course(name, journal.past_day(day, "--date"), reason)
    if as_json:
        emit_json(row)
    else:
        note(f"Stopped {row['remedy']} on {row['stopped']} (started {row['started']}).")


@preventive.command(name="list")
@json_option
@pass_journal
def preventive_list(journal: Journal, as_json: bool) -> None:
    """List the preventive courses, oldest first, each with its before/after.

    Before: the 12 weeks before the course began. After: weeks 9-12 of the course (or its
    latest 4 weeks, when it has run less than 12). Migraine and headache days per 28 days
    known, the change in percent, and whether migraine days fell by 30% and by 50% (the
    marks trials and prescribing rules use); not enough data when fewer than 80% of either
    window's days were kept. Preventives with doses but no course are listed too.

    \b
    Example:
      journal preventive list --json
    """
    courses = journal.courses()
    if as_json:
        emit_json(courses)
        return
    uncoursed = journal.uncoursed_preventives()
    if not courses and not uncoursed:
        note("No preventive course recorded; `journal preventive start NAME` begins one.")
        return
    from journal.views.treatments import courses_text

    click.echo(courses_text(courses, uncoursed), nl=False)


@click.command(name="treatments")
@click.option("--from", "from_", metavar="DATE", help="First day (inclusive).")
@click.option("--to", "to_", metavar="DATE", help="Last day (inclusive).")
@click.option("--months", type=Whole(1, 120), help="Calendar months ending with this one.")
@json_option
@pass_journal
def treatments_(
    journal: Journal, from_: str | None, to_: str | None, months: int | None, as_json: bool
) -> None:
    """Show how acute doses went: pain free and relief at 2 hours, rescue, sustained.

    Built from the pain recorded with `take --pain` and `journal outcome`, per remedy and
    per class (default: the last 3 months). Each figure counts only the doses for which
    the records tell; shares appear from 5 such doses on. These are your own records,
    not evidence that a remedy works.

    \b
    Example:
      journal treatments --months 6
    """
    first, last = journal.picture_period(months, from_, to_)
    found = journal.treatments(first, last)
    if as_json:
        emit_json(found)
        return
    from journal.views.treatments import treatments_text

    click.echo(treatments_text(found))


COMMANDS = [outcome, preventive, treatments_]
