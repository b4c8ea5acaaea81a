"""The window the flag rules look at: its calendar months (and the two before it, so the
first can end a 3-month run), each counted once from the day book, up to the as-of day.

The rules (rules.py, and the early signals in early.py) read everything from a Context,
so the day book is walked once per window whatever the number of rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from journal.core.daybook import DayBook
from journal.core.days import add_months, month_end, month_label, month_start
from journal.core.facts import ACUTE_CLASSES
from journal.core.flags import THRESHOLDS

OTC_CLASSES = ("simple", "combination")


@dataclass
class Month:
    """One calendar month of the window or its look-back, counted up to the as-of date."""

    first: date
    last: date
    in_window: bool
    class_days: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACUTE_CLASSES, 0))
    any_days: int = 0  # days with any acute class
    without_kratom: int = 0  # days with an acute class other than kratom
    headache_days: int = 0
    migraine_days: int = 0

    @property
    def label(self) -> str:
        return month_label(self.first)

    @property
    def used(self) -> list[str]:
        return [k for k in ACUTE_CLASSES if self.class_days[k]]

    @property
    def over(self) -> bool:
        """A class reached its own line."""
        return any(self.class_days[k] >= line for k, line in THRESHOLDS.overuse_days.items())

    def combined(self, line: int) -> bool:
        """Several classes add up to LINE days while no class is over its own line."""
        return len(self.used) >= 2 and self.any_days >= line and not self.over

    def with_kratom(self, line: int) -> bool:
        """The combined total reaches LINE only because the kratom days are counted."""
        return self.without_kratom < line <= self.any_days

    @property
    def crossed(self) -> bool:
        """An overuse warning stands for the month (a class's own line or the combined one)."""
        return self.over or self.combined(THRESHOLDS.multiple_classes_days)


@dataclass(frozen=True)
class Context:
    """What every rule needs, counted once per evaluation (all of it up to as_of)."""

    book: DayBook
    as_of: date
    first: date  # the window's first day
    months: tuple[Month, ...]  # look-back months, then the window's, oldest first

    def window_months(self) -> list[tuple[int, Month]]:
        return [(i, m) for i, m in enumerate(self.months) if m.in_window]

    @cached_property
    def kratom_doses(self) -> dict[date, int]:
        """Kratom doses per day up to as_of (both kratom rules read them)."""
        span = self.book.span(self.months[0].first, self.as_of)
        return {d: day.kratom_doses for d, day in span if day.kratom_doses}


def run_lengths(met: list[bool]) -> list[int]:
    """For each position, how many consecutive True values end there."""
    found: list[int] = []
    for ok in met:
        found.append(found[-1] + 1 if ok and found else int(ok))
    return found


# Months before the window the rules look at, so its first month can end a 3-month run.
LOOKBACK_MONTHS = max(THRESHOLDS.sustained_months, THRESHOLDS.chronic_months) - 1


def facts_span(as_of: date, months: int) -> date:
    """The first day evaluate_flags needs facts from, for a window of MONTHS ending at AS_OF."""
    return month_start(add_months(as_of, -(months - 1) - LOOKBACK_MONTHS))


def build_context(book: DayBook, as_of: date, months: int) -> Context:
    first = month_start(add_months(as_of, -(months - 1)))
    lookback = LOOKBACK_MONTHS
    span: list[Month] = []
    for offset in range(-(months - 1) - lookback, 1):
        start = month_start(add_months(as_of, offset))
        span.append(Month(start, min(month_end(start), as_of), start >= first))
    for month in span:
        for day in book.between(month.first, month.last):
            if day.headache:
                month.headache_days += 1
            month.migraine_days += day.migraine
            if day.medication:
                month.any_days += 1
                month.without_kratom += bool(day.medication - {"kratom"})
                for klass in day.medication:
                    month.class_days[klass] += 1
    return Context(book=book, as_of=as_of, first=first, months=tuple(span))
