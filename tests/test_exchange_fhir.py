"""The FHIR export: an R4 collection Bundle that the fhir.resources R4B models accept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.conftest import Invoke, file_mode
from tests.test_exchange_json import fill


@pytest.fixture
def bundle(run: Invoke, tmp_path: Path) -> dict[str, Any]:
    fill(run)
    out = tmp_path / "for-the-clinic.json"
    run("export", "--format", "fhir", "--out", str(out))
    assert file_mode(out) == 0o600
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_validates_against_the_r4b_models(bundle: dict[str, Any]) -> None:
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    assert [e.resource.get_resource_type() for e in parsed.entry or []] == [
        "Patient",
        "Medication",
        "Medication",
        "Medication",
        "Observation",  # episode 1
        "Observation",  # episode 3 (ongoing)
        "MedicationAdministration",  # ibuprofen in episode 1,
        "Observation",  # with the pain then (episode 1's intensity)
        "MedicationAdministration",  # Migräne Kombi, in episode 1 too
        "Observation",
        "MedicationAdministration",  # kratom, in no episode: no pain known
    ]


def test_an_episode_is_a_headache_observation_with_its_period_and_pain(
    bundle: dict[str, Any],
) -> None:
    first, ongoing = resources(bundle, "Observation")[:2]
    assert first["meta"]["lastUpdated"].endswith("Z")
    assert first["code"]["coding"] == [
        {"system": "http://snomed.info/sct", "code": "25064002", "display": "Headache"}
    ]
    assert first["status"] == "final"
    assert first["effectivePeriod"] == {
        "start": "2026-03-01T21:00:00+01:00",
        "end": "2026-03-02T09:30:00+01:00",
    }
    pain = first["component"][0]
    assert pain["code"]["coding"][0]["system"] == "http://loinc.org"
    assert pain["code"]["coding"][0]["code"] == "72514-3"
    assert pain["valueInteger"] == 7
    assert "type: migraine; with aura; symptoms: nausea, light" in first["note"][0]["text"]
    assert ongoing["status"] == "preliminary"
    assert ongoing["effectivePeriod"] == {"start": "2026-03-20T22:00:00+01:00"}
    patient = resources(bundle, "Patient")[0]["id"]
    assert first["subject"] == {"reference": f"urn:uuid:{patient}"}


def medication_names(bundle: dict[str, Any]) -> dict[str, str]:
    return {f"urn:uuid:{m['id']}": m["code"]["text"] for m in resources(bundle, "Medication")}


def test_an_intake_is_a_medication_administration_with_dose_time_and_class(
    bundle: dict[str, Any],
) -> None:
    ibuprofen, kombi, kratom = resources(bundle, "MedicationAdministration")
    names = medication_names(bundle)
    assert names[ibuprofen["medicationReference"]["reference"]] == "ibuprofen"
    assert ibuprofen["category"]["text"].startswith("Non-opioid analgesic")
    assert ibuprofen["effectiveDateTime"] == "2026-03-01T21:30:00+01:00"
    assert ibuprofen["dosage"]["dose"] == {
        "value": 400.0,
        "unit": "mg",
        "system": "http://unitsofmeasure.org",
        "code": "mg",
    }
    episode = resources(bundle, "Observation")[0]["id"]
    assert ibuprofen["reasonReference"] == [{"reference": f"urn:uuid:{episode}"}]
    assert kombi["dosage"]["dose"]["code"] == "{tablet}"
    assert "relief: partial" in kombi["note"][0]["text"]
    # Kratom has no code anywhere: text only.
    kratom_medication = next(
        m for m in resources(bundle, "Medication") if m["code"]["text"] == "kratom"
    )
    assert kratom_medication["code"] == {"text": "kratom"}
    assert kratom["category"]["text"].startswith("Kratom")
    assert kratom["dosage"]["text"] == "2.5 g"
    assert "reasonReference" not in kratom
    assert "product: @brand powder" in kratom["note"][0]["text"]


def test_deleted_records_are_left_out(bundle: dict[str, Any]) -> None:
    starts = [
        o["effectivePeriod"]["start"]
        for o in resources(bundle, "Observation")
        if "effectivePeriod" in o
    ]
    assert "2026-03-10T14:00:00+01:00" not in starts
    names = medication_names(bundle)
    texts = [
        names[m["medicationReference"]["reference"]]
        for m in resources(bundle, "MedicationAdministration")
    ]
    assert "paracetamol" not in texts and "paracetamol" not in names.values()


def test_full_urls_are_the_records_uuids(bundle: dict[str, Any]) -> None:
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"


def test_a_ranged_fhir_export_holds_only_that_period(run: Invoke, tmp_path: Path) -> None:
    fill(run)
    out = tmp_path / "week.json"
    run(
        "export",
        "--format",
        "fhir",
        "--out",
        str(out),
        "--from",
        "2026-03-03",
        "--to",
        "2026-03-09",
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    Bundle.model_validate(data)
    assert resources(data, "Observation") == []
    given = resources(data, "MedicationAdministration")
    names = medication_names(data)
    assert [names[m["medicationReference"]["reference"]] for m in given] == ["kratom"]
