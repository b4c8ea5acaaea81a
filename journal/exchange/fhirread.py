"""Reading a FHIR bundle this program wrote (journal/exchange/fhir.py) back into records.

Each resource maps back to the record it was written from: a Medication to a remedy, a
headache Observation to an episode (with the impact Observations derived from it as its
impact days), a MedicationAdministration to an intake (with the pain-at-dose Observation
part of it as its pain), a pain-after-dose Observation to an outcome, a
MedicationStatement to a preventive course. Anything else, or any element the export
does not write, is refused naming the resource and the element: a bundle is never
imported in part. The bundle holds no check-ins, day markers, settings or deleted
records, so an import of one brings none.

The source is read as a stream, never whole: a first pass reads every resource's shape
and keeps only what belongs to another resource (impact days, pain when taken); a second
checks every record by the rules of a JSON import (check.py); the import reads the
records again while it writes them (check.Incoming).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NoReturn

from journal.core.facts import IMPACT_MISSED, IMPACT_REDUCED
from journal.exchange.check import (
    Incoming,
    Invalid,
    RecordError,
    add_checked,
    check_record,
    day,
    finish,
    moment,
    tags,
    whole,
)
from journal.exchange.fhir import (
    CODES,
    CREATED,
    HEADACHE,
    LATERALITY,
    MIDAS_DAY,
    PAIN_AFTER_DOSE,
    PAIN_AT_DOSE,
    PAIN_SEVERITY,
    PRODUCT,
    RELIEF,
    REMEDY_ALIAS,
    REMEDY_CLASS,
    REMEDY_UNIT,
    REMEDY_USE,
    SIDE_CODES,
)
from journal.exchange.forms import Form
from journal.exchange.jsonfile import json_errors
from journal.exchange.source import JsonStream, Source

Path = tuple[str | int, ...]
URN = "urn:uuid:"
SIDES_BY_CODE = {(c["system"], c["code"]): side for side, c in SIDE_CODES.items()}
FOREIGN = "is not an element this journal writes (a bundle from another system?)"
# The elements each kind of resource may hold: what fhir.py writes, nothing else.
COMMON = {"resourceType", "id", "meta", "extension", "status", "subject"}
ELEMENTS: dict[str, set[str]] = {
    "Medication": {"resourceType", "id", "meta", "extension", "code"},
    "episode": COMMON | {"code", "effectivePeriod", "issued", "note", "component"},
    "impact": COMMON | {"category", "code", "effectiveDateTime", "derivedFrom", "component"},
    "pain": COMMON | {"category", "code", "effectiveDateTime", "partOf", "valueInteger"},
    "outcome": COMMON | {"category", "code", "effectiveDateTime", "partOf", "valueInteger"},
    "MedicationAdministration": COMMON
    | {"category", "medicationReference", "effectiveDateTime", "reasonReference", "note", "dosage"},
    "MedicationStatement": COMMON
    | {"category", "medicationReference", "effectivePeriod", "statusReason", "dosage"},
}
# Where each field of a record is in its resource, for messages.
STAMP_LABELS = {"uuid": "id", "created": f"extension[{CREATED}]", "updated": "meta.lastUpdated"}
LABELS: dict[str, dict[str, str]] = {
    "remedies": {
        **STAMP_LABELS,
        "name": "code.text",
        "class": f"extension[{REMEDY_CLASS}]",
        "use": f"extension[{REMEDY_USE}]",
        "unit": f"extension[{REMEDY_UNIT}]",
        "aliases": f"extension[{REMEDY_ALIAS}]",
    },
    "episodes": {
        **STAMP_LABELS,
        "start": "effectivePeriod.start",
        "end": "effectivePeriod.end",
        "intensity": "component[72514-3].valueInteger",
        "type": "component[episode-type]",
        "aura": "component[aura].valueBoolean",
        "symptoms": "component[symptom]",
        "triggers": "component[trigger]",
        "location": "component[location].valueString",
        "missed": "component[missed]",
        "reduced": "component[reduced]",
        "side": "component[272741003]",
        "quality": "component[quality]",
        "activity_worse": "component[activity-worse].valueBoolean",
        "impact_days": "the impact Observations derived from it",
        "note": "note[1].text",
    },
    "intakes": {
        **STAMP_LABELS,
        "remedy": "medicationReference",
        "episode": "reasonReference",
        "at": "effectiveDateTime",
        "dose": "dosage.dose.value",
        "unit": "dosage.dose.unit",
        "pain": "the pain-at-dose Observation part of it",
        "relief": f"extension[{RELIEF}]",
        "product": f"extension[{PRODUCT}]",
    },
    "outcomes": {
        **STAMP_LABELS,
        "intake": "partOf",
        "at": "effectiveDateTime",
        "pain": "valueInteger",
    },
    "courses": {
        **STAMP_LABELS,
        "remedy": "medicationReference",
        "started": "effectivePeriod.start",
        "stopped": "effectivePeriod.end",
        "dose": "dosage[0].doseAndRate[0].doseQuantity.value",
        "unit": "dosage[0].doseAndRate[0].doseQuantity.unit",
        "reason": "statusReason[0].text",
    },
}
KIND_OF = {
    "Medication": "remedies",
    "episode": "episodes",
    "MedicationAdministration": "intakes",
    "outcome": "outcomes",
    "MedicationStatement": "courses",
}


class Refused(Exception):
    """An element of a resource cannot be read; the reader adds which resource."""

    def __init__(self, element: str | None, message: str) -> None:
        super().__init__(message)
        self.element, self.message = element, message


def _refuse(element: str | None, message: str) -> NoReturn:
    raise Refused(element, message)


def _name(path: Path) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _at(obj: Any, *path: str | int, default: Any = Refused, base: Path = ()) -> Any:
    """OBJ's element at PATH; DEFAULT when it is absent, else refused naming it (BASE:
    the path to OBJ itself, for the message)."""
    for n, step in enumerate(path):
        container = dict if isinstance(step, str) else list
        if not isinstance(obj, container):
            name = _name((*base, *path[:n])) or None
            _refuse(name, f"must be a JSON {'object' if container is dict else 'list'}")
        holder: Any = obj
        try:
            obj = holder[step]
        except (KeyError, IndexError):
            if default is Refused:
                _refuse(_name((*base, *path[: n + 1])), "is missing")
            return default
    return obj


def _only(obj: Any, allowed: set[str], *path: str | int) -> dict[str, Any]:
    if not isinstance(obj, dict):
        _refuse(_name(path) or None, "must be a JSON object")
    for key in obj:
        if key not in allowed:
            _refuse(_name((*path, str(key))), FOREIGN)
    return obj


def _uuid_of(reference: Any, *path: str | int) -> str:
    _only(reference, {"reference"}, *path)
    text = _at(reference, "reference", base=path)
    if not isinstance(text, str) or not text.startswith(URN):
        _refuse(_name((*path, "reference")), f"must be {URN}<uuid> of a resource of the bundle")
    return text[len(URN) :]


def _one_reference(res: dict[str, Any], key: str) -> str:
    refs = _at(res, key)
    if not isinstance(refs, list) or len(refs) != 1:
        _refuse(key, "must name one resource")
    return _uuid_of(refs[0], key, 0)


def _coding(concept: Any, *path: str | int) -> tuple[str, str]:
    """(system, code) of a CodeableConcept's first coding."""
    _only(concept, {"coding", "text"}, *path)
    first = _at(concept, "coding", 0, base=path)
    coding = _only(first, {"system", "code", "display"}, *path, "coding", 0)
    system, code = coding.get("system"), coding.get("code")
    if not isinstance(system, str) or not isinstance(code, str):
        _refuse(_name((*path, "coding", 0)), "must hold a system and a code")
    return system, code


