"""The front door: one open journal, its clock and settings, and what the commands do with it.

Commands parse options, call a `Journal` method and print what it returns; scripts can do
the same:

    from journal.api import Journal
    with Journal.open("~/headaches.sqlite3") as journal:
        print(journal.summary_week())

A SQLite journal already at the program's schema is used through the standard library's
sqlite3 (journal/storage/rows.py, the fast path); anything else (PostgreSQL, a journal to
create or migrate, JOURNAL_ENGINE=sqlalchemy) goes through SQLAlchemy. The entry logic
(journal/entries) is the same on both.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from journal.errors import BadInput, JournalError, exclusive

if TYPE_CHECKING:
    import sqlite3
    from zoneinfo import ZoneInfo

    from sqlalchemy.orm import Session

    from journal.core.facts import Facts
    from journal.entries.inputs import (
        CheckinInput,
        EpisodeInput,
        IntakeInput,
        ListFilter,
        RemedyInput,
    )
    from journal.storage.engine import Store
    from journal.storage.location import Location
    from journal.storage.rows import Rows

T = TypeVar("T")

# How often a write runs when the database server keeps cancelling its transaction for a
# concurrent one (PostgreSQL only; SQLite writers queue instead).
WRITE_ATTEMPTS = 5
# JOURNAL_ENGINE=sqlalchemy sends a SQLite journal through SQLAlchemy too (tests compare).
ENGINE_ENV = "JOURNAL_ENGINE"


class Journal:
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
    ) -> Journal:
        """The journal at PATH or URL, else where JOURNAL_DB(_URL) or the user data dir say."""
        from journal.storage.location import resolve

        return cls(resolve(url, None if path is None else str(path)), now=now)

    def __enter__(self) -> Journal:
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

    # -- everyday writes ---------------------------------------------------------------------

    def log(self, data: EpisodeInput) -> dict[str, Any]:
        from journal.entries.episodes import log_episode

        return self._episode_change(lambda rows: log_episode(rows, data, self.now))

    def edit(self, episode_id: int, data: EpisodeInput) -> dict[str, Any]:
        from journal.entries.episodes import edit_episode

        return self._episode_change(lambda rows: edit_episode(rows, episode_id, data, self.now))

    def end(
        self, episode_id: int | None, at: datetime | None, intensity: int | None
    ) -> dict[str, Any]:
        from journal.entries.episodes import end_episode

        when = at or self.now
        return self._episode_change(
            lambda rows: end_episode(rows, episode_id, when, intensity, self.now)
        )

    def overlapping(self, data: EpisodeInput) -> list[dict[str, Any]]:
        """The episodes a new one with DATA's times would share time with."""
        from journal.entries.reads import episode_record, overlapping

        start = data.start or self.now
        end = None if data.ongoing else data.end
        return self.read(
            lambda rows: [
                episode_record(rows, e, self._zone(rows), self.now)
                for e in overlapping(rows, start, end, self.now)
            ]
        )

    def set_deleted(self, episode_id: int, deleted: bool) -> None:
        from journal.entries.episodes import set_deleted

        self.write(lambda rows: set_deleted(rows, episode_id, deleted, self.now))

    def _episode_change(self, change: Callable[[Rows], dict[str, Any]]) -> dict[str, Any]:
        """Run CHANGE and return the episode as `--json` shows it, read in the same
        transaction (the record printed is the record kept)."""
        from journal.entries.reads import episode_record
        from journal.entries.settings import journal_zone

        def work(rows: Rows) -> dict[str, Any]:
            return episode_record(rows, change(rows), journal_zone(rows), self.now)

        return self.write(work)

    def take(self, data: IntakeInput) -> tuple[dict[str, Any], list[str]]:
        """Record a dose; returns the intake as `--json` shows it (with "repeated": true
        when the last dose of the remedy was repeated) and the notices to show."""
        from journal.entries.intakes import take, take_notices
        from journal.entries.records import intake_dict
        from journal.entries.settings import journal_zone

        def work(rows: Rows) -> tuple[dict[str, Any], list[str]]:
            intake = take(rows, data, self.now)
            tz = journal_zone(rows)
            record = intake_dict(intake, tz)
            if intake["repeated"]:
                record["repeated"] = True
            return record, take_notices(rows, intake, tz)

        return self.write(work)

    def edit_intake(self, intake_id: int, data: IntakeInput) -> dict[str, Any]:
        from journal.entries.intakes import edit_intake

        return self._intake_change(lambda rows: edit_intake(rows, intake_id, data, self.now))

    def set_intake_deleted(self, intake_id: int, deleted: bool) -> None:
        from journal.entries.intakes import set_intake_deleted

        self.write(lambda rows: set_intake_deleted(rows, intake_id, deleted, self.now))

    def _intake_change(self, change: Callable[[Rows], dict[str, Any]]) -> dict[str, Any]:
        from journal.entries.records import intake_dict
        from journal.entries.settings import journal_zone

        return self.write(lambda rows: intake_dict(change(rows), journal_zone(rows)))

    def checkin(self, data: CheckinInput) -> dict[str, Any]:
        from journal.entries.days import checkin
        from journal.entries.records import checkin_dict
        from journal.entries.settings import journal_zone

        return self.write(
            lambda rows: checkin_dict(checkin(rows, data, self.now, journal_zone(rows)))
        )

    def mark(self, tag: str, day: date, note: str | None) -> dict[str, Any]:
        from journal.entries.days import mark
        from journal.entries.records import marker_dict

        return self.write(lambda rows: marker_dict(mark(rows, tag, day, note, self.now)))

    def unmark(self, marker_id: int) -> dict[str, Any]:
        from journal.entries.days import unmark
        from journal.entries.records import marker_dict

        return self.write(lambda rows: marker_dict(unmark(rows, marker_id)))

    # -- the catalogue -----------------------------------------------------------------------

    def remedies(self) -> list[dict[str, Any]]:
        from journal.entries.intakes import list_remedies
        from journal.entries.records import remedy_dict

        return self.read(lambda rows: [remedy_dict(r) for r in list_remedies(rows)])

    def knows_remedy(self, name: str) -> bool:
        """Whether NAME is a remedy or alias in the catalogue (any case)."""
        from journal.entries.intakes import find_remedy
        from journal.errors import BadInput

        try:
            self.read(lambda rows: find_remedy(rows, name))
        except BadInput:
            return False
        return True

    def add_remedy(self, data: RemedyInput) -> dict[str, Any]:
        from journal.entries.intakes import add_remedy
        from journal.entries.records import remedy_dict

        return self.write(lambda rows: remedy_dict(add_remedy(rows, data, self.now)))

    # -- reading back ------------------------------------------------------------------------

    def entries(
        self, first: date, last: date, *, deleted: bool = False, only: ListFilter | None = None
    ) -> list[dict[str, Any]]:
        """Episodes, intakes, markers and check-ins of the local days [first, last], narrowed
        by ONLY (the `list` contract)."""
        from journal.entries.reads import period_records

        return self.read(
            lambda rows: period_records(
                rows, first, last, self._zone(rows), self.now, deleted=deleted, only=only
            )
        )

    def episode(self, episode_id: int) -> dict[str, Any]:
        """One episode, deleted or not, as `show --json` prints it."""
        from journal.entries.episodes import get_episode
        from journal.entries.reads import episode_record

        return self.read(
            lambda rows: episode_record(
                rows, get_episode(rows, episode_id, deleted=None), self._zone(rows), self.now
            )
        )

    def markers(self, first: date, last: date) -> list[dict[str, Any]]:
        from journal.entries.reads import markers

        return self.read(lambda rows: markers(rows, first, last))

    def checkins(self, first: date, last: date) -> list[dict[str, Any]]:
        from journal.entries.reads import checkins

        return self.read(lambda rows: checkins(rows, first, last))

    def facts(self, first: date, last: date) -> Facts:
        """What the rules and summaries count, for the local days [first, last]."""
        from journal.entries.reads import load_facts

        return self.read(lambda rows: load_facts(rows, first, last, self.now, self._zone(rows)))

    def default_days(
        self, first: str | None, last: str | None, days: int = 30
    ) -> tuple[date, date]:
        """The period of `--from`/`--to` (default: the last DAYS days up to today)."""
        end = self.parse_day(last, "--to") or self.today()
        start = self.parse_day(first, "--from") or end - timedelta(days=days - 1)
        if start > end:
            raise BadInput("--from", "is after --to")
        return start, end

    # -- looking back ------------------------------------------------------------------------

    def _review_facts(self, first: date, last: date) -> Facts:
        """Facts for figures of [first, last]: from the flags' look-back on, and one day past
        the end (the next-day counts look at the morning after)."""
        return self.facts(first, last + timedelta(days=1))

    def summary(self, first: date, last: date, label: str | None = None) -> Any:
        """Counts of the local days [first, last], the period before, the change, the flags."""
        from journal.core import summary as core
        from journal.core.days import period_label, previous_bounds
        from journal.core.rules import facts_span

        as_of = min(last, self.today())
        start = min(previous_bounds(first, last)[0], facts_span(as_of, 3))
        facts = self._review_facts(start, last)
        return core.summarise(facts, first, last, label or period_label(first, last))

    def summaries(self, step: str, count: int) -> list[Any]:
        """The last COUNT ISO weeks (step "week") or calendar months ("month"), oldest first."""
        from journal.core import summary as core
        from journal.core.days import month_bounds, period_label, previous_bounds, week_bounds
        from journal.core.rules import facts_span

        bounds = week_bounds if step == "week" else month_bounds
        periods = [bounds(self.today())]
        for _ in range(count - 1):
            periods.insert(0, previous_bounds(*periods[0]))
        periods = [bounds(first) for first, _ in periods]
        start = min(previous_bounds(*periods[0])[0], facts_span(periods[-1][1], 3))
        facts = self._review_facts(start, periods[-1][1])
        return [core.summarise(facts, f, last, period_label(f, last)) for f, last in periods]

    def flags(self, as_of: date, months: int = 3) -> list[dict[str, Any]]:
        """The frequent-use flags of the MONTHS calendar months ending with AS_OF's."""
        from journal.core.rules import evaluate_flags, facts_span

        facts = self._review_facts(facts_span(as_of, months), as_of)
        return [f.to_dict() for f in evaluate_flags(facts, as_of=as_of, months=months)]

    def midas(self, as_of: date) -> Any:
        from journal.core import summary as core

        first, last = core.midas_window(as_of)
        return core.midas(self._review_facts(first, last), as_of)

    def status(self) -> Any:
        """What the bare `journal` command shows."""
        from journal.core import summary as core
        from journal.core.rules import facts_span

        today = self.today()
        return core.status(self._review_facts(facts_span(today, 3), today), today)

    # -- pictures ----------------------------------------------------------------------------

    def picture_period(
        self, months: int | None, first: str | None, last: str | None
    ) -> tuple[date, date]:
        """The period of a chart or report: --months, or --from/--to (default: 3 months)."""
        from journal.core.days import add_months, month_start
        from journal.pictures.chartdata import default_period

        if months is not None and (first or last):
            raise exclusive("--months", "--from" if first else "--to")
        if months is not None:
            return default_period(self.today(), months)
        end = self.parse_day(last, "--to") or self.today()
        start = self.parse_day(first, "--from") or month_start(add_months(end, -2))
        if start > end:
            raise BadInput("--from", "is after --to")
        if (end - start).days > 3660:
            raise BadInput("--from", "the period may span at most 10 years")
        return start, end

    def picture_data(
        self, first: date, last: date, *, diary: bool = False
    ) -> tuple[Any, list[Any]]:
        """What the charts and the report draw for [first, last], and the diary table's rows,
        read in one transaction; a period with nothing recorded is refused."""
        from journal.entries.reads import load_facts, period_records
        from journal.pictures import chartdata

        def work(rows: Rows) -> tuple[Any, list[Any]]:
            tz = self._zone(rows)
            facts = load_facts(rows, *chartdata.load_span(first, last), self.now, tz)
            found: list[Any] = []
            if diary:
                items = period_records(rows, first, last, tz, self.now)
                found = chartdata.diary_rows(
                    [i for i in items if i["kind"] == "episode"],
                    [i for i in items if i["kind"] == "intake"],
                    [(m.date, m.tag, m.note) for m in facts.markers if first <= m.date <= last],
                    self.now,
                )
            return facts, found

        facts, rows = self.read(work)
        data = chartdata.build(facts, first, last)
        if data.empty:
            raise JournalError(f"Nothing is recorded from {first} to {last}; no file was written.")
        return data, rows


def _forced_sqlalchemy() -> bool:
    return os.environ.get(ENGINE_ENV, "").strip().lower() == "sqlalchemy"
