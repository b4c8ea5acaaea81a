"""Features, classification, migraine days, mark aliases and `journal cycles` through the CLI."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import Invoke

pytestmark = pytest.mark.both_paths


def test_episode_json_and_show_carry_features_and_classification(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    record = run_json(
        "log",
        "--start",
        "2026-11-20 08:00",
        "--end",
        "2026-11-20 10:00",
        "--intensity",
        "7",
        "--side",
        "left",
        "--quality",
        "pulsating",
        "--no-activity-worse",
        "--symptom",
        "nausea",
    )
    # C: unilateral, pulsating, severe; D: nausea. 2 hours: short of 4 h, which is only said
    assert record["features"] == {"side": "left", "quality": "pulsating", "activity_worse": False}
    assert record["classification"] == "migraine" and record["duration_fits"] is False
    shown = run("show", str(record["id"])).stdout
    assert "Features:  left, pulsating, not worse with activity" in shown
    assert "Fits:      migraine (outside ICHD-3's 4-72 h: reported, never excluded" in shown
    listed = run("list", "--from", "2026-11-20", "--to", "2026-11-20").stdout
    assert "fits migraine, left, pulsating" in listed
    # features recorded without symptoms: C met, D not -> probable migraine
    edited = run_json("edit", str(record["id"]), "--symptom", "light")
    assert edited["classification"] == "probable-migraine"
    assert edited["features"]["side"] == "left"


def test_log_help_says_duration_does_not_exclude(run: Invoke) -> None:
    text = " ".join(run("log", "--help").stdout.split())
    assert "(4-72 hours untreated) is reported but does not exclude" in text
    for word in ("migraine, probable-migraine, aura, tension-type-like or unclassified",):
        assert word in text


@pytest.mark.parametrize("typed", ["menstruation", "period", "menses", "Period", " MENSES "])
def test_mark_takes_period_and_menses_as_menstruation(
    run_json: Callable[..., Any], typed: str
) -> None:
    row = run_json("mark", typed, "--date", "2026-11-02")
    assert row["tag"] == "menstruation"


def test_marking_the_same_day_by_another_name_is_one_marker(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    run("mark", "period", "--date", "2026-11-02")
    run("mark", "menses", "--date", "2026-11-02", "--note", "day 1")
    found = run_json("marks", "--from", "2026-11-01", "--to", "2026-11-30")
    assert [(m["tag"], m["note"]) for m in found] == [("menstruation", "day 1")]


def _period(run: Invoke, day1: str, days: int = 4) -> None:
    first = date.fromisoformat(day1)
    for i in range(days):
        run("mark", "menstruation", "--date", (first + timedelta(days=i)).isoformat())


def _migraine(run: Invoke, day: str) -> None:
    run(
        "log",
        "--start",
        f"{day} 07:00",
        "--end",
        f"{day} 13:00",
        "--intensity",
        "7",
        "--side",
        "right",
        "--quality",
        "pulsating",
        "--symptom",
        "vomiting",
    )


def test_cycles_through_the_cli(run: Invoke, run_json: Callable[..., Any]) -> None:
    # A diary kept every day (a check-in each morning) from Dec 20; periods from Jan 10,
    # Feb 7, Mar 7; migraine on Jan 9 (day -1), Feb 9 (day 3), Mar 10 (day +4) and Mar 20.
    day = date(2025, 12, 20)
    while day <= date(2026, 3, 31):
        run("mark", "kept", "--date", day.isoformat())
        day += timedelta(days=1)
    for day1 in ("2026-01-10", "2026-02-07", "2026-03-07"):
        _period(run, day1)
    for when in ("2026-01-09", "2026-02-09", "2026-03-10", "2026-03-20"):
        _migraine(run, when)
    found = run_json("cycles", "--as-of", "2026-03-31", "--months", "3")
    # 2 of 3 cycles with an attack; Mar 10 and Mar 20 at other times
    assert (found["start"], found["end"]) == ("2026-01-01", "2026-03-31")
    assert {k: found[k] for k in ("cycles", "cycles_with_attack", "attacks_outside_window")} == {
        "cycles": 3,
        "cycles_with_attack": 2,
        "attacks_outside_window": 2,
    }
    assert found["pattern"] == "menstrually-related"
    assert [c["attack_days"] for c in found["per_cycle"]] == [[-1], [3], []]
    text = run("cycles", "--as-of", "2026-03-31", "--months", "3").stdout
    assert "yes (day -1)" in text and "yes (day 3)" in text
    assert "Pattern: menstrually-related." in text
    assert "for a clinician to judge, not a diagnosis" in text
    # the summary counts the same migraine days
    assert run_json("summary", "--month", "2026-03")["migraine_days"] == 2


def test_cycles_with_nothing_marked(run: Invoke, run_json: Callable[..., Any]) -> None:
    _migraine(run, "2026-03-10")
    found = run_json("cycles", "--as-of", "2026-03-31")
    assert (found["cycles"], found["pattern"]) == (0, "not-enough-data")
    assert "No period is marked" in run("cycles", "--as-of", "2026-03-31").stdout


@pytest.mark.parametrize(
    ("args", "field"), [(["--months", "0"], "--months"), (["--as-of", "2999-01-01"], "--as-of")]
)
def test_cycles_bad_input(run: Invoke, args: list[str], field: str) -> None:
    result = run("cycles", *args, code=2)
    assert field in result.stderr


def test_summary_migraine_days_is_null_with_no_known_day(run_json: Callable[..., Any]) -> None:
    assert run_json("summary", "--month", "2026-03")["migraine_days"] is None
