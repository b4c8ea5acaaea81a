"""Everyday writes: log, end, take, check in, edit, delete, mark, remedies, settings.

Each function works on plain rows (dicts keyed by column) through a `Rows` inside the
caller's transaction, and raises journal.errors exceptions; nothing here prints or
commits. The same code runs on the fast sqlite3 path and on SQLAlchemy (journal/storage/rows.py).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from journal.entries.inputs import CheckinInput, EpisodeInput, IntakeInput, RemedyInput
from journal.errors import BadInput, NotFound
from journal.spec import (
    ALL_CLASSES,
    EPISODE_TYPES,
    IMPACT_MISSED,
    IMPACT_REDUCED,
    INTENSITY_MAX,
    INTENSITY_MIN,
    MAX_TAGS,
    NAME_MAX,
    PRODUCT_MAX,
    QUALITIES,
    RELIEF,
    SETTING_MAX,
    SIDES,
    TAG_MAX,
    UNIT_MAX,
    check_text,
    lookup_key,
    normal_tag,
    unlikely_dose,
)
from journal.storage.rows import Row, Rows
from journal.when import localize, zone_named

SETTINGS_DEFAULTS = {"tz": "UTC", "min-duration": "0"}
# When a check-in for a past morning says the headache was still there, and no --at says
# when, it was there at this local time (the end of an episode ended earlier moves here).
MORNING = time(8, 0)


def _stamped(now: datetime, **values: object) -> Row:
    """A new record's identity and change times, which export and import rely on."""
    return {"id": None, "uuid": str(uuid.uuid4()), "created": now, "updated": now, **values}


def _get(rows: Rows, query: str, noun: str, key: int, deleted: bool | None) -> Row:
    """The record KEY; deleted=False wants a live one, True a deleted one, None either."""
    row = rows.one(query, id=key)
    if row is None or (deleted is not None and (row["deleted"] is not None) != deleted):
        state = "deleted " if deleted else ""
        raise NotFound(f"There is no {state}{noun} {key}.")
    return row


def _mark_deleted(rows: Rows, table: str, row: Row, deleted: bool, now: datetime) -> Row:
    # Kept, hidden: deleting is reversible, and export marks deleted records.
    row["deleted"] = now if deleted else None
    row["updated"] = now
    rows.update(table, row)
    return row


# -- settings -------------------------------------------------------------------------


def setting(rows: Rows, key: str) -> str:
    found = rows.one("setting", key=key)
    return str(found["value"]) if found is not None else SETTINGS_DEFAULTS[key]


def journal_zone(rows: Rows) -> ZoneInfo:
    return zone_named(setting(rows, "tz"), "tz")


def min_duration(rows: Rows) -> timedelta:
    return timedelta(minutes=float(setting(rows, "min-duration")))


def check_setting(key: str, value: str) -> str:
    """VALUE as stored for setting KEY; BadInput names the field."""
    if key not in SETTINGS_DEFAULTS:
        raise BadInput("KEY", f"unknown setting {key!r}; known: {', '.join(SETTINGS_DEFAULTS)}")
    check_text(value, "VALUE", SETTING_MAX)
    if key == "tz":
        return zone_named(value.strip(), "VALUE").key
    return _parse_minutes(value)


def set_setting(rows: Rows, key: str, value: str, now: datetime) -> str:
    value = check_setting(key, value)
    row = {"key": key, "value": value, "updated": now}
    if rows.one("setting", key=key) is None:
        rows.insert("settings", row)
    else:
        rows.update("settings", row)
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


def tags(values: Sequence[str] | None, field: str) -> list[str] | None:
    """A tag list as stored: each normalised, no repeats, at most MAX_TAGS."""
    if values is None:
        return None
    out: list[str] = []
    for raw in values:
        check_text(raw, field, TAG_MAX)
        tag = normal_tag(raw)
        if not tag:
            raise BadInput(field, "must not be empty")
        if tag not in out:
            out.append(tag)
    if len(out) > MAX_TAGS:
        raise BadInput(field, f"at most {MAX_TAGS} tags")
    return out


def _activities(values: Sequence[str], allowed: tuple[str, ...], field: str) -> list[str]:
    found = tags(values, field) or []
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


