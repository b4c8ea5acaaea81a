"""The numbers behind the charts and the report, summed from one day book (core/daybook.py).

Nothing here counts a headache day or a medication day itself: month rows and the period's
total are `summary.period_counts` over the book, MIDAS and the flags come from the same book,
evaluated once. A day, week or month with no known day is "not recorded": its counts are None
(JSON null), never 0, and `recorded` holds the known days only. The report's diary rows are in
diary.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from journal.core.advice import SHARED_ADVICE, split_advice  # noqa: F401  (re-exported)
from journal.core.courses import CoursePicture
from journal.core.cycles import CycleReport, analyse_cycles
from journal.core.daybook import DayBook, build_book
from journal.core.days import (
    ONE_DAY,
    add_months,
    month_end,
    month_label,
    month_start,
    period_label,
    week_label,
)
from journal.core.facts import ACUTE_CLASSES, Facts
from journal.core.flags import THRESHOLDS, Flag
from journal.core.personal import Patterns, find_patterns
from journal.core.rules import flags_from_book
from journal.core.summary import Midas, PeriodCounts, midas_from_book, period_counts

# What the weekly remedy chart stacks: the acute classes, caffeine, other acute remedies, and
# every preventive intake in one group of its own (they are taken daily on purpose).
INTAKE_GROUPS: tuple[str, ...] = (*ACUTE_CLASSES, "caffeine", "other", "preventive")
MONTH_NAMES: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# The months before a period that the flags (3-month runs plus their 2-month look-back), the
# previous-period comparison and MIDAS's 3 months can reach.
LOOK_BACK_MONTHS = 3


def month_name(day: date) -> str:
    """ "Nov 2026", the same in every locale."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def day_text(day: date) -> str:
    """ "Tue 03 Nov 2026": weekday and date, locale-independent."""
    return f"{WEEKDAYS[day.weekday()]} {day.day:02d} {MONTH_NAMES[day.month - 1]} {day.year}"


def default_period(today: date, months: int = 3) -> tuple[date, date]:
    """MONTHS calendar months ending with today's month, which counts up to today."""
    return month_start(add_months(today, -(months - 1))), today


def load_span(first: date, last: date) -> tuple[date, date]:
    """The dates to load facts for so every figure of [first, last] sees what it needs.

    Flags and MIDAS look back up to three months; the next-day counts look one day past.
    """
    return month_start(add_months(first, -LOOK_BACK_MONTHS)), last + ONE_DAY


@dataclass(frozen=True)
class MonthRow:
    """One calendar month of the period, as `journal summary --months` counts it."""

    label: str  # "2026-11", or a date range when the period cuts the month
    first: date
    last: date
    counts: PeriodCounts  # None counts when no day of the month is known
    shown_to: date  # the last day with data: the month's, the period's or today
    partial: bool  # the period or today cuts it short

    @property
    def name(self) -> str:
        return month_name(self.first)

    @property
    def known(self) -> bool:
        """Whether any day of the month was kept: if not, draw "not recorded", not 0."""
        return self.counts["recorded_days"] > 0


@dataclass(frozen=True)
class WeekRow:
    """One ISO week: intakes per group, and kratom days and doses (None: no known day)."""

    monday: date
    label: str
    intakes: dict[str, int | None]
    kratom_days: int | None
    kratom_doses: int | None
    partial: bool  # only part of the week lies inside the period
    known_days: int = 0  # days of the week inside the period that were kept

    @property
    def known(self) -> bool:
        return self.known_days > 0


@dataclass(frozen=True)
class IntakePoint:
    at: datetime  # local wall-clock time, naive
    group: str  # one of INTAKE_GROUPS


@dataclass(frozen=True)
class ChartData:
    first: date
    last: date
    today: date
    months: tuple[MonthRow, ...]
    total: PeriodCounts  # the whole period, summed once
    peaks: dict[date, int | None]  # headache days and their peak
    recorded: frozenset[date]  # the KNOWN days (kept diary); others are "not recorded"
    medication: dict[str, set[date]]  # acute class -> days
    caffeine: frozenset[date]
    preventive: frozenset[date]
    doses: dict[date, Counter[str]]  # acute intakes per class per day
    persisted_nights: frozenset[date]  # a headache went on past the midnight after this day
    markers: dict[date, tuple[str, ...]]
    intakes: tuple[IntakePoint, ...]
    weeks: tuple[WeekRow, ...]
    midas: Midas
    flags: tuple[Flag, ...]
    tz_name: str = ""
    kratom_taken: bool = False  # any kratom intake in the period: the report shows its cautions
    migraine: frozenset[date] = frozenset()  # migraine days (core/daybook.py)
    cycles: CycleReport | None = None  # None: no period marked in the period
    # How acute doses went (core/treatments.summarise_treatments) and the preventive courses
    # going at some time in the period: read apart from the facts (api picture_data).
    treatments: dict[str, Any] | None = None
    courses: tuple[CoursePicture, ...] = ()
    patterns: Patterns | None = None  # `journal patterns` of the period, when asked for

    @property
    def last_shown(self) -> date:
        """The period's last day that can hold data (not after today)."""
        return min(self.last, self.today)

    @property
    def empty(self) -> bool:
        return not self.recorded

    def classes_used(self) -> list[str]:
        """Acute classes with at least one medication day in the period, in ICHD-3 order."""
        return [k for k in ACUTE_CLASSES if self.medication[k]]


