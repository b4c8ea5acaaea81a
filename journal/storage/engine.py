"""Engine, connection pragmas, sessions, and bringing a journal to head on first use."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

from journal.errors import StorageError
from journal.storage.lite import busy_timeout_ms, make_private, pragmas
from journal.storage.location import Location
from journal.storage.schema import check_journal

# The newest revision in migrations/versions (generated into sql.py). A journal already
# there pays no Alembic import; tests/test_migrations.py asserts it equals the head.
from journal.storage.sql import HEAD_REVISION


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


def _postgresql_setup(engine: Engine) -> None:
    timeout_ms = busy_timeout_ms()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Like SQLite's busy timeout: a write stuck behind another session's lock gives
        # up with "busy" instead of waiting for ever (lock_timeout, SQLSTATE 55P03).
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = {int(timeout_ms)}")
        dbapi_conn.commit()


def _sqlite_engine(location: Location) -> Engine:
    from sqlalchemy.engine import URL

    from journal.storage.backup import clean_leftovers

    if location.path is None:  # location.py refuses in-memory databases
        raise StorageError(f"{location.display()} is not a journal file.")
    make_private(location.path)
    clean_leftovers(location.path)  # what a killed restore or backup left behind
    timeout_ms = busy_timeout_ms()
    # A URL object, never text: a '?', '#' or '%' in a folder name is part of the path.
    url = URL.create("sqlite+pysqlite", database=str(location.path))
    engine = create_engine(url, connect_args={"timeout": timeout_ms / 1000})
    where = location.display()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control from the driver so BEGIN is ours to choose.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        *first, wal = pragmas(timeout_ms)
        for statement in first:
            cur.execute(statement)
        # Before WAL (which rewrites the header): a file that is not exactly a journal
        # is refused untouched (journal/storage/schema.py).
        check_journal(dbapi_conn, where)
        cur.execute(wal)
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
        # Asked of the dialect, not read from an error message: no table, no revision.
        if not engine.dialect.has_table(conn, "alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


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
