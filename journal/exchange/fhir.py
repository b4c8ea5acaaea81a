"""A FHIR R4 collection Bundle for a clinician's system: episodes and remedies taken.

An Observation per episode (SNOMED CT 25064002 headache, its period, and the peak
pain as LOINC 72514-3), a MedicationStatement per intake (the remedy as text, its
class, the dose and time). Deleted records are left out: this is a hand-over, not a
backup. Nothing here imports fhir.resources; the tests validate against its R4B models.
"""

from __future__ import annotations

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from journal.exchange.document import Document, Form, parse_utc

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
HEADACHE = {"system": SNOMED, "code": "25064002", "display": "Headache"}
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


def _episode_note(ep: Form) -> str:
    parts = [f"type: {ep['type']}"]
    if ep["aura"]:
        parts.append("with aura")
    for key in ("symptoms", "triggers", "missed", "reduced"):
        if ep[key]:
            parts.append(f"{key}: {', '.join(ep[key])}")
    if ep["location"]:
        parts.append(f"location: {ep['location']}")
    text = "; ".join(parts)
    return f"{text}\n{ep['note']}" if ep["note"] else text


def observation(ep: Form, tz: ZoneInfo, patient: dict[str, str]) -> dict[str, Any]:
    period = {"start": _when(ep["start"], tz)}
    if ep["end"] is not None:
        period["end"] = _when(ep["end"], tz)
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": ep["uuid"],
        # An episode still going is not a final record of it.
        "status": "final" if ep["end"] is not None else "preliminary",
        "code": {"coding": [HEADACHE], "text": "Headache"},
        "subject": patient,
        "effectivePeriod": period,
        "issued": _when(ep["updated"], tz),
        "note": [{"text": _episode_note(ep)}],
    }
    if ep["intensity"] is not None:
        resource["component"] = [
            {
                "code": {"coding": [PAIN_SEVERITY], "text": "Peak pain severity (0-10)"},
                "valueInteger": ep["intensity"],
            }
        ]
    return resource


def medication_statement(
    intake: Form, remedy: Form, tz: ZoneInfo, episodes: set[str], patient: dict[str, str]
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "id": intake["uuid"],
        "status": "completed",
        "category": {"text": CLASS_TEXT.get(remedy["class"], remedy["class"])},
        # Text only: the catalogue holds generic names, not RxNorm or ATC codes, and
        # kratom has no code at all.
        "medicationCodeableConcept": {"text": remedy["name"]},
        "subject": patient,
        "effectiveDateTime": _when(intake["at"], tz),
    }
    if intake["episode"] in episodes:
        resource["reasonReference"] = [{"reference": f"urn:uuid:{intake['episode']}"}]
    if intake["dose"] is not None:
        unit = intake["unit"] or ""
        quantity: dict[str, Any] = {"value": intake["dose"]}
        if unit:
            quantity["unit"] = unit
        if unit.lower() in UCUM_CODES:
            quantity["system"] = UCUM
            quantity["code"] = UCUM_CODES[unit.lower()]
        resource["dosage"] = [
            {
                "text": f"{intake['dose']:g} {unit}".strip(),
                "doseAndRate": [{"doseQuantity": quantity}],
            }
        ]
    notes = [f"{remedy['use']} use"]
    if intake["product"]:
        notes.append(f"product: {intake['product']}")
    if intake["relief"]:
        notes.append(f"relief: {intake['relief']}")
    resource["note"] = [{"text": "; ".join(notes)}]
    return resource


def bundle(doc: Document, tz: ZoneInfo) -> dict[str, Any]:
    """The Bundle as plain JSON data, entries in time order (ties by UUID)."""
    episodes = sorted(
        (e for e in doc.episodes if e["deleted"] is None),
        key=lambda e: (parse_utc(e["start"]), e["uuid"]),
    )
    live = {e["uuid"] for e in episodes}
    remedies = {r["uuid"]: r for r in doc.remedies}
    intakes = sorted(
        (i for i in doc.intakes if i["deleted"] is None),
        key=lambda i: (parse_utc(i["at"]), i["uuid"]),
    )
    # The journal holds no name or identifier; every resource points at one anonymous
    # Patient, new for each export so that two people's bundles never merge into one.
    patient_id = str(uuid.uuid4())
    patient = {"reference": f"urn:uuid:{patient_id}"}
    entries: list[dict[str, Any]] = [
        {
            "fullUrl": f"urn:uuid:{patient_id}",
            "resource": {"resourceType": "Patient", "id": patient_id},
        }
    ]
    entries += [
        {"fullUrl": f"urn:uuid:{e['uuid']}", "resource": observation(e, tz, patient)}
        for e in episodes
    ]
    entries += [
        {
            "fullUrl": f"urn:uuid:{i['uuid']}",
            "resource": medication_statement(i, remedies[i["remedy"]], tz, live, patient),
        }
        for i in intakes
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _when(doc.exported, tz),
        "entry": entries,
    }
