"""The journal's tables as SQLAlchemy 2 typed models, with named constraints."""

from __future__ import annotations

import uuid as uuidlib
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from journal.spec import QUALITIES, SIDES, check_in_sql

# Batch migrations on SQLite rebuild tables and drop unnamed CHECK constraints,
# so every constraint gets a name from this convention.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite compares the stored text, so every value must be written the same way.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Stamped:
    """Stable identity and change times, which export and import rely on."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Remedy(Stamped, Base):
    __tablename__ = "remedies"
    __table_args__ = (
        CheckConstraint(
            "klass IN ('simple','triptan','ergot','opioid','combination','kratom',"
            "'caffeine','other')",
            name="klass",
        ),
        CheckConstraint("use IN ('acute','preventive')", name="use"),
    )

    name: Mapped[str] = mapped_column(String(200))
    # Casefolded name: SQLite's NOCASE folds ASCII only, so lookups use this.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    klass: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(20))
    use: Mapped[str] = mapped_column(String(10), default="acute")
    aliases: Mapped[list[RemedyAlias]] = relationship(
        back_populates="remedy", cascade="all, delete-orphan", order_by="RemedyAlias.name"
    )


class RemedyAlias(Base):
    __tablename__ = "remedy_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    remedy_id: Mapped[int] = mapped_column(
        ForeignKey("remedies.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    remedy: Mapped[Remedy] = relationship(back_populates="aliases")


class Episode(Stamped, Base):
    __tablename__ = "episodes"
    __table_args__ = (
        CheckConstraint(
            "intensity IS NULL OR (intensity >= 0 AND intensity <= 10)", name="intensity"
        ),
        CheckConstraint("type IN ('migraine','tension','cluster','other','unknown')", name="type"),
        CheckConstraint(check_in_sql("side", SIDES, nullable=True), name="side"),
        CheckConstraint(check_in_sql("quality", QUALITIES, nullable=True), name="quality"),
        CheckConstraint('"end" IS NULL OR "end" >= start', name="end_after_start"),
        Index("ix_episodes_end", "end"),
    )

    start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Seconds from start to end, kept so a period's overlap query can be bounded by
    # the longest finished episode (an indexed max) instead of scanning history.
    span_seconds: Mapped[int | None] = mapped_column(Integer, index=True)
    intensity: Mapped[int | None] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20), default="unknown")
    aura: Mapped[bool] = mapped_column(Boolean, default=False)
    symptoms: Mapped[list[str]] = mapped_column(JSON, default=list)
    triggers: Mapped[list[str]] = mapped_column(JSON, default=list)
    location: Mapped[str | None] = mapped_column(String(200))
    missed: Mapped[list[str]] = mapped_column(JSON, default=list)
    reduced: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    deleted: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Pain features (ICHD-3 1.1 criteria); None: not recorded.
    side: Mapped[str | None] = mapped_column(String(10))
    quality: Mapped[str | None] = mapped_column(String(12))
    activity_worse: Mapped[bool | None] = mapped_column(Boolean)
    # MIDAS impact on days after the start day: [{"date": "YYYY-MM-DD", "missed": [...],
    # "reduced": [...]}, ...]; `missed`/`reduced` above are the start day's.
    impact_days: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )

    intakes: Mapped[list[Intake]] = relationship(back_populates="episode", order_by="Intake.at")

    def set_end(self, end: datetime | None) -> None:
        self.end = end
        self.span_seconds = None if end is None else int((end - self.start).total_seconds())


class Intake(Stamped, Base):
    __tablename__ = "intakes"
    __table_args__ = (
        CheckConstraint("dose IS NULL OR dose >= 0", name="dose"),
        CheckConstraint("relief IS NULL OR relief IN ('none','partial','full')", name="relief"),
        CheckConstraint("pain IS NULL OR (pain >= 0 AND pain <= 10)", name="pain"),
    )

    remedy_id: Mapped[int] = mapped_column(ForeignKey("remedies.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    dose: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(20))
    episode_id: Mapped[int | None] = mapped_column(
        ForeignKey("episodes.id", ondelete="SET NULL"), index=True
    )
    relief: Mapped[str | None] = mapped_column(String(10))
    product: Mapped[str | None] = mapped_column(String(500))
    deleted: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pain: Mapped[int | None] = mapped_column(Integer)  # pain 0-10 when it was taken

    remedy: Mapped[Remedy] = relationship(lazy="joined")
    episode: Mapped[Episode | None] = relationship(back_populates="intakes")


class CheckIn(Stamped, Base):
    __tablename__ = "checkins"
    __table_args__ = (
        CheckConstraint("status IN ('still','clear')", name="status"),
        CheckConstraint(
            "intensity IS NULL OR (intensity >= 0 AND intensity <= 10)", name="intensity"
        ),
    )

    # The morning's local date: one check-in a day, a later one replaces it.
    day: Mapped[date] = mapped_column(Date, unique=True)
    status: Mapped[str] = mapped_column(String(10))
    intensity: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    episode_id: Mapped[int | None] = mapped_column(
        ForeignKey("episodes.id", ondelete="SET NULL"), index=True
    )
    # MIDAS impact of the check-in's day (the continuing headache's).
    missed: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    reduced: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))


class Outcome(Stamped, Base):
    """Pain some time after a dose: the raw material of the treatment endpoints."""

    __tablename__ = "outcomes"
    __table_args__ = (CheckConstraint("pain >= 0 AND pain <= 10", name="pain"),)

    intake_id: Mapped[int] = mapped_column(ForeignKey("intakes.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    pain: Mapped[int] = mapped_column(Integer)


class Course(Stamped, Base):
    """A preventive treatment course: the days it was started and stopped."""

    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint("dose IS NULL OR dose >= 0", name="dose"),
        CheckConstraint("stopped IS NULL OR stopped >= started", name="stopped_after_started"),
    )

    remedy_id: Mapped[int] = mapped_column(ForeignKey("remedies.id"), index=True)
    started: Mapped[date] = mapped_column(Date, index=True)
    stopped: Mapped[date | None] = mapped_column(Date)
    dose: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)  # why it was stopped


class DayMarker(Stamped, Base):
    __tablename__ = "day_markers"
    __table_args__ = (Index("ix_day_markers_day_tag", "day", "tag", unique=True),)

    day: Mapped[date] = mapped_column(Date, index=True)
    tag: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
