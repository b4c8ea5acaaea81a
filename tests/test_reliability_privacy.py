"""Privacy: no network anywhere in the suite, and every file the program writes is 0600.

The network guard (tests/netguard.py) is installed for the whole suite by conftest.py;
the first tests prove it bites, in this process and in subprocesses. The others run
real `journal` processes under the common umask 022 and check the mode of everything
they leave: journal, -wal, -shm, backups, exports, charts, report.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli import main
from tests import netguard
from tests.conftest import Invoke
from tests.reliability import REPO, journal_env, run_journal

pytestmark = pytest.mark.sqlite_only  # file modes of the SQLite journal


# -- the network guard ------------------------------------------------------------------


@pytest.fixture
def forget_attempts() -> Iterator[None]:
    """These tests try the network on purpose: keep their attempts out of the record."""
    kept = list(netguard.ATTEMPTS)
    yield
    netguard.ATTEMPTS[:] = kept


@pytest.mark.parametrize("address", [("192.0.2.1", 443), ("2001:db8::1", 443, 0, 0)])
def test_sockets_to_the_outside_are_refused_in_process(
    forget_attempts: None, address: tuple[object, ...]
) -> None:
    family = socket.AF_INET6 if ":" in str(address[0]) else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock, pytest.raises(netguard.NetworkBlocked):
        sock.connect(address)
    with pytest.raises(netguard.NetworkBlocked):
        socket.getaddrinfo("pypi.org", 443)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, pytest.raises(OSError):
        udp.sendto(b"x", ("192.0.2.1", 53))
    assert len(netguard.ATTEMPTS) >= 3


def test_loopback_stays_open(forget_attempts: None) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            conn, _ = server.accept()
            conn.close()
    assert socket.getaddrinfo("localhost", 80)


def test_subprocesses_are_guarded_too(tmp_path: Path) -> None:
    log = tmp_path / "attempts.log"
    env = dict(os.environ, **{netguard.LOG_ENV: str(log)})
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=3)"
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO
    )
    assert proc.returncode == 1
    assert "network use is blocked in the test suite" in proc.stderr
    assert "getaddrinfo '192.0.2.1'" in log.read_text()


# -- file modes -------------------------------------------------------------------------


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def umask_022() -> None:
    os.umask(0o022)  # what most users have: the program must not rely on it


def run_022(args: list[str], db: Path) -> None:
    result = run_journal(args, journal_env(db), preexec_fn=umask_022)
    assert result.returncode == 0, (args, result.stderr)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A journal path in folders that do not exist yet (the program makes them)."""
    return tmp_path / "home" / "headache-journal" / "journal.sqlite3"


def test_journal_wal_and_shm_are_private_in_a_private_folder(fresh: Path) -> None:
    run_022(["log", "--start", "1h ago", "--intensity", "4"], fresh)
    assert mode(fresh) == 0o600 and mode(fresh.parent) == 0o700
    # -wal and -shm exist while another program has the journal open.
    reader = sqlite3.connect(fresh)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM episodes").fetchall()
        run_022(["take", "ibuprofen"], fresh)
        wal, shm = Path(f"{fresh}-wal"), Path(f"{fresh}-shm")
        assert wal.exists() and shm.exists()
        assert mode(wal) == 0o600 and mode(shm) == 0o600
    finally:
        reader.close()


def test_migration_backup_is_private(fresh: Path) -> None:
    from tests.test_migrations import seed_0001

    fresh.parent.mkdir(parents=True, mode=0o700)
    seed_0001(fresh)
    run_022(["list"], fresh)
    backups = fresh.parent / "backups"
    made = list(backups.iterdir())
    assert len(made) == 1
    assert mode(backups) == 0o700 and mode(made[0]) == 0o600


# Commands that write files: arguments ({out} is a folder of the test's) and the paths
# they must leave behind, each 0600 (files) or 0700 (folders the program made).
# A command not registered yet is skipped; adding one is a line here.
WRITERS = [
    (["backup"], ["backups/"]),
    (["backup", "{out}/copy.sqlite3"], ["{out}/copy.sqlite3"]),
    (["export", "--format", "json", "--out", "{out}/all.json"], ["{out}/all.json"]),
    (["export", "--format", "fhir", "--out", "{out}/fhir.json"], ["{out}/fhir.json"]),
    (["export", "--format", "csv", "--out", "{out}/csv"], ["{out}/csv/"]),
    (["chart", "days", "--out", "{out}/days.png"], ["{out}/days.png"]),
    (["chart", "days", "--out", "{out}/days.svg"], ["{out}/days.svg"]),
    (["report", "--out", "{out}/report.pdf"], ["{out}/report.pdf"]),
]


@pytest.mark.parametrize("args, made", WRITERS, ids=[" ".join(a[:2]) for a, _ in WRITERS])
def test_files_the_program_writes_are_private(
    fresh: Path,
    tmp_path: Path,
    args: list[str],
    made: list[str],
    run: Invoke,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if args[0] not in main.commands:
        pytest.skip(f"no `journal {args[0]}` yet")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("JOURNAL_DB", str(fresh))  # something to write, quickly in-process
    run("log", "--start", "3h ago", "--end", "1h ago", "--intensity", "6")
    run("take", "ibuprofen", "--at", "2h ago")
    run_022([a.replace("{out}", str(out)) for a in args], fresh)
    for template in made:
        path = Path(template.replace("{out}", str(out)))
        if not path.is_absolute():
            path = fresh.parent / path
        files = list(path.rglob("*")) if template.endswith("/") else [path]
        if template.endswith("/"):
            assert mode(path) == 0o700, path
        assert files, path
        for f in files:
            assert mode(f) == (0o700 if f.is_dir() else 0o600), f
