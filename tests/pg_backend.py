"""The suite's PostgreSQL run: a fresh database per test when JOURNAL_TEST_PG_URL is set.

JOURNAL_TEST_PG_URL names a server's maintenance database, e.g.
postgresql+psycopg://postgres@127.0.0.1:5433/postgres (scripts/pg-test.sh starts a
throwaway server and sets it). Each test then gets an empty schema of its own (under a
millisecond; a database per test costs 0.2-0.3 s) and JOURNAL_DB_URL pointing at it
through search_path, instead of a SQLite file. tests/test_postgres.py also runs the
journal in a database of its own, in the default schema.
Tests about the SQLite file itself are marked `sqlite_only` and skipped in that run; so
is every test that asks for the `db_path` fixture, the SQLite file's path.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

PG_URL = os.environ.get("JOURNAL_TEST_PG_URL", "")
SQLITE_ONLY = "about the SQLite file itself; this run uses PostgreSQL"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: the test is about the SQLite file; skipped in the PostgreSQL run"
    )
    config.addinivalue_line(
        "markers", "both_paths: run on the sqlite3 fast path and on SQLAlchemy (SQLite run)"
    )
    config.addinivalue_line(
        "markers", "new_journal: start with no journal file (first use, or none at all)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not PG_URL:
        return
    for item in items:
        if item.get_closest_marker("sqlite_only") or "db_path" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.skip(reason=SQLITE_ONLY))


def libpq_url(url: str, database: str | None = None) -> str:
    """URL as psycopg itself takes it (no +driver), optionally for another database."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def journal_url(database: str | None = None, schema: str | None = None) -> str:
    """PG_URL for DATABASE (default: the same), in SCHEMA (default: public)."""
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    if database is not None:
        url = url.set(database=database)
    if schema is not None:
        # application_name lets teardown find the test's sessions, subprocesses' too.
        url = url.update_query_dict(
            {"options": f"-csearch_path={schema}", "application_name": schema}
        )
    return url.render_as_string(hide_password=False)


def _end_sessions(admin: Any, where: str, value: str) -> None:
    """Close server sessions a test left open (an engine not disposed, a killed process)."""
    admin.execute(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {where} = %s"
        " AND pid <> pg_backend_pid()",
        (value,),
    )


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Any]:
    """One autocommit connection to the maintenance database, for CREATE/DROP DATABASE."""
    import psycopg

    conn = psycopg.connect(libpq_url(PG_URL), autocommit=True)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def pg_schema(pg_admin: Any) -> Iterator[str]:
    """A fresh, empty schema for one test; the SQLAlchemy URL that uses it. Dropped afterwards."""
    name = f"journal_test_{uuid.uuid4().hex[:12]}"
    pg_admin.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield journal_url(schema=name)
    finally:
        _end_sessions(pg_admin, "application_name", name)
        pg_admin.execute(f'DROP SCHEMA "{name}" CASCADE')


@pytest.fixture
def pg_database(pg_admin: Any) -> Iterator[str]:
    """A fresh, empty database for one test; its SQLAlchemy URL. Dropped afterwards."""
    name = f"journal_test_{uuid.uuid4().hex[:12]}"
    # FILE_COPY is the fast way for a tiny template on a server without fsync.
    pg_admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY FILE_COPY')
    try:
        yield journal_url(database=name)
    finally:
        # FORCE: a test that left an engine open must not keep its database alive.
        pg_admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
