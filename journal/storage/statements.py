"""Every statement the diary's entries are read and written with, as SQLAlchemy Core.

Built from the models, so the models and the migrations stay the one source of truth for
the schema. The SQLAlchemy path executes these objects (SQLite and PostgreSQL alike); the
fast path runs their SQLite text from journal/storage/sql.py, which `make sql` generates
from this module (tests/test_statements.py fails when it is stale).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Executable,
    Integer,
    Select,
    String,
    Table,
    bindparam,
    func,
    select,
    union_all,
)

from journal.storage.models import (
    CheckIn,
    Course,
    DayMarker,
    Episode,
    Intake,
    Outcome,
    Remedy,
    RemedyAlias,
    Setting,
    UTCDateTime,
)

E: Table = Episode.__table__  # type: ignore[assignment]
IN: Table = Intake.__table__  # type: ignore[assignment]
R: Table = Remedy.__table__  # type: ignore[assignment]
A: Table = RemedyAlias.__table__  # type: ignore[assignment]
C: Table = CheckIn.__table__  # type: ignore[assignment]
M: Table = DayMarker.__table__  # type: ignore[assignment]
S: Table = Setting.__table__  # type: ignore[assignment]
OUT: Table = Outcome.__table__  # type: ignore[assignment]
CO: Table = Course.__table__  # type: ignore[assignment]

# The tables the entries are written to, and the column(s) a row is found by.
TABLES: dict[str, tuple[Table, tuple[str, ...]]] = {
    "settings": (S, ("key",)),
    "remedies": (R, ("id",)),
    "remedy_aliases": (A, ("id",)),
    "episodes": (E, ("id",)),
    "intakes": (IN, ("id",)),
    "checkins": (C, ("id",)),
    "day_markers": (M, ("id",)),
    "outcomes": (OUT, ("id",)),
    "courses": (CO, ("id",)),
}


def _p(name: str, type_: Any) -> Any:
    return bindparam(name, type_=type_)


def _when(name: str) -> Any:
    return bindparam(name, type_=UTCDateTime)


def _day(name: str) -> Any:
    return bindparam(name, type_=Date)


def _alive(deleted: bool | None = None) -> Any:
    """Live rows, or with deleted=None the rows whose deleted state equals :deleted."""
    if deleted is None:
        return E.c.deleted.is_not(None) == bindparam("deleted", type_=Boolean)
    return E.c.deleted.is_(None)


def _newest_first(query: Select[Any]) -> Select[Any]:
    return query.order_by(E.c.start.desc(), E.c.id.desc()).limit(1)


def _count(table: Table, key: Any) -> Any:
    found = select(func.count()).select_from(table).where(key == _p("key", String(200)))
    return found.scalar_subquery()


# An intake with what the records show of its remedy.
INTAKE_COLUMNS = (*IN.c, R.c.name.label("remedy_name"), R.c.klass, R.c.use)
# Only what the pure core's facts take (entries/records.py episode_fact and intake_fact,
# entries/reads.py load_facts and impacts): a long period then converts a third as many
# values (no uuids or created/updated times of check-ins and markers, say).
FACT_EPISODE_COLUMNS = (
    E.c.id,
    E.c.start,
    E.c.end,
    E.c.intensity,
    E.c.type,
    E.c.missed,
    E.c.reduced,
    E.c.impact_days,
    # what core/classify.py reads
    E.c.aura,
    E.c.symptoms,
    E.c.side,
    E.c.quality,
    E.c.activity_worse,
)
# An intake's remedy comes from "fact_remedies", read once: a few rows, where joining them
# to every intake of a long period would make the same strings by the thousand.
FACT_INTAKE_COLUMNS = (
    IN.c.id,
    IN.c.at,
    IN.c.dose,
    IN.c.unit,
    IN.c.episode_id,
    IN.c.relief,
    IN.c.remedy_id,
)
FACT_CHECKIN_COLUMNS = (
    C.c.day,
    C.c.status,
    C.c.intensity,
    C.c.episode_id,
    C.c.missed,
    C.c.reduced,
)


def _intakes() -> Select[Any]:
    return select(*INTAKE_COLUMNS).join_from(IN, R, IN.c.remedy_id == R.c.id)


def _window(columns: tuple[Any, ...], deleted: Any) -> Executable:
    """Rows of COLUMNS for episodes touching [:lo, :hi): finished ones found through the
    start index, looking back no further than :lookback (the longest finished episode
    before :lo), and ongoing ones apart."""
    finished = (
        select(*columns)
        .where(deleted, E.c.end.is_not(None))
        .where(E.c.start < _when("hi"), E.c.start >= _when("lookback"), E.c.end >= _when("lo"))
    )
    ongoing = select(*columns).where(deleted, E.c.end.is_(None), E.c.start < _when("hi"))
    return union_all(finished, ongoing)


def _window_intakes() -> Executable:
    joined = IN.join(R, IN.c.remedy_id == R.c.id).join(E, IN.c.episode_id == E.c.id)
    columns = INTAKE_COLUMNS
    alive = IN.c.deleted.is_(None)
    finished = (
        select(*columns)
        .select_from(joined)
        .where(alive, E.c.deleted.is_(None), E.c.end.is_not(None))
        .where(E.c.start < _when("hi"), E.c.start >= _when("lookback"), E.c.end >= _when("lo"))
    )
    ongoing = (
        select(*columns)
        .select_from(joined)
        .where(alive, E.c.deleted.is_(None), E.c.end.is_(None), E.c.start < _when("hi"))
    )
    return union_all(finished, ongoing)


QUERIES: dict[str, Executable] = {
    # settings
    "setting": select(S.c.value).where(S.c.key == _p("key", S.c.key.type)),
    "settings": select(S).order_by(S.c.key),
    # episodes
    "episode": select(E).where(E.c.id == _p("id", Integer)),
    "latest_ongoing": _newest_first(select(E).where(E.c.end.is_(None), E.c.deleted.is_(None))),
    "containing_episode": _newest_first(
        select(E)
        .where(E.c.start <= _when("at"), E.c.deleted.is_(None))
        .where(E.c.end.is_(None) | (E.c.end >= _when("at")))
    ),
    "episode_on_day": _newest_first(
        select(E)
        .where(E.c.deleted.is_(None), E.c.start < _when("day_end"))
        .where(E.c.end.is_(None) | (E.c.end >= _when("day_start")))
    ),
    "longest_span": select(func.max(E.c.span_seconds).label("longest")),
    "window_episodes": _window(tuple(E.c), _alive(None)),
    "fact_episodes": _window(FACT_EPISODE_COLUMNS, _alive(None)),
    # intakes
    "intake": _intakes().where(IN.c.id == _p("id", Integer)),
    "episode_intakes": _intakes()
    .where(IN.c.episode_id == _p("episode_id", Integer), IN.c.deleted.is_(None))
    .order_by(IN.c.at, IN.c.id),
    "intakes_between": _intakes()
    .where(IN.c.deleted.is_(None), IN.c.at >= _when("lo"), IN.c.at < _when("hi"))
    .order_by(IN.c.at, IN.c.id),
    "fact_intakes": select(*FACT_INTAKE_COLUMNS)
    .where(IN.c.deleted.is_(None), IN.c.at >= _when("lo"), IN.c.at < _when("hi"))
    .order_by(IN.c.at, IN.c.id),
    "window_intakes": _window_intakes(),
    # the latest dose recorded for a remedy (take repeats it when no dose is given)
    "last_dose": select(IN.c.dose, IN.c.unit)
    .where(
        IN.c.remedy_id == _p("remedy_id", Integer),
        IN.c.deleted.is_(None),
        IN.c.dose.is_not(None),
    )
    .order_by(IN.c.at.desc(), IN.c.id.desc())
    .limit(1),
    # live intakes of a remedy class in [:lo, :hi) (the kratom caution counts them)
    "class_intakes": select(func.count().label("found"))
    .select_from(IN.join(R, IN.c.remedy_id == R.c.id))
    .where(
        R.c.klass == _p("klass", R.c.klass.type),
        IN.c.deleted.is_(None),
        IN.c.at >= _when("lo"),
        IN.c.at < _when("hi"),
    ),
    # remedies
    "remedy": select(R).where(R.c.id == _p("id", Integer)),
    "remedy_by_key": select(R)
    .where(
        (R.c.key == _p("key", R.c.key.type))
        | R.c.id.in_(select(A.c.remedy_id).where(A.c.key == _p("key", A.c.key.type)))
    )
    .limit(1),
    "remedies": select(R).order_by(R.c.klass, R.c.key),
    "fact_remedies": select(R.c.id, R.c.name, R.c.klass, R.c.use),
    "aliases": select(A).order_by(A.c.remedy_id, A.c.name),
    # How many remedy names and aliases already use :key.
    "name_taken": select(
        (_count(R, R.c.key) + _count(A, A.c.key)).label("taken"),
    ),
    # check-ins
    "checkin_by_day": select(C).where(C.c.day == _day("day")),
    "checkins_between": select(C)
    .where(C.c.day >= _day("first"), C.c.day <= _day("last"))
    .order_by(C.c.day),
    "fact_checkins": select(*FACT_CHECKIN_COLUMNS)
    .where(C.c.day >= _day("first"), C.c.day <= _day("last"))
    .order_by(C.c.day),
    "still_checkins_from": select(C.c.episode_id)
    .where(C.c.status == "still", C.c.episode_id.is_not(None), C.c.day >= _day("first"))
    .distinct(),
    "still_checkin": select(func.count().label("found")).where(
        C.c.status == "still", C.c.episode_id == _p("episode_id", Integer)
    ),
    # day markers
    "marker": select(M).where(M.c.id == _p("id", Integer)),
    "marker_by_day_tag": select(M).where(
        M.c.day == _day("day"), M.c.tag == _p("tag", M.c.tag.type)
    ),
    "markers_between": select(M)
    .where(M.c.day >= _day("first"), M.c.day <= _day("last"))
    .order_by(M.c.day, M.c.tag),
    "fact_markers": select(M.c.day, M.c.tag, M.c.note)
    .where(M.c.day >= _day("first"), M.c.day <= _day("last"))
    .order_by(M.c.day, M.c.tag),
    # outcomes and preventive courses
    "intake_outcomes": select(OUT)
    .where(OUT.c.intake_id == _p("intake_id", Integer))
    .order_by(OUT.c.at, OUT.c.id),
    "outcomes_between": select(OUT)
    .join_from(OUT, IN, OUT.c.intake_id == IN.c.id)
    .where(IN.c.deleted.is_(None), IN.c.at >= _when("lo"), IN.c.at < _when("hi"))
    .order_by(OUT.c.at, OUT.c.id),
    "courses": select(*CO.c, R.c.name.label("remedy_name"))
    .join_from(CO, R, CO.c.remedy_id == R.c.id)
    .order_by(CO.c.started, CO.c.id),
    "open_course": select(CO)
    .where(CO.c.remedy_id == _p("remedy_id", Integer), CO.c.stopped.is_(None))
    .order_by(CO.c.started.desc())
    .limit(1),
    # preventive doses recorded, per remedy, for remedies with no course around them
    "preventive_intakes": select(
        R.c.name.label("remedy_name"),
        func.min(IN.c.at).label("first"),
        func.max(IN.c.at).label("last"),
        func.count(IN.c.id).label("doses"),
    )
    .join_from(IN, R, IN.c.remedy_id == R.c.id)
    .where(IN.c.deleted.is_(None), R.c.use == "preventive")
    .group_by(R.c.id, R.c.name)
    .order_by(R.c.name),
    "first_intake": select(func.min(IN.c.at).label("first")).where(
        IN.c.remedy_id == _p("remedy_id", Integer), IN.c.deleted.is_(None)
    ),
    # the first entry of any kind, for the days the diary was kept
    "first_entries": select(
        select(func.min(E.c.start)).where(E.c.deleted.is_(None)).scalar_subquery().label("episode"),
        select(func.min(IN.c.at)).where(IN.c.deleted.is_(None)).scalar_subquery().label("intake"),
        select(func.min(C.c.day)).scalar_subquery().label("checkin"),
        select(func.min(M.c.day)).scalar_subquery().label("marker"),
    ),
}
