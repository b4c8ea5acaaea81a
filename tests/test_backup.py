"""Backups taken while the journal is written, what backups/ keeps, and careful restores."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import journal.commands.exchange as exchange_commands
from journal.storage.backup import journal_backups, prune_plan
from journal.storage.sql import HEAD_REVISION
from tests.conftest import Invoke, dump, file_mode


def rows(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


# -- what backups/ keeps ----------------------------------------------------------------


def names(n: int) -> list[str]:
    return [f"b{i:02d}" for i in range(n)]


PRUNE = [
    # (sizes oldest first, journal size, keep, expected deletions)
    ([100] * 3, 100, 20, []),
    ([100] * 20, 100, 20, []),
    ([100] * 22, 100, 20, ["b00", "b01"]),
    # the oldest is the only copy bigger than the journal: it stays
    ([500] + [100] * 21, 100, 20, ["b01"]),
    # ...unless the journal is bigger still
    ([500] + [100] * 21, 600, 20, ["b00", "b01"]),
    # ...or a kept backup is as big
    ([500] + [100] * 20 + [500], 100, 20, ["b00", "b01"]),
    # several bigger old ones: the biggest stays
    ([300, 500, *([100] * 21)], 100, 20, ["b00", "b02"]),
    ([100] * 5, 100, 3, ["b00", "b01"]),
]


@pytest.mark.parametrize(("sizes", "journal", "keep", "deleted"), PRUNE)
def test_prune_keeps_the_newest_and_the_only_bigger_copy(
    sizes: list[int], journal: int, keep: int, deleted: list[str]
) -> None:
    backups = list(zip(names(len(sizes)), sizes, strict=True))
    assert prune_plan(backups, journal, keep) == deleted


def fake_backup(folder: Path, day: int, size: int = 10, reason: str = "") -> Path:
    suffix = f"-{reason}" if reason else ""
    path = folder / f"journal-202501{day:02d}T000000000000Z{suffix}.sqlite3"
    path.write_bytes(b"x" * size)
    return path


def test_only_this_journals_timestamped_backups_are_counted(db_path: Path) -> None:
    folder = db_path.parent / "backups"
    folder.mkdir(parents=True)
    second = fake_backup(folder, 2, reason="pre-migration")
    first = fake_backup(folder, 1)
    for other in (
        "other-20250101T000000000000Z.sqlite3",
        "notes.txt",
        ".journal-20250103T000000000000Z.sqlite3.1.tmp",
        "journal-latest.sqlite3",
    ):
        (folder / other).write_bytes(b"x")
    assert journal_backups(db_path) == [first, second]


def test_backup_without_path_goes_to_backups_and_keeps_twenty(run: Invoke, db_path: Path) -> None:
    run("log", "--start", "2026-03-01 10:00", "--intensity", "3")
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700)
    old = [fake_backup(folder, day) for day in range(1, 22)]  # 21, all tiny
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    made = Path(run("backup").stdout.strip())
    assert made.parent == folder and made.name.startswith("journal-2")
    assert file_mode(made) == 0o600 and integrity(made) == "ok"
    left = journal_backups(db_path)
    assert left == [*old[2:], made]  # 20: the two oldest went
    assert (folder / "notes.txt").exists()


def test_the_only_backup_bigger_than_the_journal_is_never_pruned(
    run: Invoke, db_path: Path
) -> None:
    run("log", "--start", "2026-03-01 10:00", "--intensity", "3")
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700)
    big = fake_backup(folder, 1, size=db_path.stat().st_size * 3)
    small = [fake_backup(folder, day) for day in range(2, 23)]
    run("backup")
    left = journal_backups(db_path)
    assert big in left and small[0] not in left and small[1] not in left
    assert len(left) == 21


def test_backup_makes_a_private_folder(run: Invoke, db_path: Path) -> None:
    run("log", "--start", "2026-03-01 10:00", "--intensity", "3")
    made = Path(run("backup").stdout.strip())
    assert file_mode(made.parent) == 0o700 and file_mode(made) == 0o600
    assert dump(made) == dump(db_path)


def test_backup_to_a_path_or_folder_never_overwrites(
    run: Invoke, db_path: Path, tmp_path: Path
) -> None:
    run("log", "--start", "2026-03-01 10:00", "--intensity", "3")
    target = tmp_path / "copy.sqlite3"
    assert run("backup", str(target)).stdout.strip() == str(target)
    assert file_mode(target) == 0o600 and dump(target) == dump(db_path)
    run("log", "--start", "2026-03-02 10:00", "--intensity", "4")
    kept = dump(target)
    result = run("backup", str(target), code=2)
    assert "PATH" in result.stderr and "never overwrites" in result.stderr
    assert dump(target) == kept
    stick = tmp_path / "stick"
    stick.mkdir()
    into = Path(run("backup", str(stick)).stdout.strip())
    assert into.parent == stick and dump(into) == dump(db_path)
    result = run("backup", str(tmp_path / "no" / "copy.sqlite3"), code=2)
    assert "PATH" in result.stderr and "does not exist" in result.stderr


@pytest.mark.new_journal
def test_backup_of_no_journal_says_so(run: Invoke, db_path: Path) -> None:
    result = run("backup", code=1)
    assert "no journal" in result.stderr and not db_path.exists()


@pytest.mark.parametrize("command", [["backup"], ["restore", "x.sqlite3", "--yes"]])
def test_a_postgresql_journal_points_at_pg_dump(run: Invoke, command: list[str]) -> None:
    url = "postgresql+psycopg://someone@127.0.0.1:9/journal"
    result = run("--db-url", url, *command, code=1)
    assert "pg_dump" in result.stderr and "pg_restore" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


WRITER = r"""
import os, sqlite3, sys, uuid
db, stop = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db, timeout=15, isolation_level=None)
con.execute("PRAGMA busy_timeout = 15000")
t = "2026-03-01 10:00:00.000000"
n = 0
while not os.path.exists(stop):
    con.execute("BEGIN IMMEDIATE")
    ep = con.execute(
        "INSERT INTO episodes (uuid, start, intensity, type, aura, symptoms, triggers,"
        " missed, reduced, created, updated) VALUES (?, ?, 5, 'unknown', 0, '[]', '[]',"
        " '[]', '[]', ?, ?)", (str(uuid.uuid4()), t, t, t)).lastrowid
    con.execute(
        "INSERT INTO intakes (uuid, remedy_id, at, episode_id, created, updated)"
        " VALUES (?, 1, ?, ?, ?, ?)", (str(uuid.uuid4()), t, ep, t, t))
    con.execute("COMMIT")
    n += 1
