"""The hostile-files folder: files that must never become the journal, by any door.

Each tests/hostile/*.sql turns a real journal (or an empty database) into a hostile
one (tests/hostile/README.md). Through real `journal` processes: `journal restore`
refuses it with the journal's folder byte-for-byte unchanged, and, where its header
says `open`, a command using it as the journal refuses it with the file untouched and
nothing made beside it (no -wal, no backup, no tables added).
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.reliability import journal_env, one_sentence, plain_copy, run_journal
from tests.test_migrations import seed_0001

pytestmark = pytest.mark.sqlite_only  # about SQLite files

HOSTILE = Path(__file__).parent / "hostile"


@dataclass(frozen=True)
class Case:
    name: str
    base: str
    refused: frozenset[str]
    says: str
    sql: str


def load(path: Path) -> Case:
    header: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, colon, value = line.removeprefix("-- ").partition(":")
        if line.startswith("-- ") and colon and key in ("base", "refused", "says"):
            header[key] = value.strip()
    return Case(
        path.stem,
        header["base"],
        frozenset(w.strip() for w in header["refused"].split(",")),
        header["says"],
        path.read_text(encoding="utf-8"),
    )


CASES = [load(p) for p in sorted(HOSTILE.glob("*.sql"))]
OPENED = [c for c in CASES if "open" in c.refused]


def test_the_folder_holds_every_kind_the_issue_names() -> None:
    names = " ".join(c.name for c in CASES)
    for kind in ("trigger", "view", "extra-table", "column", "claims-", "foreign-app"):
        assert kind in names, kind


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def head_journal(run: Invoke, db_path: Path, tmp_path: Path) -> Path:
    """A journal at head with records of every kind (written by the real commands)."""
    run("log", "--start", "2026-03-01 20:00", "--end", "2026-03-02 08:00", "--intensity", "6")
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-03-01 21:00")
    run("mark", "poor sleep", "--date", "2026-03-01")
    run("config", "set", "min-duration", "30")
    return plain_copy(db_path, tmp_path / "head-template.sqlite3")


def build(case: Case, head: Path, dest: Path) -> Path:
    if case.base == "head":
        shutil.copyfile(head, dest)
    elif case.base == "0001":
        seed_0001(dest)
        con = sqlite3.connect(dest)
        con.execute("PRAGMA journal_mode = DELETE")
        con.close()
    else:
        assert case.base == "empty", case.base
    con = sqlite3.connect(dest, isolation_level=None)
    try:
        con.executescript(case.sql)
    finally:
        con.close()
    return dest


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_restore_refuses_it_and_the_journal_folder_is_unchanged(
    case: Case, head_journal: Path, db_path: Path, tmp_path: Path
) -> None:
    hostile = build(case, head_journal, tmp_path / f"{case.name}.sqlite3")
    before = files_under(db_path.parent)
    result = run_journal(["restore", str(hostile), "--yes"], journal_env(db_path))
    assert result.returncode == 1, result.stderr
    line = one_sentence(result.stderr)
    print(line)
    assert case.says in line and "nothing was changed" in line and str(hostile) in line
    assert files_under(db_path.parent) == before


# Each file is opened by a reading command or a writing one, in turn: both ways of opening
# meet every kind of file between them, at half the cost of running both on each (each
# refusal builds the reference schema of the file's revision from the migrations).
READ_WRITE = (["list"], ["log", "--start", "1h ago", "--intensity", "3"])


@pytest.mark.parametrize(
    ("case", "args"),
    [(case, READ_WRITE[n % 2]) for n, case in enumerate(OPENED)],
    ids=[f"{c.name}-{READ_WRITE[n % 2][0]}" for n, c in enumerate(OPENED)],
)
def test_using_it_as_the_journal_is_refused_and_it_is_untouched(
    case: Case, args: list[str], head_journal: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    hostile = build(case, head_journal, folder / "app.sqlite3")
    before = files_under(folder)
    result = run_journal(args, journal_env(hostile))
    assert result.returncode == 1, result.stderr
    line = one_sentence(result.stderr)
    print(line)
    assert case.says in line and "nothing was changed" in line and str(hostile) in line
    assert files_under(folder) == before  # no tables, no WAL switch, no -wal, no backups/
