"""The frequent-use flags, each at, just below and just above its line."""

from __future__ import annotations

import itertools
import time
from datetime import date, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from journal.core.facts import EpisodeFact, Facts, IntakeFact, MarkerFact
from journal.core.flags import SEVERITIES, Flag
from journal.core.rules import evaluate_flags
from tests.builders import BERLIN, NEW_YORK, at, d, make_facts

facts = partial(make_facts, now="2026-12-15 12:00")
_ids = itertools.count(1)


# --- builders -----------------------------------------------------------------------------------


def span(first: str, last: str) -> list[date]:
    """Every date from first to last, written out for the test (no code under test)."""
    start, end = d(first), d(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def nov(*days: int) -> list[date]:
    return [date(2026, 11, n) for n in days]


def month_days(year: int, month: int, n: int) -> list[date]:
    return [date(year, month, k) for k in range(1, n + 1)]


def takes(
    klass: str,
    dates: list[date],
    *,
    per_day: int = 1,
    use: str = "acute",
    remedy: str | None = None,
    dose: float | None = None,
    unit: str | None = None,
    tz: ZoneInfo = BERLIN,
    hour: int = 8,
) -> tuple[IntakeFact, ...]:
    return tuple(
        IntakeFact(
            id=next(_ids),
            at=at(f"{day.isoformat()} {hour + k:02d}:00", tz),
            remedy=remedy or klass,
            klass=klass,
            use=use,
            dose=dose,
            unit=unit,
        )
        for day in dates
        for k in range(per_day)
    )


def kratom_at(when: str, tz: ZoneInfo = BERLIN) -> IntakeFact:
    return IntakeFact(next(_ids), at(when, tz), "kratom", "kratom", "acute")


def headaches(
    dates: list[date], start: str = "08:00", hours: float = 2, intensity: int = 5
) -> tuple[EpisodeFact, ...]:
    episodes = []
    for day in dates:
        begin = at(f"{day.isoformat()} {start}")
        episodes.append(EpisodeFact(next(_ids), begin, begin + timedelta(hours=hours), intensity))
    return tuple(episodes)


def flags_of(
    f: Facts, rule: str | None = None, as_of: str = "2026-11-30", months: int = 3
) -> list[Flag]:
    return [x for x in evaluate_flags(f, d(as_of), months) if rule is None or x.rule == rule]


# --- overuse, per class -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("klass", "n", "expected"),
    [
        ("simple", 12, []),
        ("simple", 13, [("approaching-overuse", "watch", 13, 15)]),
        ("simple", 14, [("approaching-overuse", "watch", 14, 15)]),
        ("simple", 15, [("overuse", "warning", 15, 15)]),
        ("simple", 16, [("overuse", "warning", 16, 15)]),
        *(
            (klass, n, exp)
            for klass in ("triptan", "ergot", "opioid", "combination", "kratom")
            for n, exp in [
                (7, []),
                (8, [("approaching-overuse", "watch", 8, 10)]),
                (9, [("approaching-overuse", "watch", 9, 10)]),
                (10, [("overuse", "warning", 10, 10)]),
                (11, [("overuse", "warning", 11, 10)]),
            ]
        ),
    ],
)
def test_overuse_lines(klass: str, n: int, expected: list[tuple[str, str, int, int]]) -> None:
    found = [
        (x.rule, x.severity, x.days, x.threshold)
        for x in flags_of(facts(intakes=takes(klass, month_days(2026, 11, n), per_day=2)))
        if x.period == "2026-11" and x.klass == klass
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("first", "last", "label", "length"),
    [
        ("2026-01-31", "2026-03-01", "2026-02", 28),
        ("2028-01-31", "2028-03-01", "2028-02", 29),
        ("2026-03-31", "2026-05-01", "2026-04", 30),
        ("2026-02-28", "2026-04-01", "2026-03", 31),
    ],
)
def test_month_lengths(first: str, last: str, label: str, length: int) -> None:
    year, month = (int(x) for x in label.split("-"))
    month_last = date(year, month, length)
    f = facts(
        intakes=takes("triptan", span(first, last)),
        first=f"{year - 1}-01-01",
        last=f"{year}-12-31",
        now=f"{year}-12-31 00:00",
    )
    found = [
        (x.period, x.days)
        for x in flags_of(f, "overuse", as_of=month_last.isoformat())
        if x.period == label
    ]
    assert found == [(label, length)]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-11-09", [("approaching-overuse", 9)]),
        ("2026-11-10", [("overuse", 10)]),
        ("2026-11-20", [("overuse", 20)]),
    ],
)
def test_as_of_month_counts_up_to_the_as_of_date(
    as_of: str, expected: list[tuple[str, int]]
) -> None:
    f = facts(intakes=takes("triptan", month_days(2026, 11, 20)))
    found = [(x.rule, x.days) for x in flags_of(f, as_of=as_of) if x.klass == "triptan"]
    assert found == expected


def test_window_covers_the_as_of_month_and_the_months_before() -> None:
    f = facts(
        intakes=takes(
            "opioid", month_days(2026, 8, 10) + month_days(2026, 10, 10) + month_days(2026, 11, 10)
        )
    )
    assert [x.period for x in flags_of(f, "overuse")] == ["2026-10", "2026-11"]
    assert [x.period for x in flags_of(f, "overuse", months=1)] == ["2026-11"]
    assert [x.period for x in flags_of(f, "overuse", months=4)] == ["2026-08", "2026-10", "2026-11"]


