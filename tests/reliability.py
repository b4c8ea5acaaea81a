"""Helpers for the test_reliability_*.py modules: real `journal` processes and raw reads."""

from __future__ import annotations

import ctypes
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
_SCRIPT = Path(sys.executable).parent / "journal"
# The installed console script when there is one (what a user runs), else the module.
JOURNAL: list[str] = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "journal"]

Row = tuple[Any, ...]
Dump = dict[tuple[str, Any], Row]


def journal_env(db: Path, **extra: str) -> dict[str, str]:
    """The test's environment (JOURNAL_TZ, XDG dirs, the network guard) for DB."""
    env = dict(os.environ)
    env.pop("JOURNAL_DB_URL", None)
    env["JOURNAL_DB"] = str(db)
    env.update(extra)
    return env


def run_journal(
    args: Sequence[str | bytes],
    env: dict[str, str],
    *,
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run `journal ARGS` as its own process; output decoded leniently for asserts."""
    proc = subprocess.run(
        [*JOURNAL, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        preexec_fn=preexec_fn,
        cwd=str(REPO),
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def one_sentence(stderr: str) -> str:
    """The single error line a failing command prints; fails on tracebacks or chatter."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: "), lines[0]
    return lines[0]


def connect(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db, timeout=30, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 30000")
    return con


def plain_copy(src: Path, dest: Path) -> Path:
    """SRC copied through SQLite's backup API, in rollback-journal mode (as a backup is)."""
    a, b = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        a.backup(b)
        b.execute("PRAGMA journal_mode = DELETE")
    finally:
        a.close()
        b.close()
    return dest


def dump(db: Path) -> Dump:
    """Every row of every table keyed by (table, primary key), for before/after checks."""
    con = connect(db)
    try:
        out: Dump = {}
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"'):
                out[(table, row[0])] = tuple(row)
        return out
    finally:
        con.close()


def health(db: Path) -> tuple[list[Row], list[Row]]:
    """(PRAGMA integrity_check rows, PRAGMA foreign_key_check rows)."""
    con = connect(db)
    try:
        return (
            con.execute("PRAGMA integrity_check").fetchall(),
            con.execute("PRAGMA foreign_key_check").fetchall(),
        )
    finally:
        con.close()


def assert_healthy(db: Path) -> None:
    integrity, foreign = health(db)
    assert integrity == [("ok",)], integrity
    assert foreign == [], foreign


# Linux capability numbers (linux/capability.h) and prctl's PR_CAPBSET_DROP.
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
PR_CAPBSET_DROP = 24


def drop_file_privileges() -> None:
    """preexec_fn: make a root child obey file modes like an ordinary user.

    The tests run as root, and root ignores read-only modes. Running the child as
    `nobody` is the usual way, but this machine's Python lives under /root (0700),
    which nobody cannot reach; so the child stays uid 0 and loses the capabilities
    that override file permissions (dropped from the bounding set, so exec cannot
    regain them). For a non-root run it does nothing: the modes apply already.
    """
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")
