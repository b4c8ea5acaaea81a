"""Consistent copies of a SQLite journal through SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from journal.errors import StorageError


def timestamped_path(journal: Path, reason: str = "") -> Path:
    """backups/<journal stem>-<UTC time>[-reason].sqlite3 beside the journal."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    suffix = f"-{reason}" if reason else ""
    return journal.parent / "backups" / f"{journal.stem}-{stamp}{suffix}.sqlite3"


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_sqlite(source: Path, dest: Path) -> Path:
    """Copy SOURCE to DEST atomically: temp file, backup API, fsync, quick_check, rename.

    The copy is mode 0600; a backups/ folder it has to make is 0700. DEST is never
    left half-written: a failure removes the temp file and leaves DEST as it was.
    """
    if not dest.parent.exists():
        dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=15)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                ok = dst.execute("PRAGMA quick_check").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
        if not ok or ok[0] != "ok":
            raise StorageError(f"The backup of {source} failed its integrity check.")
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o600)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except sqlite3.Error as exc:
        raise StorageError(f"Could not back up {source}: {exc}.") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return dest
