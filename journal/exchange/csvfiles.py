"""The CSV folder: episodes.csv and intakes.csv for spreadsheets, and reading them back.

RFC 4180 (CRLF, quotes as needed), UTF-8 with a header, ISO 8601 times in the
journal's zone with their offset, lists joined with ";". A cell a spreadsheet would
run as a formula gets a leading single quote (OWASP), which import takes off again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from journal.exchange.check import (
    Incoming,
    Invalid,
    RecordError,
    add_checked,
    check_record,
    finish,
    read_bytes,
)
from journal.exchange.document import Document, Form, parse_utc

EPISODES_FILE = "episodes.csv"
INTAKES_FILE = "intakes.csv"
FILES = (EPISODES_FILE, INTAKES_FILE)

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
    "relief": "opt",
    "product": "opt",
    "episode_uuid": "opt",
    "deleted": "opt",
    "created": "text",
    "updated": "text",
}
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


def _cell(value: Any, column: str, tz: ZoneInfo) -> str:
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
    if cell.lower() in ("true", "false"):
        return cell.lower() == "true"
    raise Invalid(f"{cell!r} is not true or false")


# -- writing --------------------------------------------------------------------------


def _table(columns: dict[str, str], rows: list[dict[str, Any]], tz: ZoneInfo) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(columns))
    for row in rows:
        writer.writerow([neutralise(_cell(row[c], c, tz)) for c in columns])
    return out.getvalue().encode("utf-8")


def _chronological(forms: list[Form], key: str) -> list[Form]:
    return sorted(forms, key=lambda f: (parse_utc(f[key]), f["uuid"]))


def to_csv(doc: Document, tz: ZoneInfo) -> dict[str, bytes]:
    """File name -> bytes; rows in time order (ties by UUID), as a spreadsheet reads."""
    remedies = {r["uuid"]: r for r in doc.remedies}
    intakes = []
    for form in _chronological(doc.intakes, "at"):
        remedy = remedies[form["remedy"]]
        intakes.append(
            {
                **form,
                "remedy": remedy["name"],
                "remedy_uuid": remedy["uuid"],
                "class": remedy["class"],
                "use": remedy["use"],
                "episode_uuid": form["episode"],
            }
        )
    return {
        EPISODES_FILE: _table(EPISODE_COLUMNS, _chronological(doc.episodes, "start"), tz),
        INTAKES_FILE: _table(INTAKE_COLUMNS, intakes, tz),
    }


# -- reading --------------------------------------------------------------------------


def _rows(path: Path, columns: dict[str, str]) -> list[tuple[dict[str, Any], str]]:
    """(typed row, where) for each record; refuses a bad header or cell by line and column."""
    src = str(path)
    if not path.is_file():
        raise RecordError(src, None, "is missing (the folder must hold both CSV files)")
    try:
        content = read_bytes(path).decode("utf-8-sig")  # a spreadsheet may add a BOM
    except UnicodeDecodeError as exc:
        raise RecordError(src, None, f"is not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise RecordError(src, None, "is empty (it needs a header line)")
        for name in header:
            if name not in columns:
                raise RecordError(f"{src}, line 1", name, "is not a column of this file")
        for name in columns:
            if name not in header:
                raise RecordError(f"{src}, line 1", name, "column is missing")
        if len(set(header)) != len(header):
            raise RecordError(f"{src}, line 1", None, "names a column twice")
        out = []
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
            typed: dict[str, Any] = {}
            for name, cell in zip(header, cells, strict=True):
                try:
                    typed[name] = _typed(restore(cell), columns[name])
                except Invalid as exc:
                    raise RecordError(where, name, str(exc)) from None
            out.append((typed, where))
    except csv.Error as exc:
        raise RecordError(
            f"{src}, line {reader.line_num}", None, f"is not valid CSV: {exc}"
        ) from None
    return out


REMEDY_LABELS = {"name": "remedy", "uuid": "remedy_uuid"}
INTAKE_LABELS = {"remedy": "remedy_uuid", "episode": "episode_uuid"}


def read_csv(folder: Path, *, now: datetime | None = None) -> Incoming:
    """A CSV folder, checked whole. Remedies come from the intake rows' remedy columns."""
    now = now or datetime.now(UTC)
    incoming = Incoming(
        source=str(folder),
        derived_remedies=True,
        labels={"remedies": REMEDY_LABELS, "intakes": INTAKE_LABELS},
    )
    for typed, where in _rows(folder / EPISODES_FILE, EPISODE_COLUMNS):
        add_checked(incoming, "episodes", check_record("episodes", typed, where, now=now), where)

    remedies: dict[str, tuple[Form, str]] = {}
    for typed, where in _rows(folder / INTAKES_FILE, INTAKE_COLUMNS):
        intake = {
            "uuid": typed["uuid"],
            "remedy": typed["remedy_uuid"],
            "episode": typed["episode_uuid"],
            **{k: typed[k] for k in ("at", "dose", "unit", "relief", "product", "deleted")},
            "created": typed["created"],
            "updated": typed["updated"],
        }
        form = check_record("intakes", intake, where, INTAKE_LABELS, now=now)
        remedy = check_record(
            "remedies",
            {
                "uuid": typed["remedy_uuid"],
                "name": typed["remedy"],
                "class": typed["class"],
                "use": typed["use"],
                "unit": None,
                "aliases": [],
                # A remedy new to the journal dates from the first intake naming it.
                "created": form["created"],
                "updated": form["created"],
            },
            where,
            REMEDY_LABELS,
            now=now,
        )
        _same_remedy(remedies, remedy, where)
        add_checked(incoming, "intakes", form, where)
    for remedy, where in remedies.values():
        add_checked(incoming, "remedies", remedy, where)
    return finish(incoming)


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
