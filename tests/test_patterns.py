"""Personal patterns (core/personal.py) on generated diaries, with figures counted by hand.

The planted diary: 120 days from Monday 2025-01-06, in 30 blocks of 4 days. The marker
"alcohol" is on the first two days of every block, so whether a day has it says nothing about
whether the day before had it (after an alcohol day: alcohol 1 time in 2, after another day:
1 in 2). A new headache begins the day after an alcohol day in 80% of blocks (not in blocks
4, 9, 14, ...: k % 5 == 4) and the day after another day in 10% (blocks 0, 10, 20: k % 10 ==
0). "walk" is marked on every third day, independent of both. A clear check-in on every day
keeps all 120 days known.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from itertools import count

import pytest

from journal.core.daybook import build_book
from journal.core.facts import CheckinFact, EpisodeFact, IntakeFact, MarkerFact
from journal.core.personal import (
    CAVEAT,
    GATE_ONSETS,
    KINDS,
    VERDICTS,
    Patterns,
    find_patterns,
)
from journal.core.summary import summarise
from journal.views.patterns import render_patterns
from tests.builders import at, make_facts

FIRST = date(2025, 1, 6)  # a Monday
_ids = count(1)


def alcohol(i: int) -> bool:
    return i % 4 in (0, 1)


def walk(i: int) -> bool:
    return i % 3 == 0


def fires(i: int) -> bool:
    """Whether a new headache begins the day after day I."""
    k = i // 4
    return k % 5 != 4 if alcohol(i) else k % 10 == 0


def planted(days: int = 120) -> tuple[list[date], list[date], list[date]]:
    """(alcohol days, walk days, onset days) of the planted diary."""
    day = [FIRST + timedelta(days=i) for i in range(days)]
    onsets = [day[i + 1] for i in range(days - 1) if fires(i)]
    return (
        [day[i] for i in range(days) if alcohol(i)],
        [day[i] for i in range(days) if walk(i)],
        onsets,
    )


def onset_at(day: date, hour: int = 9) -> EpisodeFact:
    start = at(f"{day.isoformat()} {hour:02d}:00")
    return EpisodeFact(next(_ids), start, start + timedelta(hours=1), 5)


def diary(
    days: int = 120,
    *,
    onsets: list[date] | None = None,
    episodes: tuple[EpisodeFact, ...] = (),
    intakes: tuple[IntakeFact, ...] = (),
    now: str = "2026-06-01 12:00",
) -> Patterns:
    drink, walks, planted_onsets = planted(days)
    every = [FIRST + timedelta(days=i) for i in range(days)]
    facts = make_facts(
        episodes or tuple(onset_at(day) for day in (planted_onsets if onsets is None else onsets)),
        intakes,
        tuple(CheckinFact(day, "clear") for day in every),
        tuple(MarkerFact(day, "alcohol") for day in drink)
        + tuple(MarkerFact(day, "walk") for day in walks),
        now=now,
        first="2024-12-01",
        last="2025-06-30",
        first_entry=FIRST.isoformat(),
    )
    return find_patterns(facts, FIRST, every[-1])


def flat(result: Patterns) -> str:
    """The text as one line: wrapping may break a sentence anywhere."""
    return " ".join(render_patterns(result).split())


def row(result: Patterns, exposure: str, lag: int) -> dict[str, object]:
    [found] = [r.to_dict() for r in result.rows if r.exposure == exposure and r.lag == lag]
    return found


def by_hand(exposed: list[bool], onset: list[bool], lag: int) -> tuple[int, int, int, int]:
    """(exposed days, their onsets, other days, their onsets) over pairs (D, D + lag) inside
    the diary: its days after the last are not known."""
    n = len(exposed)
    pairs = [(exposed[i], onset[i + lag]) for i in range(n - lag)]
    with_it = [o for e, o in pairs if e]
    without = [o for e, o in pairs if not e]
    return len(with_it), sum(with_it), len(without), sum(without)


def test_a_planted_exposure_goes_with_next_day_headaches_only() -> None:
    result = diary()
    assert (result.known_days, result.onsets) == (120, 54)  # 30 blocks: 24 * 2 + 3 * 2
    assert result.enough_data and result.needed is None
    # lag 1: the 60 alcohol days (all before day 119) were followed by a new headache in 24
    # blocks of 30, twice each: 48 of 60; the other days 0..118 (day 119 has no known next
    # day): 59, followed in blocks 0, 10 and 20, twice each: 6.
    next_day = row(result, "alcohol", 1)
    assert next_day["exposed_days"] == 60 and next_day["exposed_onsets"] == 48
    assert next_day["other_days"] == 59 and next_day["other_onsets"] == 6
    assert next_day["share"] == 0.8 and next_day["other_share"] == round(6 / 59, 3)
    assert next_day["verdict"] == "more-often"
    # lag 0: on an alcohol day a headache began if the day before fired: the block's first day
    # after the previous block's last (3 of 30), its second after its first (24 of 30): 27 of
    # 60; the other days likewise 24 + 3 of 60. Identical shares: p = 1.
    same_day = row(result, "alcohol", 0)
    assert (same_day["exposed_onsets"], same_day["exposed_days"]) == (27, 60)
    assert (same_day["other_onsets"], same_day["other_days"]) == (27, 60)
    assert same_day["p"] == 1.0 and same_day["verdict"] == "no-clear-difference"


@pytest.mark.parametrize("lag", [0, 1])
def test_an_independent_exposure_shows_no_clear_difference(lag: int) -> None:
    result = diary()
    onset = [False] + [fires(i) for i in range(119)]
    expected = by_hand([walk(i) for i in range(120)], onset, lag)
    found = row(result, "walk", lag)
    got = (found["exposed_days"], found["exposed_onsets"], found["other_days"])
    assert (*got, found["other_onsets"]) == expected
    assert found["verdict"] == "no-clear-difference"


def test_wilson_intervals_and_the_correction_by_hand() -> None:
    result = diary()
    found = row(result, "alcohol", 1)
    # Wilson score interval for 48 of 60, written out here: centre and half-width
    z = 1.959963984540054
    n, p = 60, 0.8
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert found["share_ci"] == [round(centre - half, 3), round(centre + half, 3)]
    # Benjamini-Hochberg over every row shown: the smallest p of m rows gets q = p * m when
    # the next ones are far larger (here all the others are at least 0.1).
    ps = sorted(r.p for r in result.rows if r.p is not None)
    assert ps[1] > 0.1
    m = len(result.rows)
    # markers (alcohol, walk) and kratom? none: 2 markers x 2 lags + 7 weekdays at lag 0
    assert m == 2 * 2 + 7
    assert found["q"] == round(ps[0] * m, 4)


def test_sixty_days_are_too_few_and_say_how_many_more() -> None:
    result = diary(60)
    # 60 known days; onsets on days 1..59: 12 blocks of 15 fire after alcohol (not 4, 9, 14),
    # twice each, and blocks 0 and 10 after other days, twice each: 28.
    assert (result.known_days, result.onsets) == (60, 28)
    assert result.to_dict()["enough_data"] is False
    assert result.to_dict()["needed"] == {"known_days": 30, "onsets": 0}
    assert result.rows and {r.verdict for r in result.rows} == {"too-few-days"}
    assert row(result, "alcohol", 1)["p"] is not None  # the figures are shown all the same
    text = flat(result)
    assert "keep recording for 30 more known days." in text
    assert "every row says too few days" in text


def test_too_few_onsets_names_how_many_more() -> None:
    # the same 120 days with only the first 10 onsets
    result = diary(onsets=planted()[2][:10])
    assert result.to_dict()["needed"] == {"known_days": 0, "onsets": GATE_ONSETS - 10}
    assert {r.verdict for r in result.rows} == {"too-few-days"}
    assert f"{GATE_ONSETS - 10} more new headaches" in flat(result)


@pytest.mark.parametrize("kind", ["every day", "one long headache"])
def test_a_headache_on_every_known_day_allows_no_comparison(kind: str) -> None:
    if kind == "every day":
        episodes = tuple(onset_at(FIRST + timedelta(days=i)) for i in range(120))
    else:
        start = at(f"{FIRST.isoformat()} 00:00")
        episodes = (EpisodeFact(next(_ids), start, start + timedelta(days=120), 6),)
    result = diary(episodes=episodes)
    assert result.saturated and not result.enough_data
    assert {r.verdict for r in result.rows} == {"too-few-days"}
    text = flat(result)
    assert "No comparison possible: a headache was recorded on 120 of 120 known days" in text
    # every day an onset: the counts pass the gate, and more such days would not help; one
    # headache is 1 onset of the 24 the gate asks for
    needed = None if kind == "every day" else {"known_days": 0, "onsets": GATE_ONSETS - 1}
    assert result.to_dict()["needed"] == needed


def test_weekdays_are_compared_on_the_same_day_only_and_rare_exposures_are_left_out() -> None:
    # a marker on 4 days only is not shown; weekdays have one row each, at lag 0
    result = diary()
    assert {(r.exposure, r.lag) for r in result.rows if r.kind == "weekday"} == {
        (name, 0)
        for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    }
    monday = row(result, "Monday", 0)
    # 120 days from a Monday: 18 Mondays (0, 7, ..., 119), 102 other days
    assert (monday["exposed_days"], monday["other_days"]) == (18, 102)
    assert {r.kind for r in result.rows} <= set(KINDS)
    assert {r.verdict for r in result.rows} <= set(VERDICTS)


def take_kratom(day: date, hour: int, doses: int = 1) -> tuple[IntakeFact, ...]:
    return tuple(
        IntakeFact(
            next(_ids), at(f"{day.isoformat()} {hour + k:02d}:00"), "kratom", "kratom", "acute"
        )
        for k in range(doses)
    )


def test_kratom_dose_levels_are_set_against_days_without_kratom() -> None:
    # one dose at 20:00 on days 2, 9, 16, ... (i % 7 == 2): 17 days; two doses on days 5, 12,
    # ... (i % 7 == 5): 17 days; the other 86 days have none
    intakes = tuple(
        dose
        for i in range(120)
        for dose in take_kratom(FIRST + timedelta(days=i), 20, 1 if i % 7 == 2 else 2)
        if i % 7 in (2, 5)
    )
    result = diary(intakes=intakes)
    onset = [False] + [fires(i) for i in range(119)]
    none = [i % 7 not in (2, 5) for i in range(120)]
    for name, level in (("kratom 1 dose", 2), ("kratom 2+ doses", 5)):
        found = row(result, name, 1)
        # pairs (D, D + 1) among days with that level or no kratom at all
        days = [i for i in range(119) if none[i] or i % 7 == level]
        exposed = [i for i in days if i % 7 == level]
        other = [i for i in days if none[i]]
        assert found["exposed_days"] == len(exposed) == 17
        assert found["exposed_onsets"] == sum(onset[i + 1] for i in exposed)
        assert found["other_days"] == len(other) and found["other_onsets"] == sum(
            onset[i + 1] for i in other
        )
    # the evening class counts every day with an evening dose, one or two
    evening = row(result, "kratom", 1)
    assert evening["kind"] == "evening" and evening["exposed_days"] == 34


def test_kratom_timing_counts_hours_since_the_last_dose() -> None:
    # kratom at 21:00 on days 0 and 10; headaches at 09:00 on days 1 (12 h after), 3 (60 h:
    # after a day without kratom) and 11 (12 h), and at 23:00 on day 10 itself (2 h after a
    # dose, but the day before had none: "after a day without").
    days = [FIRST + timedelta(days=i) for i in (0, 10)]
    intakes = tuple(d for day in days for d in take_kratom(day, 21))
    onsets = [FIRST + timedelta(days=i) for i in (1, 3, 11)]
    late = at(f"{(FIRST + timedelta(days=10)).isoformat()} 23:00")
    episodes = (
        *(onset_at(day) for day in onsets),
        EpisodeFact(999, late, late + timedelta(hours=1), 4),
    )
    result = diary(episodes=episodes, intakes=intakes)
    timing = result.timing
    assert timing is not None
    assert timing.labels == (
        "0-6 h", "6-12 h", "12-18 h", "18-24 h", "24-36 h", "36-48 h", "over 48 h or none"
    )  # fmt: skip
    assert timing.after_kratom == (0, 0, 2, 0, 0, 0, 0)
    assert timing.after_other == (1, 0, 0, 0, 0, 0, 1)
    assert "It shows when they began, not why." in flat(result)
    # no kratom at all: no timing
    assert diary().timing is None


def test_the_next_day_table_and_the_patterns_are_one_comparison() -> None:
    # evening kratom doses on the alcohol days of March 2025: the summary's next_day row for
    # kratom and the patterns' evening row at lag 1 over the same month agree to the count
    march = [FIRST + timedelta(days=i) for i in range(120) if alcohol(i)]
    march = [day for day in march if day.month == 3]
    intakes = tuple(d for day in march for d in take_kratom(day, 22))
    drink, _, onsets = planted()
    every = [FIRST + timedelta(days=i) for i in range(120)]
    facts = make_facts(
        tuple(onset_at(day) for day in onsets),
        intakes,
        tuple(CheckinFact(day, "clear") for day in every),
        tuple(MarkerFact(day, "alcohol") for day in drink),
        now="2026-06-01 12:00",
        first="2024-12-01",
        last="2025-06-30",
        first_entry=FIRST.isoformat(),
    )
    first, last = date(2025, 3, 1), date(2025, 3, 31)
    [summary_row] = [
        r for r in summarise(facts, first, last, "2025-03")["next_day"] if r["class"] == "kratom"
    ]
    found = row(find_patterns(facts, first, last, build_book(facts)), "kratom", 1)
    assert (summary_row["use_days"], summary_row["followed"]) == (
        found["exposed_days"],
        found["exposed_onsets"],
    )
    assert (summary_row["other_days"], summary_row["other_followed"]) == (
        found["other_days"],
        found["other_onsets"],
    )
    # 1-31 March 2025 are days 54..84: alcohol on 56, 57, 60, 61, ..., 80, 81 and 84: 15
    assert found["exposed_days"] == len(march) == 15


def test_every_text_carries_the_caveat_and_names_no_cause() -> None:
    for result in (diary(), diary(60), diary(onsets=[])):
        text = render_patterns(result)
        assert CAVEAT in text
        lowered = text.lower().replace(CAVEAT.lower(), "")
        for claim in ("causes", "caused", "triggers your", "works", "effective", "helps"):
            assert claim not in lowered, claim


def test_json_has_exactly_the_issue_keys() -> None:
    found = diary().to_dict()
    assert list(found) == ["known_days", "onsets", "enough_data", "needed", "rows"]
    assert list(found["rows"][0]) == [
        "exposure", "kind", "lag", "exposed_days", "exposed_onsets", "other_days",
        "other_onsets", "share", "share_ci", "other_share", "other_share_ci", "p", "q", "verdict",
    ]  # fmt: skip


def test_a_dose_before_18_belongs_to_no_evening() -> None:
    # a dose at 17:59 belongs to no evening; 18:00 does (daybook.evening_of)
    early = tuple(d for i in range(0, 120, 4) for d in take_kratom(FIRST + timedelta(days=i), 17))
    result = diary(intakes=early)
    assert not [r for r in result.rows if r.kind == "evening"]
    assert row(result, "kratom 1 dose", 1)["exposed_days"] == 30
