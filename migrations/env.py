"""Alembic environment: uses the connection the app hands over, never resets logging."""

from __future__ import annotations

from alembic import context

from journal.storage.models import Base


def run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by rebuilding them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    handed = context.config.attributes.get("connection")
    if handed is not None:
        run(handed)
        return
    # `alembic upgrade head` from the repository: the journal the app would use.
    from journal.storage.engine import create_journal_engine
    from journal.storage.location import resolve
    from journal.storage.migrate import migration_connection

    url = context.config.get_main_option("sqlalchemy.url")
    location = resolve(db_url=url or None)
    engine = create_journal_engine(location)
    try:
        with migration_connection(engine) as conn:
            run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run them against a journal.")
main()
