"""The numbers behind the charts and the report, computed from facts by days.py and summary.py.

Nothing here counts a headache day or a medication day itself: the per-month figures are
`summary.summarise` results, the day sets come from days.py, MIDAS and the flags from
summary.midas and rules.evaluate_flags. What is added is only what no summary holds: weekly
intake counts, persisted nights per calendar day, and the diary rows for the report's table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

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


# --- the diary table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DiaryRow:
    """One line of the report's diary table: an episode, or a day's loose intakes and markers."""

    day: date
    sort_key: str  # local ISO time of the first item, for a stable day order
    date: str
    # Rows for a day without an episode (loose intakes, markers) leave these empty.
    start: str = ""
    end: str = ""
    duration: str = ""
    peak: str = ""
    type: str = ""
    symptoms: str = ""
    triggers: str = ""
    remedies: tuple[str, ...] = ()
    note: str = ""


DIARY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "Date"),
    ("start", "Start"),
    ("end", "End"),
    ("duration", "Duration"),
    ("peak", "Peak"),
    ("type", "Type"),
    ("symptoms", "Symptoms, location"),
    ("triggers", "Triggers"),
    ("remedies", "Remedies (dose, relief)"),
    ("note", "Note"),
)


def _local(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def day_text(day: date) -> str:
    """ "Tue 03 Nov 2026": weekday and date, locale-independent."""
    return f"{WEEKDAYS[day.weekday()]} {day.day:02d} {MONTH_NAMES[day.month - 1]} {day.year}"


def _clock(moment: datetime, day: date) -> str:
    if moment.date() == day:
        return moment.strftime("%H:%M")
    return f"{WEEKDAYS[moment.weekday()]} {moment.day:02d} {moment.strftime('%H:%M')}"


def duration_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    # No-break spaces keep a number with its unit when the report wraps the cell.
    if hours >= 48:
        return f"{hours // 24}\u00a0d {hours % 24}\u00a0h"
    if hours and minutes:
        return f"{hours}\u00a0h {minutes:02d}\u00a0min"
    return f"{hours}\u00a0h" if hours else f"{minutes}\u00a0min"


def intake_text(intake: dict[str, Any], day: date) -> str:
    """ "20:40 sumatriptan 50 mg, relief: full": what was taken, when, and whether it helped."""
    parts = [_clock(_local(intake["at"]), day), intake["remedy"]]
    if intake["dose"] is not None:
        parts.append(f"{intake['dose']:g} {intake['unit'] or ''}".rstrip())
    text = " ".join(parts)
    if intake.get("product"):
        text += f" ({intake['product']})"
    if intake["use"] == "preventive":
        text += ", preventive"
    if intake.get("relief"):
        text += f", relief: {intake['relief']}"
    return text


def _episode_row(ep: dict[str, Any], now: datetime) -> DiaryRow:
    start = _local(ep["start"])
    day = start.date()
    if ep["end"] is None:
        end_text = "ongoing"
        seconds = (now.astimezone(start.tzinfo) - start).total_seconds()
        duration = duration_text(max(seconds, 0)) + " so far"
    else:
        end = _local(ep["end"])
        end_text = _clock(end, day)
        duration = duration_text((end - start).total_seconds())
    if ep["persisted_next_day"]:
        duration += "\npersisted"
    kind = ep["type"] + (", aura" if ep["aura"] else "")
    # MIDAS impact sits with the type: it says how bad the episode was.
    if ep["missed"]:
        kind += "\nmissed: " + ", ".join(ep["missed"])
    if ep["reduced"]:
        kind += "\nreduced: " + ", ".join(ep["reduced"])
    symptoms = list(ep["symptoms"])
    if ep.get("location"):
        symptoms.append(ep["location"])
    return DiaryRow(
        day=day,
        sort_key=start.isoformat(),
        date=day_text(day),
        start=start.strftime("%H:%M"),
        end=end_text,
        duration=duration,
        peak="" if ep["intensity"] is None else str(ep["intensity"]),
        type=kind,
        symptoms=", ".join(symptoms),
        triggers=", ".join(ep["triggers"]),
        remedies=tuple(intake_text(i, day) for i in ep["intakes"]),
        note=ep["note"] or "",
    )


def diary_rows(
    episodes: Sequence[dict[str, Any]],
    intakes: Sequence[dict[str, Any]],
    markers: Sequence[tuple[date, str, str | None]],
    now: datetime,
) -> list[DiaryRow]:
    """The diary table from the --json record shapes (records.episode_dict / intake_dict).

    Each episode is a row; intakes not linked to an episode are gathered into one row per
    day; a day's markers go under the date of its first row (a row of their own if the day
    has nothing else).
    """
    day_marks: dict[date, list[str]] = defaultdict(list)
    for day, tag, text in markers:
        day_marks[day].append(f"{tag} ({text})" if text else tag)
    linked = {i["id"] for ep in episodes for i in ep["intakes"]}
    loose: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for intake in intakes:
        if intake["id"] not in linked:
            loose[_local(intake["at"]).date()].append(intake)
    rows = [_episode_row(ep, now) for ep in episodes]
    for day, items in loose.items():
        items.sort(key=lambda i: i["at"])
        rows.append(
            DiaryRow(
                day=day,
                sort_key=_local(items[0]["at"]).isoformat(),
                date=day_text(day),
                remedies=tuple(intake_text(i, day) for i in items),
            )
        )
    rows.sort(key=lambda r: (r.day, r.sort_key))
    placed: set[date] = set()
    result: list[DiaryRow] = []
    for row in rows:
        if row.day in day_marks and row.day not in placed:
            placed.add(row.day)
            row = replace(row, date="\n".join([row.date, *day_marks[row.day]]))
        result.append(row)
    for day, tags in day_marks.items():
        if day not in placed:
            result.append(DiaryRow(day=day, sort_key="", date="\n".join([day_text(day), *tags])))
    result.sort(key=lambda r: (r.day, r.sort_key))
    return result
