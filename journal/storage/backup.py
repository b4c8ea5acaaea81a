"""Consistent copies of a SQLite journal through SQLite's online backup API, and restores.

Every copy goes through one routine (_copy_from): backup API into a private temp file,
quick_check, fsync, atomic rename. Backups are pruned to the newest ones, but never
so that the only copy bigger than the journal (perhaps the last one holding data the
journal has since lost) goes. A restore checks the file first, backs up the journal,
then writes the backup INTO the live journal through the same API, in one
transaction, so another process sees the old journal or the new one, never half.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from journal.errors import BadInput, StorageError
from journal.files import fsync_dir, private_temp, publish

KEEP = 20
BUSY_TIMEOUT_S = 15
# The tables every schema revision so far has; a file without them is not a journal.
TABLES = frozenset(
    {
        "alembic_version",
        "remedies",
        "remedy_aliases",
        "episodes",
        "intakes",
        "checkins",
        "day_markers",
        "settings",
    }
)
STAMP = re.compile(r"\d{8}T\d{12}Z")


def timestamped_path(journal: Path, reason: str = "") -> Path:
    """backups/<journal stem>-<UTC time>[-reason].sqlite3 beside the journal."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    suffix = f"-{reason}" if reason else ""
    return journal.parent / "backups" / f"{journal.stem}-{stamp}{suffix}.sqlite3"


def _read_only(path: Path) -> sqlite3.Connection:
    # Quoted: a '?' or '#' in a folder name would otherwise end the URI's path.
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)


def _copy_from(src: sqlite3.Connection, dest: Path, what: str) -> Path:
    """Copy the database open on SRC to DEST atomically (see backup_sqlite)."""
    if not dest.parent.exists():
        dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = private_temp(dest)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            ok = dst.execute("PRAGMA quick_check").fetchone()
        finally:
            dst.close()
        if not ok or ok[0] != "ok":
            raise StorageError(f"The backup of {what} failed its integrity check.")
        publish(tmp, dest, overwrite=True)
    except sqlite3.Error as exc:
        raise StorageError(f"Could not back up {what}: {exc}.") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return dest


def backup_sqlite(source: Path, dest: Path) -> Path:
    """Copy SOURCE to DEST atomically: temp file, backup API, fsync, quick_check, rename.

    The copy is mode 0600; a backups/ folder it has to make is 0700. DEST is never
    left half-written: a failure removes the temp file and leaves DEST as it was.
    """
    try:
        src = _read_only(source)
    except sqlite3.Error as exc:
        raise StorageError(f"Could not back up {source}: {exc}.") from exc
    try:
        return _copy_from(src, dest, str(source))
    finally:
        src.close()


# -- keeping the newest backups -------------------------------------------------------


def journal_backups(journal: Path) -> list[Path]:
    """This journal's timestamped backups in backups/, oldest first (by the name's time)."""
    folder = journal.parent / "backups"
    if not folder.is_dir():
        return []
    pattern = re.compile(rf"^{re.escape(journal.stem)}-({STAMP.pattern})(?:-[a-z-]+)?\.sqlite3$")
    found = []
    for entry in folder.iterdir():
        m = pattern.match(entry.name)
        if m and entry.is_file():
            found.append((m.group(1), entry.name, entry))
    return [path for _, _, path in sorted(found)]


def prune_plan(backups: list[tuple[str, int]], journal_size: int, keep: int = KEEP) -> list[str]:
    """Which of BACKUPS (name, size), oldest first, to delete so the newest KEEP remain.

    The largest backup stays too when it is bigger than the journal and no kept one is
    as big: a journal that shrank may have lost data only that copy still holds.
    """
    if keep < 1 or len(backups) <= keep:
        return []
    older, kept = backups[:-keep], backups[-keep:]
    biggest = max(size for _, size in backups)
    protect: str | None = None
    if biggest > journal_size and all(size < biggest for _, size in kept):
        protect = next(name for name, size in reversed(older) if size == biggest)
    return [name for name, _ in older if name != protect]


def prune_backups(journal: Path, keep: int = KEEP) -> list[Path]:
    """Delete this journal's backups beyond the newest KEEP (see prune_plan); returns them."""
    paths = journal_backups(journal)
    by_name = {p.name: p for p in paths}
    size = journal.stat().st_size if journal.exists() else 0
    doomed = prune_plan([(p.name, p.stat().st_size) for p in paths], size, keep)
    for name in doomed:
        by_name[name].unlink()
    if doomed:
        fsync_dir(journal.parent / "backups")
    return [by_name[n] for n in doomed]


# -- restoring ------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    revision: str
    counts: dict[str, int]  # live (not deleted) episodes and intakes, check-ins, markers


def _refuse(path: Path, why: str) -> StorageError:
    return StorageError(f"Refusing {path}: {why}; nothing was changed.")


