"""journal/storage/schema.py: a file's whole schema against what the migrations make."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from journal.storage import migrate, schema
from journal.storage.engine import create_journal_engine
from journal.storage.location import from_path
from tests.conftest import Invoke

pytestmark = pytest.mark.sqlite_only


def migrated(path: Path, revision: str) -> Path:
    engine = create_journal_engine(from_path(str(path), "test"))
    try:
        migrate.upgrade(engine, from_path(str(path), "test"), revision)
    finally:
        engine.dispose()
    return path


def describe(path: Path) -> schema.Schema:
    con = sqlite3.connect(path)
    try:
        return schema.describe(con)
    finally:
        con.close()


def test_the_head_fingerprint_is_what_the_migrations_make() -> None:
    made = schema.fingerprint(schema.reference(schema.HEAD_REVISION))
    assert made == schema.HEAD_FINGERPRINT, f"set HEAD_FINGERPRINT = {made!r} in schema.py"


VERSIONS = Path(__file__).resolve().parents[1] / "migrations" / "versions"
REVISIONS = sorted(
    re.search(r'^revision: str = "(\w+)"', p.read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
    for p in VERSIONS.glob("0*.py")
)


def test_every_revision_is_known_and_has_a_reference() -> None:
    assert schema.known_revisions() == set(REVISIONS)
    assert REVISIONS[:2] == ["0001", "0002"]
    assert set(schema.reference("0002").tables) == set(schema.reference("0001").tables)
    assert "ix_episodes_span_seconds" in schema.reference("0002").indexes
    assert "ix_episodes_span_seconds" not in schema.reference("0001").indexes


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_journal_migrated_to_a_revision_passes_the_check(revision: str, tmp_path: Path) -> None:
    path = migrated(tmp_path / "j.sqlite3", revision)
    con = sqlite3.connect(path)
    try:
        assert schema.check_journal(con, str(path)) == revision
    finally:
        con.close()


def test_a_journal_taken_down_and_up_again_compares_equal(run: Invoke, db_path: Path) -> None:
    """A batch rebuild writes the table's constraints in another order and quotes names
    otherwise: the same schema by another route is the same schema."""
    run("log", "--start", "2h ago", "--intensity", "4")
    run("db", "downgrade", "0001", "--yes")
    down = describe(db_path)
    assert schema.differences(down, schema.reference("0001")) == []
    run("db", "upgrade")
    con = sqlite3.connect(db_path)
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'episodes'").fetchone()[0]
    con.close()
    assert sql.startswith('CREATE TABLE "episodes"')  # rebuilt, not as first written
    assert schema.fingerprint(describe(db_path)) == schema.HEAD_FINGERPRINT


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('CREATE TABLE "T" ("End" INT)', ["create", "table", "t", "(", "end", "int", ")"]),
        ("create table t (x text default 'AbC')", ["create", "table", "t", "(", "x", "text",
                                                   "default", "'AbC'", ")"]),
        ("CREATE TABLE [t] (`x` -- a comment\n REAL /* another */)",
         ["create", "table", "t", "(", "x", "real", ")"]),
        ("CHECK (a <= 10 AND b<>'x''y')", ["check", "(", "a", "<=", "10", "and", "b", "<>",
                                           "'x''y'", ")"]),
    ],
)  # fmt: skip
def test_tokens_fold_quoting_and_case_but_keep_strings(sql: str, expected: list[str]) -> None:
    assert schema.tokens(sql) == expected


def test_table_parts_ignore_constraint_order_but_not_content() -> None:
    a = schema.parse_table(
        "CREATE TABLE t (x INTEGER NOT NULL, CONSTRAINT a CHECK (x > 0), CONSTRAINT b UNIQUE (x))"
    )
    b = schema.parse_table(
        'CREATE TABLE "t" (x INTEGER NOT NULL, CONSTRAINT b UNIQUE (x), CONSTRAINT a CHECK (x > 0))'
    )
    c = schema.parse_table(
        "CREATE TABLE t (x INTEGER NOT NULL, CONSTRAINT a CHECK (x > 1), CONSTRAINT b UNIQUE (x))"
    )
    d = schema.parse_table("CREATE TABLE t (x INTEGER NOT NULL) WITHOUT ROWID")
    assert a == b != c
    assert d.options != schema.parse_table("CREATE TABLE t (x INTEGER NOT NULL)").options


@pytest.mark.parametrize(
    "script",
    ["", "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"],
    ids=["empty", "taken-back-to-base"],
)
def test_an_empty_database_is_a_new_journal(script: str, tmp_path: Path) -> None:
    con = sqlite3.connect(tmp_path / "new.sqlite3")
    con.executescript(script)
    try:
        assert schema.check_journal(con, "new") is None
    finally:
        con.close()


def test_the_check_on_open_reads_only(tmp_path: Path) -> None:
    """The everyday check never writes: no journal-mode change, no sidecar files."""
    (tmp_path / "f").mkdir()
    path = migrated(tmp_path / "f" / "j.sqlite3", "0002")
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    before = path.read_bytes()
    con = sqlite3.connect(path)
    schema.check_journal(con, str(path))
    con.close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["j.sqlite3"]
