"""Reading a JSON export for an import: checked whole as a stream, then read again.

Nothing here touches the journal. The first pass checks every record (check.py) and
keeps what the import needs across records (identities, references); the records of
the STREAMED kinds are read and checked again while the import writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from journal.exchange.check import (
    Incoming,
    Invalid,
    RecordError,
    add_checked,
    check_record,
    day,
    finish,
    moment,
)
from journal.exchange.document import FORMAT, VERSION
from journal.exchange.forms import KINDS, Form
from journal.exchange.source import (
    MAX_BYTES,
    JsonError,
    JsonStream,
    Nested,
    NotText,
    Source,
    too_big,
)

HEAD = ("format", "version", "exported", "from", "to")
# Kinds a file written before them may lack.
NEWER_KINDS = ("outcomes", "courses")


class FhirBundle(Exception):
    """The file is a FHIR Bundle: the FHIR reader takes it."""


def _opt_day(value: Any) -> str | None:
    return None if value is None else day(value)


def _check_head(src: str, key: str, value: Any) -> None:
    if key == "format" and value != FORMAT:
        raise RecordError(src, "format", f"{value!r} is not {FORMAT!r}: not an export of this tool")
    if key == "version" and (value != VERSION or isinstance(value, bool)):
        raise RecordError(
            src, "version", f"{value!r} is not a version this program reads (it reads {VERSION})"
        )
    parse: Callable[[Any], Any] | None = {
        "exported": moment(),
        "from": _opt_day,
        "to": _opt_day,
    }.get(key)
    if parse is not None:
        try:
            parse(value)
        except Invalid as exc:
            raise RecordError(src, key, str(exc)) from None


def _where(src: str, kind: str, index: int, raw: Any) -> str:
    hint = ""
    if isinstance(raw, dict) and isinstance(raw.get("uuid"), str):
        hint = f" (uuid {raw['uuid'][:36]})"
    return f"{src}, {kind}[{index}]{hint}"


def _records(
    source: Source, src: str, found: set[str], *, first: bool
) -> Iterator[tuple[str, int, Any]]:
    """(kind, index, raw record) for each record of the file, in file order; FOUND
    collects the top-level keys. FIRST: the checking pass (the head is checked and a
    FHIR bundle recognised)."""
    stream = JsonStream(source.text())
    with json_errors(src):
        if stream.peek() != "{":
            stream.value()  # the decoder's own message for what is no JSON at all
            raise RecordError(src, None, "is not a headache-journal export (not a JSON object)")
        unknown: str | None = None  # the first key no export has, before its format
        for key in stream.members():
            # A FHIR resource, whatever order its keys come in (an export has its
            # format first): the FHIR reader takes the file from the start.
            if first and key == "resourceType" and "format" not in found:
                raise FhirBundle()
            if first and not found and source.size > MAX_BYTES:
                raise too_big(source.path)  # the source allows a bundle's size
            found.add(key)
            if key in KINDS and stream.peek() == "[":
                for index, raw in enumerate(stream.items()):
                    yield key, index, raw
                continue
            if first and key not in KINDS and key not in HEAD and "format" not in found:
                unknown = unknown or key
                _skip(stream)
                continue
            value = stream.value()
            if not first:
                continue
            if key in KINDS:
                raise RecordError(src, key, "must be a list of records")
            if key not in HEAD:
                raise RecordError(src, key, "is not a field of the export (a newer format?)")
            _check_head(src, key, value)
        stream.end()
        if unknown is not None:
            raise RecordError(src, unknown, "is not a field of the export (a newer format?)")


def _skip(stream: JsonStream) -> None:
    """Read past a value (a list one item at a time, so that it may be long)."""
    if stream.peek() == "[":
        for _ in stream.items():
            pass
    else:
        stream.value()


@contextmanager
def json_errors(src: str) -> Iterator[None]:
    """What the JSON stream finds wrong with SRC, as a RecordError naming where."""
    try:
        yield
    except NotText as exc:
        raise RecordError(src, None, f"is not UTF-8 text (byte {exc.offset})") from None
    except JsonError as exc:
        end = " (the file is cut short)" if exc.short else ""
        raise RecordError(
            f"{src}, line {exc.line} column {exc.column}",
            None,
            f"is not valid JSON: {exc.message}{end}",
        ) from None
    except Nested:
        raise RecordError(src, None, "is not an export: its JSON is nested too deeply") from None
    except RecordError:
        raise
    except ValueError as exc:
        raise RecordError(src, None, f"is not valid JSON: {exc}") from None


def read_json(source: Source, *, now: datetime | None = None) -> Incoming:
    """A JSON export, checked whole; BadInput (exit 2) names where it is wrong.

    Raises FhirBundle when the file is a FHIR Bundle instead."""
    src = str(source.path)
    when = now or datetime.now(UTC)
    incoming = Incoming(source=src)
    found: set[str] = set()
    for kind, index, raw in _records(source, src, found, first=True):
        where = _where(src, kind, index, raw)
        add_checked(incoming, kind, check_record(kind, raw, where, now=when), where)
    for key in ("format", "version"):
        if key not in found:
            _check_head(src, key, None)
    for kind in KINDS:
        if kind not in found and kind not in NEWER_KINDS:
            raise RecordError(src, kind, "must be a list of records")

    def reread(wanted: str) -> Iterator[tuple[Form, str]]:
        # Read to the end, so the source compares this pass's digest with the first's.
        for kind, index, raw in _records(source, src, set(), first=False):
            if kind == wanted:
                where = _where(src, kind, index, raw)
                yield check_record(kind, raw, where, now=when), where

    incoming.reread = reread
    return finish(incoming)
