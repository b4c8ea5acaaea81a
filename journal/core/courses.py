"""How migraine and headache days changed across a preventive course (domain.md).

Preventive trials and prescribing rules judge a preventive by the change in migraine days
from a baseline: NICE stops an anti-CGRP antibody at 12 weeks unless migraine frequency fell
by at least 50% (episodic migraine) or 30% (chronic migraine). A course's response here:

- baseline: the 12 weeks (84 days) before the first day of the course;
- treatment window: weeks 9-12 after the start (days 57-84 of the course, the 12-week
  assessment), or, when the course has not (yet) run 12 weeks, its latest 4 weeks;
- each window's migraine days and headache days per 28 days, counted over its KNOWN days
  (daybook.py) and scaled to 28, so a day not recorded is never a day without headache;
- change_pct: (treatment - baseline) / baseline, in percent; responder_30 and responder_50:
  a fall of at least 30% and 50%, decided on exact fractions (10 -> 7 per 28 is a 30%
  responder, not a float a hair short of it);
- enough_data: false, with the reason, when fewer than 80% of either window's days are
  known, or the course has run under 4 weeks; the responder answers are then None (unknown).

These are the person's own records: a before/after, not evidence that a remedy works.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from journal.core.daybook import DayBook

BASELINE_DAYS = 84  # 12 weeks before the start
WINDOW_DAYS = 28  # the treatment window: 4 weeks
ASSESSED_AT = 84  # weeks 9-12: the window ends on the course's 84th day
KNOWN_SHARE = Fraction(4, 5)  # at least 80% of a window's days known
RESPONDER_30 = Fraction(7, 10)  # treatment at most 70% of the baseline
RESPONDER_50 = Fraction(1, 2)
# Blocks of 4 weeks the preventive chart draws: 3 before the start, up to 13 after.
BLOCKS_BEFORE = 3
BLOCKS_AFTER = 13


@dataclass(frozen=True)
class Window:
    """Counts over the days [first, last] of a book."""

    first: date
    last: date
    days: int
    known: int
    migraine: int
    headache: int

    @property
    def enough(self) -> bool:
        return self.known >= KNOWN_SHARE * self.days

    def per_28(self, count: int) -> Fraction | None:
        return None if self.known == 0 else Fraction(count * WINDOW_DAYS, self.known)


def window(book: DayBook, first: date, last: date, days: int | None = None) -> Window:
    """Known, migraine and headache days of [first, last]; days outside the book are unknown.
    DAYS: the window's length when it is cut short (the days past LAST count as unknown)."""
    known = migraine = headache = 0
    day = first
    while day <= last:
        record = book.day(day)
        if record.known:
            known += 1
            migraine += record.migraine
            headache += record.headache
        day += timedelta(days=1)
    return Window(first, last, days or (last - first).days + 1, known, migraine, headache)


def course_end(started: date, stopped: date | None, today: date) -> date:
    """The last day on treatment so far: the stop day, or today for a course still going."""
    return min(stopped, today) if stopped is not None else today


def treatment_span(started: date, end: date) -> tuple[date, date, str]:
    """(first, last, kind) of the treatment window: weeks 9-12, or the latest 4 weeks."""
    assessed = started + timedelta(days=ASSESSED_AT - 1)
    if end >= assessed:
        return assessed - timedelta(days=WINDOW_DAYS - 1), assessed, "weeks 9-12"
    return max(started, end - timedelta(days=WINDOW_DAYS - 1)), end, "latest 4 weeks"


def _pct(before: Fraction | None, after: Fraction | None) -> float | None:
    if before is None or after is None or before == 0:
        return None
    return round(float((after - before) / before * 100), 1)


def _responder(before: Fraction | None, after: Fraction | None, share: Fraction) -> bool | None:
    """A fall to at most SHARE of the baseline; unknown from a baseline of 0 (nothing can
    fall) or a window with no known day."""
    if before is None or after is None or before == 0:
        return None
    return after <= share * before


def _round(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 1)


