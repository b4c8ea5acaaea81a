"""Every bad input exits 2, names the field, prints no traceback and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke, dump

# Every command here runs on the sqlite3 fast path and on SQLAlchemy (tests/conftest.py).
pytestmark = pytest.mark.both_paths

BAD = [
    (["log", "--intensity", "11"], "--intensity"),
    (["log", "--intensity", "-1"], "--intensity"),
    (["log", "--intensity", "five"], "--intensity"),
    (["log", "--intensity", "5", "--start", "tomorrow 10:00"], "--start"),
    (["log", "--intensity", "5", "--start", "2099-01-01 10:00"], "--start"),
    (["log", "--intensity", "5", "--start", "2h ago", "--end", "3h ago"], "--end"),
    (["log", "--intensity", "5", "--start", "2026-03-29 02:30"], "--start"),
    (["log", "--intensity", "5", "--note", "bell\x07"], "--note"),
    (["log", "--intensity", "5", "--symptom", "a\x1bb"], "--symptom"),
    (["log", "--intensity", "5", "--type", "sinus"], "--type"),
    (["log", "--intensity", "5", "--missed", "gym"], "--missed"),
    (["log", "--intensity", "5", "--end", "1h ago", "--ongoing"], "--ongoing"),
    (["log"], "--intensity"),
    (["take", "ibuprofen", "--dose", "-5"], "--dose"),
    (["take", "ibuprofen", "--dose", "nan"], "--dose"),
    (["take", "ibuprofen", "--dose", "inf"], "--dose"),
    (["take", "ibuprofen", "--at", "in an hour"], "--at"),
    (["take", "ibuprofen", "--relief", "some"], "--relief"),
    (["take", "ibuprofen", "--episode", "99"], "--episode"),
    (["take", "ibuprofen", "--product", "x\x00y"], "--product"),
    (["take", "nosuchpill"], "REMEDY"),
    (["checkin"], "--still-hurting"),
    (["checkin", "--still-hurting", "--clear"], "--still-hurting"),
    (["checkin", "--still-hurting"], "--still-hurting"),
    (["checkin", "--clear", "--date", "2026-02-30"], "--date"),
    (["checkin", "--clear", "--date", "2099-01-01"], "--date"),
    (["end", "--intensity", "12"], "--intensity"),
    (["list", "--from", "2026-11-30", "--to", "2026-11-01"], "--from"),
    (["list", "--from", "last tuesday"], "--from"),
    (["mark", "", "--date", "today"], "TAG"),
    (["mark", "sleep", "--date", "2099-01-01"], "--date"),
    (["remedies", "add", "x", "--class", "herbal"], "--class"),
    (["remedies", "add", "ibuprofen", "--class", "simple"], "NAME"),
    (["config", "set", "tz", "Mars/Olympus"], "VALUE"),
    (["config", "set", "min-duration", "-3"], "VALUE"),
]


@pytest.mark.parametrize(("args", "field"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_naming_the_field_and_changes_nothing(
    run: Invoke, db_path: Path, args: list[str], field: str
) -> None:
    run("log", "--start", "2026-11-20 10:00", "--end", "2026-11-20 12:00", "--intensity", "3")
    before = dump(db_path)
    result = run(*args, code=2)
    assert field in result.stderr
    assert dump(db_path) == before


def test_edit_of_a_missing_episode_is_exit_1(run: Invoke) -> None:
    assert "no episode 42" in run("edit", "42", "--intensity", "3", code=1).stderr.lower()


def test_failed_take_in_the_middle_of_a_transaction_leaves_nothing(
    run: Invoke, db_path: Path
) -> None:
    run("log", "--start", "1h ago", "--intensity", "3")
    before = dump(db_path)
    run("take", "ibuprofen", "--episode", "1", "--dose", "-1", code=2)
    assert dump(db_path) == before
