"""The CSV folder for spreadsheets (episodes, intakes, outcomes, courses), and reading it back.

RFC 4180 (CRLF, quotes as needed), UTF-8 with a header, ISO 8601 times in the
journal's zone with their offset, lists joined with ";". A cell a spreadsheet would
run as a formula gets a leading single quote (OWASP), which import takes off again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from journal.exchange.check import (
    Incoming,
    Invalid,
    RecordError,
    add_checked,
    check_record,
    finish,
)
from journal.exchange.document import Export
from journal.exchange.forms import Form, parse_utc
from journal.exchange.source import NotText, Source

EPISODES_FILE = "episodes.csv"
INTAKES_FILE = "intakes.csv"
OUTCOMES_FILE = "outcomes.csv"
COURSES_FILE = "courses.csv"
FILES = (EPISODES_FILE, INTAKES_FILE, OUTCOMES_FILE, COURSES_FILE)
# A folder written before outcomes and courses were recorded lacks these two files.
OPTIONAL_FILES = (OUTCOMES_FILE, COURSES_FILE)

# Column -> how its text is read back: text, opt (empty is none), int, float, bool, list.
EPISODE_COLUMNS: dict[str, str] = {
    "uuid": "text",
    "start": "text",
    "end": "opt",
    "intensity": "int",
    "type": "text",
    "aura": "bool",
    "symptoms": "list",
    "triggers": "list",
    "location": "opt",
    "missed": "list",
    "reduced": "list",
    "side": "opt",
    "quality": "opt",
    "activity_worse": "optbool",
    "impact_days": "days",
    "note": "opt",
    "deleted": "opt",
    "created": "text",
    "updated": "text",
}
INTAKE_COLUMNS: dict[str, str] = {
    "uuid": "text",
    "at": "text",
    "remedy": "text",
    "remedy_uuid": "text",
    "class": "text",
    "use": "text",
    "dose": "float",
    "unit": "opt",
    "pain": "int",
    "relief": "opt",
    "product": "opt",
    "episode_uuid": "opt",
    "deleted": "opt",
    "created": "text",
    "updated": "text",
}
OUTCOME_COLUMNS: dict[str, str] = {
    "uuid": "text",
    "intake_uuid": "text",
    "at": "text",
    "pain": "int",
    "created": "text",
    "updated": "text",
}
COURSE_COLUMNS: dict[str, str] = {
    "uuid": "text",
    "remedy": "text",
    "remedy_uuid": "text",
    "class": "text",
    "use": "text",
    "started": "text",
    "stopped": "opt",
    "dose": "float",
    "unit": "opt",
    "reason": "opt",
    "created": "text",
    "updated": "text",
}
# Columns a file written before them lacks; such a file reads them as empty.
OPTIONAL_COLUMNS = {"side", "quality", "activity_worse", "impact_days", "pain"}
TIME_COLUMNS = {"start", "end", "at", "deleted", "created", "updated"}
# Numbers in ASCII digits of a sane length: int() and float() would also take other
# scripts' digits and underscores, and int() refuses 4,300 digits with a ValueError.
_WHOLE = re.compile(r"\s*[+-]?[0-9]{1,18}\s*")
_DECIMAL = re.compile(
    r"\s*[+-]?(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})(?:[eE][+-]?[0-9]{1,4})?\s*"
)
# Cells starting with these are formulas (or become one) in common spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


# -- cells ----------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """Prefix a quote to a formula-like cell, and to a cell that already looks prefixed,
    so that `restore(neutralise(x)) == x` for every x."""
    if cell.startswith(FORMULA_STARTS) or (
        cell.startswith(QUOTE) and cell[1:2] in (*FORMULA_STARTS, QUOTE)
    ):
        return QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """Undo neutralise: exactly one quote before a formula start (or a quote) goes."""
    if cell.startswith(QUOTE) and cell[1:2] in (*FORMULA_STARTS, QUOTE):
        return cell[1:]
    return cell


def join_list(items: list[str]) -> str:
    return ";".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(cell: str) -> list[str]:
    if cell == "":
        return []
    items, current, escaped = [], [], False
    for ch in cell:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    items.append("".join(current))
    return items


def days_cell(days: list[dict[str, Any]]) -> str:
    """Impact days as "2026-03-02 missed=work,school reduced=housework" items."""
    items = []
    for entry in days:
        parts = [entry["date"]]
        parts += [f"{k}={','.join(entry[k])}" for k in ("missed", "reduced") if entry[k]]
        items.append(" ".join(parts))
    return join_list(items)


def days_of(cell: str) -> list[dict[str, Any]]:
    """The inverse of days_cell; the values are checked by check.py afterwards."""
    out = []
    for item in split_list(cell):
        first, *parts = item.split(" ")
        entry: dict[str, Any] = {"date": first, "missed": [], "reduced": []}
        for part in parts:
            key, sep, values = part.partition("=")
            if not sep or key not in ("missed", "reduced") or entry[key]:
                raise Invalid(f"{_short(item)} is not a day such as '2026-03-02 missed=work'")
            entry[key] = values.split(",")
        out.append(entry)
    return out


def _cell(value: Any, column: str, tz: ZoneInfo) -> str:
    if column == "impact_days":
        return days_cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same float
    if isinstance(value, list):
        return join_list(value)
    if column in TIME_COLUMNS:
        return parse_utc(value).astimezone(tz).isoformat()
    return str(value)


def _short(cell: str) -> str:
    return repr(cell) if len(cell) <= 40 else repr(cell[:37] + "...")


def _typed(cell: str, how: str) -> Any:
    if how == "text":
        return cell
    if how == "list":
        return split_list(cell)
    if how == "days":
        return days_of(cell)
    if cell == "":
        return None
    if how == "opt":
        return cell
    if how == "int":
        if not _WHOLE.fullmatch(cell):
            raise Invalid(f"{_short(cell)} is not a whole number (digits 0-9)")
        return int(cell)
    if how == "float":
        if not _DECIMAL.fullmatch(cell):
            raise Invalid(f"{_short(cell)} is not a number (write e.g. 2.5, in digits 0-9)")
        return float(cell)
    if how == "optbool" and cell == "":
        return None
    if cell.lower() in ("true", "false"):
        return cell.lower() == "true"
    raise Invalid(f"{cell!r} is not true or false")


# -- writing --------------------------------------------------------------------------


Writer = Callable[[IO[bytes]], object]


def _table(columns: dict[str, str], rows: Iterator[dict[str, Any]], tz: ZoneInfo) -> Writer:
    def write(fh: IO[bytes]) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=True)
        try:
            out = csv.writer(text, lineterminator="\r\n")
            out.writerow(list(columns))
            for row in rows:
                out.writerow([neutralise(_cell(row[c], c, tz)) for c in columns])
            text.flush()
        finally:
            text.detach()  # the file writer closes the file

    return write


def _with_remedy(rows: Iterator[Form], remedies: dict[str, Form]) -> Iterator[Form]:
    for form in rows:
        remedy = remedies[form["remedy"]]
        yield {
            **form,
            "remedy": remedy["name"],
            "remedy_uuid": remedy["uuid"],
            "class": remedy["class"],
            "use": remedy["use"],
        }


def _intake_rows(export: Export, remedies: dict[str, Form]) -> Iterator[Form]:
    for form in _with_remedy(export.stream("intakes", by_time=True), remedies):
        form["episode_uuid"] = form["episode"]
        yield form


def _outcome_rows(export: Export) -> Iterator[Form]:
    for form in export.stream("outcomes", by_time=True):
        yield {**form, "intake_uuid": form["intake"]}


def to_csv(export: Export, tz: ZoneInfo) -> dict[str, Writer]:
    """File name -> writer; rows in time order (ties by UUID), as a spreadsheet reads.
    The writers read the journal as they write: call them inside the export's session."""
    remedies = {r["uuid"]: r for r in export.remedies}
    return {
        EPISODES_FILE: _table(EPISODE_COLUMNS, export.stream("episodes", by_time=True), tz),
        INTAKES_FILE: _table(INTAKE_COLUMNS, _intake_rows(export, remedies), tz),
        OUTCOMES_FILE: _table(OUTCOME_COLUMNS, _outcome_rows(export), tz),
        COURSES_FILE: _table(
            COURSE_COLUMNS, _with_remedy(export.stream("courses", by_time=True), remedies), tz
        ),
    }


