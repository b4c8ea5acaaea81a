"""The fast path's SQL is the models' SQL, and both paths store the same rows.

journal/storage/sql.py is generated from journal/storage/statements.py (`make sql`); it
must equal what the models compile to today. Then one scripted day of entries is written
once through sqlite3 and once through SQLAlchemy, with the same clock and the same
UUIDs, and the two journal files must hold identical rows.
"""

from __future__ import annotations

import itertools
import shutil
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from journal.api import Journal
from journal.entries.inputs import CheckinInput, EpisodeInput, IntakeInput, RemedyInput
from journal.storage import sql, sqlgen
from journal.storage.location import from_path
from tests.conftest import dump

pytestmark = pytest.mark.sqlite_only

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def test_generated_sql_is_current() -> None:
    path = Path(sql.__file__)
    assert path.read_text() == sqlgen.render(), "journal/storage/sql.py is stale: run `make sql`"


def _script(journal: Journal) -> None:
    """A morning's worth of everyday entries, every write the fast path has."""
    hours = timedelta(hours=1)
    first = journal.log(
        EpisodeInput(
            start=NOW - 14 * hours,
            intensity=6,
            type="migraine",
            aura=True,
            symptoms=["Nausea", "light"],
            triggers=["red  wine"],
            location="left temple",
            missed=["social"],
            note="café, 頭痛",
        )
    )
    journal.take(IntakeInput(remedy="Sumatriptan", dose=50, at=NOW - 13 * hours, relief="partial"))
    journal.take(IntakeInput(remedy="kratom", dose=2.5, unit="g", product="powder"))
    journal.checkin(CheckinInput(still_hurting=True, intensity=4, reduced=["work"]))
    journal.edit(
        first["id"],
        EpisodeInput(
            start=NOW - 12 * hours,
            symptoms=["sound"],
            impact_days=[(NOW.date(), "missed", "work")],
        ),
    )
    journal.end(None, NOW - hours, 7)
    second = journal.log(EpisodeInput(start=NOW - 2 * hours, end=NOW - hours, intensity=3))
    journal.set_deleted(second["id"], True)
    journal.set_deleted(second["id"], False)
    taken, _ = journal.take(IntakeInput(remedy="ibuprofen", dose=400, episode_id=second["id"]))
    journal.take(IntakeInput(remedy="ibuprofen", pain=6))  # repeats 400 mg
    journal.edit_intake(taken["id"], IntakeInput(dose=200, unlink=True, remedy="naproxen"))
    journal.set_intake_deleted(taken["id"], True)
    marker = journal.mark("Poor  Sleep", NOW.date(), "woke at 4")
    journal.mark("alcohol", NOW.date() - timedelta(days=1), None)
    journal.mark("poor sleep", NOW.date(), "")
    journal.unmark(marker["id"])
    journal.add_remedy(RemedyInput("Migraleve", "combination", "tablet", ("pink tablet",)))
    journal.set_setting("min-duration", "30")


def _numbered_uuids() -> Callable[[], uuid.UUID]:
    counter = itertools.count(1)
    return lambda: uuid.UUID(int=next(counter))


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A new journal at the program's schema (created once through SQLAlchemy)."""
    path = tmp_path / "fresh.sqlite3"
    with Journal(from_path(str(path), "test"), now=NOW) as journal:
        assert journal.store.engine is not None  # creates and migrates it
    return path


def test_both_paths_store_identical_rows(
    fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = {}
    for path_name in ("sqlite3", "sqlalchemy"):
        copy = tmp_path / f"{path_name}.sqlite3"
        shutil.copyfile(fresh, copy)
        monkeypatch.setattr(uuid, "uuid4", _numbered_uuids())
        if path_name == "sqlalchemy":
            monkeypatch.setenv("JOURNAL_ENGINE", "sqlalchemy")
        else:
            monkeypatch.delenv("JOURNAL_ENGINE", raising=False)
        with Journal(from_path(str(copy), "test"), now=NOW) as journal:
            assert journal.fast is (path_name == "sqlite3")
            _script(journal)
        results[path_name] = dump(copy)
    assert results["sqlite3"] == results["sqlalchemy"]
    # the script did write, with values as SQLAlchemy stores them on SQLite
    episodes = [row for row in results["sqlite3"] if row[0] == "episodes"]
    # started 12 h before NOW after the edit, ended 1 h before NOW, peak raised to 7 by end
    assert episodes[0][1:4] == ("2026-11-19 21:30:00.000000", "2026-11-20 08:30:00.000000", 7)
    assert '["sound"]' in episodes[0]
    assert any(row[0] == "checkins" for row in results["sqlite3"])
