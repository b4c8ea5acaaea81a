"""Importing checked records: match by UUID, keep the newer copy, refuse a conflict.

The plan is made first (reading only, so a dry run is the same code), then applied
inside the caller's one write transaction; any refusal leaves the journal unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from journal.errors import BadInput
from journal.exchange.check import Incoming, RecordError
from journal.exchange.document import (
    KINDS,
    Form,
    checkin_form,
    episode_form,
    intake_form,
    marker_form,
    parse_utc,
    remedy_form,
    setting_form,
)
from journal.progress import Progress
from journal.spec import lookup_key
from journal.storage.models import CheckIn, DayMarker, Episode, Intake, Remedy, RemedyAlias, Setting

T = TypeVar("T")
CHUNK = 500  # bound the size of each IN (...) list


@dataclass
class Tally:
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    older: int = 0  # of the skipped: the journal's copy is newer and was kept

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "replaced": self.replaced,
            "skipped": self.skipped,
            "kept_newer": self.older,
        }


@dataclass
class Step:
    kind: str
    action: str  # "add" or "replace"
    form: Form
    where: str
    local: Any = None  # the row a replace overwrites


class Plan:
    """What an import would do, and the rows it needs to do it."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.tally: dict[str, Tally] = {kind: Tally() for kind in KINDS}
        self.remedies: dict[str, Remedy] = {}  # journal uuid -> row
        self.episodes: dict[str, Episode] = {}  # uuid -> row, for references

    def count(self, kind: str, action: str) -> None:
        tally = self.tally[kind]
        if action == "add":
            tally.added += 1
        elif action == "replace":
            tally.replaced += 1
        else:
            tally.skipped += 1
            tally.older += action == "older"


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _by_uuid(session: Session, model: type[T], uuids: Iterable[str]) -> dict[str, T]:
    wanted = sorted(set(uuids))
    found: dict[str, T] = {}
    column: Any = model.uuid  # type: ignore[attr-defined]
    for part in _chunks(wanted):
        for row in session.scalars(select(model).where(column.in_(part))):
            found[row.uuid] = row  # type: ignore[attr-defined]
    return found


def _decide(
    local: Form,
    new: Form,
    where: str,
    *,
    natural: bool = False,
    label: Callable[[str], str] = str,
) -> str:
    """skip (same), replace (the file's is newer), older (the journal's is newer), or refuse."""
    ignore = {"uuid"} if natural else set()
    mine = {k: v for k, v in local.items() if k not in ignore}
    theirs = {k: v for k, v in new.items() if k not in ignore}
    if mine == theirs:
        return "skip"
    ours, their = parse_utc(local["updated"]), parse_utc(new["updated"])
    if their > ours:
        return "replace"
    if their < ours:
        return "older"
    field = next(k for k in theirs if theirs[k] != mine.get(k))
    raise RecordError(
        where,
        label(field),
        f"conflicts with the journal's copy: {theirs[field]!r} here, {mine.get(field)!r} in "
        f"the journal, both updated {new['updated']} (change one of them, then import again)",
    )


def _is_empty(session: Session) -> bool:
    """No diary records at all: the settings there are only a new journal's defaults."""
    return not any(
        session.scalar(select(func.count()).select_from(model))
        for model in (Episode, Intake, CheckIn, DayMarker)
    )


# -- planning -------------------------------------------------------------------------


def _plan_settings(session: Session, incoming: Incoming, plan: Plan) -> None:
    local = {s.key: s for s in session.scalars(select(Setting))}
    adopt = _is_empty(session)
    for form, where in incoming.records["settings"]:
        row = local.get(form["key"])
        if row is None:
            action = "add"
        elif adopt:
            # A journal with no diary yet holds the defaults it was created with; moving
            # to a new machine means taking the old journal's settings over.
            action = "skip" if setting_form(row) == form else "replace"
        else:
            action = _decide(setting_form(row), form, where)
        plan.count("settings", action)
        if action in ("add", "replace"):
            plan.steps.append(Step("settings", action, form, where, row))


