"""Behaviour only a real process shows: terminal prompts, Ctrl-C, closed pipes."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from tests.conftest import dump

JOURNAL = [sys.executable, "-m", "journal"]


def _read_until(fd: int, needle: bytes, timeout: float = 20.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _on_terminal(args: list[str]) -> tuple[subprocess.Popen[bytes], int]:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [*JOURNAL, *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
        # A shell's background job (CI, `make test &`) ignores SIGINT, and the child
        # would inherit that; a person at a terminal has it on.
        preexec_fn=_interruptible,
    )
    os.close(follower)
    return proc, leader


def test_log_on_a_terminal_asks_for_the_intensity(db_path: Path) -> None:
    proc, fd = _on_terminal(["log", "--start", "1h ago"])
    assert b"Peak intensity (0-10)" in _read_until(fd, b"(0-10)")
    os.write(fd, b"11\n")  # out of range: click asks again
    assert b"(0-10)" in _read_until(fd, b"(0-10)")
    os.write(fd, b"7\n")
    _read_until(fd, b"Logged")
    assert proc.wait(timeout=20) == 0
    os.close(fd)
    out = subprocess.run([*JOURNAL, "show", "1", "--json"], capture_output=True, text=True)
    assert '"intensity": 7' in out.stdout


def test_ctrl_c_at_the_prompt_exits_130_and_changes_nothing(db_path: Path) -> None:
    subprocess.run([*JOURNAL, "list"], check=True, capture_output=True)  # create the journal
    before = dump(db_path)
    proc, fd = _on_terminal(["log", "--start", "1h ago"])
    assert b"(0-10)" in _read_until(fd, b"(0-10)")
    # CPython checks for a signal just before it blocks reading the terminal; one that
    # lands in between waits for the next keystroke, so let the child reach the read,
    # and press Ctrl-C again if the first one fell into that gap (as a person would).
    output = b""
    for _ in range(3):
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        output += _read_until(fd, b"nothing was changed", timeout=5)
        if proc.poll() is not None or b"nothing was changed" in output:
            break
    assert proc.wait(timeout=20) == 130
    os.close(fd)
    assert b"Traceback" not in output
    assert dump(db_path) == before


def test_a_closed_pipe_ends_quietly(db_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from sample import build

    build(db_path, 1000, end=date.today() - timedelta(days=1)).close()
    # Far more output than a pipe buffer holds, so writing after the reader left must fail.
    proc = subprocess.Popen(
        [*JOURNAL, "list", "--from", "1000d ago"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `journal list | head -1`
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert b"Traceback" not in err and b"Error" not in err
    assert err == b""
