"""Private files written atomically: a temp file beside the target, fsync, rename, 0600.

Every file the journal writes for the user (exports, charts, the report, backups) goes
through here, so none is ever seen half-written or readable by others, and none lands
where it must not.

What may be replaced. Without --overwrite nothing that exists at the path is. With it,
only a regular file the user owns: never a folder, a device node (/dev/sda), a FIFO or
socket, a file another user owns, or a symbolic link. A link is neither followed (the
diary would go where it points: /dev/stdout, another user's file, a synced folder) nor
replaced (it would silently become a file); the person names the file itself. The
check is made before any work and again just before the rename; the rename itself
never follows a link and cannot replace a folder. A folder in the path (a link to a
folder included) is the person's choice and is used as it is.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import IO

from journal.errors import BadInput

Writer = Callable[[IO[bytes]], object]


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


def _replaceable(path: Path, field: str) -> bool:
    """True if PATH exists and may be replaced, False if nothing is there; else BadInput."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise BadInput(field, f"cannot use {path}: {exc.strerror or exc}") from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise BadInput(field, f"{path} is a folder; give a file name")
    if stat.S_ISLNK(mode):
        raise BadInput(
            field,
            f"{path} is a symbolic link, which is never followed or replaced; "
            "give the file it points to, or another name",
        )
    if not stat.S_ISREG(mode):
        raise BadInput(
            field, f"{path} is a device, pipe or socket, not a file; it is never replaced"
        )
    if st.st_uid != os.geteuid():
        raise BadInput(field, f"{path} belongs to another user; it is never replaced")
    return True


def check_target(path: Path, *, overwrite: bool, field: str = "--out") -> None:
    """Refuse, naming FIELD, a PATH that cannot be written without harm (see the top)."""
    if _replaceable(path, field) and not overwrite:
        raise BadInput(
            field, f"{path} exists; pass --overwrite to replace it or choose another name"
        )
    if not path.parent.is_dir():
        raise BadInput(field, f"the folder {path.parent} does not exist; create it first")


def publish(tmp: Path, path: Path, *, overwrite: bool, field: str = "--out") -> None:
    """Move the finished TMP to PATH durably; without OVERWRITE never replace a file.

    Without OVERWRITE the move is a hard link, which fails rather than replace a file
    that appeared at PATH meanwhile (file systems without links fall back to a checked
    rename). With it, PATH is checked again just before the rename.
    """
    fsync_file(tmp)
    os.chmod(tmp, 0o600)
    if overwrite:
        _replaceable(path, field)
        os.replace(tmp, path)
    else:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise BadInput(field, f"{path} appeared meanwhile; nothing was written") from None
        except OSError:
            # Some file systems (FAT on a USB stick) have no hard links.
            if os.path.lexists(path):
                raise BadInput(field, f"{path} appeared meanwhile; nothing was written") from None
            os.replace(tmp, path)
        else:
            tmp.unlink()
    fsync_dir(path.parent)


def _temp_with(path: Path, write: Writer) -> Path:
    tmp = private_temp(path)
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def write_atomic(
    path: Path, write: Writer, *, overwrite: bool = True, field: str = "--out"
) -> None:
    """Write through WRITE to a private temp file beside PATH, then publish it there."""
    check_target(path, overwrite=overwrite, field=field)
    tmp = _temp_with(path, write)
    try:
        publish(tmp, path, overwrite=overwrite, field=field)
    finally:
        with suppress(OSError):
            tmp.unlink()


def _writer_of(data: bytes) -> Writer:
    return lambda fh: fh.write(data)


def write_bytes(path: Path, data: bytes, *, overwrite: bool, field: str = "--out") -> None:
    write_atomic(path, _writer_of(data), overwrite=overwrite, field=field)


def write_all(
    files: Mapping[Path, bytes | Writer], *, overwrite: bool, field: str = "--out"
) -> None:
    """Write every file of FILES (bytes, or a writer streaming them), or (on any
    failure) none: the earlier ones go back.

    All targets are checked first and all temp files written; then each replaced file
    is kept under a hidden name until every new one is in place.
    """
    for path in files:
        check_target(path, overwrite=overwrite, field=field)
    temps: dict[Path, Path] = {}
    olds: dict[Path, Path] = {}  # path -> a second name of the file it replaces
    done: list[Path] = []
    try:
        for path, data in files.items():
            temps[path] = _temp_with(path, _writer_of(data) if isinstance(data, bytes) else data)
        for path, tmp in temps.items():
            if overwrite and _replaceable(path, field):
                olds[path] = path.with_name(f".{path.name}.{os.getpid()}.old")
                os.link(path, olds[path])
            publish(tmp, path, overwrite=overwrite, field=field)
            done.append(path)
    except BaseException:
        # Put back what was there; remove only what this call put in place.
        for path in {*done, *olds}:
            with suppress(OSError):
                if path in olds:
                    os.replace(olds[path], path)
                else:
                    path.unlink()
        raise
    finally:
        for leftover in (*temps.values(), *olds.values()):
            with suppress(OSError):
                leftover.unlink()
    for folder in {p.parent for p in files}:
        fsync_dir(folder)
