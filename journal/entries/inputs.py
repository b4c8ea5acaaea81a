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
    # MIDAS impact on later days of the episode: (date, "missed" or "reduced", what).
    impact_days: Sequence[tuple[date, str, str]] | None = None
    # Pain features (ICHD-3 1.1 C); None: not given.
    side: str | None = None
    quality: str | None = None
    activity_worse: bool | None = None


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
    pain: int | None = None  # pain 0-10 when it was taken

    def given(self) -> bool:
        return any(getattr(self, f.name) not in (None, False) for f in fields(self))


@dataclass
class CheckinInput:
    """The morning check-in: whether the previous day's headache is still there."""

    still_hurting: bool
    day: date | None = None  # the morning's local date; None: today
    intensity: int | None = None
    # still hurting: when that morning (default: now today, MORNING on a past day);
    # clear: when it ended (default: now)
    at: datetime | None = None
    missed: Sequence[str] = ()  # MIDAS impact of that day
    reduced: Sequence[str] = ()


@dataclass
class RemedyInput:
    """A remedy added to the catalogue."""

    name: str
    klass: str
    unit: str | None = None
    aliases: Sequence[str] = ()
    preventive: bool = False


@dataclass(frozen=True)
class ListFilter:
    """What `journal list` narrows the entries to; None: no condition."""

    type: str | None = None
    symptom: str | None = None
    trigger: str | None = None
    remedy: str | None = None  # a remedy's name or alias
    text: str | None = None  # a word in a note, any case
    min_intensity: int | None = None

    def active(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))
