"""The export document: every record as a plain dict keyed by UUID, and safe file writing.

One shape serves the JSON export, the comparison an import makes against the journal,
and the CSV and FHIR writers: times are UTC ISO 8601 text, references are UUIDs,
lists are sorted in Python (never by the database's collation) so that two journals
holding the same records give the same bytes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from journal.entries.records import DETAIL_FIELDS, episode_details
from journal.errors import BadInput
from journal.files import check_target
from journal.progress import Progress
from journal.spec import lookup_key
from journal.storage.models import CheckIn, DayMarker, Episode, Intake, Remedy, Setting

FORMAT = "headache-journal"
VERSION = 1
# The order records are written and imported in: what a record refers to comes first.
KINDS: tuple[str, ...] = ("settings", "remedies", "episodes", "intakes", "checkins", "markers")

Form = dict[str, Any]


def utc_text(value: datetime | None) -> str | None:
    """UTC ISO 8601 with a Z; microseconds only when there are any (as stored)."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_utc(text: str) -> datetime:
    """The inverse of utc_text (any offset accepted); the text has been checked already."""
    return datetime.fromisoformat(text).astimezone(UTC)


@dataclass
class Document:
    """One export: the period it covers and its records, each list in UUID order."""

    exported: str
    first: date | None
    last: date | None
    tz: str
    settings: list[Form] = field(default_factory=list)
    remedies: list[Form] = field(default_factory=list)
    episodes: list[Form] = field(default_factory=list)
    intakes: list[Form] = field(default_factory=list)
    checkins: list[Form] = field(default_factory=list)
    markers: list[Form] = field(default_factory=list)

    def records(self, kind: str) -> list[Form]:
        records: list[Form] = getattr(self, kind)
        return records

    def counts(self) -> dict[str, int]:
        return {kind: len(self.records(kind)) for kind in KINDS}


# -- records as forms -----------------------------------------------------------------


def setting_form(row: Setting) -> Form:
    return {"key": row.key, "value": row.value, "updated": utc_text(row.updated)}


def remedy_form(remedy: Remedy) -> Form:
    aliases = sorted(remedy.aliases, key=lambda a: (lookup_key(a.name), a.name))
    return {
        "uuid": remedy.uuid,
        "name": remedy.name,
        "class": remedy.klass,
        "use": remedy.use,
        "unit": remedy.unit,
        "aliases": [a.name for a in aliases],
        "created": utc_text(remedy.created),
        "updated": utc_text(remedy.updated),
    }


def episode_form(ep: Episode) -> Form:
    return {
        "uuid": ep.uuid,
        "start": utc_text(ep.start),
        "end": utc_text(ep.end),
        **episode_details({k: getattr(ep, k) for k in DETAIL_FIELDS}),
        "deleted": utc_text(ep.deleted),
        "created": utc_text(ep.created),
        "updated": utc_text(ep.updated),
    }


def intake_form(intake: Intake, remedy_uuid: str, episode_uuid: str | None) -> Form:
    return {
        "uuid": intake.uuid,
        "remedy": remedy_uuid,
        "episode": episode_uuid,
        "at": utc_text(intake.at),
        # A float column may come back as an int from some drivers; the file keeps floats.
        "dose": None if intake.dose is None else float(intake.dose),
        "unit": intake.unit,
        "relief": intake.relief,
        "product": intake.product,
        "deleted": utc_text(intake.deleted),
        "created": utc_text(intake.created),
        "updated": utc_text(intake.updated),
    }


def checkin_form(row: CheckIn, episode_uuid: str | None) -> Form:
    return {
        "uuid": row.uuid,
        "day": row.day.isoformat(),
        "status": row.status,
        "intensity": row.intensity,
        "at": utc_text(row.at),
        "episode": episode_uuid,
        "created": utc_text(row.created),
        "updated": utc_text(row.updated),
    }


def marker_form(row: DayMarker) -> Form:
    return {
        "uuid": row.uuid,
        "day": row.day.isoformat(),
        "tag": row.tag,
        "note": row.note,
        "created": utc_text(row.created),
        "updated": utc_text(row.updated),
    }


# -- reading the journal --------------------------------------------------------------


def _touches(ep: Episode, start: datetime | None, end: datetime | None) -> bool:
    """Half-open, as journal.days counts: an episode ending at 00:00 misses the new day."""
    if end is not None and ep.start >= end:
        return False
    return start is None or ep.end is None or ep.end > start or ep.start >= start


# The steps collect() reports: remedies and episodes, intakes, check-ins and markers,
# and the finished document.
COLLECT_STEPS = 4