# --- sustained overuse --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("klass", "counts", "expected"),
    [
        ("triptan", {9: 10, 10: 10, 11: 10}, [("2026-11", 10)]),
        ("triptan", {9: 9, 10: 10, 11: 10}, []),
        ("triptan", {9: 10, 10: 9, 11: 10}, []),
        ("triptan", {10: 10, 11: 10}, []),
        ("triptan", {9: 10, 10: 10, 11: 11}, [("2026-11", 11)]),
        # months before the window complete a run
        ("triptan", {7: 10, 8: 10, 9: 10}, [("2026-09", 10)]),
        ("triptan", {8: 10, 9: 10, 10: 10}, [("2026-10", 10)]),
        (
            "triptan",
            {7: 10, 8: 11, 9: 12, 10: 13, 11: 14},
            [("2026-09", 12), ("2026-10", 13), ("2026-11", 14)],
        ),
        ("simple", {9: 15, 10: 15, 11: 15}, [("2026-11", 15)]),
        ("simple", {9: 15, 10: 14, 11: 15}, []),
        ("kratom", {9: 10, 10: 10, 11: 10}, [("2026-11", 10)]),
    ],
)
def test_overuse_sustained(
    klass: str, counts: dict[int, int], expected: list[tuple[str, int]]
) -> None:
    dates = [day for month, n in counts.items() for day in month_days(2026, month, n)]
    found = flags_of(facts(intakes=takes(klass, dates)), "overuse-sustained")
    assert [(x.period, x.days) for x in found] == expected
    assert all(x.severity == "alert" and x.klass == klass for x in found)


# --- several classes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        (
            {"simple": range(1, 6), "triptan": range(6, 11)},
            [("overuse-multiple-classes", "warning", 10)],
        ),
        (
            {"simple": range(1, 6), "triptan": range(6, 12)},
            [("overuse-multiple-classes", "warning", 11)],
        ),
        ({"simple": range(1, 6), "triptan": range(6, 10)}, [("approaching-overuse", "watch", 9)]),
        ({"simple": range(1, 5), "triptan": range(5, 9)}, [("approaching-overuse", "watch", 8)]),
        ({"simple": range(1, 5), "triptan": range(5, 8)}, []),
        # the same days do not add up
        ({"simple": range(1, 6), "triptan": range(1, 6)}, []),
        ({"simple": range(1, 6), "triptan": range(5, 10)}, [("approaching-overuse", "watch", 9)]),
        (
            {"kratom": range(1, 10), "simple": range(10, 11)},
            [("overuse-multiple-classes", "warning", 10)],
        ),
        # one class over its own line switches the rule off
        (
            {"triptan": range(1, 10), "simple": range(10, 14)},
            [("overuse-multiple-classes", "warning", 13)],
        ),
        ({"triptan": range(1, 11), "simple": range(11, 14)}, []),
        (
            {"simple": range(1, 15), "triptan": range(15, 16)},
            [("overuse-multiple-classes", "warning", 15)],
        ),
        ({"simple": range(1, 16), "triptan": range(16, 17)}, []),
        # one class alone never makes this rule; the Kiel practical line is a watch
        ({"simple": range(1, 10)}, []),
        ({"simple": range(1, 11)}, [("approaching-overuse", "watch", 10)]),
        ({"simple": range(1, 13)}, [("approaching-overuse", "watch", 12)]),
        ({"simple": range(1, 15)}, [("approaching-overuse", "watch", 14)]),
        ({"simple": range(1, 16)}, []),
    ],
)
def test_multiple_classes(used: dict[str, range], expected: list[tuple[str, str, int]]) -> None:
    intakes = tuple(i for klass, days in used.items() for i in takes(klass, nov(*days)))
    found = [
        (x.rule, x.severity, x.days)
        for x in flags_of(facts(intakes=intakes))
        if x.klass is None and x.period == "2026-11"
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("used", "cited"),
    [
        # 5 simple + 5 triptan days: 10 without kratom, ICHD-3 8.2.6
        ({"simple": range(1, 6), "triptan": range(6, 11)}, "ICHD-3 8.2.6"),
        # 5 + 3 + 2 kratom days: without kratom 8, below the line: kratom is needed
        (
            {"simple": range(1, 6), "triptan": range(6, 9), "kratom": range(9, 11)},
            "several classes including kratom (not an ICHD-3 class)",
        ),
        ({"kratom": range(1, 10), "simple": range(10, 11)}, "several classes including kratom"),
        # kratom on days that already count: 10 without it, so still 8.2.6
        (
            {"simple": range(1, 6), "triptan": range(6, 11), "kratom": range(1, 4)},
            "ICHD-3 8.2.6",
        ),
    ],
)
def test_a_combined_total_that_needs_kratom_is_never_cited_as_8_2_6(
    used: dict[str, range], cited: str
) -> None:
    intakes = tuple(i for klass, days in used.items() for i in takes(klass, nov(*days)))
    [flag] = flags_of(facts(intakes=intakes), "overuse-multiple-classes")
    assert cited in flag.message
    if "kratom" in cited:
        assert "8.2.6" not in flag.message + flag.advice


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        # combined line (5 simple + 5 triptan) in Sep, Oct, Nov: alert in Nov
        ({9: "combined", 10: "combined", 11: "combined"}, [("2026-11", 10)]),
        ({10: "combined", 11: "combined"}, []),
        ({9: "combined", 10: "none", 11: "combined"}, []),
        # a class over its own line counts toward the run, as a month at a line
        ({9: "triptan", 10: "combined", 11: "combined"}, [("2026-11", 10)]),
        ({9: "combined", 10: "combined", 11: "triptan"}, [("2026-11", 10)]),
        # when the class has its own 3-month run, its own alert says it
        ({9: "triptan", 10: "triptan", 11: "triptan"}, []),
        # from before the window: August to October, then November too
        (
            {8: "combined", 9: "combined", 10: "combined", 11: "combined"},
            [("2026-10", 10), ("2026-11", 10)],
        ),
    ],
)
def test_sustained_alert_for_the_combined_line(
    months: dict[int, str], expected: list[tuple[str, int]]
) -> None:
    intakes: tuple[IntakeFact, ...] = ()
    for month, kind in months.items():
        if kind == "combined":
            days = month_days(2026, month, 10)
            intakes += takes("simple", days[:5]) + takes("triptan", days[5:])
        elif kind == "triptan":
            intakes += takes("triptan", month_days(2026, month, 10))
    found = [
        x for x in flags_of(facts(intakes=intakes), "overuse-sustained") if x.klass == "multiple"
    ]
    assert [(x.period, x.days) for x in found] == expected
    assert all(x.severity == "alert" and x.threshold == 10 for x in found)
    assert all("ICHD-3 asks for more than 3 months" in x.message for x in found)


