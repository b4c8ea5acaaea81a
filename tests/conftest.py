"""Every test gets its own journal file under tmp_path; none can touch a real home."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cli import main
from tests import netguard, pg_backend
from tests.pg_backend import pg_admin, pg_database, pg_schema  # noqa: F401  (the PG run's)

TEST_TZ = "Europe/Berlin"


def pytest_configure(config: pytest.Config) -> None:
    # No network, in this process and (through a sitecustomize) in every Python it starts.
    netguard.install()
    os.environ["PYTHONPATH"] = netguard.child_path(os.environ.get("PYTHONPATH"))
    log = Path(tempfile.mkdtemp(prefix="journal-netguard-")) / "attempts.log"
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # A log per worker: an attempt made beside another worker's test is not this one's.
        os.environ[netguard.LOG_ENV] = str(log)
    else:
        os.environ.setdefault(netguard.LOG_ENV, str(log))
    pg_backend.pytest_configure(config)


# `make test` runs the suite on two workers (pytest-xdist, --dist loadfile): each module
# runs whole on one worker, so a module-scoped fixture (the rendered reports of
# test_report.py) is built once. These modules take longest: they start first, so that
# the workers finish together instead of one waiting on the other's last long module.
SLOWEST_FIRST = (  # measured with --durations=0 (seconds of one worker, idle machine)
    "tests/test_reliability_trust.py",  # 37
    "tests/test_reliability_input.py",  # 24
    "tests/test_schema_hostile.py",  # 22
    "tests/test_report.py",  # 19
    "tests/test_reliability_restore.py",  # 17
    "tests/test_cli_report.py",  # 16
    "tests/test_reliability_crash.py",  # 15
    "tests/test_exchange_numbers.py",  # 14
    "tests/test_reliability_hostile.py",  # 13
    "tests/test_charts.py",  # 13
    "tests/test_cli_output.py",  # 11
    "tests/test_cli_patterns.py",  # 11
    "tests/test_reliability_privacy.py",  # 11
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # With JOURNAL_TEST_PG_URL set, tests marked sqlite_only are skipped (tests/pg_backend.py).
    pg_backend.pytest_collection_modifyitems(config, items)
    if hasattr(config, "workerinput"):  # collecting in a pytest-xdist worker
        rank = {module: i for i, module in enumerate(SLOWEST_FIRST)}
        items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


# The two ways a SQLite journal is used: the standard library's sqlite3 (the everyday
# commands' fast path) and SQLAlchemy. Tests marked `both_paths` run on each.
PATHS = ("sqlite3", "sqlalchemy")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("both_paths") and not pg_backend.PG_URL:
        metafunc.fixturenames.append("storage_path")
        metafunc.parametrize("storage_path", PATHS, indirect=True)


@pytest.fixture
def storage_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "sqlalchemy":
        monkeypatch.setenv("JOURNAL_ENGINE", "sqlalchemy")
    else:
        monkeypatch.delenv("JOURNAL_ENGINE", raising=False)
    return str(request.param)


@pytest.fixture(autouse=True)
def no_network() -> Iterator[None]:
    """Fail a test whose code tried the network, even if it swallowed the error."""
    before = len(netguard.ATTEMPTS), len(netguard.subprocess_attempts())
    yield
    after = len(netguard.ATTEMPTS), len(netguard.subprocess_attempts())
    assert after <= before, (netguard.ATTEMPTS + netguard.subprocess_attempts())[-3:]


@pytest.fixture(autouse=True)
def ctrl_c_back() -> Iterator[None]:
    """A command that finished its commit ignores SIGINT until its process ends
    (journal/interrupts.py); in this process, Ctrl-C must stop the test run again."""
    yield
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def journal_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    db = tmp_path / "data" / "journal.sqlite3"
    monkeypatch.setenv("JOURNAL_DB", str(db))
    if pg_backend.PG_URL:  # the PostgreSQL run: a fresh schema instead of the file
        monkeypatch.setenv("JOURNAL_DB_URL", request.getfixturevalue("pg_schema"))
    else:
        monkeypatch.delenv("JOURNAL_DB_URL", raising=False)
    monkeypatch.setenv("JOURNAL_TZ", TEST_TZ)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    # Commands given relative paths (export, backup, chart --out) write here, never
    # into the repository.
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    # Most tests start from a new journal at head, copied from one the program made once
    # (its migrations cost ~0.1 s a time); tests about a journal's first use, or about no
    # journal at all, are marked `new_journal` and start with no file.
    if not pg_backend.PG_URL and request.node.get_closest_marker("new_journal") is None:
        template: bytes = request.getfixturevalue("journal_at_head")
        db.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(template)
    yield db


@pytest.fixture
def db_path(journal_env: Path) -> Path:
    return journal_env


@pytest.fixture(scope="session")
def journal_at_head(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A new journal brought to head by the program's own first use, once per worker."""
    path = tmp_path_factory.mktemp("template") / "journal.sqlite3"
    env = {"JOURNAL_TZ": TEST_TZ, "JOURNAL_DB_URL": None}
    result = CliRunner().invoke(main, ["--db", str(path), "db", "upgrade"], env=env)
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(path)
    try:  # everything into the file itself, which is what gets copied
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert con.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    finally:
        con.close()
    return path.read_bytes()


@pytest.fixture
def migrated_db(db_path: Path) -> Path:
    """The test's journal file, already made and at head (see journal_env)."""
    assert db_path.exists(), "a test marked new_journal has no journal yet"
    return db_path


Invoke = Callable[..., Result]


@pytest.fixture
def run() -> Invoke:
    """Run `journal ARGS...` in-process; exceptions surface, as a traceback would."""

    def invoke(*args: str, input: str | None = None, code: int | None = 0) -> Result:
        result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, (result.exit_code, result.output, result.stderr)
        assert "Traceback" not in result.output + result.stderr
        return result

    return invoke


@pytest.fixture
def run_json(run: Invoke) -> Callable[..., Any]:
    def invoke(*args: str) -> Any:
        return json.loads(run(*args, "--json").stdout)

    return invoke


def dump(db: Path) -> list[tuple[Any, ...]]:
    """Every row of every table, to compare a journal before and after a command."""
    if not db.exists():
        if pg_backend.PG_URL and str(db) == os.environ.get("JOURNAL_DB"):
            pytest.fail("dump() reads the SQLite file; mark this test sqlite_only")
        return []
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows: list[tuple[Any, ...]] = []
        for t in sorted(tables):
            rows += [(t, *r) for r in con.execute(f'SELECT * FROM "{t}" ORDER BY 1')]
        return rows
    finally:
        con.close()


def file_mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777