def course_response(
    book: DayBook, started: date, stopped: date | None, today: date
) -> dict[str, Any]:
    """The response of the course begun on STARTED (JSON contract of `preventive list`).

    BOOK must cover the 84 days before STARTED up to the course's last day so far."""
    base = window(book, started - timedelta(days=BASELINE_DAYS), started - timedelta(days=1))
    end = course_end(started, stopped, today)
    lo, hi, kind = treatment_span(started, max(end, started))
    treat = window(book, lo, hi)
    ran = (end - started).days + 1
    reasons = []
    if ran < WINDOW_DAYS:
        reasons.append(f"the course has run {max(ran, 0)} of the 28 days a treatment window needs")
    else:
        if not base.enough:
            reasons.append(
                f"only {base.known} of the {base.days} baseline days are known (80% needed)"
            )
        if not treat.enough:
            reasons.append(
                f"only {treat.known} of the {treat.days} treatment-window days are known "
                "(80% needed)"
            )
    enough = not reasons

    def measure(count: str) -> dict[str, Any]:
        before = base.per_28(getattr(base, count))
        after = treat.per_28(getattr(treat, count)) if ran >= WINDOW_DAYS else None
        return {
            "baseline": _round(before),
            "treatment": _round(after),
            "change_pct": _pct(before, after),
            "responder_30": _responder(before, after, RESPONDER_30) if enough else None,
            "responder_50": _responder(before, after, RESPONDER_50) if enough else None,
        }

    migraine, headache = measure("migraine"), measure("headache")
    return {
        "baseline_window": {"from": base.first.isoformat(), "to": base.last.isoformat()},
        "baseline_days": base.known,
        "baseline_migraine_days_per_28": migraine["baseline"],
        "treatment_window": {
            "from": treat.first.isoformat(),
            "to": treat.last.isoformat(),
            "kind": kind,
            "known_days": treat.known,
        },
        "treatment_migraine_days_per_28": migraine["treatment"],
        "change_pct": migraine["change_pct"],
        "responder_30": migraine["responder_30"],
        "responder_50": migraine["responder_50"],
        "headache_days": {
            "baseline_headache_days_per_28": headache["baseline"],
            "treatment_headache_days_per_28": headache["treatment"],
            "change_pct": headache["change_pct"],
            "responder_30": headache["responder_30"],
            "responder_50": headache["responder_50"],
        },
        "enough_data": enough,
        "reason": "; ".join(reasons) or None,
    }


@dataclass(frozen=True)
class Block:
    """Four weeks relative to a course's start: index -3..-1 before it, 1.. after."""

    index: int
    window: Window

    @property
    def migraine_per_28(self) -> float | None:
        """Migraine days per 28, or None when under 80% of the block's days are known."""
        value = self.window.per_28(self.window.migraine)
        return None if value is None or not self.window.enough else round(float(value), 1)


def course_blocks(book: DayBook, started: date, end: date) -> Sequence[Block]:
    """4-week blocks from 12 weeks before the start to the last full or partial block on
    treatment (at most BLOCKS_AFTER), for the chart."""
    blocks = []
    for i in range(-BLOCKS_BEFORE, 0):
        lo = started + timedelta(days=WINDOW_DAYS * i)
        blocks.append(Block(i, window(book, lo, lo + timedelta(days=WINDOW_DAYS - 1))))
    after = max(1, min(BLOCKS_AFTER, -(-((end - started).days + 1) // WINDOW_DAYS)))
    for i in range(1, after + 1):
        lo = started + timedelta(days=WINDOW_DAYS * (i - 1))
        # Days after the course ended are off treatment: the block stops there, and the days
        # it lacks count as unknown.
        hi = min(lo + timedelta(days=WINDOW_DAYS - 1), end)
        blocks.append(Block(i, window(book, lo, hi, WINDOW_DAYS)))
    return blocks


@dataclass(frozen=True)
class CoursePicture:
    """What the report and `journal chart preventive` show of one course."""

    remedy: str
    dose: str  # "70 mg", or "" when no dose was given
    started: date
    stopped: date | None
    response: dict[str, Any]
    blocks: Sequence[Block]

    @property
    def title(self) -> str:
        dose = f" {self.dose}" if self.dose else ""
        until = f"stopped {self.stopped}" if self.stopped else "still going"
        return f"{self.remedy}{dose}: started {self.started}, {until}"