def test_sustained_combined_line_with_kratom_is_not_8_2_6() -> None:
    intakes: tuple[IntakeFact, ...] = ()
    for month in (9, 10, 11):
        days = month_days(2026, month, 10)
        intakes += takes("simple", days[:5]) + takes("kratom", days[5:])
    [flag] = [x for x in flags_of(facts(intakes=intakes), "overuse-sustained")]
    assert flag.klass == "multiple"
    assert "several classes including kratom (not an ICHD-3 class)" in flag.message
    assert "8.2.6" not in flag.message
    assert "CYP3A" in flag.advice  # the kratom cautions come with it


@pytest.mark.parametrize(
    ("used", "watch_classes"),
    [
        # triptan 8 days (2 below its line) and simple 4 more: 12 together, over the combined
        # line; the triptan notice must not say that nothing is over a line
        ({"triptan": range(1, 9), "simple": range(9, 13)}, ["triptan"]),
        # simple over its own line (16) and triptan 9: the same
        ({"simple": range(1, 17), "triptan": range(17, 26)}, ["triptan"]),
    ],
)
def test_messages_of_one_month_do_not_contradict(
    used: dict[str, range], watch_classes: list[str]
) -> None:
    intakes = tuple(i for klass, days in used.items() for i in takes(klass, nov(*days)))
    month = [x for x in flags_of(facts(intakes=intakes)) if x.period == "2026-11"]
    assert any(x.severity == "warning" for x in month)
    watches = [x for x in month if x.severity == "watch"]
    assert [x.klass for x in watches] == watch_classes
    for flag in month:
        assert "Nothing is over the line yet" not in flag.advice


def test_an_early_notice_alone_says_nothing_is_over_the_line() -> None:
    [flag] = flags_of(facts(intakes=takes("triptan", nov(*range(1, 9)))))
    assert flag.rule == "approaching-overuse"
    assert "Nothing is over the line yet" in flag.advice


@pytest.mark.parametrize("rule", ["overuse-sustained", "chronic-pattern"])
def test_three_month_alerts_say_ichd3_asks_for_more_than_three(rule: str) -> None:
    dates = month_days(2026, 9, 15) + month_days(2026, 10, 15) + nov(*range(1, 16))
    f = facts(headaches(dates), takes("triptan", dates))
    alerts = [x for x in flags_of(f, rule) if x.severity == "alert"]
    assert alerts
    assert all("ICHD-3 asks for more than 3 months" in x.message for x in alerts)
    warnings = [x for x in flags_of(f, rule) if x.severity != "alert"]
    # overuse warnings before the third month do not; the chronic pattern says it every month,
    # beside how many months in a row it has held (issue: migraine days)
    said = ["more than 3 months" in x.message for x in warnings]
    assert said == [rule == "chronic-pattern"] * len(warnings)
    assert warnings or rule == "overuse-sustained"  # which is an alert only


def test_caffeine_and_preventives_are_not_medication_days() -> None:
    intakes = (
        takes("simple", nov(*range(1, 6)))
        + takes("caffeine", nov(*range(6, 20)), dose=100, unit="mg")
        + takes("triptan", nov(*range(6, 20)), use="preventive")
        + takes("other", nov(*range(6, 20)))
    )
    found = [(x.rule, x.klass) for x in flags_of(facts(intakes=intakes)) if x.period == "2026-11"]
    assert found == []


# --- chronic pattern ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("episodes", "expected"),
    [
        (headaches(nov(*range(1, 15))), []),
        (headaches(nov(*range(1, 16))), [("2026-11", "warning", 15)]),
        (headaches(nov(*range(1, 17))), [("2026-11", "warning", 16)]),
        # an episode across midnight counts on both days: 8 nights make 16 days, 7 make 14
        (headaches(nov(*range(1, 17, 2)), start="22:00", hours=4), [("2026-11", "warning", 16)]),
        (headaches(nov(*range(1, 15, 2)), start="22:00", hours=4), []),
        (
            headaches(month_days(2026, 9, 15) + month_days(2026, 10, 15) + nov(*range(1, 16))),
            [("2026-09", "warning", 15), ("2026-10", "warning", 15), ("2026-11", "alert", 15)],
        ),
        (
            headaches(month_days(2026, 9, 14) + month_days(2026, 10, 15) + nov(*range(1, 16))),
            [("2026-10", "warning", 15), ("2026-11", "warning", 15)],
        ),
        (
            headaches(month_days(2026, 8, 20) + month_days(2026, 9, 15) + month_days(2026, 10, 16)),
            [("2026-09", "warning", 15), ("2026-10", "alert", 16)],
        ),
    ],
)
def test_chronic_pattern(
    episodes: tuple[EpisodeFact, ...], expected: list[tuple[str, str, int]]
) -> None:
    found = flags_of(facts(episodes), "chronic-pattern")
    assert [(x.period, x.severity, x.days) for x in found] == expected
    assert all(x.threshold == 15 and x.klass is None for x in found)


