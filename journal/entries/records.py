"""Records as plain dicts (the `--json` contract) and as facts for the pure core."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from journal.core.classify import classify, duration_fits
from journal.core.days import persisted_next_day, possibly_forgotten
from journal.core.facts import EpisodeFact, IntakeFact
from journal.storage.rows import Row


def iso(value: datetime | None, tz: ZoneInfo) -> str | None:
    return None if value is None else value.astimezone(tz).isoformat(timespec="seconds")


def episode_fact(ep: Row, persisted_checkin: bool = False) -> EpisodeFact:
    return EpisodeFact(
        id=ep["id"],
        start=ep["start"],
        end=ep["end"],
        intensity=ep["intensity"],
        type=ep["type"],
        missed=tuple(ep["missed"] or ()),
        reduced=tuple(ep["reduced"] or ()),
        persisted_checkin=persisted_checkin,
        aura=bool(ep["aura"]),
        symptoms=tuple(ep["symptoms"] or ()),
        side=ep["side"],
        quality=ep["quality"],
        activity_worse=None if ep["activity_worse"] is None else bool(ep["activity_worse"]),
    )


def intake_fact(intake: Row, remedy: Row) -> IntakeFact:
    """An intake row ("fact_intakes") with its remedy's row ("fact_remedies")."""
    return IntakeFact(
        id=intake["id"],
        at=intake["at"],
        remedy=remedy["name"],
        klass=remedy["klass"],
        use=remedy["use"],
        dose=intake["dose"],
        unit=intake["unit"],
        episode_id=intake["episode_id"],
        relief=intake["relief"],
    )


def intake_dict(intake: Row, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "kind": "intake",
        "id": intake["id"],
        "uuid": intake["uuid"],
        "remedy": intake["remedy_name"],
        "class": intake["klass"],
        "use": intake["use"],
        "dose": intake["dose"],
        "unit": intake["unit"],
        "product": intake["product"],
        "at": iso(intake["at"], tz),
        "relief": intake["relief"],
        "pain": intake["pain"],
        "episode_id": intake["episode_id"],
    }


# What was recorded about an episode besides its times.
DETAIL_FIELDS = (
    "intensity",
    "type",
    "aura",
    "symptoms",
    "triggers",
    "location",
    "missed",
    "reduced",
    "note",
)


def episode_details(ep: Row) -> dict[str, Any]:
    """DETAIL_FIELDS as the records show them: shared by `--json` and export."""
    return {
        "intensity": ep["intensity"],
        "type": ep["type"],
        "aura": bool(ep["aura"]),
        "symptoms": list(ep["symptoms"] or []),
        "triggers": list(ep["triggers"] or []),
        "location": ep["location"],
        "missed": list(ep["missed"] or []),
        "reduced": list(ep["reduced"] or []),
        "note": ep["note"],
    }


FEATURES = ("side", "quality", "activity_worse")


def features(ep: Row) -> dict[str, Any]:
    """The pain features recorded for an episode (those not recorded are left out)."""
    return {name: ep[name] for name in FEATURES if ep[name] is not None}


def episode_dict(
    ep: Row,
    intakes: list[Row],
    tz: ZoneInfo,
    now: datetime,
    persisted_checkin: bool = False,
) -> dict[str, Any]:
    """An episode and its live INTAKES as `--json` shows them."""
    fact = episode_fact(ep, persisted_checkin)
    out: dict[str, Any] = {
        "kind": "episode",
        "id": ep["id"],
        "uuid": ep["uuid"],
        "start": iso(ep["start"], tz),
        "end": iso(ep["end"], tz),
        "ongoing": ep["end"] is None,
        **episode_details(ep),
        "features": features(ep),
        # ICHD-3, from the features (core/classify.py); the 4-72 h duration never excludes
        "classification": classify(fact),
        "duration_fits": duration_fits(ep["start"], ep["end"]),
        "impact_days": list(ep["impact_days"] or []),
        "persisted_next_day": persisted_next_day(fact, tz, now),
        "intakes": [intake_dict(i, tz) for i in intakes if i["deleted"] is None],
    }
    if possibly_forgotten(ep["start"], ep["end"], now):
        out["possibly_forgotten"] = True
    if ep["deleted"] is not None:
        out["deleted"] = iso(ep["deleted"], tz)
    return out


def remedy_dict(remedy: Row) -> dict[str, Any]:
    return {
        "id": remedy["id"],
        "uuid": remedy["uuid"],
        "name": remedy["name"],
        "class": remedy["klass"],
        "use": remedy["use"],
        "unit": remedy["unit"],
        "aliases": list(remedy["aliases"]),
    }


def marker_dict(marker: Row) -> dict[str, Any]:
    return {
        "id": marker["id"],
        "uuid": marker["uuid"],
        "date": marker["day"].isoformat(),
        "tag": marker["tag"],
        "note": marker["note"],
    }


def checkin_dict(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "date": row["day"].isoformat(),
        "status": row["status"],
        "intensity": row["intensity"],
        "episode_id": row["episode_id"],
        "missed": list(row["missed"] or []),
        "reduced": list(row["reduced"] or []),
    }


def outcome_dict(row: Row, tz: ZoneInfo) -> dict[str, Any]:
    out = {
        "id": row["id"],
        "uuid": row["uuid"],
        "intake_id": row["intake_id"],
        "at": iso(row["at"], tz),
        "pain": row["pain"],
    }
    if "taken" in row:
        out["hours_after"] = round((row["at"] - row["taken"]).total_seconds() / 3600, 2)
    return out


def course_dict(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uuid": row["uuid"],
        "remedy": row["remedy_name"],
        "started": row["started"].isoformat(),
        "stopped": None if row["stopped"] is None else row["stopped"].isoformat(),
        "dose": row["dose"],
        "unit": row["unit"],
        "reason": row["reason"],
    }
