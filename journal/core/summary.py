"""Period summaries, MIDAS and the status screen: pure data in, JSON-ready dicts out.

Every figure is a sum over the day book (daybook.py), built once per call; a table of many
periods builds one book and evaluates the flags once for its whole window.

Choices where the issues left room:
- A period with no known day reports its counts as None (JSON null), never 0; `change`
  against (or of) such a period is None.
- A current, unfinished period (today falls inside it, before its last day) is compared
  with the same number of days at the start of the previous period, e.g. 1-15 November
  with 1-15 October; `previous` then carries a date-range label, and `counted_to` says the
  last day counted.
- Episodes, persisted episodes and the persistence share belong to the period in which the
  episode started; headache days and hours count on every day an episode touches.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TypedDict

from journal.core.daybook import DayBook, Totals, build_book
from journal.core.days import (
    ONE_DAY,
    add_months,
    episode_end,
    month_end,
    month_start,
    period_bounds,
    period_label,
    possibly_forgotten,
    previous_bounds,
    week_bounds,
    week_label,
)
from journal.core.facts import ACUTE_CLASSES, Facts
from journal.core.flags import Flag
from journal.core.patterns import compare_many, took
from journal.core.rules import flags_from_book

# MIDAS grades: the lowest score of each grade (Stewart et al.).
MIDAS_GRADES: tuple[tuple[int, str], ...] = ((21, "IV"), (11, "III"), (6, "II"), (0, "I"))
# MIDAS text says so when fewer than this share of its 90 days were known.
MIDAS_KNOWN_SHARE = 0.8
# Flags whose period reaches into this many recent days are shown on the status screen.
RECENT_DAYS = 14
# The counts a summary compares with the period before.
CHANGE_KEYS: tuple[str, ...] = (
    "headache_days",
    "migraine_days",
    "moderate_severe_days",
    "medication_days",
    "episodes",
    "persisted_episodes",
    "headache_hours",
)

# "total" (days with any of the six acute classes) and one key per class, zeros included;
# every value None when the period has no known day.
MedicationDays = dict[str, int | None]
IntakeRow = TypedDict(
    "IntakeRow",
    {
        "remedy": str,
        "class": str,
        "use": str,
        "count": int,
        "total_dose": float | None,
        "unit": str | None,
    },
)
NextDayRow = TypedDict(
    "NextDayRow",
    {
        "class": str,
        "use_days": int,
        "followed": int,
        "share": float | None,
        "other_days": int,
        "other_followed": int,
        "other_share": float | None,
        "p": float | None,
        "comparable": bool,
    },
)


class Change(TypedDict):
    headache_days: int
    migraine_days: int
    moderate_severe_days: int
    medication_days: int
    episodes: int
    persisted_episodes: int
    headache_hours: float


class PeriodRow(TypedDict):
    """A period's counts: one row of a table of weeks or months."""

    period: str
    start: str
    end: str
    counted_to: str  # the last day counted: the period's end, or today in a current period
    covered: bool
    recorded_days: int  # known days (daybook.py)
    headache_days: int | None
    migraine_days: int | None  # daybook.py: the IHS/Leiden migraine day
    moderate_severe_days: int | None
    episodes: int | None
    persisted_episodes: int | None
    mean_peak_intensity: float | None
    max_intensity: int | None
    headache_hours: float | None
    medication_days: MedicationDays
    caffeine_days: int | None
    preventive_days: int | None


class PeriodCounts(PeriodRow):
    """A period's counts with its remedy table and next-day comparison."""

    intakes: list[IntakeRow]
    next_day: list[NextDayRow]


class Summary(PeriodCounts):
    flags: list[dict[str, object]]
    previous: PeriodCounts
    change: Change | None


Midas = TypedDict(
    "Midas",
    {
        "q1": int | None,
        "q2": int | None,
        "q3": int | None,
        "q4": int | None,
        "q5": int | None,
        "a": int | None,
        "b": float | None,
        "score": int | None,
        "grade": str | None,
        "from": str,
        "to": str,
        "recorded_days": int,
    },
)


