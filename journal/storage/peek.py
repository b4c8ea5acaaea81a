"""A quick read-only look into a journal, for shell completion and reminders.

These readers never migrate and never write: a SQLite journal is opened through the
sqlite3 module with a read-only URI, so a completion pressed while another command
writes cannot change, lock or upgrade the file. They use only the standard library
(no SQLAlchemy), so a tab press stays quick. A journal that is missing, damaged or of
another schema gives nothing rather than an error: a completion is a convenience.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

# How many recent episodes completion offers: enough to find last month's, short
# enough to read in a list.
RECENT_EPISODES = 40


def readonly_uri(path: Path) -> str:
    """The sqlite3 URI that opens PATH read-only.

    The path is percent-quoted, so a folder named "a?b#c" or "100%" still means itself.
    When no write-ahead log is beside the file (nothing is writing it, or a writer just
    finished cleanly), the file is opened as immutable too, so that SQLite does not
    create -wal and -shm files beside it just to read; while a log is there, the
    reader needs it to see the newest data.
    """
    uri = f"file:{quote(str(path), safe='/')}?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


@contextmanager
def readonly(path: Path | None) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to the SQLite journal at PATH, or None when there is none
    (a server journal, or no file yet). Closed on leaving."""
    if path is None or not path.is_file():
        yield None
        return
    try:
        con = sqlite3.connect(readonly_uri(path), uri=True, timeout=0.5)
    except sqlite3.Error:
        yield None
        return
    try:
        yield con
    finally:
        con.close()


def _rows(con: Any, sql: str) -> list[tuple[Any, ...]]:
    """SQL's rows, from a sqlite3 connection or a SQLAlchemy one."""
    if isinstance(con, sqlite3.Connection):
        return list(con.execute(sql).fetchall())
    from sqlalchemy import text

    return [tuple(r) for r in con.execute(text(sql)).all()]


def as_utc(value: Any) -> datetime:
    """A stored time as an aware UTC datetime (SQLite keeps naive UTC text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def as_date(value: Any) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


def zone_name(con: Any) -> str | None:
    found = _rows(con, "SELECT value FROM settings WHERE key = 'tz'")
    return str(found[0][0]) if found else None


# --- for completion --------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    value: str
    help: str


def remedy_names(con: sqlite3.Connection) -> list[Named]:
    """Remedy names and aliases, each with what it is."""
    out = [
        Named(name, f"{klass}{', preventive' if use == 'preventive' else ''}")
        for name, klass, use in _rows(con, "SELECT name, klass, use FROM remedies ORDER BY name")
    ]
    out += [
        Named(alias, f"alias of {name}")
        for alias, name in _rows(
            con,
            "SELECT a.name, r.name FROM remedy_aliases a JOIN remedies r ON r.id = a.remedy_id "
            "ORDER BY a.name",
        )
    ]
    return out


@dataclass(frozen=True)
class EpisodeBrief:
    id: int
    start: datetime
    end: datetime | None
    intensity: int | None
    type: str


def recent_episodes(
    con: Any, *, deleted: bool, prefix: str = "", limit: int = RECENT_EPISODES
) -> list[EpisodeBrief]:
    """The latest episodes, newest first (the deleted ones instead, for undelete); with
    PREFIX (digits), those whose id starts with it."""
    where = "deleted IS NOT NULL" if deleted else "deleted IS NULL"
    if prefix:
        if not prefix.isdigit():
            return []
        where += f" AND CAST(id AS TEXT) LIKE '{prefix}%'"
    rows = _rows(
        con,
        f'SELECT id, start, "end", intensity, type FROM episodes WHERE {where} '
        f"ORDER BY start DESC, id DESC LIMIT {int(limit)}",
    )
    return [
        EpisodeBrief(int(i), as_utc(s), None if e is None else as_utc(e), n, str(t))
        for i, s, e, n, t in rows
    ]


def used_tags(con: sqlite3.Connection, what: str) -> list[tuple[str, int]]:
    """Tags already used, most used first: day markers ("markers"), or the symptoms or
    triggers of episodes ("symptoms", "triggers")."""
    if what == "markers":
        sql = "SELECT tag, count(*) FROM day_markers GROUP BY tag"
        return sorted(((str(t), int(n)) for t, n in _rows(con, sql)), key=lambda r: (-r[1], r[0]))
    if what not in ("symptoms", "triggers"):
        raise ValueError(what)
    counts: dict[str, int] = {}
    for (raw,) in _rows(con, f"SELECT {what} FROM episodes WHERE deleted IS NULL"):
        try:
            tags = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            continue
        for tag in tags or ():
            if isinstance(tag, str):
                counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items(), key=lambda r: (-r[1], r[0]))


# --- for reminders ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderFacts:
    """What `journal remind run` needs to know."""

    exists: bool
    tz: str | None  # the journal's zone setting
    checkin_days: frozenset[date]  # the most recent check-in days
    ongoing: tuple[tuple[int, datetime], ...]  # (id, start) of open episodes


NO_JOURNAL = ReminderFacts(False, None, frozenset(), ())


def reminder_facts(con: Any) -> ReminderFacts:
    """Read what the reminders look at, from a sqlite3 or SQLAlchemy connection."""
    days = _rows(con, "SELECT day FROM checkins ORDER BY day DESC LIMIT 3")
    ongoing = _rows(
        con,
        'SELECT id, start FROM episodes WHERE "end" IS NULL AND deleted IS NULL ORDER BY start, id',
    )
    return ReminderFacts(
        True,
        zone_name(con),
        frozenset(as_date(d) for (d,) in days),
        tuple((int(i), as_utc(s)) for i, s in ongoing),
    )


def read_reminder_facts(path: Path | None, url: str | None) -> ReminderFacts:
    """The reminder facts of the journal at PATH (SQLite) or URL (a server), read-only.

    Raises sqlite3.Error or SQLAlchemy's errors when the journal cannot be read: the
    caller says so in a sentence, since a reminder that silently never comes is worse
    than a message.
    """
    if path is not None:
        if not path.is_file():
            return NO_JOURNAL
        con = sqlite3.connect(readonly_uri(path), uri=True, timeout=5)
        try:
            return reminder_facts(con)
        finally:
            con.close()
    assert url is not None
    from journal.storage.engine import create_journal_engine
    from journal.storage.location import from_url

    engine = create_journal_engine(from_url(url, "remind"))
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            return reminder_facts(conn)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class MarkerBrief:
    id: int
    day: date
    tag: str


def recent_markers(con: Any, limit: int = RECENT_EPISODES) -> list[MarkerBrief]:
    rows = _rows(
        con, f"SELECT id, day, tag FROM day_markers ORDER BY day DESC, id DESC LIMIT {int(limit)}"
    )
    return [MarkerBrief(int(i), as_date(d), str(t)) for i, d, t in rows]
