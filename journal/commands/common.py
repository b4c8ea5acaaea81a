"""What every command shares: the lazy app object, options, output, and error mapping.

Imports only click and the standard library at module level, so `journal --help`
stays fast; the database layer is imported on first use.
"""

from __future__ import annotations

import functools
import io
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from journal.errors import BadInput, JournalError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from sqlalchemy.orm import Session

    from journal.storage.engine import Store
    from journal.storage.location import Location

F = TypeVar("F", bound=Callable[..., Any])

# How often a command runs when the database server keeps cancelling its transaction
# for a concurrent one (PostgreSQL only; SQLite writers queue instead).
COMMAND_ATTEMPTS = 5


class App:
    """Per-invocation state; opens (and migrates) the journal only when first asked."""

    def __init__(self, db_url: str | None, db_path: str | None) -> None:
        self._db_url, self._db_path = db_url, db_path
        self._location: Location | None = None
        self._store: Store | None = None
        self.now = datetime.now(UTC)

    @property
    def location(self) -> Location:
        if self._location is None:
            from journal.storage.location import resolve

            self._location = resolve(self._db_url, self._db_path)
        return self._location

    @property
    def store(self) -> Store:
        if self._store is None:
            from journal.storage.engine import Store

            self._store = Store(self.location)
        return self._store

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.store.read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """The command's write transaction. What the command prints inside it is held
        back until the commit succeeds, so a failed or rerun command never shows a
        result that was not kept."""
        store = self.store
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err), store.write() as session:
            yield session
        click.echo(out.getvalue(), nl=False)
        click.echo(err.getvalue(), nl=False, err=True)

    def run(self, command: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run COMMAND's body, again from the top when PostgreSQL cancelled its
        transaction for a concurrent one (serialization failure or deadlock).

        A rerun is safe: the transaction was rolled back, nothing was printed (see
        write()), and `now` and the parsed options are the same; only the data read is
        newer. A prompt before the transaction would be asked again.
        """
        attempt = 1
        while True:
            try:
                return command(self, *args, **kwargs)
            except Exception as exc:
                if attempt >= COMMAND_ATTEMPTS or not self._conflict(exc):
                    raise
            # A random pause, so that the same two commands do not collide again.
            import random

            time.sleep(random.uniform(0, 0.02 * 2**attempt))
            attempt += 1

    def _conflict(self, exc: BaseException) -> bool:
        if self._store is None:
            return False
        from journal.storage.engine import is_conflict

        return is_conflict(exc)

    def input_zone(self) -> ZoneInfo:
        from journal.when import input_zone

        return input_zone()

    def when(self, text: str | None, field: str) -> datetime | None:
        """Parse a typed time in the typing machine's zone; None stays None."""
        if text is None:
            return None
        from journal.when import parse_when

        return parse_when(text, field, now=self.now, zone=self.input_zone())

    def day(self, text: str | None, field: str, tz: ZoneInfo) -> date | None:
        if text is None:
            return None
        from journal.when import parse_date

        return parse_date(text, field, today=self.now.astimezone(tz).date())

    def today(self, tz: ZoneInfo) -> date:
        return self.now.astimezone(tz).date()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def pass_app(func: F) -> F:
    """Hand a command its App as first argument and run it through App.run."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        app = ctx.find_object(App)
        if app is None:
            raise RuntimeError("journal commands run under the `journal` group")
        return ctx.invoke(app.run, func, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


# SQLite's INTEGER range: a larger number cannot be an id, and the driver would
# overflow on it, so it is bad input (exit 2) rather than "not found".
RECORD_ID = click.IntRange(-(2**63), 2**63 - 1)


class InputError(click.ClickException):
    """Bad input found past click's own parsing: exit 2, message names the field."""

    exit_code = 2


class RuntimeFailure(click.ClickException):
    exit_code = 1


def to_click(exc: JournalError) -> click.ClickException:
    if isinstance(exc, BadInput):
        return InputError(str(exc))
    return RuntimeFailure(str(exc))


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")(func)


def emit_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def note(message: str) -> None:
    """A message for the person, on stderr, so stdout stays data."""
    click.echo(message, err=True)


def range_options(func: F) -> F:
    func = click.option("--to", "to_", metavar="DATE", help="Last day (inclusive).")(func)
    func = click.option("--from", "from_", metavar="DATE", help="First day (inclusive).")(func)
    return func


def is_terminal() -> bool:
    return sys.stdin.isatty()
