"""The day book: facts bucketed by local day, known days, day peaks, and period totals."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from journal.core.daybook import DayBook, build_book
from journal.core.facts import CheckinFact, EpisodeFact, ImpactFact, IntakeFact, MarkerFact
from tests.builders import BERLIN, NEW_YORK, at, d, make_facts

facts = partial(make_facts, now="2027-06-01 12:00", last="2027-06-01")


def book(*args: object, **kwargs: object) -> DayBook:
    return build_book(facts(*args, **kwargs))  # type: ignore[arg-type]


def ep(
    start: str,
    end: str | None,
    intensity: int | None = 5,
    id: int = 1,
    tz: ZoneInfo = BERLIN,
    persisted: bool = False,
    missed: tuple[str, ...] = (),
    reduced: tuple[str, ...] = (),
) -> EpisodeFact:
    return EpisodeFact(
        id=id,
        start=at(start, tz),
        end=None if end is None else at(end, tz),
        intensity=intensity,
        persisted_checkin=persisted,
        missed=missed,
        reduced=reduced,
    )


def take(
    when: str,
    klass: str = "simple",
    use: str = "acute",
    tz: ZoneInfo = BERLIN,
    id: int = 1,
    dose: float | None = None,
    unit: str | None = None,
) -> IntakeFact:
    return IntakeFact(
        id=id, at=at(when, tz), remedy=f"some {klass}", klass=klass, use=use, dose=dose, unit=unit
    )


def days(*texts: str) -> set[date]:
    return {d(t) for t in texts}


def where(b: DayBook, test: object) -> set[date]:
    """The dates of the book whose Day passes TEST (a callable)."""
    return {day for day, record in b.span(b.first, b.last) if test(record)}  # type: ignore[operator]


def headache_days(b: DayBook) -> set[date]:
    return where(b, lambda r: r.headache)


def peaks(b: DayBook) -> dict[date, int | None]:
    return {day: r.peak for day, r in b.span(b.first, b.last) if r.headache}


# --- headache days ------------------------------------------------------------------------------


def test_episode_across_midnight_counts_on_each_day() -> None:
    b = book((ep("2026-11-03 22:00", "2026-11-05 01:00"),))
    assert headache_days(b) == days("2026-11-03", "2026-11-04", "2026-11-05")


def test_episode_across_month_end_counts_days_in_both_months_and_begins_in_one() -> None:
    # issue: 30 Nov 19:00 to 1 Dec 01:00 made December's persistence "1 of 1"
    b = book((ep("2026-11-30 19:00", "2026-12-01 01:00"),))
    november, december = (
        b.totals(d("2026-11-01"), d("2026-11-30")),
        b.totals(d("2026-12-01"), d("2026-12-31")),
    )
    assert (november.headache_days, november.episodes, november.persisted_episodes) == (1, 1, 1)
    assert (december.headache_days, december.episodes, december.persisted_episodes) == (1, 0, 0)
    assert (november.hours, december.hours) == (pytest.approx(5.0), pytest.approx(1.0))


def test_ongoing_episode_counts_up_to_now() -> None:
    b = book((ep("2026-11-03 20:00", None),), now="2026-11-05 10:00")
    assert headache_days(b) == days("2026-11-03", "2026-11-04", "2026-11-05")


def test_non_utc_zone_uses_local_dates() -> None:
    # 19:00-20:00 in New York on 3 Nov is 00:00-01:00 UTC on 4 Nov
    b = book((ep("2026-11-03 19:00", "2026-11-03 20:00", tz=NEW_YORK),), tz=NEW_YORK)
    assert headache_days(b) == days("2026-11-03")


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
    b = book((ep(start, end),), now=now, min_duration=timedelta(minutes=minimum))
    assert headache_days(b) == (days("2026-11-03") if counts else set())
    assert b.day(d("2026-11-03")).onsets == int(counts)
    assert where(b, lambda r: r.written) == days("2026-11-03")  # written either way


# --- day peaks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("episodes", "checkins", "expected"),
    [
        # the highest of the episodes touching the day
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
        # a check-in rates ITS episode on its day: lower ...
        (
            (ep("2026-11-03 22:00", "2026-11-04 09:00", 7, 1),),
            (CheckinFact(d("2026-11-04"), "still", 2, 1),),
            {"2026-11-03": 7, "2026-11-04": 2},
        ),
        # ... or higher; the evening before keeps the episode's own peak
        (
            (ep("2026-11-03 22:00", "2026-11-04 09:00", 3, 1),),
            (CheckinFact(d("2026-11-04"), "still", 6, 1),),
            {"2026-11-03": 3, "2026-11-04": 6},
        ),
        # issue: a morning check-in of 3 and a separate 9/10 migraine that afternoon: peak 9
        (
            (
                ep("2026-11-03 21:00", "2026-11-04 08:00", 5, 1),
                ep("2026-11-04 14:00", "2026-11-04 20:00", 9, 2),
            ),
            (CheckinFact(d("2026-11-04"), "still", 3, 1),),
            {"2026-11-03": 5, "2026-11-04": 9},
        ),
        # lowering one episode leaves the highest of what is left: 8 -> 2 beside a 5
        (
            (
                ep("2026-11-03 21:00", "2026-11-04 08:00", 8, 1),
                ep("2026-11-04 14:00", "2026-11-04 15:00", 5, 2),
            ),
            (CheckinFact(d("2026-11-04"), "still", 2, 1),),
            {"2026-11-03": 8, "2026-11-04": 5},
        ),
        # a check-in rates an unrated episode
        (
            (ep("2026-11-03 22:00", "2026-11-04 09:00", None, 1),),
            (CheckinFact(d("2026-11-04"), "still", 4, 1),),
            {"2026-11-03": None, "2026-11-04": 4},
        ),
        # no rating without its episode on that day: unlinked, another day, or "clear"
        (
            (ep("2026-11-03 08:00", "2026-11-03 09:00", 3, 1),),
            (
                CheckinFact(d("2026-11-03"), "still", 9),
                CheckinFact(d("2026-11-05"), "still", 5, 1),
            ),
            {"2026-11-03": 3},
        ),
        (
            (ep("2026-11-03 22:00", "2026-11-04 09:00", 6, 1),),
            (CheckinFact(d("2026-11-04"), "clear", 1, 1),),
            {"2026-11-03": 6, "2026-11-04": 6},
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
    assert peaks(book(episodes, checkins=checkins)) == {d(k): v for k, v in expected.items()}


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
    # the episode runs from the evening before; the check-in rates the morning of the 4th
    checkins = () if checkin is None else (CheckinFact(d("2026-11-04"), "still", checkin, 1),)
    b = book((ep("2026-11-03 22:00", "2026-11-04 09:00", intensity),), checkins=checkins)
    assert b.day(d("2026-11-04")).moderate_severe is moderate
    assert b.totals(d("2026-11-04"), d("2026-11-04")).moderate_severe_days == int(moderate)


# --- known days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "first_entry", "now", "known"),
    [
        # from the first entry to today, a gap of 13 silent days is kept ...
        (["2026-11-01", "2026-11-15"], "2026-11-01", "2026-11-15 12:00", ("11-01", "11-15")),
        # ... a gap of 14 is not: the days either side stay known
        (
            ["2026-11-01", "2026-11-16"],
            "2026-11-01",
            "2026-11-16 12:00",
            ("11-01", "11-01", "11-16", "11-16"),
        ),
        # before the first entry nothing is known; after today nothing either
        (["2026-11-10"], "2026-11-10", "2026-11-12 12:00", ("11-10", "11-12")),
        # the silence up to today: 13 days still known, 14 not
        (["2026-11-01"], "2026-11-01", "2026-11-14 12:00", ("11-01", "11-14")),
        (["2026-11-01"], "2026-11-01", "2026-11-15 12:00", ("11-01", "11-01")),
        # a loader's first entry before the facts: the run from the facts' first day counts
        (["2026-11-05"], "2026-01-01", "2026-11-06 12:00", ("11-01", "11-06")),
        # no first entry given: the earliest record stands in
        (["2026-11-05", "2026-11-09"], None, "2026-11-10 12:00", ("11-05", "11-10")),
        # nothing written at all, no first entry: nothing known
        ([], None, "2026-11-10 12:00", ()),
    ],
)
def test_known_days(
    written: list[str], first_entry: str | None, now: str, known: tuple[str, ...]
) -> None:
    markers = tuple(MarkerFact(d(day), "note") for day in written)
    b = build_book(
        make_facts(
            markers=markers, now=now, first="2026-11-01", last="2026-11-30", first_entry=first_entry
        )
    )
    expected: set[date] = set()
    for lo, hi in zip(known[::2], known[1::2], strict=True):
        start, end = d(f"2026-{lo}"), d(f"2026-{hi}")
        expected |= {start + timedelta(days=i) for i in range((end - start).days + 1)}
    assert where(b, lambda r: r.known) == expected


def test_every_kind_of_record_keeps_a_day() -> None:
    # one record every 10 days, each of another kind: all of them known
    b = book(
        (ep("2026-11-01 23:00", "2026-11-02 01:00"),),
        intakes=(take("2026-11-12 09:00", "other", use="preventive"),),
        checkins=(CheckinFact(d("2026-11-22"), "clear"),),
        markers=(MarkerFact(d("2026-12-02"), "period"),),
        impacts=(ImpactFact(d("2026-12-12"), missed=("work",)),),
        now="2026-12-12 20:00",
    )
    assert where(b, lambda r: r.written) == days(
        "2026-11-01", "2026-11-02", "2026-11-12", "2026-11-22", "2026-12-02", "2026-12-12"
    )
    assert b.known_days(d("2026-11-01"), d("2026-12-31")) == 42  # Nov 1 .. Dec 12


# --- medication and the evening -----------------------------------------------------------------


def test_medication_days_count_days_not_doses() -> None:
    b = book(
        intakes=(
            take("2026-11-03 08:00", "simple", id=1),
            take("2026-11-03 20:00", "simple", id=2),
            take("2026-11-04 08:00", "simple", id=3),
            take("2026-11-04 08:00", "kratom", id=4),
            take("2026-11-05 08:00", "caffeine", id=5, dose=150, unit="mg"),
            take("2026-11-05 15:00", "caffeine", id=6, dose=100, unit="MG"),
            take("2026-11-05 16:00", "caffeine", id=7, dose=2, unit="cups"),
            take("2026-11-06 08:00", "other", id=8),
            take("2026-11-07 08:00", "triptan", use="preventive", id=9),
            take("2026-11-08 08:00", "kratom", use="preventive", id=10),
        )
    )
    totals = b.totals(d("2026-11-01"), d("2026-11-30"))
    assert dict(totals.medication) == {
        "simple": 2,
        "triptan": 0,
        "ergot": 0,
        "opioid": 0,
        "combination": 0,
        "kratom": 1,
    }
    assert (totals.any_medication, totals.caffeine_days, totals.preventive_days) == (2, 1, 2)
    assert b.day(d("2026-11-03")).doses == {"simple": 2}
    assert b.day(d("2026-11-05")).caffeine_mg == 250.0  # mg only, any spelling
    # the kratom rules count every kratom intake, whatever it was taken for
    assert (b.day(d("2026-11-04")).kratom_doses, b.day(d("2026-11-08")).kratom_doses) == (1, 1)


def test_medication_day_follows_the_journal_zone() -> None:
    # 23:30 in New York on 3 Nov is 04:30 UTC on 4 Nov
    b = book(intakes=(take("2026-11-03 23:30", "triptan", tz=NEW_YORK),), tz=NEW_YORK)
    assert where(b, lambda r: "triptan" in r.medication) == days("2026-11-03")


@pytest.mark.parametrize(
    ("when", "klass", "use", "evening"),
    [
        # the evening runs from 18:00 to 05:00 the next morning
        ("2026-11-03 21:00", "kratom", "acute", "2026-11-03"),
        ("2026-11-03 18:00", "kratom", "acute", "2026-11-03"),
        ("2026-11-03 23:59", "triptan", "acute", "2026-11-03"),
        # after midnight and before 05:00: the evening before
        ("2026-11-04 00:30", "kratom", "acute", "2026-11-03"),
        ("2026-11-04 04:59", "simple", "acute", "2026-11-03"),
        # from 05:00 to 18:00: no evening at all
        ("2026-11-04 05:00", "simple", "acute", None),
        ("2026-11-03 09:00", "kratom", "acute", None),
        ("2026-11-03 17:59", "kratom", "acute", None),
        ("2026-11-04 02:00", "caffeine", "acute", "2026-11-03"),
        # preventives and other remedies are not compared
        ("2026-11-03 21:00", "triptan", "preventive", None),
        ("2026-11-03 21:00", "other", "acute", None),
    ],
)
def test_evening(when: str, klass: str, use: str, evening: str | None) -> None:
    b = book(intakes=(take(when, klass, use),))
    assert where(b, lambda r: klass in r.evening) == (set() if evening is None else days(evening))
    # the medication day stays the calendar day
    if use == "acute" and klass in ("kratom", "simple"):
        assert where(b, lambda r: klass in r.medication) == days(when[:10])


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
        # overlapping across midnight: 22-02 and 23-03 is 5 hours over two days
        (
            (
                ep("2026-11-03 22:00", "2026-11-04 02:00", id=1),
                ep("2026-11-03 23:00", "2026-11-04 03:00", id=2),
            ),
            "2026-11-03",
            "2026-11-04",
            None,
            5.0,
        ),
        # ongoing: counted up to now
        ((ep("2026-11-03 20:00", None),), "2026-11-01", "2026-11-30", "2026-11-04 02:15", 6.25),
    ],
)
def test_headache_hours(
    episodes: tuple[EpisodeFact, ...], first: str, last: str, now: str | None, hours: float
) -> None:
    b = book(episodes, now=now or "2027-06-01 12:00")
    assert b.totals(d(first), d(last)).hours == pytest.approx(hours)


def test_headache_hours_leave_out_short_episodes() -> None:
    b = book(
        (
            ep("2026-11-03 08:00", "2026-11-03 08:20", id=1),
            ep("2026-11-03 10:00", "2026-11-03 11:00", id=2),
        ),
        min_duration=timedelta(minutes=30),
    )
    assert b.totals(d("2026-11-03"), d("2026-11-03")).hours == pytest.approx(1.0)


# --- onsets, persistence, impact ----------------------------------------------------------------


def test_onsets_and_persistence_on_the_start_day() -> None:
    b = book(
        (
            ep("2026-11-03 08:00", "2026-11-03 10:00", id=1),
            ep("2026-11-03 22:00", "2026-11-05 01:00", id=2),  # two midnights
            ep("2026-11-06 09:00", "2026-11-06 10:00", id=3, persisted=True),  # a check-in said so
        )
    )
    assert [
        (r.onsets, r.persisted, r.persisted_night)
        for _, r in b.span(d("2026-11-03"), d("2026-11-06"))
    ] == [
        (2, 1, True),
        (0, 0, True),
        (0, 0, False),
        (1, 1, True),
    ]


def test_impact_counts_on_its_own_day() -> None:
    b = book(
        (ep("2026-11-03 22:00", "2026-11-05 09:00", missed=("work",), reduced=("housework",)),),
        impacts=(
            ImpactFact(d("2026-11-04"), missed=("work", "social")),
            ImpactFact(d("2026-11-05"), reduced=("work",)),
        ),
    )
    assert [
        (set(r.missed), set(r.reduced)) for _, r in b.span(d("2026-11-03"), d("2026-11-05"))
    ] == [
        ({"work"}, {"housework"}),
        ({"work", "social"}, set()),
        (set(), {"work"}),
    ]


def test_a_day_outside_the_book_is_unknown_and_empty() -> None:
    b = book(first="2026-11-01", last="2026-11-30")
    assert not b.day(d("2026-12-01")).known
    assert b.totals(d("2026-12-01"), d("2026-12-31")).known_days == 0
