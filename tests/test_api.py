"""The front door as a script uses it: the README's example, and what open() chooses."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from journal.api import Journal
from journal.entries.inputs import EpisodeInput
from tests.reliability import REPO, journal_env

pytestmark = pytest.mark.sqlite_only


def readme_example() -> str:
    text = (REPO / "README.md").read_text()
    found = re.search(r"### Scripting the journal from Python.*?```python\n(.*?)```", text, re.S)
    assert found, "the README lost its scripting example"
    return found.group(1)


def test_readme_example_runs_against_a_journal(db_path: Path, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    with Journal.open(db_path, now=now) as journal:
        journal.log(EpisodeInput(start=now, intensity=5))
    proc = subprocess.run(
        [sys.executable, "-c", readme_example()],
        env=journal_env(db_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "1"  # one headache day this month: today


@pytest.mark.new_journal
def test_open_uses_sqlite3_for_a_journal_at_head_and_sqlalchemy_to_create(db_path: Path) -> None:
    with Journal.open(db_path) as journal:
        assert not journal.fast  # no file yet: SQLAlchemy creates and migrates it
        journal.set_setting("tz", "Europe/Berlin")
    with Journal.open(db_path) as journal:
        assert journal.fast
        assert journal.today() == datetime.now(UTC).astimezone(journal.tz).date()


def test_past_day_refuses_the_future(db_path: Path) -> None:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    with Journal.open(db_path, now=now) as journal:
        assert journal.past_day("yesterday", "--date") == date(2026, 11, 19)
        with pytest.raises(Exception, match="--date: 2026-11-21 is in the future"):
            journal.past_day("2026-11-21", "--date")
