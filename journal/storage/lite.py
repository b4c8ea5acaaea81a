"""Opening a SQLite journal with the standard library alone: pragmas, busy timeout, revision.

Both paths use these settings (the SQLAlchemy engine applies PRAGMAS on each connection),
so a journal behaves the same whichever path a command takes.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 15_000
# How long a command waits for another program's write to finish before it gives up
# with "busy"; JOURNAL_BUSY_TIMEOUT_MS overrides it (the reliability tests use 300 ms).
BUSY_TIMEOUT_ENV = "JOURNAL_BUSY_TIMEOUT_MS"


def busy_timeout_ms() -> int:
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "")
    try:
        value = int(raw)
    except ValueError:
        return BUSY_TIMEOUT_MS
    return value if 0 <= value <= 3_600_000 else BUSY_TIMEOUT_MS


def pragmas(timeout_ms: int) -> tuple[str, ...]:
    """What every connection to a journal runs first (WAL last: it may write)."""
    return (
        f"PRAGMA busy_timeout = {int(timeout_ms)}",
        "PRAGMA foreign_keys = ON",
        "PRAGMA journal_mode = WAL",
    )


def make_private(path: Path) -> None:
    """Create PATH's folder (0700) and PATH itself (0600) if they do not exist yet."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def revision(con: sqlite3.Connection) -> str | None:
    """The journal's schema revision, or None when it has none (new, or not a journal)."""
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return None if row is None else str(row[0])


def open_at(path: Path, head: str) -> sqlite3.Connection | None:
    """A connection to the journal at PATH if it exists and is at revision HEAD, else None.

    Nothing is written to a file that is not a journal at HEAD: the pragmas that may write
    (WAL) run only after the revision was read and the whole schema checked
    (journal/storage/schema.py refuses a trigger, a view, a table or column the
    migrations do not make). The caller then takes the SQLAlchemy path, which creates,
    checks or migrates the file.
    """
    from journal.storage.backup import clean_leftovers
    from journal.storage.schema import check_journal

    if not path.is_file():
        return None
    clean_leftovers(path)  # what a killed restore or backup left behind
    timeout_ms = busy_timeout_ms()
    con = sqlite3.connect(path, timeout=timeout_ms / 1000, isolation_level=None)
    try:
        con.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
        if revision(con) != head:
            con.close()
            return None
        check_journal(con, str(path))
        for statement in pragmas(timeout_ms)[1:]:
            con.execute(statement)
    except BaseException:
        con.close()
        raise
    return con