def migraines(dates: list[date]) -> tuple[EpisodeFact, ...]:
    """Two-hour attacks whose features fit migraine (left, pulsating, 7/10, nausea)."""
    return tuple(
        EpisodeFact(
            next(_ids),
            at(f"{day.isoformat()} 08:00"),
            at(f"{day.isoformat()} 10:00"),
            7,
            side="left",
            quality="pulsating",
            symptoms=("nausea",),
        )
        for day in dates
    )


@pytest.mark.parametrize(
    ("episodes", "intakes", "expected"),
    [
        # 15 headache days, 8 of them migraine days: the chronic migraine pattern
        (migraines(nov(*range(1, 9))) + headaches(nov(*range(9, 16))), (), [("2026-11", 8, "m")]),
        # 7 migraine days: a chronic daily headache pattern
        (migraines(nov(*range(1, 8))) + headaches(nov(*range(8, 16))), (), [("2026-11", 7, "h")]),
        # 7 by features and a triptan on an 8th day (ICHD-3 1.3: or relieved by a triptan)
        (
            migraines(nov(*range(1, 8))) + headaches(nov(*range(8, 16))),
            takes("triptan", nov(8)),
            [("2026-11", 8, "m")],
        ),
        # a triptan on a day without headache still makes a migraine day: 7 + 1 = 8
        (
            migraines(nov(*range(1, 8))) + headaches(nov(*range(8, 16))),
            takes("triptan", nov(20)),
            [("2026-11", 8, "m")],
        ),
        # 14 migraine days on 14 headache days: no chronic pattern at all
        (migraines(nov(*range(1, 15))), (), []),
        # all 15 migraine days
        (migraines(nov(*range(1, 16))), (), [("2026-11", 15, "m")]),
    ],
)
def test_chronic_migraine_or_chronic_headache_at_the_8_day_edge(
    episodes: tuple[EpisodeFact, ...],
    intakes: tuple[IntakeFact, ...],
    expected: list[tuple[str, int, str]],
) -> None:
    found = flags_of(facts(episodes, intakes), "chronic-pattern")
    pattern = {"m": "chronic-migraine", "h": "chronic-headache"}
    assert [(x.period, x.pattern) for x in found] == [(p, pattern[k]) for p, _, k in expected]
    for flag, (_, migraine_days, kind) in zip(found, expected, strict=True):
        assert flag.to_dict()["pattern"] == pattern[kind]
        assert f"{migraine_days} of them migraine days" in flag.message
        if kind == "m":
            assert "the chronic migraine pattern (ICHD-3 1.3)" in flag.message
        else:
            assert "a chronic daily headache pattern rather than the chronic migraine" in (
                flag.message
            )
        assert "first month in a row" in flag.message
        assert flag.message.endswith("ICHD-3 asks for more than 3 months.")


def test_chronic_pattern_counts_consecutive_months_of_each_pattern() -> None:
    # Sep: 15 headache days, 8 migraine; Oct: 15 headache, 0 migraine; Nov: 15 and 8 again.
    # Three months in a row at 15 (alert); the migraine pattern only in Nov, 1 month in a row.
    sep, oct_ = month_days(2026, 9, 15), month_days(2026, 10, 15)
    episodes = (
        migraines(sep[:8])
        + headaches(sep[8:])
        + headaches(oct_)
        + migraines(nov(*range(1, 9)))
        + headaches(nov(*range(9, 16)))
    )
    found = flags_of(facts(episodes), "chronic-pattern")
    assert [(x.period, x.severity, x.pattern) for x in found] == [
        ("2026-09", "warning", "chronic-migraine"),
        ("2026-10", "warning", "chronic-headache"),
        ("2026-11", "alert", "chronic-migraine"),
    ]
    assert "That is 2 consecutive months at or above 15 headache days;" in found[1].message
    assert (
        "That is 3 consecutive months at or above 15 headache days, the last 1 month with the"
        " migraine pattern; ICHD-3 asks for more than 3 months." in found[2].message
    )


def test_other_flags_carry_no_pattern_key() -> None:
    [flag] = flags_of(facts(intakes=takes("triptan", nov(*range(1, 11)))), "overuse")
    assert "pattern" not in flag.to_dict()
    assert Flag.from_dict(flag.to_dict()) == flag


def test_chronic_pattern_ignores_episodes_below_min_duration() -> None:
    episodes = headaches(nov(*range(1, 21)), hours=0.25)
    assert flags_of(facts(episodes), "chronic-pattern") != []
    assert flags_of(facts(episodes, min_duration=timedelta(minutes=30)), "chronic-pattern") == []


