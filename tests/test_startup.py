"""Start-up cost: what each command imports, checked in a fresh process at exit.

`journal --help` must not import SQLAlchemy or matplotlib; logging commands on a
journal already at head must not import Alembic or matplotlib. A wrapper runs the
real `main` and writes sorted(sys.modules) when the process exits.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.reliability import REPO, journal_env

pytestmark = pytest.mark.sqlite_only  # the PostgreSQL run needs its driver, imported too

WRAPPER = """
import atexit, sys

def _write_modules(path=sys.argv[1]):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\\n".join(sorted(sys.modules)))

atexit.register(_write_modules)
sys.argv = ["journal", *sys.argv[2:]]
from cli import main
main(prog_name="journal")
"""


def imported(args: list[str], env: dict[str, str], tmp_path: Path) -> set[str]:
    """Top-level packages imported by `journal ARGS` in a new process."""
    listing = tmp_path / "modules.txt"
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(listing), *args],
        env=env,
        cwd=str(REPO),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    return {name.split(".")[0] for name in listing.read_text().split()}


@pytest.fixture
def at_head(run: Invoke, db_path: Path) -> Path:
    run("log", "--start", "2h ago", "--intensity", "5")  # creates and migrates the journal
    return db_path


HEAVY_FOR_HELP = {"sqlalchemy", "matplotlib", "alembic"}


@pytest.mark.new_journal
@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["log", "--help"], ["summary", "--help"], ["patterns", "--help"]],
    ids=str,
)
def test_help_and_version_import_neither_sqlalchemy_nor_matplotlib(
    args: list[str], db_path: Path, tmp_path: Path
) -> None:
    modules = imported(args, journal_env(db_path), tmp_path)
    assert "click" in modules  # the listing is real
    assert modules & HEAVY_FOR_HELP == set()
    assert not db_path.exists()  # and help opens no journal


CLICK_HELP = """
import atexit, sys, click

def _write_modules(path=sys.argv[1]):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\\n".join(sorted(sys.modules)))

atexit.register(_write_modules)
command = click.Command("x", help="Say hello.", params=[click.Option(["--name"])])
print(command.get_help(click.Context(command)))
"""


def test_help_imports_nothing_beyond_click_and_the_program(db_path: Path, tmp_path: Path) -> None:
    """The benchmark's target for --help is 1.3x `import click`: every library module
    beyond click's own (json, zoneinfo, dataclasses, ... each 1-2 ms) spends it."""
    listing = tmp_path / "click.txt"
    env = journal_env(db_path)
    subprocess.run([sys.executable, "-c", CLICK_HELP, str(listing)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    floor = {name.split(".")[0] for name in listing.read_text().split()}
    extra = imported(["--help"], env, tmp_path) - floor
    assert extra == {"cli", "journal"}


LOGGING = [
    ["log", "--start", "1h ago", "--intensity", "4"],
    ["take", "ibuprofen", "--dose", "400"],
    ["end"],
    ["checkin", "--clear"],
    ["edit", "1", "--note", "better"],
    ["mark", "poor sleep"],
    ["list"],
    ["show", "1"],
]


@pytest.mark.parametrize("args", LOGGING, ids=[a[0] for a in LOGGING])
def test_everyday_commands_import_no_sqlalchemy_alembic_or_matplotlib(
    args: list[str], at_head: Path, tmp_path: Path
) -> None:
    """On a SQLite journal already at the program's schema, the everyday commands run on
    the standard library's sqlite3: no SQLAlchemy (ORM or core), Alembic or matplotlib."""
    modules = imported(args, journal_env(at_head), tmp_path)
    assert "sqlite3" in modules  # it did open the journal
    assert modules & {"sqlalchemy", "alembic", "matplotlib"} == set()


@pytest.mark.parametrize(
    "args",
    [["summary"], ["flags"], [], ["patterns"]],
    ids=["summary", "flags", "status", "patterns"],
)
def test_daily_reads_import_no_sqlalchemy(args: list[str], at_head: Path, tmp_path: Path) -> None:
    modules = imported(args, journal_env(at_head), tmp_path)
    assert "sqlite3" in modules
    assert modules & {"sqlalchemy", "alembic", "matplotlib"} == set()


def test_sqlalchemy_path_when_asked(at_head: Path, tmp_path: Path) -> None:
    """The check above can fail: JOURNAL_ENGINE=sqlalchemy takes the SQLAlchemy path."""
    env = {**journal_env(at_head), "JOURNAL_ENGINE": "sqlalchemy"}
    modules = imported(LOGGING[0], env, tmp_path)
    assert "sqlalchemy" in modules
    assert modules & {"alembic", "matplotlib"} == set()


@pytest.mark.new_journal
def test_the_first_use_of_a_journal_does_import_alembic(db_path: Path, tmp_path: Path) -> None:
    """The check above can fail: a journal that needs migrating pulls Alembic in."""
    modules = imported(LOGGING[0], journal_env(db_path), tmp_path)
    assert "alembic" in modules
