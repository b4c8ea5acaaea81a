"""A FHIR R4 collection Bundle for a clinician's system, written record by record.

- a Medication per remedy taken (its name as text; class, use, unit and other names as
  extensions);
- an Observation per episode: SNOMED CT 25064002 headache, its period, and components:
  peak pain (LOINC 72514-3), side (SNOMED 272741003 laterality: 7771000 left, 24028007
  right, 51440002 both; "varies" from the project's system), quality, worse with
  activity, type, aura, symptoms, triggers, location and the start day's MIDAS impact
  (project codes); each later day's impact is an Observation of its own, derived from
  the episode's;
- a MedicationAdministration per intake (dose and time; the episode as its reason), with
  the pain when it was taken as an Observation (LOINC 72514-3) part of it;
- an Observation per outcome: pain after the dose (LOINC 72514-3), part of the dose's
  MedicationAdministration;
- a MedicationStatement per preventive course: effectivePeriod, dosage, status (active,
  completed, or stopped with its reason as statusReason).

Where no standard code exists the codes come from the project's own code systems,
named by URLs under the reserved .invalid domain, which name no network resource.
Every resource carries its record's UUID (id), its last change (meta.lastUpdated) and
its creation (an extension), so `journal import` reads a bundle back without loss.
Deleted records are left out: this is a hand-over, not a backup. Nothing here imports
fhir.resources; the tests validate against its R4B models.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import IO, Any
from zoneinfo import ZoneInfo

from journal.exchange.document import Export
from journal.exchange.forms import Form, parse_utc
from journal.progress import Progress

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
HEADACHE = {"system": SNOMED, "code": "25064002", "display": "Headache"}
PROJECT = "https://headache-journal.invalid/fhir"
CODES = f"{PROJECT}/CodeSystem/diary"  # component codes, categories, value codes
EXTENSION = f"{PROJECT}/StructureDefinition"
CREATED = f"{EXTENSION}/created"
REMEDY_CLASS = f"{EXTENSION}/remedy-class"
REMEDY_USE = f"{EXTENSION}/remedy-use"
REMEDY_UNIT = f"{EXTENSION}/remedy-unit"
REMEDY_ALIAS = f"{EXTENSION}/remedy-alias"
RELIEF = f"{EXTENSION}/relief"
PRODUCT = f"{EXTENSION}/product"
EXPORT_TAG = {"system": CODES, "code": "headache-journal-export"}
LATERALITY = {"system": SNOMED, "code": "272741003", "display": "Laterality"}
SIDE_CODES = {
    "left": {"system": SNOMED, "code": "7771000", "display": "Left"},
    "right": {"system": SNOMED, "code": "24028007", "display": "Right"},
    "both": {"system": SNOMED, "code": "51440002", "display": "Right and left"},
    "varies": {"system": CODES, "code": "side-varies", "display": "Varies"},
}
PAIN_AT_DOSE = "pain-at-dose"
PAIN_AFTER_DOSE = "pain-after-dose"
MIDAS_DAY = "midas-day"
# Tags are any text and go as strings; the vocabularies as codes of the project system.
STRING_PARTS = ("symptom", "trigger", "location")
PAIN_SEVERITY = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}

CLASS_TEXT = {
    "simple": "Non-opioid analgesic (paracetamol, aspirin or another NSAID)",
    "triptan": "Triptan",
    "ergot": "Ergot alkaloid",
    "opioid": "Opioid",
    "combination": "Combination analgesic",
    "kratom": "Kratom (Mitragyna speciosa; no approved medical use, opioid-receptor agonist)",
    "caffeine": "Caffeine",
    "other": "Other",
}
# Units the journal's catalogue uses, as UCUM codes; anything else goes as plain text.
UCUM_CODES = {
    "mg": "mg",
    "g": "g",
    "mcg": "ug",
    "ug": "ug",
    "µg": "ug",
    "ml": "mL",
    "tablet": "{tablet}",
    "capsule": "{capsule}",
}


def _when(text: str | None, tz: ZoneInfo) -> str | None:
    return None if text is None else parse_utc(text).astimezone(tz).isoformat()


def _code(code: str, display: str | None = None) -> dict[str, Any]:
    coding = {"system": CODES, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding], "text": display or code}


def _stamped(resource: dict[str, Any], form: Form, tz: ZoneInfo) -> dict[str, Any]:
    """The record's id, last change and creation on RESOURCE."""
    resource["id"] = form["uuid"]
    resource["meta"] = {"lastUpdated": form["updated"]}
    resource.setdefault("extension", []).insert(
        0, {"url": CREATED, "valueDateTime": form["created"]}
    )
    return resource


