"""Parse what people type for a time or date ("yesterday 21:00", "2h ago", ISO 8601)."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.errors import BadInput
from journal.spec import has_control

UTC = UTC
# A little slack so a clock a few seconds ahead of ours, or "now" typed as a
# timestamp, is not taken for a time in the future.
FUTURE_SLACK = timedelta(minutes=1)
# Digits are ASCII 0-9 ([0-9], not \d, which matches every script's digits).
_AGO = re.compile(r"^([0-9]{1,6})\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)\s+ago$")
# A time of day: 21:00, 9:30pm, 9 pm, 9p.m. (a bare "9" is not a time: 9 what?).
_CLOCK_TEXT = r"([0-9]{1,2})(?::([0-9]{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_WEEKDAYS = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_DAY_WORD = r"today|yesterday|last night|" + "|".join(_WEEKDAYS)
_DAY_AT = re.compile(rf"^(?:({_DAY_WORD})\s+(?:at\s+)?)?{_CLOCK_TEXT}$")
_DAY_ONLY = re.compile(rf"^({_DAY_WORD})$")
# "last night" is the night between yesterday and today: a time from noon on is
# yesterday's evening, a time before noon is this morning's small hours. After
# midnight it is still the night you are in ("last night 23:00" at 00:30 is 90 minutes ago).
NIGHT_TURNS = time(12, 0)


def zone_named(name: str, field: str = "tz") -> ZoneInfo:
    """Return the IANA zone NAME, or raise BadInput naming FIELD."""
    if not name or name.startswith(("/", ".")) or ".." in name or has_control(name):
        raise BadInput(field, f"{name!r} is not an IANA time zone name such as Europe/Berlin")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise BadInput(
            field, f"{name!r} is not an IANA time zone name such as Europe/Berlin"
        ) from None


def system_zone_name() -> str:
    """The machine's IANA zone: TZ if it names one, else /etc/localtime's target, else UTC."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        try:
            ZoneInfo(env)
            return env
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return "UTC"
    marker = "/zoneinfo/"
    if marker in target:
        name = target.split(marker, 1)[1]
        if name.startswith(("posix/", "right/")):
            name = name.split("/", 1)[1]
        try:
            ZoneInfo(name)
            return name
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    return "UTC"


def input_zone_name() -> str:
    """The zone of the machine typing: JOURNAL_TZ, else the system zone."""
    return os.environ.get("JOURNAL_TZ") or system_zone_name()


def input_zone() -> ZoneInfo:
    return zone_named(input_zone_name(), "JOURNAL_TZ")


def localize(naive: datetime, zone: ZoneInfo, field: str) -> datetime:
    """Attach ZONE to a wall-clock time; refuse one that does not exist (spring-forward gap).

    An ambiguous time (the repeated hour in autumn) takes its first occurrence (fold=0).
    """
    aware = naive.replace(tzinfo=zone, fold=0)
    back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive.replace(tzinfo=None):
        raise BadInput(
            field,
            f"{naive:%Y-%m-%d %H:%M} does not exist in {zone.key} "
            "(the clocks skip it); give another time or an offset such as +01:00",
        )
    return aware


def parse_when(
    text: str, field: str, *, now: datetime, zone: ZoneInfo, allow_future: bool = False
) -> datetime:
    """Turn TEXT into an aware UTC datetime; raise BadInput naming FIELD.

    Besides ISO 8601: "now", "2h ago", "30m ago", "3d ago", a time of day ("21:00",
    "9pm", "9:30 pm": today), and a day word with a time: "today 08:00",
    "yesterday 9pm", "last night 23:00" (see NIGHT_TURNS), "monday 08:00" (today if
    today is a Monday, else the most recent Monday). Case and extra spaces do not matter.
    """
    raw = " ".join(text.lower().split())
    local_now = now.astimezone(zone)
    result: datetime
    later = ""  # what to say when the time turns out to be in the future
    if raw in ("now", "today"):
        result = now
    elif m := _AGO.match(raw):
        amount, unit = int(m.group(1)), m.group(2)[0]
        delta = {"m": timedelta(minutes=amount), "h": timedelta(hours=amount)}.get(
            unit, timedelta(days=amount)
        )
        if delta > timedelta(days=36500):
            raise BadInput(field, f"{text!r} is too far in the past")
        result = now - delta
    elif (m := _DAY_AT.match(raw)) and (m.group(3) or m.group(4)):
        clock = _clock(m.group(2), m.group(3), m.group(4), text, field)
        day = _day(m.group(1), clock, local_now.date())
        result = localize(datetime.combine(day, clock), zone, field)
        if m.group(1) in (None, "today"):
            later = f"; for yesterday, type 'yesterday {raw.removeprefix('today ')}'"
        elif m.group(1) in _WEEKDAYS:
            later = f"; for {m.group(1)} a week ago, give the date"
    elif m := _DAY_ONLY.match(raw):
        raise BadInput(field, f"{text!r} needs a time, e.g. '{m.group(1)} 21:00'")
    else:
        result = _parse_iso(text.strip(), field, zone)
    result = result.astimezone(UTC)
    if not allow_future and result > now + FUTURE_SLACK:
        raise BadInput(field, f"{text!r} is in the future{later}")
    return result


