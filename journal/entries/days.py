"""What belongs to a day: the morning check-in and day markers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from journal.entries.episodes import impacts, latest_ongoing, set_end
from journal.entries.inputs import CheckinInput
from journal.entries.lifecycle import new_record
from journal.errors import BadInput, NotFound
from journal.spec import TAG_MAX, check_intensity, check_text, marker_tag
from journal.storage.rows import Row, Rows
from journal.when import localize

# When a check-in for a past morning says the headache was still there, and no --at says
# when, it was there at this local time (the end of an episode ended earlier moves here).
MORNING = time(8, 0)


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
        row = new_record(now, day=day, **values)
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
    clean = marker_tag(tag)  # `period` and `menses` are `menstruation`
    if not clean:
        raise BadInput("TAG", "must not be empty")
    check_text(note, "--note")
    row = rows.one("marker_by_day_tag", day=day, tag=clean)
    if row is None:
        row = new_record(now, day=day, tag=clean, note=note or None)
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
