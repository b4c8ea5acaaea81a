"""The day book: every fact bucketed once by local day, and period totals summed from it.

Summaries, month and week rows, chart data and the flag rules all read these per-day records
instead of walking the facts again for each period, so a table of 120 months costs about as
much as one of 12. A new per-day measure (migraine days, exposures) is one field on `Day`,
filled in `build_book` and, if periods need it, summed in `totals`.

Known days: a day counts as kept (headache-free when nothing was written) from the journal's
first entry up to today, except inside a silent stretch: a run of SILENT_DAYS (14) or more
consecutive days with nothing written at all (no episode touching it, intake, check-in, marker
or impact). Deciding whether a day near the facts' edges lies in such a run takes the records
of the KNOWN_MARGIN (13) days beyond it, which the loader reaches for; a silent run that
touches the edge of the loaded facts (other than the first entry or today) is judged on the
part that was loaded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import NamedTuple

from journal.core.classify import MIGRAINE_LIKE, classify
from journal.core.days import (
    MODERATE,
    ONE_DAY,
    date_range,
    episode_end,
    local_date,
    local_midnight_utc,
)
from journal.core.facts import ACUTE_CLASSES, Facts

SILENT_DAYS = 14
KNOWN_MARGIN = timedelta(days=SILENT_DAYS - 1)
# The evening a next-day question asks about runs from EVENING_STARTS to NIGHT_ENDS the next
# morning: a dose taken after midnight and before 05:00 belongs to the evening before (people
# who take something late at night think of it as that evening's); one taken from 05:00 to
# 18:00 belongs to no evening, as a dose taken for that day's own headache.
EVENING_STARTS = time(18)
NIGHT_ENDS = time(5)
# A migraine day needs at least this much migraine-like headache on the day (IHS, Leiden).
MIGRAINE_HOURS = 0.5
# (remedy, class, use, unit): how intakes are grouped in the summary's remedy table.
RemedyKey = tuple[str, str, str, str | None]
_NO_DOSES: Mapping[str, int] = MappingProxyType({})
# Migraine-specific acute medicines: a day one was taken on is a migraine day.
MIGRAINE_SPECIFIC = frozenset({"triptan", "ergot"})


class RemedyDay(NamedTuple):
    """One remedy's intakes on one day: how many, and their summed dose (None if none had one)."""

    key: RemedyKey
    taken: int  # intakes that day
    total: float | None


_NONE: frozenset[str] = frozenset()


class Day(NamedTuple):
    """What one local calendar day holds (a named tuple: immutable, and quick to make by the
    thousand; a new measure is one more field with a default)."""

    known: bool = False  # the diary was kept that day (see the module docstring)
    written: bool = False  # anything at all was written for the day
    headache: bool = False  # a qualifying episode touches the day
    peak: int | None = None  # highest intensity left on the day (None: not rated)
    hours: float = 0.0  # headache hours inside the day, overlaps merged
    onsets: int = 0  # qualifying episodes that began this day
    persisted: int = 0  # of those, how many went on past the following midnight
    persisted_night: bool = False  # a headache went on past the midnight after this day
    medication: frozenset[str] = _NONE  # acute classes with an acute intake
    doses: Mapping[str, int] = _NO_DOSES  # acute intakes per acute class
    caffeine: bool = False
    caffeine_mg: float = 0.0  # doses recorded in mg, summed
    preventive: bool = False
    kratom_doses: int = 0  # every kratom intake, whatever its use
    evening: frozenset[str] = _NONE  # classes taken this evening, 18:00-05:00 (evening_of)
    remedies: tuple[RemedyDay, ...] = ()
    markers: tuple[str, ...] = ()
    missed: frozenset[str] = _NONE  # MIDAS impact recorded for the day
    reduced: frozenset[str] = _NONE
    migraine: bool = False  # a migraine day (see build_book)

    @property
    def moderate_severe(self) -> bool:
        return self.headache and self.peak is not None and self.peak >= MODERATE


UNKNOWN = Day()
_KNOWN_EMPTY = Day(known=True)