def _episode_note(ep: Form) -> str:
    parts = [f"type: {ep['type']}"]
    if ep["aura"]:
        parts.append("with aura")
    for key in ("symptoms", "triggers", "missed", "reduced"):
        if ep[key]:
            parts.append(f"{key}: {', '.join(ep[key])}")
    if ep["location"]:
        parts.append(f"location: {ep['location']}")
    for key in ("side", "quality"):
        if ep[key]:
            parts.append(f"{key}: {ep[key]}")
    if ep["activity_worse"] is not None:
        parts.append("worse with activity" if ep["activity_worse"] else "not worse with activity")
    return "; ".join(parts)


def _component(code: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    return {"code": code, key: value}


def episode_components(ep: Form) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if ep["intensity"] is not None:
        pain = {"coding": [PAIN_SEVERITY], "text": "Peak pain severity (0-10)"}
        out.append(_component(pain, "valueInteger", ep["intensity"]))
    if ep["side"] is not None:
        side = {"coding": [SIDE_CODES[ep["side"]]], "text": ep["side"]}
        out.append(
            _component({"coding": [LATERALITY], "text": "Side"}, "valueCodeableConcept", side)
        )
    if ep["quality"] is not None:
        out.append(
            _component(_code("quality", "Pain quality"), "valueCodeableConcept",
                       _code(f"quality-{ep['quality']}", ep["quality"]))
        )  # fmt: skip
    if ep["activity_worse"] is not None:
        out.append(
            _component(_code("activity-worse", "Worse with routine physical activity"),
                       "valueBoolean", ep["activity_worse"])
        )  # fmt: skip
    out.append(
        _component(_code("episode-type", "Type"), "valueCodeableConcept",
                   _code(f"type-{ep['type']}", ep["type"]))
    )  # fmt: skip
    out.append(_component(_code("aura", "Aura"), "valueBoolean", ep["aura"]))
    for key, code in (("symptoms", "symptom"), ("triggers", "trigger")):
        for tag in ep[key]:
            out.append(_component(_code(code, code.capitalize()), "valueString", tag))
    if ep["location"] is not None:
        out.append(_component(_code("location", "Location"), "valueString", ep["location"]))
    out += _impact_components(ep["missed"], ep["reduced"])
    return out


def _impact_components(missed: list[str], reduced: list[str]) -> list[dict[str, Any]]:
    out = []
    for key, values in (("missed", missed), ("reduced", reduced)):
        for activity in values:
            out.append(
                _component(_code(key, f"Activity {key} because of headache"),
                           "valueCodeableConcept", _code(f"activity-{activity}", activity))
            )  # fmt: skip
    return out


def day_uuid(episode: str, day: str) -> str:
    """A stable id for an episode's impact on DAY (the same in every export)."""
    return str(uuid.uuid5(uuid.UUID(episode), f"midas-day/{day}"))


def pain_uuid(intake: str) -> str:
    return str(uuid.uuid5(uuid.UUID(intake), PAIN_AT_DOSE))


def observation(ep: Form, tz: ZoneInfo, patient: dict[str, str]) -> dict[str, Any]:
    period = {"start": _when(ep["start"], tz)}
    if ep["end"] is not None:
        period["end"] = _when(ep["end"], tz)
    notes = [{"text": _episode_note(ep)}]
    if ep["note"]:
        notes.append({"text": ep["note"]})
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        # An episode still going is not a final record of it.
        "status": "final" if ep["end"] is not None else "preliminary",
        "code": {"coding": [HEADACHE], "text": "Headache"},
        "subject": patient,
        "effectivePeriod": period,
        "issued": _when(ep["updated"], tz),
        "note": notes,
        "component": episode_components(ep),
    }
    return _stamped(resource, ep, tz)