def _project_code(concept: Any, prefix: str, *path: str | int) -> str:
    system, code = _coding(concept, *path)
    if system != CODES or not code.startswith(prefix):
        _refuse(_name(path), f"{system}|{code} is not a code this journal writes here")
    return code[len(prefix) :]


def _extensions(res: dict[str, Any], allowed: dict[str, str]) -> dict[str, list[Any]]:
    """The values of RES's extensions by URL (ALLOWED: url -> its value element)."""
    found: dict[str, list[Any]] = {}
    listed = _at(res, "extension", default=[])
    if not isinstance(listed, list):
        _refuse("extension", "must be a JSON list")
    for n, ext in enumerate(listed):
        url = ext.get("url") if isinstance(ext, dict) else None
        if url not in allowed:
            _refuse(f"extension[{n}]", f"{url!r} {FOREIGN}" if url else "must have a url")
        _only(ext, {"url", allowed[url]}, "extension", n)
        found.setdefault(url, []).append(_at(ext, allowed[url]))
    return found


def _single(values: dict[str, list[Any]], url: str, default: Any = None) -> Any:
    got = values.get(url, [])
    if len(got) > 1:
        _refuse(f"extension[{url}]", "is given more than once")
    return got[0] if got else default


def _stamps(res: dict[str, Any], ext: dict[str, list[Any]]) -> Form:
    meta = _only(_at(res, "meta"), {"lastUpdated"}, "meta")
    return {
        "uuid": res.get("id"),
        "created": _single(ext, CREATED),
        "updated": _at(meta, "lastUpdated", default=None),
    }