@dataclass(slots=True)
class _Draft:
    """A day while the book is being filled."""

    written: bool = False
    headache: bool = False
    ratings: dict[int, int | None] = field(default_factory=dict)  # episode id -> intensity
    spans: list[tuple[datetime, datetime]] = field(default_factory=list)
    onsets: int = 0
    persisted: int = 0
    persisted_night: bool = False
    medication: set[str] = field(default_factory=set)
    doses: dict[str, int] = field(default_factory=dict)
    caffeine: bool = False
    caffeine_mg: float = 0.0
    preventive: bool = False
    kratom_doses: int = 0
    evening: set[str] = field(default_factory=set)
    remedies: dict[RemedyKey, RemedyDay] = field(default_factory=dict)
    markers: list[str] = field(default_factory=list)
    missed: set[str] = field(default_factory=set)
    reduced: set[str] = field(default_factory=set)
    migraine: bool = False  # aura began, or a triptan or ergot was taken
    migraine_spans: list[tuple[datetime, datetime]] = field(default_factory=list)

    def day(self, known: bool) -> Day:
        # The draft is dropped once its Day is made, so its dict of doses is handed on as is.
        return Day(
            known,
            self.written,
            self.headache,
            _peak(self.ratings) if self.ratings else None,
            _merged_hours(self.spans) if self.spans else 0.0,
            self.onsets,
            self.persisted,
            self.persisted_night,
            frozenset(self.medication) if self.medication else _NONE,
            MappingProxyType(self.doses) if self.doses else _NO_DOSES,
            self.caffeine,
            self.caffeine_mg,
            self.preventive,
            self.kratom_doses,
            frozenset(self.evening) if self.evening else _NONE,
            tuple(self.remedies.values()),
            tuple(self.markers),
            frozenset(self.missed) if self.missed else _NONE,
            frozenset(self.reduced) if self.reduced else _NONE,
            self.migraine
            or (bool(self.migraine_spans) and _merged_hours(self.migraine_spans) >= MIGRAINE_HOURS),
        )


def _peak(ratings: dict[int, int | None]) -> int | None:
    """The highest rating given (None: none rated)."""
    return max((r for r in ratings.values() if r is not None), default=None)


def _merged_hours(spans: list[tuple[datetime, datetime]]) -> float:
    """Hours covered by the spans, overlaps counted once (instants in UTC)."""
    if len(spans) == 1:  # most days: nothing to merge
        start, stop = spans[0]
        return (stop - start).total_seconds() / 3600
    total = timedelta(0)
    end: datetime | None = None
    for start, stop in sorted(spans):
        if end is None or start > end:
            total += stop - start
            end = stop
        elif stop > end:
            total += stop - end
            end = stop
    return total.total_seconds() / 3600


@dataclass(frozen=True)
class Totals:
    """Sums over the days [first, last] of a book."""

    first: date
    last: date
    known_days: int
    headache_days: int
    moderate_severe_days: int
    episodes: int
    persisted_episodes: int
    hours: float
    peaks: tuple[int, ...]  # the rated day peaks, one per headache day that has one
    medication: Mapping[str, int]  # acute class -> days
    any_medication: int  # days with any acute class
    caffeine_days: int
    preventive_days: int
    remedies: Mapping[RemedyKey, tuple[int, float | None]]
    migraine_days: int = 0


