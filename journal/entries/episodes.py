"""Episodes: log, edit, end, delete; their pain features and MIDAS impact days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from journal.entries.inputs import EpisodeInput
from journal.entries.lifecycle import fetch, new_record, soft_delete
from journal.entries.settings import journal_zone
from journal.errors import BadInput, NotFound
from journal.spec import (
    EPISODE_TYPES,
    IMPACT_MISSED,
    IMPACT_REDUCED,
    NAME_MAX,
    QUALITIES,
    SIDES,
    check_intensity,
    check_tags,
    check_text,
)
from journal.storage.rows import Row, Rows


def _activities(values: Sequence[str], allowed: tuple[str, ...], field: str) -> list[str]:
    found = check_tags(values, field) or []
    for value in found:
        if value not in allowed:
            raise BadInput(field, f"{value!r} is not one of {', '.join(allowed)}")
    return found


def impacts(missed: Sequence[str], reduced: Sequence[str]) -> tuple[list[str], list[str]]:
    """MIDAS impact as stored: known activities, each once."""
    return (
        _activities(missed, IMPACT_MISSED, "--missed"),
        _activities(reduced, IMPACT_REDUCED, "--reduced"),
    )


def impact_days(
    ep: Row, given: Sequence[tuple[date, str, str]], tz: ZoneInfo, now: datetime
) -> list[dict[str, object]]:
    """Impact on days of an episode as stored: each a day the episode touched (an ongoing
    one up to today), one entry a day, oldest first."""
    from journal.core.days import local_days

    lasted = set(local_days(ep["start"], ep["end"] or max(now, ep["start"]), tz))
    per_day: dict[date, dict[str, set[str]]] = {}
    for day, kind, what in given:
        field = f"--{kind}-on"
        if day not in lasted:
            raise BadInput(field, f"{day} is not a day episode {ep['id']} lasted")
        allowed = IMPACT_MISSED if kind == "missed" else IMPACT_REDUCED
        found = per_day.setdefault(day, {"missed": set(), "reduced": set()})
        found[kind] |= set(_activities([what], allowed, field))
    return [
        {"date": day.isoformat(), "missed": sorted(v["missed"]), "reduced": sorted(v["reduced"])}
        for day, v in sorted(per_day.items())
    ]


def set_end(ep: Row, end: datetime | None) -> None:
    """End (or reopen) an episode, keeping its span in step for the bounded period queries."""
    ep["end"] = end
    ep["span_seconds"] = None if end is None else int((end - ep["start"]).total_seconds())


def _apply(ep: Row, data: EpisodeInput, now: datetime) -> None:
    check_intensity(data.intensity)
    if data.type is not None and data.type not in EPISODE_TYPES:
        raise BadInput("--type", f"{data.type!r} is not one of {', '.join(EPISODE_TYPES)}")
    if data.start is not None:
        ep["start"] = data.start
    if data.ongoing:
        set_end(ep, None)
    elif data.end is not None:
        set_end(ep, data.end)
    elif data.start is not None and ep["end"] is not None:
        set_end(ep, ep["end"])  # keep the span in step with a moved start
    if ep["end"] is not None and ep["end"] < ep["start"]:
        raise BadInput("--end", "is before the episode's start")
    if data.intensity is not None:
        ep["intensity"] = data.intensity
    if data.type is not None:
        ep["type"] = data.type
    if data.aura is not None:
        ep["aura"] = data.aura
    for name, field, allowed in (("side", "--side", SIDES), ("quality", "--quality", QUALITIES)):
        value = getattr(data, name)
        if value is not None:
            if value not in allowed:
                raise BadInput(field, f"{value!r} is not one of {', '.join(allowed)}")
            ep[name] = value
    if data.activity_worse is not None:
        ep["activity_worse"] = data.activity_worse
    for name, field in (("symptoms", "--symptom"), ("triggers", "--trigger")):
        found = check_tags(getattr(data, name), field)
        if found is not None:
            ep[name] = found
    if data.missed is not None:
        ep["missed"] = impacts(data.missed, ())[0]
    if data.reduced is not None:
        ep["reduced"] = impacts((), data.reduced)[1]
    if data.location is not None:
        ep["location"] = check_text(data.location, "--location", NAME_MAX) or None
    if data.note is not None:
        ep["note"] = check_text(data.note, "--note") or None
    ep["updated"] = now


def _apply_impact_days(rows: Rows, ep: Row, data: EpisodeInput, now: datetime) -> None:
    if data.impact_days is not None:
        ep["impact_days"] = impact_days(ep, data.impact_days, journal_zone(rows), now)


def log_episode(rows: Rows, data: EpisodeInput, now: datetime) -> Row:
    ep = new_record(
        now,
        start=data.start or now,
        end=None,
        span_seconds=None,
        intensity=None,
        type="unknown",
        aura=False,
        symptoms=[],
        triggers=[],
        location=None,
        missed=[],
        reduced=[],
        note=None,
        deleted=None,
        side=None,
        quality=None,
        activity_worse=None,
        impact_days=[],
    )
    _apply(ep, data, now)
    ep["id"] = rows.insert("episodes", ep)
    if data.impact_days is not None:  # checked against the episode's id and days
        _apply_impact_days(rows, ep, data, now)
        rows.update("episodes", ep)
    return ep


def get_episode(rows: Rows, episode_id: int, *, deleted: bool | None = False) -> Row:
    return fetch(rows, "episode", "episode", episode_id, deleted)


def edit_episode(rows: Rows, episode_id: int, data: EpisodeInput, now: datetime) -> Row:
    ep = get_episode(rows, episode_id)
    _apply(ep, data, now)
    _apply_impact_days(rows, ep, data, now)
    rows.update("episodes", ep)
    for intake in rows.all("episode_intakes", episode_id=episode_id):
        if intake["at"] < ep["start"]:
            intake["episode_id"] = None  # the edit moved the episode away from this dose
            rows.update("intakes", intake)
    return ep


def latest_ongoing(rows: Rows) -> Row | None:
    return rows.one("latest_ongoing")


def end_episode(
    rows: Rows, episode_id: int | None, at: datetime, intensity: int | None, now: datetime
) -> Row:
    check_intensity(intensity)
    if episode_id is None:
        ep = latest_ongoing(rows)
        if ep is None:
            raise NotFound("No episode is ongoing; name one: journal end ID.")
    else:
        ep = get_episode(rows, episode_id)
    if at < ep["start"]:
        raise BadInput("--at", "is before the episode's start")
    set_end(ep, at)
    if intensity is not None and (ep["intensity"] is None or intensity > ep["intensity"]):
        ep["intensity"] = intensity
    ep["updated"] = now
    rows.update("episodes", ep)
    return ep


def set_deleted(rows: Rows, episode_id: int, deleted: bool, now: datetime) -> Row:
    ep = get_episode(rows, episode_id, deleted=not deleted)
    return soft_delete(rows, "episodes", ep, deleted, now)


def containing_episode(rows: Rows, at: datetime, now: datetime) -> Row | None:
    """The latest-starting episode whose span holds AT (an ongoing one runs to now)."""
    found = rows.one("containing_episode", at=at)
    if found is not None and found["end"] is None and at > now:
        return None
    return found
