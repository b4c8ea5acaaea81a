"""Early signals: the `approaching-overuse` watch flags, each a small pure rule over the
window's Context (window.py). What each one covers is listed in rules.py's docstring, with
the other rules.
"""

from __future__ import annotations

from datetime import date

from journal.core import advice
from journal.core.days import range_label, streaks, week_bounds, week_label
from journal.core.flags import THRESHOLDS, Flag
from journal.core.window import OTC_CLASSES, Context


def _watch(
    klass: str | None, period: str, days: int, line: int, message: str, advice_text: str
) -> Flag:
    """Every early signal is an approaching-overuse watch."""
    return Flag("approaching-overuse", "watch", klass, period, days, line, message, advice_text)


def approaching_class(ctx: Context) -> list[Flag]:
    margin = THRESHOLDS.approaching_margin
    return [
        _watch(
            klass,
            month.label,
            month.class_days[klass],
            line,
            advice.approaching_message(klass, month.class_days[klass], line, month.label),
            advice.approaching_advice(klass, month.crossed),
        )
        for klass, line in THRESHOLDS.overuse_days.items()
        for _, month in ctx.window_months()
        if line - margin <= month.class_days[klass] < line
    ]


def approaching_week(ctx: Context) -> list[Flag]:
    line = THRESHOLDS.otc_days_per_week
    weeks: dict[date, list[frozenset[str]]] = {}
    start = week_bounds(ctx.first)[0]
    for day, record in ctx.book.span(start, ctx.as_of):
        taken = record.medication & set(OTC_CLASSES)
        if taken:
            weeks.setdefault(week_bounds(day)[0], []).append(taken)
    flags = []
    for monday, days in sorted(weeks.items()):
        if len(days) <= line:
            continue
        classes = frozenset().union(*days)
        label = week_label(monday)
        flags.append(
            _watch(
                next(iter(classes)) if len(classes) == 1 else None,
                label,
                len(days),
                line,
                advice.week_message(len(days), line, label),
                advice.week_advice(),
            )
        )
    return flags


def approaching_caffeine(ctx: Context) -> list[Flag]:
    limit = THRESHOLDS.caffeine_mg_per_day
    line = THRESHOLDS.caffeine_streak_days
    span = ctx.book.span(ctx.months[0].first, ctx.as_of)
    heavy = [d for d, day in span if day.caffeine_mg > limit]
    flags = []
    for first, last in streaks(heavy):
        length = (last - first).days + 1
        if length > line and last >= ctx.first:
            flags.append(
                _watch(
                    "caffeine",
                    range_label(first, last),
                    length,
                    line,
                    advice.caffeine_message(length, limit, first, last),
                    advice.caffeine_advice(),
                )
            )
    return flags


def approaching_multiple(ctx: Context) -> list[Flag]:
    line = THRESHOLDS.multiple_classes_days
    floor = line - THRESHOLDS.approaching_margin
    return [
        _watch(
            None,
            month.label,
            month.any_days,
            line,
            advice.approaching_multiple_message(
                month.any_days, line, month.label, len(month.used), month.with_kratom(floor)
            ),
            advice.approaching_multiple_advice("kratom" in month.used),
        )
        for _, month in ctx.window_months()
        if len(month.used) >= 2 and floor <= month.any_days < line and not month.over
    ]


def approaching_kiel(ctx: Context) -> list[Flag]:
    line = THRESHOLDS.kiel_days_per_month
    return [
        _watch(
            None,
            month.label,
            month.any_days,
            line,
            advice.kiel_message(month.any_days, month.label),
            advice.kiel_advice(),
        )
        for _, month in ctx.window_months()
        if month.any_days >= line and not month.crossed
    ]


EARLY_RULES = (
    approaching_class,
    approaching_week,
    approaching_caffeine,
    approaching_multiple,
    approaching_kiel,
)
