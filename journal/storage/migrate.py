"""Alembic, driven through its API on a connection we hand it (imported only to migrate)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, text

from journal.errors import BadInput, StorageError
from journal.storage.backup import backup_sqlite, timestamped_path
from journal.storage.location import Location

# Any constant: serialises first-use migrations on PostgreSQL across processes.
PG_LOCK_KEY = 0x6A6F75726E616C


def script_location() -> str:
    spec = importlib.util.find_spec("migrations")
    if spec is None or not spec.submodule_search_locations:
        raise StorageError("The program's migrations are missing; reinstall headache-journal.")
    return str(Path(next(iter(spec.submodule_search_locations))))


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", script_location())
    if connection is not None:
        cfg.attributes["connection"] = connection
    # A new journal counts its days in the zone of the machine that creates it.
    from journal.when import input_zone

    cfg.attributes["journal_tz"] = input_zone().key
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one write transaction, ready for batch table rebuilds.

    On SQLite, foreign keys are switched off outside the transaction (a rebuild with
    them on would cascade deletes) and checked by hand before the commit.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw: Any = conn.connection.dbapi_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            conn.execution_options(journal_write=True)
            with conn.begin():
                if not sqlite:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StorageError(
                            "The migration would leave records pointing at nothing; "
                            "nothing was changed."
                        )
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


def read_version(conn: Connection) -> str | None:
    exists = conn.dialect.has_table(conn, "alembic_version")
    if not exists:
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def upgrade(engine: Engine, location: Location, target: str = "head") -> str | None:
    """Bring the journal to TARGET once, even with several processes starting at once.

    Returns the path of the backup taken first, if the journal held anything.
    """
    script = ScriptDirectory.from_config(alembic_config())
    backup: Path | None = None
    with migration_connection(engine) as conn:
        version = read_version(conn)
        if version is not None:
            try:
                script.get_revision(version)
            except CommandError:
                raise StorageError(
                    f"This journal was written by a newer headache-journal (schema {version});"
                    " install that version to use it. Nothing was changed."
                ) from None
            if version == script.get_current_head() and target == "head":
                return None
            if location.path is not None:
                backup = backup_sqlite(
                    location.path, timestamped_path(location.path, "pre-migration")
                )
        command.upgrade(alembic_config(conn), target)
    return str(backup) if backup else None


def downgrade(engine: Engine, location: Location, target: str) -> str | None:
    backup: Path | None = None
    try:
        with migration_connection(engine) as conn:
            if location.path is not None and read_version(conn) is not None:
                backup = backup_sqlite(
                    location.path, timestamped_path(location.path, "pre-downgrade")
                )
            try:
                command.downgrade(alembic_config(conn), target)
            except (CommandError, AssertionError) as exc:  # Alembic asserts on "" and "@"
                why = str(exc) or "no such revision"
                raise BadInput(
                    "REVISION", f"{target!r} is not a revision to go back to ({why})"
                ) from None
    except BaseException:
        if backup is not None:  # nothing changed: no backup of it either
            backup.unlink(missing_ok=True)
        raise
    return str(backup) if backup else None


def compare(engine: Engine) -> list[str]:
    """Differences between the models and the migrated schema (empty when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from journal.storage.models import Base

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, Base.metadata)
    return [str(d) for d in diffs]


def known_revision(revision: str) -> bool:
    """A schema revision this program has a migration for (imports Alembic)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False
