"""Looking back: summary, flags, midas, and the bare `journal` status screen."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from journal.commands.common import Whole, emit_json, json_option, painter, pass_journal
from journal.errors import BadInput, exclusive

if TYPE_CHECKING:
    from journal.api import Journal


def _bounds(label: str, option: str) -> tuple[date, date]:
    from journal.core.days import period_bounds

    example = "2026-W47" if option == "--week" else "2026-11"
    outside = BadInput(option, f"{label!r} lies outside the years 1900 to 9000")
    try:
        first, last = period_bounds(label)
    except OverflowError:
        raise outside from None
    except ValueError:
        raise BadInput(option, f"{label!r} is not a period like {example}") from None
    # As for dates typed elsewhere (journal/when.py): the days after must exist too.
    if first.year < 1900 or last.year > 9000:
        raise outside
    return first, last


@click.command()
@click.option("--week", metavar="YYYY-Www", help="An ISO week, e.g. 2026-W47.")
@click.option("--month", metavar="YYYY-MM", help="A calendar month, e.g. 2026-11.")
@click.option("--date", "day", metavar="DATE", help="The ISO week holding this date.")
@click.option("--weeks", type=Whole(1, 520), help="A table of the last N weeks.")
@click.option("--months", type=Whole(1, 240), help="A table of the last N months.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"], case_sensitive=False),
    default="text",
    show_default=True,
    help="How to print it.",
)
@json_option
@pass_journal
def summary(
    journal: Journal,
    week: str | None,
    month: str | None,
    day: str | None,
    weeks: int | None,
    months: int | None,
    fmt: str,
    as_json: bool,
) -> None:
    """Summarise a week or month: headache days, persistence, medication days.

    Only known days count: days from your first entry on, except stretches of 14 or
    more days with nothing written. A period with no known day shows "not recorded"
    (null in JSON), never 0; one still running is compared with as many days of the
    one before. The next-day table sets evenings with a class (18:00-05:00) against
    evenings without, counting new headaches on known next days; it is an association
    in your records, not a cause. Migraine days are days with 30 minutes or more of
    headache whose features fit migraine or probable migraine, with aura, or with a
    triptan or ergot taken (see `journal log --help`).

    \b
    Examples:
      journal summary                   this ISO week, with the week before
      journal summary --month 2026-11 --format markdown
      journal summary --weeks 8         a table of the last 8 weeks
    """
    from journal.core.days import week_bounds
    from journal.views import summary as views

    given = {"--week": week, "--month": month, "--date": day, "--weeks": weeks}
    chosen = [name for name, value in {**given, "--months": months}.items() if value is not None]
    if len(chosen) > 1:
        raise exclusive(chosen[0], chosen[1])
    fmt = "json" if as_json else fmt
    if weeks or months:
        step, count = ("week", weeks) if weeks else ("month", months or 1)
        if fmt == "json":
            emit_json(journal.summaries(step, count))
            return
        # The table shows the counts alone: no flags or next-day tables to compute.
        rows = journal.period_rows(step, count)
        if fmt == "markdown":
            click.echo(views.render_periods_markdown(rows))
        else:
            click.echo(views.render_periods_text(rows))
        return
    if week:
        first, last = _bounds(week, "--week")
    elif month:
        first, last = _bounds(month, "--month")
    else:
        first, last = week_bounds(journal.parse_day(day, "--date") or journal.today())
    result = journal.summary(first, last)
    if fmt == "json":
        emit_json(result)
    elif fmt == "markdown":
        click.echo(views.render_markdown(result))
    else:
        click.echo(views.render_text(result, paint=painter()))


@click.command()
@click.option("--as-of", "as_of", metavar="DATE", help="Evaluate up to this day (default: today).")
@click.option(
    "--months",
    type=Whole(1, 24),
    default=3,
    show_default=True,
    help="Calendar months in the window, ending with the as-of month.",
)
@json_option
@pass_journal
def flags(journal: Journal, as_of: str | None, months: int, as_json: bool) -> None:
    """Show frequent-use warnings: medication overuse, kratom signals.

    Each flag says what was seen, with the numbers, and why it matters. They are
    prompts to talk to a clinician or pharmacist, not a diagnosis.

    \b
    Example:
      journal flags --as-of 2026-11-30 --months 6 --json
    """
    end = journal.past_day(as_of, "--as-of")
    found = journal.flags(end, months)
    if as_json:
        emit_json(found)
        return
    from journal.views.records import flags_text

    click.echo(flags_text(found, end, paint=painter()))


@click.command()
@click.option("--as-of", "as_of", metavar="DATE", help="Last day of the 3 months (default: today).")
@json_option
@pass_journal
def midas(journal: Journal, as_of: str | None, as_json: bool) -> None:
    """Score MIDAS (headache disability) over 3 months from the diary.

    Q1-Q5 come from the impact recorded per day (an episode's --missed/--reduced
    on its first day, `edit --missed-on DATE:WHAT` and a check-in's --missed/--reduced
    on later days), each day counted once; A is headache days and B the mean daily
    peak. The text says when fewer than 80% of the 3 months are known days.

    \b
    Example:
      journal midas --as-of 2026-09-30
    """
    result = journal.midas(journal.past_day(as_of, "--as-of"))
    if as_json:
        emit_json(result)
        return
    from journal.views.records import midas_text

    click.echo(midas_text(dict(result)))


@click.command()
@click.option(
    "--months",
    type=Whole(1, 120),
    default=6,
    show_default=True,
    help="Cycles whose day 1 lies in the last N months.",
)
@click.option("--as-of", "as_of", metavar="DATE", help="Last day of the months (default: today).")
@json_option
@pass_journal
def cycles(journal: Journal, months: int, as_of: str | None, as_json: bool) -> None:
    """Show migraine days around menstruation, cycle by cycle.

    Consecutive days marked `journal mark menstruation` (or period, menses) are one
    period; day 1 is the first, the day before is day -1, and there is no day 0. For
    each cycle: whether a migraine day fell on days -2 to +3, and migraine days at
    other times. ICHD-3 (appendix A1.1) looks for attacks on days -2 to +3 in at
    least 2 of 3 consecutive cycles, recorded as they happen: the pattern is one of
    pure-menstrual, menstrually-related, not-menstrual or not-enough-data, for a
    clinician to judge, not a diagnosis.

    \b
    Example:
      journal cycles --months 6 --json
    """
    result = journal.cycles(journal.past_day(as_of, "--as-of"), months)
    if as_json:
        emit_json(result)
        return
    from journal.views.cycles import cycles_text

    click.echo(cycles_text(result))


def status_screen(journal: Journal) -> None:
    from journal.views.summary import render_status

    click.echo(render_status(journal.status(), paint=painter()))


COMMANDS = [summary, flags, midas, cycles]
