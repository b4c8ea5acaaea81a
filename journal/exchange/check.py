"""Checking what an import reads: every field parsed into the export's own form, or refused.

A refusal names the file, the record (or CSV line) and the field. Nothing here touches
the journal: a file is checked whole before the import opens its transaction.
"""

from __future__ import annotations

import json
import math
import os
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
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
from journal.exchange.document import FORMAT, KINDS, VERSION, Form, parse_utc, utc_text
from journal.spec import DOSE_MAX, MAX_TAGS, lookup_key

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


@dataclass
class Incoming:
    """Checked records of one file, each with the place it came from (for messages)."""

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

    def label(self, kind: str, name: str) -> str:
        return self.labels.get(kind, {}).get(name, name)

    def counts(self) -> dict[str, int]:
        return {kind: len(items) for kind, items in self.records.items()}


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


def whole(low: int, high: int) -> Parser:
    def parse(value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"{value!r} is not a whole number")
        if not low <= value <= high:
            raise Invalid(f"{value} is outside {low}-{high}")
        return value

    return parse


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"{value!r} is not true or false")
    return value


def dose(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"{value!r} is not a number")
    if not math.isfinite(value) or not 0 <= value <= DOSE_MAX:
        raise Invalid(f"{value!r} is not a number from 0 to {DOSE_MAX}")
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
        **STAMPS,
    },
    "markers": {"uuid": uuid_, "day": day, "tag": tag, "note": text(), **STAMPS},
}


def _after_checks(kind: str, form: Form, where: str) -> None:
    if (
        kind == "episodes"
        and form["end"] is not None
        and datetime.fromisoformat(form["end"]) < datetime.fromisoformat(form["start"])
    ):
        raise RecordError(where, "end", "is before the episode's start")
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
    for key in raw:
        if key not in spec:
            raise RecordError(where, str(key), f"is not a field of {kind} (a newer format?)")
    form: Form = {}
    for key, parse in spec.items():
        if key not in raw:
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
    _after_checks(kind, form, where)
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


# -- the JSON file --------------------------------------------------------------------


def _no_constants(token: str) -> Any:
    raise ValueError(f"{token} is not a number JSON allows")


def read_bytes(path: Path) -> bytes:
    """PATH's bytes, at most MAX_BYTES of them, read in chunks: a pipe, /dev/zero or a
    growing file cannot make the import read without end."""
    too_big = BadInput(
        "PATH",
        f"{path} is larger than an export could be (over {MAX_BYTES // 2**20} MB); "
        "nothing was imported",
    )
    chunks: list[bytes] = []
    total = 0
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_BYTES:
                raise too_big
            while chunk := fh.read(READ_CHUNK):
                total += len(chunk)
                if total > MAX_BYTES:
                    raise too_big
                chunks.append(chunk)
    except OSError as exc:
        raise BadInput("PATH", f"cannot read {path}: {exc.strerror or exc}") from None
    return b"".join(chunks)


def read_json(path: Path, *, now: datetime | None = None) -> Incoming:
    """A JSON export, checked whole; BadInput (exit 2) names where it is wrong."""
    src = str(path)
    now = now or datetime.now(UTC)
    raw = read_bytes(path)
    try:
        content = raw.decode("utf-8")
        data = json.loads(content, parse_constant=_no_constants)
    except UnicodeDecodeError as exc:
        raise RecordError(src, None, f"is not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        short = exc.pos >= len(content.rstrip()) or exc.msg.startswith("Unterminated")
        end = " (the file is cut short)" if short else ""
        raise RecordError(
            f"{src}, line {exc.lineno} column {exc.colno}",
            None,
            f"is not valid JSON: {exc.msg}{end}",
        ) from None
    except ValueError as exc:
        raise RecordError(src, None, f"is not valid JSON: {exc}") from None
    except RecursionError:
        raise RecordError(src, None, "is not an export: its JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise RecordError(src, None, "is not a headache-journal export (not a JSON object)")
    if data.get("resourceType") == "Bundle":
        raise RecordError(
            src, None, "is a FHIR bundle, which is for clinicians; import reads the json export"
        )
    if data.get("format") != FORMAT:
        raise RecordError(
            src, "format", f"{data.get('format')!r} is not {FORMAT!r}: not an export of this tool"
        )
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        raise RecordError(
            src, "version", f"{version!r} is not a version this program reads (it reads {VERSION})"
        )
    known = {"format", "version", "exported", "from", "to", *KINDS}
    for key in data:
        if key not in known:
            raise RecordError(src, key, "is not a field of the export (a newer format?)")
    incoming = Incoming(source=src)
    for key, parse in (("exported", moment()), ("from", _opt_day), ("to", _opt_day)):
        try:
            parse(data.get(key))
        except Invalid as exc:
            raise RecordError(src, key, str(exc)) from None
    for kind in KINDS:
        items = data.get(kind)
        if not isinstance(items, list):
            raise RecordError(src, kind, "must be a list of records")
        for index, raw_record in enumerate(items):
            hint = ""
            if isinstance(raw_record, dict) and isinstance(raw_record.get("uuid"), str):
                hint = f" (uuid {raw_record['uuid'][:36]})"
            where = f"{src}, {kind}[{index}]{hint}"
            add_checked(incoming, kind, check_record(kind, raw_record, where, now=now), where)
    _natural_keys(incoming)
    return incoming


def _opt_day(value: Any) -> str | None:
    return None if value is None else day(value)


def finish(incoming: Incoming) -> Incoming:
    """The checks that need a whole file (CSV readers call this when done)."""
    _natural_keys(incoming)
    return incoming
