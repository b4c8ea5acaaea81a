"""What each field may hold: vocabularies, limits, and how tags and names are normalised.

One specification for the entry commands, the import checks and the models' CHECK
constraints. Standard library only, so the command modules can offer the vocabularies
as choices without slowing `journal --help`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from journal.errors import BadInput

# Classes whose acute intakes make ICHD-3 medication days (domain.md).
ACUTE_CLASSES: tuple[str, ...] = ("simple", "triptan", "ergot", "opioid", "combination", "kratom")
ALL_CLASSES: tuple[str, ...] = (*ACUTE_CLASSES, "caffeine", "other")
EPISODE_TYPES: tuple[str, ...] = ("migraine", "tension", "cluster", "other", "unknown")
IMPACT_MISSED: tuple[str, ...] = ("work", "school", "housework", "social")
IMPACT_REDUCED: tuple[str, ...] = ("work", "school", "housework")
RELIEF: tuple[str, ...] = ("none", "partial", "full")
USES: tuple[str, ...] = ("acute", "preventive")
CHECKIN_STATUS: tuple[str, ...] = ("still", "clear")
# Pain features that decide an episode's ICHD-3 classification (issue: migraine days).
SIDES: tuple[str, ...] = ("left", "right", "both", "varies")
QUALITIES: tuple[str, ...] = ("pulsating", "pressing", "stabbing", "other")
# The day marker the cycle analysis reads, and the words people also type for it.
MENSTRUATION = "menstruation"
MARKER_ALIASES: dict[str, str] = {"period": MENSTRUATION, "menses": MENSTRUATION}

# Limits, in characters, of the free-text fields.
NAME_MAX = 200  # remedy names and aliases, locations
UNIT_MAX = 20
TAG_MAX = 100  # a symptom, trigger or day-marker tag
PRODUCT_MAX = 500
NOTE_MAX = 10_000
SETTING_MAX = 200
MAX_TAGS = 50  # tags in one list
INTENSITY_MIN, INTENSITY_MAX = 0, 10
# The largest dose in any unit: beyond any real one, and small enough that the totals
# of a lifetime's doses stay finite (JSON has no Infinity).
DOSE_MAX = 1_000_000

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_in_sql(column: str, values: tuple[str, ...], *, nullable: bool = False) -> str:
    """The CHECK constraint text for a column holding one of VALUES."""
    listed = ",".join(f"'{v}'" for v in values)
    test = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {test}" if nullable else test


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text))


def lookup_key(name: str) -> str:
    """A casefolded, normalised key: 'Ibuprofen', 'IBUPROFEN' and 'ibuprofen ' match."""
    import unicodedata  # only for remedy names: keeps `journal --help` light

    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def marker_tag(raw: str) -> str:
    """A day-marker tag as stored: normal_tag, with `period` and `menses` as `menstruation`."""
    clean = normal_tag(raw)
    return MARKER_ALIASES.get(clean, clean)


def normal_tag(raw: str) -> str:
    """A tag as stored: inner whitespace collapsed, lower case ('Red  Wine' -> 'red wine')."""
    return " ".join(raw.split()).lower()


def check_text(value: str | None, field: str, limit: int = NOTE_MAX) -> str | None:
    """Refuse control characters (newline and tab are fine) and absurd lengths."""
    if value is None:
        return None
    if has_control(value) or "\r" in value:
        raise BadInput(field, "contains control characters")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise BadInput(field, "contains bytes that are not valid text")
    if len(value) > limit:
        raise BadInput(field, f"is longer than {limit} characters")
    return value


# Doses above these in one intake are probably typing slips (400 typed as 4000, 2 tablets as
# 20): `take` warns but keeps them. Keys: (unit, class), class None for any class.
UNLIKELY_DOSE: dict[tuple[str, str | None], float] = {
    ("tablet", None): 20,
    ("tablets", None): 20,
    ("capsule", None): 20,
    ("mg", "simple"): 4000,  # more than a day's maximum of paracetamol in one dose
    ("g", "simple"): 4,
}


def unlikely_dose(dose: float | None, unit: str | None, klass: str) -> float | None:
    """The line DOSE passes for its unit and class, or None when it looks plausible."""
    if dose is None or unit is None:
        return None
    unit = unit.strip().lower()
    for key in ((unit, klass), (unit, None)):
        line = UNLIKELY_DOSE.get(key)
        if line is not None and dose > line:
            return line
    return None


def check_tags(values: Sequence[str] | None, field: str) -> list[str] | None:
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


def check_intensity(value: int | None, field: str = "--intensity") -> None:
    if value is not None and not INTENSITY_MIN <= value <= INTENSITY_MAX:
        raise BadInput(field, f"{value} is outside {INTENSITY_MIN}-{INTENSITY_MAX}")