@dataclass(frozen=True)
class DayBook:
    """Every local day of [first, last] with what it holds, oldest first."""

    tz_name: str
    today: date
    first: date
    last: date
    records: tuple[Day, ...]  # one per day from `first`

    def index(self, day: date) -> int:
        """The position of DAY in `records` (outside the book: below 0 or past the end)."""
        return day.toordinal() - self.first.toordinal()

    def day(self, day: date) -> Day:
        """The day's record; a day outside the book is unknown and empty."""
        i = self.index(day)
        return self.records[i] if 0 <= i < len(self.records) else UNKNOWN

    def between(self, first: date, last: date) -> Sequence[Day]:
        """The records of the days of [first, last] inside the book, oldest first."""
        return self.records[max(self.index(first), 0) : max(self.index(last) + 1, 0)]

    def span(self, first: date, last: date) -> Iterator[tuple[date, Day]]:
        """(date, Day) for each day of [first, last] inside the book, oldest first."""
        start = max(first, self.first)
        for offset, record in enumerate(self.between(first, last)):
            yield start + timedelta(days=offset), record

    def known_days(self, first: date, last: date) -> int:
        return sum(1 for day in self.between(first, last) if day.known)

    def totals(self, first: date, last: date) -> Totals:
        known = headache = severe = episodes = persisted = caffeine = preventive = any_med = 0
        migraine = 0
        hours = 0.0
        peaks: list[int] = []
        medication: Counter[str] = Counter()
        remedies: dict[RemedyKey, tuple[int, float | None]] = {}
        for day in self.between(first, last):
            known += day.known
            if day.headache:
                headache += 1
                if day.peak is not None:
                    peaks.append(day.peak)
                    severe += day.peak >= MODERATE
            episodes += day.onsets
            persisted += day.persisted
            hours += day.hours
            if day.medication:
                any_med += 1
                medication.update(day.medication)
            caffeine += day.caffeine
            preventive += day.preventive
            migraine += day.migraine
            for use in day.remedies:
                count, total = remedies.get(use.key, (0, None))
                if use.total is not None:
                    total = (total or 0.0) + use.total
                remedies[use.key] = (count + use.taken, total)
        return Totals(
            first=first,
            last=last,
            known_days=known,
            headache_days=headache,
            moderate_severe_days=severe,
            episodes=episodes,
            persisted_episodes=persisted,
            hours=hours,
            peaks=tuple(peaks),
            medication=MappingProxyType({k: medication[k] for k in ACUTE_CLASSES}),
            any_medication=any_med,
            caffeine_days=caffeine,
            preventive_days=preventive,
            remedies=MappingProxyType(remedies),
            migraine_days=migraine,
        )


def evening_of(moment: datetime) -> date | None:
    """The evening a local wall-clock moment belongs to: from 18:00 that day's, before 05:00
    the day before's, in between none."""
    clock = moment.time()
    if clock >= EVENING_STARTS:
        return moment.date()
    return moment.date() - ONE_DAY if clock < NIGHT_ENDS else None


