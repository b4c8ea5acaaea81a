"""Everyday writes: log, end, take, check in, edit, delete, mark, remedies, settings.

Each function takes an open Session inside the caller's transaction and raises
journal.errors exceptions; nothing here prints or commits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from journal.errors import BadInput, NotFound
from journal.spec import ALL_CLASSES, EPISODE_TYPES, RELIEF, check_text
from journal.storage.models import CheckIn, DayMarker, Episode, Intake, Remedy, RemedyAlias, Setting
from journal.when import zone_named

T = TypeVar("T", Episode, Intake)
SETTINGS_DEFAULTS = {"tz": "UTC", "min-duration": "0"}
MAX_TAGS = 50


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


# -- settings -------------------------------------------------------------------------


def setting(session: Session, key: str) -> str:
    # Plain SQL: an ORM query costs a statement compile in every short-lived process.
    value = session.execute(text("SELECT value FROM settings WHERE key = :k"), {"k": key})
    found = value.scalar()
    return found if found is not None else SETTINGS_DEFAULTS[key]


def journal_zone(session: Session) -> ZoneInfo:
    return zone_named(setting(session, "tz"), "tz")


def min_duration(session: Session) -> timedelta:
    return timedelta(minutes=float(setting(session, "min-duration")))


def set_setting(session: Session, key: str, value: str, now: datetime) -> str:
    if key not in SETTINGS_DEFAULTS:
        raise BadInput("KEY", f"unknown setting {key!r}; known: {', '.join(SETTINGS_DEFAULTS)}")
    check_text(value, "VALUE", 200)
    if key == "tz":
        value = zone_named(value.strip(), "VALUE").key
    elif key == "min-duration":
        value = _parse_minutes(value)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value, updated=now))
    else:
        row.value, row.updated = value, now
    return value


def _parse_minutes(value: str) -> str:
    raw = value.strip().lower().removesuffix("min").removesuffix("m").strip()
    try:
        minutes = float(raw)
    except ValueError:
        minutes = -1.0
    if not math.isfinite(minutes) or minutes < 0 or minutes > 7 * 24 * 60:
        raise BadInput("VALUE", "min-duration is a number of minutes from 0 to 10080, e.g. 30")
    return f"{minutes:g}"


# -- episodes -------------------------------------------------------------------------


def _tags(values: Sequence[str] | None, field: str) -> list[str] | None:
    if values is None:
        return None
    out: list[str] = []
    for raw in values:
        check_text(raw, field, 100)
        tag = " ".join(raw.split()).lower()
        if not tag:
            raise BadInput(field, "must not be empty")
        if tag not in out:
            out.append(tag)
    if len(out) > MAX_TAGS:
        raise BadInput(field, f"at most {MAX_TAGS} tags")
    return out


def _check_intensity(value: int | None, field: str = "--intensity") -> None:
    if value is not None and not 0 <= value <= 10:
        raise BadInput(field, f"{value} is outside 0-10")


def _apply(ep: Episode, data: EpisodeInput, now: datetime) -> None:
    _check_intensity(data.intensity)
    if data.type is not None and data.type not in EPISODE_TYPES:
        raise BadInput("--type", f"{data.type!r} is not one of {', '.join(EPISODE_TYPES)}")
    if data.start is not None:
        ep.start = data.start
    if data.ongoing:
        ep.set_end(None)
    elif data.end is not None:
        ep.set_end(data.end)
    elif data.start is not None and ep.end is not None:
        ep.set_end(ep.end)  # keep the span in step with a moved start
    if ep.end is not None and ep.end < ep.start:
        raise BadInput("--end", "is before the episode's start")
    if data.intensity is not None:
        ep.intensity = data.intensity
    if data.type is not None:
        ep.type = data.type
    if data.aura is not None:
        ep.aura = data.aura
    for name, field in (
        ("symptoms", "--symptom"),
        ("triggers", "--trigger"),
        ("missed", "--missed"),
        ("reduced", "--reduced"),
    ):
        tags = _tags(getattr(data, name), field)
        if tags is not None:
            setattr(ep, name, tags)
    if data.location is not None:
        ep.location = check_text(data.location, "--location", 200) or None
    if data.note is not None:
        ep.note = check_text(data.note, "--note") or None
    ep.updated = now


def log_episode(session: Session, data: EpisodeInput, now: datetime) -> Episode:
    ep = Episode(
        start=data.start or now,
        type="unknown",
        aura=False,
        symptoms=[],
        triggers=[],
        missed=[],
        reduced=[],
        created=now,
    )
    _apply(ep, data, now)
    session.add(ep)
    session.flush()
    return ep


def _get(session: Session, model: type[T], noun: str, key: int, deleted: bool | None) -> T:
    """The record KEY; deleted=False wants a live one, True a deleted one, None either."""
    row = session.get(model, key)
    if row is None or (deleted is not None and (row.deleted is not None) != deleted):
        state = "deleted " if deleted else ""
        raise NotFound(f"There is no {state}{noun} {key}.")
    return row


def get_episode(session: Session, episode_id: int, *, deleted: bool | None = False) -> Episode:
    return _get(session, Episode, "episode", episode_id, deleted)


def edit_episode(session: Session, episode_id: int, data: EpisodeInput, now: datetime) -> Episode:
    ep = get_episode(session, episode_id)
    _apply(ep, data, now)
    for intake in ep.intakes:
        if intake.deleted is None and intake.at < ep.start:
            intake.episode_id = None  # the edit moved the episode away from this dose
    return ep


def latest_ongoing(session: Session) -> Episode | None:
    return session.scalars(
        select(Episode)
        .where(Episode.end.is_(None), Episode.deleted.is_(None))
        .order_by(Episode.start.desc(), Episode.id.desc())
        .limit(1)
    ).first()


def end_episode(
    session: Session,
    episode_id: int | None,
    at: datetime,
    intensity: int | None,
    now: datetime,
) -> Episode:
    _check_intensity(intensity)
    if episode_id is None:
        ep = latest_ongoing(session)
        if ep is None:
            raise NotFound("No episode is ongoing; name one: journal end ID.")
    else:
        ep = get_episode(session, episode_id)
    if at < ep.start:
        raise BadInput("--at", "is before the episode's start")
    ep.set_end(at)
    if intensity is not None and (ep.intensity is None or intensity > ep.intensity):
        ep.intensity = intensity
    ep.updated = now
    return ep


def set_deleted(session: Session, episode_id: int, deleted: bool, now: datetime) -> Episode:
    return _mark_deleted(get_episode(session, episode_id, deleted=not deleted), deleted, now)


def _mark_deleted(row: T, deleted: bool, now: datetime) -> T:
    # Kept, hidden: deleting is reversible, and export marks deleted records.
    row.deleted = now if deleted else None
    row.updated = now
    return row


def containing_episode(session: Session, at: datetime, now: datetime) -> Episode | None:
    """The latest-starting episode whose span holds AT (an ongoing one runs to now)."""
    candidates = session.scalars(
        select(Episode)
        .where(Episode.start <= at, Episode.deleted.is_(None))
        .where((Episode.end.is_(None)) | (Episode.end >= at))
        .order_by(Episode.start.desc(), Episode.id.desc())
        .limit(1)
    ).first()
    if candidates is not None and candidates.end is None and at > now:
        return None
    return candidates


# -- remedies and intakes -------------------------------------------------------------


def find_remedy(session: Session, name: str, field: str = "REMEDY") -> Remedy:
    from journal.spec import lookup_key

    check_text(name, field, 200)
    key = lookup_key(name)
    by_alias = select(RemedyAlias.remedy_id).where(RemedyAlias.key == key)
    remedy = session.scalars(
        select(Remedy).where((Remedy.key == key) | Remedy.id.in_(by_alias)).limit(1)
    ).first()
    if remedy is None:
        raise BadInput(
            field,
            f"unknown remedy {name!r}; see `journal remedies list`, or add it with "
            f"`journal remedies add {name!r} --class CLASS`",
        )
    return remedy


def add_remedy(
    session: Session,
    name: str,
    klass: str,
    unit: str | None,
    aliases: Sequence[str],
    preventive: bool,
    now: datetime,
) -> Remedy:
    from journal.spec import lookup_key

    check_text(name, "NAME", 200)
    if not name.strip():
        raise BadInput("NAME", "must not be empty")
    if klass not in ALL_CLASSES:
        raise BadInput("--class", f"{klass!r} is not one of {', '.join(ALL_CLASSES)}")
    check_text(unit, "--unit", 20)
    names = [name, *aliases]
    for label, n in zip(["NAME"] + ["--alias"] * len(aliases), names, strict=True):
        check_text(n, label, 200)
        if not n.strip():
            raise BadInput(label, "must not be empty")
        key = lookup_key(n)
        taken = session.scalar(select(func.count()).select_from(Remedy).where(Remedy.key == key))
        taken = taken or session.scalar(
            select(func.count()).select_from(RemedyAlias).where(RemedyAlias.key == key)
        )
        if taken:
            raise BadInput(label, f"{n!r} is already in the catalogue")
    if len({lookup_key(n) for n in names}) != len(names):
        raise BadInput("--alias", "repeats a name")
    remedy = Remedy(
        name=" ".join(name.split()),
        key=lookup_key(name),
        klass=klass,
        unit=(unit or "").strip() or None,
        use="preventive" if preventive else "acute",
        created=now,
        updated=now,
    )
    remedy.aliases = [RemedyAlias(name=a.strip(), key=lookup_key(a)) for a in aliases]
    session.add(remedy)
    session.flush()
    return remedy


def list_remedies(session: Session) -> list[Remedy]:
    return list(session.scalars(select(Remedy).order_by(Remedy.klass, Remedy.key)))


def _check_dose(dose: float | None) -> None:
    if dose is not None and (not math.isfinite(dose) or dose < 0):
        raise BadInput("--dose", "must be a finite number of 0 or more")


def _check_relief(relief: str | None) -> None:
    if relief is not None and relief not in RELIEF:
        raise BadInput("--relief", f"{relief!r} is not one of {', '.join(RELIEF)}")


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


def take(session: Session, data: IntakeInput, now: datetime) -> Intake:
    remedy = find_remedy(session, data.remedy or "")
    at = data.at or now
    intake = Intake(remedy=remedy, at=at, created=now, updated=now)
    _apply_intake(session, intake, replace(data, remedy=None), now, auto_link=True)
    session.add(intake)
    session.flush()
    return intake


def _apply_intake(
    session: Session, intake: Intake, data: IntakeInput, now: datetime, *, auto_link: bool
) -> None:
    _check_dose(data.dose)
    _check_relief(data.relief)
    if data.remedy is not None:
        intake.remedy = find_remedy(session, data.remedy, "--remedy")
    if data.at is not None:
        intake.at = data.at
    if data.dose is not None:
        intake.dose = float(data.dose)
    if data.unit is not None:
        intake.unit = check_text(data.unit.strip(), "--unit", 20) or None
    elif intake.unit is None:
        intake.unit = intake.remedy.unit
    if data.relief is not None:
        intake.relief = data.relief
    if data.product is not None:
        intake.product = check_text(data.product, "--product", 500) or None
    if data.unlink:
        intake.episode = None
    elif data.episode_id is not None:
        ep = session.get(Episode, data.episode_id)
        if ep is None or ep.deleted is not None:
            raise BadInput("--episode", f"there is no episode {data.episode_id}")
        intake.episode = ep
    elif auto_link:
        intake.episode = containing_episode(session, intake.at, now)
    intake.updated = now


def get_intake(session: Session, intake_id: int, *, deleted: bool | None = False) -> Intake:
    return _get(session, Intake, "intake", intake_id, deleted)


def edit_intake(session: Session, intake_id: int, data: IntakeInput, now: datetime) -> Intake:
    intake = get_intake(session, intake_id)
    _apply_intake(session, intake, data, now, auto_link=False)
    return intake


def set_intake_deleted(session: Session, intake_id: int, deleted: bool, now: datetime) -> Intake:
    return _mark_deleted(get_intake(session, intake_id, deleted=not deleted), deleted, now)


# -- check-ins and markers ------------------------------------------------------------


def episode_on_day(session: Session, day: date, tz: ZoneInfo, now: datetime) -> Episode | None:
    """The latest-starting live episode that touches local DAY."""
    from journal.core.days import local_midnight_utc

    day_start = local_midnight_utc(day, tz)
    day_end = local_midnight_utc(day + timedelta(days=1), tz)
    return session.scalars(
        select(Episode)
        .where(Episode.deleted.is_(None), Episode.start < day_end)
        .where((Episode.end.is_(None)) | (Episode.end >= day_start))
        .order_by(Episode.start.desc(), Episode.id.desc())
        .limit(1)
    ).first()


def checkin(
    session: Session,
    day: date,
    still_hurting: bool,
    intensity: int | None,
    at: datetime | None,
    now: datetime,
    tz: ZoneInfo,
) -> CheckIn:
    """Answer the morning question for DAY: is the previous day's headache still there?"""
    _check_intensity(intensity)
    today = now.astimezone(tz).date()
    if day > today:
        raise BadInput("--date", f"{day} is in the future")
    ep: Episode | None
    if still_hurting:
        ep = episode_on_day(session, day - timedelta(days=1), tz, now)
        if ep is None:
            raise BadInput(
                "--still-hurting",
                f"no episode was logged on {day - timedelta(days=1)}; log it first with "
                "`journal log --start 'yesterday 21:00'`",
            )
        ep.set_end(None)  # it continues (reopened if it had been ended)
        if intensity is not None and (ep.intensity is None or intensity > ep.intensity):
            ep.intensity = intensity
        ep.updated = now
        status = "still"
        when = now
    else:
        ep = latest_ongoing(session)
        when = at or now
        if ep is not None:
            if at is None and day != today:
                raise BadInput(
                    "--at", f"episode {ep.id} is ongoing: say when it ended for a past check-in"
                )
            if when < ep.start:
                raise BadInput("--at", f"is before episode {ep.id} started")
            ep.set_end(when)
            ep.updated = now
        status = "clear"
    row = session.scalars(select(CheckIn).where(CheckIn.day == day)).first()
    if row is None:
        row = CheckIn(day=day, created=now)
        session.add(row)
    row.status, row.intensity, row.at, row.updated = status, intensity, when, now
    row.episode_id = ep.id if ep is not None else None
    session.flush()
    return row


def mark(session: Session, tag: str, day: date, note: str | None, now: datetime) -> DayMarker:
    check_text(tag, "TAG", 100)
    clean = " ".join(tag.split()).lower()
    if not clean:
        raise BadInput("TAG", "must not be empty")
    check_text(note, "--note")
    row = session.scalars(
        select(DayMarker).where(DayMarker.day == day, DayMarker.tag == clean)
    ).first()
    if row is None:
        row = DayMarker(day=day, tag=clean, created=now)
        session.add(row)
    if note is not None:
        row.note = note or None
    row.updated = now
    session.flush()
    return row


def unmark(session: Session, marker_id: int) -> DayMarker:
    row = session.get(DayMarker, marker_id)
    if row is None:
        raise NotFound(f"There is no day marker {marker_id}.")
    session.delete(row)
    return row
