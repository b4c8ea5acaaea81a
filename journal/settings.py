"""The journal's settings: their names, defaults, and what each may hold.

One rule for `journal config set`, an imported file's settings and a restored
journal's, so a value no one could type never reaches the journal by another door.
"""

from __future__ import annotations

import math
import re

from journal.errors import BadInput
from journal.spec import SETTING_MAX, check_text
from journal.when import zone_named

SETTINGS_DEFAULTS = {"tz": "UTC", "min-duration": "0"}
MAX_MIN_DURATION = 7 * 24 * 60
# ASCII digits only: float() would take other scripts' digits and underscores too.
_MINUTES = re.compile(r"([0-9]{1,5}(?:\.[0-9]{0,6})?|\.[0-9]{1,6})\s*(?:m|min)?")


def parse_minutes(value: str, field: str = "VALUE") -> str:
    """A min-duration as stored ("30", "7.5"), or BadInput naming FIELD."""
    m = _MINUTES.fullmatch(value.strip().lower())
    minutes = float(m.group(1)) if m else -1.0
    if not math.isfinite(minutes) or minutes < 0 or minutes > MAX_MIN_DURATION:
        raise BadInput(
            field, f"min-duration is a number of minutes from 0 to {MAX_MIN_DURATION}, e.g. 30"
        )
    return f"{minutes:g}"


def check_setting(key: str, value: str, field: str = "VALUE", key_field: str = "KEY") -> str:
    """VALUE for setting KEY as the journal stores it, or BadInput naming the field."""
    if key not in SETTINGS_DEFAULTS:
        raise BadInput(key_field, f"unknown setting {key!r}; known: {', '.join(SETTINGS_DEFAULTS)}")
    if not isinstance(value, str):
        raise BadInput(field, "must be text")
    check_text(value, field, SETTING_MAX)
    if key == "tz":
        return zone_named(value.strip(), field).key
    return parse_minutes(value, field)