# --- kratom -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "use", "expected"),
    [
        (nov(*range(1, 7)), "acute", []),
        (nov(*range(1, 8)), "acute", [("2026-11-01..2026-11-07", 7)]),
        (nov(*range(1, 9)), "acute", [("2026-11-01..2026-11-08", 8)]),
        # one day without breaks the streak
        (nov(1, 2, 3, 5, 6, 7, 8, 9, 10), "acute", []),
        (
            nov(*range(1, 8), *range(9, 16)),
            "acute",
            [("2026-11-01..2026-11-07", 7), ("2026-11-09..2026-11-15", 7)],
        ),
        # across a month end (October has 31 days)
        (span("2026-10-28", "2026-11-03"), "acute", [("2026-10-28..2026-11-03", 7)]),
        # a streak over before the window is not flagged
        (span("2026-08-01", "2026-08-10"), "acute", []),
        # dependence follows how often, whatever the use was recorded as
        (nov(*range(1, 8)), "preventive", [("2026-11-01..2026-11-07", 7)]),
    ],
)
def test_kratom_daily_use(dates: list[date], use: str, expected: list[tuple[str, int]]) -> None:
    found = flags_of(facts(intakes=takes("kratom", dates, use=use)), "kratom-daily-use")
    assert [(x.period, x.days) for x in found] == expected
    assert all(x.severity == "warning" and x.threshold == 7 for x in found)


def test_kratom_streak_stops_at_the_as_of_date() -> None:
    f = facts(intakes=takes("kratom", nov(*range(1, 20))))
    assert [(x.period, x.days) for x in flags_of(f, "kratom-daily-use", as_of="2026-11-06")] == []
    found = flags_of(f, "kratom-daily-use", as_of="2026-11-07")
    assert [(x.period, x.days) for x in found] == [("2026-11-01..2026-11-07", 7)]


@pytest.mark.parametrize(
    ("times", "tz", "expected"),
    [
        (["2026-11-03 08:00", "2026-11-03 14:00"], BERLIN, []),
        (
            ["2026-11-03 08:00", "2026-11-03 14:00", "2026-11-03 20:00"],
            BERLIN,
            [("2026-11-03..2026-11-03", 3)],
        ),
        (
            ["2026-11-03 08:00", "2026-11-03 12:00", "2026-11-03 16:00", "2026-11-03 20:00"],
            BERLIN,
            [("2026-11-03..2026-11-03", 4)],
        ),
        # three doses across midnight are two days
        (["2026-11-03 20:00", "2026-11-03 23:30", "2026-11-04 00:30"], BERLIN, []),
        (
            [
                *("2026-11-03 08:00", "2026-11-03 09:00", "2026-11-03 10:00"),
                *("2026-11-05 08:00", "2026-11-05 09:00", "2026-11-05 10:00"),
            ],
            BERLIN,
            [("2026-11-03..2026-11-03", 3), ("2026-11-05..2026-11-05", 3)],
        ),
        # 20:00-22:00 in New York is the next day in UTC, one local day
        (
            ["2026-11-03 20:00", "2026-11-03 21:00", "2026-11-03 22:00"],
            NEW_YORK,
            [("2026-11-03..2026-11-03", 3)],
        ),
    ],
)
def test_kratom_repeated_dosing(
    times: list[str], tz: ZoneInfo, expected: list[tuple[str, int]]
) -> None:
    f = facts(intakes=tuple(kratom_at(t, tz) for t in times), tz=tz)
    found = flags_of(f, "kratom-repeated-dosing")
    assert [(x.period, x.days) for x in found] == expected
    assert all(x.severity == "warning" and x.klass == "kratom" for x in found)


# --- dose escalation ----------------------------------------------------------------------------

# as of 2026-11-30 the later 28 days are 11-03..11-30 and the earlier 10-06..11-02
EARLIER = [d("2026-10-06"), d("2026-10-10"), d("2026-10-20"), d("2026-11-02")]
LATER = [d("2026-11-03"), d("2026-11-10"), d("2026-11-20"), d("2026-11-30")]


def doses(
    dates: list[date], mg: float, per_day: int = 1, use: str = "acute"
) -> tuple[IntakeFact, ...]:
    return takes("simple", dates, per_day=per_day, remedy="ibuprofen", dose=mg, unit="mg", use=use)


@pytest.mark.parametrize(
    ("intakes", "expected"),
    [
        (doses(EARLIER, 400) + doses(LATER, 600), "ibuprofen: 400 mg per use day on average"),
        (doses(EARLIER, 400) + doses(LATER, 599), None),
        (
            doses(EARLIER, 400) + doses(LATER, 800),
            "then 800 mg over 2026-11-03..2026-11-30 (4 days): up 100%",
        ),
        (doses(EARLIER[1:], 400) + doses(LATER, 800), None),
        (doses(EARLIER, 400) + doses(LATER[1:], 800), None),
        # the day's doses add up: two of 300 mg make a 600 mg day
        (doses(EARLIER, 400) + doses(LATER, 300, per_day=2), "then 600 mg over"),
        # a day before the earlier window does not count (with it the mean would not rise)
        (doses(EARLIER, 400) + doses([d("2026-10-05")], 4000) + doses(LATER, 600), "up 50%"),
        (doses(EARLIER, 400, use="preventive") + doses(LATER, 800, use="preventive"), None),
    ],
)
def test_dose_escalation(intakes: tuple[IntakeFact, ...], expected: str | None) -> None:
    found = flags_of(facts(intakes=intakes), "dose-escalation")
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1
        flag = found[0]
        assert expected in flag.message
        assert (flag.severity, flag.klass, flag.period, flag.days) == (
            "warning",
            "simple",
            "2026-10-06..2026-11-30",
            4,
        )


