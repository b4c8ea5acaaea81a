"""Numbers no field can hold (10**400, 5000 digits, 1e400) in every numeric field of a
JSON, CSV or FHIR import: refused by name (exit 2), the journal unchanged."""

from __future__ import annotations

import csv
import json
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journal.exchange.source import HugeNumber, JsonStream
from tests.conftest import Invoke, dump

DIARY = [
    "log --start '2026-03-01 21:00' --end '2026-03-02 08:00' --intensity 7",
    "take sumatriptan --dose 50 --at '2026-03-01 21:30' --pain 7",
    "outcome 1 --pain 2 --at '2026-03-01 23:30'",
    "checkin --date 2026-03-02 --still-hurting --intensity 4",
    "preventive start propranolol --dose 40 --date 2026-01-05",
]
# Written into the file as text: json.dumps itself refuses an int of over 4300 digits.
HUGE = {
    "ten-to-the-400": "1" + "0" * 400,
    "5000-digits": "7" * 5000,
    "minus-5000-digits": "-" + "7" * 5000,
    "1e400": "1e400",
}
# (kind, field, the text of the message)
FIELDS = [
    ("episodes", "intensity", "outside 0-10"),
    ("intakes", "dose", "is not a number from 0 to 1000000"),
    ("intakes", "pain", "outside 0-10"),
    ("outcomes", "pain", "outside 0-10"),
    ("courses", "dose", "is not a number from 0 to 1000000"),
    ("checkins", "intensity", "outside 0-10"),
]
PLACEHOLDER = "@@HUGE@@"


@pytest.fixture
def other(run: Invoke, tmp_path: Path) -> Path:
    """The journal imported into: a record of its own, so that a change would show."""
    for line in DIARY:
        run(*shlex.split(line))
    db = tmp_path / "other" / "journal.sqlite3"
    run("--db", str(db), "log", "--start", "2025-01-01 10:00", "--intensity", "2")
    return db


def _state(db: Path) -> tuple[bytes, list[tuple[Any, ...]]]:
    return db.read_bytes(), dump(db)


@pytest.mark.parametrize("number", list(HUGE), ids=list(HUGE))
@pytest.mark.parametrize(("kind", "field", "why"), FIELDS, ids=[f"{k}-{f}" for k, f, _ in FIELDS])
def test_json(
    run: Invoke, tmp_path: Path, other: Path, kind: str, field: str, why: str, number: str
) -> None:
    out = tmp_path / "a.json"
    run("export", "--format", "json", "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    data[kind][0][field] = PLACEHOLDER
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data).replace(f'"{PLACEHOLDER}"', HUGE[number]), encoding="utf-8")
    before = _state(other)
    result = run("--db", str(other), "import", str(bad), code=2)
    if number == "1e400" and why == "outside 0-10":
        why = "inf is not a whole number"
    assert f"{kind}[0]" in result.stderr and f"field '{field}'" in result.stderr, result.stderr
    assert why in result.stderr, result.stderr
    assert len(result.stderr) < 400  # the number is not spelt out
    assert _state(other) == before


CSV_FIELDS = [
    ("episodes.csv", "intensity", "is not a whole number"),
    ("intakes.csv", "dose", "is not a number"),
    ("intakes.csv", "pain", "is not a whole number"),
    ("outcomes.csv", "pain", "is not a whole number"),
    ("courses.csv", "dose", "is not a number"),
]


@pytest.mark.parametrize("number", list(HUGE), ids=list(HUGE))
@pytest.mark.parametrize(
    ("name", "field", "why"), CSV_FIELDS, ids=[f"{n}-{f}" for n, f, _ in CSV_FIELDS]
)
def test_csv(
    run: Invoke, tmp_path: Path, other: Path, name: str, field: str, why: str, number: str
) -> None:
    folder = tmp_path / "csv"
    run("export", "--format", "csv", "--out", str(folder))
    with open(folder / name, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows[0][field] = HUGE[number]
    with open(folder / name, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = _state(other)
    result = run("--db", str(other), "import", str(folder), code=2)
    if number == "1e400" and field == "dose":
        why = "is not a number from 0 to 1000000"  # 1e400 reads as a float: infinity
    assert f"{name}, line 2, field '{field}'" in result.stderr, result.stderr
    assert why in result.stderr, result.stderr
    assert _state(other) == before


def _bundle_place(bundle: dict[str, Any], what: str) -> None:
    """Put the placeholder where WHAT is in the bundle."""
    for entry in bundle["entry"]:
        res = entry["resource"]
        category = res.get("category")
        code = category[0]["coding"][0]["code"] if isinstance(category, list) else None
        episode = res["resourceType"] == "Observation" and code is None
        if what == "peak" and episode and "component" in res:
            res["component"][0]["valueInteger"] = PLACEHOLDER
            return
        if what == "dose" and res["resourceType"] == "MedicationAdministration":
            res["dosage"]["dose"]["value"] = PLACEHOLDER
            return
        if what == "course" and res["resourceType"] == "MedicationStatement":
            res["dosage"][0]["doseAndRate"][0]["doseQuantity"]["value"] = PLACEHOLDER
            return
        if what in ("pain-at-dose", "pain-after-dose") and code == what:
            res["valueInteger"] = PLACEHOLDER
            return
    raise AssertionError(what)


FHIR_FIELDS = [
    ("peak", "component[72514-3].valueInteger", "outside 0-10"),
    ("dose", "dosage.dose.value", "is not a number from 0 to 1000000"),
    ("course", "doseQuantity.value", "is not a number from 0 to 1000000"),
    ("pain-at-dose", "valueInteger", "outside 0-10"),
    ("pain-after-dose", "valueInteger", "outside 0-10"),
]


@pytest.mark.parametrize("number", list(HUGE), ids=list(HUGE))
@pytest.mark.parametrize(
    ("what", "element", "why"), FHIR_FIELDS, ids=[w for w, _, _ in FHIR_FIELDS]
)
def test_fhir(
    run: Invoke, tmp_path: Path, other: Path, what: str, element: str, why: str, number: str
) -> None:
    out = tmp_path / "b.json"
    run("export", "--format", "fhir", "--out", str(out))
    bundle = json.loads(out.read_text(encoding="utf-8"))
    _bundle_place(bundle, what)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bundle).replace(f'"{PLACEHOLDER}"', HUGE[number]), encoding="utf-8")
    before = _state(other)
    result = run("--db", str(other), "import", str(bad), code=2)
    if number == "1e400" and why == "outside 0-10":
        why = "inf is not a whole number"
    assert element in result.stderr and why in result.stderr, result.stderr
    assert len(result.stderr) < 500
    assert _state(other) == before


def _pieces(text: str, size: int) -> Iterator[str]:
    for i in range(0, len(text), size):
        yield text[i : i + size]


@pytest.mark.parametrize("size", [1, 7, 4999, 5003])
def test_a_long_number_across_chunk_edges_is_one_value(size: int) -> None:
    text = '{"a": ' + "7" * 5000 + ', "b": 1}'
    stream = JsonStream(_pieces(text, size))
    got = {key: stream.value() for key in stream.members()}
    stream.end()
    assert isinstance(got["a"], HugeNumber) and got["a"].digits == 5000
    assert got["b"] == 1
