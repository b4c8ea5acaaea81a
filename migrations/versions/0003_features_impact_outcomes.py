"""Pain features and impact days on episodes, impact on check-ins, pain at a dose,
outcomes after a dose, and preventive courses.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMPTY_LIST = sa.text("'[]'")


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    # Existing rows keep every value; the new columns start empty (NULL: not recorded,
    # or an empty list). On SQLite the CHECK constraints rebuild `episodes` and `intakes`,
    # which other tables point at: migrations run with foreign keys off and checked before
    # the commit (journal/storage/migrate.py).
    with op.batch_alter_table("episodes") as batch_op:
        batch_op.add_column(sa.Column("side", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("quality", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("activity_worse", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column("impact_days", sa.JSON(), server_default=EMPTY_LIST, nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_episodes_side"), "side IS NULL OR side IN ('left','right','both','varies')"
        )
        batch_op.create_check_constraint(
            op.f("ck_episodes_quality"),
            "quality IS NULL OR quality IN ('pulsating','pressing','stabbing','other')",
        )
    with op.batch_alter_table("intakes") as batch_op:
        batch_op.add_column(sa.Column("pain", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_intakes_pain"), "pain IS NULL OR (pain >= 0 AND pain <= 10)"
        )
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.add_column(
            sa.Column("missed", sa.JSON(), server_default=EMPTY_LIST, nullable=False)
        )
        batch_op.add_column(
            sa.Column("reduced", sa.JSON(), server_default=EMPTY_LIST, nullable=False)
        )
    op.create_table(
        "outcomes",
        sa.Column("intake_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        *_stamps(),
        sa.CheckConstraint("pain >= 0 AND pain <= 10", name=op.f("ck_outcomes_pain")),
        sa.ForeignKeyConstraint(
            ["intake_id"],
            ["intakes.id"],
            name=op.f("fk_outcomes_intake_id_intakes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcomes")),
        sa.UniqueConstraint("uuid", name=op.f("uq_outcomes_uuid")),
    )
    with op.batch_alter_table("outcomes") as batch_op:
        batch_op.create_index(batch_op.f("ix_outcomes_intake_id"), ["intake_id"], unique=False)
    op.create_table(
        "courses",
        sa.Column("remedy_id", sa.Integer(), nullable=False),
        sa.Column("started", sa.Date(), nullable=False),
        sa.Column("stopped", sa.Date(), nullable=True),
        sa.Column("dose", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        *_stamps(),
        sa.CheckConstraint("dose IS NULL OR dose >= 0", name=op.f("ck_courses_dose")),
        sa.CheckConstraint(
            "stopped IS NULL OR stopped >= started", name=op.f("ck_courses_stopped_after_started")
        ),
        sa.ForeignKeyConstraint(
            ["remedy_id"], ["remedies.id"], name=op.f("fk_courses_remedy_id_remedies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
        sa.UniqueConstraint("uuid", name=op.f("uq_courses_uuid")),
    )
    with op.batch_alter_table("courses") as batch_op:
        batch_op.create_index(batch_op.f("ix_courses_remedy_id"), ["remedy_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_courses_started"), ["started"], unique=False)


def downgrade() -> None:
    # Drops the outcomes and courses and the new columns' values; the rest is kept.
    with op.batch_alter_table("courses") as batch_op:
        batch_op.drop_index(batch_op.f("ix_courses_started"))
        batch_op.drop_index(batch_op.f("ix_courses_remedy_id"))
    op.drop_table("courses")
    with op.batch_alter_table("outcomes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcomes_intake_id"))
    op.drop_table("outcomes")
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.drop_column("reduced")
        batch_op.drop_column("missed")
    with op.batch_alter_table("intakes") as batch_op:
        batch_op.drop_constraint(op.f("ck_intakes_pain"), type_="check")
        batch_op.drop_column("pain")
    with op.batch_alter_table("episodes") as batch_op:
        batch_op.drop_constraint(op.f("ck_episodes_quality"), type_="check")
        batch_op.drop_constraint(op.f("ck_episodes_side"), type_="check")
        batch_op.drop_column("impact_days")
        batch_op.drop_column("activity_worse")
        batch_op.drop_column("quality")
        batch_op.drop_column("side")
