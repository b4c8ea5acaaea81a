"""Importing checked records: match by UUID, keep the newer copy, refuse a conflict.

Everything runs inside the caller's one write transaction, kind by kind in the order
records refer to each other, BATCH records at a time: each batch is compared with the
journal's copies, then written (a dry run is the same code without the writes). Any
refusal, however late, rolls the whole import back: the journal is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from journal.errors import BadInput
from journal.exchange.check import Incoming, RecordError
from journal.exchange.forms import (
    BATCH,
    KINDS,
    REFERENCES,
    SELECTS,
    STREAMED,
    TABLES,
    TO_FORM,
    TO_VALUES,
    Form,
    Refs,
    parse_utc,
    remedy_form,
    setting_form,
)
from journal.progress import Progress
from journal.spec import lookup_key
from journal.storage.models import CheckIn, DayMarker, Episode, Intake, Remedy, RemedyAlias, Setting

T = TypeVar("T")
CHUNK = BATCH  # bound the size of each IN (...) list


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
    local: Any = None  # the row a replace overwrites (its id for the batched kinds)


class Plan:
    """What an import does, as it goes, and the catalogue it refers to."""

    def __init__(self) -> None:
        self.steps: list[Step] = []  # settings and remedies, applied before the records
        self.tally: dict[str, Tally] = {kind: Tally() for kind in KINDS}
        self.remedies: dict[str, Remedy] = {}  # journal uuid -> row
        self.remedy_map: dict[str, str] = {}  # the file's remedy uuid -> the journal's
        self.remedy_use: dict[str, str] = {}  # journal uuid -> acute or preventive

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


# -- the catalogue and settings -------------------------------------------------------


def _is_empty(session: Session) -> bool:
    """No diary records at all: the settings there are only a new journal's defaults."""
    return not any(
        session.scalar(select(func.count()).select_from(model))
        for model in (Episode, Intake, CheckIn, DayMarker)
    )


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
    plan.remedy_map = mapping
    plan.remedy_use = {r.uuid: r.use for r in rows}
    plan.remedy_use.update({target: step.form["use"] for step, target in touched})
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


# -- the records, a batch at a time ---------------------------------------------------


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(islice(items, size)):
        yield batch


def _ids(session: Session, kind: str, uuids: Iterable[str]) -> dict[str, int]:
    """The journal's ids of the KIND records with these UUIDs."""
    table = TABLES[kind]
    found: dict[str, int] = {}
    for part in _chunks(sorted(set(uuids))):
        for uuid, ident in session.execute(
            select(table.c.uuid, table.c.id).where(table.c.uuid.in_(part))
        ):
            found[uuid] = ident
    return found


def _locals(session: Session, kind: str, column: str, keys: Iterable[Any]) -> list[Any]:
    """The journal's KIND rows whose COLUMN is one of KEYS."""
    table = TABLES[kind]
    rows: list[Any] = []
    for part in _chunks(sorted(set(keys))):
        rows.extend(session.execute(SELECTS[kind].where(table.c[column].in_(part))).mappings())
    return rows


