"""Importing a FHIR bundle this journal exported: the same records back, or nothing.

Round trips compare the JSON exports of both journals byte for byte (the parts a bundle
carries); refusals name the entry, its resource and the element, and leave the journal
file byte for byte as it was.
"""

from __future__ import annotations

import copy
import json
import shlex
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, dump
from tests.test_exchange_json import fill as fill_with_deletions

# Every field a bundle carries, with a remedy of the person's own (unit and alias) and
# times in Europe/Berlin (CET in March). No check-in or marker: a bundle holds none.
DIARY = [
    "log --start '2026-03-01 21:00' --end '2026-03-03 08:00' --intensity 7 --type migraine"
    " --side left --quality pulsating --activity-worse --missed work --symptom nausea"
    " --symptom light --trigger 'red wine' --location 'left temple' --aura",
    "edit 1 --missed-on 2026-03-02:work --reduced-on 2026-03-03:housework"
    " --note 'first line\nsecond line'",
    "take sumatriptan --dose 50 --at '2026-03-01 21:30' --pain 7",
    "outcome 1 --pain 2 --at '2026-03-01 23:30'",
    "outcome 1 --pain 0 --at '2026-03-02 01:30'",
    "remedies add 'Migräne Kombi' --class combination --unit tablet --alias mk",
    "take mk --dose 1.5 --at '2026-03-02 08:00' --relief partial --product '=1+1 pack'",
    "take kratom --at '2026-03-05 10:00'",
    "log --start '2026-03-10 14:00' --end '2026-03-10 16:00' --intensity 3 --side both"
    " --quality pressing --no-activity-worse --type tension",
    "log --start '2026-03-20 22:00' --intensity 5",
    "preventive start propranolol --dose 40 --date 2026-01-05",
    "preventive stop propranolol --date 2026-03-31 --reason 'too tired'",
    "preventive start topiramate --date 2026-04-01",
]


def fill(run: Invoke, db: str | None = None) -> None:
    args = ["--db", db] if db else []
    for line in DIARY:
        run(*args, *shlex.split(line))


def export(run: Invoke, fmt: str, out: Path, db: Path | None = None) -> Path:
    args = ["--db", str(db)] if db else []
    run(*args, "export", "--format", fmt, "--out", str(out))
    return out


def records_part(path: Path) -> bytes:
    """The JSON export from its remedies to its courses (what a bundle carries)."""
    raw = path.read_bytes()
    start, end = raw.index(b'\n  "remedies": ['), raw.index(b'\n  "checkins": [')
    return raw[start:end]


def state(db: Path) -> tuple[bytes, list[tuple[Any, ...]]]:
    """The journal file's bytes and rows (a WAL file, if any, is checkpointed by now)."""
    return db.read_bytes(), dump(db)


@pytest.fixture
def other(tmp_path: Path) -> Path:
    return tmp_path / "other" / "journal.sqlite3"


# -- the round trip -------------------------------------------------------------------


def test_every_field_comes_back_byte_for_byte(run: Invoke, tmp_path: Path, other: Path) -> None:
    fill(run)
    mine = export(run, "json", tmp_path / "mine.json")
    bundle = export(run, "fhir", tmp_path / "bundle.json")
    report = json.loads(run("--db", str(other), "import", str(bundle), "--json").stdout)
    assert report["dry_run"] is False
    assert {k: v["added"] for k, v in report["kinds"].items()} == {
        "settings": 0,
        "remedies": 1,  # Migräne Kombi; sumatriptan, kratom, propranolol, topiramate: seeded
        "episodes": 3,
        "intakes": 3,
        "outcomes": 2,
        "courses": 2,
        "checkins": 0,
        "markers": 0,
    }
    assert report["kinds"]["remedies"]["skipped"] == 4
    theirs = export(run, "json", tmp_path / "theirs.json", other)
    assert records_part(theirs) == records_part(mine)
    # The fields themselves, spot-checked by hand against what was typed.
    data = json.loads(theirs.read_text(encoding="utf-8"))
    first = next(e for e in data["episodes"] if e["start"] == "2026-03-01T20:00:00Z")
    assert first["impact_days"] == [
        {"date": "2026-03-02", "missed": ["work"], "reduced": []},
        {"date": "2026-03-03", "missed": [], "reduced": ["housework"]},
    ]
    assert (first["note"], first["aura"], first["triggers"]) == (
        "first line\nsecond line",
        True,
        ["red wine"],
    )
    kombi = next(i for i in data["intakes"] if i["at"] == "2026-03-02T07:00:00Z")
    assert (kombi["dose"], kombi["unit"], kombi["product"], kombi["pain"]) == (
        1.5,
        "tablet",
        "=1+1 pack",
        7,  # the episode's intensity then, the default
    )


