"""What every command shares: the lazy journal, shared options, and output helpers.

Imports only click and the standard library at module level, so `journal --help`
stays fast; the journal itself is opened on first use.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from journal.errors import BadInput, JournalError

if TYPE_CHECKING:
    from journal.api import Journal
    from journal.storage.location import Location

F = TypeVar("F", bound=Callable[..., Any])
# ctx.meta key for the command's name, which the error log records (names, never values).
COMMAND_KEY = "journal.command"


class App:
    """Per-invocation state: where the journal is, and the journal once a command asks."""

    def __init__(self, db_url: str | None, db_path: str | None) -> None:
        self._db_url, self._db_path = db_url, db_path
        self._location: Location | None = None
        self._journal: Journal | None = None

    @property
    def location(self) -> Location:
        if self._location is None:
            from journal.storage.location import resolve

            self._location = resolve(self._db_url, self._db_path)
        return self._location

    @property
    def journal(self) -> Journal:
        if self._journal is None:
            from journal.api import Journal

            self._journal = Journal(self.location)
        return self._journal

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()


def pass_journal(func: F) -> F:
    """Hand a command the Journal as its first argument."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        ctx.meta[COMMAND_KEY] = ctx.command_path
        app = ctx.find_object(App)
        if app is None:
            raise RuntimeError("journal commands run under the `journal` group")
        return func(app.journal, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def pass_app(func: F) -> F:
    """Hand a command the App (for commands that look at the journal before opening it)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        ctx.meta[COMMAND_KEY] = ctx.command_path
        app = ctx.find_object(App)
        if app is None:
            raise RuntimeError("journal commands run under the `journal` group")
        return func(app, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


# Numbers as people type them, in ASCII digits only: Python's int() and float() (and so
# click's INT and FLOAT) also take Arabic-Indic, Devanagari or full-width digits and
# underscores, which no one means as a pain score, a dose or an ID.
_WHOLE = re.compile(r"[+-]?[0-9]{1,30}")
_DECIMAL = re.compile(
    r"[+-]?(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})(?:[eE][+-]?[0-9]{1,4})?"
)


class _Unbounded:
    """click describes a range with no bounds as "[x<=None]": say nothing instead."""

    min: Any
    max: Any

    def _describe_range(self) -> str:
        if self.min is None and self.max is None:
            return ""
        return super()._describe_range()  # type: ignore[misc]


class Whole(_Unbounded, click.IntRange):
    """A whole number in ASCII digits, optionally within MIN..MAX."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            if not _WHOLE.fullmatch(value.strip()):
                self.fail(f"{value!r} is not a whole number (digits 0-9).", param, ctx)
            value = value.strip()
        return super().convert(value, param, ctx)


class Decimal(_Unbounded, click.FloatRange):
    """A number such as 400, 2.5 or 1e3 in ASCII digits (no nan, inf or 1_000)."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            if not _DECIMAL.fullmatch(value.strip()):
                self.fail(f"{value!r} is not a number (digits 0-9, e.g. 2.5).", param, ctx)
            value = value.strip()
        return super().convert(value, param, ctx)


WHOLE = Whole()
NUMBER = Decimal()


class RecordId(click.ParamType):
    """A record's ID. SQLite's INTEGER range bounds it: a larger number cannot be an id,
    and the driver would overflow on it, so it is bad input (exit 2) rather than "not
    found". Help shows "ID", not the range's 20-digit ends."""

    name = "id"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif _WHOLE.fullmatch(str(value).strip()):
            number = int(str(value).strip())
        else:
            self.fail(f"{value!r} is not an ID (a whole number in digits 0-9)", param, ctx)
        if not -(2**63) <= number < 2**63:
            self.fail(f"{value} is not an ID (too large)", param, ctx)
        return number


RECORD_ID = RecordId()


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")(func)


def emit_json(data: Any) -> None:
    import json

    try:
        # allow_nan=False: NaN or Infinity would make output no JSON reader accepts.
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise JournalError(
            "A total is too large to write as JSON (a dose beyond any real one?); "
            "correct the record with `journal edit-intake`."
        ) from None
    click.echo(text)


def emit_id(record_id: object) -> None:
    """A new record's id on stdout, for scripts (`id=$(journal log ...)`). On a terminal
    the sentence on stderr already names it, so the bare number is left out."""
    isatty = getattr(sys.stdout, "isatty", None)
    if not (isatty and isatty()):
        click.echo(record_id)


def not_the_journal(journal: Journal, targets: list[Path]) -> None:
    """Refuse (naming --out) to write an export, chart or report over the journal file or
    its companions: with --overwrite that would replace the diary with a picture of it."""
    import os

    db = journal.location.path if journal.location.is_sqlite else None
    if db is None:
        return
    guarded = [db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal"))]
    for target in targets:
        for kept in guarded:
            if os.path.exists(target) and os.path.exists(kept):
                same = os.path.samefile(target, kept)  # a hard link too
            else:
                same = target.absolute().resolve() == kept.absolute().resolve()
            if same:
                what = "itself" if kept == db else f"file {kept.name}"
                raise BadInput("--out", f"{target} is the journal {what}; write to another file")


def note(message: str) -> None:
    """A message for the person, on stderr, so stdout stays data."""
    click.echo(message, err=True)


def range_options(func: F) -> F:
    func = click.option("--to", "to_", metavar="DATE", help="Last day (inclusive).")(func)
    func = click.option("--from", "from_", metavar="DATE", help="First day (inclusive).")(func)
    return func


def user_path(text: str, field: str) -> Path:
    """A path as typed, with ~ expanded; a ~user that does not exist is bad input."""
    try:
        return Path(text).expanduser()
    except RuntimeError:  # "~nobody-here": no such user's home
        raise BadInput(field, f"{text!r} names no home folder") from None


def is_terminal() -> bool:
    return sys.stdin.isatty()


# Only warnings and alerts are coloured; everything else stays the terminal's own colour.
SEVERITY_STYLE: dict[str, dict[str, Any]] = {
    "alert": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow"},
}


def colour_wanted(stream: Any = None) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (no-color.org) or
    the terminal says it is dumb."""
    import os

    stream = sys.stdout if stream is None else stream
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def painter(stream: Any = None) -> Callable[[str, str], str]:
    """The `paint` for views (journal.views.table.Paint): click.style by severity on a
    terminal, the text unchanged otherwise (a pipe, a file, JSON)."""
    if not colour_wanted(stream):
        return lambda text, severity: text

    def paint(text: str, severity: str) -> str:
        style = SEVERITY_STYLE.get(severity)
        return click.style(text, **style) if style else text

    return paint


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A journal.progress.Progress that draws a click progress bar on stderr when it
    is a terminal; None (nothing drawn) otherwise.

    The terminal is taken now, before App.write() holds back what a command prints,
    so the bar moves while the work runs; the bar ends when the work reports it is
    done (or when the block ends), before the command's own messages.
    """
    stream = sys.stderr
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        yield None
        return
    bar: Any = None
    shown = 0
    closed = False

    def update(done: int, total: int) -> None:
        nonlocal bar, shown, closed
        if closed:
            return
        if bar is None:
            bar = click.progressbar(length=max(total, 1), label=label, file=stream)
            bar.__enter__()
        if done > shown:
            bar.update(done - shown)
            shown = done
        if done >= total:
            closed = True
            bar.__exit__(None, None, None)

    try:
        yield update
    finally:
        if bar is not None and not closed:
            bar.__exit__(None, None, None)


def stack(options: list[Callable[[Any], Any]]) -> Callable[[Any], Any]:
    def decorate(func: Any) -> Any:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate
