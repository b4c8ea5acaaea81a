"""Pain features, MIDAS impact days, pain at and after a dose, and preventive courses
in every export format: written as expected, read back without loss, checked on import.
Expected values are written out by hand (times: Europe/Berlin, CET in March)."""

from __future__ import annotations

import csv
import json
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from journal.errors import BadInput
from journal.exchange.source import JsonStream, Source
from tests.conftest import Invoke, dump

DIARY = [
    "log --start '2026-03-01 21:00' --end '2026-03-03 08:00' --intensity 7 --type migraine"
    " --side left --quality pulsating --activity-worse --missed work --symptom nausea",
    "edit 1 --missed-on 2026-03-02:work --reduced-on 2026-03-03:housework",
    "take sumatriptan --dose 50 --at '2026-03-01 21:30' --pain 7",
    "outcome 1 --pain 2 --at '2026-03-01 23:30'",
    "outcome 1 --pain 0 --at '2026-03-02 01:30'",
    "checkin --date 2026-03-02 --still-hurting --intensity 4 --missed school --reduced work",
    "log --start '2026-03-10 14:00' --end '2026-03-10 16:00' --intensity 3 --side both"
    " --quality pressing --no-activity-worse",
    "preventive start propranolol --dose 40 --date 2026-01-05",
    "preventive stop propranolol --date 2026-03-31 --reason 'too tired'",
]


def fill(run: Invoke) -> None:
    for line in DIARY:
        run(*shlex.split(line))


@pytest.fixture
def filled(run: Invoke) -> None:
    fill(run)


