"""Migrations keep every row: data seeded at each revision with raw SQL survives to head.

On SQLite a batch migration rebuilds a table (copy, drop, rename). With foreign keys
on, dropping `episodes` runs its ON DELETE SET NULL, which silently unlinks every
intake and check-in: the last test shows that happening, and the others prove the
program's migrations (journal/storage/migrate.py: foreign keys off, checked before commit)
keep every row exactly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from journal.storage import migrate
from journal.storage.engine import HEAD_REVISION, create_journal_engine
from journal.storage.location import from_path
from tests.conftest import Invoke, file_mode

pytestmark = pytest.mark.sqlite_only

Rows = dict[str, list[dict[str, Any]]]

# Rows as revision 0001 stores them: datetimes as naive UTC text, JSON lists as text.
# Remedy 100 is the user's own (the catalogue holds ids 1..n); ids are fixed so the
# expected values below can be written out by hand.
SEED_0001 = {
    "remedies": (
        "id, uuid, name, key, klass, unit, use, created, updated",
        [
            (100, "u-rem-100", "Brand X", "brand x", "combination", "tablet", "acute",
             "2026-02-01 10:00:00.000000", "2026-02-01 10:00:00.000000"),
        ],
    ),
    "remedy_aliases": ("id, remedy_id, name, key", [(900, 100, "BX", "bx")]),
    "episodes": (
        "id, uuid, start, end, intensity, type, aura, symptoms, triggers, location, missed,"
        " reduced, note, deleted, created, updated",
        [
            # 20:00 to 09:30 the next morning: 13.5 h = 48,600 s.
            (1, "u-ep-1", "2026-03-01 20:00:00.000000", "2026-03-02 09:30:00.000000", 7,
             "migraine", 1, '["nausea", "light"]', '["red wine"]', "left temple", '["work"]',
             "[]", "Übelkeit ✓\nzweite Zeile", None,
             "2026-03-01 20:05:00.000000", "2026-03-02 09:31:00.000000"),
            (2, "u-ep-2", "2026-03-05 08:00:00.000000", None, None, "unknown", 0, "[]", "[]",
             None, "[]", "[]", None, None,
             "2026-03-05 08:00:00.000000", "2026-03-05 08:00:00.000000"),
            # Deleted, 06:00 to 08:15: 8,100 s.
            (3, "u-ep-3", "2026-03-07 06:00:00.000000", "2026-03-07 08:15:00.000000", 3,
             "tension", 0, "[]", "[]", None, "[]", '["housework"]', None,
             "2026-03-08 10:00:00.000000",
             "2026-03-07 06:00:00.000000", "2026-03-08 10:00:00.000000"),
            # Zero length.
            (4, "u-ep-4", "2026-03-09 12:00:00.000000", "2026-03-09 12:00:00.000000", 0,
             "other", 0, "[]", "[]", None, "[]", "[]", "", None,
             "2026-03-09 12:00:00.000000", "2026-03-09 12:00:00.000000"),
        ],
    ),
    "intakes": (
        "id, uuid, remedy_id, at, dose, unit, episode_id, relief, product, deleted,"
        " created, updated",
        [
            (1, "u-in-1", 100, "2026-03-01 20:40:00.000000", 1.0, "tablet", 1, "partial",
             "blister pack", None, "2026-03-01 20:40:00.000000", "2026-03-01 20:40:00.000000"),
            (2, "u-in-2", 100, "2026-03-02 07:00:00.000000", 2.0, "tablet", 1, None, None,
             None, "2026-03-02 07:00:00.000000", "2026-03-02 07:00:00.000000"),
            (3, "u-in-3", 100, "2026-03-05 09:00:00.000000", None, None, 2, "none", None,
             None, "2026-03-05 09:00:00.000000", "2026-03-05 09:00:00.000000"),
            (4, "u-in-4", 100, "2026-03-07 07:00:00.000000", 0.5, "tablet", 3, "full", None,
             "2026-03-08 10:00:00.000000",
             "2026-03-07 07:00:00.000000", "2026-03-08 10:00:00.000000"),
            (5, "u-in-5", 100, "2026-03-10 09:00:00.000000", 1.0, "tablet", None, None, None,
             None, "2026-03-10 09:00:00.000000", "2026-03-10 09:00:00.000000"),
        ],
    ),
    "checkins": (
        "id, uuid, day, status, intensity, at, episode_id, created, updated",
        [
            (1, "u-ci-1", "2026-03-02", "still", 4, "2026-03-02 06:30:00.000000", 1,
             "2026-03-02 06:30:00.000000", "2026-03-02 06:30:00.000000"),
            (2, "u-ci-2", "2026-03-06", "still", 5, "2026-03-06 06:30:00.000000", 2,
             "2026-03-06 06:30:00.000000", "2026-03-06 06:30:00.000000"),
            (3, "u-ci-3", "2026-03-08", "clear", None, "2026-03-08 06:30:00.000000", None,
             "2026-03-08 06:30:00.000000", "2026-03-08 06:30:00.000000"),
        ],
    ),
    "day_markers": (
        "id, uuid, day, tag, note, created, updated",
        [
            (1, "u-dm-1", "2026-03-01", "menstruation", None,
             "2026-03-01 22:00:00.000000", "2026-03-01 22:00:00.000000"),
            (2, "u-dm-2", "2026-03-04", "poor sleep", "woke at 3",
             "2026-03-04 22:00:00.000000", "2026-03-04 22:00:00.000000"),
        ],
    ),
    "settings": ("key, value, updated", [("min-duration", "30", "2026-02-01 10:00:00.000000")]),
}  # fmt: skip

# What 0002 adds, worked out by hand from the rows above (None: still ongoing).
SPAN_SECONDS = {1: 48_600, 2: None, 3: 8_100, 4: 0}

# A row written at revision 0002 (with its span), before 0003 rebuilds `episodes`.
SEED_0002 = {
    "episodes": (
        "id, uuid, start, end, intensity, type, aura, symptoms, triggers, location, missed,"
        " reduced, note, deleted, created, updated, span_seconds",
        [
            (5, "u-ep-5", "2026-03-10 22:00:00.000000", "2026-03-11 01:00:00.000000", 5,
             "migraine", 0, '["sound"]', "[]", None, "[]", "[]", None, None,
             "2026-03-10 22:00:00.000000", "2026-03-11 01:00:00.000000", 10_800),
        ],
    ),
}  # fmt: skip

# What 0003 adds to existing rows: nothing recorded yet (NULL), or an empty list.
NEW_IN_0003 = {
    "episodes": {"side": None, "quality": None, "activity_worse": None, "impact_days": "[]"},
    "intakes": {"pain": None},
    "checkins": {"missed": "[]", "reduced": "[]"},
}


def engine_for(path: Path) -> Engine:
    return create_journal_engine(from_path(str(path), "test"))


def seed_0001(path: Path) -> None:
    """A journal at revision 0001 holding SEED_0001 (written with raw SQL)."""
    seed(path, "0001", SEED_0001)


def seed(path: Path, revision: str, data: dict[str, tuple[str, list[tuple[Any, ...]]]]) -> None:
    """Bring the journal at PATH to REVISION, then write DATA into it with raw SQL."""
    engine = engine_for(path)
    try:
        migrate.upgrade(engine, from_path(str(path), "test"), revision)
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    with con:
        for table, (columns, rows) in data.items():
            marks = ", ".join("?" * len(rows[0]))
            quoted = ", ".join(f'"{c.strip()}"' for c in columns.split(","))
            con.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)
    con.close()


def rows(path: Path) -> Rows:
    """Every table's rows as dicts, in primary-key order."""
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            n: [dict(r) for r in con.execute(f'SELECT * FROM "{n}" ORDER BY rowid')] for n in names
        }
    finally:
        con.close()


