"""Engine, connection pragmas, sessions, and bringing a journal to head on first use."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from journal.errors import StorageError
from journal.storage.location import Location

# The newest revision in migrations/versions. A journal already here pays no Alembic
# import; tests/test_migrations.py asserts this equals the script directory's head.
HEAD_REVISION = "0002"
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


def make_private(path: Path) -> None:
    """Create PATH's folder (0700) and PATH itself (0600) if they do not exist yet."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def create_journal_engine(location: Location) -> Engine:
    if location.is_sqlite:
        return _sqlite_engine(location)
    from sqlalchemy.engine import make_url

    try:
        url = make_url(location.url)
    except Exception as exc:  # an unparsable URL
        raise StorageError(
            f"{location.display()} is not a database URL this program can use."
        ) from exc
    if url.drivername in ("postgresql", "postgres"):
        # The bare scheme means psycopg2 to SQLAlchemy 2.0; the extra we ship is psycopg 3.
        url = url.set(drivername="postgresql+psycopg")
    try:
        engine = create_engine(url)
    except ImportError as exc:
        raise driver_missing(url.drivername) from exc
    except Exception as exc:  # an unknown dialect, or arguments it rejects
        raise StorageError(
            f"{location.display()} is not a database URL this program can use."
        ) from exc
    if engine.dialect.name == "postgresql":
        _postgresql_setup(engine)
    return engine


def driver_missing(drivername: str) -> StorageError:
    if drivername.startswith("postgres"):
        return StorageError(
            "PostgreSQL needs the psycopg driver, which is not installed:"
            " pip install 'headache-journal[postgres]'."
        )
    return StorageError(f"The database driver for {drivername} is not installed.")


# PostgreSQL asks a client to run its transaction again with these SQLSTATEs:
# serialization_failure and deadlock_detected (see App.run in journal/commands/common.py).
RETRY_SQLSTATES = frozenset({"40001", "40P01"})


def _postgresql_setup(engine: Engine) -> None:
    timeout_ms = busy_timeout_ms()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Like SQLite's busy timeout: a write stuck behind another session's lock gives
        # up with "busy" instead of waiting for ever (lock_timeout, SQLSTATE 55P03).
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = {int(timeout_ms)}")
        dbapi_conn.commit()


def is_conflict(exc: BaseException) -> bool:
    """True when the server cancelled a transaction for a concurrent one and asks for a retry."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return code in RETRY_SQLSTATES


def _sqlite_engine(location: Location) -> Engine:
    if location.path is not None:
        make_private(location.path)
    timeout_ms = busy_timeout_ms()
    engine = create_engine(location.url, connect_args={"timeout": timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control from the driver so BEGIN is ours to choose.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred read-then-write transaction fails with "database is locked" when
        # another writer got there first, whatever the timeout: writers lock up front.
        if conn.get_execution_options().get("journal_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except (OperationalError, DBAPIError) as exc:
            if _missing_table(exc):
                return None
            raise


def _missing_table(exc: Exception) -> bool:
    msg = str(exc).lower()
    return "no such table" in msg or "does not exist" in msg or "undefinedtable" in msg


class Store:
    """An open journal: an engine brought to head, and sessions for reading and writing."""

    def __init__(self, location: Location, *, migrate: bool = True) -> None:
        self.location = location
        self.engine = create_journal_engine(location)
        self._reader, self._writer = self.engine, self.engine.execution_options(journal_write=True)
        if self.engine.dialect.name == "postgresql":
            # A read sees one snapshot, as a SQLite read transaction does. Writes are
            # SERIALIZABLE: a read-then-write command (end, checkin, take linking to the
            # ongoing episode) that raced another device's is cancelled (40001) and rerun.
            self._reader = self.engine.execution_options(isolation_level="REPEATABLE READ")
            self._writer = self._writer.execution_options(isolation_level="SERIALIZABLE")
        try:
            if migrate and current_revision(self.engine) != HEAD_REVISION:
                from journal.storage.migrate import upgrade

                upgrade(self.engine, location)
        except ImportError as exc:  # a driver that loads its parts on first connect
            self.engine.dispose()
            raise driver_missing(self.engine.url.drivername) from exc
        except BaseException:
            self.engine.dispose()
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self._reader) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with Session(self._writer) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def storage_message(exc: BaseException, location: Location) -> str | None:
    """One sentence for a database failure a user can act on, or None if unknown."""
    msg = str(getattr(exc, "orig", exc)).lower()
    where = location.display()
    folder = location.path.parent if location.path is not None else None
    # SQLite reports a full disk as an I/O error when it cannot even grow its -shm file.
    full = "disk i/o error" in msg or "disk is full" in msg
    if folder is not None and full and _nearly_full(folder):
        return "The disk is full; nothing was changed."
    if folder is not None and "readonly" in msg and not os.access(folder, os.W_OK):
        return f"The journal's folder {folder} is read-only; nothing was changed."
    table = [
        ("database is locked", "The journal is busy in another program; try again in a moment."),
        ("database or disk is full", "The disk is full; nothing was changed."),
        (
            "disk i/o error",
            f"Reading or writing {where} failed (disk I/O error); nothing was changed.",
        ),
        ("file is not a database", f"{where} is not a headache-journal database."),
        ("malformed", f"{where} is damaged; restore it from a backup (journal restore)."),
        ("readonly database", f"The journal at {where} is read-only; nothing was changed."),
        ("read-only", f"The journal at {where} is read-only; nothing was changed."),
        ("unable to open database", f"Cannot open the journal at {where}."),
        ("permission denied", f"No permission to use the journal at {where}."),
        ("connection refused", f"Cannot reach the database server for {where}."),
        ("could not connect", f"Cannot reach the database server for {where}."),
        ("password authentication failed", f"The database server refused the login for {where}."),
        ("lock timeout", "The journal is busy in another program; try again in a moment."),
        (
            "could not serialize access",
            "Other devices kept changing the journal at the same moment; nothing was changed,"
            " try again.",
        ),
        (
            "deadlock detected",
            "Other devices kept changing the journal at the same moment; nothing was changed,"
            " try again.",
        ),
    ]
    if "database" in msg and "does not exist" in msg:
        return f"The database server has no database for {where}; create it first (createdb)."
    for needle, sentence in table:
        if needle in msg:
            return sentence
    if isinstance(exc, OSError) and exc.strerror:
        return f"Cannot use the journal at {where}: {exc.strerror.lower()}."
    return None


def _nearly_full(folder: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False
