"""Replacing the journal with a backup: checked first, then one transaction.

prepare() makes a private copy of the backup beside the journal and checks it as a
file that is to become the journal must be checked: intact, exactly the schema the
migrations make at its revision (journal/storage/schema.py), no record pointing at
nothing, settings a person could have typed. A copy of an older revision is brought
to head there, so the journal is never at an old schema under a running command.
Nothing has changed yet.

Prepared.apply() then takes the journal's write lock (BEGIN IMMEDIATE), copies the
journal as it is to backups/ through a second connection (with the lock held no write
can slip in between), and replaces every table in the same transaction. Other
programs' writes wait for the lock (or give up with "busy"): a write acknowledged
before the restore is in the pre-restore copy, one after it is in the restored
journal, and a reader sees the old journal or the new one, never half. A kill at any
moment leaves one or the other (WAL). Ctrl-C before the commit rolls back and removes
the pre-restore copy; from the commit on it is held back (journal/interrupts.py).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from journal.errors import BadInput, StorageError
from journal.files import fsync_dir, private_temp, publish
from journal.storage.backup import (
    BUSY_TIMEOUT_S,
    STAGED,
    CheckFailed,
    _copy_from,
    backup_sqlite,
    clean_leftovers,
    timestamped_path,
)
from journal.storage.schema import HEAD_REVISION, NewerJournal, NotAJournal, check_journal

Checkpoint = Callable[[], None]


def _nothing() -> None:
    return None


COUNTS = {
    "episodes": "SELECT count(*) FROM episodes WHERE deleted IS NULL",
    "intakes": "SELECT count(*) FROM intakes WHERE deleted IS NULL",
    "checkins": "SELECT count(*) FROM checkins",
    "markers": "SELECT count(*) FROM day_markers",
}


@dataclass(frozen=True)
class BackupInfo:
    revision: str
    counts: dict[str, int]  # live (not deleted) episodes and intakes, check-ins, markers


def _refuse(path: Path, why: str) -> StorageError:
    return StorageError(f"Refusing {path}: {why}; nothing was changed.")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def inspect_backup(path: Path, staged: Path) -> BackupInfo:
    """Check the copy STAGED of PATH as a file that is to become the journal."""
    from journal.settings import check_setting

    con = sqlite3.connect(staged)
    try:
        result = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            raise _refuse(path, f"it is damaged (integrity check: {result[0]})")
        try:
            revision = check_journal(con, str(path))
        except NewerJournal as exc:
            raise _refuse(
                path,
                f"it was written by a newer headache-journal (schema {exc.revision}); "
                "install that version to restore it",
            ) from None
        except NotAJournal as exc:
            raise _refuse(path, exc.why) from None
        if revision is None:
            raise _refuse(path, "it holds no journal (an empty database)")
        if con.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise _refuse(path, "some of its records point at records it does not hold")
        for key, value in con.execute("SELECT key, value FROM settings ORDER BY key"):
            try:
                if check_setting(key, value, f"setting {key}", "setting") != value:
                    raise BadInput(f"setting {key}", f"{value!r} is not stored as typed")
            except BadInput as exc:
                raise _refuse(path, f"its {exc}") from None
        counts = {k: int(con.execute(q).fetchone()[0]) for k, q in COUNTS.items()}
        return BackupInfo(revision, counts)
    except sqlite3.DatabaseError as exc:
        raise _refuse(path, f"it cannot be read as a journal ({exc})") from exc
    finally:
        con.close()


def _stage(backup: Path, journal: Path) -> Path:
    """A private copy of BACKUP beside the journal (same file system, for a last-resort rename)."""
    staged = journal.parent / STAGED.format(name=journal.name, pid=os.getpid())
    try:
        return backup_sqlite(backup, staged)
    except CheckFailed as exc:
        raise _refuse(backup, f"it is damaged (integrity check: {exc.detail})") from None
    except StorageError as exc:
        code = getattr(exc.__cause__, "sqlite_errorname", "") or ""
        if code == "SQLITE_NOTADB":
            raise _refuse(backup, "it is not a SQLite database") from None
        raise _refuse(backup, "it is damaged (it fails SQLite's integrity check)") from None


def _upgrade(staged: Path) -> None:
    """Bring the private copy to head with the real migrations (no backup of a copy)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import URL

    from journal.storage.location import Location
    from journal.storage.migrate import upgrade

    engine = create_engine(URL.create("sqlite+pysqlite", database=str(staged)))

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: object) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]

    try:
        upgrade(engine, Location(f"sqlite:///{staged}", None, "restore"))
    finally:
        engine.dispose()


