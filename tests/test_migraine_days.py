"""Migraine days in the day book (IHS trial guidelines; van der Arend et al. 2023).

A calendar day (journal zone) with at least 30 minutes of headache classified migraine or
probable migraine, or with aura, or on which a triptan or ergot was taken as an acute medicine.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial

import pytest

from journal.core.daybook import build_book
from journal.core.facts import EpisodeFact, IntakeFact
from tests.builders import BERLIN, NEW_YORK, at, d, make_facts

facts = partial(make_facts, now="2026-12-01 12:00", first="2026-11-01", last="2026-11-30")

# What the features make of an episode (tests/test_classify.py has every branch).
MIGRAINE = {"side": "left", "quality": "pulsating", "intensity": 7, "symptoms": ("nausea",)}
PROBABLE = {"side": "left", "quality": "pulsating", "intensity": 7}
TENSION = {"side": "both", "quality": "pressing", "intensity": 3}
NOTHING: dict[str, object] = {"intensity": 6}  # unclassified
AURA: dict[str, object] = {"aura": True}


def ep(start: str, end: str, kind: dict[str, object], id: int = 1) -> EpisodeFact:
    return EpisodeFact(
        id=id,
        start=at(start, BERLIN),
        end=at(end, BERLIN),
        **{"intensity": None, **kind},  # type: ignore[arg-type]
    )


def take(when: str, klass: str, use: str = "acute", id: int = 1) -> IntakeFact:
    return IntakeFact(id=id, at=at(when, BERLIN), remedy=f"some {klass}", klass=klass, use=use)


CASES = [
    # (name, episodes, intakes, migraine days, headache days)
    (
        "30 minutes is enough",
        [ep("2026-11-02 10:00", "2026-11-02 10:30", MIGRAINE)],
        [],
        {"2026-11-02"},
        {"2026-11-02"},
    ),
    (
        "29 minutes is not",
        [ep("2026-11-02 10:00", "2026-11-02 10:29", MIGRAINE)],
        [],
        set(),
        {"2026-11-02"},
    ),
    (
        "probable counts",
        [ep("2026-11-02 10:00", "2026-11-02 12:00", PROBABLE)],
        [],
        {"2026-11-02"},
        {"2026-11-02"},
    ),
    (
        "tension does not",
        [ep("2026-11-02 10:00", "2026-11-02 18:00", TENSION)],
        [],
        set(),
        {"2026-11-02"},
    ),
    (
        "unclassified does not",
        [ep("2026-11-02 10:00", "2026-11-02 18:00", NOTHING)],
        [],
        set(),
        {"2026-11-02"},
    ),
    # 20 + 20 minutes apart: 40 minutes of migraine on the day
    (
        "two short attacks add up",
        [
            ep("2026-11-02 08:00", "2026-11-02 08:20", MIGRAINE, 1),
            ep("2026-11-02 18:00", "2026-11-02 18:20", PROBABLE, 2),
        ],
        [],
        {"2026-11-02"},
        {"2026-11-02"},
    ),
    # 10:00-10:20 and 10:10-10:29 overlap: 29 minutes counted once
    (
        "overlap counted once",
        [
            ep("2026-11-02 10:00", "2026-11-02 10:20", MIGRAINE, 1),
            ep("2026-11-02 10:10", "2026-11-02 10:29", MIGRAINE, 2),
        ],
        [],
        set(),
        {"2026-11-02"},
    ),
    # a tension headache's hours do not top up a short migraine
    (
        "tension does not top up",
        [
            ep("2026-11-02 08:00", "2026-11-02 12:00", TENSION, 1),
            ep("2026-11-02 18:00", "2026-11-02 18:20", MIGRAINE, 2),
        ],
        [],
        set(),
        {"2026-11-02"},
    ),
    # 23:45-01:00: 15 minutes on the 2nd, 60 on the 3rd
    (
        "across midnight, late start",
        [ep("2026-11-02 23:45", "2026-11-03 01:00", MIGRAINE)],
        [],
        {"2026-11-03"},
        {"2026-11-02", "2026-11-03"},
    ),
    # 23:00-00:20: 60 minutes on the 2nd, 20 on the 3rd
    (
        "across midnight, early end",
        [ep("2026-11-02 23:00", "2026-11-03 00:20", MIGRAINE)],
        [],
        {"2026-11-02"},
        {"2026-11-02", "2026-11-03"},
    ),
    # two nights and a day: every day has 30 minutes or more
    (
        "over two midnights",
        [ep("2026-11-02 20:00", "2026-11-04 02:00", MIGRAINE)],
        [],
        {"2026-11-02", "2026-11-03", "2026-11-04"},
        {"2026-11-02", "2026-11-03", "2026-11-04"},
    ),
    # aura makes a migraine day of the day it began, however short
    (
        "aura only",
        [ep("2026-11-02 10:00", "2026-11-02 10:10", AURA)],
        [],
        {"2026-11-02"},
        {"2026-11-02"},
    ),
    # 23:50-00:10: the start day by the aura; 10 minutes on the 3rd are too few
    (
        "aura across midnight",
        [ep("2026-11-02 23:50", "2026-11-03 00:10", AURA)],
        [],
        {"2026-11-02"},
        {"2026-11-02", "2026-11-03"},
    ),
    # a triptan day is a migraine day without any episode or feature
    (
        "triptan day without features",
        [],
        [take("2026-11-05 09:00", "triptan")],
        {"2026-11-05"},
        set(),
    ),
    (
        "triptan with unclassified",
        [ep("2026-11-05 08:00", "2026-11-05 12:00", NOTHING)],
        [take("2026-11-05 09:00", "triptan")],
        {"2026-11-05"},
        {"2026-11-05"},
    ),
    ("ergot day", [], [take("2026-11-05 09:00", "ergot")], {"2026-11-05"}, set()),
    # the calendar day it was taken, not the evening before (the next-day rule's idea)
    ("triptan at 02:00", [], [take("2026-11-05 02:00", "triptan")], {"2026-11-05"}, set()),
    ("simple pain reliever is not", [], [take("2026-11-05 09:00", "simple")], set(), set()),
    (
        "triptan as a preventive is not",
        [],
        [take("2026-11-05 09:00", "triptan", "preventive")],
        set(),
        set(),
    ),
]


@pytest.mark.parametrize(
    ("episodes", "intakes", "migraine", "headache"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_migraine_days(
    episodes: list[EpisodeFact], intakes: list[IntakeFact], migraine: set[str], headache: set[str]
) -> None:
    book = build_book(facts(tuple(episodes), tuple(intakes)))
    span = list(book.span(book.first, book.last))
    assert {day for day, r in span if r.migraine} == {d(t) for t in migraine}
    assert {day for day, r in span if r.headache} == {d(t) for t in headache}
    assert book.totals(book.first, book.last).migraine_days == len(migraine)


def test_migraine_day_keeps_its_own_30_minutes_whatever_min_duration_says() -> None:
    # 45 minutes of migraine with min-duration 60: no headache day, still a migraine day
    # (the migraine-day definition is a fixed standard; min-duration is the person's choice)
    episode = ep("2026-11-02 10:00", "2026-11-02 10:45", MIGRAINE)
    book = build_book(facts((episode,), min_duration=timedelta(minutes=60)))
    assert book.day(d("2026-11-02")).migraine
    assert not book.day(d("2026-11-02")).headache


def test_midnight_is_the_journal_zone_s() -> None:
    # 04:40-05:20 UTC on 3 Nov 2026 is 23:40-00:20 in New York (EST, UTC-5): 20 minutes on
    # each day, no migraine day; in Berlin (CET, UTC+1) it is 05:40-06:20 on the 3rd: one.
    episode = EpisodeFact(
        id=1,
        start=datetime(2026, 11, 3, 4, 40, tzinfo=UTC),
        end=datetime(2026, 11, 3, 5, 20, tzinfo=UTC),
        intensity=7,
        side="left",
        quality="pulsating",
        symptoms=("nausea",),
    )
    york = build_book(facts((episode,), tz=NEW_YORK))
    assert [day for day, r in york.span(york.first, york.last) if r.migraine] == []
    assert [day for day, r in york.span(york.first, york.last) if r.headache] == [
        date(2026, 11, 2),
        date(2026, 11, 3),
    ]
    berlin = build_book(facts((episode,)))
    assert [day for day, r in berlin.span(berlin.first, berlin.last) if r.migraine] == [
        date(2026, 11, 3)
    ]
