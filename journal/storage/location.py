"""One place decides where the journal lives (kept free of SQLAlchemy for fast start-up)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote

from journal.errors import BadInput

APP_NAME = "headache-journal"
FILE_NAME = "journal.sqlite3"


@dataclass(frozen=True)
class Location:
    url: str
    path: Path | None  # the SQLite file, None for a server
    source: str  # which setting chose it, for `journal db path`

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def backups_dir(self) -> Path | None:
        return None if self.path is None else self.path.parent / "backups"

    def display(self) -> str:
        if self.path is not None:
            return str(self.path)
        return _hide_password(self.url)


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / FILE_NAME


def resolve(db_url: str | None = None, db_path: str | None = None) -> Location:
    """--db-url, then --db, then JOURNAL_DB_URL, then JOURNAL_DB, then the user data dir."""
    if db_url:
        return from_url(db_url, "--db-url")
    if db_path:
        return from_path(db_path, "--db")
    if env_url := os.environ.get("JOURNAL_DB_URL"):
        return from_url(env_url, "JOURNAL_DB_URL")
    if env_path := os.environ.get("JOURNAL_DB"):
        return from_path(env_path, "JOURNAL_DB")
    return from_path(str(default_path()), "default")


def from_path(raw: str, source: str) -> Location:
    """A file path, taken as it is: never parsed as a URL (a '?' or '#' is a character).

    The url here is for display only; the engine is built from the path
    (journal/storage/engine.py), so no character a file system allows is special.
    """
    path = Path(raw).expanduser().absolute()
    return Location(f"sqlite:///{path}", path, source)


def from_url(url: str, source: str) -> Location:
    """A URL typed as one. For SQLite, its path is read as SQLAlchemy reads it
    (%XX decoded, a '?' starts the options) and the location keeps the path."""
    if not url.startswith("sqlite"):
        return Location(url, None, source)
    rest = url.split("://", 1)[1] if "://" in url else ""
    database, _, query = rest.removeprefix("/").partition("?")
    database = unquote(database)
    options = {k.lower(): v for k, v in parse_qs(query).items()}
    if not database or database == ":memory:" or "memory" in options.get("mode", []):
        raise BadInput(
            source,
            "an in-memory database keeps nothing once the command ends; give a file, "
            "e.g. sqlite:////home/me/journal.sqlite3",
        )
    if options.get("uri", ["false"])[0].lower() in ("true", "1", "yes", "on"):
        raise BadInput(source, "SQLite URI file names are not supported; give the file's path")
    return from_path(database, source)


# Query options that carry a secret (libpq reads password=; others by habit).
_SECRET_OPTION = re.compile(r"([?&](?:password|passwd|pass|pwd|secret|token)=)[^&#]*", re.I)


def _hide_password(url: str) -> str:
    """URL with its password (user:PASSWORD@, ?password=...) shown as ***."""
    url = _SECRET_OPTION.sub(r"\1***", url)
    if "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    # The credentials end at the last '@' before the options; a password typed with an
    # unescaped '/' or '@' in it is still hidden whole.
    head, mark, query = rest.partition("?")
    if "@" in head:
        creds, host = head.rsplit("@", 1)
        if ":" in creds:
            creds = creds.split(":", 1)[0] + ":***"
        head = f"{creds}@{host}"
    return f"{scheme}://{head}{mark}{query}"
