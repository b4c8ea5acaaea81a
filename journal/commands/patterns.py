"""`journal patterns`: which days, exposures and doses go with new headaches."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from journal.commands.common import Whole, emit_json, json_option, note, pass_journal, range_options

if TYPE_CHECKING:
    from journal.api import Journal


@click.command()
@click.option(
    "--months",
    type=Whole(1, 120),
    help="Calendar months ending with this one (default: 12).",
)
@range_options
@json_option
@pass_journal
def patterns(
    journal: Journal, months: int | None, from_: str | None, to_: str | None, as_json: bool
) -> None:
    """Compare days with and without each exposure: how often a new headache began.

    Exposures are day markers (`journal mark alcohol`, any tag: record them on
    every day they happen), classes taken in the evening (18:00-05:00), kratom
    doses per day and the weekday. For each exposure on 5 or more known days, at
    lag 0 (same day) and 1 (next day; weekdays same day only), the share of days
    on which a new headache began is set against the other known days, each with
    a 95% Wilson interval, Fisher's exact test and a Benjamini-Hochberg q over
    all rows. These are associations in your own records, not causes.

    \b
    Verdicts: more-often, less-often, no-clear-difference, and
    too-few-days until 90 known days and 24 new headaches are recorded
    (JSON `needed` says how many more) or when a headache came on nearly
    every known day, which leaves nothing to compare with.

    \b
    Examples:
      journal patterns                        the last 12 months
      journal patterns --from 2026-01-01 --to 2026-11-30 --json
    """
    first, last = journal.patterns_period(months, from_, to_)
    result = journal.patterns(first, last)
    if as_json:
        from journal.core.personal import CAVEAT

        emit_json(result.to_dict())
        note(CAVEAT)
        return
    from journal.views.patterns import render_patterns

    click.echo(render_patterns(result))


COMMANDS = [patterns]