def impact_day(ep: Form, entry: dict[str, Any], patient: dict[str, str]) -> dict[str, Any]:
    """Activities missed or reduced on a later day of an episode (MIDAS counts by day)."""
    return {
        "resourceType": "Observation",
        "id": day_uuid(ep["uuid"], entry["date"]),
        "meta": {"lastUpdated": ep["updated"]},
        "status": "final",
        "category": [_code(MIDAS_DAY, "Headache impact on a day")],
        "code": _code(MIDAS_DAY, "Activities missed or reduced because of headache"),
        "subject": patient,
        "effectiveDateTime": entry["date"],
        "derivedFrom": [{"reference": f"urn:uuid:{ep['uuid']}"}],
        "component": _impact_components(entry["missed"], entry["reduced"]),
    }


def medication(remedy: Form) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Medication",
        # Text only: the catalogue holds generic names, not RxNorm or ATC codes, and
        # kratom has no code at all.
        "code": {"text": remedy["name"]},
        "extension": [
            {"url": REMEDY_CLASS, "valueCode": remedy["class"]},
            {"url": REMEDY_USE, "valueCode": remedy["use"]},
        ],
    }
    # The unit and other names too, so that an import gives back the catalogue entry whole.
    if remedy["unit"]:
        resource["extension"].append({"url": REMEDY_UNIT, "valueString": remedy["unit"]})
    for alias in remedy["aliases"]:
        resource["extension"].append({"url": REMEDY_ALIAS, "valueString": alias})
    return _stamped(resource, remedy, ZoneInfo("UTC"))


def _quantity(dose: float | None, unit: str | None) -> dict[str, Any]:
    quantity: dict[str, Any] = {}
    if dose is not None:
        quantity["value"] = dose
    if unit:
        quantity["unit"] = unit
        if unit.lower() in UCUM_CODES:
            quantity["system"] = UCUM
            quantity["code"] = UCUM_CODES[unit.lower()]
    return quantity


def _dose_text(dose: float | None, unit: str | None) -> str:
    return f"{'' if dose is None else format(dose, 'g')} {unit or ''}".strip()


def administration(
    intake: Form, remedy: Form, tz: ZoneInfo, episodes: set[str], patient: dict[str, str]
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationAdministration",
        "status": "completed",
        "category": {"text": CLASS_TEXT.get(remedy["class"], remedy["class"])},
        "medicationReference": {"reference": f"urn:uuid:{remedy['uuid']}"},
        "subject": patient,
        "effectiveDateTime": _when(intake["at"], tz),
    }
    extension = []
    if intake["relief"]:
        extension.append({"url": RELIEF, "valueCode": intake["relief"]})
    if intake["product"]:
        extension.append({"url": PRODUCT, "valueString": intake["product"]})
    if extension:
        resource["extension"] = extension
    if intake["episode"] in episodes:
        resource["reasonReference"] = [{"reference": f"urn:uuid:{intake['episode']}"}]
    notes = [f"{remedy['use']} use"]
    if intake["product"]:
        notes.append(f"product: {intake['product']}")
    if intake["relief"]:
        notes.append(f"relief: {intake['relief']}")
    resource["note"] = [{"text": "; ".join(notes)}]
    if intake["dose"] is not None or intake["unit"]:
        resource["dosage"] = {
            "text": _dose_text(intake["dose"], intake["unit"]),
            "dose": _quantity(intake["dose"], intake["unit"]),
        }
    return _stamped(resource, intake, tz)


def pain_observation(
    uuid_: str,
    code: str,
    intake: str,
    at: str,
    pain: int,
    tz: ZoneInfo,
    patient: dict[str, str],
) -> dict[str, Any]:
    label = "Pain when the dose was taken" if code == PAIN_AT_DOSE else "Pain after the dose"
    return {
        "resourceType": "Observation",
        "id": uuid_,
        "status": "final",
        "category": [_code(code, label)],
        "code": {"coding": [PAIN_SEVERITY], "text": "Pain severity (0-10)"},
        "subject": patient,
        "effectiveDateTime": _when(at, tz),
        "partOf": [{"reference": f"urn:uuid:{intake}"}],
        "valueInteger": pain,
    }


