"""Doses: take, edit-intake, delete-intake and undelete-intake."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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
    stack,
)
from journal.commands.deletion import deletion_command
from journal.errors import exclusive
from journal.spec import RELIEF

if TYPE_CHECKING:
    from journal.api import Journal


def intake_options(edit: bool) -> Callable[[Any], Any]:
    """The options `take` and `edit-intake` share."""
    unit, at = ("", "") if edit else (" (default: the remedy's)", " (default: now)")
    episode = (
        "Link to this episode."
        if edit
        else ("Episode it was for (default: the one whose time span holds it).")
    )
    opts = [
        click.option("--dose", type=NUMBER, help="Amount, in --unit or the remedy's unit."),
        click.option("--unit", help=f"Unit of the dose{unit}."),
        click.option("--at", metavar="WHEN", help=f"When it was taken{at}."),
        click.option(
            "--episode",
            "episode_id",
            type=RECORD_ID,
            help=episode,
            shell_complete=complete.episodes,
        ),
        click.option(
            "--relief",
            type=click.Choice(RELIEF, case_sensitive=False),
            help="How much it relieved.",
        ),
        click.option(
            "--pain",
            type=Whole(0, 10),
            metavar="N",
            help="Pain 0-10 when taken"
            + ("." if edit else " (default: the episode's, when known)."),
        ),
        click.option(
            "--product", help="Brand, form and strength (potency varies between products)."
        ),
    ]
    return stack(opts)


@click.command()
@click.argument("remedy", shell_complete=complete.remedies)
@intake_options(edit=False)
@json_option
@pass_journal
def take(
    journal: Journal,
    remedy: str,
    dose: float | None,
    unit: str | None,
    at: str | None,
    episode_id: int | None,
    relief: str | None,
    pain: int | None,
    product: str | None,
    as_json: bool,
) -> None:
    """Record a dose of a remedy, by name or alias in any case.

    Without --dose and --unit, the last dose recorded for the remedy is repeated (and
    said so). A dose far above the usual (more than 20 tablets, more than 4,000 mg of a
    simple pain reliever) is kept with a warning.

    \b
    Example:
      journal take ibuprofen --dose 400 --at "today 08:15" --pain 6
      journal take kratom --dose 2 --unit g --product "Brand X powder"
    """
    from journal.entries.inputs import IntakeInput

    data = IntakeInput(
        remedy=remedy,
        dose=dose,
        unit=unit,
        at=journal.parse_when(at, "--at"),
        episode_id=episode_id,
        relief=relief,
        product=product,
        pain=pain,
    )
    intake, notices = journal.take(data)
    if as_json:
        emit_json(intake)
    else:
        emit_id(intake["id"])
        linked = f", for episode {intake['episode_id']}" if intake["episode_id"] else ""
        note(f"Recorded intake {intake['id']}: {intake['remedy']}{linked}.")
    if intake.get("repeated"):
        amount = f"{intake['dose']:g} {intake['unit'] or ''}".rstrip()
        note(f"Repeated your last dose of {intake['remedy']}: {amount} (--dose to give another).")
    for text in notices:
        note(text)
    if not as_json and intake["use"] == "acute" and intake["class"] != "caffeine" and _seen():
        note(outcome_hint(intake))


def _seen() -> bool:
    """Someone at a terminal reads the output: neither stream goes to a pipe or a file."""
    import sys

    return all(getattr(s, "isatty", lambda: False)() for s in (sys.stdout, sys.stderr))


def outcome_hint(intake: dict[str, Any]) -> str:
    """The command to run 2 hours after an acute dose, so the treatment figures can tell
    how it went (pain at 2 hours is the trials' primary time point)."""
    from datetime import datetime, timedelta

    at = datetime.fromisoformat(intake["at"]) + timedelta(hours=2)
    return (
        f"At {at:%H:%M} (2 hours after the dose), record the pain 0-10: "
        f"journal outcome {intake['id']} --pain N"
    )


@click.command(name="edit-intake")
@click.argument("intake_id", metavar="ID", type=RECORD_ID)
@click.option(
    "--remedy", help="Another remedy, by name or alias.", shell_complete=complete.remedies
)
@intake_options(edit=True)
@click.option("--no-episode", "unlink", is_flag=True, help="Unlink from its episode.")
@json_option
@pass_journal
def edit_intake(
    journal: Journal,
    intake_id: int,
    remedy: str | None,
    dose: float | None,
    unit: str | None,
    at: str | None,
    episode_id: int | None,
    relief: str | None,
    pain: int | None,
    product: str | None,
    unlink: bool,
    as_json: bool,
) -> None:
    """Change an intake's fields.

    \b
    Example:
      journal edit-intake 7 --dose 200 --relief partial
    """
    from journal.entries.inputs import IntakeInput

    if episode_id is not None and unlink:
        raise exclusive("--episode", "--no-episode")
    data = IntakeInput(
        remedy=remedy,
        dose=dose,
        unit=unit,
        at=journal.parse_when(at, "--at"),
        episode_id=episode_id,
        unlink=unlink,
        relief=relief,
        product=product,
        pain=pain,
    )
    intake = journal.edit_intake(intake_id, data)
    if as_json:
        emit_json(intake)
    else:
        note(f"Updated intake {intake['id']}.")


delete_intake = deletion_command("intake", lambda j, i, d: j.set_intake_deleted(i, d), delete=True)
undelete_intake = deletion_command(
    "intake", lambda j, i, d: j.set_intake_deleted(i, d), delete=False
)


COMMANDS = [take, edit_intake, delete_intake, undelete_intake]