def _quantity(obj: Any, *path: str | int) -> tuple[Any, Any]:
    """(value, unit) of a Quantity as fhir.py writes it."""
    quantity = _only(obj, {"value", "unit", "system", "code"}, *path)
    return quantity.get("value"), quantity.get("unit")


# -- one resource ---------------------------------------------------------------------


def _classify(res: dict[str, Any]) -> str:
    kind = res.get("resourceType")
    if kind in ("Patient", "Medication", "MedicationAdministration", "MedicationStatement"):
        return str(kind)
    if kind != "Observation":
        _refuse("resourceType", f"{kind!r} is not a resource this journal writes")
    code = _at(res, "code")
    if isinstance(code, dict) and code.get("coding") == [HEADACHE]:
        return "episode"
    category = _at(res, "category", default=None)
    if category is not None:
        system, value = _coding(_at(res, "category", 0), "category", 0)
        if system == CODES and value == MIDAS_DAY:
            return "impact"
        if system == CODES and value == PAIN_AT_DOSE:
            return "pain"
        if system == CODES and value == PAIN_AFTER_DOSE:
            return "outcome"
    _refuse("code", "is not an Observation this journal writes (headache, impact or pain)")


def _medication(res: dict[str, Any]) -> Form:
    ext = _extensions(
        res,
        {
            CREATED: "valueDateTime",
            REMEDY_CLASS: "valueCode",
            REMEDY_USE: "valueCode",
            REMEDY_UNIT: "valueString",
            REMEDY_ALIAS: "valueString",
        },
    )
    code = _only(_at(res, "code"), {"text"}, "code")
    return {
        **_stamps(res, ext),
        "name": _at(code, "text"),
        "class": _single(ext, REMEDY_CLASS),
        "use": _single(ext, REMEDY_USE),
        "unit": _single(ext, REMEDY_UNIT),
        "aliases": ext.get(REMEDY_ALIAS, []),
    }


# Episode components by their code: (the field, the value element, how the value is read).
SINGLE = {
    "intensity": "valueInteger",
    "side": "valueCodeableConcept",
    "quality": "valueCodeableConcept",
    "activity_worse": "valueBoolean",
    "type": "valueCodeableConcept",
    "aura": "valueBoolean",
    "location": "valueString",
}
PROJECT_PARTS = {
    "quality": "quality",
    "activity-worse": "activity_worse",
    "episode-type": "type",
    "aura": "aura",
    "location": "location",
    "symptom": "symptoms",
    "trigger": "triggers",
    "missed": "missed",
    "reduced": "reduced",
}
LISTS = {"symptoms": "valueString", "triggers": "valueString"}
IMPACT = {"missed": "valueCodeableConcept", "reduced": "valueCodeableConcept"}


