"""Migraine days around menstruation (core/cycles.py), every edge counted by hand.

The diary is kept every day (a "kept" marker on each) from 2025-12-01; periods of 4 marked
days begin on Jan 10, Feb 7 and Mar 7 2026 (28-day cycles) unless a case says otherwise.
Their days -2..+3 (no day 0) are:
  Jan 10: Jan 8 (-2), 9 (-1), 10 (1), 11 (2), 12 (3); day -3 is Jan 7, day +4 Jan 13
  Feb 7:  Feb 5, 6, 7, 8, 9;                          day -3 is Feb 4, day +4 Feb 10
  Mar 7:  Mar 5, 6, 7, 8, 9
  Apr 4:  Apr 2, 3, 4, 5, 6 (only where a case adds it)
Migraine days are made with a triptan dose (a triptan day is a migraine day, daybook.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import pytest

from journal.core.cycles import CycleReport, analyse_cycles, cycle_day, perimenstrual
from journal.core.daybook import build_book
from journal.core.facts import IntakeFact, MarkerFact
from tests.builders import BERLIN, at, d, make_facts

facts = partial(make_facts, now="2026-05-01 12:00", first="2025-12-01", last="2026-05-03")
THREE = ("2026-01-10", "2026-02-07", "2026-03-07")
FOUR = (*THREE, "2026-04-04")


def days(first: str, last: str) -> list[date]:
    start, end = d(first), d(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def diary(
    migraine: tuple[str, ...],
    day1s: tuple[str, ...] = THREE,
    tag: str = "menstruation",
    silent: tuple[str, str] | None = None,
) -> list[MarkerFact | IntakeFact]:
    kept = [day for day in days("2025-12-01", "2026-05-01")]
    if silent:
        kept = [day for day in kept if not d(silent[0]) <= day <= d(silent[1])]
    markers = [MarkerFact(day, "kept") for day in kept]
    for day1 in day1s:
        markers += [MarkerFact(d(day1) + timedelta(days=i), tag) for i in range(4)]
    doses = [
        IntakeFact(i, at(f"{day} 09:00", BERLIN), "sumatriptan", "triptan", "acute")
        for i, day in enumerate(migraine)
    ]
    return [*markers, *doses]


def report(
    migraine: tuple[str, ...],
    first: str = "2026-01-01",
    last: str = "2026-03-31",
    **kwargs: object,
) -> CycleReport:
    records = diary(migraine, **kwargs)  # type: ignore[arg-type]
    markers = tuple(r for r in records if isinstance(r, MarkerFact))
    intakes = tuple(r for r in records if isinstance(r, IntakeFact))
    book = build_book(facts(intakes=intakes, markers=markers))
    return analyse_cycles(book, d(first), d(last))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-01-07", -3),
        ("2026-01-08", -2),
        ("2026-01-09", -1),
        ("2026-01-10", 1),
        ("2026-01-11", 2),
        ("2026-01-12", 3),
        ("2026-01-13", 4),
    ],
)
def test_cycle_days_have_no_day_0(day: str, expected: int) -> None:
    assert cycle_day(d(day), d("2026-01-10")) == expected


def test_days_minus_2_to_plus_3_are_five_calendar_days() -> None:
    assert perimenstrual(d("2026-01-10")) == days("2026-01-08", "2026-01-12")


# (name, migraine days, expected: cycles, with attack, outside, pattern, attack days per cycle,
#  other migraine days per cycle), with the window Jan 1 - Mar 31 and three cycles
CASES = [
    # day 1 in January, day 2 in February: 2 of 3, nothing else
    (
        "2 of 3",
        ("2026-01-10", "2026-02-08"),
        (3, 2, 0, "pure-menstrual", [[1], [2], []], [0, 0, 0]),
    ),
    (
        "3 of 3",
        ("2026-01-09", "2026-02-07", "2026-03-09"),
        (3, 3, 0, "pure-menstrual", [[-1], [1], [3]], [0, 0, 0]),
    ),
    # Feb 20 is day 14 of the February cycle
    (
        "2 of 3 and other times",
        ("2026-01-10", "2026-02-08", "2026-02-20"),
        (3, 2, 1, "menstrually-related", [[1], [2], []], [0, 1, 0]),
    ),
    ("1 of 3", ("2026-01-10",), (3, 1, 0, "not-menstrual", [[1], [], []], [0, 0, 0])),
    (
        "1 of 3 and other times",
        ("2026-01-10", "2026-01-20"),
        (3, 1, 1, "not-menstrual", [[1], [], []], [1, 0, 0]),
    ),
    (
        "day -2 is in",
        ("2026-01-08", "2026-02-05"),
        (3, 2, 0, "pure-menstrual", [[-2], [-2], []], [0, 0, 0]),
    ),
    (
        "day +3 is in",
        ("2026-01-12", "2026-02-09"),
        (3, 2, 0, "pure-menstrual", [[3], [3], []], [0, 0, 0]),
    ),
    # Jan 7 lies before the first cycle of the window (still counted at another time);
    # Feb 4 is day 26 of the January cycle
    (
        "day -3 is out",
        ("2026-01-07", "2026-02-04"),
        (3, 0, 2, "not-menstrual", [[], [], []], [1, 0, 0]),
    ),
    (
        "day +4 is out",
        ("2026-01-13", "2026-02-10"),
        (3, 0, 2, "not-menstrual", [[], [], []], [1, 1, 0]),
    ),
    # two days in one window are one attack
    (
        "two days, one cycle",
        ("2026-01-09", "2026-01-10", "2026-03-06"),
        (3, 2, 0, "pure-menstrual", [[-1, 1], [], [-1]], [0, 0, 0]),
    ),
    ("no migraine at all", (), (3, 0, 0, "not-menstrual", [[], [], []], [0, 0, 0])),
]


@pytest.mark.parametrize(
    ("migraine", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_cycles(migraine: tuple[str, ...], expected: tuple[object, ...]) -> None:
    found = report(migraine)
    cycles, with_attack, outside, pattern, attack_days, other = expected
    assert found["cycles"] == cycles
    assert found["cycles_with_attack"] == with_attack
    assert found["attacks_outside_window"] == outside
    assert found["pattern"] == pattern
    assert [c["day1"] for c in found["per_cycle"]] == list(THREE)
    assert [c["attack_days"] for c in found["per_cycle"]] == attack_days
    assert [c["other_migraine_days"] for c in found["per_cycle"]] == other
    assert [c["length"] for c in found["per_cycle"]] == [28, 28, None]
    assert [c["period_days"] for c in found["per_cycle"]] == [4, 4, 4]


def test_old_period_tags_count_as_menstruation() -> None:
    found = report(("2026-01-10", "2026-02-08"), tag="period")
    assert (found["cycles"], found["pattern"]) == (3, "pure-menstrual")


def test_a_period_that_began_before_the_window() -> None:
    # Window Jan 11 - Apr 30: the January period (day 1 Jan 10) began before it and is not one
    # of its cycles, but Jan 12 is its day 3, so no other time; Feb 7, Mar 7, Apr 4 are.
    found = report(
        ("2026-01-12", "2026-02-07", "2026-03-08"),
        first="2026-01-11",
        last="2026-04-30",
        day1s=FOUR,
    )
    assert [c["day1"] for c in found["per_cycle"]] == ["2026-02-07", "2026-03-07", "2026-04-04"]
    assert [c["attack_days"] for c in found["per_cycle"]] == [[1], [2], []]
    assert (found["cycles"], found["cycles_with_attack"]) == (3, 2)
    assert (found["attacks_outside_window"], found["pattern"]) == (0, "pure-menstrual")
    # the same day in a window that holds the January cycle is its attack
    whole = report(("2026-01-12", "2026-02-07", "2026-03-08"), last="2026-04-30", day1s=FOUR)
    assert (whole["cycles"], whole["cycles_with_attack"]) == (4, 3)


def test_day_minus_2_of_a_period_just_after_the_window_is_not_another_time() -> None:
    # The window Jan 1 - Apr 2 holds the cycles of Jan 10, Feb 7 and Mar 7; its last day,
    # Apr 2, is day -2 of the period that begins after it, on Apr 4.
    found = report(("2026-01-10", "2026-02-08", "2026-04-02"), last="2026-04-02", day1s=FOUR)
    assert (found["cycles"], found["attacks_outside_window"]) == (3, 0)
    assert found["pattern"] == "pure-menstrual"


def test_fewer_than_3_cycles_is_not_enough_data() -> None:
    found = report(("2026-01-10", "2026-02-08"), last="2026-02-28")
    assert (found["cycles"], found["cycles_with_attack"]) == (2, 2)
    assert (found["consecutive_cycles"], found["pattern"]) == (2, "not-enough-data")


def test_an_unmarked_period_breaks_the_run() -> None:
    # periods on Jan 10, Mar 7, Apr 4: 56 days from the first to the second (> 45)
    found = report(
        ("2026-01-10", "2026-03-07", "2026-04-05"),
        last="2026-04-30",
        day1s=("2026-01-10", "2026-03-07", "2026-04-04"),
    )
    assert [c["length"] for c in found["per_cycle"]] == [56, 28, None]
    assert (found["cycles"], found["cycles_with_attack"]) == (3, 3)
    assert (found["consecutive_cycles"], found["pattern"]) == (2, "not-enough-data")


def test_a_cycle_not_kept_around_its_period_is_not_recorded() -> None:
    # nothing kept Jan 20 - Feb 6 (18 days, a silent stretch): Feb 5 and 6, days -2 and -1
    # of the February period, are unknown, and no attack was recorded on its days 1-3
    found = report(("2026-01-10", "2026-03-08"), silent=("2026-01-20", "2026-02-06"))
    assert [c["recorded"] for c in found["per_cycle"]] == [True, False, True]
    assert (found["recorded_cycles"], found["consecutive_cycles"]) == (2, 1)
    assert found["pattern"] == "not-enough-data"
    # an attack on its day 1 makes it recorded all the same
    seen = report(("2026-01-10", "2026-02-07", "2026-03-08"), silent=("2026-01-20", "2026-02-06"))
    assert [c["recorded"] for c in seen["per_cycle"]] == [True, True, True]
    assert seen["pattern"] == "pure-menstrual"


def test_four_cycles_need_attacks_in_two_thirds() -> None:
    # 2 of 4 is less than 2 of 3; 3 of 4 is more
    two = report(("2026-01-10", "2026-02-08"), last="2026-04-30", day1s=FOUR)
    three = report(("2026-01-10", "2026-02-08", "2026-04-04"), last="2026-04-30", day1s=FOUR)
    assert (two["cycles"], two["cycles_with_attack"], two["pattern"]) == (4, 2, "not-menstrual")
    assert (three["cycles_with_attack"], three["pattern"]) == (3, "pure-menstrual")


def test_no_periods_marked() -> None:
    found = report(("2026-01-10",), day1s=())
    assert found["cycles"] == 0 and found["per_cycle"] == []
    assert (found["attacks_outside_window"], found["pattern"]) == (0, "not-enough-data")