def test_importing_the_bundle_again_adds_nothing(run: Invoke, tmp_path: Path, other: Path) -> None:
    fill(run)
    bundle = export(run, "fhir", tmp_path / "bundle.json")
    run("--db", str(other), "import", str(bundle))
    before = state(other)
    report = json.loads(run("--db", str(other), "import", str(bundle), "--json").stdout)
    assert all(k["added"] == 0 and k["replaced"] == 0 for k in report["kinds"].values())
    assert report["kinds"]["episodes"]["skipped"] == 3
    assert state(other) == before


def test_deleted_records_and_checkins_do_not_travel_in_a_bundle(
    run: Invoke, tmp_path: Path, other: Path
) -> None:
    fill_with_deletions(run)  # 3 episodes (1 deleted), 4 intakes (1 deleted), 2 check-ins
    mine = json.loads(export(run, "json", tmp_path / "mine.json").read_text(encoding="utf-8"))
    bundle = export(run, "fhir", tmp_path / "bundle.json")
    run("--db", str(other), "import", str(bundle))
    theirs = json.loads(
        export(run, "json", tmp_path / "theirs.json", other).read_text(encoding="utf-8")
    )
    for kind in ("episodes", "intakes"):
        kept = [r for r in mine[kind] if r["deleted"] is None]
        assert len(kept) == {"episodes": 2, "intakes": 3}[kind]
        assert theirs[kind] == kept
    assert theirs["checkins"] == [] and theirs["markers"] == []


def test_a_dry_run_reports_and_changes_nothing(run: Invoke, tmp_path: Path, other: Path) -> None:
    fill(run)
    bundle = export(run, "fhir", tmp_path / "bundle.json")
    run("--db", str(other), "log", "--start", "2025-01-01 10:00", "--intensity", "2")
    before = state(other)
    result = run("--db", str(other), "import", str(bundle), "--dry-run")
    lines = result.stdout.splitlines()
    assert lines[3].split() == ["episodes", "3", "0", "0"]
    assert lines[5].split() == ["outcomes", "2", "0", "0"]
    assert "Dry run of" in result.stderr
    assert state(other) == before


def test_the_format_is_told_by_content_whatever_the_key_order(
    run: Invoke, tmp_path: Path, other: Path
) -> None:
    fill(run)
    bundle = json.loads(export(run, "fhir", tmp_path / "b.json").read_text(encoding="utf-8"))
    reordered = {"type": bundle["type"], "entry": bundle["entry"], "resourceType": "Bundle"}
    path = tmp_path / "reordered.json"
    path.write_text(json.dumps(reordered), encoding="utf-8")
    report = json.loads(run("--db", str(other), "import", str(path), "--json").stdout)
    assert report["kinds"]["episodes"]["added"] == 3


def test_format_option(run: Invoke, tmp_path: Path, other: Path) -> None:
    fill(run)
    bundle = export(run, "fhir", tmp_path / "b.json")
    mine = export(run, "json", tmp_path / "mine.json")
    result = run("--db", str(other), "import", str(bundle), "--format", "json", code=2)
    assert "--format" in result.stderr and "is a FHIR resource" in result.stderr
    result = run("--db", str(other), "import", str(mine), "--format", "fhir", code=2)
    assert "field 'format': is not an element this journal writes" in result.stderr
    result = run("--db", str(other), "import", str(bundle), "--format", "csv", code=2)
    assert "a csv export is a folder" in result.stderr
    run("--db", str(other), "import", str(bundle), "--format", "FHIR", "--dry-run")