def test_dose_escalation_per_unit_and_remedy() -> None:
    kratom = takes("kratom", EARLIER, remedy="kratom powder", dose=2, unit="g") + takes(
        "kratom", LATER, remedy="kratom powder", dose=3, unit="g"
    )
    # the same remedy in another unit is a separate series, too short to judge
    other = takes("kratom", LATER[:2], remedy="kratom powder", dose=9, unit="capsules")
    found = flags_of(facts(intakes=kratom + other), "dose-escalation")
    assert [(x.klass, x.days) for x in found] == [("kratom", 4)]
    assert "2 g" in found[0].message and "3 g" in found[0].message
    assert "CYP3A" in found[0].advice


# --- next-day headache --------------------------------------------------------------------------

# As of 2026-11-30 the window is 09-01..11-30; its evenings run to 11-29 (the next day of 11-30
# is not over): 90 evenings, all known when the diary was kept every day.
SEPT_ODD = [date(2026, 9, n) for n in range(1, 30, 2)]
# A dose at 20:00 belongs to that day's evening (18:00-05:00, daybook.evening_of).
EVENING = 20


def after(dates: list[date]) -> list[date]:
    return [x + timedelta(days=1) for x in dates]


def kept(first: str = "2026-09-01", last: str = "2026-12-15") -> tuple[MarkerFact, ...]:
    """A marker on every day: the diary was kept, so every day is known."""
    return tuple(MarkerFact(day, "kept") for day in span(first, last))


def diary(
    episodes: tuple[EpisodeFact, ...],
    intakes: tuple[IntakeFact, ...],
    first: str = "2026-09-01",
    last: str = "2026-12-15",
) -> Facts:
    return facts(episodes, intakes, markers=kept(first, last), first_entry=first)


@pytest.mark.parametrize(
    ("use", "starts", "klass", "expected"),
    [
        # 8 use evenings, 4 followed (50%); 82 other evenings, none followed.
        # One-sided Fisher: P(all 4 onsets among the 8) = C(8,4) / C(90,4) = 70 / 2,555,190
        (
            SEPT_ODD[:8],
            after(SEPT_ODD[:4]),
            "kratom",
            "after 4 of 8 evenings with kratom (50%), and after 0 of 82 evenings without (0%)",
        ),
        (SEPT_ODD[:8], after(SEPT_ODD[:4]), "triptan", "after 4 of 8 evenings with triptans (50%)"),
        # 5 use evenings is enough, 4 is not (at least 5 on each side)
        (SEPT_ODD[:5], after(SEPT_ODD[:3]), "kratom", "after 3 of 5 evenings with kratom (60%)"),
        (SEPT_ODD[:4], after(SEPT_ODD[:4]), "kratom", None),
        # 8 use evenings, 3 followed: below half
        (SEPT_ODD[:8], after(SEPT_ODD[:3]), "kratom", None),
        # all 5 use evenings followed, and K of the 85 others. P = C(5+K, 5) / C(90, 5), with
        # C(90,5) = 43,949,268: K = 45 gives C(50,5) = 2,118,760, p = 0.0482 (fires);
        # K = 46 gives C(51,5) = 2,349,060, p = 0.0535 (does not), though 100% > 54%.
        (
            SEPT_ODD[:5],
            after(SEPT_ODD[:5]) + span("2026-09-12", "2026-10-26"),
            "kratom",
            "after 5 of 5 evenings with kratom (100%), and after 45 of 85 evenings without (53%)",
        ),
        (SEPT_ODD[:5], after(SEPT_ODD[:5]) + span("2026-09-12", "2026-10-27"), "kratom", None),
        # the as-of day's evening does not count: 4 countable use evenings, so nothing
        ([*SEPT_ODD[:4], d("2026-11-30")], [*after(SEPT_ODD[:4]), d("2026-12-01")], "kratom", None),
        # every evening used: no evenings without to compare with
        (span("2026-09-01", "2026-11-30"), span("2026-09-02", "2026-11-30")[::2], "kratom", None),
    ],
)
def test_next_day_headache(
    use: list[date], starts: list[date], klass: str, expected: str | None
) -> None:
    f = diary(headaches(starts, hours=1), takes(klass, use, hour=EVENING))
    found = flags_of(f, "next-day-headache")
    if expected is None:
        assert found == []
    else:
        assert [(x.klass, x.severity, x.period) for x in found] == [
            (klass, "warning", "2026-09-01..2026-11-29")
        ]
        assert expected in found[0].message


@pytest.mark.parametrize(
    ("dose", "onset", "fires"),
    [
        # a dose at 21:00 and a headache beginning 09:00 the next morning
        ("21:00", "1 09:00", True),
        # a dose at 01:00 belongs to the evening before: the 09:00 onset is the next day's
        ("1 01:00", "1 09:00", True),
        ("1 04:59", "1 09:00", True),
        # from 05:00 to 18:00 a dose belongs to no evening (as one taken for that day's own
        # headache): neither 05:00 before a 09:00 onset nor 17:59 the day before counts
        ("1 05:00", "1 09:00", False),
        ("17:59", "1 09:00", False),
        ("18:00", "1 09:00", True),
        # a headache that began the same evening and runs on is no new headache next day
        ("20:00", "22:00", False),
    ],
)
def test_next_day_evenings_and_onsets(dose: str, onset: str, fires: bool) -> None:
    # 8 evenings (September odd days); each dose and onset relative to that evening
    def moment(evening: date, text: str) -> str:
        if " " in text:
            shift, clock = text.split()
            return f"{evening + timedelta(days=int(shift))} {clock}"
        return f"{evening} {text}"

    evenings = SEPT_ODD[:8]
    intakes = tuple(kratom_at(moment(e, dose)) for e in evenings)
    episodes = tuple(
        EpisodeFact(next(_ids), at(moment(e, onset)), at(moment(e, onset)) + timedelta(hours=14), 5)
        for e in evenings
    )
    assert bool(flags_of(diary(episodes, intakes), "next-day-headache")) is fires


