"""Remedies and intakes: the catalogue, take, edit and delete a dose, what to say after one."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from journal.entries.episodes import containing_episode
from journal.entries.inputs import IntakeInput, RemedyInput
from journal.entries.lifecycle import fetch, new_record, soft_delete
from journal.entries.settings import journal_zone
from journal.errors import BadInput
from journal.spec import (
    ALL_CLASSES,
    DOSE_MAX,
    NAME_MAX,
    PRODUCT_MAX,
    RELIEF,
    UNIT_MAX,
    check_intensity,
    check_text,
    lookup_key,
    unlikely_dose,
)
from journal.storage.rows import Row, Rows
from journal.when import localize


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
    remedy = new_record(
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
    if dose is not None and (not math.isfinite(dose) or not 0 <= dose <= DOSE_MAX):
        raise BadInput("--dose", f"must be a number from 0 to {DOSE_MAX:,}")


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
    intake = new_record(
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
    return fetch(rows, "intake", "intake", intake_id, deleted)


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
    return soft_delete(rows, "intakes", intake, deleted, now)