def build_book(facts: Facts) -> DayBook:
    """Bucket every fact by local day over [facts.first, facts.last], in one pass per kind.

    - Headache days, hours and peaks count on every day a qualifying episode touches; its
      onset and whether it persisted count on the day it began. Each episode contributes its
      intensity to every day it touches; a still-hurting check-in's rating replaces the
      contribution of ITS episode on its day (several: the highest), never another's; the
      day's peak is the highest contribution left.
    - Intakes count on their local day; `evening` holds the classes (acute classes taken as
      acute, and caffeine) taken from 18:00 that day to 05:00 the next (evening_of), the doses
      the next-day comparison asks about.
    - Impact (MIDAS): an episode's own missed/reduced on its start day, whatever its length;
      each ImpactFact on its date.
    - Migraine days (IHS trial guidelines; van der Arend et al. 2023): a day with at least
      30 minutes of headache classified migraine, probable migraine or aura (classify.py),
      overlaps merged, whatever min_duration says; the start day of an episode with aura;
      or a day a triptan or ergot was taken as an acute medicine. Time inside the day
      counts, so an attack from 23:45 makes a migraine day of the next day only.
    """
    tz = facts.tz
    first, last = facts.first, facts.last
    today = local_date(facts.now, tz)
    drafts: dict[date, _Draft] = {}

    def at(day: date) -> _Draft | None:
        if not first <= day <= last:
            return None
        draft = drafts.get(day)
        if draft is None:
            draft = drafts[day] = _Draft()
        return draft

    midnights: dict[date, datetime] = {}

    def midnight(day: date) -> datetime:
        found = midnights.get(day)
        if found is None:
            found = midnights[day] = local_midnight_utc(day, tz)
        return found

    for episode in facts.episodes:
        start = episode.start.astimezone(UTC)
        end = episode_end(episode, facts.now).astimezone(UTC)
        start_day = local_date(start, tz)
        last_day = local_date(end - timedelta(microseconds=1), tz) if end > start else start_day
        counts = end - start >= facts.min_duration  # days.qualifies, with the end at hand
        migraine = classify(episode) in MIGRAINE_LIKE
        if (draft := at(start_day)) is not None:
            draft.missed.update(episode.missed)
            draft.reduced.update(episode.reduced)
            draft.migraine |= episode.aura
            if counts:
                draft.onsets += 1
                # days.persisted_next_day: a later last day, or a next-day check-in said so
                draft.persisted += episode.persisted_checkin or last_day > start_day
                if last_day == start_day and episode.persisted_checkin:
                    draft.persisted_night = True
        for day in date_range(max(start_day, first), min(last_day, last)):
            draft = at(day)
            assert draft is not None
            draft.written = True
            if start_day == last_day:  # the common case: no midnight to cut at
                lo, hi = start, end
            else:
                lo, hi = max(start, midnight(day)), min(end, midnight(day + ONE_DAY))
            if migraine and hi > lo:
                draft.migraine_spans.append((lo, hi))
            if not counts:
                continue
            draft.headache = True
            draft.ratings[episode.id] = episode.intensity
            if day < last_day:
                draft.persisted_night = True
            if hi > lo:
                draft.spans.append((lo, hi))

    ratings: dict[tuple[date, int], int] = {}
    for checkin in facts.checkins:
        if (draft := at(checkin.date)) is not None:
            draft.written = True
            episode_id, rating = checkin.episode_id, checkin.intensity
            if checkin.status != "still" or rating is None or episode_id is None:
                continue
            if episode_id in draft.ratings:
                rated = (checkin.date, episode_id)
                ratings[rated] = max(rating, ratings.get(rated, rating))
    for (day, episode_id), value in ratings.items():
        drafts[day].ratings[episode_id] = value

    for intake in facts.intakes:
        moment = intake.at.astimezone(tz)
        day = moment.date()
        acute = intake.use == "acute" and intake.klass in ACUTE_CLASSES
        night = evening_of(moment) if acute or intake.klass == "caffeine" else None
        if night is not None and (evening := at(night)) is not None:
            evening.evening.add(intake.klass)
        if not first <= day <= last:
            continue
        draft = drafts.get(day) or drafts.setdefault(day, _Draft())
        draft.written = True
        if acute:
            draft.migraine |= intake.klass in MIGRAINE_SPECIFIC
            draft.medication.add(intake.klass)
            draft.doses[intake.klass] = draft.doses.get(intake.klass, 0) + 1
        if intake.klass == "caffeine":
            draft.caffeine = True
            if intake.dose is not None and (intake.unit or "").strip().lower() == "mg":
                draft.caffeine_mg += intake.dose
        if intake.use == "preventive":
            draft.preventive = True
        if intake.klass == "kratom":
            draft.kratom_doses += 1
        remedy = (intake.remedy, intake.klass, intake.use, intake.unit)
        _, count, total = draft.remedies.get(remedy) or (remedy, 0, None)
        if intake.dose is not None:
            total = (total or 0.0) + intake.dose
        draft.remedies[remedy] = RemedyDay(remedy, count + 1, total)

    for marker in facts.markers:
        if (draft := at(marker.date)) is not None:
            draft.written = True
            draft.markers.append(marker.tag)

    for impact in facts.impacts:
        if (draft := at(impact.date)) is not None:
            draft.written = True
            draft.missed.update(impact.missed)
            draft.reduced.update(impact.reduced)

    known = _known_days(
        {d for d, draft in drafts.items() if draft.written},
        facts.first_entry or _earliest(facts),
        first,
        min(last, today),
    )
    records = []
    for day in date_range(first, last):
        draft = drafts.get(day)
        if draft is None:
            records.append(_KNOWN_EMPTY if day in known else UNKNOWN)
        else:
            records.append(draft.day(day in known))
    return DayBook(str(tz), today, first, last, tuple(records))


def _earliest(facts: Facts) -> date | None:
    """The earliest record among the facts: the stand-in when no first entry was given."""
    days = [local_date(e.start, facts.tz) for e in facts.episodes]
    days += [local_date(i.at, facts.tz) for i in facts.intakes]
    days += [c.date for c in facts.checkins] + [m.date for m in facts.markers]
    return min(days) if days else None


def _known_days(written: set[date], first_entry: date | None, first: date, last: date) -> set[date]:
    """The days of [max(first, first_entry), last] outside silent runs of SILENT_DAYS or more."""
    if first_entry is None:
        return set()
    lo = max(first, first_entry)
    if lo > last:
        return set()
    known: set[date] = set()
    previous = lo - ONE_DAY  # the run before the first written day starts at lo
    for day in sorted(d for d in written if lo <= d <= last):
        if (day - previous).days - 1 < SILENT_DAYS:
            known.update(date_range(previous + ONE_DAY, day))
        else:
            known.add(day)
        previous = day
    if (last - previous).days < SILENT_DAYS:
        known.update(date_range(previous + ONE_DAY, last))
    return known
