"""The rows of the report's diary table, built from the --json record shapes.

One row per episode, and one per day for what happened outside any episode (intakes, or a
day with only a check-in or markers). A day's date is printed once, on its first row, with the
morning check-in and the day's markers beneath it, as in a paper diary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from journal.pictures.chartdata import WEEKDAYS, day_text


@dataclass(frozen=True)
class DiaryRow:
    """One line of the report's diary table: an episode, or a day's loose intakes and markers."""

    day: date
    sort_key: str  # local ISO time of the first item, for a stable day order
    # The day's first row: its date, check-in and markers, one a line; later rows: empty.
    date: str
    # Rows for a day without an episode (loose intakes, markers) leave these empty.
    start: str = ""
    end: str = ""
    duration: str = ""
    peak: str = ""
    type: str = ""
    symptoms: str = ""
    triggers: str = ""
    remedies: tuple[str, ...] = ()
    note: str = ""


DIARY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "Date"),
    ("start", "Start"),
    ("end", "End"),
    ("duration", "Duration"),
    ("peak", "Peak"),
    ("type", "Type"),
    ("symptoms", "Symptoms, location"),
    ("triggers", "Triggers"),
    ("remedies", "Remedies (dose, relief)"),
    ("note", "Note"),
)


def _local(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _clock(moment: datetime, day: date) -> str:
    if moment.date() == day:
        return moment.strftime("%H:%M")
    return f"{WEEKDAYS[moment.weekday()]} {moment.day:02d} {moment.strftime('%H:%M')}"


def duration_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    # No-break spaces keep a number with its unit when the report wraps the cell.
    if hours >= 48:
        return f"{hours // 24}\u00a0d {hours % 24}\u00a0h"
    if hours and minutes:
        return f"{hours}\u00a0h {minutes:02d}\u00a0min"
    return f"{hours}\u00a0h" if hours else f"{minutes}\u00a0min"


def intake_text(intake: dict[str, Any], day: date) -> str:
    """ "20:40 sumatriptan 50 mg, relief: full": what was taken, when, and whether it helped."""
    parts = [_clock(_local(intake["at"]), day), intake["remedy"]]
    if intake["dose"] is not None:
        parts.append(f"{intake['dose']:g} {intake['unit'] or ''}".rstrip())
    text = " ".join(parts)
    if intake.get("product"):
        text += f" ({intake['product']})"
    if intake["use"] == "preventive":
        text += ", preventive"
    if intake.get("relief"):
        text += f", relief: {intake['relief']}"
    return text


def _episode_row(ep: dict[str, Any], now: datetime) -> DiaryRow:
    start = _local(ep["start"])
    day = start.date()
    if ep["end"] is None:
        end_text = "ongoing"
        seconds = (now.astimezone(start.tzinfo) - start).total_seconds()
        duration = duration_text(max(seconds, 0)) + " so far"
    else:
        end = _local(ep["end"])
        end_text = _clock(end, day)
        duration = duration_text((end - start).total_seconds())
    if ep["persisted_next_day"]:
        duration += "\npersisted"
    kind = ep["type"] + (", aura" if ep["aura"] else "")
    # MIDAS impact sits with the type: it says how bad the episode was.
    if ep["missed"]:
        kind += "\nmissed: " + ", ".join(ep["missed"])
    if ep["reduced"]:
        kind += "\nreduced: " + ", ".join(ep["reduced"])
    symptoms = list(ep["symptoms"])
    if ep.get("location"):
        symptoms.append(ep["location"])
    return DiaryRow(
        day=day,
        sort_key=start.isoformat(),
        date=day_text(day),
        start=start.strftime("%H:%M"),
        end=end_text,
        duration=duration,
        peak="" if ep["intensity"] is None else str(ep["intensity"]),
        type=kind,
        symptoms=", ".join(symptoms),
        triggers=", ".join(ep["triggers"]),
        remedies=tuple(intake_text(i, day) for i in ep["intakes"]),
        note=ep["note"] or "",
    )


def checkin_text(checkin: dict[str, Any]) -> str:
    """ "check-in: still hurting (3)" or "check-in: clear": the morning's answer."""
    if checkin["status"] != "still":
        return "check-in: clear"
    intensity = checkin.get("intensity")
    return "check-in: still hurting" + ("" if intensity is None else f" ({intensity})")


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def diary_rows(
    episodes: Sequence[dict[str, Any]],
    intakes: Sequence[dict[str, Any]],
    markers: Sequence[tuple[date, str, str | None]],
    now: datetime,
    checkins: Sequence[dict[str, Any]] = (),
) -> list[DiaryRow]:
    """The diary table from the --json record shapes (records.episode_dict / intake_dict, and
    check-ins as dicts with date, status ("still" or "clear"), intensity and episode_id).

    Each episode is a row; intakes not linked to an episode are gathered into one row per
    day; a day with only a check-in or markers has a row of its own. Rows go by day and time;
    the date, the check-in and the markers stand on the day's first row only.
    """
    day_lines: dict[date, list[str]] = defaultdict(list)
    for checkin in sorted(checkins, key=lambda c: str(c["date"])):
        day_lines[_as_date(checkin["date"])].append(checkin_text(checkin))
    for day, tag, text in markers:
        day_lines[day].append(f"{tag} ({text})" if text else tag)
    linked = {i["id"] for ep in episodes for i in ep["intakes"]}
    loose: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for intake in intakes:
        if intake["id"] not in linked:
            loose[_local(intake["at"]).date()].append(intake)
    rows = [_episode_row(ep, now) for ep in episodes]
    for day, items in loose.items():
        items.sort(key=lambda i: i["at"])
        rows.append(
            DiaryRow(
                day=day,
                sort_key=_local(items[0]["at"]).isoformat(),
                date="",
                remedies=tuple(intake_text(i, day) for i in items),
            )
        )
    with_rows = {row.day for row in rows}
    rows += [DiaryRow(day=d, sort_key="", date="") for d in day_lines if d not in with_rows]
    rows.sort(key=lambda r: (r.day, r.sort_key))
    result: list[DiaryRow] = []
    for i, row in enumerate(rows):
        first_of_day = i == 0 or rows[i - 1].day != row.day
        head = "\n".join([day_text(row.day), *day_lines.get(row.day, ())])
        result.append(replace(row, date=head if first_of_day else ""))
    return result
