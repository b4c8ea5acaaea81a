"""The export: every record as a form, streamed from the journal in batches, and safe files.

One shape serves the JSON export, the comparison an import makes against the journal,
and the CSV and FHIR writers (journal/exchange/forms.py). Lists are sorted in Python
(never by the database's collation) so that two journals holding the same records give
the same bytes; only the sort keys (id, uuid, time) are held for the whole journal, the
records themselves are read BATCH at a time and written out as they come, so an export's
memory stays flat however long the diary.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from journal.errors import BadInput
from journal.exchange.forms import (
    BATCH,
    COURSES,
    EPISODES,
    INTAKES,
    KINDS,
    OUTCOMES,
    REMEDIES,
    SELECTS,
    TABLES,
    TO_FORM,
    Form,
    parse_utc,
    remedy_form,
    setting_form,
    utc_text,
)
from journal.files import check_target
from journal.progress import Progress
from journal.storage.models import Remedy, Setting

__all__ = ["KINDS", "Form", "parse_utc", "utc_text"]

FORMAT = "headache-journal"
VERSION = 1
# The time each kind is put in order by for the CSV and FHIR files.
TIME_COLUMN = {
    "episodes": "start",
    "intakes": "at",
    "outcomes": "at",
    "courses": "started",
    "checkins": "day",
    "markers": "day",
}


def _touches(
    start: datetime, end: datetime | None, lo: datetime | None, hi: datetime | None
) -> bool:
    """Half-open, as journal.days counts: an episode ending at 00:00 misses the new day."""
    if hi is not None and start >= hi:
        return False
    return lo is None or end is None or end > lo or start >= lo


class Export:
    """Everything in the journal, or the records of local days FIRST..LAST (inclusive).

    Episodes touching the period, intakes, check-ins and markers in it, the outcomes of
    the chosen intakes and the courses overlapping it; the catalogue and settings always
    whole. An episode outside the period that a chosen intake or check-in points at comes
    along, so the file never refers to a record it does not hold. Work on it inside the
    session it was made with.
    """

    def __init__(
        self,
        session: Session,
        first: date | None,
        last: date | None,
        tz: ZoneInfo,
        exported: datetime,
    ) -> None:
        from journal.core.days import local_midnight_utc

        self.session, self.first, self.last = session, first, last
        self.exported = utc_text(exported) or ""
        self.lo = local_midnight_utc(first, tz) if first else None
        self.hi = local_midnight_utc(last + timedelta(days=1), tz) if last else None
        settings = list(session.scalars(select(Setting)))
        self.tz = next((s.value for s in settings if s.key == "tz"), tz.key)
        self.settings = sorted((setting_form(s) for s in settings), key=lambda f: f["key"])
        remedies = session.scalars(select(Remedy).options(selectinload(Remedy.aliases)))
        self.remedies = sorted((remedy_form(r) for r in remedies), key=lambda f: f["uuid"])
        self._keys: dict[str, list[tuple[Any, str, int]]] = {}
        self._chosen_intakes: set[int] | None = None
        for kind in ("intakes", "checkins", "markers", "episodes", "outcomes", "courses"):
            self._keys[kind] = self._select_keys(kind)

    # -- which records, in which order ----------------------------------------------

    def _select_keys(self, kind: str) -> list[tuple[Any, str, int]]:
        """(time, uuid, id) of the kind's chosen records."""
        table = TABLES[kind]
        when = table.c[TIME_COLUMN[kind]]
        query = select(when, table.c.uuid, table.c.id)
        lo, hi, first, last = self.lo, self.hi, self.first, self.last
        if kind in ("intakes", "outcomes"):
            if lo is not None:
                query = query.where(INTAKES.c.at >= lo)
            if hi is not None:
                query = query.where(INTAKES.c.at < hi)
            if kind == "outcomes":
                query = query.select_from(
                    OUTCOMES.join(INTAKES, OUTCOMES.c.intake_id == INTAKES.c.id)
                )
        elif kind in ("checkins", "markers"):
            if first is not None:
                query = query.where(table.c.day >= first)
            if last is not None:
                query = query.where(table.c.day <= last)
        elif kind == "courses":
            if last is not None:
                query = query.where(COURSES.c.started <= last)
            if first is not None:
                query = query.where((COURSES.c.stopped.is_(None)) | (COURSES.c.stopped >= first))
        elif kind == "episodes":
            return self._episode_keys()
        return [(row[0], row[1], row[2]) for row in self.session.execute(query)]

    def _episode_keys(self) -> list[tuple[Any, str, int]]:
        query = select(EPISODES.c.start, EPISODES.c.uuid, EPISODES.c.id, EPISODES.c.end)
        if self.lo is None and self.hi is None:
            return [(s, u, i) for s, u, i, _ in self.session.execute(query)]
        # Closure: never a reference to an episode the file does not hold.
        wanted: set[int] = set()
        for kind in ("intakes", "checkins"):
            ids = [key[2] for key in self._keys[kind]]
            table = TABLES[kind]
            for n in range(0, len(ids), BATCH):
                part = ids[n : n + BATCH]
                found = select(table.c.episode_id).where(
                    table.c.id.in_(part), table.c.episode_id.is_not(None)
                )
                wanted.update(self.session.scalars(found))
        return [
            (s, u, i)
            for s, u, i, e in self.session.execute(query)
            if i in wanted or _touches(s, e, self.lo, self.hi)
        ]

    def counts(self) -> dict[str, int]:
        out = {"settings": len(self.settings), "remedies": len(self.remedies)}
        out.update({kind: len(keys) for kind, keys in self._keys.items()})
        return out

    def total(self) -> int:
        return sum(self.counts().values())

    def used_remedies(self) -> set[str]:
        """The UUIDs of the remedies the chosen intakes and courses name."""
        found: set[str] = set()
        for kind in ("intakes", "courses"):
            table = TABLES[kind]
            ids = [key[2] for key in self._keys[kind]]
            for n in range(0, len(ids), BATCH):
                query = (
                    select(REMEDIES.c.uuid)
                    .distinct()
                    .select_from(table.join(REMEDIES, table.c.remedy_id == REMEDIES.c.id))
                    .where(table.c.id.in_(ids[n : n + BATCH]))
                )
                if kind == "intakes":  # deleted doses are left out of a FHIR bundle
                    query = query.where(table.c.deleted.is_(None))
                found.update(self.session.scalars(query))
        return found

    def stream(self, kind: str, *, by_time: bool = False) -> Iterator[Form]:
        """The kind's forms in UUID order (BY_TIME: in time order, ties by UUID)."""
        if kind == "settings":
            yield from self.settings
            return
        if kind == "remedies":
            yield from self.remedies
            return
        keys = self._keys[kind]
        keys.sort(key=(lambda k: (k[0], k[1])) if by_time else (lambda k: k[1]))
        table = TABLES[kind]
        to_form = TO_FORM[kind]
        for n in range(0, len(keys), BATCH):
            part = [k[2] for k in keys[n : n + BATCH]]
            rows = {
                row["id"]: row
                for row in self.session.execute(
                    SELECTS[kind].where(table.c.id.in_(part))
                ).mappings()
            }
            for ident in part:
                yield to_form(dict(rows[ident]))