# -- reading --------------------------------------------------------------------------


def _rows(
    source: Source | None, src: str, columns: dict[str, str]
) -> Iterator[tuple[dict[str, Any], str]]:
    """(typed row, where) for each record; refuses a bad header or cell by line and column."""
    if source is None:
        return
    lines = (piece for piece in source.text("utf-8-sig"))  # a spreadsheet may add a BOM
    reader = csv.reader(_Lines(lines), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise RecordError(src, None, "is empty (it needs a header line)")
        for name in header:
            if name not in columns:
                raise RecordError(f"{src}, line 1", name, "is not a column of this file")
        for name in columns:
            if name not in header and name not in OPTIONAL_COLUMNS:
                raise RecordError(f"{src}, line 1", name, "column is missing")
        if len(set(header)) != len(header):
            raise RecordError(f"{src}, line 1", None, "names a column twice")
        absent = {name: _typed("", columns[name]) for name in columns if name not in header}
        line = reader.line_num + 1
        for cells in reader:
            where = f"{src}, line {line}"
            line = reader.line_num + 1
            if not cells:
                continue
            if len(cells) != len(header):
                raise RecordError(
                    where, None, f"has {len(cells)} cells where the header has {len(header)}"
                )
            typed: dict[str, Any] = dict(absent)
            for name, cell in zip(header, cells, strict=True):
                try:
                    typed[name] = _typed(restore(cell), columns[name])
                except Invalid as exc:
                    raise RecordError(where, name, str(exc)) from None
            yield typed, where
    except NotText as exc:
        raise RecordError(src, None, f"is not UTF-8 text (byte {exc.offset})") from None
    except csv.Error as exc:
        raise RecordError(
            f"{src}, line {reader.line_num}", None, f"is not valid CSV: {exc}"
        ) from None


class _Lines:
    """Lines (ends kept) of text arriving in pieces, for csv.reader."""

    def __init__(self, pieces: Iterator[str]) -> None:
        self._pieces = pieces
        self._lines: list[str] = []
        self._rest = ""

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        while not self._lines:
            piece = next(self._pieces, None)
            if piece is None:
                if self._rest:
                    rest, self._rest = self._rest, ""
                    return rest
                raise StopIteration
            parts = (self._rest + piece).splitlines(keepends=True)
            # A last part without its end, or ending in CR (LF may follow), waits for more.
            self._rest = parts.pop() if parts and not parts[-1].endswith("\n") else ""
            self._lines = parts[::-1]
        return self._lines.pop()


REMEDY_LABELS = {"name": "remedy", "uuid": "remedy_uuid"}
INTAKE_LABELS = {"remedy": "remedy_uuid", "episode": "episode_uuid"}
OUTCOME_LABELS = {"intake": "intake_uuid"}
COURSE_LABELS = {"remedy": "remedy_uuid"}


def _intake(typed: dict[str, Any]) -> dict[str, Any]:
    return {
        "uuid": typed["uuid"],
        "remedy": typed["remedy_uuid"],
        "episode": typed["episode_uuid"],
        **{k: typed[k] for k in ("at", "dose", "unit", "pain", "relief", "product", "deleted")},
        "created": typed["created"],
        "updated": typed["updated"],
    }


def _outcome(typed: dict[str, Any]) -> dict[str, Any]:
    return {
        "uuid": typed["uuid"],
        "intake": typed["intake_uuid"],
        **{k: typed[k] for k in ("at", "pain", "created", "updated")},
    }


def _course(typed: dict[str, Any]) -> dict[str, Any]:
    return {
        "uuid": typed["uuid"],
        "remedy": typed["remedy_uuid"],
        **{k: typed[k] for k in ("started", "stopped", "dose", "unit", "reason")},
        "created": typed["created"],
        "updated": typed["updated"],
    }


# kind -> (file, columns, labels, the record of a typed row)
READ: dict[str, tuple[str, dict[str, str], dict[str, str], Callable[[dict[str, Any]], Any]]] = {
    "episodes": (EPISODES_FILE, EPISODE_COLUMNS, {}, dict),
    "intakes": (INTAKES_FILE, INTAKE_COLUMNS, INTAKE_LABELS, _intake),
    "outcomes": (OUTCOMES_FILE, OUTCOME_COLUMNS, OUTCOME_LABELS, _outcome),
    "courses": (COURSES_FILE, COURSE_COLUMNS, COURSE_LABELS, _course),
}


def read_csv(folder: Path, stack: ExitStack, *, now: datetime | None = None) -> Incoming:
    """A CSV folder, checked whole. Remedies come from the intake and course rows' remedy
    columns. STACK closes the files the import reads again when it is done."""
    when = now or datetime.now(UTC)
    sources: dict[str, Source | None] = {}
    for kind, (name, _, _, _) in READ.items():
        path = folder / name
        if not path.is_file():
            if name in OPTIONAL_FILES and not path.exists():
                sources[kind] = None
                continue
            raise RecordError(
                str(path), None, "is missing (the folder must hold episodes.csv and intakes.csv)"
            )
        sources[kind] = stack.enter_context(Source(path))
    incoming = Incoming(
        source=str(folder),
        derived_remedies=True,
        labels={
            "remedies": REMEDY_LABELS,
            "intakes": INTAKE_LABELS,
            "outcomes": OUTCOME_LABELS,
            "courses": COURSE_LABELS,
        },
    )

    def records(kind: str) -> Iterator[tuple[Form, dict[str, Any], str]]:
        name, columns, labels, shape = READ[kind]
        for typed, where in _rows(sources[kind], str(folder / name), columns):
            yield check_record(kind, shape(typed), where, labels, now=when), typed, where

    remedies: dict[str, tuple[Form, str]] = {}
    for kind in READ:
        for form, typed, where in records(kind):
            if kind in ("intakes", "courses"):
                remedy = _remedy(typed, form, where, when)
                _same_remedy(remedies, remedy, where)
            add_checked(incoming, kind, form, where)
    for remedy, where in remedies.values():
        add_checked(incoming, "remedies", remedy, where)

    def reread(kind: str) -> Iterator[tuple[Form, str]]:
        for form, _, where in records(kind):
            yield form, where

    incoming.reread = reread
    return finish(incoming)


def _remedy(typed: dict[str, Any], form: Form, where: str, now: datetime) -> Form:
    return check_record(
        "remedies",
        {
            "uuid": typed["remedy_uuid"],
            "name": typed["remedy"],
            "class": typed["class"],
            "use": typed["use"],
            "unit": None,
            "aliases": [],
            # A remedy new to the journal dates from the first row naming it.
            "created": form["created"],
            "updated": form["created"],
        },
        where,
        REMEDY_LABELS,
        now=now,
    )


def _same_remedy(seen: dict[str, tuple[Form, str]], remedy: Form, where: str) -> None:
    """Rows naming one remedy_uuid must agree on its name, class and use."""
    first = seen.get(remedy["uuid"])
    if first is None:
        seen[remedy["uuid"]] = (remedy, where)
        return
    earlier, earlier_where = first
    check: list[tuple[str, Callable[[Form], Any]]] = [
        ("remedy", lambda r: r["name"]),
        ("class", lambda r: r["class"]),
        ("use", lambda r: r["use"]),
    ]
    for label, get in check:
        if get(remedy) != get(earlier):
            raise RecordError(
                where,
                label,
                f"{get(remedy)!r} differs from {get(earlier)!r} in {earlier_where} "
                "for the same remedy_uuid",
            )