def export(run: Invoke, fmt: str, out: Path, db: str | None = None) -> Path:
    args = ["--db", db] if db else []
    run(*args, "export", "--format", fmt, "--out", str(out))
    return out


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def only(records: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    (found,) = [r for r in records if all(r[k] == v for k, v in match.items())]
    return found


# -- JSON -----------------------------------------------------------------------------


@pytest.mark.usefixtures("filled")
def test_json_holds_every_new_field_as_written_by_hand(run: Invoke, tmp_path: Path) -> None:
    data = load(export(run, "json", tmp_path / "a.json"))
    first = only(data["episodes"], start="2026-03-01T20:00:00Z")
    assert {k: first[k] for k in ("end", "missed", "side", "quality", "activity_worse")} == {
        "end": "2026-03-03T07:00:00Z",
        "missed": ["work"],
        "side": "left",
        "quality": "pulsating",
        "activity_worse": True,
    }
    assert first["impact_days"] == [
        {"date": "2026-03-02", "missed": ["work"], "reduced": []},
        {"date": "2026-03-03", "missed": [], "reduced": ["housework"]},
    ]
    second = only(data["episodes"], start="2026-03-10T13:00:00Z")
    assert (second["side"], second["quality"], second["activity_worse"]) == (
        "both",
        "pressing",
        False,
    )
    assert second["impact_days"] == []
    (dose,) = data["intakes"]
    assert (dose["at"], dose["dose"], dose["pain"]) == ("2026-03-01T20:30:00Z", 50.0, 7)
    assert sorted((o["intake"], o["at"], o["pain"]) for o in data["outcomes"]) == [
        (dose["uuid"], "2026-03-01T22:30:00Z", 2),
        (dose["uuid"], "2026-03-02T00:30:00Z", 0),
    ]
    uuids = [o["uuid"] for o in data["outcomes"]]
    assert uuids == sorted(uuids)  # each list in UUID order, as every kind
    (course,) = data["courses"]
    propranolol = only(data["remedies"], name="propranolol")
    assert {k: v for k, v in course.items() if k not in ("uuid", "created", "updated")} == {
        "remedy": propranolol["uuid"],
        "started": "2026-01-05",
        "stopped": "2026-03-31",
        "dose": 40.0,
        "unit": "mg",
        "reason": "too tired",
    }
    (checkin,) = data["checkins"]
    assert (checkin["missed"], checkin["reduced"]) == (["school"], ["work"])


def _without_exported(path: Path) -> bytes:
    lines = path.read_bytes().split(b"\n")
    assert lines[3].startswith(b'  "exported": ')
    return b"\n".join(lines[:3] + lines[4:])


@pytest.mark.usefixtures("filled")
def test_json_round_trip_with_every_new_field_is_byte_identical(
    run: Invoke, tmp_path: Path
) -> None:
    first = export(run, "json", tmp_path / "a.json")
    other = str(tmp_path / "other" / "journal.sqlite3")
    run("--db", other, "import", str(first))
    again = export(run, "json", tmp_path / "b.json", other)
    assert _without_exported(again) == _without_exported(first)
    # And importing it again changes nothing.
    before = dump(Path(other))
    report = json.loads(run("--db", other, "import", str(first), "--json").stdout)
    assert all(k["added"] == 0 and k["replaced"] == 0 for k in report["kinds"].values())
    assert dump(Path(other)) == before


def _edit(data: dict[str, Any], kind: str, index: int, **changes: Any) -> None:
    data[kind][index].update(changes)


def _first_episode(data: dict[str, Any]) -> int:
    return next(i for i, e in enumerate(data["episodes"]) if e["side"] == "left")


REFUSALS: list[tuple[str, str, Any, str, str]] = [
    ("episodes", "side", "top", "field 'side'", "'top' is not one of left, right"),
    ("episodes", "quality", "burning", "field 'quality'", "'burning' is not one of"),
    ("episodes", "activity_worse", "yes", "field 'activity_worse'", "is not true or false"),
    (
        "episodes",
        "impact_days",
        [{"date": "2026-04-01", "missed": ["work"], "reduced": []}],
        "field 'impact_days'",
        "2026-04-01 is not a day the episode lasted",
    ),
    (
        "episodes",
        "impact_days",
        [{"date": "2026-03-02", "missed": ["gym"], "reduced": []}],
        "field 'impact_days'",
        "'gym' is not one of work, school, housework, social",
    ),
    (
        "episodes",
        "impact_days",
        [
            {"date": "2026-03-02", "missed": ["work"], "reduced": []},
            {"date": "2026-03-02", "missed": [], "reduced": ["work"]},
        ],
        "field 'impact_days'",
        "gives 2026-03-02 twice",
    ),
    ("intakes", "pain", 11, "field 'pain'", "11 is outside 0-10"),
    ("intakes", "pain", 2.5, "field 'pain'", "is not a whole number"),
    ("outcomes", "pain", -1, "field 'pain'", "-1 is outside 0-10"),
    ("outcomes", "pain", None, "field 'pain'", "must be a whole number"),
    ("outcomes", "at", "2026-03-01T19:00:00Z", "field 'at'", "before the dose was taken"),
    ("courses", "stopped", "2026-01-01", "field 'stopped'", "before the course was started"),
    ("courses", "dose", -40, "field 'dose'", "is not a number from 0"),
    ("checkins", "missed", ["gym"], "field 'missed'", "'gym' is not one of"),
    ("checkins", "reduced", ["social"], "field 'reduced'", "'social' is not one of"),
]


@pytest.mark.usefixtures("filled")
@pytest.mark.parametrize(
    ("kind", "field", "value", "named", "why"),
    REFUSALS,
    ids=[f"{r[0]}-{r[1]}-{n}" for n, r in enumerate(REFUSALS)],
)
def test_an_out_of_range_new_field_is_refused_by_name_and_nothing_changes(
    run: Invoke, tmp_path: Path, kind: str, field: str, value: Any, named: str, why: str
) -> None:
    data = load(export(run, "json", tmp_path / "a.json"))
    index = _first_episode(data) if kind == "episodes" else 0
    _edit(data, kind, index, **{field: value})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, indent=2), encoding="utf-8")
    other = tmp_path / "other" / "journal.sqlite3"
    run("--db", str(other), "log", "--start", "2025-01-01 10:00", "--intensity", "2")
    before = dump(other)
    result = run("--db", str(other), "import", str(bad), code=2)
    assert named in result.stderr and why in result.stderr, result.stderr
    assert f"{kind}[{index}]" in result.stderr
    assert dump(other) == before