class Merger:
    """Merges one source's records of each kind into the journal, a batch at a time."""

    def __init__(self, session: Session, incoming: Incoming, plan: Plan, dry_run: bool) -> None:
        self.session, self.incoming, self.plan, self.dry_run = session, incoming, plan, dry_run

    def label(self, kind: str) -> Callable[[str], str]:
        return lambda name: self.incoming.label(kind, name)

    def _resolve(self, kind: str, batch: list[tuple[Form, str]]) -> Refs:
        """Check each reference of BATCH names a record of the file or the journal (the
        catalogue: by the journal's uuid for the remedy); the ids to write them with."""
        refs: Refs = {}
        for field, target in REFERENCES.get(kind, {}).items():
            wanted = {f[field] for f, _ in batch if f[field] is not None}
            if target == "remedies":
                for form, where in batch:
                    known = self.plan.remedy_map.get(form[field]) or (
                        form[field] if form[field] in self.plan.remedies else None
                    )
                    self._known(kind, form, where, field, known is not None)
                    form[field] = known
                refs[target] = {u: r.id for u, r in self.plan.remedies.items() if r.id is not None}
                continue
            in_journal = _ids(self.session, target, wanted)
            in_file = self.incoming.seen.get(target, {})
            for form, where in batch:
                value = form[field]
                if value is not None:
                    self._known(kind, form, where, field, value in in_file or value in in_journal)
            if not self.dry_run and any(u not in in_journal for u in wanted):
                in_journal = _ids(self.session, target, wanted)  # written by now
            refs[target] = in_journal
        if kind == "outcomes":
            self._after_dose(batch)
        if kind == "courses":
            for form, where in batch:
                if self.plan.remedy_use.get(form["remedy"]) != "preventive":
                    raise RecordError(
                        where,
                        self.incoming.label(kind, "remedy"),
                        "is not a preventive in the catalogue (a course is of a preventive)",
                    )
        return refs

    def _known(self, kind: str, form: Form, where: str, field: str, known: bool) -> None:
        if not known:
            raise RecordError(
                where,
                self.incoming.label(kind, field),
                f"no {field} {form[field]} in the file or the journal",
            )

    def _after_dose(self, batch: list[tuple[Form, str]]) -> None:
        """An outcome is pain after a dose: never before the dose was taken."""
        table = TABLES["intakes"]
        taken: dict[str, Any] = {}
        wanted = sorted({f["intake"] for f, _ in batch})
        for part in _chunks(wanted):
            for uuid, at in self.session.execute(
                select(table.c.uuid, table.c.at).where(table.c.uuid.in_(part))
            ):
                taken[uuid] = at
        for form, where in batch:
            mine = self.incoming.intake_at.get(form["intake"])
            at = parse_utc(mine) if mine is not None else taken.get(form["intake"])
            if at is not None and parse_utc(form["at"]) < at:
                raise RecordError(
                    where, self.incoming.label("outcomes", "at"), "is before the dose was taken"
                )

    def merge(self, kind: str, batch: list[tuple[Form, str]]) -> int:
        """Compare BATCH with the journal and write what is new or newer; the number of
        records it held."""
        refs = self._resolve(kind, batch)
        to_form = TO_FORM[kind]
        local = {
            row["uuid"]: row
            for row in _locals(self.session, kind, "uuid", (f["uuid"] for f, _ in batch))
        }
        natural = NATURAL.get(kind)
        by_natural: dict[Any, Any] = {}
        if natural is not None:
            _, column, row_key = natural
            # The forms hold the day as text; PostgreSQL compares a date column only with
            # dates (SQLite would take either).
            days = (date.fromisoformat(f[column]) for f, _ in batch)
            found = _locals(self.session, kind, column, days)
            by_natural = {row_key(row): row for row in found}
        adds: list[dict[str, Any]] = []
        replaces: list[tuple[int, dict[str, Any]]] = []
        finals: dict[Any, tuple[str, str]] = {}
        for form, where in batch:
            row = local.get(form["uuid"])
            if row is None and natural is not None:
                row = by_natural.get(natural[0](form))
            if row is None:
                action = "add"
            else:
                action = _decide(
                    to_form(row),
                    form,
                    where,
                    natural=row["uuid"] != form["uuid"],
                    label=self.label(kind),
                )
            self.plan.count(kind, action)
            if action not in ("add", "replace"):
                continue
            if natural is not None:
                finals[natural[0](form)] = (row["uuid"] if row is not None else form["uuid"], where)
            if self.dry_run:
                continue
            values = TO_VALUES[kind](form, refs)
            if row is None:
                adds.append(values)
            else:
                values.pop("uuid")  # a record matched by its day keeps the journal's uuid
                replaces.append((row["id"], values))
        # A changed or new check-in or marker must not land on a day another one holds.
        moving = {ident for ident, _ in finals.values()}
        for key, (ident, where) in finals.items():
            holder = by_natural.get(key)
            if holder is not None and holder["uuid"] != ident and holder["uuid"] not in moving:
                raise RecordError(
                    where, "day", f"the journal already has another of its {kind} on {key}"
                )
        table = TABLES[kind]
        for row_id, values in replaces:
            self.session.execute(update(table).where(table.c.id == row_id).values(**values))
        if adds:
            self.session.execute(insert(table), adds)
        return len(batch)


def _day_tag(row: Any) -> tuple[str, str]:
    return (row["day"].isoformat(), row["tag"])


# Kinds with a second unique key: (the form's key, the column to look rows up by, the
# row's key); one check-in a day, one marker of a tag a day.
NATURAL: dict[str, tuple[Callable[[Form], Any], str, Callable[[Any], Any]]] = {
    "checkins": (lambda f: f["day"], "day", lambda r: r["day"].isoformat()),
    "markers": (lambda f: (f["day"], f["tag"]), "day", _day_tag),
}


def _stamps(row: Any, form: Form) -> None:
    row.created = parse_utc(form["created"])
    row.updated = parse_utc(form["updated"])


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


def _apply_setting(session: Session, step: Step, plan: Plan) -> None:
    form = step.form
    row: Setting = step.local if step.local is not None else Setting(key=form["key"])
    row.value, row.updated = form["value"], parse_utc(form["updated"])
    if step.local is None:
        session.add(row)


Checkpoint = Callable[[], None]


def _nothing() -> None:
    return None


def import_records(
    session: Session,
    incoming: Incoming,
    *,
    dry_run: bool,
    progress: Progress | None = None,
    checkpoint: Checkpoint = _nothing,
) -> dict[str, Tally]:
    """Merge INCOMING into the journal inside the caller's one transaction (DRY_RUN: the
    same comparisons, no writes). PROGRESS hears of the records merged after each batch.
    CHECKPOINT is called between batches; it may raise (Ctrl-C) to stop, and the
    caller's transaction then rolls back."""
    plan = Plan()
    total = sum(incoming.counts().values())
    try:
        with session.no_autoflush:
            _plan_settings(session, incoming, plan)
            _plan_remedies(session, incoming, plan)
        checkpoint()
        if not dry_run:
            for step in plan.steps:
                (_apply_setting if step.kind == "settings" else _apply_remedy)(session, step, plan)
            session.flush()  # the remedies' ids, for the records that name them
        done = len(incoming.records["settings"]) + len(incoming.records["remedies"])
        merger = Merger(session, incoming, plan, dry_run)
        for kind in KINDS[2:]:
            size = BATCH if kind in STREAMED else max(1, len(incoming.records[kind]))
            for batch in _batches(incoming.stream(kind), size):
                done += merger.merge(kind, batch)
                checkpoint()
                if progress is not None:
                    progress(done, total)
        incoming.verify()
    except IntegrityError as exc:
        # The checks should make this unreachable; if not, still nothing is kept.
        raise BadInput(
            str(incoming.source),
            f"the records clash with the journal's ({str(exc.orig).splitlines()[0]}); "
            "nothing was imported",
        ) from None
    return plan.tally
