"""`journal patterns`, `journal chart patterns` and the report's patterns page, on real
journal files written through the front door (the planted diary of test_patterns.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from journal.api import Journal
from journal.core.personal import CAVEAT
from journal.entries.inputs import CheckinInput, EpisodeInput, IntakeInput
from tests.conftest import Invoke
from tests.reliability import JOURNAL, journal_env
from tests.test_patterns import FIRST, alcohol, fires, walk

pytestmark = pytest.mark.sqlite_only  # the journals are written as files once per module

BERLIN = ZoneInfo("Europe/Berlin")
LAST = FIRST + timedelta(days=119)  # 2025-05-05
PERIOD = ("--from", FIRST.isoformat(), "--to", LAST.isoformat())
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def local(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


def write_diary(path: Path, every_day: bool = False) -> bytes:
    """120 days from FIRST: the planted diary (or a headache every day), kratom at 20:00 on
    days 2, 9, 16, ..., the trigger "wine" typed on every episode, a clear check-in daily."""
    with Journal.open(path, now=datetime(2026, 6, 1, 12, tzinfo=UTC)) as journal:
        journal.set_setting("tz", "Europe/Berlin")
        for i in range(120):
            day = FIRST + timedelta(days=i)
            journal.checkin(CheckinInput(still_hurting=False, day=day))
            if alcohol(i):
                journal.mark("alcohol", day, None)
            if walk(i):
                journal.mark("walk", day, None)
            if i % 7 == 2:
                journal.take(IntakeInput(remedy="kratom", at=local(day, 20), dose=2, unit="g"))
            if every_day or (i and fires(i - 1)):
                journal.log(
                    EpisodeInput(
                        start=local(day, 9), end=local(day, 10), intensity=5, triggers=["wine"]
                    )
                )
    return path.read_bytes()


@pytest.fixture(scope="module")
def planted_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_diary(tmp_path_factory.mktemp("planted") / "journal.sqlite3")


@pytest.fixture
def planted(db_path: Path, planted_bytes: bytes) -> Path:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(planted_bytes)
    return db_path


def rows_by(found: dict[str, object]) -> dict[tuple[str, int], dict[str, object]]:
    rows = found["rows"]
    assert isinstance(rows, list)
    return {(r["exposure"], r["lag"]): r for r in rows}


def test_patterns_json_on_the_planted_diary(planted: Path, run: Invoke) -> None:
    result = run("patterns", *PERIOD, "--json")
    found = json.loads(result.stdout)
    assert list(found) == ["known_days", "onsets", "enough_data", "needed", "rows"]
    # 120 known days; onsets: 24 blocks of 30 fire after both alcohol days, 3 after both others
    assert (found["known_days"], found["onsets"], found["enough_data"]) == (120, 54, True)
    assert found["needed"] is None
    rows = rows_by(found)
    assert rows["alcohol", 1]["verdict"] == "more-often"
    assert (rows["alcohol", 1]["exposed_onsets"], rows["alcohol", 1]["exposed_days"]) == (48, 60)
    assert rows["alcohol", 0]["verdict"] == "no-clear-difference"
    assert rows["walk", 0]["verdict"] == rows["walk", 1]["verdict"] == "no-clear-difference"
    # kratom on 18 days (2, 9, ..., 114 and 16 more): one dose each, taken in the evening
    assert rows["kratom 1 dose", 1]["kind"] == "kratom"
    assert rows["kratom", 1]["kind"] == "evening"
    assert rows["kratom", 1]["exposed_days"] == len(range(2, 119, 7)) == 17
    assert {r["verdict"] for r in found["rows"]} <= {
        "more-often", "less-often", "no-clear-difference", "too-few-days"
    }  # fmt: skip
    assert CAVEAT in result.stderr  # JSON keeps its keys; the caveat goes to stderr


def test_sixty_days_are_too_few_days_with_needed(
    planted: Path, run_json: Callable[..., object]
) -> None:
    found = run_json("patterns", "--from", FIRST.isoformat(), "--to", "2025-03-06")
    assert isinstance(found, dict)
    # days 0..59 known; onsets on days 1..59: 12 blocks of 15 after alcohol, 2 after others,
    # twice each: 28 (24 are enough), known days 30 short of 90
    assert (found["known_days"], found["onsets"]) == (60, 28)
    assert found["enough_data"] is False
    assert found["needed"] == {"known_days": 30, "onsets": 0}
    assert {r["verdict"] for r in found["rows"]} == {"too-few-days"}


def test_patterns_text(planted: Path, run: Invoke) -> None:
    out = run("patterns", *PERIOD).stdout
    flat = " ".join(out.split())
    assert out.startswith("Patterns in the records, 2025-01-06 to 2025-05-05\n" + CAVEAT + "\n")
    assert "120 known days, 54 new headaches (onsets)." in out
    # the exposure is named on its first row; the next day's row follows it
    assert "alcohol same day 27/60 45% (" in flat and "next day 48/60 80% (" in flat
    assert "more often" in out and "no clear difference" in out
    # the kratom timing: the doses at 20:00, the onsets at 09:00 the next morning: 13 h
    assert "12-18 h" in out and "It shows when they began, not why." in flat
    # triggers typed on episodes: counted, with why they cannot be compared
    assert "wine recorded with 54 episodes" in flat
    assert "they cannot be compared" in flat and "journal mark TAG" in flat
    lowered = out.lower().replace(CAVEAT.lower(), "")
    for claim in ("causes", "caused", "works", "effective"):
        assert claim not in lowered


def test_a_headache_every_day_allows_no_comparison(
    db_path: Path, tmp_path: Path, run: Invoke
) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(write_diary(tmp_path / "daily.sqlite3", every_day=True))
    out = " ".join(run("patterns", *PERIOD).stdout.split())
    assert "No comparison possible: a headache was recorded on 120 of 120 known days" in out
    found = json.loads(run("patterns", *PERIOD, "--json").stdout)
    assert found["enough_data"] is False and found["needed"] is None
    assert {r["verdict"] for r in found["rows"]} == {"too-few-days"}


def test_patterns_in_a_real_process(planted: Path) -> None:
    proc = subprocess.run(
        [*JOURNAL, "patterns", *PERIOD, "--json"],
        env=journal_env(planted),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["known_days"] == 120
    assert proc.stderr.strip() == CAVEAT
    # by default the last 12 months: nothing written since 2025-05-05, so no known day there
    proc = subprocess.run(
        [*JOURNAL, "patterns"], env=journal_env(planted), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert CAVEAT in proc.stdout and "Nothing to compare yet" in proc.stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--months", "3", "--from", "2025-01-01"], "--months"),
        (["--from", "2025-05-01", "--to", "2025-04-01"], "--from"),
        (["--months", "0"], "--months"),
        (["--from", "yesterday-ish"], "--from"),
    ],
)
def test_patterns_bad_input_names_the_field(
    planted: Path, run: Invoke, args: list[str], field: str
) -> None:
    result = run("patterns", *args, code=2)
    assert field in result.stderr


def test_chart_patterns(planted: Path, run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "patterns.png"
    run("chart", "patterns", *PERIOD, "--out", str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_poppler
def test_chart_patterns_pdf_carries_the_caveat(planted: Path, run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "patterns.pdf"
    run("chart", "patterns", *PERIOD, "--out", str(out))
    text = pdftext(out)
    assert "Patterns in the records" in text
    assert CAVEAT in text
    assert "alcohol · next day" in text and "more often" in text


def pdftext(path: Path) -> str:
    proc = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return " ".join(proc.stdout.split())


@needs_poppler
def test_the_report_has_a_patterns_page_only_with_enough_data(
    planted: Path, run: Invoke, tmp_path: Path
) -> None:
    full, short = tmp_path / "full.pdf", tmp_path / "short.pdf"
    run("report", *PERIOD, "--out", str(full))
    text = pdftext(full)
    assert "Patterns in the records" in text and CAVEAT in text
    run("report", "--from", FIRST.isoformat(), "--to", "2025-03-06", "--out", str(short))
    assert "Patterns in the records" not in pdftext(short)