def test_next_day_compares_known_days_only() -> None:
    # issue: 8 kratom evenings against "82 other days", 70 of them before the diary began.
    # The diary begins on 1 October: 60 evenings (10-01..11-29), 8 with kratom, 52 without.
    use = [date(2026, 10, n) for n in range(1, 16, 2)]
    f = diary(
        headaches(after(use[:4]), hours=1), takes("kratom", use, hour=EVENING), first="2026-10-01"
    )
    [flag] = flags_of(f, "next-day-headache")
    assert "after 4 of 8 evenings with kratom (50%), and after 0 of 52 evenings without" in (
        flag.message
    )
    # and a stretch of 14 silent days leaves the comparison: no marker from 11-01 to 11-14
    quiet = tuple(m for m in kept("2026-10-01") if not d("2026-11-01") <= m.date <= d("2026-11-14"))
    f = facts(headaches(after(use[:4]), hours=1), takes("kratom", use, hour=EVENING), markers=quiet)
    [flag] = flags_of(f, "next-day-headache")
    # evenings 10-01..10-30 (next day 10-31 known) and 11-15..11-29: 30 + 15 = 45, 8 with kratom
    assert "and after 0 of 37 evenings without" in flag.message


def test_no_next_day_flag_when_headache_is_on_nearly_every_day() -> None:
    # a headache running through the whole window, and a new one after each kratom evening:
    # with headache on every day there are no headache-free days to compare with
    running = (EpisodeFact(next(_ids), at("2026-09-01 00:00"), at("2026-12-01 00:00"), 4),)
    use = SEPT_ODD[:8]
    f = diary(running + headaches(after(use), hours=1), takes("kratom", use, hour=EVENING))
    assert flags_of(f, "next-day-headache") == []
    # without the running headache the same onsets raise the flag
    assert flags_of(
        diary(headaches(after(use), hours=1), takes("kratom", use, hour=EVENING)),
        "next-day-headache",
    )


def test_next_day_texts_state_an_association_and_no_cause() -> None:
    f = diary(headaches(after(SEPT_ODD[:4]), hours=1), takes("kratom", SEPT_ODD[:8], hour=EVENING))
    [flag] = flags_of(f, "next-day-headache")
    text = (flag.message + " " + flag.advice).lower()
    assert "association in your own records" in text
    assert "does not show what causes it" in text
    for explanation in ("withdrawal between doses", "rebound", "fits withdrawal", "often report"):
        assert explanation not in text


# --- early signals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("simple", "combination", "expected"),
    [
        (nov(9, 10), [], []),
        (nov(9, 10, 15), [], [("2026-W46", 3, "simple")]),
        (nov(9, 10, 11, 12), [], [("2026-W46", 4, "simple")]),
        # Sunday and Monday are different ISO weeks
        (nov(15, 16, 17), [], []),
        # a week across a month end (W44 runs Monday 10-26 to Sunday 11-01)
        ([d("2026-10-30"), d("2026-10-31"), d("2026-11-01")], [], [("2026-W44", 3, "simple")]),
        # a week that begins before the window still counts when it reaches into it
        ([d("2026-08-31"), d("2026-09-01"), d("2026-09-02")], [], [("2026-W36", 3, "simple")]),
        ([d("2026-08-24"), d("2026-08-25"), d("2026-08-26")], [], []),
        # combination analgesics are over-the-counter pain relievers too
        (nov(9, 10), nov(11), [("2026-W46", 3, None)]),
        ([], nov(9, 10, 11), [("2026-W46", 3, "combination")]),
        # a day with both counts once
        (nov(9, 10), nov(9, 10), []),
    ],
)
def test_otc_pain_relievers_more_than_two_days_a_week(
    simple: list[date], combination: list[date], expected: list[tuple[str, int, str | None]]
) -> None:
    f = facts(intakes=takes("simple", simple, per_day=2) + takes("combination", combination))
    found = [x for x in flags_of(f, "approaching-overuse") if "-W" in x.period]
    assert [(x.period, x.days, x.klass) for x in found] == expected
    assert all(x.severity == "watch" and x.threshold == 2 for x in found)
    assert all(
        "Over-the-counter pain relievers (simple or combination)" in x.message for x in found
    )


def caffeine(dates: list[date], mg: list[float], unit: str = "mg") -> tuple[IntakeFact, ...]:
    return tuple(i for amount in mg for i in takes("caffeine", dates, dose=amount, unit=unit))


