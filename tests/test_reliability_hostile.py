"""A hostile environment: each case is one clear sentence, exit 1, and nothing lost.

Real `journal` processes against real files. The permission cases drop the child's
permission-overriding capabilities (tests/reliability.py: drop_file_privileges),
since the suite runs as root and root writes read-only files.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.reliability import (
    assert_healthy,
    drop_file_privileges,
    dump,
    journal_env,
    one_sentence,
    run_journal,
)

pytestmark = pytest.mark.sqlite_only  # about SQLite files and processes on them

WRITES = [
    ["log", "--start", "30m ago", "--intensity", "4", "--note", "hostile"],
    ["take", "ibuprofen", "--dose", "400"],
    ["checkin", "--clear"],
    ["mark", "poor sleep"],
]


@pytest.fixture
def seeded(run: Invoke, migrated_db: Path) -> Path:
    """A journal at head with an episode, an intake and a marker (written in-process)."""
    run("log", "--start", "3h ago", "--end", "1h ago", "--intensity", "6", "--type", "migraine")
    run("take", "ibuprofen", "--dose", "400", "--at", "2h ago")
    run("mark", "menstruation")
    return migrated_db


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# -- a file that is not a journal ------------------------------------------------------


@pytest.mark.new_journal
@pytest.mark.parametrize(
    "content",
    [os.urandom(5000), b"my headache notes\n", b"SQLite format 3\x00" + b"\xff" * 200],
    ids=["random-bytes", "text", "torn-header"],
)
@pytest.mark.parametrize("args", [["list"], WRITES[0], WRITES[1]], ids=["list", "log", "take"])
def test_a_file_that_is_not_a_database_is_named_and_left_alone(
    tmp_path: Path, content: bytes, args: list[str]
) -> None:
    db = tmp_path / "data" / "notes.sqlite3"
    db.parent.mkdir()
    db.write_bytes(content)
    result = run_journal(args, journal_env(db))
    assert result.returncode == 1
    line = one_sentence(result.stderr)
    assert str(db) in line and ("not a headache-journal database" in line or "damaged" in line)
    assert files_in(db.parent) == {"notes.sqlite3": content}  # no backup, no -wal, no change


def test_a_folder_given_as_the_journal_is_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = run_journal(WRITES[0], journal_env(folder))
    assert result.returncode == 1
    assert one_sentence(result.stderr) == f"Error: Cannot open the journal at {folder}."
    assert list(folder.iterdir()) == []


# -- permissions ------------------------------------------------------------------------


@contextlib.contextmanager
def mode(path: Path, bits: int) -> Iterator[None]:
    old = path.stat().st_mode & 0o777
    path.chmod(bits)
    try:
        yield
    finally:
        path.chmod(old)


@pytest.mark.parametrize("args", WRITES, ids=[a[0] for a in WRITES])
def test_a_read_only_journal_refuses_writes_and_still_reads(seeded: Path, args: list[str]) -> None:
    before = dump(seeded)
    with mode(seeded, 0o400):
        result = run_journal(args, journal_env(seeded), preexec_fn=drop_file_privileges)
        assert result.returncode == 1, result
        assert one_sentence(result.stderr) == (
            f"Error: The journal at {seeded} is read-only; nothing was changed."
        )
        env = journal_env(seeded)
        listed = run_journal(["list", "--json"], env, preexec_fn=drop_file_privileges)
        assert listed.returncode == 0, listed.stderr
        assert '"intensity": 6' in listed.stdout
    assert dump(seeded) == before
    assert_healthy(seeded)


def test_a_read_only_data_folder_refuses_writes_and_still_reads(seeded: Path) -> None:
    before = dump(seeded)
    with mode(seeded.parent, 0o500):
        result = run_journal(WRITES[0], journal_env(seeded), preexec_fn=drop_file_privileges)
        assert result.returncode == 1, result
        folder_line = (
            f"Error: The journal's folder {seeded.parent} is read-only; nothing was changed."
        )
        assert one_sentence(result.stderr) == folder_line
        # Reading needs the -shm file SQLite makes beside the journal: it may fail too,
        # but only as one sentence.
        listed = run_journal(["list"], journal_env(seeded), preexec_fn=drop_file_privileges)
        if listed.returncode != 0:
            assert listed.returncode == 1
            assert one_sentence(listed.stderr) == folder_line
    assert dump(seeded) == before
    assert_healthy(seeded)


@pytest.mark.parametrize("args", [["list"], WRITES[0]], ids=["list", "log"])
def test_a_data_folder_that_cannot_be_made_is_one_sentence(tmp_path: Path, args: list[str]) -> None:
    parent = tmp_path / "locked-parent"
    parent.mkdir()
    db = parent / "headache-journal" / "journal.sqlite3"
    with mode(parent, 0o500):
        result = run_journal(args, journal_env(db), preexec_fn=drop_file_privileges)
    assert result.returncode == 1
    line = one_sentence(result.stderr)
    assert line == f"Error: Permission denied ({db.parent}); nothing was changed."
    assert list(parent.iterdir()) == []


def test_a_missing_data_folder_is_made_private(tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "journal.sqlite3"
    result = run_journal(WRITES[0], journal_env(db))
    assert result.returncode == 0, result.stderr
    assert (db.parent.stat().st_mode & 0o777) == 0o700
    assert (db.stat().st_mode & 0o777) == 0o600


# -- another program holding the journal ------------------------------------------------

HOLDER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO day_markers (day, tag, uuid, created, updated)"
            " VALUES ('2001-01-01', 'held', 'held-uuid', '2001-01-01', '2001-01-01')")
print("holding", flush=True)
sys.stdin.readline()
con.execute("ROLLBACK")
"""


