"""Ctrl-C and a command's commit: before it, nothing changes (exit 130); from it on, the
command finishes and says what it kept (exit 0). The signal is sent from inside the
transaction, at the exact moment under test, so the result never depends on timing."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from journal.api import Journal
from journal.storage import rows as rows_module
from tests.conftest import Invoke, dump

pytestmark = [pytest.mark.both_paths, pytest.mark.sqlite_only]


def test_ctrl_c_during_the_commit_waits_for_the_command(
    run: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("log", "--start", "2h ago", "--intensity", "4")  # the journal exists
    guard = Journal._guard_commit

    def interrupt_at_commit(self: Journal) -> None:
        guard(self)
        os.kill(os.getpid(), signal.SIGINT)  # arrives as the commit begins

    monkeypatch.setattr(Journal, "_guard_commit", interrupt_at_commit)
    result = run("log", "--start", "1h ago", "--intensity", "5")
    assert result.stdout == "2\n" and "Logged episode 2." in result.stderr
    assert [r for r in dump(db_path) if r[0] == "episodes"][-1][3] == 5  # kept, intensity 5
    # and Ctrl-C works again once the command is over
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_before_the_commit_changes_nothing(
    run: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("log", "--start", "2h ago", "--intensity", "4")
    before = dump(db_path)

    def interrupted(*args: Any, **kwargs: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(rows_module.LiteRows, "insert", interrupted)
    monkeypatch.setattr(rows_module.SaRows, "insert", interrupted)
    result = CliRunner().invoke(main, ["log", "--start", "1h ago", "--intensity", "5"])
    assert result.exit_code == 130
    assert "Interrupted; nothing was changed." in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert dump(db_path) == before
