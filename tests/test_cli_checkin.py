"""Check-ins as people make them: late, for a past morning, with the day's impact.

Figures are worked out by hand in each test (the journal's zone is Europe/Berlin).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Invoke

pytestmark = pytest.mark.both_paths


def test_a_late_checkin_never_runs_an_episode_past_its_morning(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    """Logged 18:00-22:00 on the 9th; next day's check-in entered later: it lasted until
    08:00 on the 10th (the default morning), so 2 headache days (9th, 10th), not 20+."""
    run("log", "--start", "2026-11-09 18:00", "--end", "2026-11-09 22:00", "--intensity", "5")
    result = run_json("checkin", "--date", "2026-11-10", "--still-hurting", "--intensity", "3")
    assert (result["date"], result["status"], result["episode_id"]) == ("2026-11-10", "still", 1)
    episode = run_json("show", "1")
    assert episode["ongoing"] is False
    assert episode["end"] == "2026-11-10T08:00:00+01:00"
    assert episode["persisted_next_day"] is True
    assert episode["intensity"] == 5  # the check-in's 3 does not lower the peak
    week = run_json("summary", "--week", "2026-W46")  # Mon 9 to Sun 15 Nov
    assert week["headache_days"] == 2


def test_a_late_checkin_with_a_time_extends_to_that_time(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    run("log", "--start", "2026-11-09 18:00", "--end", "2026-11-09 22:00", "--intensity", "5")
    args = ["--date", "2026-11-10", "--still-hurting", "--at", "2026-11-10 06:45"]
    run_json("checkin", *args)
    assert run_json("show", "1")["end"] == "2026-11-10T06:45:00+01:00"


def test_a_late_checkin_never_shortens_an_episode(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    run("log", "--start", "2026-11-09 18:00", "--end", "2026-11-10 11:00", "--intensity", "5")
    run_json("checkin", "--date", "2026-11-10", "--still-hurting")
    assert run_json("show", "1")["end"] == "2026-11-10T11:00:00+01:00"


def test_a_late_checkin_time_must_be_on_that_morning(run: Invoke) -> None:
    run("log", "--start", "2026-11-09 18:00", "--end", "2026-11-09 22:00", "--intensity", "5")
    args = ["--date", "2026-11-10", "--still-hurting", "--at", "2026-11-11 06:45"]
    assert "--at: is not on the morning of 2026-11-10" in run("checkin", *args, code=2).stderr


def test_todays_checkin_keeps_the_episode_going(run: Invoke, run_json: Callable[..., Any]) -> None:
    run("log", "--start", "yesterday 18:00", "--end", "yesterday 22:00", "--intensity", "5")
    run_json("checkin", "--still-hurting")
    assert run_json("show", "1")["ongoing"] is True


def test_a_checkin_records_that_days_impact(run: Invoke, run_json: Callable[..., Any]) -> None:
    run("log", "--start", "2026-11-09 18:00", "--end", "2026-11-09 22:00", "--intensity", "5")
    args = ["--date", "2026-11-10", "--still-hurting", "--missed", "work", "--reduced", "housework"]
    result = run_json("checkin", *args)
    assert result["missed"] == ["work"] and result["reduced"] == ["housework"]


def test_edit_records_impact_on_later_days(run: Invoke, run_json: Callable[..., Any]) -> None:
    run("log", "--start", "2026-11-09 18:00", "--end", "2026-11-11 09:00", "--intensity", "7")
    episode = run_json(
        "edit", "1", "--missed-on", "2026-11-10:work", "--reduced-on", "2026-11-11:housework",
        "--missed-on", "2026-11-10:social",
    )  # fmt: skip
    assert episode["impact_days"] == [
        {"date": "2026-11-10", "missed": ["social", "work"], "reduced": []},
        {"date": "2026-11-11", "missed": [], "reduced": ["housework"]},
    ]
    # a day the episode did not last is refused, naming the option
    result = run("edit", "1", "--missed-on", "2026-11-12:work", code=2)
    assert "--missed-on: 2026-11-12 is not a day episode 1 lasted" in result.stderr
    result = run("edit", "1", "--reduced-on", "2026-11-10:social", code=2)
    assert "--reduced-on: 'social' is not one of work, school, housework" in result.stderr
    result = run("edit", "1", "--missed-on", "2026-11-10", code=2)
    assert "--missed-on: '2026-11-10' is not DATE:WHAT" in result.stderr


def test_an_episode_ended_that_morning_is_left_as_it_was(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    """Ended at 07:00 on the 10th: it was there that morning already; nothing moves."""
    run("log", "--start", "2026-11-09 21:00", "--end", "2026-11-10 07:00", "--intensity", "6")
    run_json("checkin", "--date", "2026-11-10", "--still-hurting")
    assert run_json("show", "1")["end"] == "2026-11-10T07:00:00+01:00"
