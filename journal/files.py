"""Private files written atomically: a temp file beside the target, fsync, rename, 0600.

Every file the journal writes for the user (exports, charts, the report, backups) goes
through here, so none is ever seen half-written or readable by others.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import IO

from journal.errors import BadInput


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in FOLDER durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def private_temp(path: Path) -> Path:
    """A new, empty 0600 file beside PATH (same file system, so the rename is atomic)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    return tmp


def publish(tmp: Path, path: Path, *, overwrite: bool, field: str = "--out") -> None:
    """Move the finished TMP to PATH durably; without OVERWRITE never replace a file.

    Without OVERWRITE the move is a hard link, which fails rather than replace a file
    that appeared at PATH meanwhile (file systems without links fall back to a checked
    rename).
    """
    fsync_file(tmp)
    os.chmod(tmp, 0o600)
    if overwrite:
        os.replace(tmp, path)
    else:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise BadInput(field, f"{path} appeared meanwhile; nothing was written") from None
        except OSError:
            # Some file systems (FAT on a USB stick) have no hard links.
            if path.exists():
                raise BadInput(field, f"{path} appeared meanwhile; nothing was written") from None
            os.replace(tmp, path)
        else:
            tmp.unlink()
    fsync_dir(path.parent)


def write_atomic(
    path: Path,
    write: Callable[[IO[bytes]], object],
    *,
    overwrite: bool = True,
    field: str = "--out",
) -> None:
    """Write through WRITE to a private temp file beside PATH, then publish it there."""
    tmp = private_temp(path)
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
        publish(tmp, path, overwrite=overwrite, field=field)
    finally:
        with suppress(OSError):
            tmp.unlink()


def write_bytes(path: Path, data: bytes, *, overwrite: bool, field: str = "--out") -> None:
    write_atomic(path, lambda fh: fh.write(data), overwrite=overwrite, field=field)
