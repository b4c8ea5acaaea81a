"""Initial schema: episodes, remedies and their catalogue, intakes, check-ins, markers.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

# This revision must mean the same thing for ever, so it carries its own copy of the
# catalogue it seeds (and of the name key it stores) instead of importing the program's.
NAMESPACE = uuid.UUID("5b0f8a52-3c1e-4d8e-9a36-0c7e7d1f4a10")


class Seed(NamedTuple):
    name: str
    klass: str
    unit: str
    use: str = "acute"
    aliases: tuple[str, ...] = ()


# Generic names. Classes follow ICHD-3 8.2; kratom is its own class; caffeine is tracked
# apart; preventives are recorded but make no medication day.
SEED_V1: tuple[Seed, ...] = (
    Seed("paracetamol", "simple", "mg", aliases=("acetaminophen", "apap")),
    Seed("ibuprofen", "simple", "mg"),
    Seed("aspirin", "simple", "mg", aliases=("acetylsalicylic acid", "asa")),
    Seed("naproxen", "simple", "mg"),
    Seed("diclofenac", "simple", "mg"),
    Seed("metamizole", "simple", "mg", aliases=("dipyrone",)),
    Seed("sumatriptan", "triptan", "mg"),
    Seed("rizatriptan", "triptan", "mg"),
    Seed("zolmitriptan", "triptan", "mg"),
    Seed("eletriptan", "triptan", "mg"),
    Seed("naratriptan", "triptan", "mg"),
    Seed("almotriptan", "triptan", "mg"),
    Seed("frovatriptan", "triptan", "mg"),
    Seed("ergotamine", "ergot", "mg"),
    Seed("dihydroergotamine", "ergot", "mg", aliases=("dhe",)),
    Seed("codeine", "opioid", "mg"),
    Seed("tramadol", "opioid", "mg"),
    Seed("oxycodone", "opioid", "mg"),
    Seed("morphine", "opioid", "mg"),
    Seed("hydrocodone", "opioid", "mg"),
    Seed(
        "paracetamol+aspirin+caffeine",
        "combination",
        "tablet",
        aliases=("excedrin", "thomapyrin"),
    ),
    Seed("paracetamol+codeine", "combination", "tablet", aliases=("co-codamol",)),
    Seed("butalbital combination", "combination", "tablet", aliases=("fioricet", "fiorinal")),
    Seed("kratom", "kratom", "g", aliases=("mitragyna speciosa", "ketum")),
    Seed("caffeine", "caffeine", "mg", aliases=("coffee",)),
    Seed("propranolol", "other", "mg", use="preventive"),
    Seed("topiramate", "other", "mg", use="preventive"),
    Seed("amitriptyline", "other", "mg", use="preventive"),
    Seed("candesartan", "other", "mg", use="preventive"),
    Seed("erenumab", "other", "mg", use="preventive"),
    Seed("magnesium", "other", "mg", use="preventive"),
)


def lookup_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def seed_uuid(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "remedy:" + lookup_key(name)))


def creating_zone() -> str:
    """The zone the program asks the journal to count its days in (handed over by the
    caller as a config attribute), else UTC."""
    ctx = op.get_context().environment_context
    attributes = ctx.config.attributes if ctx is not None and ctx.config is not None else {}
    return str(attributes.get("journal_tz") or "UTC")


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "day_markers",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_markers")),
        sa.UniqueConstraint("uuid", name=op.f("uq_day_markers_uuid")),
    )
    with op.batch_alter_table("day_markers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_day_markers_day"), ["day"], unique=False)
        batch_op.create_index("ix_day_markers_day_tag", ["day", "tag"], unique=True)

    op.create_table(
        "episodes",
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("intensity", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("aura", sa.Boolean(), nullable=False),
        sa.Column("symptoms", sa.JSON(), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("missed", sa.JSON(), nullable=False),
        sa.Column("reduced", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("deleted", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "type IN ('migraine','tension','cluster','other','unknown')",
            name=op.f("ck_episodes_type"),
        ),
        sa.CheckConstraint(
            '"end" IS NULL OR "end" >= start', name=op.f("ck_episodes_end_after_start")
        ),
        sa.CheckConstraint(
            "intensity IS NULL OR (intensity >= 0 AND intensity <= 10)",
            name=op.f("ck_episodes_intensity"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episodes")),
        sa.UniqueConstraint("uuid", name=op.f("uq_episodes_uuid")),
    )
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.create_index("ix_episodes_end", ["end"], unique=False)
        batch_op.create_index(batch_op.f("ix_episodes_start"), ["start"], unique=False)

    op.create_table(
        "remedies",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("klass", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("use", sa.String(length=10), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "klass IN ('simple','triptan','ergot','opioid','combination','kratom',"
            "'caffeine','other')",
            name=op.f("ck_remedies_klass"),
        ),
        sa.CheckConstraint("use IN ('acute','preventive')", name=op.f("ck_remedies_use")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remedies")),
        sa.UniqueConstraint("key", name=op.f("uq_remedies_key")),
        sa.UniqueConstraint("uuid", name=op.f("uq_remedies_uuid")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "checkins",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("intensity", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('still','clear')", name=op.f("ck_checkins_status")),
        sa.CheckConstraint(
            "intensity IS NULL OR (intensity >= 0 AND intensity <= 10)",
            name=op.f("ck_checkins_intensity"),
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_checkins_episode_id_episodes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint("day", name=op.f("uq_checkins_day")),
        sa.UniqueConstraint("uuid", name=op.f("uq_checkins_uuid")),
    )
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkins_episode_id"), ["episode_id"], unique=False)

    op.create_table(
        "intakes",
        sa.Column("remedy_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dose", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("episode_id", sa.Integer(), nullable=True),
        sa.Column("relief", sa.String(length=10), nullable=True),
        sa.Column("product", sa.String(length=500), nullable=True),
        sa.Column("deleted", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "relief IS NULL OR relief IN ('none','partial','full')", name=op.f("ck_intakes_relief")
        ),
        sa.CheckConstraint("dose IS NULL OR dose >= 0", name=op.f("ck_intakes_dose")),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_intakes_episode_id_episodes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["remedy_id"], ["remedies.id"], name=op.f("fk_intakes_remedy_id_remedies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intakes")),
        sa.UniqueConstraint("uuid", name=op.f("uq_intakes_uuid")),
    )
    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intakes_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_intakes_episode_id"), ["episode_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_intakes_remedy_id"), ["remedy_id"], unique=False)

    op.create_table(
        "remedy_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("remedy_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["remedy_id"],
            ["remedies.id"],
            name=op.f("fk_remedy_aliases_remedy_id_remedies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remedy_aliases")),
        sa.UniqueConstraint("key", name=op.f("uq_remedy_aliases_key")),
    )
    with op.batch_alter_table("remedy_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_remedy_aliases_remedy_id"), ["remedy_id"], unique=False
        )

    seed_catalogue()


def seed_catalogue() -> None:
    """The starting catalogue, frozen as of this revision (fixed UUIDs and times)."""
    remedies = sa.table(
        "remedies",
        sa.column("id", sa.Integer()),
        sa.column("uuid", sa.String()),
        sa.column("name", sa.String()),
        sa.column("key", sa.String()),
        sa.column("klass", sa.String()),
        sa.column("unit", sa.String()),
        sa.column("use", sa.String()),
        sa.column("created", sa.DateTime()),
        sa.column("updated", sa.DateTime()),
    )
    aliases = sa.table(
        "remedy_aliases",
        sa.column("remedy_id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("key", sa.String()),
    )
    when = datetime(2026, 1, 1, tzinfo=UTC)
    if op.get_context().dialect.name == "sqlite":
        when = when.replace(tzinfo=None)
    rows, alias_rows = [], []
    for number, seed in enumerate(SEED_V1, start=1):
        rows.append(
            {
                "id": number,
                "uuid": seed_uuid(seed.name),
                "name": seed.name,
                "key": lookup_key(seed.name),
                "klass": seed.klass,
                "unit": seed.unit,
                "use": seed.use,
                "created": when,
                "updated": when,
            }
        )
        alias_rows += [{"remedy_id": number, "name": a, "key": lookup_key(a)} for a in seed.aliases]
    op.bulk_insert(remedies, rows)
    op.bulk_insert(aliases, alias_rows)
    # The journal keeps the zone it was created in: its calendar days are counted there.
    settings = sa.table(
        "settings",
        sa.column("key", sa.String()),
        sa.column("value", sa.String()),
        sa.column("updated", sa.DateTime()),
    )
    now = datetime.now(UTC)
    if op.get_context().dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    op.bulk_insert(settings, [{"key": "tz", "value": creating_zone(), "updated": now}])
    if op.get_context().dialect.name == "postgresql":
        # Rows inserted with explicit ids leave the serial's sequence at 1; without this
        # the first `remedies add` would collide with seeded remedy 1.
        op.execute(
            "SELECT setval(pg_get_serial_sequence('remedies', 'id'),"
            " (SELECT max(id) FROM remedies))"
        )


def downgrade() -> None:
    with op.batch_alter_table("remedy_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remedy_aliases_remedy_id"))

    op.drop_table("remedy_aliases")
    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intakes_remedy_id"))
        batch_op.drop_index(batch_op.f("ix_intakes_episode_id"))
        batch_op.drop_index(batch_op.f("ix_intakes_at"))

    op.drop_table("intakes")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkins_episode_id"))

    op.drop_table("checkins")
    op.drop_table("settings")
    op.drop_table("remedies")
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_episodes_start"))
        batch_op.drop_index("ix_episodes_end")

    op.drop_table("episodes")
    with op.batch_alter_table("day_markers", schema=None) as batch_op:
        batch_op.drop_index("ix_day_markers_day_tag")
        batch_op.drop_index(batch_op.f("ix_day_markers_day"))

    op.drop_table("day_markers")