def inspect_backup(path: Path, staged: Path, known: Callable[[str], bool]) -> BackupInfo:
    """Check the copy STAGED of PATH: intact, and a journal of a revision KNOWN."""
    con = sqlite3.connect(staged)
    try:
        result = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            raise _refuse(path, f"it is damaged (integrity check: {result[0]})")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = sorted(TABLES - tables)
        if "alembic_version" in missing:
            raise _refuse(path, "it is a SQLite database but not a headache journal")
        rows = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
        if len(rows) != 1 or not isinstance(rows[0], str):
            raise _refuse(path, "its schema version is unreadable")
        if not known(rows[0]):
            raise _refuse(
                path,
                f"it was written by a newer headache-journal (schema {rows[0]}); "
                "install that version to restore it",
            )
        if missing:
            raise _refuse(path, f"it lacks the journal's tables ({', '.join(missing)})")
        counts = {
            "episodes": "SELECT count(*) FROM episodes WHERE deleted IS NULL",
            "intakes": "SELECT count(*) FROM intakes WHERE deleted IS NULL",
            "checkins": "SELECT count(*) FROM checkins",
            "markers": "SELECT count(*) FROM day_markers",
        }
        return BackupInfo(
            rows[0], {k: int(con.execute(q).fetchone()[0]) for k, q in counts.items()}
        )
    except sqlite3.DatabaseError as exc:
        raise _refuse(path, f"it cannot be read as a journal ({exc})") from exc
    finally:
        con.close()


def _stage(backup: Path, journal: Path) -> Path:
    """A private copy of BACKUP beside the journal (same file system, for the rename)."""
    staged = journal.parent / f".{journal.name}.restore-{os.getpid()}.sqlite3"
    try:
        return backup_sqlite(backup, staged)
    except StorageError as exc:
        text = str(exc.__cause__ or exc).lower()
        if "not a database" in text:
            raise _refuse(backup, "it is not a SQLite database") from None
        raise _refuse(backup, "it is damaged (it fails SQLite's integrity check)") from None


def _damaged(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


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


def _pre_restore_copy(live: sqlite3.Connection, journal: Path) -> Path:
    # A write landing between this copy and the restore would be in neither journal:
    # take the copy again if another connection committed while it was made.
    for _ in range(5):
        before = live.execute("PRAGMA data_version").fetchone()[0]
        try:
            dest = _copy_from(live, timestamped_path(journal, "pre-restore"), str(journal))
        except StorageError:
            return _raw_copy(journal, timestamped_path(journal, "pre-restore-damaged"))
        if live.execute("PRAGMA data_version").fetchone()[0] == before:
            return dest
        dest.unlink()
    raise StorageError("The journal kept changing during the restore; nothing was changed.")


def _match_page_size(staged: Path, page_size: int) -> None:
    """The backup API cannot write into a WAL journal of another page size: convert the copy."""
    con = sqlite3.connect(staged, isolation_level=None)
    try:
        if con.execute("PRAGMA page_size").fetchone()[0] != page_size:
            con.execute(f"PRAGMA page_size = {int(page_size)}")
            con.execute("VACUUM")
    finally:
        con.close()


def _restore_live(staged: Path, journal: Path) -> Path | None:
    # A new machine: nothing to keep (a journal's first pages may sit in its WAL alone).
    wal = Path(f"{journal}-wal")
    fresh = journal.stat().st_size == 0 and (not wal.exists() or wal.stat().st_size == 0)
    live = sqlite3.connect(journal, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        live.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        live.execute("PRAGMA journal_mode = WAL")
        pre = None if fresh else _pre_restore_copy(live, journal)
        _match_page_size(staged, live.execute("PRAGMA page_size").fetchone()[0])
        src = sqlite3.connect(staged)
        try:
            src.backup(live)  # one write transaction on the journal
        finally:
            src.close()
        ok = live.execute("PRAGMA quick_check").fetchone()
        if not ok or ok[0] != "ok":
            raise StorageError(
                f"The restored journal failed its check; the journal as it was is in {pre}."
            )
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return pre
    finally:
        live.close()


def restore_sqlite(
    backup: Path,
    journal: Path,
    known: Callable[[str], bool],
    confirm: Callable[[BackupInfo], bool] | None = None,
) -> tuple[BackupInfo, Path | None]:
    """Replace JOURNAL with BACKUP after checking it; returns its info and the pre-restore copy.

    CONFIRM, if given, sees the checked backup's info and may still say no: then
    Declined is raised and nothing has changed.
    """
    if not backup.is_file():
        raise BadInput("PATH", f"{backup} is not a file")
    if journal.exists() and os.path.samefile(backup, journal):
        raise BadInput("PATH", f"{backup} is the journal itself")
    journal.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    staged = _stage(backup, journal)
    try:
        info = inspect_backup(backup, staged, known)
        if confirm is not None and not confirm(info):
            raise Declined
        if not journal.exists():
            fd = os.open(journal, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        try:
            pre = _restore_live(staged, journal)
        except sqlite3.Error as exc:
            if not _damaged(exc):
                raise StorageError(f"Could not restore {backup}: {exc}.") from exc
            pre = _raw_copy(journal, timestamped_path(journal, "pre-restore-damaged"))
            _replace_file(staged, journal)
        return info, pre
    finally:
        if staged.exists():
            staged.unlink()


class Declined(Exception):
    """The person said no at the confirmation; nothing was changed."""
