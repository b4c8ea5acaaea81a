"""Load one period's rows with bounded, indexed queries and hand them on as plain facts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from journal.core.days import local_midnight_utc
from journal.core.facts import CheckinFact, Facts, MarkerFact
from journal.entries.records import episode_fact, intake_fact
from journal.entries.writes import journal_zone, min_duration
from journal.storage.models import CheckIn, DayMarker, Episode, Intake


def bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in UTC."""
    return local_midnight_utc(first, tz), local_midnight_utc(last + timedelta(days=1), tz)


def episodes_overlapping(
    session: Session, start: datetime, end: datetime, *, deleted: bool = False
) -> list[Episode]:
    """Episodes touching [start, end): finished ones found through the start index,
    looking back no further than the longest finished episode; ongoing ones apart."""
    longest = session.scalar(select(func.max(Episode.span_seconds))) or 0
    alive = Episode.deleted.is_not(None) if deleted else Episode.deleted.is_(None)
    finished = (
        select(Episode)
        .where(alive, Episode.end.is_not(None))
        .where(Episode.start < end, Episode.start >= start - timedelta(seconds=longest))
        .where(Episode.end >= start)
    )
    ongoing = select(Episode).where(alive, Episode.end.is_(None), Episode.start < end)
    rows: dict[int, Episode] = {}
    for query in (finished, ongoing):
        for ep in session.scalars(query.options(selectinload(Episode.intakes))):
            rows[ep.id] = ep
    return sorted(rows.values(), key=lambda e: (e.start, e.id))


def intakes_between(session: Session, start: datetime, end: datetime) -> list[Intake]:
    return list(
        session.scalars(
            select(Intake)
            .where(Intake.deleted.is_(None), Intake.at >= start, Intake.at < end)
            .order_by(Intake.at, Intake.id)
        )
    )


def still_hurting_episode_ids(session: Session, episode_ids: list[int]) -> set[int]:
    if not episode_ids:
        return set()
    rows = session.scalars(
        select(CheckIn.episode_id).where(
            CheckIn.status == "still", CheckIn.episode_id.in_(episode_ids)
        )
    )
    return {r for r in rows if r is not None}


def load_facts(
    session: Session, first: date, last: date, now: datetime, tz: ZoneInfo | None = None
) -> Facts:
    tz = tz or journal_zone(session)
    start, end = bounds(first, last, tz)
    episodes = episodes_overlapping(session, start, end)
    persisted = still_hurting_episode_ids(session, [e.id for e in episodes])
    intakes = intakes_between(session, start, end)
    checkins = session.scalars(
        select(CheckIn).where(CheckIn.day >= first, CheckIn.day <= last).order_by(CheckIn.day)
    )
    markers = session.scalars(
        select(DayMarker)
        .where(DayMarker.day >= first, DayMarker.day <= last)
        .order_by(DayMarker.day, DayMarker.tag)
    )
    return Facts(
        tz=tz,
        now=now,
        first=first,
        last=last,
        episodes=tuple(episode_fact(e, e.id in persisted) for e in episodes),
        intakes=tuple(intake_fact(i) for i in intakes),
        checkins=tuple(CheckinFact(c.day, c.status, c.intensity, c.episode_id) for c in checkins),
        markers=tuple(MarkerFact(m.day, m.tag, m.note) for m in markers),
        min_duration=min_duration(session),
    )
