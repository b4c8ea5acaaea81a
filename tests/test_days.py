"""Calendar-day arithmetic: local days, persistence, streaks, periods (counting: test_daybook)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from journal.core.days import (
    add_months,
    local_days,
    month_bounds,
    month_label,
    period_bounds,
    period_label,
    persisted_next_day,
    previous_period,
    streaks,
    week_bounds,
    week_label,
)
from journal.core.facts import EpisodeFact
from tests.builders import BERLIN, NEW_YORK, at, d

# --- builders -----------------------------------------------------------------------------------


def ep(
    start: str,
    end: str | None,
    intensity: int | None = 5,
    id: int = 1,
    tz: ZoneInfo = BERLIN,
    persisted: bool = False,
) -> EpisodeFact:
    return EpisodeFact(
        id=id,
        start=at(start, tz),
        end=None if end is None else at(end, tz),
        intensity=intensity,
        persisted_checkin=persisted,
    )


# --- local days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "tz", "expected"),
    [
        ("2026-11-03 08:00", "2026-11-03 12:00", BERLIN, ["2026-11-03"]),
        ("2026-11-03 22:00", "2026-11-04 02:00", BERLIN, ["2026-11-03", "2026-11-04"]),
        # ending exactly at midnight does not touch the new day
        ("2026-11-03 22:00", "2026-11-04 00:00", BERLIN, ["2026-11-03"]),
        ("2026-11-03 22:00", "2026-11-04 00:01", BERLIN, ["2026-11-03", "2026-11-04"]),
        ("2026-04-30 23:00", "2026-05-01 01:00", BERLIN, ["2026-04-30", "2026-05-01"]),
        ("2026-12-31 23:00", "2027-01-01 01:00", BERLIN, ["2026-12-31", "2027-01-01"]),
        (
            "2028-02-28 20:00",
            "2028-03-01 01:00",
            BERLIN,
            ["2028-02-28", "2028-02-29", "2028-03-01"],
        ),
        ("2026-11-03 08:00", "2026-11-03 08:00", BERLIN, ["2026-11-03"]),
        ("2026-11-03 21:00", "2026-11-03 23:30", NEW_YORK, ["2026-11-03"]),
    ],
)
def test_local_days(start: str, end: str, tz: ZoneInfo, expected: list[str]) -> None:
    assert local_days(at(start, tz), at(end, tz), tz) == [d(x) for x in expected]


def test_utc_instant_lands_on_the_local_date_of_the_zone() -> None:
    # 2026-11-04 02:00 UTC is 2026-11-03 21:00 in New York and 03:00 on the 4th in Berlin
    moment = datetime(2026, 11, 4, 2, 0, tzinfo=UTC)
    later = moment + timedelta(hours=1)
    assert local_days(moment, later, NEW_YORK) == [d("2026-11-03")]
    assert local_days(moment, later, BERLIN) == [d("2026-11-04")]


# --- persistence --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("episode", "now", "tz", "persisted"),
    [
        (ep("2026-11-03 08:00", "2026-11-03 23:59"), "2027-01-01 00:00", BERLIN, False),
        (ep("2026-11-03 22:00", "2026-11-04 00:00"), "2027-01-01 00:00", BERLIN, False),
        (ep("2026-11-03 22:00", "2026-11-04 00:30"), "2027-01-01 00:00", BERLIN, True),
        (ep("2026-11-03 08:00", "2026-11-06 08:00"), "2027-01-01 00:00", BERLIN, True),
        (ep("2026-11-03 08:00", None), "2026-11-03 23:00", BERLIN, False),
        (ep("2026-11-03 08:00", None), "2026-11-04 00:10", BERLIN, True),
        (
            ep("2026-11-03 08:00", "2026-11-03 10:00", persisted=True),
            "2027-01-01 00:00",
            BERLIN,
            True,
        ),
        # 18:00-20:30 in New York crosses midnight in UTC, not locally
        (
            ep("2026-11-03 18:00", "2026-11-03 20:30", tz=NEW_YORK),
            "2027-01-01 00:00",
            NEW_YORK,
            False,
        ),
    ],
)
def test_persisted_next_day(episode: EpisodeFact, now: str, tz: ZoneInfo, persisted: bool) -> None:
    assert persisted_next_day(episode, tz, at(now, tz)) is persisted


# --- streaks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([], []),
        (["2026-11-01"], [("2026-11-01", "2026-11-01")]),
        (
            ["2026-11-03", "2026-11-01", "2026-11-02", "2026-11-05", "2026-11-06"],
            [("2026-11-01", "2026-11-03"), ("2026-11-05", "2026-11-06")],
        ),
        (["2026-02-28", "2026-03-01"], [("2026-02-28", "2026-03-01")]),
        (
            ["2028-02-28", "2028-03-01"],
            [("2028-02-28", "2028-02-28"), ("2028-03-01", "2028-03-01")],
        ),
    ],
)
def test_streaks(dates: list[str], expected: list[tuple[str, str]]) -> None:
    assert streaks(d(x) for x in dates) == [(d(a), d(b)) for a, b in expected]


# --- periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label", "monday", "sunday"),
    [
        ("2026-11-16", "2026-W47", "2026-11-16", "2026-11-22"),
        ("2026-11-22", "2026-W47", "2026-11-16", "2026-11-22"),
        ("2026-11-01", "2026-W44", "2026-10-26", "2026-11-01"),
        ("2026-01-01", "2026-W01", "2025-12-29", "2026-01-04"),
        ("2025-12-29", "2026-W01", "2025-12-29", "2026-01-04"),
        ("2027-01-03", "2026-W53", "2026-12-28", "2027-01-03"),
        ("2021-01-03", "2020-W53", "2020-12-28", "2021-01-03"),
    ],
)
def test_iso_weeks(day: str, label: str, monday: str, sunday: str) -> None:
    assert week_label(d(day)) == label
    assert week_bounds(d(day)) == (d(monday), d(sunday))
    assert period_bounds(label) == (d(monday), d(sunday))


@pytest.mark.parametrize(
    ("day", "label", "last"),
    [
        ("2026-02-14", "2026-02", "2026-02-28"),
        ("2028-02-14", "2028-02", "2028-02-29"),
        ("2026-04-30", "2026-04", "2026-04-30"),
        ("2026-12-01", "2026-12", "2026-12-31"),
    ],
)
def test_months(day: str, label: str, last: str) -> None:
    first = d(label + "-01")
    assert month_label(d(day)) == label
    assert month_bounds(d(day)) == (first, d(last))
    assert period_bounds(label) == (first, d(last))


@pytest.mark.parametrize(
    ("label", "previous"),
    [
        ("2026-01", "2025-12"),
        ("2026-03", "2026-02"),
        ("2028-03", "2028-02"),
        ("2026-W01", "2025-W52"),
        ("2027-W01", "2026-W53"),
        ("2026-W47", "2026-W46"),
        ("2026-11-10..2026-11-12", "2026-11-07..2026-11-09"),
        ("2026-11-05..2026-11-05", "2026-11-04..2026-11-04"),
    ],
)
def test_previous_period(label: str, previous: str) -> None:
    assert previous_period(label) == previous


@pytest.mark.parametrize(
    ("first", "last", "label"),
    [
        ("2026-11-01", "2026-11-30", "2026-11"),
        ("2026-11-16", "2026-11-22", "2026-W47"),
        ("2026-11-17", "2026-11-23", "2026-11-17..2026-11-23"),
        ("2026-11-01", "2026-11-29", "2026-11-01..2026-11-29"),
    ],
)
def test_period_label(first: str, last: str, label: str) -> None:
    assert period_label(d(first), d(last)) == label


@pytest.mark.parametrize("label", ["2026-13", "2026-W54", "2026-11-05..2026-11-04", "November", ""])
def test_bad_period_labels(label: str) -> None:
    with pytest.raises(ValueError):
        period_bounds(label)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-05-31", -1, "2026-04-30"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-01-15", -1, "2025-12-15"),
        ("2026-11-30", -3, "2026-08-30"),
        ("2026-11-30", 0, "2026-11-30"),
    ],
)
def test_add_months(day: str, months: int, expected: str) -> None:
    assert add_months(d(day), months) == d(expected)
