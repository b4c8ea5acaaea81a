"""Calendar-day arithmetic in the journal's zone: headache, medication and recorded days."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from journal.core.facts import ACUTE_CLASSES, EpisodeFact, Facts

# A day whose peak reaches this on the 0-10 scale is a moderate/severe headache day.
MODERATE: int = 4

ONE_DAY = timedelta(days=1)
# An episode still open after this long was probably never ended.
FORGOTTEN_AFTER = timedelta(hours=72)
# Intervals are half-open: an episode that ends exactly at 00:00 does not touch the new day.
_EPSILON = timedelta(microseconds=1)

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


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


def episode_days(episode: EpisodeFact, facts: Facts) -> list[date]:
    """The local dates an episode touches; ongoing ones count up to facts.now."""
    return local_days(episode.start, episode_end(episode, facts.now), facts.tz)


def _within(day: date, first: date | None, last: date | None) -> bool:
    return (first is None or day >= first) and (last is None or day <= last)


# --- headache days --------------------------------------------------------------------------


def headache_days(facts: Facts, first: date | None = None, last: date | None = None) -> set[date]:
    """Days any qualifying episode touches, optionally limited to [first, last]."""
    days: set[date] = set()
    for episode in facts.episodes:
        if qualifies(episode, facts):
            days.update(d for d in episode_days(episode, facts) if _within(d, first, last))
    return days


def day_peaks(
    facts: Facts, first: date | None = None, last: date | None = None
) -> dict[date, int | None]:
    """Each headache day's peak: a check-in's intensity for that day, else the episodes' highest.

    The check-in wins because it is the person's own rating of that whole day, and it is how a
    peak recorded on the wrong episode gets corrected. Several check-ins on a day: the highest.
    A day whose episodes carry no intensity and no check-in rating has peak None.
    """
    peaks: dict[date, int | None] = {}
    for episode in facts.episodes:
        if not qualifies(episode, facts):
            continue
        for day in episode_days(episode, facts):
            if not _within(day, first, last):
                continue
            known = peaks.get(day)
            if episode.intensity is None:
                peaks.setdefault(day, None)
            elif known is None or episode.intensity > known:
                peaks[day] = episode.intensity
    rated: dict[date, int] = {}
    for checkin in facts.checkins:
        if checkin.intensity is not None and checkin.date in peaks:
            rated[checkin.date] = max(checkin.intensity, rated.get(checkin.date, checkin.intensity))
    peaks.update(rated)
    return peaks


def moderate_severe_days(
    facts: Facts, first: date | None = None, last: date | None = None
) -> set[date]:
    """Headache days whose peak is MODERATE (4) or more."""
    return {
        day
        for day, peak in day_peaks(facts, first, last).items()
        if peak is not None and peak >= MODERATE
    }


def new_episode_days(facts: Facts) -> set[date]:
    """Local dates on which a qualifying episode started."""
    return {local_date(e.start, facts.tz) for e in facts.episodes if qualifies(e, facts)}


def persisted_next_day(episode: EpisodeFact, tz: ZoneInfo, now: datetime) -> bool:
    """Whether the episode was still going after the midnight that followed its start.

    True when it ends on a later local date (ending exactly at midnight does not count), when
    it is still ongoing and `now` is on a later local date, or when a next-day check-in said so.
    """
    if episode.persisted_checkin:
        return True
    start_day = local_date(episode.start, tz)
    return local_days(episode.start, episode_end(episode, now), tz)[-1] > start_day


def headache_hours(facts: Facts, first: date, last: date) -> float:
    """Real elapsed hours of qualifying episodes inside the local days [first, last].

    Arithmetic is done on UTC instants so a 23 h or 25 h daylight-saving day counts as such;
    overlapping episodes are merged so no hour counts twice.
    """
    lo = local_midnight_utc(first, facts.tz)
    hi = local_midnight_utc(last + ONE_DAY, facts.tz)
    spans: list[tuple[datetime, datetime]] = []
    for episode in facts.episodes:
        if not qualifies(episode, facts):
            continue
        start = max(episode.start.astimezone(UTC), lo)
        end = min(episode_end(episode, facts.now).astimezone(UTC), hi)
        if end > start:
            spans.append((start, end))
    spans.sort()
    total = timedelta(0)
    current: tuple[datetime, datetime] | None = None
    for start, end in spans:
        if current is None or start > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = (start, end)
        elif end > current[1]:
            current = (current[0], end)
    if current is not None:
        total += current[1] - current[0]
    return total.total_seconds() / 3600


# --- recorded and medication days -------------------------------------------------------------


def recorded_days(facts: Facts, first: date | None = None, last: date | None = None) -> set[date]:
    """Days with anything written down: an episode (of any length), intake, check-in or marker."""
    days: set[date] = set()
    for episode in facts.episodes:
        days.update(episode_days(episode, facts))
    days.update(local_date(i.at, facts.tz) for i in facts.intakes)
    days.update(c.date for c in facts.checkins)
    days.update(m.date for m in facts.markers)
    return {d for d in days if _within(d, first, last)}


def medication_days(
    facts: Facts, first: date | None = None, last: date | None = None
) -> dict[str, set[date]]:
    """Per acute class (all six keys present), the days with at least one acute intake.

    ICHD-3 counts days with intake, not doses; preventives and caffeine are not counted here.
    """
    days: dict[str, set[date]] = {klass: set() for klass in ACUTE_CLASSES}
    for intake in facts.intakes:
        if intake.use == "acute" and intake.klass in days:
            day = local_date(intake.at, facts.tz)
            if _within(day, first, last):
                days[intake.klass].add(day)
    return days


def any_medication_days(by_class: dict[str, set[date]]) -> set[date]:
    """Days with any acute remedy of the six classes."""
    days: set[date] = set()
    for class_days in by_class.values():
        days |= class_days
    return days


def caffeine_days(facts: Facts, first: date | None = None, last: date | None = None) -> set[date]:
    """Days with any caffeine intake (tracked apart from the overuse counts)."""
    return {
        d
        for i in facts.intakes
        if i.klass == "caffeine" and _within(d := local_date(i.at, facts.tz), first, last)
    }


def preventive_days(facts: Facts, first: date | None = None, last: date | None = None) -> set[date]:
    """Days with any intake recorded as preventive (never acute medication days)."""
    return {
        d
        for i in facts.intakes
        if i.use == "preventive" and _within(d := local_date(i.at, facts.tz), first, last)
    }


# --- days followed by a new episode -------------------------------------------------------------


@dataclass(frozen=True)
class NextDay:
    """How often days with and without a remedy were followed by a new episode the next day."""

    use_days: int
    followed: int
    other_days: int
    other_followed: int

    @property
    def share(self) -> float | None:
        return self.followed / self.use_days if self.use_days else None

    @property
    def other_share(self) -> float | None:
        return self.other_followed / self.other_days if self.other_days else None


def next_day_counts(used: set[date], starts: set[date], first: date, last: date) -> NextDay:
    """Split the days [first, last] into used / not used and count those followed by a start.

    `last` is the last day whose next day is known; callers cut it before passing.
    """
    use_days = followed = other_days = other_followed = 0
    for day in date_range(first, last):
        hit = (day + ONE_DAY) in starts
        if day in used:
            use_days += 1
            followed += hit
        else:
            other_days += 1
            other_followed += hit
    return NextDay(use_days, followed, other_days, other_followed)


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