@pytest.mark.usefixtures("filled")
def test_a_course_of_an_acute_remedy_is_refused(run: Invoke, tmp_path: Path) -> None:
    data = load(export(run, "json", tmp_path / "a.json"))
    data["courses"][0]["remedy"] = only(data["remedies"], name="ibuprofen")["uuid"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("--db", str(tmp_path / "o.sqlite3"), "import", str(bad), code=2)
    assert "courses[0]" in result.stderr and "field 'remedy'" in result.stderr
    assert "not a preventive" in result.stderr


@pytest.mark.usefixtures("filled")
def test_an_outcome_of_an_unknown_dose_is_refused(run: Invoke, tmp_path: Path) -> None:
    data = load(export(run, "json", tmp_path / "a.json"))
    data["intakes"] = []
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("--db", str(tmp_path / "o.sqlite3"), "import", str(bad), code=2)
    assert "outcomes[0]" in result.stderr and "field 'intake'" in result.stderr
    assert "in the file or the journal" in result.stderr


@pytest.mark.usefixtures("filled")
def test_an_old_export_without_the_new_keys_still_imports(run: Invoke, tmp_path: Path) -> None:
    data = load(export(run, "json", tmp_path / "a.json"))
    for ep in data["episodes"]:
        for key in ("side", "quality", "activity_worse", "impact_days"):
            del ep[key]
    for intake in data["intakes"]:
        del intake["pain"]
    for checkin in data["checkins"]:
        del checkin["missed"], checkin["reduced"]
    del data["outcomes"], data["courses"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data, indent=2), encoding="utf-8")
    other = str(tmp_path / "other" / "journal.sqlite3")
    run("--db", other, "import", str(old))
    back = load(export(run, "json", tmp_path / "back.json", other))
    first = only(back["episodes"], start="2026-03-01T20:00:00Z")
    assert (first["side"], first["quality"], first["activity_worse"]) == (None, None, None)
    assert first["impact_days"] == [] and first["missed"] == ["work"]
    assert back["intakes"][0]["pain"] is None
    assert (back["checkins"][0]["missed"], back["checkins"][0]["reduced"]) == ([], [])
    assert back["outcomes"] == [] and back["courses"] == []


@pytest.mark.usefixtures("filled")
def test_derived_keys_such_as_classification_are_accepted_and_ignored(
    run: Invoke, tmp_path: Path
) -> None:
    data = load(export(run, "json", tmp_path / "a.json"))
    index = _first_episode(data)
    # Nonsense on purpose: the journal works a classification out itself.
    data["episodes"][index]["classification"] = "tension-type-like"
    data["episodes"][index]["features"] = {"side": "right"}
    with_derived = tmp_path / "derived.json"
    with_derived.write_text(json.dumps(data), encoding="utf-8")
    other = str(tmp_path / "other" / "journal.sqlite3")
    run("--db", other, "import", str(with_derived))
    back = load(export(run, "json", tmp_path / "back.json", other))
    first = only(back["episodes"], start="2026-03-01T20:00:00Z")
    assert "classification" not in first and "features" not in first
    assert first["side"] == "left"  # the record's own field, not the derived copy


# -- CSV ------------------------------------------------------------------------------


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.usefixtures("filled")
def test_csv_holds_every_new_field_and_round_trips(run: Invoke, tmp_path: Path) -> None:
    out = export(run, "csv", tmp_path / "sheet")
    first = only(rows(out / "episodes.csv"), start="2026-03-01T21:00:00+01:00")
    assert (first["side"], first["quality"], first["activity_worse"]) == (
        "left",
        "pulsating",
        "true",
    )
    assert first["impact_days"] == "2026-03-02 missed=work;2026-03-03 reduced=housework"
    second = only(rows(out / "episodes.csv"), start="2026-03-10T14:00:00+01:00")
    assert (second["activity_worse"], second["impact_days"]) == ("false", "")
    (dose,) = rows(out / "intakes.csv")
    assert (dose["remedy"], dose["pain"]) == ("sumatriptan", "7")
    outcomes = rows(out / "outcomes.csv")
    assert [(o["intake_uuid"], o["at"], o["pain"]) for o in outcomes] == [
        (dose["uuid"], "2026-03-01T23:30:00+01:00", "2"),
        (dose["uuid"], "2026-03-02T01:30:00+01:00", "0"),
    ]
    (course,) = rows(out / "courses.csv")
    assert {k: course[k] for k in ("remedy", "use", "started", "stopped", "dose", "reason")} == {
        "remedy": "propranolol",
        "use": "preventive",
        "started": "2026-01-05",
        "stopped": "2026-03-31",
        "dose": "40.0",
        "reason": "too tired",
    }
    other = str(tmp_path / "other" / "journal.sqlite3")
    run("--db", other, "import", str(out))
    mine = load(export(run, "json", tmp_path / "mine.json"))
    theirs = load(export(run, "json", tmp_path / "theirs.json", other))
    for kind in ("episodes", "intakes", "outcomes", "courses"):
        assert theirs[kind] == mine[kind], kind
    again = export(run, "csv", tmp_path / "again", other)
    for name in ("episodes.csv", "intakes.csv", "outcomes.csv", "courses.csv"):
        assert (again / name).read_bytes() == (out / name).read_bytes()