print(n)
"""


def test_backups_taken_while_another_process_writes_are_consistent(
    run: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """The writer adds an episode and its intake in one transaction: every consistent copy
    holds exactly one more episode than intakes (the one logged first), never a half."""
    run("log", "--start", "2026-03-01 09:00", "--intensity", "3")
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while rows(db_path, "intakes") < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        copies = []
        for _ in range(5):
            copies.append(Path(run("backup").stdout.strip()))
            time.sleep(0.05)
    finally:
        stop.touch()
        out, _ = writer.communicate(timeout=30)
    written = int(out)
    counts = []
    for copy in copies:
        assert integrity(copy) == "ok"
        episodes, intakes = rows(copy, "episodes"), rows(copy, "intakes")
        assert episodes == intakes + 1
        counts.append(intakes)
    assert counts == sorted(counts) and counts[0] >= 20
    assert len(set(counts)) >= 2  # copies were taken while rows kept arriving
    assert counts[-1] <= written == rows(db_path, "intakes")


# -- restore --------------------------------------------------------------------------


@pytest.fixture
def saved(run: Invoke, db_path: Path, tmp_path: Path) -> Path:
    """A backup of a journal with one episode and intake; the journal then gets more."""
    run("log", "--start", "2026-03-01 10:00", "--end", "2026-03-01 12:00", "--intensity", "3")
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-03-01 10:30")
    copy = tmp_path / "saved.sqlite3"
    run("backup", str(copy))
    run("log", "--start", "2026-03-02 10:00", "--intensity", "6")
    return copy


def test_restore_replaces_the_journal_after_backing_it_up(
    run: Invoke, db_path: Path, saved: Path
) -> None:
    now = dump(db_path)
    result = run("restore", str(saved), "--yes")
    assert dump(db_path) == dump(saved)
    pre = [p for p in journal_backups(db_path) if p.name.endswith("-pre-restore.sqlite3")]
    assert len(pre) == 1 and dump(pre[0]) == now and file_mode(pre[0]) == 0o600
    assert f"Restored {saved} (1 episode, 1 intake, 0 check-ins and 0 day markers)" in (
        result.stderr
    )
    assert str(pre[0]) in result.stderr
    assert integrity(db_path) == "ok" and file_mode(db_path) == 0o600
    items = json.loads(run("list", "--from", "2026-03-01", "--to", "2026-03-02", "--json").stdout)
    assert [i["start"] for i in items] == ["2026-03-01T10:00:00+01:00"]


def test_a_connection_open_across_the_restore_sees_the_restored_journal(
    run: Invoke, db_path: Path, saved: Path
) -> None:
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT count(*) FROM episodes").fetchone()[0] == 2
        run("restore", str(saved), "--yes")
        assert con.execute("SELECT count(*) FROM episodes").fetchone()[0] == 1
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_restore_without_yes_off_a_terminal_names_yes(
    run: Invoke, db_path: Path, saved: Path
) -> None:
    before = dump(db_path)
    result = run("restore", str(saved), code=2)
    assert "--yes" in result.stderr
    assert dump(db_path) == before


def test_restore_asks_at_a_terminal(
    run: Invoke, db_path: Path, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exchange_commands, "is_terminal", lambda: True)
    before = dump(db_path)
    result = run("restore", str(saved), input="n\n", code=1)
    assert "Nothing was changed" in result.stderr and dump(db_path) == before
    assert journal_backups(db_path) == []
    run("restore", str(saved), input="y\n")
    assert dump(db_path) == dump(saved)


def corrupt(src: Path, dest: Path) -> Path:
    """Copy SRC with the b-tree page of the remedies table overwritten."""
    dest.write_bytes(src.read_bytes())
    con = sqlite3.connect(dest)
    page = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'remedies'").fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with dest.open("r+b") as fh:
        fh.seek(size * (page - 1))
        fh.write(b"\x0d" + b"\xff" * 7)
    return dest


def _newer(src: Path, dest: Path) -> Path:
    dest.write_bytes(src.read_bytes())
    con = sqlite3.connect(dest)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    return dest


def _foreign(_src: Path, dest: Path) -> Path:
    con = sqlite3.connect(dest)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    return dest


def _text(_src: Path, dest: Path) -> Path:
    dest.write_text("not a database at all\n" * 500, encoding="utf-8")
    return dest


def _half(src: Path, dest: Path) -> Path:
    raw = src.read_bytes()
    dest.write_bytes(raw[: len(raw) // 2])
    return dest


REFUSED = [
    (corrupt, "is damaged"),
    (_half, "is damaged"),
    (_newer, "newer headache-journal (schema 9999)"),
    (_foreign, "not a headache journal"),
    (_text, "not a SQLite database"),
]


@pytest.mark.parametrize(("make", "why"), REFUSED, ids=[r[1] for r in REFUSED])
def test_restore_refuses_a_damaged_or_foreign_file_and_changes_nothing(
    run: Invoke, db_path: Path, saved: Path, tmp_path: Path, make: object, why: str
) -> None:
    bad = make(saved, tmp_path / "bad.sqlite3")  # type: ignore[operator]
    before = dump(db_path)
    result = run("restore", str(bad), "--yes", code=1)
    assert why in result.stderr and "nothing was changed" in result.stderr
    assert str(bad) in result.stderr
    assert dump(db_path) == before
    assert journal_backups(db_path) == []  # refused before the journal was touched
    assert [p.name for p in db_path.parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.sqlite_only
def test_restore_of_a_missing_file_names_path(run: Invoke, tmp_path: Path) -> None:
    result = run("restore", str(tmp_path / "nope.sqlite3"), "--yes", code=2)
    assert "PATH" in result.stderr


def test_restore_of_the_journal_onto_itself_is_refused(run: Invoke, db_path: Path) -> None:
    run("log", "--start", "2026-03-01 10:00", "--intensity", "3")
    result = run("restore", str(db_path), "--yes", code=2)
    assert "the journal itself" in result.stderr


def test_an_older_schema_is_brought_to_head_within_the_restore(
    run: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """So a command already running never meets an old schema after the swap."""
    other = str(tmp_path / "old" / "journal.sqlite3")
    run("--db", other, "log", "--start", "2026-03-01 10:00", "--intensity", "3")
    run("--db", other, "db", "downgrade", "0001", "--yes")
    old = tmp_path / "old.sqlite3"
    run("--db", other, "backup", str(old))
    run("log", "--start", "2026-03-05 10:00", "--intensity", "5")
    result = run("restore", str(old), "--yes")
    assert f"Its schema 0001 was brought up to {HEAD_REVISION}." in result.stderr
    assert run("db", "current").stdout.strip() == HEAD_REVISION
    assert not [p for p in journal_backups(db_path) if "pre-migration" in p.name]
    items = json.loads(run("list", "--from", "2026-03-01", "--to", "2026-03-05", "--json").stdout)
    assert [i["start"] for i in items] == ["2026-03-01T10:00:00+01:00"]


def test_restore_onto_a_new_machine_makes_a_private_journal(
    run: Invoke, db_path: Path, saved: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "new-machine" / "journal.sqlite3"
    result = run("--db", str(fresh), "restore", str(saved), "--yes")
    assert "as it was" not in result.stderr  # nothing to back up
    assert dump(fresh) == dump(saved)
    assert file_mode(fresh) == 0o600 and file_mode(fresh.parent) == 0o700


def test_restore_over_a_journal_sqlite_cannot_open_keeps_its_bytes(
    run: Invoke, db_path: Path, saved: Path
) -> None:
    run("db", "path")  # closes every connection
    for side in ("-wal", "-shm"):
        Path(f"{db_path}{side}").unlink(missing_ok=True)
    garbage = b"this was a journal once\n" * 400
    db_path.write_bytes(garbage)
    result = run("restore", str(saved), "--yes")
    assert dump(db_path) == dump(saved) and integrity(db_path) == "ok"
    kept = [p for p in journal_backups(db_path) if "pre-restore-damaged" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert str(kept[0]) in result.stderr
    assert run("list", "--from", "2026-03-01", "--to", "2026-03-01").exit_code == 0


def test_a_backup_with_another_page_size_is_restored(
    run: Invoke, db_path: Path, saved: Path, tmp_path: Path
) -> None:
    big_pages = tmp_path / "big-pages.sqlite3"
    big_pages.write_bytes(saved.read_bytes())
    con = sqlite3.connect(big_pages, isolation_level=None)
    con.execute("PRAGMA page_size = 8192")
    con.execute("VACUUM")
    assert con.execute("PRAGMA page_size").fetchone()[0] == 8192
    con.close()
    run("restore", str(big_pages), "--yes")
    assert dump(db_path) == dump(saved)
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA page_size").fetchone()[0] == 4096
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_the_restored_journal_keeps_working_with_wal(
    run: Invoke, db_path: Path, saved: Path
) -> None:
    run("restore", str(saved), "--yes")
    run("log", "--start", "2026-03-03 10:00", "--intensity", "2")
    assert rows(db_path, "episodes") == 2 and integrity(db_path) == "ok"
    assert not os.path.exists(f"{db_path}.restore")