def collect(
    session: Session,
    first: date | None,
    last: date | None,
    tz: ZoneInfo,
    exported: datetime,
    progress: Progress | None = None,
) -> Document:
    """Everything in the journal, or the records of local days FIRST..LAST (inclusive).

    Episodes touching the period, intakes and check-ins in it, and markers on its days;
    the catalogue and settings always whole. An episode outside the period that a
    chosen intake or check-in points at comes along, so the file never refers to a
    record it does not hold. PROGRESS hears of each of the COLLECT_STEPS.
    """
    from journal.core.days import local_midnight_utc

    def step(done: int) -> None:
        if progress is not None:
            progress(done, COLLECT_STEPS)

    start = local_midnight_utc(first, tz) if first else None
    end = local_midnight_utc(last + timedelta(days=1), tz) if last else None

    remedies = list(session.scalars(select(Remedy).options(selectinload(Remedy.aliases))))
    remedy_uuid = {r.id: r.uuid for r in remedies}
    episodes = list(session.scalars(select(Episode)))
    episode_uuid = {e.id: e.uuid for e in episodes}
    step(1)

    intake_query = select(Intake)
    if start is not None:
        intake_query = intake_query.where(Intake.at >= start)
    if end is not None:
        intake_query = intake_query.where(Intake.at < end)
    intakes = list(session.scalars(intake_query))
    step(2)

    checkin_query = select(CheckIn)
    marker_query = select(DayMarker)
    if first is not None:
        checkin_query = checkin_query.where(CheckIn.day >= first)
        marker_query = marker_query.where(DayMarker.day >= first)
    if last is not None:
        checkin_query = checkin_query.where(CheckIn.day <= last)
        marker_query = marker_query.where(DayMarker.day <= last)
    checkins = list(session.scalars(checkin_query))
    markers = list(session.scalars(marker_query))
    step(3)

    wanted = {e.id for e in episodes if _touches(e, start, end)}
    # Closure: never a reference to an episode the file does not hold.
    wanted |= {i.episode_id for i in intakes if i.episode_id is not None}
    wanted |= {c.episode_id for c in checkins if c.episode_id is not None}

    def by_uuid(forms: list[Form]) -> list[Form]:
        return sorted(forms, key=lambda f: f["uuid"])

    settings = list(session.scalars(select(Setting)))
    tz_setting = next((s.value for s in settings if s.key == "tz"), tz.key)
    doc = Document(
        exported=utc_text(exported) or "",
        first=first,
        last=last,
        tz=tz_setting,
        settings=sorted((setting_form(s) for s in settings), key=lambda f: f["key"]),
        remedies=by_uuid([remedy_form(r) for r in remedies]),
        episodes=by_uuid([episode_form(e) for e in episodes if e.id in wanted]),
        intakes=by_uuid(
            [
                intake_form(
                    i,
                    remedy_uuid[i.remedy_id],
                    episode_uuid.get(i.episode_id) if i.episode_id else None,
                )
                for i in intakes
            ]
        ),
        checkins=by_uuid(
            [
                checkin_form(c, episode_uuid.get(c.episode_id) if c.episode_id else None)
                for c in checkins
            ]
        ),
        markers=by_uuid([marker_form(m) for m in markers]),
    )
    step(COLLECT_STEPS)
    return doc


# -- the JSON file --------------------------------------------------------------------


def to_json(doc: Document) -> bytes:
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported": doc.exported,
        "from": doc.first.isoformat() if doc.first else None,
        "to": doc.last.isoformat() if doc.last else None,
    }
    for kind in KINDS:
        data[kind] = doc.records(kind)
    # allow_nan=False: a NaN would make a file no JSON reader (and no import) accepts.
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


# -- writing files safely -------------------------------------------------------------


def check_out_path(
    out: Path, *, folder: bool, overwrite: bool, names: tuple[str, ...] = ()
) -> None:
    """Refuse (naming --out) a PATH that cannot be written without harm, before any work.

    For a folder (csv), each of NAMES inside it is checked as a file would be.
    """
    if not folder:
        check_target(out, overwrite=overwrite)
        return
    if not out.parent.is_dir():
        raise BadInput("--out", f"the folder {out.parent} does not exist; create it first")
    if os.path.lexists(out) and not out.is_dir():
        raise BadInput("--out", f"{out} is a file (or no folder); the csv format writes a folder")
    if out.is_dir():
        for name in names:
            check_target(out / name, overwrite=overwrite)


def make_folder(folder: Path) -> None:
    if not folder.exists():
        folder.mkdir(mode=0o700)
