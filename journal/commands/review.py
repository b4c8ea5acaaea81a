"""Looking back: summary, flags, midas, and the bare `journal` status screen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import click

from journal.commands.common import App, InputError, emit_json, json_option, pass_app

if TYPE_CHECKING:
    from journal.core.facts import Facts

# The flag rules look back two months before their window to see three-month runs
# (overuse-sustained, chronic-pattern); see journal/core/rules.py.
RULE_LOOKBACK_MONTHS = 2


def facts_span(as_of: date, months: int) -> date:
    """The first day the flag rules need for a window of MONTHS ending at AS_OF."""
    from journal.core.days import add_months, month_start

    return month_start(add_months(as_of, -(months - 1) - RULE_LOOKBACK_MONTHS))


def _load(app: App, first: date, last: date) -> Facts:
    from journal.storage.queries import load_facts

    with app.read() as s:
        # One day past the end: the next-day counts look at the morning after.
        return load_facts(s, first, last + timedelta(days=1), app.now)


def _journal_today(app: App) -> tuple[Any, date]:
    from journal.entries.writes import journal_zone

    with app.read() as s:
        tz = journal_zone(s)
    return tz, app.today(tz)


def _bounds(label: str, option: str) -> tuple[date, date]:
    from journal.core.days import period_bounds

    try:
        return period_bounds(label)
    except ValueError:
        example = "2026-W47" if option == "--week" else "2026-11"
        raise InputError(f"{option}: {label!r} is not a period like {example}") from None


@click.command()
@click.option("--week", metavar="YYYY-Www", help="An ISO week, e.g. 2026-W47.")
@click.option("--month", metavar="YYYY-MM", help="A calendar month, e.g. 2026-11.")
@click.option("--date", "day", metavar="DATE", help="The ISO week holding this date.")
@click.option("--weeks", type=click.IntRange(1, 520), help="A table of the last N weeks.")
@click.option("--months", type=click.IntRange(1, 240), help="A table of the last N months.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@json_option
@pass_app
def summary(
    app: App,
    week: str | None,
    month: str | None,
    day: str | None,
    weeks: int | None,
    months: int | None,
    fmt: str,
    as_json: bool,
) -> None:
    """Summarise a week or month: headache days, persistence, medication days.

    \b
    Examples:
      journal summary                   this ISO week, with the week before
      journal summary --month 2026-11 --format markdown
      journal summary --weeks 8         a table of the last 8 weeks
    """
    from journal.core import summary as core
    from journal.core.days import month_bounds, period_label, previous_bounds, week_bounds
    from journal.views import summary as views

    chosen = [
        n
        for n, v in (
            ("--week", week),
            ("--month", month),
            ("--date", day),
            ("--weeks", weeks),
            ("--months", months),
        )
        if v is not None
    ]
    if len(chosen) > 1:
        raise InputError(f"{chosen[0]} and {chosen[1]} exclude each other")
    fmt = "json" if as_json else fmt
    tz, today = _journal_today(app)
    if weeks or months:
        step = week_bounds if weeks else month_bounds
        periods = [step(today)]
        for _ in range((weeks or months or 1) - 1):
            periods.insert(0, previous_bounds(*periods[0]))
        periods = [step(first) for first, _ in periods]
        start = min(previous_bounds(*periods[0])[0], facts_span(periods[-1][1], 3))
        facts = _load(app, start, periods[-1][1])
        results = [core.summarise(facts, f, last, period_label(f, last)) for f, last in periods]
        if fmt == "json":
            emit_json(results)
        elif fmt == "markdown":
            click.echo(views.render_periods_markdown(results))
        else:
            click.echo(views.render_periods_text(results))
        return
    if week:
        first, last = _bounds(week, "--week")
    elif month:
        first, last = _bounds(month, "--month")
    else:
        anchor = app.day(day, "--date", tz) if day else today
        assert anchor is not None
        first, last = week_bounds(anchor)
    as_of = min(last, today)
    start = min(previous_bounds(first, last)[0], facts_span(as_of, 3))
    facts = _load(app, start, last)
    result = core.summarise(facts, first, last, period_label(first, last))
    if fmt == "json":
        emit_json(result)
    elif fmt == "markdown":
        click.echo(views.render_markdown(result))
    else:
        click.echo(views.render_text(result))


@click.command()
@click.option("--as-of", "as_of", metavar="DATE", help="Evaluate up to this day (default: today).")
@click.option(
    "--months",
    type=click.IntRange(1, 24),
    default=3,
    show_default=True,
    help="Calendar months in the window, ending with the as-of month.",
)
@json_option
@pass_app
def flags(app: App, as_of: str | None, months: int, as_json: bool) -> None:
    """Show frequent-use warnings: medication overuse, kratom signals.

    Each flag says what was seen, with the numbers, and why it matters. They are
    prompts to talk to a clinician or pharmacist, not a diagnosis.

    \b
    Example:
      journal flags --as-of 2026-11-30 --months 6 --json
    """
    from journal.core.rules import evaluate_flags

    tz, today = _journal_today(app)
    end = app.day(as_of, "--as-of", tz) if as_of else today
    assert end is not None
    if end > today:
        raise InputError(f"--as-of: {end} is in the future")
    facts = _load(app, facts_span(end, months), end)
    found = [f.to_dict() for f in evaluate_flags(facts, as_of=end, months=months)]
    if as_json:
        emit_json(found)
        return
    from journal.views.records import flags_text

    click.echo(flags_text(found, end))


@click.command()
@click.option("--as-of", "as_of", metavar="DATE", help="Last day of the 3 months (default: today).")
@json_option
@pass_app
def midas(app: App, as_of: str | None, as_json: bool) -> None:
    """Score MIDAS (headache disability) over 3 months from the diary.

    Q1-Q5 come from the --missed and --reduced impact recorded on episodes; A is
    headache days and B the mean daily peak.

    \b
    Example:
      journal midas --as-of 2026-09-30
    """
    from journal.core import summary as core

    tz, today = _journal_today(app)
    end = app.day(as_of, "--as-of", tz) if as_of else today
    assert end is not None
    if end > today:
        raise InputError(f"--as-of: {end} is in the future")
    first, last = core.midas_window(end)
    result = core.midas(_load(app, first, last), end)
    if as_json:
        emit_json(result)
        return
    from journal.views.records import midas_text

    click.echo(midas_text(dict(result)))


def status_screen(app: App) -> None:
    from journal.core import summary as core
    from journal.views import summary as views

    _, today = _journal_today(app)
    facts = _load(app, facts_span(today, 3), today)
    click.echo(views.render_status(core.status(facts, today)))


COMMANDS = [summary, flags, midas]