@pytest.mark.parametrize(
    ("intakes", "expected"),
    [
        # the advice speaks of more than two weeks: 14 days are not yet enough, 15 are
        (caffeine(nov(*range(1, 15)), [250]), []),
        (caffeine(nov(*range(1, 16)), [250]), [("2026-11-01..2026-11-15", 15)]),
        (caffeine(nov(*range(1, 17)), [250]), [("2026-11-01..2026-11-16", 16)]),
        (caffeine(nov(*range(1, 16)), [200]), []),
        (caffeine(nov(*range(1, 16)), [201]), [("2026-11-01..2026-11-15", 15)]),
        (caffeine(nov(*range(1, 16)), [150, 100]), [("2026-11-01..2026-11-15", 15)]),
        # one lighter day breaks the run
        (caffeine(nov(*range(1, 7), *range(8, 17)), [250]) + caffeine(nov(7), [150]), []),
        (caffeine(nov(*range(1, 16)), [250], unit="MG"), [("2026-11-01..2026-11-15", 15)]),
        (caffeine(nov(*range(1, 16)), [250], unit="cups"), []),
    ],
)
def test_caffeine_over_200_mg_for_more_than_two_weeks(
    intakes: tuple[IntakeFact, ...], expected: list[tuple[str, int]]
) -> None:
    found = [
        x for x in flags_of(facts(intakes=intakes), "approaching-overuse") if x.klass == "caffeine"
    ]
    assert [(x.period, x.days) for x in found] == expected
    assert all(x.severity == "watch" and x.threshold == 14 for x in found)


# --- the flags as a whole -----------------------------------------------------------------------


def everything() -> Facts:
    """One record that sets off every rule."""
    intakes = (
        takes(
            "triptan",
            month_days(2026, 9, 10) + month_days(2026, 10, 10) + month_days(2026, 11, 10),
            hour=EVENING,
        )
        + takes("kratom", nov(*range(12, 21)), per_day=3, remedy="kratom", dose=2, unit="g")
        + takes("simple", nov(12, 13, 14))
        + takes("opioid", nov(25))
        + caffeine(nov(*range(1, 15)), [300])
        + doses(EARLIER, 400)
        + doses(LATER, 800)
    )
    episodes = headaches(month_days(2026, 9, 15) + month_days(2026, 10, 15) + nov(*range(2, 17)))
    return facts(episodes, intakes)


def test_every_rule_fires_and_texts_keep_their_promises() -> None:
    found = flags_of(everything())
    assert {x.rule for x in found} == {
        "overuse",
        "overuse-sustained",
        "chronic-pattern",
        "kratom-daily-use",
        "kratom-repeated-dosing",
        "dose-escalation",
        "next-day-headache",
        "approaching-overuse",
    }
    assert {x.severity for x in found} <= set(SEVERITIES)
    for flag in found:
        text = (flag.message + " " + flag.advice).lower()
        assert "clinician or pharmacist" in text
        assert "not a diagnosis" in text
        for claim in ("relieves", "relief", "helps", "treats", "works", "effective for"):
            assert claim not in text.replace("safe or effective for", "")
        if flag.klass == "kratom":
            for caution in (
                "fda",
                "dependen",
                "withdrawal",
                "cyp3a",
                "cyp2d6",
                "1.39",
                "3.9 to 62.1",
            ):
                assert caution in text, (flag.rule, caution)
        if flag.rule.startswith("overuse"):
            assert "medication-overuse headache" in text


def test_multiple_classes_fires_in_the_big_picture() -> None:
    f = facts(intakes=takes("simple", nov(1, 2, 3, 4, 5)) + takes("opioid", nov(6, 7, 8, 9, 10)))
    [flag] = flags_of(f, "overuse-multiple-classes")
    assert "2 classes" in flag.message and "10 days" in flag.message
    assert "opioid" in flag.advice.lower()


def test_flags_come_in_a_stable_order() -> None:
    first = evaluate_flags(everything(), d("2026-11-30"))
    again = evaluate_flags(everything(), d("2026-11-30"))
    assert first == again
    keys = [(x.period, x.rule, x.klass or "") for x in first]
    # by period start, then period end, then rule, then class
    assert keys[:3] == [
        ("2026-09", "chronic-pattern", ""),
        ("2026-09", "overuse", "triptan"),
        ("2026-09-01..2026-11-29", "next-day-headache", "triptan"),
    ]
    assert ("2026-W46", "approaching-overuse", "simple") in keys
    assert keys[-1] == ("2026-11-20..2026-11-20", "kratom-repeated-dosing", "kratom")


def test_flag_to_dict_uses_the_class_key() -> None:
    flag = Flag("overuse", "warning", "kratom", "2026-11", 12, 10, "seen", "why")
    assert flag.to_dict() == {
        "rule": "overuse",
        "severity": "warning",
        "class": "kratom",
        "period": "2026-11",
        "days": 12,
        "threshold": 10,
        "message": "seen",
        "advice": "why",
    }


def test_no_records_no_flags() -> None:
    assert evaluate_flags(facts(), d("2026-11-30")) == []


def test_months_must_be_positive() -> None:
    with pytest.raises(ValueError):
        evaluate_flags(facts(), d("2026-11-30"), months=0)


def test_three_months_of_daily_records_evaluate_quickly() -> None:
    dates = span("2026-09-01", "2026-11-30")
    intakes = (
        takes("kratom", dates, per_day=3, dose=2, unit="g")
        + takes("simple", dates, remedy="ibuprofen", dose=400, unit="mg")
        + takes("caffeine", dates, per_day=2, dose=120, unit="mg")
    )
    f = facts(headaches(dates) + headaches(dates, start="20:00", hours=6), intakes)
    started = time.perf_counter()
    evaluate_flags(f, d("2026-11-30"))
    # a few milliseconds in practice; the bound only catches a quadratic slip
    assert time.perf_counter() - started < 0.25
