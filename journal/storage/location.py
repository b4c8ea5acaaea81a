"""One place decides where the journal lives (kept free of SQLAlchemy for fast start-up)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
    path = default_path()
    return Location(f"sqlite:///{path}", path, "default")


def from_path(raw: str, source: str) -> Location:
    path = Path(raw).expanduser().absolute()
    return Location(f"sqlite:///{path}", path, source)


def from_url(url: str, source: str) -> Location:
    if url.startswith("sqlite"):
        # sqlite:///relative.db or sqlite:////abs.db; keep the path for backups and modes.
        rest = url.split(":///", 1)[1] if ":///" in url else ""
        rest = rest.split("?", 1)[0]
        if rest and rest != ":memory:":
            return from_path(rest, source)
    return Location(url, None, source)


def _hide_password(url: str) -> str:
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    if ":" in creds:
        creds = creds.split(":", 1)[0] + ":***"
    return f"{scheme}://{creds}@{host}"
