"""Plain, frozen records that the pure counting and rule code works on.

The loader (journal/entries/reads.py) turns database rows into these; days.py, rules.py and
summary.py never see a Session, so they are tested with small hand-made tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

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


@dataclass(frozen=True)
class EpisodeFact:
    id: int
    start: datetime  # aware, UTC
    end: datetime | None  # aware, UTC; None while ongoing
    intensity: int | None  # peak 0-10
    type: str = "unknown"
    missed: tuple[str, ...] = ()
    reduced: tuple[str, ...] = ()
    persisted_checkin: bool = False  # a next-day check-in said it was still there


@dataclass(frozen=True)
class IntakeFact:
    id: int
    at: datetime  # aware, UTC
    remedy: str
    klass: str  # one of ALL_CLASSES
    use: str  # "acute" or "preventive"
    dose: float | None = None
    unit: str | None = None
    episode_id: int | None = None
    relief: str | None = None


@dataclass(frozen=True)
class CheckinFact:
    date: date  # the morning's local date
    status: str  # "still" (still hurting) or "clear"
    intensity: int | None = None
    episode_id: int | None = None


@dataclass(frozen=True)
class MarkerFact:
    date: date
    tag: str
    note: str | None = None


@dataclass(frozen=True)
class Facts:
    """Everything recorded that touches [first, last] (local dates, inclusive)."""

    tz: ZoneInfo
    now: datetime  # aware; ongoing episodes count up to here
    first: date
    last: date
    episodes: tuple[EpisodeFact, ...] = ()
    intakes: tuple[IntakeFact, ...] = ()
    checkins: tuple[CheckinFact, ...] = ()
    markers: tuple[MarkerFact, ...] = ()
    min_duration: timedelta = field(default=timedelta(0))
