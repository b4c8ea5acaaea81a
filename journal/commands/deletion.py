"""The delete and undelete commands, made alike for episodes and intakes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from journal.commands import complete
from journal.commands.common import RECORD_ID, is_terminal, note, pass_journal
from journal.errors import BadInput

if TYPE_CHECKING:
    from journal.api import Journal


def confirm_delete(what: str, yes: bool) -> None:
    if yes:
        return
    if not is_terminal():
        raise BadInput("--yes", "required to delete when not run from a terminal")
    if not click.confirm(f"Delete {what}? It can be brought back with undelete", default=False):
        raise click.exceptions.Exit(1)


def deletion_command(
    noun: str, change: Callable[[Journal, int, bool], None], *, delete: bool
) -> click.Command:
    """The delete / undelete command for NOUN ("episode" or "intake")."""
    suffix = "" if noun == "episode" else "-intake"
    name = f"{'delete' if delete else 'undelete'}{suffix}"
    back = f"undelete{suffix}"
    example = 12 if noun == "episode" else 7

    episodes = complete.episodes if delete else complete.deleted_episodes

    @click.argument(
        "record_id",
        metavar="ID",
        type=RECORD_ID,
        shell_complete=episodes if noun == "episode" else None,
    )
    @pass_journal
    def command(journal: Journal, record_id: int, yes: bool = True) -> None:
        if delete:
            confirm_delete(f"{noun} {record_id}", yes)
        change(journal, record_id, delete)
        if delete:
            note(f"Deleted {noun} {record_id}; `journal {back} {record_id}` brings it back.")
        else:
            note(f"Restored {noun} {record_id}.")

    if delete:
        command = click.option("--yes", is_flag=True, help="Do not ask.")(command)
        command.__doc__ = (
            f"Delete an {noun} (recoverable with {back}).\n\n"
            f"The {noun} is kept, hidden; `journal {back} ID` brings it back.\n\n"
            f"\b\nExample:\n  journal {name} {example} --yes"
        )
    else:
        command.__doc__ = (
            f"Bring back a deleted {noun}.\n\n\b\nExample:\n  journal {name} {example}"
        )
    return click.command(name=name)(command)