def named_rows(path: Path, table: str) -> list[dict[str, Any]]:
    return rows(path)[table]


def links(data: Rows, table: str) -> dict[int, int | None]:
    return {r["id"]: r["episode_id"] for r in data[table]}


def version(path: Path) -> str | None:
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


@pytest.fixture
def at_0001(tmp_path: Path) -> Path:
    path = tmp_path / "old" / "journal.sqlite3"
    path.parent.mkdir(mode=0o700)
    seed_0001(path)
    return path


@pytest.fixture
def upgraded(at_0001: Path) -> Iterator[tuple[Path, Rows, list[dict[str, Any]]]]:
    """(journal, all rows at 0001, episodes at 0001), upgraded to head."""
    before = rows(at_0001)
    episodes = named_rows(at_0001, "episodes")
    engine = engine_for(at_0001)
    try:
        migrate.upgrade(engine, from_path(str(at_0001), "test"))
    finally:
        engine.dispose()
    yield at_0001, before, episodes


def test_the_seed_reached_every_table_of_revision_0001(at_0001: Path) -> None:
    assert version(at_0001) == "0001"
    data = rows(at_0001)
    for table, (columns, seeded) in SEED_0001.items():
        names = [c.strip() for c in columns.split(",")]
        stored = [tuple(r[c] for c in names) for r in data[table]]
        assert all(row in stored for row in seeded), table
    # The catalogue and the creating machine's zone come from the migration itself.
    assert ("tz", "Europe/Berlin") in [(r["key"], r["value"]) for r in data["settings"]]


def without(data: list[dict[str, Any]], *columns: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in columns} for row in data]


def test_every_row_survives_the_upgrade_to_head(
    upgraded: tuple[Path, Rows, list[dict[str, Any]]],
) -> None:
    path, before, episodes_before = upgraded
    assert version(path) == HEAD_REVISION == "0003"
    after = rows(path)
    assert set(after) == set(before) | {"outcomes", "courses"}
    assert after["outcomes"] == after["courses"] == []
    for table in before:
        if table in ("episodes", "alembic_version"):
            continue
        new = NEW_IN_0003.get(table, {})
        # intakes keep their episode_id, ...; new columns start empty
        assert without(after[table], *new) == before[table], table
        assert all({k: r[k] for k in new} == new for r in after[table]), table
    episodes_after = named_rows(path, "episodes")
    assert without(episodes_after, "span_seconds", *NEW_IN_0003["episodes"]) == episodes_before
    assert all(
        {k: e[k] for k in NEW_IN_0003["episodes"]} == NEW_IN_0003["episodes"]
        for e in episodes_after
    )
    assert {e["id"]: e["span_seconds"] for e in episodes_after} == SPAN_SECONDS
    # Spelled out for the rows a cascade would have hit:
    assert links(after, "intakes") == {1: 1, 2: 1, 3: 2, 4: 3, 5: None}
    assert links(after, "checkins") == {1: 1, 2: 2, 3: None}


