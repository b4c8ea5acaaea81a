"""Builders for the pure-core tests: local times, dates and Facts in a few words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from journal.core.facts import (
    CheckinFact,
    EpisodeFact,
    Facts,
    ImpactFact,
    IntakeFact,
    MarkerFact,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def d(text: str) -> date:
    return date.fromisoformat(text)


def at(local: str, tz: ZoneInfo = BERLIN) -> datetime:
    """A local wall-clock time in `tz`, as the aware UTC instant the database stores."""
    return datetime.fromisoformat(local).replace(tzinfo=tz).astimezone(UTC)


def make_facts(
    episodes: tuple[EpisodeFact, ...] = (),
    intakes: tuple[IntakeFact, ...] = (),
    checkins: tuple[CheckinFact, ...] = (),
    markers: tuple[MarkerFact, ...] = (),
    *,
    now: str,
    tz: ZoneInfo = BERLIN,
    first: str = "2026-01-01",
    last: str = "2026-12-31",
    min_duration: timedelta = timedelta(0),
    first_entry: str | None = None,
    impacts: tuple[ImpactFact, ...] = (),
) -> Facts:
    """Facts over [first, last]; FIRST_ENTRY None lets the earliest record stand in for the
    journal's first entry (as when a loader does not say)."""
    return Facts(
        tz=tz,
        now=at(now, tz),
        first=d(first),
        last=d(last),
        episodes=episodes,
        intakes=intakes,
        checkins=checkins,
        markers=markers,
        min_duration=min_duration,
        first_entry=None if first_entry is None else d(first_entry),
        impacts=impacts,
    )
