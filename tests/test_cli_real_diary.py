"""Diaries kept the way people keep them, through the CLI on a real journal file.

One test per way the journal used to tell a wrong thing: two attacks on the day of a late
check-in, an episode across a month end, MIDAS days of a long attack, and the medication
flags. Every expected figure is worked out by hand in the test's docstring (zone
Europe/Berlin; all dates lie in the past, and the periods asked about are closed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Invoke

pytestmark = pytest.mark.both_paths


def test_a_checkin_intensity_never_hides_another_attacks_peak(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    """Mon 9 Nov 20:00-23:00 at 6; Tue 10 morning check-in "still, 3"; a separate 9/10
    migraine Tue 14:00-18:00. Day peaks: Mon 6, Tue max(3, 9) = 9, so 2 moderate/severe
    days, mean day peak (6 + 9) / 2 = 7.5, highest 9. Hours: episode 1 runs to 08:00 on
    the 10th (12 h) + 4 h = 16."""
    run("log", "--start", "2026-11-09 20:00", "--end", "2026-11-09 23:00", "--intensity", "6")
    run("checkin", "--date", "2026-11-10", "--still-hurting", "--intensity", "3")
    run("log", "--start", "2026-11-10 14:00", "--end", "2026-11-10 18:00", "--intensity", "9")
    week = run_json("summary", "--week", "2026-W46")
    assert week["recorded_days"] == 2  # 9 and 10 Nov; from the 11th a silent run to today
    assert week["headache_days"] == 2
    assert week["moderate_severe_days"] == 2
    assert week["max_intensity"] == 9
    assert week["mean_peak_intensity"] == 7.5
    assert week["headache_hours"] == 16.0
    assert (week["episodes"], week["persisted_episodes"]) == (2, 1)
    # MIDAS B is the mean daily peak over the same two days.
    assert run_json("midas", "--as-of", "2026-11-30")["b"] == 7.5


def test_an_episode_across_a_month_end_belongs_to_the_month_it_began(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    """30 Nov 2025 19:00 to 1 Dec 01:00, with a headache on 3 Dec 10:00-14:00 so that the
    December days are known. November: 1 headache day, 1 episode, which persisted into the
    next day (1 of 1). December: headache on the 1st and 3rd (2 days), but only 1 episode
    began there (the 3rd, which did not persist): 0 of 1, not "1 of 1"."""
    run("log", "--start", "2025-11-30 19:00", "--end", "2025-12-01 01:00", "--intensity", "5")
    run("log", "--start", "2025-12-03 10:00", "--end", "2025-12-03 14:00", "--intensity", "4")
    november = run_json("summary", "--month", "2025-11")
    assert (november["headache_days"], november["episodes"]) == (1, 1)
    assert november["persisted_episodes"] == 1
    december = run_json("summary", "--month", "2025-12")
    assert (december["headache_days"], december["episodes"]) == (2, 1)
    assert december["persisted_episodes"] == 0
    assert december["headache_hours"] == 5.0  # 00:00-01:00 on the 1st + 4 h on the 3rd


def test_midas_counts_every_impact_day_of_a_long_attack_inside_its_window(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    """An attack Thu 2 Jul 20:00 to Sat 4 Jul 10:00: missed work on the 2nd (its start
    day) and the 3rd (check-in), work halved and a social day missed on the 4th.

    Window to 1 Oct (2 Jul-1 Oct): Q1 2, Q2 1, Q5 1; A 3 days; B the day peaks 8 (2nd),
    7 (check-in on the 3rd), 8 (4th): 23 / 3 = 7.67 -> 7.7; 3 of 92 days known.
    Window to 2 Oct (3 Jul-2 Oct): the attack began before it, yet its days inside count:
    Q1 1, Q2 1, Q5 1; A 2; B (7 + 8) / 2 = 7.5; 2 known days."""
    run("log", "--start", "2026-07-02 20:00", "--end", "2026-07-04 10:00", "--intensity", "8",
        "--missed", "work")  # fmt: skip
    run("checkin", "--date", "2026-07-03", "--still-hurting", "--intensity", "7",
        "--missed", "work")  # fmt: skip
    run("checkin", "--date", "2026-07-04", "--still-hurting", "--reduced", "work",
        "--missed", "social")  # fmt: skip
    first = run_json("midas", "--as-of", "2026-10-01")
    assert [first[k] for k in ("q1", "q2", "q3", "q4", "q5", "a", "b")] == [2, 1, 0, 0, 1, 3, 7.7]
    assert (first["score"], first["recorded_days"]) == (4, 3)
    later = run_json("midas", "--as-of", "2026-10-02")
    assert [later[k] for k in ("q1", "q2", "q3", "q4", "q5", "a", "b")] == [1, 1, 0, 0, 1, 2, 7.5]
    assert (later["score"], later["recorded_days"]) == (3, 2)
    assert "less than 80%" in run("midas", "--as-of", "2026-10-02").stdout


def _take_on(run: Invoke, remedy: str, dose: str, unit: str, days: list[str]) -> None:
    for day in days:
        run("take", remedy, "--dose", dose, "--unit", unit, "--at", f"{day} 09:00")


def test_combined_classes_reach_a_sustained_alert_as_one_class_does(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    """June-September 2026: ibuprofen on days 1-8 and a triptan on days 11-13 of each month.
    Neither class is over its own line (simple 15, triptan 10), together 11 >= 10 days each
    month: the combined line (ICHD-3 8.2.6) is crossed 4 months running, so a sustained
    alert with class "multiple" for August (3 months) and September (4 months)."""
    for month in ("06", "07", "08", "09"):
        _take_on(run, "ibuprofen", "400", "mg", [f"2026-{month}-{d:02d}" for d in range(1, 9)])
        _take_on(run, "sumatriptan", "50", "mg", [f"2026-{month}-{d}" for d in (11, 12, 13)])
    flags = run_json("flags", "--as-of", "2026-09-30", "--months", "4")
    sustained = [f for f in flags if f["rule"] == "overuse-sustained"]
    assert [(f["class"], f["period"], f["days"]) for f in sustained] == [
        ("multiple", "2026-08", 11),
        ("multiple", "2026-09", 11),
    ]
    assert all(f["severity"] == "alert" for f in sustained)
    assert "ICHD-3 asks for more than 3 months" in sustained[0]["message"]
    combined = [f["period"] for f in flags if f["rule"] == "overuse-multiple-classes"]
    assert combined == ["2026-06", "2026-07", "2026-08", "2026-09"]
    # No "nothing is over the line yet" watch for a month whose combined line was crossed.
    monthly_watch = [f for f in flags if f["severity"] == "watch" and "W" not in f["period"]]
    assert not [f for f in monthly_watch if f["period"] in combined]


def test_a_combined_total_that_needs_kratom_is_never_cited_as_ichd3(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    """June 2026: kratom on 7 days, a triptan on 3 others: 10 days together, but only with
    the kratom days; ICHD-3 names no kratom, so no "8.2.6" for this total."""
    _take_on(run, "kratom", "2", "g", [f"2026-06-{d:02d}" for d in (1, 3, 5, 7, 9, 11, 13)])
    _take_on(run, "sumatriptan", "50", "mg", ["2026-06-20", "2026-06-21", "2026-06-22"])
    flags = run_json("flags", "--as-of", "2026-06-30", "--months", "1")
    combined = [f for f in flags if f["rule"] == "overuse-multiple-classes"]
    assert len(combined) == 1 and combined[0]["days"] == 10
    assert "several classes including kratom (not an ICHD-3 class)" in combined[0]["message"]
    assert "8.2.6" not in combined[0]["message"]


def test_weekly_over_the_counter_notice_counts_combination_analgesics(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    """Week 2026-W24 (Mon 8 - Sun 14 Jun): ibuprofen Mon, excedrin (a combination) Tue and
    Wed: 3 over-the-counter days, over the 2-a-week advice. Counting simple ones only
    would have seen 1."""
    _take_on(run, "ibuprofen", "400", "mg", ["2026-06-08"])
    _take_on(run, "excedrin", "1", "tablet", ["2026-06-09", "2026-06-10"])
    flags = run_json("flags", "--as-of", "2026-06-30", "--months", "1")
    weekly = [f for f in flags if f["rule"] == "approaching-overuse" and f["period"] == "2026-W24"]
    assert [(f["days"], f["threshold"]) for f in weekly] == [(3, 2)]


@pytest.mark.parametrize(("days", "fires"), [(14, False), (15, True)])
def test_caffeine_notice_needs_more_than_14_days(
    run: Invoke, run_json: Callable[..., Any], days: int, fires: bool
) -> None:
    """300 mg a day (over 200) on 1..N June: 14 days is not "more than two weeks"."""
    _take_on(run, "caffeine", "300", "mg", [f"2026-06-{d:02d}" for d in range(1, days + 1)])
    flags = run_json("flags", "--as-of", "2026-06-30", "--months", "1")
    caffeine = [f for f in flags if f["class"] == "caffeine"]
    assert bool(caffeine) is fires
    if fires:
        assert caffeine[0]["days"] == 15


def test_kratom_cautions_appear_once_after_the_flags_that_share_them(run: Invoke) -> None:
    """Kratom every day of two weeks in June raises more than one kratom flag; the long
    caution paragraph is printed once, not under each flag, and the unsourced claim that
    a next-day headache "fits withdrawal" is gone."""
    _take_on(run, "kratom", "2", "g", [f"2026-06-{d:02d}" for d in range(1, 15)])
    text = run("flags", "--as-of", "2026-06-30", "--months", "1").stdout
    assert text.count("KRATOM") + text.count("kratom") >= 2
    assert "fits withdrawal" not in text
    lines = [line.strip() for line in text.splitlines() if len(line.strip()) > 60]
    repeated = {line for line in lines if lines.count(line) > 1}
    assert not repeated, repeated
