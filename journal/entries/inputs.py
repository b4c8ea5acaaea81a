"""What the entry commands are given: typed inputs, None meaning "not given"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime


@dataclass
class EpisodeInput:
    """Fields of `log` and `edit`; None means "not given"."""

    start: datetime | None = None
    end: datetime | None = None
    ongoing: bool = False
    intensity: int | None = None
    type: str | None = None
    aura: bool | None = None
    symptoms: Sequence[str] | None = None
    triggers: Sequence[str] | None = None
    location: str | None = None
    missed: Sequence[str] | None = None
    reduced: Sequence[str] | None = None
    note: str | None = None


@dataclass
class IntakeInput:
    """Fields of `take` and `edit-intake`; None means "not given"."""

    remedy: str | None = None
    dose: float | None = None
    unit: str | None = None
    at: datetime | None = None
    episode_id: int | None = None
    unlink: bool = False
    relief: str | None = None
    product: str | None = None

    def given(self) -> bool:
        return any(getattr(self, f.name) not in (None, False) for f in fields(self))


@dataclass
class CheckinInput:
    """The morning check-in: whether the previous day's headache is still there."""

    still_hurting: bool
    day: date | None = None  # the morning's local date; None: today
    intensity: int | None = None
    at: datetime | None = None  # with a clear check-in: when it ended


@dataclass
class RemedyInput:
    """A remedy added to the catalogue."""

    name: str
    klass: str
    unit: str | None = None
    aliases: Sequence[str] = ()
    preventive: bool = False
