"""The journal's settings: its zone and the shortest episode that makes a headache day."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from journal.errors import BadInput
from journal.spec import SETTING_MAX, check_text
from journal.storage.rows import Rows
from journal.when import zone_named

SETTINGS_DEFAULTS = {"tz": "UTC", "min-duration": "0"}


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