def _day(word: str | None, clock: time, today: date) -> date:
    """The local date a day word means, for a time of day CLOCK."""
    if word is None or word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "last night":
        return today - timedelta(days=1) if clock >= NIGHT_TURNS else today
    # A weekday: today if it is that day, else the last one (never a week ahead).
    return today - timedelta(days=(today.weekday() - _WEEKDAYS[word]) % 7)


def parse_clock(text: str, field: str) -> time:
    """A time of day on its own: "08:30", "8:30", "9pm", "9:30 pm"."""
    m = re.match(rf"^{_CLOCK_TEXT}$", " ".join(text.lower().split()))
    if m is None or not (m.group(2) or m.group(3)):
        raise BadInput(field, f"{text!r} is not a time of day such as 08:30 or 9pm")
    return _clock(m.group(1), m.group(2), m.group(3), text, field)


def _clock(hours: str, minutes: str | None, meridiem: str | None, text: str, field: str) -> time:
    h, mi = int(hours), int(minutes or "0")
    if meridiem is not None:
        # 12-hour clock: 12am is midnight, 12pm is noon, 13pm is nothing.
        if not 1 <= h <= 12:
            raise BadInput(field, f"{text!r} is not a time of day")
        h = h % 12 + (12 if meridiem.startswith("p") else 0)
    if h > 23 or mi > 59:
        raise BadInput(field, f"{text!r} is not a time of day")
    return time(h, mi)


def _parse_iso(text: str, field: str, zone: ZoneInfo) -> datetime:
    hint = "use e.g. '2026-11-20 14:30', 'yesterday 21:00', '9pm', '2h ago' or 'now'"
    if has_control(text) or len(text) > 64:
        raise BadInput(field, f"not a time; {hint}")
    candidate = text.replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        raise BadInput(field, f"{text!r} is not a time; {hint}") from None
    if len(candidate) <= 10 and "T" not in candidate.upper() and ":" not in candidate:
        # A bare date means its start, which is rarely what anyone logging a time means.
        raise BadInput(field, f"{text!r} is a date without a time; {hint}")
    if parsed.year < 1900:
        raise BadInput(field, f"{text!r} is too far in the past")
    if parsed.tzinfo is None:
        return localize(parsed, zone, field)
    return parsed


def parse_date(text: str, field: str, *, today: date) -> date:
    """Turn TEXT ("2026-11-20", "today", "yesterday", "3d ago") into a date."""
    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - timedelta(days=1)
    m = re.match(r"^([0-9]{1,5})\s*(d|days?|w|weeks?)\s+ago$", raw)
    if m:
        n = int(m.group(1)) * (7 if m.group(2).startswith("w") else 1)
        if n > 36500:
            raise BadInput(field, f"{text!r} is too far in the past")
        return today - timedelta(days=n)
    try:
        if has_control(text) or len(raw) != 10:
            raise ValueError
        parsed = date.fromisoformat(raw)
    except ValueError:
        raise BadInput(
            field, f"{text!r} is not a date; use YYYY-MM-DD, 'today', 'yesterday' or '3d ago'"
        ) from None
    if parsed.year < 1900:
        raise BadInput(field, f"{text!r} is too far in the past")
    if parsed.year > 9000:  # the day after 9999-12-31 does not exist
        raise BadInput(field, f"{text!r} is too far in the future")
    return parsed