# -- refusals -------------------------------------------------------------------------

Bundle = dict[str, Any]


def _entry(bundle: Bundle, test: Callable[[dict[str, Any]], bool]) -> tuple[int, dict[str, Any]]:
    return next((n, e["resource"]) for n, e in enumerate(bundle["entry"]) if test(e["resource"]))


def _episode(r: dict[str, Any]) -> bool:
    return r["resourceType"] == "Observation" and r["code"].get("text") == "Headache"


def _category(code: str) -> Callable[[dict[str, Any]], bool]:
    def test(r: dict[str, Any]) -> bool:
        if r["resourceType"] != "Observation":
            return False
        return any(c["coding"][0]["code"] == code for c in r.get("category", []))

    return test


def _kind(name: str) -> Callable[[dict[str, Any]], bool]:
    return lambda r: r["resourceType"] == name


def _peak_11(r: dict[str, Any]) -> None:
    r["component"][0]["valueInteger"] = 11


def _future(r: dict[str, Any]) -> None:
    r["meta"]["lastUpdated"] = (datetime.now(UTC) + timedelta(days=2)).isoformat()


def _quantity(r: dict[str, Any]) -> None:
    r["valueQuantity"] = {"value": 7}


def _other_loinc(r: dict[str, Any]) -> None:
    r["component"][0]["code"]["coding"][0]["code"] = "8480-6"


def _side_up(r: dict[str, Any]) -> None:
    r["component"][1]["valueCodeableConcept"]["coding"][0]["code"] = "261183002"


def _huge_dose(r: dict[str, Any]) -> None:
    r["dosage"]["dose"]["value"] = 10**400


def _bool_dose(r: dict[str, Any]) -> None:
    r["dosage"]["dose"]["value"] = True


def _pain_12(r: dict[str, Any]) -> None:
    r["valueInteger"] = 12


def _no_remedy(r: dict[str, Any]) -> None:
    r["medicationReference"]["reference"] = "urn:uuid:0b5e1c1e-9a3b-4c55-8f3e-2f6c1d2a7b10"


def _stray_day(r: dict[str, Any]) -> None:
    r["derivedFrom"][0]["reference"] = "urn:uuid:0b5e1c1e-9a3b-4c55-8f3e-2f6c1d2a7b10"


def _late_day(r: dict[str, Any]) -> None:
    r["effectiveDateTime"] = "2026-04-01"


def _early_outcome(r: dict[str, Any]) -> None:
    r["effectiveDateTime"] = "2026-03-01T20:00:00+01:00"


def _stop_before_start(r: dict[str, Any]) -> None:
    r["effectivePeriod"]["end"] = "2025-12-31"


def _no_created(r: dict[str, Any]) -> None:
    del r["extension"][0]


def _bad_class(r: dict[str, Any]) -> None:
    r["extension"][1]["valueCode"] = "miracle"