@contextlib.contextmanager
def held(db: Path) -> Iterator[None]:
    """Another process in an open write transaction on DB until the block ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "holding\n"
        yield
    finally:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.close()
        proc.wait(timeout=30)


@pytest.mark.parametrize("args", WRITES, ids=[a[0] for a in WRITES])
def test_a_journal_locked_past_the_timeout_says_busy(seeded: Path, args: list[str]) -> None:
    before = dump(seeded)
    env = journal_env(seeded, JOURNAL_BUSY_TIMEOUT_MS="300")
    with held(seeded):
        started = time.monotonic()
        result = run_journal(args, env)
        waited = time.monotonic() - started
        assert result.returncode == 1, result
        assert one_sentence(result.stderr) == (
            "Error: The journal is busy in another program; try again in a moment."
        )
        assert waited >= 0.3  # it did wait for the other writer first
        reading = run_journal(["list"], env)  # readers are not blocked by a writer
        assert reading.returncode == 0, reading.stderr
    assert dump(seeded) == before
    after = run_journal(args, env)  # and once the other program is done, it works
    assert after.returncode == 0, after.stderr


# -- a journal from the future ----------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["list"], WRITES[0], ["db", "upgrade"]], ids=["list", "log", "db-upgrade"]
)
def test_a_journal_from_a_newer_program_is_refused_untouched(seeded: Path, args: list[str]) -> None:
    import sqlite3

    con = sqlite3.connect(seeded)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    before = seeded.read_bytes()
    result = run_journal(args, journal_env(seeded))
    assert result.returncode == 1
    assert one_sentence(result.stderr) == (
        "Error: This journal was written by a newer headache-journal (schema 9999);"
        " install that version to use it. Nothing was changed."
    )
    assert seeded.read_bytes() == before
    assert not (seeded.parent / "backups").exists()


# -- a full disk ------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs (a real ENOSPC); skipped where mounting is not allowed."""
    where = tmp_path / "small-disk"
    where.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(where)],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr!r}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> Path:
    """Take every free byte of FOLDER's file system."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * size):
                    pass
    finally:
        os.close(fd)
    assert shutil.disk_usage(folder).free == 0
    return filler


READER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("SELECT count(*) FROM episodes").fetchall()
print("open", flush=True)
sys.stdin.readline()
"""


@pytest.mark.parametrize("args", WRITES[:3], ids=[a[0] for a in WRITES[:3]])
@pytest.mark.parametrize("reader", [False, True], ids=["alone", "beside-a-reader"])
def test_a_full_disk_says_so_and_loses_nothing(
    seeded: Path, small_disk: Path, args: list[str], reader: bool
) -> None:
    db = small_disk / "journal.sqlite3"
    shutil.copy2(seeded, db)
    before = dump(db)
    env = journal_env(db)
    # Beside a reader the -wal and -shm exist already, so the commit itself hits the
    # full disk; alone, the first write of any file does.
    holder = None
    if reader:
        holder = subprocess.Popen(
            [sys.executable, "-c", READER, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
    try:
        filler = fill(small_disk)
        result = run_journal([*args, "--json"] if args[0] != "mark" else args, env)
        assert result.returncode == 1, result
        assert one_sentence(result.stderr) == "Error: The disk is full; nothing was changed."
        assert result.stdout == ""
    finally:
        if holder is not None:
            assert holder.stdin is not None
            holder.stdin.write("\n")
            holder.stdin.close()
            holder.wait(timeout=30)
    filler.unlink()
    assert dump(db) == before
    assert_healthy(db)
    assert run_journal(args, env).returncode == 0  # room again: it works


def test_a_file_size_limit_fails_the_write_cleanly(seeded: Path) -> None:
    """RLIMIT_FSIZE: a write past the limit fails (EFBIG) as on a full quota."""
    before = dump(seeded)

    def limit() -> None:
        # Above the 32 KiB shared-memory file, below what the write-ahead log needs for
        # an episode with a 9,000-character note (several 4 KiB pages).
        resource.setrlimit(resource.RLIMIT_FSIZE, (32_769, 32_769))

    args = ["log", "--start", "1h ago", "--intensity", "5", "--note", "x" * 9000]
    result = run_journal(args, journal_env(seeded), preexec_fn=limit)
    assert result.returncode == 1, result
    line = one_sentence(result.stderr)
    assert str(seeded) in line or "disk" in line
    assert "nothing was changed" in line
    assert dump(seeded) == before
    assert_healthy(seeded)
