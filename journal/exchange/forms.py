"""Records as export forms and back: one definition per kind, read and written in batches.

A form is a record as the export files hold it: times as UTC ISO 8601 text, references
as UUIDs. `SELECTS` reads a kind's rows together with the UUIDs they refer to (one
statement, no ORM objects); `*_form` turns such a row into a form; `*_values` turns a
checked form into column values for an INSERT or UPDATE. Export, import and the audit
before a restore all go through here, so the three cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Select, Table, select
from sqlalchemy.sql import Join

from journal.spec import lookup_key
from journal.storage.models import (
    CheckIn,
    Course,
    DayMarker,
    Episode,
    Intake,
    Outcome,
    Remedy,
    Setting,
)

Form = dict[str, Any]
# The order records are written and imported in: what a record refers to comes first.
KINDS: tuple[str, ...] = (
    "settings",
    "remedies",
    "episodes",
    "intakes",
    "outcomes",
    "courses",
    "checkins",
    "markers",
)
# Kinds whose records are counted in the tens of thousands over a long diary: they are
# read and written in batches, never held whole. The others are bounded by the days of
# a life (one check-in a day) or by the catalogue, and are held whole for their checks.
STREAMED: tuple[str, ...] = ("episodes", "intakes", "outcomes")
BATCH = 500  # records per statement: also bounds each IN (...) list

EPISODES = cast(Table, Episode.__table__)
INTAKES = cast(Table, Intake.__table__)
OUTCOMES = cast(Table, Outcome.__table__)
COURSES = cast(Table, Course.__table__)
CHECKINS = cast(Table, CheckIn.__table__)
MARKERS = cast(Table, DayMarker.__table__)
REMEDIES = cast(Table, Remedy.__table__)
TABLES: dict[str, Table] = {
    "episodes": EPISODES,
    "intakes": INTAKES,
    "outcomes": OUTCOMES,
    "courses": COURSES,
    "checkins": CHECKINS,
    "markers": MARKERS,
}


def utc_text(value: datetime | None) -> str | None:
    """UTC ISO 8601 with a Z; microseconds only when there are any (as stored)."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_utc(text: str) -> datetime:
    """The inverse of utc_text (any offset accepted); the text has been checked already."""
    return datetime.fromisoformat(text).astimezone(UTC)


def _time(value: str | None) -> datetime | None:
    return None if value is None else parse_utc(value)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _stamps(row: Mapping[str, Any]) -> Form:
    return {"created": utc_text(row["created"]), "updated": utc_text(row["updated"])}


def _stamp_values(form: Form) -> dict[str, Any]:
    return {"created": parse_utc(form["created"]), "updated": parse_utc(form["updated"])}


def _float(value: Any) -> float | None:
    # A float column may come back as an int from some drivers; the file keeps floats.
    return None if value is None else float(value)


# -- reading rows ---------------------------------------------------------------------


def _selects() -> dict[str, Select[Any]]:
    remedy_uuid = REMEDIES.c.uuid.label("remedy_uuid")
    episode_uuid = EPISODES.c.uuid.label("episode_uuid")
    intakes: Join = INTAKES.join(REMEDIES, INTAKES.c.remedy_id == REMEDIES.c.id).outerjoin(
        EPISODES, INTAKES.c.episode_id == EPISODES.c.id
    )
    return {
        "episodes": select(EPISODES),
        "intakes": select(INTAKES, remedy_uuid, episode_uuid).select_from(intakes),
        "outcomes": select(OUTCOMES, INTAKES.c.uuid.label("intake_uuid")).select_from(
            OUTCOMES.join(INTAKES, OUTCOMES.c.intake_id == INTAKES.c.id)
        ),
        "courses": select(COURSES, remedy_uuid).select_from(
            COURSES.join(REMEDIES, COURSES.c.remedy_id == REMEDIES.c.id)
        ),
        "checkins": select(CHECKINS, episode_uuid).select_from(
            CHECKINS.outerjoin(EPISODES, CHECKINS.c.episode_id == EPISODES.c.id)
        ),
        "markers": select(MARKERS),
    }


SELECTS = _selects()


# -- rows as forms --------------------------------------------------------------------


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


def impact_days_form(days: Any) -> list[dict[str, Any]]:
    return [
        {"date": d["date"], "missed": list(d["missed"]), "reduced": list(d["reduced"])}
        for d in days or []
    ]


def episode_form(row: Mapping[str, Any]) -> Form:
    return {
        "uuid": row["uuid"],
        "start": utc_text(row["start"]),
        "end": utc_text(row["end"]),
        "intensity": row["intensity"],
        "type": row["type"],
        "aura": bool(row["aura"]),
        "symptoms": list(row["symptoms"] or []),
        "triggers": list(row["triggers"] or []),
        "location": row["location"],
        "missed": list(row["missed"] or []),
        "reduced": list(row["reduced"] or []),
        "side": row["side"],
        "quality": row["quality"],
        "activity_worse": None if row["activity_worse"] is None else bool(row["activity_worse"]),
        "impact_days": impact_days_form(row["impact_days"]),
        "note": row["note"],
        "deleted": utc_text(row["deleted"]),
        **_stamps(row),
    }