class Ongoing(TypedDict):
    id: int
    start: str
    hours: float
    possibly_forgotten: bool


class Week(TypedDict):
    period: str
    start: str
    end: str
    recorded_days: int
    headache_days: int | None
    moderate_severe_days: int | None
    medication_days: int | None
    episodes: int | None


class Status(TypedDict):
    today: str
    ongoing: Ongoing | None
    ongoing_count: int
    week: Week
    flags: list[dict[str, object]]


# --- counting -----------------------------------------------------------------------------------


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 2) if whole else None


def _intake_rows(totals: Totals) -> list[IntakeRow]:
    rows: list[IntakeRow] = []
    for (remedy, klass, use, unit), (count, total) in sorted(
        totals.remedies.items(),
        key=lambda kv: (kv[0][0].casefold(), kv[0][0], kv[0][1:3], kv[0][3] or ""),
    ):
        rows.append(
            {
                "remedy": remedy,
                "class": klass,
                "use": use,
                "count": count,
                "total_dose": None if total is None else round(total, 3),
                "unit": unit,
            }
        )
    return rows


def _next_day_rows(book: DayBook, first: date, last: date) -> list[NextDayRow]:
    """One row per class taken in the period's evenings (caffeine too), and "all" acute."""
    taken: set[str] = set()
    for day in book.between(first, last):
        taken |= day.evening
    classes = [k for k in (*ACUTE_CLASSES, "caffeine") if k in taken] + ["all"]
    compared = compare_many(book, first, last, {k: took(k) for k in classes})
    rows: list[NextDayRow] = []
    for klass in classes:
        seen = compared[klass]
        p = seen.p
        rows.append(
            {
                "class": klass,
                "use_days": seen.exposed_days,
                "followed": seen.exposed_onsets,
                "share": _share(seen.exposed_onsets, seen.exposed_days),
                "other_days": seen.other_days,
                "other_followed": seen.other_onsets,
                "other_share": _share(seen.other_onsets, seen.other_days),
                "p": None if p is None else round(p, 4),
                "comparable": seen.comparable,
            }
        )
    return rows


def _row(book: DayBook, totals: Totals, label: str) -> PeriodRow:
    first, last = totals.first, totals.last
    known = totals.known_days > 0

    def count(value: int) -> int | None:
        return value if known else None

    medication: MedicationDays = {"total": count(totals.any_medication)}
    medication.update((k, count(totals.medication[k])) for k in ACUTE_CLASSES)
    return {
        "period": label,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "counted_to": min(last, book.today).isoformat(),
        "covered": book.first <= first and book.last >= min(last, book.today),
        "recorded_days": totals.known_days,
        "headache_days": count(totals.headache_days),
        "migraine_days": count(totals.migraine_days),
        "moderate_severe_days": count(totals.moderate_severe_days),
        "episodes": count(totals.episodes),
        "persisted_episodes": count(totals.persisted_episodes),
        "mean_peak_intensity": _mean(totals.peaks) if known else None,
        "max_intensity": max(totals.peaks) if known and totals.peaks else None,
        "headache_hours": round(totals.hours, 1) if known else None,
        "medication_days": medication,
        "caffeine_days": count(totals.caffeine_days),
        "preventive_days": count(totals.preventive_days),
    }


def period_row(book: DayBook, first: date, last: date, label: str) -> PeriodRow:
    """The counts of the local days [first, last], summed from the day book."""
    return _row(book, book.totals(first, last), label)


def period_counts(book: DayBook, first: date, last: date, label: str) -> PeriodCounts:
    """period_row's counts, with the period's remedy table and next-day comparison."""
    totals = book.totals(first, last)
    known = totals.known_days > 0
    return {
        **_row(book, totals, label),
        "intakes": _intake_rows(totals) if known else [],
        "next_day": _next_day_rows(book, first, last) if known else [],
    }


def comparison_bounds(first: date, last: date, today: date) -> tuple[date, date]:
    """The days a period is compared with: the previous period, cut to as many days as have
    passed when today falls inside [first, last)."""
    prev_first, prev_last = previous_bounds(first, last)
    if first <= today < last:
        prev_last = min(prev_last, prev_first + (today - first))
    return prev_first, prev_last