def _plan_remedies(session: Session, incoming: Incoming, plan: Plan) -> dict[str, str]:
    """Returns the file's remedy uuid -> the journal's uuid for the same remedy."""
    rows = list(session.scalars(select(Remedy).options(selectinload(Remedy.aliases))))
    by_uuid = {r.uuid: r for r in rows}
    by_key = {r.key: r for r in rows}
    alias_of = {a.key: r for r in rows for a in r.aliases}
    plan.remedies.update(by_uuid)
    mapping: dict[str, str] = {}
    touched: list[tuple[Step, str]] = []
    for form, where in incoming.records["remedies"]:
        key = lookup_key(form["name"])
        row = by_uuid.get(form["uuid"]) or by_key.get(key)
        if row is None and incoming.derived_remedies:
            row = alias_of.get(key)  # a CSV row may name a remedy by another of its names
        if row is None:
            if key in alias_of:
                raise RecordError(
                    where,
                    incoming.label("remedies", "name"),
                    f"{form['name']!r} is another name of {alias_of[key].name}",
                )
            mapping[form["uuid"]] = form["uuid"]
            step = Step("remedies", "add", form, where)
            plan.count("remedies", "add")
            plan.steps.append(step)
            touched.append((step, form["uuid"]))
            continue
        mapping[form["uuid"]] = row.uuid
        if incoming.derived_remedies:
            names = {row.key, *(a.key for a in row.aliases)}
            if key not in names:  # same remedy_uuid, a name edited by hand
                raise RecordError(
                    where,
                    incoming.label("remedies", "name"),
                    f"{form['name']!r} is not a name of the journal's {row.name} (same "
                    "remedy_uuid); the catalogue is changed in the journal, not in the CSV",
                )
            for label, mine in (("class", row.klass), ("use", row.use)):
                if form[label] != mine:
                    raise RecordError(
                        where,
                        label,
                        f"is {form[label]!r} but the journal has {row.name} as {mine!r} "
                        "(the catalogue is changed in the journal, not in the CSV)",
                    )
            plan.count("remedies", "skip")
            continue
        action = _decide(remedy_form(row), form, where, natural=row.uuid != form["uuid"])
        plan.count("remedies", action)
        if action == "replace":
            step = Step("remedies", "replace", form, where, row)
            plan.steps.append(step)
            touched.append((step, row.uuid))
    _check_remedy_names(rows, touched, lambda name: incoming.label("remedies", name))
    return mapping


def _check_remedy_names(
    rows: list[Remedy], touched: list[tuple[Step, str]], label_for: Callable[[str], str]
) -> None:
    """After the import, every name and alias must still name one remedy."""
    owner: dict[str, str] = {}
    label_of: dict[str, str] = {}
    for r in rows:
        label_of[r.uuid] = r.name
        owner[r.key] = r.uuid
        for a in r.aliases:
            owner[a.key] = r.uuid
    changing = {target for _, target in touched}
    owner = {k: v for k, v in owner.items() if v not in changing}
    for step, target in touched:
        names = [("name", step.form["name"]), *(("aliases", a) for a in step.form["aliases"])]
        for label, value in names:
            key = lookup_key(value)
            other = owner.get(key)
            if other is not None and other != target:
                raise RecordError(
                    step.where,
                    label_for(label),
                    f"{value!r} already names {label_of.get(other, other)}",
                )
            owner[key] = target
            label_of.setdefault(target, step.form["name"])


def _resolve(
    incoming: Incoming,
    kind: str,
    form: Form,
    where: str,
    field: str,
    known: Callable[[str], str | None],
) -> None:
    value = form[field]
    if value is None:
        return
    resolved = known(value)
    if resolved is None:
        raise RecordError(
            where,
            incoming.label(kind, field),
            f"no {field} {value} in the file or the journal",
        )
    form[field] = resolved


def _plan_uuid_kind(
    session: Session,
    incoming: Incoming,
    plan: Plan,
    kind: str,
    model: type[Any],
    to_form: Callable[[Any], Form],
    natural: Callable[[Form], Any] | None = None,
    natural_rows: Callable[[list[Form]], dict[Any, Any]] | None = None,
) -> None:
    records = incoming.records[kind]
    local = _by_uuid(session, model, (f["uuid"] for f, _ in records))
    by_natural: dict[Any, Any] = {}
    if natural is not None and natural_rows is not None:
        by_natural = natural_rows([f for f, _ in records])
    finals: dict[Any, tuple[str, str]] = {}
    for form, where in records:
        row = local.get(form["uuid"])
        if row is None and natural is not None:
            row = by_natural.get(natural(form))
        if row is None:
            action = "add"
        else:
            action = _decide(
                to_form(row),
                form,
                where,
                natural=row.uuid != form["uuid"],
                label=lambda name: incoming.label(kind, name),
            )
        plan.count(kind, action)
        if action in ("add", "replace"):
            plan.steps.append(Step(kind, action, form, where, row))
            if natural is not None:
                finals[natural(form)] = (row.uuid if row is not None else form["uuid"], where)
    # A changed or new check-in or marker must not land on a day another one holds.
    moving = {ident for ident, _ in finals.values()}
    for key, (ident, where) in finals.items():
        holder = by_natural.get(key)
        if holder is not None and holder.uuid != ident and holder.uuid not in moving:
            raise RecordError(
                where, "day", f"the journal already has another of its {kind} on {key}"
            )


