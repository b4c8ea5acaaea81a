"""One sentence for a storage failure a person can act on, found by error code, not text.

SQLite errors are told apart by their result-code names (sqlite3's `sqlite_errorname`,
e.g. SQLITE_BUSY, SQLITE_IOERR_WRITE), PostgreSQL errors by SQLSTATE; a driver error
without either (a server that cannot be reached) by its class. Standard library only.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from journal.storage.location import Location

BUSY = "The journal is busy in another program; try again in a moment."
FULL = "The disk is full; nothing was changed."
CONFLICT = (
    "Other devices kept changing the journal at the same moment; nothing was changed, try again."
)
# PostgreSQL asks a client to run its transaction again with these SQLSTATEs:
# serialization_failure and deadlock_detected.
RETRY_SQLSTATES = frozenset({"40001", "40P01"})


def _original(exc: BaseException) -> BaseException:
    """The driver's exception under SQLAlchemy's wrapper, if any."""
    return getattr(exc, "orig", None) or exc


def sqlite_code(exc: BaseException) -> str | None:
    """The primary result-code name, e.g. SQLITE_IOERR for SQLITE_IOERR_WRITE."""
    name = getattr(_original(exc), "sqlite_errorname", None)
    if not isinstance(name, str):
        return None
    parts = name.split("_")
    return "_".join(parts[:2]) if len(parts) > 2 else name


def sqlstate(exc: BaseException) -> str | None:
    orig = _original(exc)
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return code if isinstance(code, str) else None


def is_conflict(exc: BaseException) -> bool:
    """True when the server cancelled a transaction for a concurrent one and asks for a retry."""
    return sqlstate(exc) in RETRY_SQLSTATES


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def _sqlite_sentence(code: str, location: Location) -> str | None:
    where = location.display()
    folder = location.path.parent if location.path is not None else None
    if code == "SQLITE_IOERR" and folder is not None and _nearly_full(folder):
        # SQLite reports a full disk as an I/O error when it cannot even grow its -shm file.
        return FULL
    if code == "SQLITE_READONLY" and folder is not None and not os.access(folder, os.W_OK):
        return f"The journal's folder {folder} is read-only; nothing was changed."
    return {
        "SQLITE_BUSY": BUSY,
        "SQLITE_LOCKED": BUSY,
        "SQLITE_FULL": FULL,
        "SQLITE_IOERR": f"Reading or writing {where} failed (disk I/O error); nothing was changed.",
        "SQLITE_NOTADB": f"{where} is not a headache-journal database.",
        "SQLITE_CORRUPT": f"{where} is damaged; restore it from a backup (journal restore).",
        "SQLITE_READONLY": f"The journal at {where} is read-only; nothing was changed.",
        "SQLITE_CANTOPEN": f"Cannot open the journal at {where}.",
        "SQLITE_PERM": f"No permission to use the journal at {where}.",
        "SQLITE_AUTH": f"No permission to use the journal at {where}.",
    }.get(code)


def _postgres_sentence(state: str, location: Location) -> str | None:
    where = location.display()
    if state in RETRY_SQLSTATES:
        return CONFLICT
    if state == "55P03":  # lock_not_available: our lock_timeout ran out
        return BUSY
    if state in ("28P01", "28000"):  # invalid_password, invalid_authorization_specification
        return f"The database server refused the login for {where}."
    if state == "3D000":  # invalid_catalog_name
        return f"The database server has no database for {where}; create it first (createdb)."
    if state.startswith("08"):  # connection exceptions
        return f"Cannot reach the database server for {where}."
    return None


def _connection_sentence(text: str, location: Location) -> str:
    """A failed connection: libpq reports these as text only, with no SQLSTATE, so the
    server's own words are all there is to tell them apart."""
    where = location.display()
    if "database" in text and "does not exist" in text:
        return _postgres_sentence("3D000", location) or ""
    if "authentication failed" in text or "no password supplied" in text:
        return _postgres_sentence("28P01", location) or ""
    return f"Cannot reach the database server for {where}."


def storage_message(exc: BaseException, location: Location) -> str | None:
    """One sentence for a database failure a person can act on, or None if unknown."""
    code = sqlite_code(exc)
    if code is not None:
        return _sqlite_sentence(code, location)
    state = sqlstate(exc)
    if state is not None:
        return _postgres_sentence(state, location)
    orig = _original(exc)
    if type(orig).__module__.startswith("psycopg") and type(orig).__name__ == "OperationalError":
        return _connection_sentence(str(orig).lower(), location)
    if isinstance(orig, OSError) and orig.strerror:
        return f"Cannot use the journal at {location.display()}: {orig.strerror.lower()}."
    return None
