"""Calendar-day arithmetic in the journal's zone: local dates, episodes' days, periods.

Counting per day (headache, medication and known days) lives in daybook.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from journal.core.facts import EpisodeFact, Facts

# A day whose peak reaches this on the 0-10 scale is a moderate/severe headache day.
MODERATE: int = 4

ONE_DAY = timedelta(days=1)
# An episode still open after this long was probably never ended.
FORGOTTEN_AFTER = timedelta(hours=72)
# Intervals are half-open: an episode that ends exactly at 00:00 does not touch the new day.
_EPSILON = timedelta(microseconds=1)

_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_WEEK = re.compile(r"^([0-9]{4})-W([0-9]{2})$")
_RANGE = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2}-[0-9]{2})$")


# --- instants and local dates -------------------------------------------------------------


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar date an aware instant falls on in the journal's zone."""
    return moment.astimezone(tz).date()


def local_midnight_utc(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant at which a local calendar day begins.

    In a zone whose clocks jump over midnight that day, the day begins when they resume.
    """
    naive = datetime.combine(day, time(0))
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        aware = (naive + timedelta(hours=1)).replace(tzinfo=tz)
    return aware.astimezone(UTC)


def date_range(first: date, last: date) -> Iterator[date]:
    """Every date from first to last, both included."""
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def local_days(start: datetime, end: datetime, tz: ZoneInfo) -> list[date]:
    """The local dates an interval [start, end) touches; a zero-length one touches its start."""
    first = local_date(start, tz)
    last = local_date(end - _EPSILON, tz) if end > start else first
    return list(date_range(first, last))


def episode_end(episode: EpisodeFact, now: datetime) -> datetime:
    """When the episode ended, or `now` while it is still going."""
    if episode.end is not None:
        return episode.end
    return max(now, episode.start)


def possibly_forgotten(start: datetime, end: datetime | None, now: datetime) -> bool:
    """Whether an ongoing episode has been open longer than FORGOTTEN_AFTER."""
    return end is None and now - start > FORGOTTEN_AFTER


def qualifies(episode: EpisodeFact, facts: Facts) -> bool:
    """Whether an episode lasted long enough (so far) to make headache days."""
    return episode_end(episode, facts.now) - episode.start >= facts.min_duration


def persisted_next_day(episode: EpisodeFact, tz: ZoneInfo, now: datetime) -> bool:
    """Whether the episode was still going after the midnight that followed its start.

    True when it ends on a later local date (ending exactly at midnight does not count), when
    it is still ongoing and `now` is on a later local date, or when a next-day check-in said so.
    """
    if episode.persisted_checkin:
        return True
    end = episode_end(episode, now)
    return end > episode.start and local_date(end - _EPSILON, tz) > local_date(episode.start, tz)


# --- streaks ------------------------------------------------------------------------------------


def streaks(days: Iterable[date]) -> list[tuple[date, date]]:
    """Runs of consecutive dates as (first, last), oldest first."""
    runs: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][1] + ONE_DAY == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


# --- periods: ISO weeks, months, ranges ---------------------------------------------------------


def week_label(day: date) -> str:
    """The ISO week a date falls in, e.g. "2026-W47" (weeks run Monday to Sunday)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week containing `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_label(day: date) -> str:
    """The calendar month a date falls in, e.g. "2026-11"."""
    return f"{day.year:04d}-{day.month:02d}"


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return add_months(month_start(day), 1) - ONE_DAY


def month_bounds(day: date) -> tuple[date, date]:
    """First and last day of the month containing `day`."""
    return month_start(day), month_end(day)


def add_months(day: date, months: int) -> date:
    """Shift by whole months, clamping the day to the month's length (Jan 31 + 1 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    length = (following - date(year, month, 1)).days
    return date(year, month, min(day.day, length))


def range_label(first: date, last: date) -> str:
    """A free period label, "YYYY-MM-DD..YYYY-MM-DD"."""
    return f"{first.isoformat()}..{last.isoformat()}"


def period_bounds(label: str) -> tuple[date, date]:
    """First and last date of a "YYYY-MM", "YYYY-Www" or "YYYY-MM-DD..YYYY-MM-DD" label."""
    if m := _MONTH.match(label):
        return month_bounds(date(int(m[1]), int(m[2]), 1))
    if m := _WEEK.match(label):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday, monday + timedelta(days=6)
    if m := _RANGE.match(label):
        first, last = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        if last < first:
            raise ValueError(f"period ends before it starts: {label!r}")
        return first, last
    raise ValueError(f"not a period label: {label!r}")


def period_label(first: date, last: date) -> str:
    """The tidiest label for [first, last]: a month, an ISO week, or a date range."""
    if (first, last) == month_bounds(first):
        return month_label(first)
    if (first, last) == week_bounds(first):
        return week_label(first)
    return range_label(first, last)


def previous_bounds(first: date, last: date) -> tuple[date, date]:
    """The period before [first, last]: the previous month or week, else as long and just before."""
    if (first, last) == month_bounds(first):
        return month_bounds(first - ONE_DAY)
    length = last - first
    return first - length - ONE_DAY, first - ONE_DAY


def previous_period(label: str) -> str:
    """The label of the period before, e.g. "2026-11" -> "2026-10", "2026-W01" -> "2025-W53"."""
    return period_label(*previous_bounds(*period_bounds(label)))
