"""Period summaries, MIDAS and the status screen: pure data in, JSON-ready dicts and text out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypedDict

from journal.core.days import (
    MODERATE,
    ONE_DAY,
    add_months,
    any_medication_days,
    caffeine_days,
    day_peaks,
    episode_days,
    episode_end,
    headache_hours,
    local_date,
    medication_days,
    month_end,
    month_start,
    new_episode_days,
    next_day_counts,
    period_bounds,
    period_label,
    persisted_next_day,
    possibly_forgotten,
    preventive_days,
    previous_bounds,
    qualifies,
    recorded_days,
    week_bounds,
    week_label,
)
from journal.core.facts import ACUTE_CLASSES, EpisodeFact, Facts
from journal.core.rules import evaluate_flags

# MIDAS grades: the lowest score of each grade (Stewart et al.).
MIDAS_GRADES: tuple[tuple[int, str], ...] = ((21, "IV"), (11, "III"), (6, "II"), (0, "I"))
# Flags whose period reaches into this many recent days are shown on the status screen.
RECENT_DAYS = 14
# The counts a summary compares with the period before.
CHANGE_KEYS: tuple[str, ...] = (
    "headache_days",
    "moderate_severe_days",
    "medication_days",
    "episodes",
    "persisted_episodes",
    "headache_hours",
)

# "total" (days with any of the six acute classes) and one key per class, zeros included.
MedicationDays = dict[str, int]
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
    },
)


class Change(TypedDict):
    headache_days: int
    moderate_severe_days: int
    medication_days: int
    episodes: int
    persisted_episodes: int
    headache_hours: float


class PeriodCounts(TypedDict):
    period: str
    start: str
    end: str
    covered: bool
    recorded_days: int
    headache_days: int
    moderate_severe_days: int
    episodes: int
    persisted_episodes: int
    mean_peak_intensity: float | None
    max_intensity: int | None
    headache_hours: float
    medication_days: MedicationDays
    caffeine_days: int
    preventive_days: int
    intakes: list[IntakeRow]
    next_day: list[NextDayRow]


class Summary(PeriodCounts):
    flags: list[dict[str, object]]
    previous: PeriodCounts
    change: Change


Midas = TypedDict(
    "Midas",
    {
        "q1": int,
        "q2": int,
        "q3": int,
        "q4": int,
        "q5": int,
        "a": int,
        "b": float | None,
        "score": int,
        "grade": str,
        "from": str,
        "to": str,
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
    headache_days: int
    moderate_severe_days: int
    medication_days: int
    episodes: int


class Status(TypedDict):
    today: str
    ongoing: Ongoing | None
    ongoing_count: int
    week: Week
    flags: list[dict[str, object]]


# --- counting -----------------------------------------------------------------------------------


def _today(facts: Facts) -> date:
    return local_date(facts.now, facts.tz)


def _episodes_in(facts: Facts, first: date, last: date) -> list[EpisodeFact]:
    """Qualifying episodes that touch a local day of [first, last]."""
    found = []
    for episode in facts.episodes:
        if not qualifies(episode, facts):
            continue
        days = episode_days(episode, facts)
        if days[0] <= last and days[-1] >= first:
            found.append(episode)
    return found


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 2) if whole else None


def _intake_rows(facts: Facts, first: date, last: date) -> list[IntakeRow]:
    groups: dict[tuple[str, str, str, str | None], tuple[int, float | None]] = {}
    for intake in facts.intakes:
        if not first <= local_date(intake.at, facts.tz) <= last:
            continue
        key = (intake.remedy, intake.klass, intake.use, intake.unit)
        count, total = groups.get(key, (0, None))
        if intake.dose is not None:
            total = (total or 0.0) + intake.dose
        groups[key] = (count + 1, total)
    rows: list[IntakeRow] = []
    for (remedy, klass, use, unit), (count, total) in sorted(
        groups.items(), key=lambda kv: (kv[0][0].casefold(), kv[0][0], kv[0][1:3], kv[0][3] or "")
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


def _next_day_rows(facts: Facts, first: date, last: date) -> list[NextDayRow]:
    by_class = medication_days(facts, first, last)
    used: dict[str, set[date]] = {k: v for k, v in by_class.items() if v}
    caffeine = caffeine_days(facts, first, last)
    if caffeine:
        used["caffeine"] = caffeine
    used["all"] = any_medication_days(by_class)
    # A day counts only once its next day is known: not after now, not beyond the loaded facts.
    known = min(last, facts.last - ONE_DAY, _today(facts) - ONE_DAY)
    starts = new_episode_days(facts)
    rows: list[NextDayRow] = []
    for klass, days in used.items():
        seen = next_day_counts(days, starts, first, known)
        rows.append(
            {
                "class": klass,
                "use_days": seen.use_days,
                "followed": seen.followed,
                "share": _share(seen.followed, seen.use_days),
                "other_days": seen.other_days,
                "other_followed": seen.other_followed,
                "other_share": _share(seen.other_followed, seen.other_days),
            }
        )
    return rows


def _counts(facts: Facts, first: date, last: date, label: str) -> PeriodCounts:
    peaks = day_peaks(facts, first, last)
    rated = [p for p in peaks.values() if p is not None]
    episodes = _episodes_in(facts, first, last)
    by_class = medication_days(facts, first, last)
    medication: MedicationDays = {"total": len(any_medication_days(by_class))}
    medication.update((k, len(by_class[k])) for k in ACUTE_CLASSES)
    return {
        "period": label,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "covered": facts.first <= first and facts.last >= min(last, _today(facts)),
        "recorded_days": len(recorded_days(facts, first, last)),
        "headache_days": len(peaks),
        "moderate_severe_days": sum(1 for p in rated if p >= MODERATE),
        "episodes": len(episodes),
        "persisted_episodes": sum(
            1 for e in episodes if persisted_next_day(e, facts.tz, facts.now)
        ),
        "mean_peak_intensity": _mean(rated),
        "max_intensity": max(rated) if rated else None,
        "headache_hours": round(headache_hours(facts, first, last), 1),
        "medication_days": medication,
        "caffeine_days": len(caffeine_days(facts, first, last)),
        "preventive_days": len(preventive_days(facts, first, last)),
        "intakes": _intake_rows(facts, first, last),
        "next_day": _next_day_rows(facts, first, last),
    }


def summarise(facts: Facts, first: date, last: date, label: str) -> Summary:
    """Counts for the local days [first, last], the period before, the change, and the flags.

    Facts should reach back to the previous period's start (its `covered` says whether they do)
    and, for the next-day counts, one day past `last`.
    """
    if last < first:
        raise ValueError("the period ends before it starts")
    current = _counts(facts, first, last, label)
    prev_first, prev_last = previous_bounds(first, last)
    previous = _counts(facts, prev_first, prev_last, period_label(prev_first, prev_last))
    change: Change = {
        "headache_days": current["headache_days"] - previous["headache_days"],
        "moderate_severe_days": current["moderate_severe_days"] - previous["moderate_severe_days"],
        "medication_days": current["medication_days"]["total"]
        - previous["medication_days"]["total"],
        "episodes": current["episodes"] - previous["episodes"],
        "persisted_episodes": current["persisted_episodes"] - previous["persisted_episodes"],
        "headache_hours": round(current["headache_hours"] - previous["headache_hours"], 1),
    }
    as_of = min(last, _today(facts))
    flags = [f.to_dict() for f in evaluate_flags(facts, as_of=as_of)] if as_of >= first else []
    return {**current, "flags": flags, "previous": previous, "change": change}


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


def midas(facts: Facts, as_of: date) -> Midas:
    """MIDAS derived from the diary: Q1-Q5 from recorded impact, A and B from the days.

    An episode's impact counts once, on its local start day, whatever its length (the impact
    is what the person recorded, so min_duration does not filter it); a day counts once per
    question, and Q2/Q4 leave out days already counted in Q1/Q3.
    """
    first, last = midas_window(as_of)
    q1: set[date] = set()
    q2: set[date] = set()
    q3: set[date] = set()
    q4: set[date] = set()
    q5: set[date] = set()
    for episode in facts.episodes:
        day = local_date(episode.start, facts.tz)
        if not first <= day <= last:
            continue
        missed, reduced = set(episode.missed), set(episode.reduced)
        if missed & {"work", "school"}:
            q1.add(day)
        if reduced & {"work", "school"}:
            q2.add(day)
        if "housework" in missed:
            q3.add(day)
        if "housework" in reduced:
            q4.add(day)
        if "social" in missed:
            q5.add(day)
    q2 -= q1
    q4 -= q3
    peaks = day_peaks(facts, first, last)
    score = len(q1) + len(q2) + len(q3) + len(q4) + len(q5)
    return {
        "q1": len(q1),
        "q2": len(q2),
        "q3": len(q3),
        "q4": len(q4),
        "q5": len(q5),
        "a": len(peaks),
        "b": _mean([p for p in peaks.values() if p is not None]),
        "score": score,
        "grade": midas_grade(score),
        "from": first.isoformat(),
        "to": last.isoformat(),
    }


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
    monday = week_bounds(today)[0]
    peaks = day_peaks(facts, monday, today)
    week: Week = {
        "period": week_label(today),
        "start": monday.isoformat(),
        "end": today.isoformat(),
        "recorded_days": len(recorded_days(facts, monday, today)),
        "headache_days": len(peaks),
        "moderate_severe_days": sum(1 for p in peaks.values() if p is not None and p >= MODERATE),
        "medication_days": len(any_medication_days(medication_days(facts, monday, today))),
        "episodes": len(_episodes_in(facts, monday, today)),
    }
    # "Active" on this screen: a warning or alert whose period reaches into the last
    # RECENT_DAYS; older ones stay in `journal flags` and the summaries.
    recent = today - timedelta(days=RECENT_DAYS - 1)
    flags = [
        f.to_dict()
        for f in evaluate_flags(facts, as_of=today)
        if f.severity in ("warning", "alert") and period_bounds(f.period)[1] >= recent
    ]
    return {
        "today": today.isoformat(),
        "ongoing": current,
        "ongoing_count": len(ongoing),
        "week": week,
        "flags": flags,
    }