def check_intensity(value: int | None, field: str = "--intensity") -> None:
    if value is not None and not INTENSITY_MIN <= value <= INTENSITY_MAX:
        raise BadInput(field, f"{value} is outside {INTENSITY_MIN}-{INTENSITY_MAX}")


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
        found = tags(getattr(data, name), field)
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
    ep = _stamped(
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
    return _get(rows, "episode", "episode", episode_id, deleted)


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
    return _mark_deleted(rows, "episodes", ep, deleted, now)


def containing_episode(rows: Rows, at: datetime, now: datetime) -> Row | None:
    """The latest-starting episode whose span holds AT (an ongoing one runs to now)."""
    found = rows.one("containing_episode", at=at)
    if found is not None and found["end"] is None and at > now:
        return None
    return found


# -- remedies and intakes -------------------------------------------------------------


def find_remedy(rows: Rows, name: str, field: str = "REMEDY") -> Row:
    check_text(name, field, NAME_MAX)
    remedy = rows.one("remedy_by_key", key=lookup_key(name))
    if remedy is None:
        raise BadInput(
            field,
            f"unknown remedy {name!r}; see `journal remedies list`, or add it with "
            f"`journal remedies add {name!r} --class CLASS`",
        )
    return remedy


def add_remedy(rows: Rows, data: RemedyInput, now: datetime) -> Row:
    check_text(data.name, "NAME", NAME_MAX)
    if not data.name.strip():
        raise BadInput("NAME", "must not be empty")
    if data.klass not in ALL_CLASSES:
        raise BadInput("--class", f"{data.klass!r} is not one of {', '.join(ALL_CLASSES)}")
    check_text(data.unit, "--unit", UNIT_MAX)
    names = [data.name, *data.aliases]
    labels = ["NAME"] + ["--alias"] * len(data.aliases)
    for label, n in zip(labels, names, strict=True):
        check_text(n, label, NAME_MAX)
        if not n.strip():
            raise BadInput(label, "must not be empty")
        found = rows.one("name_taken", key=lookup_key(n))
        if found is not None and found["taken"]:
            raise BadInput(label, f"{n!r} is already in the catalogue")
    if len({lookup_key(n) for n in names}) != len(names):
        raise BadInput("--alias", "repeats a name")
    remedy = _stamped(
        now,
        name=" ".join(data.name.split()),
        key=lookup_key(data.name),
        klass=data.klass,
        unit=(data.unit or "").strip() or None,
        use="preventive" if data.preventive else "acute",
    )
    remedy["id"] = rows.insert("remedies", remedy)
    for alias in data.aliases:
        row = {"id": None, "remedy_id": remedy["id"], "name": alias.strip()}
        rows.insert("remedy_aliases", {**row, "key": lookup_key(alias)})
    remedy["aliases"] = sorted(a.strip() for a in data.aliases)
    return remedy


def list_remedies(rows: Rows) -> list[Row]:
    """The catalogue by class and name, each remedy with its alias names."""
    aliases: dict[int, list[str]] = {}
    for alias in rows.all("aliases"):
        aliases.setdefault(alias["remedy_id"], []).append(alias["name"])
    return [{**r, "aliases": aliases.get(r["id"], [])} for r in rows.all("remedies")]


def _check_dose(dose: float | None) -> None:
    if dose is not None and (not math.isfinite(dose) or dose < 0):
        raise BadInput("--dose", "must be a finite number of 0 or more")


def _check_relief(relief: str | None) -> None:
    if relief is not None and relief not in RELIEF:
        raise BadInput("--relief", f"{relief!r} is not one of {', '.join(RELIEF)}")


def take(rows: Rows, data: IntakeInput, now: datetime) -> Row:
    """Record a dose. Without --dose and --unit, the remedy's last recorded dose is
    repeated (the row's "repeated" is then True); without --pain, the pain is that of the
    episode it belongs to, when known (that day's check-in rating, else its peak)."""
    remedy = find_remedy(rows, data.remedy or "")
    repeated = False
    if data.dose is None and data.unit is None:
        last = rows.one("last_dose", remedy_id=remedy["id"])
        if last is not None:
            data = replace(data, dose=last["dose"], unit=last["unit"])
            repeated = True
    intake = _stamped(
        now,
        remedy_id=remedy["id"],
        at=data.at or now,
        dose=None,
        unit=None,
        episode_id=None,
        relief=None,
        product=None,
        deleted=None,
        pain=None,
    )
    _apply_intake(rows, intake, remedy, data, now, auto_link=True)
    if intake["pain"] is None and intake["episode_id"] is not None:
        intake["pain"] = _pain_of_episode(
            rows, intake["episode_id"], intake["at"], journal_zone(rows)
        )
    intake["id"] = rows.insert("intakes", intake)
    intake["repeated"] = repeated
    return intake


def _pain_of_episode(rows: Rows, episode_id: int, at: datetime, tz: ZoneInfo) -> int | None:
    """What the records say of an episode's pain at AT: that day's check-in rating of it,
    else the episode's peak."""
    day = at.astimezone(tz).date()
    checkin = rows.one("checkin_by_day", day=day)
    rated = checkin is not None and checkin["intensity"] is not None
    if rated and checkin is not None and checkin["episode_id"] == episode_id:
        return int(checkin["intensity"])
    ep = rows.one("episode", id=episode_id)
    return None if ep is None else ep["intensity"]


def take_notices(rows: Rows, intake: Row, tz: ZoneInfo) -> list[str]:
    """What the person should read after recording INTAKE: a dose that looks like a typing
    slip, and the kratom caution the first time and the first time each month."""
    from journal.core import advice

    notices = []
    line = unlikely_dose(intake["dose"], intake["unit"], intake["klass"])
    if line is not None:
        notices.append(
            f"Note: {intake['dose']:g} {intake['unit']} of {intake['remedy_name']} in one dose is "
            f"more than {line:g} {intake['unit']}; kept as typed. If it was a slip, fix it with "
            f"`journal edit-intake {intake['id']} --dose N`."
        )
    if intake["klass"] == "kratom":
        local = intake["at"].astimezone(tz)
        month_start = localize(datetime.combine(local.date().replace(day=1), time(0)), tz, "--at")
        earlier = rows.one("class_intakes", klass="kratom", lo=month_start, hi=intake["at"])
        if earlier is not None and earlier["found"] == 0:
            notices.append(advice.KRATOM_SHORT)
    return notices


def _set_remedy(intake: Row, remedy: Row) -> None:
    """Point INTAKE at REMEDY, with the remedy's fields the records show."""
    intake["remedy_id"] = remedy["id"]
    intake["remedy_name"], intake["klass"], intake["use"] = (
        remedy["name"],
        remedy["klass"],
        remedy["use"],
    )


def _apply_intake(
    rows: Rows, intake: Row, remedy: Row, data: IntakeInput, now: datetime, *, auto_link: bool
) -> None:
    _check_dose(data.dose)
    _check_relief(data.relief)
    _set_remedy(intake, remedy)
    if data.at is not None:
        intake["at"] = data.at
    if data.dose is not None:
        intake["dose"] = float(data.dose)
    if data.unit is not None:
        intake["unit"] = check_text(data.unit.strip(), "--unit", UNIT_MAX) or None
    elif intake["unit"] is None:
        intake["unit"] = remedy["unit"]
    if data.relief is not None:
        intake["relief"] = data.relief
    if data.product is not None:
        intake["product"] = check_text(data.product, "--product", PRODUCT_MAX) or None
    if data.pain is not None:
        check_intensity(data.pain, "--pain")
        intake["pain"] = data.pain
    if data.unlink:
        intake["episode_id"] = None
    elif data.episode_id is not None:
        ep = rows.one("episode", id=data.episode_id)
        if ep is None or ep["deleted"] is not None:
            raise BadInput("--episode", f"there is no episode {data.episode_id}")
        intake["episode_id"] = ep["id"]
    elif auto_link:
        found = containing_episode(rows, intake["at"], now)
        intake["episode_id"] = None if found is None else found["id"]
    intake["updated"] = now


def get_intake(rows: Rows, intake_id: int, *, deleted: bool | None = False) -> Row:
    return _get(rows, "intake", "intake", intake_id, deleted)


def edit_intake(rows: Rows, intake_id: int, data: IntakeInput, now: datetime) -> Row:
    intake = get_intake(rows, intake_id)
    if data.remedy is not None:
        remedy = find_remedy(rows, data.remedy, "--remedy")
    else:
        remedy = rows.one("remedy", id=intake["remedy_id"]) or {}
    _apply_intake(rows, intake, remedy, data, now, auto_link=False)
    rows.update("intakes", intake)
    return intake


def set_intake_deleted(rows: Rows, intake_id: int, deleted: bool, now: datetime) -> Row:
    intake = get_intake(rows, intake_id, deleted=not deleted)
    return _mark_deleted(rows, "intakes", intake, deleted, now)


# -- check-ins and markers ------------------------------------------------------------


def episode_on_day(rows: Rows, day: date, tz: ZoneInfo) -> Row | None:
    """The latest-starting live episode that touches local DAY."""
    from journal.core.days import local_midnight_utc

    day_start = local_midnight_utc(day, tz)
    day_end = local_midnight_utc(day + timedelta(days=1), tz)
    return rows.one("episode_on_day", day_start=day_start, day_end=day_end)


def checkin(rows: Rows, data: CheckinInput, now: datetime, tz: ZoneInfo) -> Row:
    """Answer the morning question for a day: is the previous day's headache still there?

    Still hurting on a past morning means it lasted at least until that morning (its end
    moves there if it had ended earlier, never later); only a check-in for today leaves an
    episode ongoing. A clear check-in ends the ongoing episode.
    """
    check_intensity(data.intensity)
    missed, reduced = impacts(data.missed, data.reduced)
    today = now.astimezone(tz).date()
    day = data.day or today
    if day > today:
        raise BadInput("--date", f"{day} is in the future")
    ep: Row | None
    if data.still_hurting:
        ep, when = _still_hurting(rows, day, today, data, now, tz)
        status = "still"
    else:
        ep = latest_ongoing(rows)
        when = data.at or now
        if ep is not None:
            if data.at is None and day != today:
                raise BadInput(
                    "--at", f"episode {ep['id']} is ongoing: say when it ended for a past check-in"
                )
            if when < ep["start"]:
                raise BadInput("--at", f"is before episode {ep['id']} started")
            set_end(ep, when)
            ep["updated"] = now
            rows.update("episodes", ep)
        status = "clear"
    row = rows.one("checkin_by_day", day=day)
    values = {
        "status": status,
        "intensity": data.intensity,
        "at": when,
        "updated": now,
        "episode_id": None if ep is None else ep["id"],
        "missed": missed,
        "reduced": reduced,
    }
    if row is None:
        row = _stamped(now, day=day, **values)
        row["id"] = rows.insert("checkins", row)
    else:
        row.update(values)
        rows.update("checkins", row)
    return row


def _still_hurting(
    rows: Rows, day: date, today: date, data: CheckinInput, now: datetime, tz: ZoneInfo
) -> tuple[Row, datetime]:
    """The episode of the day before DAY, made to last until that morning; and the moment."""
    ep = episode_on_day(rows, day - timedelta(days=1), tz)
    if ep is None:
        raise BadInput(
            "--still-hurting",
            f"no episode was logged on {day - timedelta(days=1)}; log it first with "
            "`journal log --start 'yesterday 21:00'`",
        )
    if data.at is not None and data.at.astimezone(tz).date() != day:
        raise BadInput("--at", f"is not on the morning of {day}")
    when = data.at or (
        now if day == today else localize(datetime.combine(day, MORNING), tz, "--at")
    )
    if when < ep["start"]:
        raise BadInput("--at", f"is before episode {ep['id']} started")
    # Ended before that morning began (or, with --at, before the time given): it lasted
    # until then; today it goes on. An end already on that morning stays where it is.
    from journal.core.days import local_midnight_utc

    lasted_until = when if data.at is not None else local_midnight_utc(day, tz)
    if ep["end"] is not None and ep["end"] < lasted_until:
        set_end(ep, None if day == today else when)
    if data.intensity is not None and (ep["intensity"] is None or data.intensity > ep["intensity"]):
        ep["intensity"] = data.intensity
    ep["updated"] = now
    rows.update("episodes", ep)
    return ep, when


def mark(rows: Rows, tag: str, day: date, note: str | None, now: datetime) -> Row:
    check_text(tag, "TAG", TAG_MAX)
    clean = normal_tag(tag)
    if not clean:
        raise BadInput("TAG", "must not be empty")
    check_text(note, "--note")
    row = rows.one("marker_by_day_tag", day=day, tag=clean)
    if row is None:
        row = _stamped(now, day=day, tag=clean, note=note or None)
        row["id"] = rows.insert("day_markers", row)
        return row
    if note is not None:
        row["note"] = note or None
    row["updated"] = now
    rows.update("day_markers", row)
    return row


def unmark(rows: Rows, marker_id: int) -> Row:
    row = rows.one("marker", id=marker_id)
    if row is None:
        raise NotFound(f"There is no day marker {marker_id}.")
    rows.delete("day_markers", row)
    return row