# -- the JSON file --------------------------------------------------------------------


def _dumps(value: Any, indent: int | None = 2) -> str:
    # allow_nan=False: a NaN would make a file no JSON reader (and no import) accepts.
    return json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)


def write_json(export: Export, out: IO[bytes], progress: Progress | None = None) -> None:
    """The export as JSON, record by record; the bytes json.dumps(indent=2) would give."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported": export.exported,
        "from": export.first.isoformat() if export.first else None,
        "to": export.last.isoformat() if export.last else None,
    }
    total, done = export.total(), 0
    out.write(b"{\n")
    for key, value in head.items():
        out.write(f"  {_dumps(key)}: {_dumps(value)},\n".encode())
    for k, kind in enumerate(KINDS):
        end = "\n" if k == len(KINDS) - 1 else ",\n"
        out.write(f"  {_dumps(kind)}: [".encode())
        started = False
        for form in export.stream(kind):
            body = _dumps(form).replace("\n", "\n    ")
            out.write(f"{',' if started else ''}\n    {body}".encode())
            started = True
            done += 1
            if progress is not None and done % 1000 == 0:
                progress(done, total)
        out.write(("\n  ]" if started else "]").encode() + end.encode())
    out.write(b"}\n")
    if progress is not None:
        progress(total, total)


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
