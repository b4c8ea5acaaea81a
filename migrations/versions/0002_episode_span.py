"""Keep each finished episode's length, so period queries are bounded by the longest.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite adds the column in place here, but the downgrade rebuilds
    # `episodes`, which intakes and check-ins point at; migrations therefore run with
    # foreign keys off and checked before the commit (journal/storage/migrate.py).
    with op.batch_alter_table("episodes") as batch_op:
        batch_op.add_column(sa.Column("span_seconds", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_episodes_span_seconds"), ["span_seconds"])
    episodes = sa.table(
        "episodes",
        sa.column("id", sa.Integer()),
        sa.column("start", sa.DateTime(timezone=True)),
        sa.column("end", sa.DateTime(timezone=True)),
        sa.column("span_seconds", sa.Integer()),
    )
    bind = op.get_bind()
    finished = bind.execute(
        sa.select(episodes.c.id, episodes.c.start, episodes.c.end).where(
            episodes.c.end.is_not(None)
        )
    ).all()
    for row in finished:
        start, end = _aware(row.start), _aware(row.end)
        bind.execute(
            episodes.update()
            .where(episodes.c.id == row.id)
            .values(span_seconds=int((end - start).total_seconds()))
        )


def _aware(value: datetime | str) -> datetime:
    # SQLite hands back text for a plain sa.table column; PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def downgrade() -> None:
    with op.batch_alter_table("episodes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_episodes_span_seconds"))
        batch_op.drop_column("span_seconds")