def test_upgraded_journal_is_healthy_and_matches_the_models(
    upgraded: tuple[Path, Rows, list[dict[str, Any]]],
) -> None:
    path = upgraded[0]
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    engine = engine_for(path)
    try:
        assert migrate.compare(engine) == []
    finally:
        engine.dispose()


def test_an_empty_file_is_brought_to_head(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    engine = engine_for(path)
    try:
        assert migrate.upgrade(engine, from_path(str(path), "test")) is None  # nothing to back up
        assert migrate.compare(engine) == []
    finally:
        engine.dispose()
    assert version(path) == HEAD_REVISION
    keys = [r["key"] for r in named_rows(path, "remedies")]
    assert "ibuprofen" in keys and "kratom" in keys
    assert not (tmp_path / "backups").exists()


def test_head_revision_constant_equals_the_script_directory_head() -> None:
    assert migrate.head() == HEAD_REVISION


def test_every_revision_before_head_has_seed_data_here() -> None:
    """A new revision needs rows seeded at its predecessor (a SEED_ table above)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = sorted(r.revision for r in script.walk_revisions())
    assert revisions == ["0001", "0002", "0003"], "seed the new revision's predecessor first"


def test_rows_written_at_0002_survive_0003(at_0001: Path) -> None:
    seed(at_0001, "0002", SEED_0002)
    before = rows(at_0001)
    engine = engine_for(at_0001)
    try:
        migrate.upgrade(engine, from_path(str(at_0001), "test"))
        assert migrate.compare(engine) == []
    finally:
        engine.dispose()
    after = rows(at_0001)
    for table in ("episodes", "intakes", "checkins"):
        assert without(after[table], *NEW_IN_0003[table]) == before[table], table
    assert after["episodes"][-1]["span_seconds"] == 10_800  # 22:00 to 01:00
    assert links(after, "intakes") == {1: 1, 2: 1, 3: 2, 4: 3, 5: None}


def test_downgrade_to_0001_keeps_every_row(
    upgraded: tuple[Path, Rows, list[dict[str, Any]]],
) -> None:
    path, before, _ = upgraded
    engine = engine_for(path)
    try:
        migrate.downgrade(engine, from_path(str(path), "test"), "0001")
    finally:
        engine.dispose()
    assert version(path) == "0001"
    assert rows(path) == before


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    location = from_path(str(path), "test")
    engine = engine_for(path)
    try:
        migrate.upgrade(engine, location)
        migrate.downgrade(engine, location, "base")
        assert set(rows(path)) == {"alembic_version"} and version(path) is None
        migrate.upgrade(engine, location)
        assert migrate.compare(engine) == []
    finally:
        engine.dispose()
    assert version(path) == HEAD_REVISION
    assert len(named_rows(path, "remedies")) > 10


def test_first_use_by_a_normal_command_upgrades_with_a_backup(
    at_0001: Path, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = rows(at_0001)
    monkeypatch.setenv("JOURNAL_DB", str(at_0001))
    listed = run("list", "--from", "2026-03-01", "--to", "2026-03-10", "--json")
    assert '"intensity": 7' in listed.stdout
    assert version(at_0001) == HEAD_REVISION
    backups = at_0001.parent / "backups"
    made = sorted(backups.iterdir())
    assert len(made) == 1 and made[0].name.startswith("journal-")
    assert made[0].name.endswith("-pre-migration.sqlite3")
    assert file_mode(backups) == 0o700 and file_mode(made[0]) == 0o600
    assert version(made[0]) == "0001" and rows(made[0]) == before
    # A second command finds it at head: no second backup.
    run("list")
    assert len(list(backups.iterdir())) == 1


def test_a_rebuild_with_foreign_keys_on_would_unlink_every_intake(
    upgraded: tuple[Path, Rows, list[dict[str, Any]]],
) -> None:
    """The hazard the migration connection exists for, shown on the same data.

    0002's downgrade drops a column, which Alembic does on SQLite by rebuilding
    `episodes`; run it on a plain connection (foreign keys on, as the engine sets
    them) instead of journal.migrate's, and the drop of the old table unlinks
    every intake and check-in.
    """
    from alembic import command

    path = upgraded[0]
    engine = engine_for(path)
    try:
        with engine.connect() as conn, conn.begin():
            command.downgrade(migrate.alembic_config(conn), "0001")
    finally:
        engine.dispose()
    after = rows(path)
    assert version(path) == "0001"
    assert links(after, "intakes") == {1: None, 2: None, 3: None, 4: None, 5: None}
    assert links(after, "checkins") == {1: None, 2: None, 3: None}
