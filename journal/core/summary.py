"""Period summaries, MIDAS and the status screen: pure data in, JSON-ready dicts and text out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
# An ongoing episode older than this was probably never ended.
FORGOTTEN_HOURS: float = 72.0
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
            "possibly_forgotten": hours > FORGOTTEN_HOURS,
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


# --- rendering ----------------------------------------------------------------------------------


def fmt_value(value: object, missing: str = "-") -> str:
    """A count or mean for a table: one decimal for means, MISSING for none."""
    if value is None:
        return missing
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _arrow(delta: float) -> str:
    if delta > 0:
        return f"↑ {fmt_value(delta)}"
    if delta < 0:
        return f"↓ {fmt_value(-delta)}"
    return f"→ {fmt_value(delta)}"


def _rows(summary: Summary) -> list[tuple[str, str, str, str]]:
    """(label, this period, previous period, change) for the main table."""
    prev = summary["previous"]
    change = summary["change"]
    rows: list[tuple[str, str, str, str]] = []

    def add(label: str, now: object, before: object, delta: float | None = None) -> None:
        rows.append(
            (label, fmt_value(now), fmt_value(before), "" if delta is None else _arrow(delta))
        )

    add("Recorded days", summary["recorded_days"], prev["recorded_days"])
    add("Headache days", summary["headache_days"], prev["headache_days"], change["headache_days"])
    add(
        "Moderate/severe days (peak >= 4)",
        summary["moderate_severe_days"],
        prev["moderate_severe_days"],
        change["moderate_severe_days"],
    )
    add("Episodes", summary["episodes"], prev["episodes"], change["episodes"])
    add(
        "Persisted into next day",
        summary["persisted_episodes"],
        prev["persisted_episodes"],
        change["persisted_episodes"],
    )
    add(
        "Headache hours",
        summary["headache_hours"],
        prev["headache_hours"],
        change["headache_hours"],
    )
    add("Mean day peak (0-10)", summary["mean_peak_intensity"], prev["mean_peak_intensity"])
    add("Highest intensity", summary["max_intensity"], prev["max_intensity"])
    add(
        "Acute medication days",
        summary["medication_days"]["total"],
        prev["medication_days"]["total"],
        change["medication_days"],
    )
    for klass in ACUTE_CLASSES:
        now = summary["medication_days"][klass]
        before = prev["medication_days"][klass]
        if now or before:
            add(f"  {klass}", now, before)
    add("Caffeine days", summary["caffeine_days"], prev["caffeine_days"])
    add("Preventive days", summary["preventive_days"], prev["preventive_days"])
    return rows


def _dose(row: IntakeRow) -> str:
    if row["total_dose"] is None:
        return ""
    return f"{row['total_dose']:g} {row['unit'] or ''}".rstrip()


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{round(share * 100)}%"


def _next_day_text(row: NextDayRow) -> str:
    return (
        f"{row['followed']}/{row['use_days']} ({_percent(row['share'])}) after use, "
        f"{row['other_followed']}/{row['other_days']} ({_percent(row['other_share'])}) otherwise"
    )


def _title(summary: PeriodCounts) -> str:
    return f"{summary['period']} ({summary['start']} to {summary['end']})"


def render_text(summary: Summary) -> str:
    """A compact plain-text table: this period, the one before, and the change (↑ ↓ →)."""
    prev = summary["previous"]
    rows = [("", "this", prev["period"], "change"), *_rows(summary)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [_title(summary), ""]
    for label, now, before, delta in rows:
        lines.append(
            f"{label:<{widths[0]}}  {now:>{widths[1]}}  {before:>{widths[2]}}  {delta}".rstrip()
        )
    if not prev["covered"]:
        lines.append(f"(the journal holds only part of {prev['period']})")
    if summary["intakes"]:
        lines += ["", "Remedies"]
        for row in summary["intakes"]:
            what = f"{row['remedy']} ({row['class']}, {row['use']})"
            lines.append(f"  {what:<36} {row['count']:>3}x  {_dose(row)}".rstrip())
    if summary["next_day"]:
        lines += ["", "New headache the next day"]
        for nd in summary["next_day"]:
            lines.append(f"  {nd['class']:<12} {_next_day_text(nd)}")
    if summary["flags"]:
        lines += ["", "Flags at the period's end (`journal flags` explains each)"]
        lines += flag_lines(summary["flags"])
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(summary: Summary) -> str:
    """The same summary as a Markdown document with tables."""
    prev = summary["previous"]
    lines = [
        f"## {_title(summary)}",
        "",
        f"| | this | {prev['period']} | change |",
        "|---|---:|---:|---|",
    ]
    for label, now, before, delta in _rows(summary):
        lines.append(f"| {label.strip()} | {now} | {before} | {delta} |")
    if not prev["covered"]:
        lines += ["", f"_The journal holds only part of {prev['period']}._"]
    if summary["intakes"]:
        lines += ["", "### Remedies", "", "| remedy | class | use | count | total |"]
        lines.append("|---|---|---|---:|---:|")
        for row in summary["intakes"]:
            lines.append(
                f"| {_md_escape(row['remedy'])} | {row['class']} | {row['use']} "
                f"| {row['count']} | {_dose(row)} |"
            )
    if summary["next_day"]:
        lines += ["", "### New headache the next day", ""]
        lines += ["| class | after use | share | other days | share |", "|---|---:|---:|---:|---:|"]
        for nd in summary["next_day"]:
            lines.append(
                f"| {nd['class']} | {nd['followed']}/{nd['use_days']} | {_percent(nd['share'])} "
                f"| {nd['other_followed']}/{nd['other_days']} | {_percent(nd['other_share'])} |"
            )
    if summary["flags"]:
        lines += ["", "### Flags", ""]
        lines += [f"- {_md_escape(line.strip())}" for line in flag_lines(summary["flags"])]
    return "\n".join(lines) + "\n"


PERIOD_COLUMNS: tuple[tuple[str, Callable[[PeriodCounts], object]], ...] = (
    ("period", lambda s: s["period"]),
    ("headache days", lambda s: s["headache_days"]),
    ("mod/severe", lambda s: s["moderate_severe_days"]),
    ("med days", lambda s: s["medication_days"]["total"]),
    ("episodes", lambda s: s["episodes"]),
    ("persisted", lambda s: s["persisted_episodes"]),
    ("hours", lambda s: s["headache_hours"]),
    ("mean peak", lambda s: s["mean_peak_intensity"]),
    ("max", lambda s: s["max_intensity"]),
)


def _period_cells(summary: PeriodCounts) -> list[str]:
    return [fmt_value(get(summary)) for _, get in PERIOD_COLUMNS]


def _oldest_first(summaries: Sequence[PeriodCounts]) -> list[PeriodCounts]:
    return sorted(summaries, key=lambda s: (s["start"], s["end"]))


def render_periods_text(summaries: Sequence[PeriodCounts]) -> str:
    """One line per period, oldest first."""
    header = [title for title, _ in PERIOD_COLUMNS]
    rows = [header, *(_period_cells(s) for s in _oldest_first(summaries))]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        first = f"{row[0]:<{widths[0]}}"
        rest = [f"{cell:>{widths[i + 1]}}" for i, cell in enumerate(row[1:])]
        lines.append("  ".join([first, *rest]))
    return "\n".join(lines) + "\n"


def render_periods_markdown(summaries: Sequence[PeriodCounts]) -> str:
    """One Markdown table row per period, oldest first."""
    header = [title for title, _ in PERIOD_COLUMNS]
    lines = [
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * (len(header) - 1),
    ]
    for summary in _oldest_first(summaries):
        lines.append("| " + " | ".join(_period_cells(summary)) + " |")
    return "\n".join(lines) + "\n"


def render_status(data: Status) -> str:
    """The bare `journal` screen."""
    lines = []
    ongoing = data["ongoing"]
    if ongoing is None:
        lines.append("No headache is ongoing.")
    else:
        lines.append(
            f"Headache #{ongoing['id']} ongoing since {ongoing['start']} "
            f"({ongoing['hours']:.1f} h)."
        )
        if ongoing["possibly_forgotten"]:
            lines.append(
                f"  It has been open more than {FORGOTTEN_HOURS:g} hours: if it has ended, "
                "record when."
            )
        if data["ongoing_count"] > 1:
            lines.append(f"  {data['ongoing_count'] - 1} more episode(s) are also open.")
    week = data["week"]
    lines.append(
        f"This week ({week['period']}, {week['start']} to {week['end']}): "
        f"{week['headache_days']} headache day(s), {week['moderate_severe_days']} "
        f"moderate/severe, {week['medication_days']} acute medication day(s), "
        f"{week['episodes']} episode(s)."
    )
    if data["flags"]:
        lines.append(f"Active flags (last {RECENT_DAYS} days; `journal flags` explains each):")
        lines += flag_lines(data["flags"])
    return "\n".join(lines) + "\n"


SEVERITY_ORDER = {"alert": 0, "warning": 1, "watch": 2}


def flag_lines(flags: Sequence[dict[str, object]]) -> list[str]:
    """One line per rule and class, most serious first: the latest message, and how many
    more of the same kind there are (one a day adds up fast for repeated dosing)."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for flag in sorted(flags, key=lambda f: SEVERITY_ORDER.get(str(f["severity"]), 3)):
        key = (str(flag["severity"]), str(flag["rule"]), str(flag["class"] or ""))
        groups.setdefault(key, []).append(str(flag["message"]))
    lines = []
    for (severity, rule, _), messages in groups.items():
        more = f" (and {len(messages) - 1} more like it)" if len(messages) > 1 else ""
        lines.append(f"  {severity.upper():<8}{rule}: {messages[-1]}{more}")
    return lines