def plan_import(session: Session, incoming: Incoming) -> Plan:
    plan = Plan()
    with session.no_autoflush:
        _plan_settings(session, incoming, plan)
        remedy_map = _plan_remedies(session, incoming, plan)

        episode_refs = [
            f["episode"]
            for kind in ("intakes", "checkins")
            for f, _ in incoming.records[kind]
            if f["episode"] is not None
        ]
        in_file = {f["uuid"] for f, _ in incoming.records["episodes"]}
        plan.episodes.update(_by_uuid(session, Episode, [*in_file, *episode_refs]))

        def episode_known(u: str) -> str | None:
            return u if u in in_file or u in plan.episodes else None

        def remedy_known(u: str) -> str | None:
            return remedy_map.get(u) or (u if u in plan.remedies else None)

        for form, where in incoming.records["intakes"]:
            _resolve(incoming, "intakes", form, where, "remedy", remedy_known)
            _resolve(incoming, "intakes", form, where, "episode", episode_known)
        for form, where in incoming.records["checkins"]:
            _resolve(incoming, "checkins", form, where, "episode", episode_known)

        uuid_of_episode = _episode_uuids(session)
        uuid_of_remedy = {r.id: u for u, r in plan.remedies.items()}
        _plan_uuid_kind(session, incoming, plan, "episodes", Episode, episode_form)
        _plan_uuid_kind(
            session,
            incoming,
            plan,
            "intakes",
            Intake,
            lambda i: intake_form(
                i, uuid_of_remedy[i.remedy_id], uuid_of_episode.get(i.episode_id)
            ),
        )
        _plan_uuid_kind(
            session,
            incoming,
            plan,
            "checkins",
            CheckIn,
            lambda c: checkin_form(c, uuid_of_episode.get(c.episode_id)),
            natural=lambda f: f["day"],
            natural_rows=lambda forms: _rows_on_days(session, CheckIn, forms, lambda r: r.day),
        )
        _plan_uuid_kind(
            session,
            incoming,
            plan,
            "markers",
            DayMarker,
            marker_form,
            natural=lambda f: (f["day"], f["tag"]),
            natural_rows=lambda forms: _rows_on_days(
                session, DayMarker, forms, lambda r: (r.day, r.tag)
            ),
        )
    return plan


def _episode_uuids(session: Session) -> dict[int | None, str]:
    return {row.id: row.uuid for row in session.execute(select(Episode.id, Episode.uuid))}


def _rows_on_days(
    session: Session, model: type[Any], forms: list[Form], key: Callable[[Any], Any]
) -> dict[Any, Any]:
    days = sorted({f["day"] for f in forms})
    found: dict[Any, Any] = {}
    for part in _chunks(days):
        for row in session.scalars(
            select(model).where(model.day.in_([date.fromisoformat(d) for d in part]))
        ):
            k = key(row)
            found[(k[0].isoformat(), k[1]) if isinstance(k, tuple) else k.isoformat()] = row
    return found


# -- applying -------------------------------------------------------------------------


def _stamps(row: Any, form: Form) -> None:
    row.created = parse_utc(form["created"])
    row.updated = parse_utc(form["updated"])


def _time(value: str | None) -> Any:
    return None if value is None else parse_utc(value)


def _apply_remedy(session: Session, step: Step, plan: Plan) -> None:
    form = step.form
    row: Remedy = step.local if step.local is not None else Remedy(uuid=form["uuid"])
    row.name, row.key = form["name"], lookup_key(form["name"])
    row.klass, row.use, row.unit = form["class"], form["use"], form["unit"]
    _stamps(row, form)
    wanted = {lookup_key(a): a for a in form["aliases"]}
    keep = [a for a in row.aliases if a.key in wanted]
    for alias in keep:
        alias.name = wanted.pop(alias.key)
    row.aliases = keep
    if step.local is None:
        session.add(row)
    else:
        session.flush()  # drop the old aliases before their keys are reused
    row.aliases.extend(RemedyAlias(name=a, key=k) for k, a in wanted.items())
    plan.remedies[row.uuid] = row