def _component_field(comp: Any, n: int) -> str:
    code = _at(comp, "code")
    system, value = _coding(code, "component", n, "code")
    if (system, value) == (PAIN_SEVERITY["system"], PAIN_SEVERITY["code"]):
        return "intensity"
    if (system, value) == (LATERALITY["system"], LATERALITY["code"]):
        return "side"
    if system == CODES and value in PROJECT_PARTS:
        return PROJECT_PARTS[value]
    _refuse(f"component[{n}].code", f"{system}|{value} is not a component this journal writes")


def _components(res: dict[str, Any], fields: dict[str, str]) -> Form:
    """The fields of RES's components (FIELDS: the ones allowed -> their value element)."""
    out: Form = {}
    for n, comp in enumerate(_at(res, "component", default=[])):
        name = _component_field(comp, n)
        if name not in fields:
            _refuse(f"component[{n}].code", "is not a component of this resource")
        element = fields[name]
        _only(comp, {"code", element}, "component", n)
        raw = _at(comp, element)
        where = ("component", n, element)
        if name == "side":
            found = _coding(raw, *where)
            if found not in SIDES_BY_CODE:
                _refuse(_name(where), f"{found[0]}|{found[1]} is not a side this journal writes")
            raw = SIDES_BY_CODE[found]
        elif name in ("quality", "type"):
            raw = _project_code(raw, f"{'type' if name == 'type' else name}-", *where)
        elif name in IMPACT:
            raw = _project_code(raw, "activity-", *where)
        if name in LISTS or name in IMPACT:
            out.setdefault(name, []).append(raw)
        elif name in out:
            _refuse(f"component[{n}]", f"gives the {name} a second time")
        else:
            out[name] = raw
    return out


def _episode(res: dict[str, Any]) -> Form:
    ext = _extensions(res, {CREATED: "valueDateTime"})
    period = _only(_at(res, "effectivePeriod"), {"start", "end"}, "effectivePeriod")
    notes = _at(res, "note", default=[])
    if not isinstance(notes, list) or not 1 <= len(notes) <= 2:
        _refuse("note", "must be the summary and at most one note")
    for n, item in enumerate(notes):
        _only(item, {"text"}, "note", n)
    parts = _components(res, {**SINGLE, **LISTS, **IMPACT})
    return {
        **_stamps(res, ext),
        "start": _at(period, "start"),
        "end": period.get("end"),
        "intensity": None,
        "location": None,
        "side": None,
        "quality": None,
        "activity_worse": None,
        "symptoms": [],
        "triggers": [],
        "missed": [],
        "reduced": [],
        **parts,
        "note": _at(notes, 1, "text") if len(notes) == 2 else None,
        "deleted": None,
    }


def _administration(res: dict[str, Any]) -> Form:
    ext = _extensions(res, {CREATED: "valueDateTime", RELIEF: "valueCode", PRODUCT: "valueString"})
    dose = unit = None
    if "dosage" in res:
        dosage = _only(_at(res, "dosage"), {"text", "dose"}, "dosage")
        dose, unit = _quantity(_at(dosage, "dose", default={}), "dosage", "dose")
    reason = _one_reference(res, "reasonReference") if "reasonReference" in res else None
    return {
        **_stamps(res, ext),
        "remedy": _uuid_of(_at(res, "medicationReference"), "medicationReference"),
        "episode": reason,
        "at": _at(res, "effectiveDateTime"),
        "dose": dose,
        "unit": unit,
        "pain": None,
        "relief": _single(ext, RELIEF),
        "product": _single(ext, PRODUCT),
        "deleted": None,
    }