@dataclass
class Prepared:
    """A checked copy of a backup, ready to become the journal (see the module's docstring)."""

    backup: Path
    journal: Path
    staged: Path
    info: BackupInfo

    def discard(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with suppress(OSError):
                Path(f"{self.staged}{suffix}").unlink()

    def apply(self, checkpoint: Checkpoint = _nothing) -> Path | None:
        """Make the copy the journal; returns the pre-restore copy of the journal, if any.

        CHECKPOINT is called between the steps before the commit; it raises
        KeyboardInterrupt to stop (the transaction rolls back, nothing changed).
        """
        journal = self.journal
        if not journal.exists():
            fd = os.open(journal, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        try:
            return _swap(self.staged, journal, checkpoint)
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorname", "") not in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
                raise StorageError(f"Could not restore {self.backup}: {exc}.") from exc
        # A journal SQLite cannot open: keep its bytes, then swap the file itself.
        checkpoint()
        pre = _raw_copy(journal, timestamped_path(journal, "pre-restore-damaged"))
        _replace_file(self.staged, journal)
        return pre


def prepare(backup: Path, journal: Path, checkpoint: Checkpoint = _nothing) -> Prepared:
    """Stage and check BACKUP for restoring over JOURNAL; nothing is changed.

    CHECKPOINT is called between the steps; it may raise KeyboardInterrupt to stop.
    """
    if not backup.is_file():
        raise BadInput("PATH", f"{backup} is not a file")
    if journal.exists() and os.path.samefile(backup, journal):
        raise BadInput("PATH", f"{backup} is the journal itself")
    journal.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    clean_leftovers(journal)
    staged = _stage(backup, journal)
    prepared = Prepared(backup, journal, staged, BackupInfo("", {}))
    try:
        checkpoint()
        prepared.info = inspect_backup(backup, staged)
        checkpoint()
        if prepared.info.revision != HEAD_REVISION:
            _upgrade(staged)
            checkpoint()
    except BaseException:
        prepared.discard()
        raise
    return prepared


# -- the swap -------------------------------------------------------------------------


def _objects(con: sqlite3.Connection, schema: str) -> list[tuple[str, str, str | None]]:
    return con.execute(
        f"SELECT type, name, sql FROM {schema}.sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid"
    ).fetchall()


def _refuse_foreign(live: sqlite3.Connection, journal: Path) -> None:
    """Restore replaces a journal, never another program's tables in the same file.

    (Triggers and views in the journal go: a restore is how a tampered journal is mended.)
    """
    query = "SELECT name FROM {}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    tables = {r[0] for r in live.execute(query.format("main"))}
    if not tables <= {r[0] for r in live.execute(query.format("staged"))}:
        raise StorageError(
            f"{journal} holds tables of another program; a restore does not replace them. "
            "Nothing was changed."
        )


def _pre_restore_copy(journal: Path) -> Path:
    """The journal as it is, through a second connection while the caller holds the lock."""
    reader = sqlite3.connect(journal, timeout=BUSY_TIMEOUT_S)
    try:
        return _copy_from(reader, timestamped_path(journal, "pre-restore"), str(journal))
    except StorageError:
        return _raw_copy(journal, timestamped_path(journal, "pre-restore-damaged"))
    finally:
        reader.close()


def _replace_tables(live: sqlite3.Connection) -> None:
    """Inside the caller's transaction: main's objects out, the staged ones in."""
    for kind, name, _sql in reversed(_objects(live, "main")):
        if kind in ("table", "view", "trigger"):
            live.execute(f"DROP {kind.upper()} IF EXISTS main.{_quote(name)}")
    staged = _objects(live, "staged")
    for _kind, _name, sql in staged:
        if sql:  # checked against the migrations' schema (inspect_backup)
            live.execute(sql)
    for kind, name, _sql in staged:
        if kind == "table":
            cols = ", ".join(
                _quote(r[1]) for r in live.execute(f"PRAGMA staged.table_info({_quote(name)})")
            )
            live.execute(
                f"INSERT INTO main.{_quote(name)} ({cols}) SELECT {cols} FROM staged.{_quote(name)}"
            )
    if live.execute("SELECT 1 FROM staged.sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        live.execute("DELETE FROM main.sqlite_sequence")
        live.execute("INSERT INTO main.sqlite_sequence SELECT * FROM staged.sqlite_sequence")


def _swap(staged: Path, journal: Path, checkpoint: Checkpoint) -> Path | None:
    wal = Path(f"{journal}-wal")
    # A new machine: nothing to keep (a journal's first pages may sit in its WAL alone).
    fresh = journal.stat().st_size == 0 and (not wal.exists() or wal.stat().st_size == 0)
    live = sqlite3.connect(journal, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    pre: Path | None = None
    try:
        live.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        live.execute("PRAGMA foreign_keys = OFF")  # dropping a table must not cascade
        live.execute("ATTACH DATABASE ? AS staged", (str(staged),))
        _refuse_foreign(live, journal)
        live.execute("PRAGMA main.journal_mode = WAL")
        checkpoint()
        live.execute("BEGIN IMMEDIATE")  # other writers wait from here to the commit
        try:
            pre = None if fresh else _pre_restore_copy(journal)
            checkpoint()
            _replace_tables(live)
            if live.execute("PRAGMA main.foreign_key_check").fetchone() is not None:
                raise StorageError("The restored journal failed its check; nothing was changed.")
            checkpoint()  # the last moment Ctrl-C can stop it
            live.execute("COMMIT")
        except BaseException:
            with suppress(sqlite3.Error):
                live.execute("ROLLBACK")
            if pre is not None:  # no restore, so no copy from before one
                pre.unlink(missing_ok=True)
            raise
        with suppress(sqlite3.Error):
            live.execute("DETACH DATABASE staged")
            live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return pre
    finally:
        live.close()


def _raw_copy(journal: Path, dest: Path) -> Path:
    """Keep a journal SQLite cannot copy page by page: its bytes, and its WAL if any."""
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        src = Path(f"{journal}{suffix}")
        if src.exists():
            target = Path(f"{dest}{suffix}")
            tmp = private_temp(target)
            shutil.copyfile(src, tmp)
            publish(tmp, target, overwrite=True)
    return dest


def _replace_file(staged: Path, journal: Path) -> None:
    """Last resort for a journal SQLite cannot open: swap the file itself.

    The old -wal and -shm go first: replayed onto the restored file they would damage it.
    """
    for suffix in ("-wal", "-shm"):
        side = Path(f"{journal}{suffix}")
        if side.exists():
            side.unlink()
    os.chmod(staged, 0o600)
    os.replace(staged, journal)
    fsync_dir(journal.parent)
