"""The journal as an open store: opening, transactions, Ctrl-C at the commit, time, settings."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeVar

from journal.errors import BadInput

if TYPE_CHECKING:
    import sqlite3
    from zoneinfo import ZoneInfo

    from sqlalchemy.orm import Session

    from journal.core.facts import Facts
    from journal.storage.engine import Store
    from journal.storage.location import Location
    from journal.storage.rows import Rows

T = TypeVar("T")

# How often a write runs when the database server keeps cancelling its transaction for a
# concurrent one (PostgreSQL only; SQLite writers queue instead).
WRITE_ATTEMPTS = 5
# JOURNAL_ENGINE=sqlalchemy sends a SQLite journal through SQLAlchemy too (tests compare).
ENGINE_ENV = "JOURNAL_ENGINE"


class JournalBase:
    """One journal, opened on first use and closed with close() (or a with block)."""

    def __init__(self, location: Location, *, now: datetime | None = None) -> None:
        self.location = location
        self.now = now or datetime.now(UTC)
        self._lite: sqlite3.Connection | None = None
        self._store: Store | None = None
        self._tz: ZoneInfo | None = None
        self._sigint: Any = None  # the SIGINT handler to put back after a commit

    @classmethod
    def open(
        cls, path: str | Path | None = None, *, url: str | None = None, now: datetime | None = None
    ) -> Self:
        """The journal at PATH or URL, else where JOURNAL_DB(_URL) or the user data dir say."""
        from journal.storage.location import resolve

        return cls(resolve(url, None if path is None else str(path)), now=now)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._lite is not None:
            self._lite.close()
            self._lite = None
        if self._store is not None:
            self._store.close()
            self._store = None
        self._restore_sigint()

    # -- storage and transactions ----------------------------------------------------------

    @property
    def fast(self) -> bool:
        """Whether this journal is used through sqlite3 directly (opens it if needed)."""
        return self._connect() is not None

    def _connect(self) -> sqlite3.Connection | None:
        if self._lite is None and self._store is None:
            path = self.location.path
            if self.location.is_sqlite and path is not None and not _forced_sqlalchemy():
                from journal.storage.lite import open_at
                from journal.storage.sql import HEAD_REVISION

                self._lite = open_at(path, HEAD_REVISION)
        return self._lite

    @property
    def store(self) -> Store:
        """The SQLAlchemy store (creates, checks and migrates the journal on first use)."""
        if self._store is None:
            from journal.storage.engine import Store

            self._store = Store(self.location)
        return self._store

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Rows]:
        con = self._connect()
        if con is not None:
            from journal.storage.rows import LiteRows

            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield LiteRows(con)
                if write:
                    self._guard_commit()
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
            return
        from journal.storage.rows import SaRows

        with self.session(write=write) as session:
            yield SaRows(session.connection())

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """An ORM session in one transaction (export, import and the db commands use it)."""
        opened = self.store.write() if write else self.store.read()
        with opened as session:
            yield session
            if write:
                self._guard_commit()

    def read(self, work: Callable[[Rows], T]) -> T:
        with self._transaction(write=False) as rows:
            return work(rows)

    def write(self, work: Callable[[Rows], T]) -> T:
        """Run WORK in one write transaction, again from the top when PostgreSQL cancelled
        it for a concurrent one; once committed, an interrupt no longer undoes the command."""
        from journal.storage.failures import is_conflict

        attempt = 1
        while True:
            try:
                with self._transaction(write=True) as rows:
                    result = work(rows)
                self._tz = None  # a write may have changed the zone
                return result
            except Exception as exc:
                if attempt >= WRITE_ATTEMPTS or not is_conflict(exc):
                    raise
            # A random pause, so that the same two commands do not collide again.
            time.sleep(random.uniform(0, 0.02 * 2**attempt))
            attempt += 1

    def _guard_commit(self) -> None:
        """From the commit on, Ctrl-C waits: the command finishes and reports what it kept.

        SIGINT is blocked across the COMMIT, then ignored until close() puts the handler
        back, so an interrupt can never turn a kept change into "nothing was changed".
        """
        if threading.current_thread() is not threading.main_thread():
            return
        if self._sigint is None:
            self._sigint = signal.getsignal(signal.SIGINT)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def _restore_sigint(self) -> None:
        if self._sigint is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, self._sigint)
            self._sigint = None

    # -- time --------------------------------------------------------------------------------

    @property
    def tz(self) -> ZoneInfo:
        """The zone the journal counts its calendar days in (setting `tz`)."""
        return self._tz or self.read(self._zone)

    def _zone(self, rows: Rows) -> ZoneInfo:
        """The journal's zone, read once inside a transaction already open."""
        if self._tz is None:
            from journal.entries.settings import journal_zone

            self._tz = journal_zone(rows)
        return self._tz

    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    def parse_when(self, text: str | None, field: str) -> datetime | None:
        """A typed time, in the zone of the machine typing; None stays None."""
        if text is None:
            return None
        from journal.when import input_zone, parse_when

        return parse_when(text, field, now=self.now, zone=input_zone())

    def parse_day(self, text: str | None, field: str) -> date | None:
        """A typed date ("today" in the journal's zone); None stays None."""
        if text is None:
            return None
        from journal.when import parse_date

        return parse_date(text, field, today=self.today())

    def past_day(self, text: str | None, field: str) -> date:
        """A typed date that may not lie after today; None is today."""
        day = self.parse_day(text, field) or self.today()
        if day > self.today():
            raise BadInput(field, f"{day} is in the future")
        return day

    # -- settings ----------------------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        from journal.entries.settings import SETTINGS_DEFAULTS, setting

        return self.read(lambda rows: {k: setting(rows, k) for k in SETTINGS_DEFAULTS})

    def set_setting(self, key: str, value: str) -> str:
        from journal.entries.settings import set_setting

        return self.write(lambda rows: set_setting(rows, key, value, self.now))

    # -- facts for the core --------------------------------------------------------------

    def facts(self, first: date, last: date) -> Facts:
        """What the rules and summaries count, for the local days [first, last]."""
        from journal.entries.reads import load_facts

        return self.read(lambda rows: load_facts(rows, first, last, self.now, self._zone(rows)))


def _forced_sqlalchemy() -> bool:
    return os.environ.get(ENGINE_ENV, "").strip().lower() == "sqlalchemy"