def intake_form(row: Mapping[str, Any]) -> Form:
    return {
        "uuid": row["uuid"],
        "remedy": row["remedy_uuid"],
        "episode": row["episode_uuid"],
        "at": utc_text(row["at"]),
        "dose": _float(row["dose"]),
        "unit": row["unit"],
        "pain": row["pain"],
        "relief": row["relief"],
        "product": row["product"],
        "deleted": utc_text(row["deleted"]),
        **_stamps(row),
    }


def outcome_form(row: Mapping[str, Any]) -> Form:
    return {
        "uuid": row["uuid"],
        "intake": row["intake_uuid"],
        "at": utc_text(row["at"]),
        "pain": row["pain"],
        **_stamps(row),
    }


def course_form(row: Mapping[str, Any]) -> Form:
    return {
        "uuid": row["uuid"],
        "remedy": row["remedy_uuid"],
        "started": row["started"].isoformat(),
        "stopped": None if row["stopped"] is None else row["stopped"].isoformat(),
        "dose": _float(row["dose"]),
        "unit": row["unit"],
        "reason": row["reason"],
        **_stamps(row),
    }


def checkin_form(row: Mapping[str, Any]) -> Form:
    return {
        "uuid": row["uuid"],
        "day": row["day"].isoformat(),
        "status": row["status"],
        "intensity": row["intensity"],
        "at": utc_text(row["at"]),
        "episode": row["episode_uuid"],
        "missed": list(row["missed"] or []),
        "reduced": list(row["reduced"] or []),
        **_stamps(row),
    }


def marker_form(row: Mapping[str, Any]) -> Form:
    return {
        "uuid": row["uuid"],
        "day": row["day"].isoformat(),
        "tag": row["tag"],
        "note": row["note"],
        **_stamps(row),
    }


TO_FORM = {
    "episodes": episode_form,
    "intakes": intake_form,
    "outcomes": outcome_form,
    "courses": course_form,
    "checkins": checkin_form,
    "markers": marker_form,
}


# -- forms as column values -----------------------------------------------------------
# REFS maps a referenced kind to {uuid: id} for the UUIDs this form names.

Refs = dict[str, dict[str, int]]


def _ref(refs: Refs, kind: str, value: str | None) -> int | None:
    return None if value is None else refs[kind][value]


EPISODE_PLAIN = (
    "intensity",
    "type",
    "aura",
    "location",
    "note",
    "side",
    "quality",
    "activity_worse",
)


def episode_values(form: Form, refs: Refs) -> dict[str, Any]:
    start, end = parse_utc(form["start"]), _time(form["end"])
    return {
        "uuid": form["uuid"],
        "start": start,
        "end": end,
        "span_seconds": None if end is None else int((end - start).total_seconds()),
        **{k: form[k] for k in EPISODE_PLAIN},
        **{k: list(form[k]) for k in ("symptoms", "triggers", "missed", "reduced")},
        "impact_days": impact_days_form(form["impact_days"]),
        "deleted": _time(form["deleted"]),
        **_stamp_values(form),
    }


def intake_values(form: Form, refs: Refs) -> dict[str, Any]:
    return {
        "uuid": form["uuid"],
        "remedy_id": _ref(refs, "remedies", form["remedy"]),
        "episode_id": _ref(refs, "episodes", form["episode"]),
        "at": parse_utc(form["at"]),
        **{k: form[k] for k in ("dose", "unit", "pain", "relief", "product")},
        "deleted": _time(form["deleted"]),
        **_stamp_values(form),
    }


def outcome_values(form: Form, refs: Refs) -> dict[str, Any]:
    return {
        "uuid": form["uuid"],
        "intake_id": _ref(refs, "intakes", form["intake"]),
        "at": parse_utc(form["at"]),
        "pain": form["pain"],
        **_stamp_values(form),
    }


def course_values(form: Form, refs: Refs) -> dict[str, Any]:
    return {
        "uuid": form["uuid"],
        "remedy_id": _ref(refs, "remedies", form["remedy"]),
        "started": _day(form["started"]),
        "stopped": _day(form["stopped"]),
        **{k: form[k] for k in ("dose", "unit", "reason")},
        **_stamp_values(form),
    }


def checkin_values(form: Form, refs: Refs) -> dict[str, Any]:
    return {
        "uuid": form["uuid"],
        "day": _day(form["day"]),
        "status": form["status"],
        "intensity": form["intensity"],
        "at": parse_utc(form["at"]),
        "episode_id": _ref(refs, "episodes", form["episode"]),
        "missed": list(form["missed"]),
        "reduced": list(form["reduced"]),
        **_stamp_values(form),
    }


def marker_values(form: Form, refs: Refs) -> dict[str, Any]:
    return {
        "uuid": form["uuid"],
        "day": _day(form["day"]),
        "tag": form["tag"],
        "note": form["note"],
        **_stamp_values(form),
    }


TO_VALUES = {
    "episodes": episode_values,
    "intakes": intake_values,
    "outcomes": outcome_values,
    "courses": course_values,
    "checkins": checkin_values,
    "markers": marker_values,
}
# Each kind's references: form field -> the kind it names.
REFERENCES: dict[str, dict[str, str]] = {
    "intakes": {"remedy": "remedies", "episode": "episodes"},
    "outcomes": {"intake": "intakes"},
    "courses": {"remedy": "remedies"},
    "checkins": {"episode": "episodes"},
}
