"""The numbers behind the charts and the report, computed from facts by days.py and summary.py.

Nothing here counts a headache day or a medication day itself: the per-month figures are
`summary.summarise` results, the day sets come from days.py, MIDAS and the flags from
summary.midas and rules.evaluate_flags. What is added is only what no summary holds: weekly
intake counts and persisted nights per calendar day. The report's diary rows are in diary.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from journal.core import advice
from journal.core.days import (
    ONE_DAY,
    add_months,
    caffeine_days,
    day_peaks,
    episode_days,
    local_date,
    medication_days,
    month_end,
    month_label,
    month_start,
    period_label,
    persisted_next_day,
    preventive_days,
    qualifies,
    recorded_days,
    week_bounds,
    week_label,
)
from journal.core.facts import ACUTE_CLASSES, Facts
from journal.core.flags import THRESHOLDS, Flag
from journal.core.rules import evaluate_flags
from journal.core.summary import Midas, PeriodCounts, midas, summarise

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
    counts: PeriodCounts
    shown_to: date  # the last day with data: the month's, the period's or today
    partial: bool  # the period or today cuts it short

    @property
    def name(self) -> str:
        return month_name(self.first)


@dataclass(frozen=True)
class WeekRow:
    """One ISO week: intakes per group, and kratom days and doses."""

    monday: date
    label: str
    intakes: dict[str, int]
    kratom_days: int
    kratom_doses: int
    partial: bool  # only part of the week lies inside the period


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
    total: PeriodCounts  # the whole period, summarised once
    peaks: dict[date, int | None]  # headache days and their peak
    recorded: frozenset[date]
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

    @property
    def last_shown(self) -> date:
        """The period's last day that can hold data (not after today)."""
        return min(self.last, self.today)

    @property
    def empty(self) -> bool:
        return not self.recorded

    def classes_used(self) -> list[str]:
        """Acute classes with at least one medication day in the period, in ICHD-3 order."""
        return [k for k in ACUTE_CLASSES if self.total["medication_days"][k]]


def overuse_line(klass: str) -> int:
    """The monthly line for an acute class (ICHD-3 8.2; kratom takes the opioid line)."""
    return THRESHOLDS.overuse_days[klass]


def month_rows(facts: Facts, first: date, last: date, today: date) -> list[MonthRow]:
    """Every calendar month touching [first, last], summarised by summary.summarise.

    A month wholly inside the period is summarised over its full bounds with its month label,
    exactly as `journal summary --month` does (days after today simply hold nothing); a month
    the period cuts is summarised over the part inside, under a date-range label.
    """
    rows: list[MonthRow] = []
    start = month_start(first)
    while start <= last:
        end = month_end(start)
        lo, hi = max(first, start), min(last, end)
        whole = lo == start and hi >= min(end, today)
        if whole:
            lo, hi = start, end
        label = month_label(start) if whole else period_label(lo, hi)
        counts = summarise(facts, lo, hi, label)
        shown_to = min(hi, today)
        rows.append(MonthRow(label, lo, hi, counts, shown_to, shown_to < end or lo > start))
        start = add_months(start, 1)
    return rows


def _persisted_nights(facts: Facts, first: date, last: date) -> set[date]:
    nights: set[date] = set()
    for episode in facts.episodes:
        if not qualifies(episode, facts):
            continue
        days = episode_days(episode, facts)
        if len(days) > 1:
            nights.update(days[:-1])
        elif persisted_next_day(episode, facts.tz, facts.now):  # a check-in said so
            nights.add(days[0])
    return {d for d in nights if first <= d <= last}


def _group(klass: str, use: str) -> str:
    return "preventive" if use == "preventive" else klass


def _weeks(facts: Facts, first: date, last: date) -> list[WeekRow]:
    per_week: dict[date, Counter[str]] = defaultdict(Counter)
    kratom: dict[date, Counter[date]] = defaultdict(Counter)
    for intake in facts.intakes:
        day = local_date(intake.at, facts.tz)
        if not first <= day <= last:
            continue
        monday = week_bounds(day)[0]
        per_week[monday][_group(intake.klass, intake.use)] += 1
        # As the kratom rules do: every kratom intake counts, whatever it was taken for.
        if intake.klass == "kratom":
            kratom[monday][day] += 1
    rows = []
    monday = week_bounds(first)[0]
    while monday <= last:
        counts = per_week.get(monday, Counter())
        doses = kratom.get(monday, Counter())
        rows.append(
            WeekRow(
                monday=monday,
                label=week_label(monday),
                intakes={g: counts[g] for g in INTAKE_GROUPS},
                kratom_days=len(doses),
                kratom_doses=sum(doses.values()),
                partial=monday < first or monday + timedelta(days=6) > last,
            )
        )
        monday += timedelta(days=7)
    return rows


def _months_in(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def build(facts: Facts, first: date, last: date) -> ChartData:
    """Everything the charts and the report draw for the local days [first, last].

    FACTS should cover `load_span(first, last)`.
    """
    today = local_date(facts.now, facts.tz)
    as_of = max(first, min(last, today))
    doses: dict[date, Counter[str]] = defaultdict(Counter)
    points = []
    for intake in facts.intakes:
        moment = intake.at.astimezone(facts.tz)
        day = moment.date()
        if not first <= day <= last:
            continue
        group = _group(intake.klass, intake.use)
        points.append(IntakePoint(moment.replace(tzinfo=None), group))
        if intake.use == "acute" and intake.klass in ACUTE_CLASSES:
            doses[day][intake.klass] += 1
    markers: dict[date, list[str]] = defaultdict(list)
    for marker in facts.markers:
        if first <= marker.date <= last:
            markers[marker.date].append(marker.tag)
    # The active flags: those of the report's last three months (fewer if the period is shorter).
    months = min(3, _months_in(first, as_of))
    return ChartData(
        first=first,
        last=last,
        today=today,
        months=tuple(month_rows(facts, first, last, today)),
        total=summarise(facts, first, last, period_label(first, last)),
        peaks=day_peaks(facts, first, last),
        recorded=frozenset(recorded_days(facts, first, last)),
        medication=medication_days(facts, first, last),
        caffeine=frozenset(caffeine_days(facts, first, last)),
        preventive=frozenset(preventive_days(facts, first, last)),
        doses=dict(doses),
        persisted_nights=frozenset(_persisted_nights(facts, first, last)),
        markers={d: tuple(tags) for d, tags in sorted(markers.items())},
        intakes=tuple(sorted(points, key=lambda p: p.at)),
        weeks=tuple(_weeks(facts, first, last)),
        midas=midas(facts, as_of),
        flags=tuple(evaluate_flags(facts, as_of=as_of, months=months)) if today >= first else (),
        tz_name=str(facts.tz),
    )


def period_text(label: str) -> str:
    """A flag's period for people: "2026-11-01 to 2026-11-05", a single day once."""
    first, sep, last = label.partition("..")
    if not sep:
        return label
    return first if first == last else f"{first} to {last}"


# Paragraphs many flags' advice repeats: the report prints them once, under the flags.
SHARED_ADVICE: tuple[str, ...] = (
    advice.MEDICATION_OVERUSE,
    advice.OPIOID_NOTE,
    advice.KRATOM_CAUTIONS,
    advice.CLINICIAN,
)


def split_advice(text: str) -> tuple[str, tuple[str, ...]]:
    """A flag's own advice, and the shared paragraphs (SHARED_ADVICE) it contained."""
    shared = tuple(p for p in SHARED_ADVICE if p in text)
    for paragraph in shared:
        text = text.replace(paragraph, "")
    return " ".join(text.split()), shared