def _apply_episode(session: Session, step: Step, plan: Plan) -> None:
    form = step.form
    row: Episode = step.local if step.local is not None else Episode(uuid=form["uuid"])
    row.start = parse_utc(form["start"])
    row.set_end(_time(form["end"]))
    row.intensity, row.type, row.aura = form["intensity"], form["type"], form["aura"]
    row.symptoms, row.triggers = list(form["symptoms"]), list(form["triggers"])
    row.missed, row.reduced = list(form["missed"]), list(form["reduced"])
    row.location, row.note = form["location"], form["note"]
    row.deleted = _time(form["deleted"])
    _stamps(row, form)
    if step.local is None:
        session.add(row)
    plan.episodes[row.uuid] = row


def _apply_intake(session: Session, step: Step, plan: Plan) -> None:
    form = step.form
    row: Intake = step.local if step.local is not None else Intake(uuid=form["uuid"])
    row.remedy = plan.remedies[form["remedy"]]
    row.episode = plan.episodes[form["episode"]] if form["episode"] else None
    row.at, row.dose, row.unit = parse_utc(form["at"]), form["dose"], form["unit"]
    row.relief, row.product = form["relief"], form["product"]
    row.deleted = _time(form["deleted"])
    _stamps(row, form)
    if step.local is None:
        session.add(row)


def _apply_checkin(session: Session, step: Step, plan: Plan) -> None:
    form = step.form
    row: CheckIn = step.local if step.local is not None else CheckIn(uuid=form["uuid"])
    row.day = date.fromisoformat(form["day"])
    row.status, row.intensity, row.at = form["status"], form["intensity"], parse_utc(form["at"])
    row.episode_id = plan.episodes[form["episode"]].id if form["episode"] else None
    _stamps(row, form)
    if step.local is None:
        session.add(row)


def _apply_marker(session: Session, step: Step, plan: Plan) -> None:
    form = step.form
    row: DayMarker = step.local if step.local is not None else DayMarker(uuid=form["uuid"])
    row.day, row.tag, row.note = date.fromisoformat(form["day"]), form["tag"], form["note"]
    _stamps(row, form)
    if step.local is None:
        session.add(row)


def _apply_setting(session: Session, step: Step, plan: Plan) -> None:
    form = step.form
    row: Setting = step.local if step.local is not None else Setting(key=form["key"])
    row.value, row.updated = form["value"], parse_utc(form["updated"])
    if step.local is None:
        session.add(row)


APPLY: dict[str, Callable[[Session, Step, Plan], None]] = {
    "settings": _apply_setting,
    "remedies": _apply_remedy,
    "episodes": _apply_episode,
    "intakes": _apply_intake,
    "checkins": _apply_checkin,
    "markers": _apply_marker,
}


Checkpoint = Callable[[], None]
CHECK_EVERY = 256  # steps between calls of an import's checkpoint (Ctrl-C, see interrupts.py)


def _nothing() -> None:
    return None


def apply_plan(
    session: Session,
    plan: Plan,
    source: str,
    progress: Progress | None = None,
    checkpoint: Checkpoint = _nothing,
) -> None:
    done = 0
    try:
        for kind in KINDS:
            for n, step in enumerate(plan.steps):
                if step.kind == kind:
                    APPLY[kind](session, step, plan)
                    done += 1
                if n % CHECK_EVERY == 0:
                    checkpoint()
            session.flush()  # ids for the next kind's references
            checkpoint()
            if progress is not None:
                progress(done, len(plan.steps))
    except IntegrityError as exc:
        # The plan's checks should make this unreachable; if not, still nothing is kept.
        raise BadInput(
            str(source),
            f"the records clash with the journal's ({str(exc.orig).splitlines()[0]}); "
            "nothing was imported",
        ) from None


def import_records(
    session: Session,
    incoming: Incoming,
    *,
    dry_run: bool,
    progress: Progress | None = None,
    checkpoint: Checkpoint = _nothing,
) -> dict[str, Tally]:
    """Plan, then (unless DRY_RUN) apply, inside the caller's one transaction; PROGRESS
    hears of the records applied after each kind. CHECKPOINT is called between steps;
    it may raise (Ctrl-C) to stop, and the caller's transaction then rolls back."""
    plan = plan_import(session, incoming)
    checkpoint()
    if not dry_run:
        apply_plan(session, plan, incoming.source, progress, checkpoint)
    return plan.tally
