"""Shell completion: `journal completion SHELL`, and what a tab offers from the journal.

Click runs these callbacks when the shell asks (`_JOURNAL_COMPLETE=..._complete`),
without running the `journal` group's callback, so nothing here opens the journal
through the storage layer: the callbacks read the SQLite file read-only
(journal.storage.peek), and offer nothing for a server journal or a missing file.
Only click is imported at module level; a tab press pays for sqlite3 alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    import sqlite3
    from zoneinfo import ZoneInfo

    from click.shell_completion import CompletionItem

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_JOURNAL_COMPLETE"

Completer = Callable[[click.Context, click.Parameter, str], list[Any]]


def _journal(ctx: click.Context) -> Any:
    """The journal's read-only connection context, from the --db/--db-url given on the
    command line being completed (or the environment, or the default)."""
    from journal.storage.location import resolve
    from journal.storage.peek import readonly

    root = ctx.find_root()
    try:
        location = resolve(root.params.get("db_url"), root.params.get("db_path"))
    except Exception:  # an odd --db value: complete nothing rather than fail
        return readonly(None)
    return readonly(location.path if location.is_sqlite else None)


def _offer(
    ctx: click.Context, read: Callable[[sqlite3.Connection], Iterable[CompletionItem]]
) -> list[CompletionItem]:
    import sqlite3

    with _journal(ctx) as con:
        if con is None:
            return []
        try:
            return list(read(con))
        except (sqlite3.Error, ValueError, TypeError):  # another schema, a damaged file
            return []


def _starts(value: str, incomplete: str) -> bool:
    return value.casefold().startswith(incomplete.casefold())


def files(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The shell's own file-name completion (click.Path's, without its checks)."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(incomplete, type="file")]


def remedies(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Remedy names and aliases, any case."""
    from click.shell_completion import CompletionItem

    from journal.storage.peek import remedy_names

    def read(con: sqlite3.Connection) -> Iterable[CompletionItem]:
        for named in remedy_names(con):
            if _starts(named.value, incomplete):
                yield CompletionItem(named.value, help=named.help)

    return _offer(ctx, read)


def _zone(con: sqlite3.Connection) -> ZoneInfo:
    from zoneinfo import ZoneInfo

    from journal.storage.peek import zone_name

    try:
        return ZoneInfo(zone_name(con) or "UTC")
    except (ValueError, OSError, KeyError):
        return ZoneInfo("UTC")


def _episodes(deleted: bool) -> Completer:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        from journal.storage.peek import recent_episodes

        def read(con: sqlite3.Connection) -> Iterable[CompletionItem]:
            tz = _zone(con)
            for ep in recent_episodes(con, deleted=deleted, prefix=incomplete):
                when = ep.start.astimezone(tz).strftime("%a %d %b %Y %H:%M")
                peak = "" if ep.intensity is None else f", peak {ep.intensity}"
                still = ", ongoing" if ep.end is None else ""
                yield CompletionItem(str(ep.id), help=f"{when}, {ep.type}{peak}{still}")

        return _offer(ctx, read)

    return complete


episodes = _episodes(deleted=False)
deleted_episodes = _episodes(deleted=True)


def _tags(what: str) -> Completer:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        from journal.storage.peek import used_tags

        def read(con: sqlite3.Connection) -> Iterable[CompletionItem]:
            for tag, count in used_tags(con, what):
                if _starts(tag, incomplete):
                    yield CompletionItem(tag, help=f"used {count}x")

        return _offer(ctx, read)

    return complete


marker_tags = _tags("markers")
symptoms = _tags("symptoms")
triggers = _tags("triggers")


def markers(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Day-marker ids with their day and tag (for unmark)."""
    from click.shell_completion import CompletionItem

    from journal.storage.peek import recent_markers

    def read(con: sqlite3.Connection) -> Iterable[CompletionItem]:
        for m in recent_markers(con):
            if str(m.id).startswith(incomplete):
                yield CompletionItem(str(m.id), help=f"{m.day:%a %d %b %Y}, {m.tag}")

    return _offer(ctx, read)


@click.command()
@click.argument("shell", type=click.Choice(SHELLS, case_sensitive=False))
def completion(shell: str) -> None:
    """Print the shell code that makes tab complete journal commands.

    Tab then offers commands and options, remedy names and aliases, episode ids
    with their dates, chart kinds, and the day-marker tags, symptoms and triggers
    already used. It reads the journal without changing it.

    \b
    Examples:
      eval "$(journal completion bash)"      in ~/.bashrc
      eval "$(journal completion zsh)"       in ~/.zshrc
      journal completion fish > ~/.config/fish/completions/journal.fish
    """
    from click.shell_completion import get_completion_class

    ctx = click.get_current_context()
    shell_class = get_completion_class(shell.lower())
    assert shell_class is not None  # the Choice above holds only click's own shells
    source = shell_class(ctx.find_root().command, {}, "journal", COMPLETE_VAR).source()
    click.echo(source)


COMMANDS = [completion]
