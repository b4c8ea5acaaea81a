"""A record's life: new with its identity and change times, found by id, soft-deleted."""

from __future__ import annotations

import uuid
from datetime import datetime

from journal.errors import NotFound
from journal.storage.rows import Row, Rows


def new_record(now: datetime, **values: object) -> Row:
    """A new record's identity and change times, which export and import rely on."""
    return {"id": None, "uuid": str(uuid.uuid4()), "created": now, "updated": now, **values}


def fetch(rows: Rows, query: str, noun: str, key: int, deleted: bool | None) -> Row:
    """The record KEY; deleted=False wants a live one, True a deleted one, None either."""
    row = rows.one(query, id=key)
    if row is None or (deleted is not None and (row["deleted"] is not None) != deleted):
        state = "deleted " if deleted else ""
        raise NotFound(f"There is no {state}{noun} {key}.")
    return row


def soft_delete(rows: Rows, table: str, row: Row, deleted: bool, now: datetime) -> Row:
    # Kept, hidden: deleting is reversible, and export marks deleted records.
    row["deleted"] = now if deleted else None
    row["updated"] = now
    rows.update(table, row)
    return row