def _statement(res: dict[str, Any]) -> Form:
    ext = _extensions(res, {CREATED: "valueDateTime"})
    period = _only(_at(res, "effectivePeriod"), {"start", "end"}, "effectivePeriod")
    dosages = _at(res, "dosage", default=[{}])
    if not isinstance(dosages, list) or len(dosages) != 1:
        _refuse("dosage", "must be one dosage")
    dosage = _only(dosages[0], {"text", "doseAndRate"}, "dosage", 0)
    dose = unit = None
    if "doseAndRate" in dosage:
        rate = _only(_at(dosage, "doseAndRate", 0), {"doseQuantity"}, "dosage", 0, "doseAndRate", 0)
        path = ("dosage", 0, "doseAndRate", 0, "doseQuantity")
        dose, unit = _quantity(_at(rate, "doseQuantity"), *path)
    reason = None
    if "statusReason" in res:
        reason = _at(_only(_at(res, "statusReason", 0), {"text"}, "statusReason", 0), "text")
    return {
        **_stamps(res, ext),
        "remedy": _uuid_of(_at(res, "medicationReference"), "medicationReference"),
        "started": _at(period, "start"),
        "stopped": period.get("end"),
        "dose": dose,
        "unit": unit,
        "reason": reason,
    }


def _outcome(res: dict[str, Any]) -> Form:
    ext = _extensions(res, {CREATED: "valueDateTime"})
    return {
        **_stamps(res, ext),
        "intake": _one_reference(res, "partOf"),
        "at": _at(res, "effectiveDateTime"),
        "pain": _at(res, "valueInteger"),
    }


READERS: dict[str, Callable[[dict[str, Any]], Form]] = {
    "Medication": _medication,
    "episode": _episode,
    "MedicationAdministration": _administration,
    "MedicationStatement": _statement,
    "outcome": _outcome,
}


# -- the bundle -----------------------------------------------------------------------


@dataclass
class Parts:
    """What belongs to another resource, gathered by the first pass."""

    patient: str | None = None
    impact: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    impact_where: dict[str, str] = field(default_factory=dict)
    pain: dict[str, int] = field(default_factory=dict)
    pain_where: dict[str, str] = field(default_factory=dict)


BUNDLE_HEAD = {"resourceType", "meta", "type", "timestamp", "id", "entry"}