def _change(now: PeriodCounts, before: PeriodCounts) -> Change | None:
    if not (now["recorded_days"] and before["recorded_days"]):
        return None

    def delta(key: str) -> int:
        value, other = now[key], before[key]  # type: ignore[literal-required]
        assert isinstance(value, int) and isinstance(other, int)
        return value - other

    total_now, total_before = now["medication_days"]["total"], before["medication_days"]["total"]
    hours_now, hours_before = now["headache_hours"], before["headache_hours"]
    assert total_now is not None and total_before is not None
    assert hours_now is not None and hours_before is not None
    return {
        "headache_days": delta("headache_days"),
        "migraine_days": delta("migraine_days"),
        "moderate_severe_days": delta("moderate_severe_days"),
        "medication_days": total_now - total_before,
        "episodes": delta("episodes"),
        "persisted_episodes": delta("persisted_episodes"),
        "headache_hours": round(hours_now - hours_before, 1),
    }


Counter = Callable[[DayBook, date, date, str], PeriodCounts]


def summary_from_book(
    book: DayBook,
    first: date,
    last: date,
    label: str,
    flags: Sequence[Flag],
    counts: Counter = period_counts,
) -> Summary:
    """One period's counts, its comparison period, the change, and FLAGS as dicts."""
    if last < first:
        raise ValueError("the period ends before it starts")
    current = counts(book, first, last, label)
    prev_first, prev_last = comparison_bounds(first, last, book.today)
    previous = counts(book, prev_first, prev_last, period_label(prev_first, prev_last))
    return {
        **current,
        "flags": [f.to_dict() for f in flags],
        "previous": previous,
        "change": _change(current, previous),
    }


def summarise(facts: Facts, first: date, last: date, label: str) -> Summary:
    """Counts for the local days [first, last], the period before, the change, and the flags
    of the three months ending at the period's end (or today).

    Facts should reach back to the previous period's start and the flag rules' look-back
    (its `covered` says whether they do).
    """
    book = build_book(facts)
    as_of = min(last, book.today)
    flags = flags_from_book(book, as_of) if as_of >= first else []
    return summary_from_book(book, first, last, label, flags)


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def summarise_periods(facts: Facts, periods: Sequence[tuple[date, date]]) -> list[Summary]:
    """One summary per period (oldest first), from one day book and one flag evaluation.

    The flags are those of the calendar months from the first period's to the last one's end
    (or today); each period carries the flags whose own period ends inside it.
    """
    if not periods:
        return []
    periods = sorted(periods)
    book = build_book(facts)
    as_of = min(periods[-1][1], book.today)
    start = periods[0][0]
    window = _months_between(start, as_of)
    found = flags_from_book(book, as_of, window) if as_of >= start else []
    # Flags by the day their period ends, so each period takes its own with two bisections.
    ends = sorted(((period_bounds(f.period)[1], i) for i, f in enumerate(found)))
    days = [end for end, _ in ends]

    def flags_in(first: date, last: date) -> list[Flag]:
        inside = ends[bisect_left(days, first) : bisect_right(days, last)]
        return [found[i] for _, i in sorted(inside, key=lambda e: e[1])]

    # Each period is also the previous one of the next: count it once.
    counted: dict[tuple[date, date, str], PeriodCounts] = {}

    def counts(book: DayBook, first: date, last: date, label: str) -> PeriodCounts:
        key = (first, last, label)
        if key not in counted:
            counted[key] = period_counts(book, first, last, label)
        return counted[key]

    return [
        summary_from_book(
            book,
            first,
            last,
            period_label(first, last),
            flags_in(first, last),
            counts,
        )
        for first, last in periods
    ]


def period_rows(facts: Facts, periods: Sequence[tuple[date, date]]) -> list[PeriodRow]:
    """One row of counts per period (oldest first), from one day book: what a table of
    weeks or months shows, without the flags, remedy tables and next-day comparisons that
    summarise_periods adds."""
    book = build_book(facts)
    return [
        period_row(book, first, last, period_label(first, last)) for first, last in sorted(periods)
    ]


