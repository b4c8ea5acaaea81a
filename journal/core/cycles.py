"""Migraine days and menstruation: the cycle table ICHD-3 appendix A1.1 reads (domain.md).

Menstruation markers (`journal mark menstruation`; old `period` or `menses` tags too) on
consecutive days are one period; its first day is day 1, the day before is day -1, and there
is no day 0, so days -2..+3 are the five calendar days from two days before day 1 to two days
after it. Migraine days are the day book's (daybook.py).

- A cycle belongs to the window [first, last] when its day 1 does; it runs to the day before
  the next day 1. A period that began before the window is not one of its cycles, but its
  days -2..+3 inside the window are perimenstrual all the same.
- An attack in a cycle: a migraine day on its days -2..+3. Migraine days at other times:
  migraine days outside days -2..+3 of every period, from the window's start (but no more
  than MAX_CYCLE_DAYS before the first period's day 1: before that, nothing says the periods
  were being marked) to its end (today at the latest). Days -2 and -1 of a period starting
  up to two days after the window count as perimenstrual.
- A cycle is recorded when every one of its days -2..+3 is a known day (daybook.py), or an
  attack was recorded on one of them. Cycles are consecutive when their day 1s are at most
  MAX_CYCLE_DAYS apart: a longer gap means a period went unmarked.
- `pattern` (ICHD-3 A1.1.1/A1.1.2), judged over the recorded cycles: `not-enough-data` with
  fewer than 3 consecutive recorded cycles; else attacks in at least 2 of every 3 of them
  make `pure-menstrual` when no migraine day fell at another time, `menstrually-related`
  when some did; otherwise `not-menstrual`. A pattern in the records for a clinician to
  judge, never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TypedDict

from journal.core.daybook import DayBook
from journal.core.days import ONE_DAY, date_range
from journal.spec import MARKER_ALIASES, MENSTRUATION

BEFORE, AFTER = 2, 3  # days -2..+3
NEEDED_CYCLES = 3  # ICHD-3: at least three consecutive cycles, documented prospectively
ATTACK_SHARE = (2, 3)  # attacks in at least 2 of 3 cycles
MAX_CYCLE_DAYS = 45  # longer than any usual cycle (21-35 days) with room to spare
MENSTRUATION_TAGS = frozenset({MENSTRUATION, *MARKER_ALIASES})
PATTERNS = ("pure-menstrual", "menstrually-related", "not-menstrual", "not-enough-data")
# What each pattern means, in words a clinician and the person both read (text and report).
PATTERN_TEXT = {
    "pure-menstrual": (
        "Migraine days fell on days -2 to +3 of menstruation in at least 2 of every 3 cycles "
        "and at no other time: the pattern ICHD-3 (appendix A1.1.1) describes as pure "
        "menstrual migraine."
    ),
    "menstrually-related": (
        "Migraine days fell on days -2 to +3 of menstruation in at least 2 of every 3 cycles, "
        "and at other times too: the pattern ICHD-3 (appendix A1.1.2) describes as menstrually "
        "related migraine."
    ),
    "not-menstrual": (
        "Migraine days did not fall on days -2 to +3 of menstruation in at least 2 of every 3 "
        "cycles."
    ),
    "not-enough-data": (
        "Fewer than 3 consecutive cycles are recorded (each period marked with `journal mark "
        "menstruation`, and the diary kept around it); ICHD-3 asks for at least 3."
    ),
}
JUDGE = "This is a pattern in what was recorded, for a clinician to judge, not a diagnosis."


class Cycle(TypedDict):
    day1: str
    period_days: int  # marked days of the period
    length: int | None  # days to the next day 1; None for the last one
    recorded: bool
    attack: bool
    attack_days: list[int]  # the cycle days (-2, -1, 1, 2, 3) with a migraine day
    other_migraine_days: int  # in this cycle, outside days -2..+3 of every period


class CycleReport(TypedDict):
    start: str
    end: str
    cycles: int
    recorded_cycles: int
    consecutive_cycles: int  # the longest run of consecutive recorded cycles
    cycles_with_attack: int
    attacks_outside_window: int
    pattern: str
    per_cycle: list[Cycle]


def cycle_day(day: date, day1: date) -> int:
    """DAY's number in the cycle that starts on DAY1: 1, 2, ... on and after it, -1, -2, ...
    before it; there is no day 0."""
    offset = (day - day1).days
    return offset + 1 if offset >= 0 else offset


def perimenstrual(day1: date) -> list[date]:
    """Days -2..+3 of the period starting DAY1."""
    return list(date_range(day1 - timedelta(days=BEFORE), day1 + timedelta(days=AFTER - 1)))


def periods(book: DayBook) -> Iterator[tuple[date, int]]:
    """(day 1, marked days) of every run of consecutive menstruation days in the book."""
    start: date | None = None
    length = 0
    for day, record in book.span(book.first, book.last):
        if any(tag.casefold() in MENSTRUATION_TAGS for tag in record.markers):
            if start is None:
                start, length = day, 0
            length += 1
        elif start is not None:
            yield start, length
            start = None
    if start is not None:
        yield start, length


def analyse_cycles(book: DayBook, first: date, last: date) -> CycleReport:
    """The cycles whose day 1 falls in [first, last] (local dates), with the migraine days
    around them; the book should begin a couple of weeks before FIRST (a period that began
    before the window) and end two days after LAST."""
    end = min(last, book.today)
    found = [(day1, n) for day1, n in periods(book) if day1 <= last + timedelta(days=BEFORE)]
    around: set[date] = {d for day1, _ in found for d in perimenstrual(day1)}
    inside = [(day1, n) for day1, n in found if first <= day1 <= last]
    migraine = {d for d, record in book.span(first, end) if record.migraine}
    start = max(first, found[0][0] - timedelta(days=MAX_CYCLE_DAYS)) if found else end + ONE_DAY
    outside = sorted(d for d in migraine if d not in around and d >= start)

    cycles: list[Cycle] = []
    for i, (day1, marked) in enumerate(inside):
        following = inside[i + 1][0] if i + 1 < len(inside) else None
        window = perimenstrual(day1)
        attacks = [cycle_day(d, day1) for d in window if d in migraine]
        cycle_end = following - ONE_DAY if following else end
        cycles.append(
            {
                "day1": day1.isoformat(),
                "period_days": marked,
                "length": (following - day1).days if following else None,
                "recorded": bool(attacks) or all(book.day(d).known for d in window),
                "attack": bool(attacks),
                "attack_days": attacks,
                "other_migraine_days": sum(1 for d in outside if day1 <= d <= cycle_end),
            }
        )

    recorded = [c for c in cycles if c["recorded"]]
    with_attack = sum(c["attack"] for c in cycles)
    consecutive = _longest_run(cycles)
    if consecutive < NEEDED_CYCLES:
        pattern = "not-enough-data"
    elif sum(c["attack"] for c in recorded) * ATTACK_SHARE[1] >= len(recorded) * ATTACK_SHARE[0]:
        pattern = "menstrually-related" if outside else "pure-menstrual"
    else:
        pattern = "not-menstrual"
    return {
        "start": first.isoformat(),
        "end": last.isoformat(),
        "cycles": len(cycles),
        "recorded_cycles": len(recorded),
        "consecutive_cycles": consecutive,
        "cycles_with_attack": with_attack,
        "attacks_outside_window": len(outside),
        "pattern": pattern,
        "per_cycle": cycles,
    }


def _longest_run(cycles: list[Cycle]) -> int:
    """The most recorded cycles in a row whose day 1s lie at most MAX_CYCLE_DAYS apart."""
    best = run = 0
    previous: Cycle | None = None
    for cycle in cycles:
        if not cycle["recorded"]:
            run = 0
        elif previous is not None and previous["recorded"] and _close(previous, cycle):
            run += 1
        else:
            run = 1
        best = max(best, run)
        previous = cycle
    return best


def _close(earlier: Cycle, later: Cycle) -> bool:
    gap = date.fromisoformat(later["day1"]) - date.fromisoformat(earlier["day1"])
    return gap.days <= MAX_CYCLE_DAYS
