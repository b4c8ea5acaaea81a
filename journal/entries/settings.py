"""The journal's settings: its zone and the shortest episode that makes a headache day."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

# What a setting may hold is one rule for typed, imported and restored values.
from journal.settings import SETTINGS_DEFAULTS, check_setting
from journal.storage.rows import Rows
from journal.when import zone_named

__all__ = ["SETTINGS_DEFAULTS", "check_setting"]


def setting(rows: Rows, key: str) -> str:
    found = rows.one("setting", key=key)
    return str(found["value"]) if found is not None else SETTINGS_DEFAULTS[key]


def journal_zone(rows: Rows) -> ZoneInfo:
    return zone_named(setting(rows, "tz"), "tz")


def min_duration(rows: Rows) -> timedelta:
    return timedelta(minutes=float(setting(rows, "min-duration")))


def set_setting(rows: Rows, key: str, value: str, now: datetime) -> str:
    value = check_setting(key, value)
    row = {"key": key, "value": value, "updated": now}
    if rows.one("setting", key=key) is None:
        rows.insert("settings", row)
    else:
        rows.update("settings", row)
    return value
