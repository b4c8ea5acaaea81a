"""Calendar-day arithmetic: local days, headache and medication days, hours, periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from journal.core.days import (
    add_months,
    caffeine_days,
    day_peaks,
    headache_days,
    headache_hours,
    local_days,
    medication_days,
    moderate_severe_days,
    month_bounds,
    month_label,
    next_day_counts,
    period_bounds,
    period_label,
    persisted_next_day,
    preventive_days,
    previous_period,
    recorded_days,
    streaks,
    week_bounds,
    week_label,
)
from journal.core.facts import CheckinFact, EpisodeFact, IntakeFact, MarkerFact
from tests.builders import BERLIN, NEW_YORK, at, d, make_facts

facts = partial(make_facts, now="2027-06-01 12:00", last="2027-06-01")


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


def take(
    when: str,
    klass: str = "simple",
    use: str = "acute",
    tz: ZoneInfo = BERLIN,
    id: int = 1,
) -> IntakeFact:
    return IntakeFact(id=id, at=at(when, tz), remedy=f"some {klass}", klass=klass, use=use)


def days(*texts: str) -> set[date]:
    return {d(t) for t in texts}


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


# --- headache days ------------------------------------------------------------------------------


def test_episode_across_midnight_counts_on_each_day() -> None:
    f = facts((ep("2026-11-03 22:00", "2026-11-05 01:00"),))
    assert headache_days(f) == days("2026-11-03", "2026-11-04", "2026-11-05")


def test_episode_across_month_end_splits_by_period() -> None:
    f = facts((ep("2026-10-31 21:00", "2026-11-01 03:00"),))
    assert headache_days(f, d("2026-10-01"), d("2026-10-31")) == days("2026-10-31")
    assert headache_days(f, d("2026-11-01"), d("2026-11-30")) == days("2026-11-01")


def test_ongoing_episode_counts_up_to_now() -> None:
    f = facts((ep("2026-11-03 20:00", None),), now="2026-11-05 10:00")
    assert headache_days(f) == days("2026-11-03", "2026-11-04", "2026-11-05")


def test_non_utc_zone_uses_local_dates() -> None:
    # 19:00-20:00 in New York on 3 Nov is 00:00-01:00 UTC on 4 Nov
    f = facts((ep("2026-11-03 19:00", "2026-11-03 20:00", tz=NEW_YORK),), tz=NEW_YORK)
    assert headache_days(f) == days("2026-11-03")


@pytest.mark.parametrize(
    ("start", "end", "now", "minimum", "counts"),
    [
        ("2026-11-03 08:00", "2026-11-03 08:29", "2027-01-01 00:00", 30, False),
        ("2026-11-03 08:00", "2026-11-03 08:30", "2027-01-01 00:00", 30, True),
        ("2026-11-03 08:00", "2026-11-03 08:31", "2027-01-01 00:00", 30, True),
        ("2026-11-03 08:00", "2026-11-03 08:05", "2027-01-01 00:00", 0, True),
        # ongoing: the elapsed time so far decides
        ("2026-11-03 08:00", None, "2026-11-03 08:20", 30, False),
        ("2026-11-03 08:00", None, "2026-11-03 08:40", 30, True),
    ],
)
def test_min_duration(start: str, end: str | None, now: str, minimum: int, counts: bool) -> None:
    f = facts((ep(start, end),), now=now, min_duration=timedelta(minutes=minimum))
    assert headache_days(f) == (days("2026-11-03") if counts else set())
    assert (d("2026-11-03") in day_peaks(f)) is counts
    assert recorded_days(f) == days("2026-11-03")  # recorded either way


# --- day peaks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("episodes", "checkins", "expected"),
    [
        # highest of the episodes touching the day
        (
            (
                ep("2026-11-03 08:00", "2026-11-03 09:00", 3, 1),
                ep("2026-11-03 18:00", "2026-11-03 19:00", 7, 2),
            ),
            (),
            {"2026-11-03": 7},
        ),
        # an episode across midnight brings its peak to both days; the second day has a higher one
        (
            (
                ep("2026-11-03 22:00", "2026-11-04 02:00", 6, 1),
                ep("2026-11-04 10:00", "2026-11-04 11:00", 8, 2),
            ),
            (),
            {"2026-11-03": 6, "2026-11-04": 8},
        ),
        # a check-in's rating for the day wins, even when lower
        (
            (ep("2026-11-03 08:00", "2026-11-03 09:00", 7),),
            (CheckinFact(d("2026-11-03"), "still", 2),),
            {"2026-11-03": 2},
        ),
        # ... or higher
        (
            (ep("2026-11-03 08:00", "2026-11-03 09:00", 3),),
            (CheckinFact(d("2026-11-03"), "still", 6),),
            {"2026-11-03": 6},
        ),
        # a check-in without intensity changes nothing; one on a day without headache adds no day
        (
            (ep("2026-11-03 08:00", "2026-11-03 09:00", 3),),
            (CheckinFact(d("2026-11-03"), "still"), CheckinFact(d("2026-11-05"), "still", 5)),
            {"2026-11-03": 3},
        ),
        # no intensity anywhere: the day counts, its peak is unknown
        ((ep("2026-11-03 08:00", "2026-11-03 09:00", None),), (), {"2026-11-03": None}),
    ],
)
def test_day_peaks(
    episodes: tuple[EpisodeFact, ...],
    checkins: tuple[CheckinFact, ...],
    expected: dict[str, int | None],
) -> None:
    assert day_peaks(facts(episodes, checkins=checkins)) == {d(k): v for k, v in expected.items()}


@pytest.mark.parametrize(
    ("intensity", "checkin", "moderate"),
    [
        (3, None, False),
        (4, None, True),
        (5, None, True),
        (8, 3, False),
        (2, 4, True),
        (None, None, False),
    ],
)
def test_moderate_severe_day(intensity: int | None, checkin: int | None, moderate: bool) -> None:
    checkins = () if checkin is None else (CheckinFact(d("2026-11-03"), "still", checkin),)
    f = facts((ep("2026-11-03 08:00", "2026-11-03 09:00", intensity),), checkins=checkins)
    assert moderate_severe_days(f) == (days("2026-11-03") if moderate else set())


def test_recorded_days_take_every_kind_of_record() -> None:
    f = facts(
        (ep("2026-11-01 23:00", "2026-11-02 01:00"),),
        intakes=(take("2026-11-04 09:00", "other", use="preventive"),),
        checkins=(CheckinFact(d("2026-11-06"), "clear"),),
        markers=(MarkerFact(d("2026-11-08"), "period"),),
    )
    assert recorded_days(f) == days(
        "2026-11-01", "2026-11-02", "2026-11-04", "2026-11-06", "2026-11-08"
    )
    assert recorded_days(f, d("2026-11-02"), d("2026-11-06")) == days(
        "2026-11-02", "2026-11-04", "2026-11-06"
    )


# --- medication days ----------------------------------------------------------------------------


def test_medication_days_count_days_not_doses() -> None:
    f = facts(
        intakes=(
            take("2026-11-03 08:00", "simple", id=1),
            take("2026-11-03 20:00", "simple", id=2),
            take("2026-11-04 08:00", "simple", id=3),
            take("2026-11-04 08:00", "kratom", id=4),
            take("2026-11-05 08:00", "caffeine", id=5),
            take("2026-11-06 08:00", "other", id=6),
            take("2026-11-07 08:00", "triptan", use="preventive", id=7),
            take("2026-11-08 08:00", "other", use="preventive", id=8),
        )
    )
    assert medication_days(f) == {
        "simple": days("2026-11-03", "2026-11-04"),
        "triptan": set(),
        "ergot": set(),
        "opioid": set(),
        "combination": set(),
        "kratom": days("2026-11-04"),
    }
    assert caffeine_days(f) == days("2026-11-05")
    assert preventive_days(f) == days("2026-11-07", "2026-11-08")


def test_medication_day_follows_the_journal_zone() -> None:
    # 23:30 in New York on 3 Nov is 04:30 UTC on 4 Nov
    f = facts(intakes=(take("2026-11-03 23:30", "triptan", tz=NEW_YORK),), tz=NEW_YORK)
    assert medication_days(f)["triptan"] == days("2026-11-03")
    assert medication_days(f, d("2026-11-04"), d("2026-11-30"))["triptan"] == set()


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


# --- hours --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("episodes", "first", "last", "now", "hours"),
    [
        # 29 March 2026 in Berlin has 23 hours, 25 October 2026 has 25
        ((ep("2026-03-29 00:00", "2026-03-30 00:00"),), "2026-03-29", "2026-03-29", None, 23.0),
        ((ep("2026-10-25 00:00", "2026-10-26 00:00"),), "2026-10-25", "2026-10-25", None, 25.0),
        # a longer episode is clipped to the DST day
        ((ep("2026-03-28 12:00", "2026-03-30 12:00"),), "2026-03-29", "2026-03-29", None, 23.0),
        ((ep("2026-10-24 12:00", "2026-10-26 12:00"),), "2026-10-25", "2026-10-25", None, 25.0),
        # 01:00 to 04:00 on the spring day is 2 real hours, 01:30 to 03:30 in autumn is 3
        ((ep("2026-03-29 01:00", "2026-03-29 04:00"),), "2026-03-29", "2026-03-29", None, 2.0),
        ((ep("2026-10-25 01:30", "2026-10-25 03:30"),), "2026-10-25", "2026-10-25", None, 3.0),
        # across a month end, each month keeps its own part
        ((ep("2026-10-31 20:00", "2026-11-01 04:30"),), "2026-10-01", "2026-10-31", None, 4.0),
        ((ep("2026-10-31 20:00", "2026-11-01 04:30"),), "2026-11-01", "2026-11-30", None, 4.5),
        # overlapping episodes do not count an hour twice: 08-12 and 10-14 is 6 hours
        (
            (
                ep("2026-11-03 08:00", "2026-11-03 12:00", id=1),
                ep("2026-11-03 10:00", "2026-11-03 14:00", id=2),
            ),
            "2026-11-03",
            "2026-11-03",
            None,
            6.0,
        ),
        # ongoing: counted up to now
        ((ep("2026-11-03 20:00", None),), "2026-11-01", "2026-11-30", "2026-11-04 02:15", 6.25),
    ],
)
def test_headache_hours(
    episodes: tuple[EpisodeFact, ...], first: str, last: str, now: str | None, hours: float
) -> None:
    f = facts(episodes, now=now or "2027-06-01 12:00")
    assert headache_hours(f, d(first), d(last)) == pytest.approx(hours)


def test_headache_hours_leave_out_short_episodes() -> None:
    f = facts(
        (
            ep("2026-11-03 08:00", "2026-11-03 08:20", id=1),
            ep("2026-11-03 10:00", "2026-11-03 11:00", id=2),
        ),
        min_duration=timedelta(minutes=30),
    )
    assert headache_hours(f, d("2026-11-03"), d("2026-11-03")) == pytest.approx(1.0)


# --- next-day counts and streaks ----------------------------------------------------------------


def test_next_day_counts() -> None:
    # days 1-6; used on 1, 2, 4; new episodes start on 2, 3, 6
    used = days("2026-11-01", "2026-11-02", "2026-11-04")
    starts = days("2026-11-02", "2026-11-03", "2026-11-06")
    seen = next_day_counts(used, starts, d("2026-11-01"), d("2026-11-06"))
    # used: 1 -> 2 yes, 2 -> 3 yes, 4 -> 5 no; other: 3 -> 4 no, 5 -> 6 yes, 6 -> 7 no
    assert (seen.use_days, seen.followed, seen.other_days, seen.other_followed) == (3, 2, 3, 1)
    assert seen.share == pytest.approx(2 / 3)
    assert seen.other_share == pytest.approx(1 / 3)


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
