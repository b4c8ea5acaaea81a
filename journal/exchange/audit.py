"""Every record of a journal file checked as an import checks it, before a restore.

journal/storage/restore.py checks a backup's schema, integrity, references and
settings; what SQLite cannot see (a list column holding text, a time that is no time,
a note of control characters, a dose of 1e308) is checked here, by the very rules an
import applies to a file (journal/exchange/check.py), so a record no one could have
typed or imported never becomes the journal by the back door.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from journal.errors import BadInput, StorageError
from journal.exchange.check import check_record, identity
from journal.exchange.document import Export
from journal.exchange.forms import KINDS


def _refuse(where: str, why: str) -> StorageError:
    return StorageError(f"Refusing {where}: {why}; nothing was changed.")


def _lists_are_lists(path: Path, where: str) -> None:
    """Every JSON column of the models holds a list (of tags, days, reasons)."""
    from sqlalchemy import JSON

    from journal.storage.models import Base

    con = sqlite3.connect(path)
    try:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, JSON):
                    continue
                name = f'"{column.name}"'
                try:
                    bad = con.execute(
                        f'SELECT rowid FROM "{table.name}" WHERE NOT (json_valid({name}) '
                        f"AND json_type({name}) = 'array') LIMIT 1"
                    ).fetchone()
                except sqlite3.OperationalError:  # a SQLite built without JSON functions
                    return
                if bad is not None:
                    raise _refuse(
                        where,
                        f"its {table.name} record {bad[0]} has a {column.name} that is not a list",
                    )
    finally:
        con.close()


def _nothing() -> None:
    return None


def audit_journal_file(path: Path, where: str, checkpoint: Callable[[], None] = _nothing) -> None:
    """Refuse (StorageError naming WHERE) a journal file at head holding a bad record.

    CHECKPOINT is called between the steps (Ctrl-C, journal/interrupts.py)."""
    from datetime import UTC, datetime

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import URL
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from journal.settings import SETTINGS_DEFAULTS
    from journal.when import zone_named

    _lists_are_lists(path, where)
    checkpoint()
    engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)))
    try:
        with Session(engine) as session:
            tz = session.execute(text("SELECT value FROM settings WHERE key = 'tz'")).scalar()
            zone = zone_named(tz or SETTINGS_DEFAULTS["tz"], "tz")
            export = Export(session, None, None, zone, datetime.now(UTC))
            for kind in KINDS:
                checkpoint()
                # Read a batch at a time, as an export does: a long diary is never held.
                for n, form in enumerate(export.stream(kind)):
                    if n % 4096 == 4095:
                        checkpoint()
                    label = f"{kind} {identity(kind, form)}"
                    try:
                        check_record(kind, dict(form), label)
                    except BadInput as exc:
                        why = str(exc).removesuffix("; nothing was imported")
                        raise _refuse(where, f"its {why}") from None
    except (ValueError, TypeError, OverflowError, KeyError, SQLAlchemyError) as exc:
        raise _refuse(where, f"a record cannot be read ({type(exc).__name__})") from None
    finally:
        engine.dispose()