def _entries(source: Source, src: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, resource) for each entry of the bundle, in order; the head is checked."""
    stream = JsonStream(source.text())
    with json_errors(src):
        if stream.peek() != "{":
            stream.value()
            raise RecordError(src, None, "is not a FHIR bundle (not a JSON object)")
        for key in stream.members():
            if key != "entry":
                value = stream.value()
                _bundle_head(src, key, value)
                continue
            if stream.peek() != "[":
                raise RecordError(src, "entry", "must be a list of entries")
            for n, entry in enumerate(stream.items()):
                where = f"{src}, entry[{n}]"
                if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
                    raise RecordError(where, "resource", "is missing")
                for extra in entry:
                    if extra not in ("fullUrl", "resource"):
                        raise RecordError(where, str(extra), FOREIGN)
                res = entry["resource"]
                ident = res.get("id")
                hint = f"{res.get('resourceType')}" + (
                    f" {ident[:36]}" if isinstance(ident, str) else ""
                )
                yield f"{where} ({hint})", res
        stream.end()


def _bundle_head(src: str, key: str, value: Any) -> None:
    if key not in BUNDLE_HEAD:
        raise RecordError(src, key, FOREIGN)
    if key == "resourceType" and value != "Bundle":
        raise RecordError(src, key, f"{value!r} is not a Bundle (import reads a whole bundle)")
    if key == "type" and value != "collection":
        raise RecordError(src, key, f"{value!r} is not a collection bundle")
    if key == "timestamp":
        try:
            moment()(value)
        except Invalid as exc:
            raise RecordError(src, key, str(exc)) from None


def _resource_kind(res: dict[str, Any], parts: Parts) -> str:
    """The resource's kind; its shape (everything but the record's own checks) read."""
    kind = _classify(res)
    if kind == "Patient":
        _only(res, {"resourceType", "id"})
        if parts.patient is not None and parts.patient != res.get("id"):
            _refuse(None, "is a second Patient: a bundle to import holds one person's diary")
        if not isinstance(res.get("id"), str):
            _refuse("id", "is missing")
        parts.patient = res["id"]
        return kind
    _only(res, ELEMENTS[kind])
    if "subject" in res and (
        parts.patient is None or _uuid_of(res["subject"], "subject") != parts.patient
    ):
        _refuse("subject", "must name the Patient of the bundle, given before it")
    return kind


def _attachment(res: dict[str, Any], kind: str, where: str, parts: Parts) -> None:
    """Keep an impact day (by its episode) or the pain when a dose was taken (by its dose)."""
    if kind == "impact":
        episode = _one_reference(res, "derivedFrom")
        try:
            when = day(_at(res, "effectiveDateTime"))
        except Invalid as exc:
            _refuse("effectiveDateTime", str(exc))
        values = _components(res, IMPACT)
        entry = {"date": when}
        for key, allowed in (("missed", IMPACT_MISSED), ("reduced", IMPACT_REDUCED)):
            try:
                entry[key] = tags(allowed)(values.get(key, []))
            except Invalid as exc:
                _refuse(f"component[{key}]", str(exc))
        parts.impact.setdefault(episode, []).append(entry)
        parts.impact_where.setdefault(episode, where)
        return
    intake = _one_reference(res, "partOf")
    if intake in parts.pain:
        _refuse("partOf", f"names a dose whose pain {parts.pain_where[intake]} gives already")
    try:
        parts.pain[intake] = whole(0, 10)(_at(res, "valueInteger"))
    except Invalid as exc:
        _refuse("valueInteger", str(exc))
    parts.pain_where[intake] = where


def _scan(source: Source, src: str) -> Parts:
    """The first pass: every resource's shape, and the parts that belong to others."""
    parts = Parts()
    for where, res in _entries(source, src):
        try:
            kind = _resource_kind(res, parts)
            if kind in ("impact", "pain"):
                _attachment(res, kind, where, parts)
            elif kind in READERS:
                READERS[kind](res)
        except Refused as exc:
            raise RecordError(where, exc.element, exc.message) from None
    return parts


def _records(
    source: Source, src: str, parts: Parts, now: datetime, wanted: str | None = None
) -> Iterator[tuple[str, Form, str]]:
    """(kind, checked form, where) for each record of the bundle (of WANTED only)."""
    for where, res in _entries(source, src):
        try:
            kind = KIND_OF.get(_classify(res))
            if kind is None or (wanted is not None and kind != wanted):
                continue
            raw = READERS[_classify(res)](res)
        except Refused as exc:
            raise RecordError(where, exc.element, exc.message) from None
        if kind == "episodes":
            raw["impact_days"] = parts.impact.get(raw["uuid"], [])
        if kind == "intakes":
            raw["pain"] = parts.pain.get(raw["uuid"])
        yield kind, check_record(kind, raw, where, LABELS[kind], now=now), where


def read_fhir(source: Source, *, now: datetime | None = None) -> Incoming:
    """A bundle this journal exported, checked whole; BadInput (exit 2) names the
    resource and the element it cannot read."""
    src = str(source.path)
    when = now or datetime.now(UTC)
    parts = _scan(source, src)
    incoming = Incoming(source=src, labels=LABELS)
    for kind, form, where in _records(source, src, parts, when):
        add_checked(incoming, kind, form, where)
    # Every impact day and pain must belong to a record of the bundle.
    for episode, where in parts.impact_where.items():
        if episode not in incoming.seen.get("episodes", {}):
            raise RecordError(where, "derivedFrom", f"names no headache Observation {episode}")
    for intake, where in parts.pain_where.items():
        if intake not in incoming.seen.get("intakes", {}):
            raise RecordError(where, "partOf", f"names no MedicationAdministration {intake}")

    def reread(wanted: str) -> Iterator[tuple[Form, str]]:
        # Read to the end, so the source compares this pass's digest with the first's.
        for _, form, where in _records(source, src, parts, when, wanted):
            yield form, where

    incoming.reread = reread
    return finish(incoming)