def overuse_line(klass: str) -> int:
    """The monthly line for an acute class (ICHD-3 8.2; kratom takes the opioid line)."""
    return THRESHOLDS.overuse_days[klass]


def month_rows(book: DayBook, first: date, last: date) -> list[MonthRow]:
    """Every calendar month touching [first, last], summed from the day book.

    A month wholly inside the period is counted over its full bounds with its month label,
    exactly as `journal summary --month` does (days after today simply hold nothing); a month
    the period cuts is counted over the part inside, under a date-range label.
    """
    today = book.today
    rows: list[MonthRow] = []
    start = month_start(first)
    while start <= last:
        end = month_end(start)
        lo, hi = max(first, start), min(last, end)
        whole = lo == start and hi >= min(end, today)
        if whole:
            lo, hi = start, end
        label = month_label(start) if whole else period_label(lo, hi)
        counts = period_counts(book, lo, hi, label)
        shown_to = min(hi, today)
        rows.append(MonthRow(label, lo, hi, counts, shown_to, shown_to < end or lo > start))
        start = add_months(start, 1)
    return rows


def _group(klass: str, use: str) -> str:
    return "preventive" if use == "preventive" else klass


def _weeks(book: DayBook, first: date, last: date) -> list[WeekRow]:
    rows = []
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        sunday = monday + timedelta(days=6)
        counts: Counter[str] = Counter()
        known = kratom_days = kratom_doses = 0
        for _, day in book.span(max(monday, first), min(sunday, last)):
            known += day.known
            for use in day.remedies:
                _, klass, how, _ = use.key
                counts[_group(klass, how)] += use.taken
            # As the kratom rules do: every kratom intake counts, whatever it was taken for.
            kratom_days += day.kratom_doses > 0
            kratom_doses += day.kratom_doses
        seen = known > 0
        rows.append(
            WeekRow(
                monday=monday,
                label=week_label(monday),
                intakes={g: counts[g] if seen else None for g in INTAKE_GROUPS},
                kratom_days=kratom_days if seen else None,
                kratom_doses=kratom_doses if seen else None,
                partial=monday < first or sunday > last,
                known_days=known,
            )
        )
        monday += timedelta(days=7)
    return rows


def _months_in(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def build(facts: Facts, first: date, last: date, *, patterns: bool = False) -> ChartData:
    """Everything the charts and the report draw for the local days [first, last]; PATTERNS:
    the personal-patterns comparison too (the patterns chart and the report's page).

    FACTS should cover `load_span(first, last)`.
    """
    book = build_book(facts)
    today = book.today
    as_of = max(first, min(last, today))
    points = [
        IntakePoint(moment.replace(tzinfo=None), _group(intake.klass, intake.use))
        for intake in facts.intakes
        if first <= (moment := intake.at.astimezone(facts.tz)).date() <= last
    ]
    peaks: dict[date, int | None] = {}
    recorded: set[date] = set()
    medication: dict[str, set[date]] = {k: set() for k in ACUTE_CLASSES}
    caffeine: set[date] = set()
    preventive: set[date] = set()
    doses: dict[date, Counter[str]] = {}
    nights: set[date] = set()
    markers: dict[date, tuple[str, ...]] = {}
    migraine: set[date] = set()
    kratom = False
    for day, record in book.span(first, last):
        if record.known:
            recorded.add(day)
        if record.headache:
            peaks[day] = record.peak
        if record.migraine:
            migraine.add(day)
        for klass in record.medication:
            medication[klass].add(day)
        if record.caffeine:
            caffeine.add(day)
        if record.preventive:
            preventive.add(day)
        if record.doses:
            doses[day] = Counter(record.doses)
        if record.persisted_night:
            nights.add(day)
        if record.markers:
            markers[day] = record.markers
        kratom = kratom or record.kratom_doses > 0
    # The active flags: those of the report's last three months (fewer if the period is shorter).
    months = min(3, _months_in(first, as_of))
    cycles = analyse_cycles(book, first, last)
    return ChartData(
        first=first,
        last=last,
        today=today,
        months=tuple(month_rows(book, first, last)),
        total=period_counts(book, first, last, period_label(first, last)),
        peaks=peaks,
        recorded=frozenset(recorded),
        medication=medication,
        caffeine=frozenset(caffeine),
        preventive=frozenset(preventive),
        doses=doses,
        persisted_nights=frozenset(nights),
        markers=markers,
        intakes=tuple(sorted(points, key=lambda p: p.at)),
        weeks=tuple(_weeks(book, first, last)),
        midas=midas_from_book(book, as_of),
        flags=tuple(flags_from_book(book, as_of, months)) if today >= first else (),
        tz_name=str(facts.tz),
        kratom_taken=kratom,
        migraine=frozenset(migraine),
        cycles=cycles if cycles["cycles"] else None,
        patterns=find_patterns(facts, first, last, book) if patterns else None,
    )


def period_text(label: str) -> str:
    """A flag's period for people: "2026-11-01 to 2026-11-05", a single day once."""
    first, sep, last = label.partition("..")
    if not sep:
        return label
    return first if first == last else f"{first} to {last}"