# (which resource, how it is spoiled, the element named, why)
REFUSALS: list[
    tuple[Callable[[dict[str, Any]], bool], Callable[[dict[str, Any]], None], str, str]
] = [
    (_episode, _peak_11, "component[72514-3].valueInteger", "11 is outside 0-10"),
    (_episode, _future, "meta.lastUpdated", "is in the future"),
    (_episode, _quantity, "valueQuantity", "is not an element this journal writes"),
    (_episode, _other_loinc, "component[0].code", "8480-6 is not a component"),
    (_episode, _side_up, "component[1].valueCodeableConcept", "is not a side"),
    (_episode, _no_created, "created", "must be an ISO 8601 time"),
    (_kind("MedicationAdministration"), _huge_dose, "dosage.dose.value", "is not a number from"),
    (_kind("MedicationAdministration"), _bool_dose, "dosage.dose.value", "is not a number"),
    (_kind("MedicationAdministration"), _no_remedy, "medicationReference", "no remedy"),
    (_category("pain-at-dose"), _pain_12, "valueInteger", "12 is outside 0-10"),
    (_category("pain-after-dose"), _pain_12, "valueInteger", "12 is outside 0-10"),
    (_category("pain-after-dose"), _early_outcome, "effectiveDateTime", "before the dose"),
    (_category("midas-day"), _stray_day, "derivedFrom", "names no headache Observation"),
    (_category("midas-day"), _late_day, "impact", "is not a day the episode lasted"),
    (_kind("MedicationStatement"), _stop_before_start, "effectivePeriod.end", "before the course"),
    (_kind("Medication"), _bad_class, "remedy-class", "'miracle' is not one of"),
]


@pytest.mark.parametrize(
    ("which", "spoil", "element", "why"),
    REFUSALS,
    ids=[f"{r[1].__name__[1:]}" for r in REFUSALS],
)
def test_a_spoilt_resource_is_refused_naming_it_and_nothing_changes(
    run: Invoke,
    tmp_path: Path,
    other: Path,
    which: Callable[[dict[str, Any]], bool],
    spoil: Callable[[dict[str, Any]], None],
    element: str,
    why: str,
) -> None:
    fill(run)
    bundle: Bundle = json.loads(export(run, "fhir", tmp_path / "b.json").read_text("utf-8"))
    index, resource = _entry(bundle, which)
    spoil(resource)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bundle, indent=2), encoding="utf-8")
    run("--db", str(other), "log", "--start", "2025-01-01 10:00", "--intensity", "2")
    before = state(other)
    result = run("--db", str(other), "import", str(bad), code=2)
    assert f"{bad}, entry[" in result.stderr, result.stderr
    assert element in result.stderr and why in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr
    if spoil is not _late_day:  # that one is named at its episode, which it does not fit
        assert f"entry[{index}] ({resource['resourceType']}" in result.stderr
    assert state(other) == before


ANOTHER_SYSTEM: Bundle = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {"fullUrl": "urn:uuid:p", "resource": {"resourceType": "Patient", "id": "p"}},
        {
            "fullUrl": "urn:uuid:o",
            "resource": {
                "resourceType": "Observation",
                "id": "o",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                "subject": {"reference": "urn:uuid:p"},
                "valueQuantity": {"value": 72, "unit": "/min"},
            },
        },
        {"resource": {"resourceType": "Condition", "id": "c"}},
    ],
}


def test_a_bundle_from_another_system_is_refused_at_its_first_unreadable_resource(
    run: Invoke, tmp_path: Path, other: Path
) -> None:
    run("--db", str(other), "log", "--start", "2025-01-01 10:00", "--intensity", "2")
    before = state(other)
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(ANOTHER_SYSTEM), encoding="utf-8")
    result = run("--db", str(other), "import", str(path), code=2)
    assert f"{path}, entry[1] (Observation o), field 'code'" in result.stderr, result.stderr
    assert "is not an Observation this journal writes" in result.stderr
    assert state(other) == before
    # With the heart rate gone, the Condition is the first it cannot read.
    bundle = copy.deepcopy(ANOTHER_SYSTEM)
    del bundle["entry"][1]
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = run("--db", str(other), "import", str(path), code=2)
    assert "entry[1] (Condition c), field 'resourceType'" in result.stderr, result.stderr
    assert state(other) == before


def test_a_patient_with_a_name_is_not_a_bundle_of_this_journal(
    run: Invoke, tmp_path: Path, other: Path
) -> None:
    bundle = copy.deepcopy(ANOTHER_SYSTEM)
    bundle["entry"][0]["resource"]["name"] = [{"family": "Doe"}]
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = run("--db", str(other), "import", str(path), code=2)
    assert "entry[0] (Patient p), field 'name'" in result.stderr, result.stderr
