"""The frequent-use flags: one small pure function per rule over a window of calendar months.

Every flag carries `days` (the count the rule measured) and `threshold` (the line that count
was compared with). Per rule:

| rule                     | severity       | class  | period      | days            | threshold  |
|--------------------------|----------------|--------|-------------|-----------------|------------|
| overuse                  | warning        | yes    | month       | medication days | class line |
| overuse-sustained        | alert          | yes    | month       | that month's    | class line |
| overuse-multiple-classes | warning        | None   | month       | days, any class | 10         |
| chronic-pattern          | warning, alert | None   | month       | headache days   | 15         |
| kratom-daily-use         | warning        | kratom | streak      | streak length   | 7          |
| kratom-repeated-dosing   | warning        | kratom | one day     | doses that day  | 3          |
| dose-escalation          | warning        | yes    | 2 x 28 days | later use days  | 1.5 ratio  |
| next-day-headache        | warning        | yes    | window      | use days        | 0.5 share  |
| approaching-overuse      | watch          | varies | see below   | days            | see below  |

Choices where the issue left room:
- Consecutive months (overuse-sustained, chronic-pattern alert) may start before the window:
  the two months before it are counted from whatever the facts hold. Missing data can only
  lower a count, so this never invents a run; it lets the window's first month complete one.
- overuse-sustained and the chronic-pattern alert are given for every window month that ends
  a run of 3 or more, so each month shows its own state; the alert replaces the
  chronic-pattern warning for that month, while overuse and overuse-sustained both appear.
- The kratom rules count every kratom intake whatever its `use`, because dependence follows
  how often it is taken, not what for; the overuse counts take acute intakes only.
- dose-escalation compares acute intakes with a dose and a unit, per (remedy, unit); a use day
  is a day with such an intake and its dose is that day's total. Preventives are left out
  (their doses are usually raised on purpose).
- next-day-headache looks at days from the window's start to the day before
  min(as_of, facts.last, today): later next days are not known. The 8 use days are counted
  among those days. When every day had the class there is nothing to compare with, and the
  0.5 share alone decides.
- approaching-overuse (watch) covers these early signals:
  1. a class on its line minus 2 or minus 1 days in a month (class, month, class line);
  2. simple pain relievers on more than 2 days of an ISO week, the American Headache
     Society's Choosing Wisely advice (simple, "YYYY-Www", threshold 2);
  3. caffeine over 200 mg a day ("mg" doses summed per day) on 14 or more consecutive days,
     the ICHD-3 8.3.1 withdrawal-headache risk (caffeine, streak, threshold 14);
  4. several classes adding up to 8 or 9 days, just below the 8.2.6 line of 10 (None, month);
  5. acute medicines on 10 or more days in a month while no overuse flag applies, the Kiel
     clinic's stricter "10-20 rule" (None, month, threshold 10). In practice this is simple
     pain relievers alone on 10-14 days, which ICHD-3 still allows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from journal.core import advice
from journal.core.days import (
    ONE_DAY,
    add_months,
    any_medication_days,
    headache_days,
    local_date,
    medication_days,
    month_end,
    month_label,
    month_start,
    new_episode_days,
    next_day_counts,
    period_bounds,
    range_label,
    streaks,
    week_bounds,
    week_label,
)
from journal.core.facts import ACUTE_CLASSES, Facts
from journal.core.flags import THRESHOLDS, Flag


@dataclass(frozen=True)
class _Month:
    first: date
    last: date  # the as-of date for the as-of month
    in_window: bool

    @property
    def label(self) -> str:
        return month_label(self.first)


@dataclass(frozen=True)
class _Context:
    """What every rule needs, computed once per evaluation (all of it up to as_of)."""

    facts: Facts
    as_of: date
    first: date  # the window's first day
    months: tuple[_Month, ...]  # look-back months, then the window's, oldest first
    medication: dict[str, set[date]]
    any_medication: set[date]
    headache: set[date]
    starts: set[date]
    kratom_doses: Counter[date]

    def window_months(self) -> list[tuple[int, _Month]]:
        return [(i, m) for i, m in enumerate(self.months) if m.in_window]

    def monthly(self, days: set[date]) -> list[int]:
        # One pass over the days rather than one per month: linear in the facts.
        by_month = Counter((d.year, d.month) for d in days if d <= self.as_of)
        return [by_month[(m.first.year, m.first.month)] for m in self.months]


def _runs(met: list[bool]) -> list[int]:
    """For each position, how many consecutive True values end there."""
    runs: list[int] = []
    for ok in met:
        runs.append(runs[-1] + 1 if ok and runs else int(ok))
    return runs


# Months before the window the rules look at, so its first month can end a 3-month run.
LOOKBACK_MONTHS = max(THRESHOLDS.sustained_months, THRESHOLDS.chronic_months) - 1


def facts_span(as_of: date, months: int) -> date:
    """The first day evaluate_flags needs facts from, for a window of MONTHS ending at AS_OF."""
    return month_start(add_months(as_of, -(months - 1) - LOOKBACK_MONTHS))


def _build(facts: Facts, as_of: date, months: int) -> _Context:
    first = month_start(add_months(as_of, -(months - 1)))
    lookback = LOOKBACK_MONTHS
    span: list[_Month] = []
    for offset in range(-(months - 1) - lookback, 1):
        start = month_start(add_months(as_of, offset))
        span.append(_Month(start, min(month_end(start), as_of), start >= first))
    kratom = Counter(
        day
        for i in facts.intakes
        if i.klass == "kratom" and (day := local_date(i.at, facts.tz)) <= as_of
    )
    medication = medication_days(facts, last=as_of)
    return _Context(
        facts=facts,
        as_of=as_of,
        first=first,
        months=tuple(span),
        medication=medication,
        any_medication=any_medication_days(medication),
        headache=headache_days(facts, last=as_of),
        starts=new_episode_days(facts),
        kratom_doses=kratom,
    )


# --- monthly medication rules -------------------------------------------------------------------


def _class_months(
    ctx: _Context,
    rule: str,
    severity: str,
    hit: Callable[[int, int], bool],
    message: Callable[[str, int, int, str], str],
    advice_for: Callable[[str], str],
) -> list[Flag]:
    """One flag per class and window month whose medication days HIT(days, line)."""
    flags = []
    for klass, line in THRESHOLDS.overuse_days.items():
        counts = ctx.monthly(ctx.medication[klass])
        for i, month in ctx.window_months():
            if hit(counts[i], line):
                text = message(klass, counts[i], line, month.label)
                flags.append(
                    Flag(
                        rule, severity, klass, month.label, counts[i], line, text, advice_for(klass)
                    )
                )
    return flags


def _overuse(ctx: _Context) -> list[Flag]:
    return _class_months(
        ctx,
        "overuse",
        "warning",
        lambda days, line: days >= line,
        advice.overuse_message,
        advice.overuse_advice,
    )


def _overuse_sustained(ctx: _Context) -> list[Flag]:
    flags = []
    for klass, line in THRESHOLDS.overuse_days.items():
        counts = ctx.monthly(ctx.medication[klass])
        runs = _runs([c >= line for c in counts])
        for i, month in ctx.window_months():
            if runs[i] >= THRESHOLDS.sustained_months:
                opened = ctx.months[i - runs[i] + 1].label
                flags.append(
                    Flag(
                        "overuse-sustained",
                        "alert",
                        klass,
                        month.label,
                        counts[i],
                        line,
                        advice.sustained_message(
                            klass, runs[i], opened, month.label, counts[i], line
                        ),
                        advice.sustained_advice(klass),
                    )
                )
    return flags


def _month_classes(ctx: _Context) -> list[tuple[_Month, list[str], int, bool]]:
    """Per window month: classes used, days with any of them, whether a class met its line."""
    rows = []
    counts = {k: ctx.monthly(ctx.medication[k]) for k in ACUTE_CLASSES}
    totals = ctx.monthly(ctx.any_medication)
    for i, month in ctx.window_months():
        used = [k for k in ACUTE_CLASSES if counts[k][i] > 0]
        over = any(counts[k][i] >= THRESHOLDS.overuse_days[k] for k in used)
        rows.append((month, used, totals[i], over))
    return rows


def _multiple_classes(ctx: _Context) -> list[Flag]:
    line = THRESHOLDS.multiple_classes_days
    return [
        Flag(
            "overuse-multiple-classes",
            "warning",
            None,
            month.label,
            total,
            line,
            advice.multiple_message(total, line, month.label, used),
            advice.multiple_advice(used),
        )
        for month, used, total, over in _month_classes(ctx)
        if len(used) >= 2 and total >= line and not over
    ]


# --- headache pattern ---------------------------------------------------------------------------


def _chronic_pattern(ctx: _Context) -> list[Flag]:
    line = THRESHOLDS.chronic_days
    counts = ctx.monthly(ctx.headache)
    runs = _runs([c >= line for c in counts])
    flags = []
    for i, month in ctx.window_months():
        if counts[i] >= line:
            severity = "alert" if runs[i] >= THRESHOLDS.chronic_months else "warning"
            flags.append(
                Flag(
                    "chronic-pattern",
                    severity,
                    None,
                    month.label,
                    counts[i],
                    line,
                    advice.chronic_message(counts[i], line, month.label, runs[i]),
                    advice.chronic_advice(),
                )
            )
    return flags


# --- kratom -------------------------------------------------------------------------------------


def _kratom_daily_use(ctx: _Context) -> list[Flag]:
    line = THRESHOLDS.kratom_streak_days
    flags = []
    for first, last in streaks(ctx.kratom_doses):
        length = (last - first).days + 1
        if length >= line and last >= ctx.first:
            flags.append(
                Flag(
                    "kratom-daily-use",
                    "warning",
                    "kratom",
                    range_label(first, last),
                    length,
                    line,
                    advice.kratom_daily_message(length, first, last),
                    advice.kratom_daily_advice(),
                )
            )
    return flags


def _kratom_repeated_dosing(ctx: _Context) -> list[Flag]:
    line = THRESHOLDS.kratom_doses_per_day
    return [
        Flag(
            "kratom-repeated-dosing",
            "warning",
            "kratom",
            range_label(day, day),
            doses,
            line,
            advice.kratom_repeated_message(doses, day, line),
            advice.kratom_repeated_advice(),
        )
        for day, doses in sorted(ctx.kratom_doses.items())
        if doses >= line and day >= ctx.first
    ]


# --- dose escalation ----------------------------------------------------------------------------


def _dose_escalation(ctx: _Context) -> list[Flag]:
    width = timedelta(days=THRESHOLDS.escalation_window_days)
    later_first = ctx.as_of - width + ONE_DAY
    earlier_first = later_first - width
    earlier_last = later_first - ONE_DAY
    # (remedy, unit) -> window (0 earlier, 1 later) -> day -> total dose
    totals: dict[tuple[str, str], tuple[dict[date, float], dict[date, float]]] = defaultdict(
        lambda: ({}, {})
    )
    klass: dict[tuple[str, str], str] = {}
    for intake in sorted(ctx.facts.intakes, key=lambda i: i.at):
        if intake.use != "acute" or intake.dose is None or not intake.unit:
            continue
        day = local_date(intake.at, ctx.facts.tz)
        if not earlier_first <= day <= ctx.as_of:
            continue
        key = (intake.remedy, intake.unit)
        window = totals[key][1 if day >= later_first else 0]
        window[day] = window.get(day, 0.0) + intake.dose
        klass[key] = intake.klass
    flags = []
    for (remedy, unit), (before, after) in sorted(totals.items()):
        if min(len(before), len(after)) < THRESHOLDS.escalation_min_days:
            continue
        mean_before = sum(before.values()) / len(before)
        mean_after = sum(after.values()) / len(after)
        if mean_before <= 0 or mean_after < mean_before * THRESHOLDS.escalation_ratio:
            continue
        flags.append(
            Flag(
                "dose-escalation",
                "warning",
                klass[(remedy, unit)],
                range_label(earlier_first, ctx.as_of),
                len(after),
                THRESHOLDS.escalation_ratio,
                advice.escalation_message(
                    remedy,
                    unit,
                    (mean_before, len(before), range_label(earlier_first, earlier_last)),
                    (mean_after, len(after), range_label(later_first, ctx.as_of)),
                ),
                advice.escalation_advice(klass[(remedy, unit)]),
            )
        )
    return flags


# --- next-day headache --------------------------------------------------------------------------


def _next_day_headache(ctx: _Context) -> list[Flag]:
    today = local_date(ctx.facts.now, ctx.facts.tz)
    last = min(ctx.as_of, ctx.facts.last, today) - ONE_DAY
    if last < ctx.first:
        return []
    period = range_label(ctx.first, last)
    flags = []
    for klass in ACUTE_CLASSES:
        seen = next_day_counts(ctx.medication[klass], ctx.starts, ctx.first, last)
        share, other = seen.share, seen.other_share
        if seen.use_days < THRESHOLDS.next_day_min_days or share is None:
            continue
        if share < THRESHOLDS.next_day_share:
            continue
        if other is not None and share < THRESHOLDS.next_day_ratio * other:
            continue
        flags.append(
            Flag(
                "next-day-headache",
                "warning",
                klass,
                period,
                seen.use_days,
                THRESHOLDS.next_day_share,
                advice.next_day_message(
                    klass,
                    period,
                    (seen.followed, seen.use_days, share),
                    (seen.other_followed, seen.other_days, other),
                ),
                advice.next_day_advice(klass),
            )
        )
    return flags


# --- early signals ------------------------------------------------------------------------------


def _approaching_class(ctx: _Context) -> list[Flag]:
    margin = THRESHOLDS.approaching_margin
    return _class_months(
        ctx,
        "approaching-overuse",
        "watch",
        lambda days, line: line - margin <= days < line,
        advice.approaching_message,
        advice.approaching_advice,
    )


def _approaching_week(ctx: _Context) -> list[Flag]:
    line = THRESHOLDS.simple_days_per_week
    by_week = Counter(week_bounds(d)[0] for d in ctx.medication["simple"])
    flags = []
    for monday, days in sorted(by_week.items()):
        if days > line and monday + timedelta(days=6) >= ctx.first:
            label = week_label(monday)
            flags.append(
                Flag(
                    "approaching-overuse",
                    "watch",
                    "simple",
                    label,
                    days,
                    line,
                    advice.week_message(days, line, label),
                    advice.week_advice(),
                )
            )
    return flags


def _approaching_caffeine(ctx: _Context) -> list[Flag]:
    limit = THRESHOLDS.caffeine_mg_per_day
    line = THRESHOLDS.caffeine_streak_days
    mg: dict[date, float] = defaultdict(float)
    for intake in ctx.facts.intakes:
        if intake.klass != "caffeine" or intake.dose is None:
            continue
        if (intake.unit or "").strip().lower() != "mg":
            continue
        day = local_date(intake.at, ctx.facts.tz)
        if day <= ctx.as_of:
            mg[day] += intake.dose
    flags = []
    for first, last in streaks(d for d, total in mg.items() if total > limit):
        length = (last - first).days + 1
        if length >= line and last >= ctx.first:
            flags.append(
                Flag(
                    "approaching-overuse",
                    "watch",
                    "caffeine",
                    range_label(first, last),
                    length,
                    line,
                    advice.caffeine_message(length, limit, first, last),
                    advice.caffeine_advice(),
                )
            )
    return flags


def _approaching_multiple(ctx: _Context) -> list[Flag]:
    line = THRESHOLDS.multiple_classes_days
    margin = THRESHOLDS.approaching_margin
    return [
        Flag(
            "approaching-overuse",
            "watch",
            None,
            month.label,
            total,
            line,
            advice.approaching_multiple_message(total, line, month.label, len(used)),
            advice.approaching_multiple_advice(),
        )
        for month, used, total, over in _month_classes(ctx)
        if len(used) >= 2 and line - margin <= total < line and not over
    ]


def _approaching_kiel(ctx: _Context) -> list[Flag]:
    line = THRESHOLDS.kiel_days_per_month
    multiple = THRESHOLDS.multiple_classes_days
    return [
        Flag(
            "approaching-overuse",
            "watch",
            None,
            month.label,
            total,
            line,
            advice.kiel_message(total, month.label),
            advice.kiel_advice(),
        )
        for month, used, total, over in _month_classes(ctx)
        if total >= line and not over and not (len(used) >= 2 and total >= multiple)
    ]


RULES: tuple[Callable[[_Context], list[Flag]], ...] = (
    _overuse,
    _overuse_sustained,
    _multiple_classes,
    _chronic_pattern,
    _kratom_daily_use,
    _kratom_repeated_dosing,
    _dose_escalation,
    _next_day_headache,
    _approaching_class,
    _approaching_week,
    _approaching_caffeine,
    _approaching_multiple,
    _approaching_kiel,
)


def _order(flag: Flag) -> tuple[date, date, str, str]:
    first, last = period_bounds(flag.period)
    return first, last, flag.rule, flag.klass or ""


def evaluate_flags(facts: Facts, as_of: date, months: int = 3) -> list[Flag]:
    """All flags for the calendar months of the window ending at `as_of`, in a stable order.

    The window is the as-of month (counted up to the as-of date) and the `months - 1`
    months before it. Flags are sorted by period (start, then end), rule and class.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    ctx = _build(facts, as_of, months)
    flags = [flag for rule in RULES for flag in rule(ctx)]
    return sorted(flags, key=_order)