def statement(course: Form, remedy: Form, patient: dict[str, str]) -> dict[str, Any]:
    if course["stopped"] is None:
        status = "active"
    else:
        status = "stopped" if course["reason"] else "completed"
    period = {"start": course["started"]}
    if course["stopped"] is not None:
        period["end"] = course["stopped"]
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "status": status,
        "category": {"text": "Preventive treatment course"},
        "medicationReference": {"reference": f"urn:uuid:{remedy['uuid']}"},
        "subject": patient,
        "effectivePeriod": period,
    }
    if course["reason"]:
        resource["statusReason"] = [{"text": course["reason"]}]
    dosage: dict[str, Any] = {"text": _dose_text(course["dose"], course["unit"]) or "as recorded"}
    if course["dose"] is not None or course["unit"]:
        dosage["doseAndRate"] = [{"doseQuantity": _quantity(course["dose"], course["unit"])}]
    resource["dosage"] = [dosage]
    return _stamped(resource, course, ZoneInfo("UTC"))


def _entries(export: Export, tz: ZoneInfo, counts: dict[str, int]) -> Iterator[dict[str, Any]]:
    # The journal holds no name or identifier; every resource points at one anonymous
    # Patient, new for each export so that two people's bundles never merge into one.
    patient_id = str(uuid.uuid4())
    patient = {"reference": f"urn:uuid:{patient_id}"}
    yield {"resourceType": "Patient", "id": patient_id}
    remedies = {r["uuid"]: r for r in export.remedies}
    for uuid_ in sorted(export.used_remedies()):
        yield medication(remedies[uuid_])
    live: set[str] = set()
    for ep in export.stream("episodes", by_time=True):
        if ep["deleted"] is not None:
            continue
        live.add(ep["uuid"])
        counts["episodes"] += 1
        yield observation(ep, tz, patient)
        for entry in ep["impact_days"]:
            yield impact_day(ep, entry, patient)
    gone: set[str] = set()
    for intake in export.stream("intakes", by_time=True):
        if intake["deleted"] is not None:
            gone.add(intake["uuid"])
            continue
        counts["intakes"] += 1
        yield administration(intake, remedies[intake["remedy"]], tz, live, patient)
        if intake["pain"] is not None:
            yield pain_observation(
                pain_uuid(intake["uuid"]), PAIN_AT_DOSE, intake["uuid"], intake["at"],
                intake["pain"], tz, patient,
            )  # fmt: skip
    for outcome in export.stream("outcomes", by_time=True):
        if outcome["intake"] in gone:
            continue
        counts["outcomes"] += 1
        resource = pain_observation(
            outcome["uuid"], PAIN_AFTER_DOSE, outcome["intake"], outcome["at"],
            outcome["pain"], tz, patient,
        )  # fmt: skip
        yield _stamped(resource, outcome, tz)
    for course in export.stream("courses", by_time=True):
        counts["courses"] += 1
        yield statement(course, remedies[course["remedy"]], patient)


def write_bundle(
    export: Export, tz: ZoneInfo, out: IO[bytes], progress: Progress | None = None
) -> dict[str, int]:
    """The Bundle as JSON, entries in time order (ties by UUID); the records written."""
    counts = {"episodes": 0, "intakes": 0, "outcomes": 0, "courses": 0}
    head = {
        "resourceType": "Bundle",
        "meta": {"tag": [EXPORT_TAG]},
        "type": "collection",
        "timestamp": _when(export.exported, tz),
    }
    text = json.dumps(head, indent=2, ensure_ascii=False)
    out.write((text[:-2] + ',\n  "entry": [').encode())
    total = export.total()
    for n, resource in enumerate(_entries(export, tz, counts)):
        entry = {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
        body = json.dumps(entry, indent=2, ensure_ascii=False, allow_nan=False)
        out.write(f"{',' if n else ''}\n    {body.replace(chr(10), chr(10) + '    ')}".encode())
        if progress is not None and n % 1000 == 999:
            progress(min(n, total), total)
    out.write(b"\n  ]\n}\n")
    if progress is not None:
        progress(total, total)
    return counts