def _set_cell(path: Path, column: str, value: str) -> None:
    table = rows(path)
    table[0][column] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(table)


@pytest.mark.usefixtures("filled")
@pytest.mark.parametrize(
    ("name", "column", "value", "why"),
    [
        ("episodes.csv", "side", "top", "'top' is not one of"),
        ("episodes.csv", "activity_worse", "maybe", "'maybe' is not true or false"),
        ("episodes.csv", "impact_days", "2026-03-02 missed=gym", "'gym' is not one of"),
        ("episodes.csv", "impact_days", "2026-03-02 lost=work", "is not a day such as"),
        ("intakes.csv", "pain", "11", "11 is outside 0-10"),
        ("outcomes.csv", "pain", "12", "12 is outside 0-10"),
        ("courses.csv", "stopped", "2025-12-31", "before the course was started"),
    ],
)
def test_a_bad_new_csv_cell_is_refused_naming_line_and_column(
    run: Invoke, tmp_path: Path, name: str, column: str, value: str, why: str
) -> None:
    out = export(run, "csv", tmp_path / "sheet")
    _set_cell(out / name, column, value)
    other = tmp_path / "other" / "journal.sqlite3"
    run("--db", str(other), "db", "upgrade")
    before = dump(other)
    result = run("--db", str(other), "import", str(out), code=2)
    assert f"{name}, line 2, field '{column}'" in result.stderr and why in result.stderr
    assert dump(other) == before


