"""Output on a terminal and off it: colour for warnings and alerts, and progress bars."""

from __future__ import annotations

import io
import os
import pty
import subprocess
from datetime import date
from pathlib import Path

import pytest

from journal.commands.common import colour_wanted, painter
from tests.conftest import Invoke
from tests.reliability import JOURNAL, REPO, journal_env

pytestmark = pytest.mark.sqlite_only  # the terminal runs are separate processes on the file

ESC = b"\x1b["


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("tty", "env", "wanted"),
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),  # no-color.org: set and not empty
        (True, {"TERM": "dumb"}, False),
    ],
)
def test_colour_only_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch, tty: bool, env: dict[str, str], wanted: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert colour_wanted(Stream(tty)) is wanted
    paint = painter(Stream(tty))
    assert (paint("ALERT", "alert") != "ALERT") is wanted
    assert paint("WATCH", "watch") == "WATCH"  # only warnings and alerts are coloured


def test_alert_is_bold_red_and_warning_yellow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    paint = painter(Stream(True))
    assert paint("ALERT", "alert") == "\x1b[31m\x1b[1mALERT\x1b[0m"
    assert paint("WARNING", "warning") == "\x1b[33mWARNING\x1b[0m"


@pytest.fixture
def overused(run: Invoke) -> None:
    """Sumatriptan on 10 days of November 2026: the triptan overuse warning."""
    for day in range(1, 11):
        run("take", "sumatriptan", "--dose", "50", "--at", f"2026-11-{day:02d} 10:00")


def _stdout_on_terminal(args: list[str], env: dict[str, str]) -> bytes:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [*JOURNAL, *args], stdout=follower, stderr=subprocess.PIPE, cwd=str(REPO), env=env
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    assert proc.wait(timeout=60) == 0
    os.close(leader)
    return out


@pytest.mark.usefixtures("overused")
def test_flags_are_coloured_on_a_terminal_only(db_path: Path) -> None:
    args = ["flags", "--as-of", "2026-11-30", "--months", "1"]
    env = journal_env(db_path, TERM="xterm")
    env.pop("NO_COLOR", None)
    on_terminal = _stdout_on_terminal(args, env)
    assert b"\x1b[33m!  WARNING overuse [triptan]\x1b[0m" in on_terminal
    assert ESC not in _stdout_on_terminal(args, {**env, "NO_COLOR": "1"})
    piped = subprocess.run([*JOURNAL, *args], env=env, capture_output=True, check=True)
    assert b"!  WARNING overuse [triptan]" in piped.stdout
    assert ESC not in piped.stdout + piped.stderr
    assert ESC not in _stdout_on_terminal([*args, "--json"], env)  # JSON never


# --- progress bars --------------------------------------------------------------------------


@pytest.fixture
def diary(db_path: Path) -> Path:
    """Two months of sample diary ending 2026-11-24 (a bar shows however much there is)."""
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    from sample import build

    build(db_path, 60, end=date(2026, 11, 24)).close()
    return db_path


def _stderr_on_terminal(args: list[str], env: dict[str, str]) -> tuple[bytes, bytes]:
    """(stdout through a pipe, stderr on a terminal) of `journal ARGS`."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([*JOURNAL, *args], stdout=subprocess.PIPE, stderr=follower,
                            stdin=subprocess.DEVNULL, cwd=str(REPO), env=env)  # fmt: skip
    os.close(follower)
    err = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    os.close(leader)
    return out, err


def test_export_import_and_report_show_a_bar_on_a_terminal_only(
    diary: Path, tmp_path: Path, run: Invoke
) -> None:
    env = journal_env(diary)
    target = tmp_path / "year.json"
    out, err = _stderr_on_terminal(["export", "--format", "json", "--out", str(target)], env)
    assert out == f"{target}\n".encode()  # stdout stays data
    assert b"Exporting  [" in err and b"100%" in err
    assert err.rstrip().endswith(b"and settings to " + str(target).encode() + b".")

    other = journal_env(tmp_path / "other.sqlite3")
    out, err = _stderr_on_terminal(["import", str(target)], other)
    assert out.startswith(b"records ")
    assert b"Importing  [" in err and b"100%" in err
    assert b"Imported " in err.split(b"100%")[-1]  # the summary comes after the finished bar

    pdf = tmp_path / "month.pdf"
    args = ["report", "--out", str(pdf), "--from", "2026-11-18", "--to", "2026-11-24"]
    out, err = _stderr_on_terminal(args, env)
    assert b"Writing the report  [" in err and b"100%" in err

    # Off a terminal (in-process here): the same commands, and no bar at all.
    export = run("export", "--format", "json", "--out", str(target), "--overwrite")
    assert export.stderr.startswith("Exported ")
    imported = run("--db", str(tmp_path / "other.sqlite3"), "import", str(target))
    assert imported.stderr.startswith(f"Imported {target}: 0 records added")
    pdf.unlink()
    report = run(*args)
    assert report.stderr.startswith(f"Wrote {pdf}: ")
    for stream in (export.stderr, imported.stderr, report.stderr):
        assert "\r" not in stream and "%" not in stream and "\x1b" not in stream


# --- the 2-hour outcome after a dose ----------------------------------------------------------


def _take_on_terminal(*args: str) -> bytes:
    """What `journal take ARGS` shows with stdin, stdout and stderr on one terminal."""
    from tests.test_cli_process import _on_terminal

    proc, fd = _on_terminal(["take", *args])
    seen = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=60) == 0, seen
    os.close(fd)
    return seen


def test_take_offers_the_two_hour_outcome_on_a_terminal_only(db_path: Path, run: Invoke) -> None:
    hint = b"At 10:00 (2 hours after the dose), record the pain 0-10: journal outcome 1 --pain N"
    seen = _take_on_terminal("sumatriptan", "--dose", "50", "--at", "2026-11-20 08:00")
    assert hint in seen
    # Not for a preventive, nor for caffeine, even on a terminal.
    assert b"journal outcome" not in _take_on_terminal("propranolol", "--dose", "40")
    assert b"journal outcome" not in _take_on_terminal("coffee", "--dose", "95", "--unit", "mg")
    # Piped (in-process, and a real pipe): the dose is recorded, and no hint.
    piped = run("take", "sumatriptan", "--dose", "50", "--at", "2026-11-21 08:00")
    assert piped.stdout == "4\n" and "journal outcome" not in piped.stderr
    env = journal_env(db_path)
    args = ["take", "ibuprofen", "--dose", "400", "--at", "2026-11-21 09:00"]
    done = subprocess.run([*JOURNAL, *args], env=env, capture_output=True, check=True)
    assert b"journal outcome" not in done.stdout + done.stderr
