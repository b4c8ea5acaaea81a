"""The persistence step: named statements run against the journal, rows in and out as dicts.

Two implementations of one small interface. `LiteRows` runs the generated SQLite text of
journal/storage/sql.py through the standard library's sqlite3 (the fast path: no
SQLAlchemy import, for everyday commands on a SQLite journal); `SaRows` executes the same
statements as SQLAlchemy Core objects (PostgreSQL, and SQLite when asked). Both hand back
the same Python values: aware UTC datetimes, dates, lists, bools. Everything above this
module (journal/entries, the front door) is written once against `Rows`.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from journal.storage import sql

if TYPE_CHECKING:
    from sqlalchemy import Connection

Row = dict[str, Any]


class Rows(Protocol):
    """Named queries (journal/storage/statements.py) and whole-row writes by key."""

    def all(self, query: str, **params: Any) -> list[Row]: ...

    def one(self, query: str, **params: Any) -> Row | None: ...

    def insert(self, table: str, row: Row) -> int: ...

    def update(self, table: str, row: Row) -> None: ...

    def delete(self, table: str, row: Row) -> None: ...


# -- SQLite values as SQLAlchemy writes and reads them -----------------------------------


def _datetime_out(value: datetime) -> str:
    value = value.astimezone(UTC)
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )


def _date_out(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _datetime_in(value: str) -> datetime:
    # SQLAlchemy stores naive UTC text; parsing it with the offset appended gives the same
    # aware value (tzinfo is UTC itself) at a fraction of the cost of .replace(tzinfo=UTC).
    return datetime.fromisoformat(value + "+00:00")


def _json_in(value: str) -> Any:
    # Most tag lists are empty: skip the decoder for them (a new list each time, as
    # json.loads gives, since callers may change it).
    return [] if value == "[]" else json.loads(value)


TO_SQLITE: dict[str, Any] = {
    "datetime": _datetime_out,
    "date": _date_out,
    "json": json.dumps,
    "bool": int,
    "float": float,
}
FROM_SQLITE: dict[str, Any] = {
    "datetime": _datetime_in,
    "date": date.fromisoformat,
    "json": _json_in,
    "bool": bool,
    "float": float,
}


def _to(kinds: dict[str, str], values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in values.items():
        convert = TO_SQLITE.get(kinds[name])
        out[name] = value if value is None or convert is None else convert(value)
    return out


class LiteRows:
    """Rows over a sqlite3 connection that the caller opened and holds a transaction on."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def all(self, query: str, **params: Any) -> list[Row]:
        spec = sql.QUERIES[query]
        kinds: dict[str, str] = spec["params"]
        cur = self.con.execute(spec["sql"], {**spec["fixed"], **_to(kinds, params)})
        names = [d[0] for d in cur.description]
        # Only some columns need converting (datetimes, dates, JSON, bools): build each
        # row with dict(zip()) and fix those few, the loader's hot loop on long periods.
        convert = [
            (i, n, f)
            for i, n in enumerate(names)
            if (f := FROM_SQLITE.get(spec["columns"].get(n, ""))) is not None
        ]
        rows = []
        for row in cur.fetchall():
            out = dict(zip(names, row, strict=True))
            for i, n, f in convert:
                if (v := row[i]) is not None:
                    out[n] = f(v)
            rows.append(out)
        return rows

    def one(self, query: str, **params: Any) -> Row | None:
        rows = self.all(query, **params)
        return rows[0] if rows else None

    def insert(self, table: str, row: Row) -> int:
        spec = sql.TABLES[table]
        cur = self.con.execute(spec["insert"], _to(spec["columns"], _written(spec, row)))
        return int(row["id"]) if "id" in row and row["id"] is not None else int(cur.lastrowid or 0)

    def update(self, table: str, row: Row) -> None:
        spec = sql.TABLES[table]
        values = _to(spec["columns"], {k: v for k, v in row.items() if k in spec["columns"]})
        self.con.execute(spec["update"], {**values, **_where(spec, values)})

    def delete(self, table: str, row: Row) -> None:
        spec = sql.TABLES[table]
        self.con.execute(spec["delete"], _where(spec, _to(spec["columns"], _keys(spec, row))))


def _written(spec: dict[str, Any], row: Row) -> Row:
    """The row's values for an INSERT: every column, an integer id left to the database."""
    columns = [c for c in spec["columns"] if spec["keys"] != ("id",) or c != "id"]
    return {c: row.get(c) for c in columns}


def _keys(spec: dict[str, Any], row: Row) -> Row:
    return {k: row[k] for k in spec["keys"]}


def _where(spec: dict[str, Any], row: Row) -> Row:
    return {sql.KEY_PREFIX + k: row[k] for k in spec["keys"]}


class SaRows:
    """Rows over a SQLAlchemy Connection inside the caller's transaction."""

    def __init__(self, conn: Connection) -> None:
        from journal.storage import statements

        self.conn = conn
        self._statements = statements

    def all(self, query: str, **params: Any) -> list[Row]:
        statement = self._statements.QUERIES[query]
        return [dict(r._mapping) for r in self.conn.execute(statement, params)]

    def one(self, query: str, **params: Any) -> Row | None:
        rows = self.all(query, **params)
        return rows[0] if rows else None

    def insert(self, table: str, row: Row) -> int:
        target, keys = self._statements.TABLES[table]
        values = {c.name: row.get(c.name) for c in target.columns}
        if keys == ("id",) and values.get("id") is None:
            del values["id"]
        result = self.conn.execute(target.insert(), values)
        if keys != ("id",):
            return 0
        key = result.inserted_primary_key
        return int(values.get("id") or (key[0] if key else 0))

    def update(self, table: str, row: Row) -> None:
        from sqlalchemy import bindparam

        target, keys = self._statements.TABLES[table]
        where = [target.c[k] == bindparam(sql.KEY_PREFIX + k) for k in keys]
        values = {c.name: row[c.name] for c in target.columns if c.name in row}
        for k in keys:
            values.pop(k, None)
        params = {**values, **{sql.KEY_PREFIX + k: row[k] for k in keys}}
        self.conn.execute(target.update().where(*where), params)

    def delete(self, table: str, row: Row) -> None:
        target, keys = self._statements.TABLES[table]
        self.conn.execute(target.delete().where(*[target.c[k] == row[k] for k in keys]))
