"""Consistent copies of a SQLite journal through SQLite's online backup API.

Every copy goes through one routine (_copy_from): backup API into a private temp file,
quick_check, fsync, atomic rename. Backups are pruned to the newest ones, but never
so that the only copy bigger than the journal (perhaps the last one holding data the
journal has since lost) goes, and only backups of this journal file: journal.db and
journal.sqlite3 in one folder keep theirs apart. Restores are in restore.py.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from journal.errors import StorageError
from journal.files import fsync_dir, private_temp, publish

KEEP = 20
BUSY_TIMEOUT_S = 15
STAMP = re.compile(r"[0-9]{8}T[0-9]{12}Z")
# A restore's private copy of the backup, beside the journal, named with its pid.
STAGED = ".{name}.restore-{pid}.sqlite3"


def timestamped_path(journal: Path, reason: str = "") -> Path:
    """backups/<stem>-<UTC time>[-reason]<suffix> beside the journal.

    The journal's own suffix ends the name, so the backups of journal.db
    (journal-...Z.db) and of journal.sqlite3 (journal-...Z.sqlite3) never mix.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    why = f"-{reason}" if reason else ""
    return journal.parent / "backups" / f"{journal.stem}-{stamp}{why}{journal.suffix}"


def _backup_name(journal: Path) -> re.Pattern[str]:
    """The names timestamped_path gives this journal's backups (the stamp is group 1)."""
    stem, suffix = re.escape(journal.stem), re.escape(journal.suffix)
    return re.compile(rf"^{stem}-({STAMP.pattern})(?:-[a-z-]+)?{suffix}$")


def read_only(path: Path) -> sqlite3.Connection:
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
            failed = CheckFailed(f"The backup of {what} failed its integrity check.")
            failed.detail = str(ok[0]) if ok else ""
            raise failed
        publish(tmp, dest, overwrite=True)
    except sqlite3.Error as exc:
        raise StorageError(f"Could not back up {what}: {exc}.") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return dest


class CheckFailed(StorageError):
    """A copy that fails SQLite's quick_check; DETAIL is its first complaint."""

    detail = ""


def backup_sqlite(source: Path, dest: Path) -> Path:
    """Copy SOURCE to DEST atomically: temp file, backup API, fsync, quick_check, rename.

    The copy is mode 0600; a backups/ folder it has to make is 0700. DEST is never
    left half-written: a failure removes the temp file and leaves DEST as it was.
    """
    try:
        src = read_only(source)
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
    pattern = _backup_name(journal)
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


# -- what a killed copy or restore leaves behind ---------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def clean_leftovers(journal: Path) -> list[Path]:
    """Remove the private copies a killed restore or backup of JOURNAL left behind.

    Only names this program makes for this journal, and only those of processes that
    are gone (a restore running in another process keeps its copy).
    """
    # The staged copy, its sidecars, and the temp file it was copied through.
    staged = re.compile(
        r"^\.?"
        + re.escape(STAGED.format(name=journal.name, pid="@")).replace("@", "([0-9]+)")
        + r"(?:-journal|-wal|-shm|\.[0-9]+\.tmp)?$"
    )
    backup = _backup_name(journal).pattern[1:-1]
    temp = re.compile(rf"^\.({backup})\.([0-9]+)\.tmp$")
    removed: list[Path] = []
    for folder, pattern, group in (
        (journal.parent, staged, 1),
        (journal.parent / "backups", temp, 3),
    ):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            m = pattern.match(entry.name)
            if m and not _alive(int(m.group(group))) and entry.is_file(follow_symlinks=False):
                with suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed
