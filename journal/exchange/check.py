"""Checking what an import reads: every field parsed into the export's own form, or refused.

A refusal names the file, the record (or CSV line) and the field. Nothing here touches
the journal: a file is checked whole before the import opens its transaction.
"""

from __future__ import annotations

import math
import uuid as uuidlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from journal.core.facts import (
    ALL_CLASSES,
    EPISODE_TYPES,
    IMPACT_MISSED,
    IMPACT_REDUCED,
    RELIEF,
    USES,
)
from journal.errors import BadInput
from journal.exchange.forms import KINDS, STREAMED, Form, parse_utc, utc_text
from journal.exchange.source import HugeNumber
from journal.spec import DOSE_MAX, MAX_TAGS, QUALITIES, SIDES, lookup_key

Parser = Callable[[Any], Any]
CHECKIN_STATUS = ("still", "clear")
# The largest file an import reads: twenty years of a busy diary are about 10 MB of
# JSON, and parsing takes many times a file's size in memory.
MAX_BYTES = 64 * 1024 * 1024
READ_CHUNK = 1024 * 1024
# How far ahead of this machine's clock another device's may be. A record `updated`
# later than that is refused: it would win every later merge against real edits.
CLOCK_SKEW = timedelta(minutes=10)
# The last year a time may fall in: the day after it must exist too (as in when.py).
LAST_YEAR = 9000


class RecordError(BadInput):
    """A record an import cannot take: names where it is and which field is wrong."""

    def __init__(self, where: str, field: str | None, message: str) -> None:
        label = f"{where}, field '{field}'" if field else where
        super().__init__(label, f"{message}; nothing was imported")


class Invalid(ValueError):
    """A field's value is wrong; the caller adds where it is."""


def _no_records(kind: str) -> Iterator[tuple[Form, str]]:
    return iter(())


def _nothing() -> None:
    return None


@dataclass
class Incoming:
    """Checked records of one source, each with the place it came from (for messages).

    The kinds in STREAMED are not held: the reader checked them all once (identities,
    references and counts are kept) and `reread` reads and checks them again, in order,
    while the import writes them; `verify` then confirms the source did not change in
    between (an import writes only what it checked). The other kinds are held whole.
    """

    source: str
    records: dict[str, list[tuple[Form, str]]] = field(
        default_factory=lambda: {kind: [] for kind in KINDS}
    )
    # A CSV folder names remedies only through intake rows: such a remedy is looked up
    # (or added when new), never used to overwrite the journal's own catalogue entry.
    derived_remedies: bool = False
    # Field names as the file calls them, per kind, for messages (CSV columns).
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # kind -> identity -> where, to refuse a repeated record without a quadratic scan.
    seen: dict[str, dict[str, str]] = field(default_factory=dict)
    # The time of each intake in the source (an outcome must not come before its dose).
    intake_at: dict[str, str] = field(default_factory=dict)
    reread: Callable[[str], Iterator[tuple[Form, str]]] = _no_records
    verify: Callable[[], None] = _nothing

    def label(self, kind: str, name: str) -> str:
        return self.labels.get(kind, {}).get(name, name)

    def counts(self) -> dict[str, int]:
        return {kind: len(self.seen.get(kind, {})) for kind in KINDS}

    def stream(self, kind: str) -> Iterator[tuple[Form, str]]:
        """The kind's checked records, streamed ones read again from the source."""
        if kind not in STREAMED:
            yield from self.records[kind]
            return
        seen = self.seen.get(kind, {})
        for form, where in self.reread(kind):
            if identity(kind, form) not in seen:
                raise RecordError(where, None, "was not there when the file was checked")
            yield form, where


# -- field parsers --------------------------------------------------------------------


def _text_ok(value: str, limit: int) -> str:
    from journal.spec import check_text

    try:
        check_text(value, "-", limit)
    except BadInput as exc:
        raise Invalid(str(exc)[len(exc.field) + 2 :]) from None
    return value


def text(limit: int = 10_000, *, nullable: bool = True) -> Parser:
    def parse(value: Any) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise Invalid("must be text" + (" or null" if nullable else ""))
        _text_ok(value, limit)
        if nullable and value == "":
            return None  # the journal stores no empty texts (entries: `... or None`)
        if not nullable and not value.strip():
            raise Invalid("must not be empty")
        return value

    return parse


def name(value: Any) -> str:
    raw = text(200, nullable=False)(value)
    return " ".join(raw.split())


def unit(value: Any) -> str | None:
    raw = text(20)(value)
    return raw.strip() if raw else None


def tag(value: Any) -> str:
    raw = text(100, nullable=False)(value)
    return " ".join(raw.split()).lower()


def uuid_(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("must be a UUID such as 0b5e1c1e-9a3b-4c55-8f3e-2f6c1d2a7b10")
    try:
        return str(uuidlib.UUID(value))
    except ValueError:
        raise Invalid(f"{value!r} is not a UUID") from None


def ref(value: Any) -> str | None:
    return None if value is None else uuid_(value)


def choice(options: tuple[str, ...], *, nullable: bool = False) -> Parser:
    def parse(value: Any) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or value not in options:
            raise Invalid(f"{value!r} is not one of {', '.join(options)}")
        return value

    return parse


def shown(value: Any) -> str:
    """VALUE for a message: a number of 400 digits is not spelt out."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def whole(low: int, high: int) -> Parser:
    def parse(value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, HugeNumber):
            raise Invalid(f"{value!r} is outside {low}-{high}")
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"{shown(value)} is not a whole number")
        if not low <= value <= high:
            raise Invalid(f"{shown(value)} is outside {low}-{high}")
        return value

    return parse


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"{value!r} is not true or false")
    return value


def dose(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, HugeNumber):
        raise Invalid(f"{value!r} is not a number from 0 to {DOSE_MAX}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"{shown(value)} is not a number")
    # A whole number is compared as it is: one beyond a float's range cannot become one.
    if not (isinstance(value, int) or math.isfinite(value)) or not 0 <= value <= DOSE_MAX:
        raise Invalid(f"{shown(value)} is not a number from 0 to {DOSE_MAX}")
    return float(value)  # floats stay floats, whatever the file wrote


def moment(*, nullable: bool = False) -> Parser:
    def parse(value: Any) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise Invalid("must be an ISO 8601 time with a UTC offset")
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise Invalid(f"{value!r} is not an ISO 8601 time") from None
        if parsed.tzinfo is None:
            raise Invalid(f"{value!r} has no UTC offset (write e.g. 2026-11-20T14:30:00+01:00)")
        if parsed.year < 1900:
            raise Invalid(f"{value!r} is too far in the past")
        if parsed.year > LAST_YEAR:
            raise Invalid(f"{value!r} is too far in the future")
        return utc_text(parsed)

    return parse


def day(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 10:
        raise Invalid(f"{value!r} is not a date (YYYY-MM-DD)")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if parsed.year < 1900:
        raise Invalid(f"{value!r} is too far in the past")
    if parsed.year > LAST_YEAR:
        raise Invalid(f"{value!r} is too far in the future")
    return parsed.isoformat()


def tags(allowed: tuple[str, ...] | None = None) -> Parser:
    """A list of tags, normalised the way the journal stores them (entries._tags)."""

    def parse(value: Any) -> list[str]:
        if not isinstance(value, list):
            raise Invalid("must be a list of text")
        out: dict[str, None] = {}  # ordered, and each test is O(1): linear in the list
        for item in value:
            clean = tag(item)
            if allowed is not None and clean not in allowed:
                raise Invalid(f"{item!r} is not one of {', '.join(allowed)}")
            out[clean] = None
            if len(out) > MAX_TAGS:  # stop at once, not after reading a million
                raise Invalid(f"holds more than {MAX_TAGS} tags")
        return list(out)

    return parse


def aliases(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise Invalid("must be a list of names")
    out = [text(200, nullable=False)(v).strip() for v in value]
    out.sort(key=lambda a: (lookup_key(a), a))
    keys = [lookup_key(a) for a in out]
    if len(set(keys)) != len(keys):
        raise Invalid("repeats a name")
    return out


def maybe_boolean(value: Any) -> bool | None:
    return None if value is None else boolean(value)


def pain(value: Any) -> int:
    if value is None:
        raise Invalid("must be a whole number from 0 to 10")
    result: int = whole(0, 10)(value)
    return result


def opt_day(value: Any) -> str | None:
    return None if value is None else day(value)


# An episode's days of MIDAS impact after its start day: bounded, so that checking a
# hostile list stays linear and short.
MAX_IMPACT_DAYS = 1000
_IMPACT_KEYS = {"date", "missed", "reduced"}


def impact_days(value: Any) -> list[dict[str, Any]]:
    """[{"date", "missed", "reduced"}, ...] as stored: one entry a day, oldest first."""
    if not isinstance(value, list):
        raise Invalid('must be a list of {"date", "missed", "reduced"}')
    found: dict[str, dict[str, Any]] = {}
    for item in value:
        if len(found) >= MAX_IMPACT_DAYS:
            raise Invalid(f"holds more than {MAX_IMPACT_DAYS} days")
        if not isinstance(item, dict) or set(item) != _IMPACT_KEYS:
            raise Invalid('each day must be {"date": ..., "missed": [...], "reduced": [...]}')
        when = day(item["date"])
        if when in found:
            raise Invalid(f"gives {when} twice")
        found[when] = {
            "date": when,
            "missed": sorted(tags(IMPACT_MISSED)(item["missed"])),
            "reduced": sorted(tags(IMPACT_REDUCED)(item["reduced"])),
        }
    return [found[d] for d in sorted(found)]


STAMPS: dict[str, Parser] = {"created": moment(), "updated": moment()}

SPECS: dict[str, dict[str, Parser]] = {
    "settings": {
        "key": choice(("min-duration", "tz")),
        "value": text(200, nullable=False),
        "updated": moment(),
    },
    "remedies": {
        "uuid": uuid_,
        "name": name,
        "class": choice(ALL_CLASSES),
        "use": choice(USES),
        "unit": unit,
        "aliases": aliases,
        **STAMPS,
    },
    "episodes": {
        "uuid": uuid_,
        "start": moment(),
        "end": moment(nullable=True),
        "intensity": whole(0, 10),
        "type": choice(EPISODE_TYPES),
        "aura": boolean,
        "symptoms": tags(),
        "triggers": tags(),
        "location": text(200),
        "missed": tags(IMPACT_MISSED),
        "reduced": tags(IMPACT_REDUCED),
        "side": choice(SIDES, nullable=True),
        "quality": choice(QUALITIES, nullable=True),
        "activity_worse": maybe_boolean,
        "impact_days": impact_days,
        "note": text(),
        "deleted": moment(nullable=True),
        **STAMPS,
    },
    "intakes": {
        "uuid": uuid_,
        "remedy": uuid_,
        "episode": ref,
        "at": moment(),
        "dose": dose,
        "unit": unit,
        "pain": whole(0, 10),
        "relief": choice(RELIEF, nullable=True),
        "product": text(500),
        "deleted": moment(nullable=True),
        **STAMPS,
    },
    "checkins": {
        "uuid": uuid_,
        "day": day,
        "status": choice(CHECKIN_STATUS),
        "intensity": whole(0, 10),
        "at": moment(),
        "episode": ref,
        "missed": tags(IMPACT_MISSED),
        "reduced": tags(IMPACT_REDUCED),
        **STAMPS,
    },
    "outcomes": {
        "uuid": uuid_,
        "intake": uuid_,
        "at": moment(),
        "pain": pain,
        **STAMPS,
    },
    "courses": {
        "uuid": uuid_,
        "remedy": uuid_,
        "started": day,
        "stopped": opt_day,
        "dose": dose,
        "unit": unit,
        "reason": text(),
        **STAMPS,
    },
    "markers": {"uuid": uuid_, "day": day, "tag": tag, "note": text(), **STAMPS},
}


# Fields a later version added: a file written before them imports with these values.
ADDED: dict[str, dict[str, Any]] = {
    "episodes": {
        "side": None,
        "quality": None,
        "activity_worse": None,
        "impact_days": [],
    },
    "intakes": {"pain": None},
    "checkins": {"missed": [], "reduced": []},
}
# Keys other views of a record carry (`journal list --json`) that the journal works out
# itself: accepted and dropped, never stored or trusted.
DERIVED: dict[str, frozenset[str]] = {
    "episodes": frozenset(
        {"classification", "features", "ongoing", "persisted_next_day", "possibly_forgotten"}
    ),
}
# How far from an episode's UTC start and end its local days can lie (UTC-12 to +14).
ZONE_REACH = timedelta(hours=14)


def _after_checks(kind: str, form: Form, where: str, label: Callable[[str], str]) -> None:
    if kind == "episodes":
        start = datetime.fromisoformat(form["start"])
        end = None if form["end"] is None else datetime.fromisoformat(form["end"])
        if end is not None and end < start:
            raise RecordError(where, label("end"), "is before the episode's start")
        for entry in form["impact_days"]:
            # A day the episode lasted, in any zone (the journal's may differ from the file's).
            when = date.fromisoformat(entry["date"])
            if when < (start - ZONE_REACH).date() or (
                end is not None and when > (end + ZONE_REACH).date()
            ):
                raise RecordError(
                    where, label("impact_days"), f"{when} is not a day the episode lasted"
                )
    if kind == "courses" and form["stopped"] is not None and form["stopped"] < form["started"]:
        raise RecordError(where, label("stopped"), "is before the course was started")
    if kind == "settings":
        from journal.settings import check_setting

        try:
            form["value"] = check_setting(form["key"], form["value"], "value", "key")
        except BadInput as exc:
            raise RecordError(where, "value", str(exc)[len(exc.field) + 2 :]) from None


def check_record(
    kind: str,
    raw: Any,
    where: str,
    labels: dict[str, str] | None = None,
    *,
    now: datetime | None = None,
) -> Form:
    """RAW as the export's form of a KIND record, or RecordError naming the field.

    LABELS renames fields in messages (a CSV column may be called otherwise). NOW, if
    given, is this machine's time: a record created or updated later (beyond
    CLOCK_SKEW) is refused. The readers of import files always give it.
    """
    spec = SPECS[kind]
    names = labels or {}
    if not isinstance(raw, dict):
        raise RecordError(where, None, "is not a JSON object")
    derived = DERIVED.get(kind, frozenset())
    for key in raw:
        if key not in spec and key not in derived:
            raise RecordError(where, str(key), f"is not a field of {kind} (a newer format?)")
    added = ADDED.get(kind, {})
    form: Form = {}
    for key, parse in spec.items():
        if key not in raw:
            if key in added:
                form[key] = parse(added[key])
                continue
            raise RecordError(where, names.get(key, key), "is missing")
        try:
            form[key] = parse(raw[key])
        except Invalid as exc:
            raise RecordError(where, names.get(key, key), str(exc)) from None
    latest = None if now is None else now + CLOCK_SKEW
    for key in ("created", "updated"):
        if latest is not None and key in form and parse_utc(form[key]) > latest:
            raise RecordError(
                where,
                names.get(key, key),
                f"{form[key]} is in the future (is the clock of the device that wrote it "
                "wrong?); such a record would win over every later change",
            )
    _after_checks(kind, form, where, lambda key: names.get(key, key))
    return form


def identity(kind: str, form: Form) -> str:
    return str(form["key"] if kind == "settings" else form["uuid"])


def add_checked(incoming: Incoming, kind: str, form: Form, where: str) -> None:
    """Append a checked record, refusing a second record with the same identity."""
    key = identity(kind, form)
    seen = incoming.seen.setdefault(kind, {})
    if key in seen:
        label = "key" if kind == "settings" else "uuid"
        raise RecordError(where, label, f"{key} repeats {seen[key]}")
    seen[key] = where
    if kind == "intakes":
        incoming.intake_at[key] = form["at"]
    if kind not in STREAMED:
        incoming.records[kind].append((form, where))


def _natural_keys(incoming: Incoming) -> None:
    """Within one file, the journal's other unique keys must be unique too."""
    rules: list[tuple[str, Callable[[Form], Any], str]] = [
        ("checkins", lambda f: f["day"], "day"),
        ("markers", lambda f: (f["day"], f["tag"]), "tag"),
    ]
    for kind, key_of, label in rules:
        seen: dict[Any, str] = {}
        for form, where in incoming.records[kind]:
            key = key_of(form)
            if key in seen:
                raise RecordError(where, label, f"{kind} {key} is already in {seen[key]}")
            seen[key] = where
    names: dict[str, str] = {}
    for form, where in incoming.records["remedies"]:
        for label, value in [("name", form["name"]), *(("aliases", a) for a in form["aliases"])]:
            key = lookup_key(value)
            if key in names and names[key] != where:
                raise RecordError(where, label, f"{value!r} is also a name in {names[key]}")
            names[key] = where


def finish(incoming: Incoming) -> Incoming:
    """The checks that need a whole source (the readers call this when done)."""
    _natural_keys(incoming)
    return incoming