@pytest.mark.usefixtures("filled")
def test_an_old_csv_folder_without_the_new_columns_and_files_imports(
    run: Invoke, tmp_path: Path
) -> None:
    out = export(run, "csv", tmp_path / "sheet")
    (out / "outcomes.csv").unlink()
    (out / "courses.csv").unlink()
    for name, drop in (
        ("episodes.csv", ("side", "quality", "activity_worse", "impact_days")),
        ("intakes.csv", ("pain",)),
    ):
        table = [{k: v for k, v in r.items() if k not in drop} for r in rows(out / name)]
        with open(out / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(table)
    other = str(tmp_path / "other" / "journal.sqlite3")
    run("--db", other, "import", str(out))
    back = load(export(run, "json", tmp_path / "back.json", other))
    assert [e["side"] for e in back["episodes"]] == [None, None]
    assert back["intakes"][0]["pain"] is None and back["outcomes"] == []


# -- FHIR -----------------------------------------------------------------------------

CODES = "https://headache-journal.invalid/fhir/CodeSystem/diary"


@pytest.fixture
def bundle(run: Invoke, tmp_path: Path) -> dict[str, Any]:
    fill(run)
    data = load(export(run, "fhir", tmp_path / "b.json"))
    Bundle.model_validate(data)  # the R4(B) models' structure and invariants
    return data


def of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def components(resource: dict[str, Any]) -> list[tuple[str, str, Any]]:
    out = []
    for c in resource["component"]:
        coding = c["code"]["coding"][0]
        (key,) = [k for k in c if k.startswith("value")]
        value = c[key]
        if key == "valueCodeableConcept":
            value = (value["coding"][0]["system"], value["coding"][0]["code"])
        out.append((coding["system"], coding["code"], value))
    return out


def test_fhir_episode_features_are_components_with_their_codes(bundle: dict[str, Any]) -> None:
    headaches = [o for o in of_type(bundle, "Observation") if "effectivePeriod" in o]
    first = headaches[0]
    assert components(first) == [
        ("http://loinc.org", "72514-3", 7),
        ("http://snomed.info/sct", "272741003", ("http://snomed.info/sct", "7771000")),
        (CODES, "quality", (CODES, "quality-pulsating")),
        (CODES, "activity-worse", True),
        (CODES, "episode-type", (CODES, "type-migraine")),
        (CODES, "aura", False),
        (CODES, "symptom", "nausea"),
        (CODES, "missed", (CODES, "activity-work")),
    ]
    second = headaches[1]
    assert ("http://snomed.info/sct", "272741003", ("http://snomed.info/sct", "51440002")) in (
        components(second)
    )
    assert (CODES, "activity-worse", False) in components(second)
    days = [o for o in of_type(bundle, "Observation") if o.get("derivedFrom")]
    assert [(d["effectiveDateTime"], components(d)) for d in days] == [
        ("2026-03-02", [(CODES, "missed", (CODES, "activity-work"))]),
        ("2026-03-03", [(CODES, "reduced", (CODES, "activity-housework"))]),
    ]
    assert all(d["derivedFrom"] == [{"reference": f"urn:uuid:{first['id']}"}] for d in days)


def test_fhir_pain_at_and_after_a_dose_is_loinc_72514_3_part_of_the_administration(
    bundle: dict[str, Any],
) -> None:
    (given,) = of_type(bundle, "MedicationAdministration")
    pains = [o for o in of_type(bundle, "Observation") if o.get("partOf")]
    assert [
        (p["category"][0]["coding"][0]["code"], p["effectiveDateTime"], p["valueInteger"])
        for p in pains
    ] == [
        ("pain-at-dose", "2026-03-01T21:30:00+01:00", 7),
        ("pain-after-dose", "2026-03-01T23:30:00+01:00", 2),
        ("pain-after-dose", "2026-03-02T01:30:00+01:00", 0),
    ]
    for pain in pains:
        assert pain["code"]["coding"][0] == {
            "system": "http://loinc.org",
            "code": "72514-3",
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
        assert pain["partOf"] == [{"reference": f"urn:uuid:{given['id']}"}]


def test_fhir_course_is_a_medication_statement_with_period_dosage_and_reason(
    bundle: dict[str, Any],
) -> None:
    (course,) = of_type(bundle, "MedicationStatement")
    assert course["status"] == "stopped"
    assert course["effectivePeriod"] == {"start": "2026-01-05", "end": "2026-03-31"}
    assert course["statusReason"] == [{"text": "too tired"}]
    assert course["dosage"][0]["text"] == "40 mg"
    medication = {m["id"]: m for m in of_type(bundle, "Medication")}
    ref = course["medicationReference"]["reference"].removeprefix("urn:uuid:")
    assert medication[ref]["code"] == {"text": "propranolol"}


def test_fhir_codes_of_the_project_name_no_network_resource(bundle: dict[str, Any]) -> None:
    text = json.dumps(bundle)
    urls = {part for part in text.split('"') if part.startswith(("http:", "https:"))}
    hosts = {url.split("/")[2] for url in urls}
    # The standards' own systems, and the project's under the reserved .invalid domain.
    assert hosts == {"loinc.org", "snomed.info", "unitsofmeasure.org", "headache-journal.invalid"}


# -- streaming ------------------------------------------------------------------------


def _pieces(text: str, size: int) -> Iterator[str]:
    for i in range(0, len(text), size):
        yield text[i : i + size]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64])
def test_the_json_stream_reads_the_same_values_across_any_chunk_edges(size: int) -> None:
    data = {
        "format": "x",
        "n": 12345678901234567890,
        "f": -1.5e-7,
        "episodes": [{"a": 'ä\\"}', "b": [1, 2, {"c": None}]}, {}, {"d": True}],
        "empty": [],
    }
    text = json.dumps(data, indent=2, ensure_ascii=False)
    stream = JsonStream(_pieces(text, size))
    got: dict[str, Any] = {}
    for key in stream.members():
        got[key] = list(stream.items()) if key in ("episodes", "empty") else stream.value()
    stream.end()
    assert got == data


def test_a_source_changed_between_its_two_readings_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"{" + b" " * 3000 + b"}")
    with Source(path) as source:
        assert b"".join(source.chunks()).strip() == b"{" + b" " * 3000 + b"}".strip()
        with open(path, "r+b") as fh:  # the same file, edited in place
            fh.write(b"[")
        with pytest.raises(BadInput, match="changed while it was imported"):
            b"".join(source.chunks())
