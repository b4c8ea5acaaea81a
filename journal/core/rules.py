"""The frequent-use flags: one small pure function per rule over a window of calendar months.

Every flag carries `days` (the count the rule measured) and `threshold` (the line that count
was compared with). Per rule:

| rule                     | severity       | class    | period      | days           | threshold  |
|--------------------------|----------------|----------|-------------|----------------|------------|
| overuse                  | warning        | yes      | month       | class days     | class line |
| overuse-sustained        | alert          | yes, or  | month       | that month's   | class line |
|                          |                | multiple |             | days           | or 10      |
| overuse-multiple-classes | warning        | None     | month       | any class      | 10         |
| chronic-pattern          | warning, alert | None     | month       | headache days  | 15         |
|   (pattern: chronic-migraine with >= 8 migraine days that month, else chronic-headache)   |
| kratom-daily-use         | warning        | kratom   | streak      | streak length  | 7          |
| kratom-repeated-dosing   | warning        | kratom   | one day     | doses that day | 3          |
| dose-escalation          | warning        | yes      | 2 x 28 days | later use days | 1.5 ratio  |
| next-day-headache        | warning        | yes      | window      | use evenings   | 0.5 share  |
| approaching-overuse      | watch          | varies   | see below   | days           | see below  |

Everything is read from a day book (daybook.py), built once: the rules are evaluated once
per window, and a table of many months reads the window's flags rather than re-running them.

Choices where the issues left room:
- Consecutive months (overuse-sustained, chronic-pattern alert) may start before the window:
  the two months before it are counted from whatever the facts hold. Missing data can only
  lower a count, so this never invents a run; it lets the window's first month complete one.
- overuse-sustained and the chronic-pattern alert are given for every window month that ends
  a run of 3 or more, so each month shows its own state; the alert replaces the
  chronic-pattern warning for that month, while overuse and overuse-sustained both appear.
  The alerts say that ICHD-3 asks for MORE than 3 months: 3 is where the journal speaks up.
- chronic-pattern names the month's pattern: headache on 15 or more days with 8 or more
  migraine days (daybook.py: features, aura, or a triptan or ergot, as ICHD-3 1.3 allows) is
  "chronic-migraine", otherwise "chronic-headache". The run (and the alert) counts months of
  15 headache days whatever their pattern; the message also says how many of them in a row
  had 8 migraine days, since ICHD-3 1.3 asks that of more than 3 months too.
- overuse-sustained with class "multiple": a month "meets a line" when a class reaches its
  own line or several classes reach the combined line of 10; a window month ending a run of
  3 or more such months, in which no class has a run of its own that long, gets this alert.
- A combined total that reaches its line only with the kratom days is "several classes
  including kratom (not an ICHD-3 class)", never ICHD-3 8.2.6.
- The kratom rules count every kratom intake whatever its `use`, because dependence follows
  how often it is taken, not what for; the overuse counts take acute intakes only.
- dose-escalation compares acute intakes with a dose and a unit, per (remedy, unit); a use day
  is a day with such an intake and its dose is that day's total. Preventives are left out
  (their doses are usually raised on purpose).
- next-day-headache (patterns.py): evenings from the window's start to the day before the
  as-of day, both the evening's day and the next day known; a dose between midnight and
  05:00 belongs to the evening before; a new headache is an onset on the next day, not one
  still running. It fires with at least 5 evenings on each side, at least half of the use
  evenings followed by a new headache, and a one-sided Fisher exact p below 0.05. When
  headache was recorded on nearly every next day (90%) there is nothing to compare: no flag.
- approaching-overuse (watch, in early.py) covers these early signals:
  1. a class on its line minus 2 or minus 1 days in a month (class, month, class line); in a
     month where an overuse warning stands its advice does not say nothing is over a line;
  2. over-the-counter pain relievers (simple or combination) on more than 2 days of an ISO
     week, the American Headache Society's Choosing Wisely advice ("YYYY-Www", threshold 2;
     class "simple" or "combination" when only one of them was taken, else None);
  3. caffeine over 200 mg a day ("mg" doses summed per day) on MORE than 14 consecutive
     days, the ICHD-3 8.3.1 withdrawal-headache risk (caffeine, streak, threshold 14);
  4. several classes adding up to 8 or 9 days, just below the combined line of 10 (None,
     month);
  5. acute medicines on 10 or more days in a month while no overuse flag applies, the Kiel
     clinic's stricter "10-20 rule" (None, month, threshold 10). In practice this is simple
     pain relievers alone on 10-14 days, which ICHD-3 still allows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from journal.core import advice
from journal.core.daybook import DayBook, build_book
from journal.core.days import (
    ONE_DAY,
    period_bounds,
    range_label,
    streaks,
)
from journal.core.early import EARLY_RULES
from journal.core.facts import ACUTE_CLASSES, Facts
from journal.core.flags import THRESHOLDS, Flag
from journal.core.patterns import compare_many, took
from journal.core.window import Context, build_context, run_lengths

# --- monthly medication rules -------------------------------------------------------------------


def _overuse(ctx: Context) -> list[Flag]:
    return [
        Flag(
            "overuse",
            "warning",
            klass,
            month.label,
            month.class_days[klass],
            line,
            advice.overuse_message(klass, month.class_days[klass], line, month.label),
            advice.overuse_advice(klass),
        )
        for klass, line in THRESHOLDS.overuse_days.items()
        for _, month in ctx.window_months()
        if month.class_days[klass] >= line
    ]


def _classruns(ctx: Context) -> dict[str, list[int]]:
    return {
        klass: run_lengths([m.class_days[klass] >= line for m in ctx.months])
        for klass, line in THRESHOLDS.overuse_days.items()
    }


def _overuse_sustained(ctx: Context) -> list[Flag]:
    flags = []
    for klass, runs in _classruns(ctx).items():
        line = THRESHOLDS.overuse_days[klass]
        for i, month in ctx.window_months():
            if runs[i] >= THRESHOLDS.sustained_months:
                days = month.class_days[klass]
                opened = ctx.months[i - runs[i] + 1].label
                flags.append(
                    Flag(
                        "overuse-sustained",
                        "alert",
                        klass,
                        month.label,
                        days,
                        line,
                        advice.sustained_message(klass, runs[i], opened, month.label, days, line),
                        advice.sustained_advice(klass),
                    )
                )
    return flags


def _multiple_sustained(ctx: Context) -> list[Flag]:
    line = THRESHOLDS.multiple_classes_days
    need = THRESHOLDS.sustained_months
    runs = run_lengths([m.crossed for m in ctx.months])
    by_class = _classruns(ctx)
    flags = []
    for i, month in ctx.window_months():
        if runs[i] < need or any(r[i] >= need for r in by_class.values()):
            continue
        opened = ctx.months[i - runs[i] + 1].label
        kratom = any(
            m.combined(line) and m.with_kratom(line) for m in ctx.months[i - runs[i] + 1 : i + 1]
        )
        flags.append(
            Flag(
                "overuse-sustained",
                "alert",
                "multiple",
                month.label,
                month.any_days,
                line,
                advice.multiple_sustained_message(
                    runs[i], opened, month.label, month.any_days, line, kratom
                ),
                advice.multiple_sustained_advice(month.used),
            )
        )
    return flags


def _multiple_classes(ctx: Context) -> list[Flag]:
    line = THRESHOLDS.multiple_classes_days
    return [
        Flag(
            "overuse-multiple-classes",
            "warning",
            None,
            month.label,
            month.any_days,
            line,
            advice.multiple_message(
                month.any_days, line, month.label, month.used, month.with_kratom(line)
            ),
            advice.multiple_advice(month.used),
        )
        for _, month in ctx.window_months()
        if month.combined(line)
    ]


# --- headache pattern ---------------------------------------------------------------------------


def _chronic_pattern(ctx: Context) -> list[Flag]:
    line = THRESHOLDS.chronic_days
    need = THRESHOLDS.chronic_months
    migraine_line = THRESHOLDS.chronic_migraine_days
    chronic = [m.headache_days >= line for m in ctx.months]
    runs = run_lengths(chronic)
    migraine_runs = run_lengths(
        [ok and m.migraine_days >= migraine_line for ok, m in zip(chronic, ctx.months, strict=True)]
    )
    flags = []
    for i, month in ctx.window_months():
        if not chronic[i]:
            continue
        pattern = "chronic-migraine" if migraine_runs[i] else "chronic-headache"
        flags.append(
            Flag(
                "chronic-pattern",
                "alert" if runs[i] >= need else "warning",
                None,
                month.label,
                month.headache_days,
                line,
                advice.chronic_message(
                    (month.headache_days, line),
                    (month.migraine_days, migraine_line),
                    month.label,
                    (runs[i], migraine_runs[i]),
                ),
                advice.chronic_advice(),
                pattern,
            )
        )
    return flags


# --- kratom -------------------------------------------------------------------------------------


def _kratom_doses(ctx: Context) -> dict[date, int]:
    return ctx.kratom_doses


def _kratom_daily_use(ctx: Context) -> list[Flag]:
    line = THRESHOLDS.kratom_streak_days
    flags = []
    for first, last in streaks(_kratom_doses(ctx)):
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


def _kratom_repeated_dosing(ctx: Context) -> list[Flag]:
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
        for day, doses in sorted(_kratom_doses(ctx).items())
        if doses >= line and day >= ctx.first
    ]


# --- dose escalation ----------------------------------------------------------------------------


def _dose_escalation(ctx: Context) -> list[Flag]:
    width = timedelta(days=THRESHOLDS.escalation_window_days)
    later_first = ctx.as_of - width + ONE_DAY
    earlier_first = later_first - width
    earlier_last = later_first - ONE_DAY
    # (remedy, unit) -> window (0 earlier, 1 later) -> day -> total dose
    totals: dict[tuple[str, str], tuple[dict[date, float], dict[date, float]]] = {}
    klass: dict[tuple[str, str], str] = {}
    for day, record in ctx.book.span(earlier_first, ctx.as_of):
        for use in record.remedies:
            remedy, kind, how, unit = use.key
            if how != "acute" or use.total is None or not unit:
                continue
            key = (remedy, unit)
            window = totals.setdefault(key, ({}, {}))[1 if day >= later_first else 0]
            window[day] = use.total
            klass[key] = kind
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


def _next_day_headache(ctx: Context) -> list[Flag]:
    last = min(ctx.as_of, ctx.book.today) - ONE_DAY
    if last < ctx.first:
        return []
    period = range_label(ctx.first, last)
    compared = compare_many(ctx.book, ctx.first, last, {k: took(k) for k in ACUTE_CLASSES})
    flags = []
    for klass, seen in compared.items():
        least = THRESHOLDS.next_day_min_days
        if seen.exposed_days < least or seen.other_days < least or not seen.comparable:
            continue
        share, p = seen.share, seen.p
        if share is None or share < THRESHOLDS.next_day_share:
            continue
        if p is None or p >= THRESHOLDS.next_day_p:
            continue
        flags.append(
            Flag(
                "next-day-headache",
                "warning",
                klass,
                period,
                seen.exposed_days,
                THRESHOLDS.next_day_share,
                advice.next_day_message(
                    klass,
                    period,
                    (seen.exposed_onsets, seen.exposed_days, share),
                    (seen.other_onsets, seen.other_days, seen.other_share),
                ),
                advice.next_day_advice(klass),
            )
        )
    return flags


RULES: tuple[Callable[[Context], list[Flag]], ...] = (
    _overuse,
    _overuse_sustained,
    _multiple_sustained,
    _multiple_classes,
    _chronic_pattern,
    _kratom_daily_use,
    _kratom_repeated_dosing,
    _dose_escalation,
    _next_day_headache,
    *EARLY_RULES,
)


def _order(flag: Flag) -> tuple[date, date, str, str]:
    first, last = period_bounds(flag.period)
    return first, last, flag.rule, flag.klass or ""


def flags_from_book(book: DayBook, as_of: date, months: int = 3) -> list[Flag]:
    """All flags for the calendar months of the window ending at `as_of`, in a stable order.

    The window is the as-of month (counted up to the as-of date) and the `months - 1`
    months before it. Flags are sorted by period (start, then end), rule and class.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    ctx = build_context(book, as_of, months)
    flags = [flag for rule in RULES for flag in rule(ctx)]
    return sorted(flags, key=_order)


def evaluate_flags(facts: Facts, as_of: date, months: int = 3) -> list[Flag]:
    """flags_from_book over a day book built from FACTS (which should reach back to the
    window's start minus two months, for three-month runs)."""
    return flags_from_book(build_book(facts), as_of, months)
