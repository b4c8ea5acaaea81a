"""Plain, frozen records that the pure counting and rule code works on.

The per-record facts are named tuples (immutable, and quick to make by the ten thousand when
a long period is loaded); `Facts`, one per call, is a frozen dataclass. The loader
(journal/entries/reads.py) turns database rows into these; days.py, rules.py and summary.py
never see a Session, so they are tested with small hand-made tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from journal.spec import (  # noqa: F401  (the vocabularies, re-exported)
    ACUTE_CLASSES,
    ALL_CLASSES,
    EPISODE_TYPES,
    IMPACT_MISSED,
    IMPACT_REDUCED,
    RELIEF,
    USES,
)

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


class EpisodeFact(NamedTuple):
    id: int
    start: datetime  # aware, UTC
    end: datetime | None  # aware, UTC; None while ongoing
    intensity: int | None  # peak 0-10
    type: str = "unknown"
    missed: tuple[str, ...] = ()
    reduced: tuple[str, ...] = ()
    persisted_checkin: bool = False  # a next-day check-in said it was still there
    # What the ICHD-3 classification reads (classify.py); None: not recorded.
    aura: bool = False
    symptoms: tuple[str, ...] = ()
    side: str | None = None  # of SIDES
    quality: str | None = None  # of QUALITIES
    activity_worse: bool | None = None


class IntakeFact(NamedTuple):
    id: int
    at: datetime  # aware, UTC
    remedy: str
    klass: str  # one of ALL_CLASSES
    use: str  # "acute" or "preventive"
    dose: float | None = None
    unit: str | None = None
    episode_id: int | None = None
    relief: str | None = None


class CheckinFact(NamedTuple):
    date: date  # the morning's local date
    status: str  # "still" (still hurting) or "clear"
    intensity: int | None = None
    episode_id: int | None = None


class MarkerFact(NamedTuple):
    date: date
    tag: str
    note: str | None = None


class ImpactFact(NamedTuple):
    """MIDAS impact recorded for one local day (from a check-in, or added to an episode).

    An episode's own `missed`/`reduced` count on its start day and need no ImpactFact.
    """

    date: date
    missed: tuple[str, ...] = ()  # of IMPACT_MISSED
    reduced: tuple[str, ...] = ()  # of IMPACT_REDUCED
    episode_id: int | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything recorded that touches [first, last] (local dates, inclusive).

    `first_entry` is the local date of the journal's very first record (episode start, intake,
    check-in or marker), wherever it lies: known days begin there (daybook.py). None means the
    loader did not say; the earliest record among these facts then stands in for it.
    Known days near `first` and `last` need the records of the 13 days beyond them, so the
    loader reaches that far (KNOWN_MARGIN in daybook.py).
    """

    tz: ZoneInfo
    now: datetime  # aware; ongoing episodes count up to here
    first: date
    last: date
    episodes: tuple[EpisodeFact, ...] = ()
    intakes: tuple[IntakeFact, ...] = ()
    checkins: tuple[CheckinFact, ...] = ()
    markers: tuple[MarkerFact, ...] = ()
    min_duration: timedelta = field(default=timedelta(0))
    first_entry: date | None = None
    impacts: tuple[ImpactFact, ...] = ()