# --- MIDAS --------------------------------------------------------------------------------------


def midas_window(as_of: date) -> tuple[date, date]:
    """The 3 months MIDAS asks about, ending on as_of.

    At a month end these are the three whole calendar months (2026-07-01..2026-09-30 for
    2026-09-30, and 2026-09-01..2026-11-30 for 2026-11-30); otherwise as_of minus 3 months,
    plus one day (2026-08-16..2026-11-15).
    """
    if as_of == month_end(as_of):
        return month_start(add_months(as_of, -2)), as_of
    return add_months(as_of, -3) + ONE_DAY, as_of


def midas_grade(score: int) -> str:
    return next(grade for low, grade in MIDAS_GRADES if score >= low)


def midas_from_book(book: DayBook, as_of: date) -> Midas:
    """MIDAS derived from the diary: Q1-Q5 from the impact recorded per day, A and B from the
    days, and how many of its days were known.

    Every day inside the window counts, once per question, whatever day its episode began;
    Q2/Q4 leave out days already counted in Q1/Q3. Impact is what the person recorded, so
    min_duration does not filter it. With no known day every figure is None.
    """
    first, last = midas_window(as_of)
    q = [0, 0, 0, 0, 0]
    known = headache = 0
    peaks: list[int] = []
    for day in book.between(first, last):
        known += day.known
        if day.headache:
            headache += 1
            if day.peak is not None:
                peaks.append(day.peak)
        work_missed = bool(day.missed & {"work", "school"})
        house_missed = "housework" in day.missed
        q[0] += work_missed
        q[1] += not work_missed and bool(day.reduced & {"work", "school"})
        q[2] += house_missed
        q[3] += not house_missed and "housework" in day.reduced
        q[4] += "social" in day.missed
    score = sum(q)
    recorded = known > 0
    return {
        "q1": q[0] if recorded else None,
        "q2": q[1] if recorded else None,
        "q3": q[2] if recorded else None,
        "q4": q[3] if recorded else None,
        "q5": q[4] if recorded else None,
        "a": headache if recorded else None,
        "b": _mean(peaks),
        "score": score if recorded else None,
        "grade": midas_grade(score) if recorded else None,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "recorded_days": known,
    }


def midas(facts: Facts, as_of: date) -> Midas:
    return midas_from_book(build_book(facts), as_of)


# --- status -------------------------------------------------------------------------------------


def status(facts: Facts, today: date) -> Status:
    """What the bare `journal` command shows: an ongoing episode, this week so far, live flags."""
    ongoing = sorted((e for e in facts.episodes if e.end is None), key=lambda e: (e.start, e.id))
    current: Ongoing | None = None
    if ongoing:
        latest = ongoing[-1]
        hours = (episode_end(latest, facts.now) - latest.start).total_seconds() / 3600
        current = {
            "id": latest.id,
            "start": latest.start.astimezone(facts.tz).isoformat(timespec="minutes"),
            "hours": round(hours, 1),
            "possibly_forgotten": possibly_forgotten(latest.start, None, facts.now),
        }
    book = build_book(facts)
    monday = week_bounds(today)[0]
    counts = period_counts(book, monday, today, week_label(today))
    week: Week = {
        "period": counts["period"],
        "start": counts["start"],
        "end": counts["end"],
        "recorded_days": counts["recorded_days"],
        "headache_days": counts["headache_days"],
        "moderate_severe_days": counts["moderate_severe_days"],
        "medication_days": counts["medication_days"]["total"],
        "episodes": counts["episodes"],
    }
    # "Active" on this screen: a warning or alert whose period reaches into the last
    # RECENT_DAYS; older ones stay in `journal flags` and the summaries.
    recent = today - timedelta(days=RECENT_DAYS - 1)
    flags = [
        f.to_dict()
        for f in flags_from_book(book, as_of=today)
        if f.severity in ("warning", "alert") and period_bounds(f.period)[1] >= recent
    ]
    return {
        "today": today.isoformat(),
        "ongoing": current,
        "ongoing_count": len(ongoing),
        "week": week,
        "flags": flags,
    }
