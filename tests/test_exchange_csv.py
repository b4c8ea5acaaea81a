"""The CSV folder: spreadsheet-safe cells, a faithful round trip, and refusals by line."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from journal.exchange.csvfiles import join_list, neutralise, restore, split_list
from tests.conftest import Invoke, dump, file_mode
from tests.test_exchange_json import fill

CELLS = [
    # (value, as written in the CSV)
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
    ("+49 30 1234", "'+49 30 1234"),
    ("-10% pack", "'-10% pack"),
    ("@brand powder", "'@brand powder"),
    ("\tindented", "'\tindented"),
    ("\rcarriage", "'\rcarriage"),
    ("'=already quoted", "''=already quoted"),
    ("''", "'''"),
    ("'tis the season", "'tis the season"),
    ("'", "'"),
    ("a=b", "a=b"),
    ("2026-03-01T21:00:00+01:00", "2026-03-01T21:00:00+01:00"),
    ("", ""),
]


@pytest.mark.parametrize(("value", "written"), CELLS)
def test_formula_cells_get_a_quote_and_import_takes_exactly_it_off(
    value: str, written: str
) -> None:
    assert neutralise(value) == written
    assert restore(written) == value


LISTS = [
    ([], ""),
    (["nausea"], "nausea"),
    (["nausea", "light"], "nausea;light"),
    (["red; wine", "c:\\temp"], "red\\; wine;c:\\\\temp"),
]


@pytest.mark.parametrize(("items", "cell"), LISTS)
def test_lists_join_with_semicolons_escaping_their_own(items: list[str], cell: str) -> None:
    assert join_list(items) == cell
    assert split_list(cell) == items


@pytest.fixture
def filled(run: Invoke) -> None:
    fill(run)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def export_csv(run: Invoke, out: Path, *args: str) -> None:
    run("export", "--format", "csv", "--out", str(out), *args)


@pytest.mark.usefixtures("filled")
def test_the_folder_holds_four_files_one_row_per_record(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "sheet"
    export_csv(run, out)
    assert sorted(p.name for p in out.iterdir()) == [
        "courses.csv",
        "episodes.csv",
        "intakes.csv",
        "outcomes.csv",
    ]
    assert file_mode(out) == 0o700
    assert file_mode(out / "episodes.csv") == 0o600 and file_mode(out / "intakes.csv") == 0o600
    raw = (out / "episodes.csv").read_bytes()
    assert raw.startswith(b"uuid,start,end,intensity,type,aura,symptoms,triggers,location,")
    assert b"\r\n" in raw  # RFC 4180 line ends
    episodes = read_rows(out / "episodes.csv")
    assert [e["start"] for e in episodes] == [
        "2026-03-01T21:00:00+01:00",
        "2026-03-10T14:00:00+01:00",
        "2026-03-20T22:00:00+01:00",
    ]
    first = episodes[0]
    assert first["end"] == "2026-03-02T09:30:00+01:00"
    assert first["symptoms"] == "nausea;light" and first["triggers"] == "red\\; wine"
    assert first["aura"] == "true" and first["missed"] == "work"
    assert first["note"] == "'=1+1 it's bad\nsecond line"
    assert episodes[1]["deleted"] != "" and episodes[2]["end"] == ""
    intakes = read_rows(out / "intakes.csv")
    assert [(i["remedy"], i["class"], i["dose"], i["unit"]) for i in intakes] == [
        ("ibuprofen", "simple", "400.0", "mg"),
        ("Migräne Kombi", "combination", "1.0", "tablet"),
        ("kratom", "kratom", "2.5", "g"),
        ("paracetamol", "simple", "500.0", "mg"),
    ]
    assert intakes[1]["product"] == "'-10% pack" and intakes[2]["product"] == "'@brand powder"
    assert intakes[0]["episode_uuid"] == first["uuid"] and intakes[2]["episode_uuid"] == ""


@pytest.mark.usefixtures("filled")
def test_csv_round_trip_gives_the_same_records(run: Invoke, tmp_path: Path) -> None:
    out, again = tmp_path / "sheet", tmp_path / "again"
    export_csv(run, out)
    other = str(tmp_path / "other" / "journal.sqlite3")
    run("--db", other, "import", str(out))
    run("export", "--format", "json", "--out", str(tmp_path / "mine.json"))
    run("--db", other, "export", "--format", "json", "--out", str(tmp_path / "theirs.json"))
    mine = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    theirs = json.loads((tmp_path / "theirs.json").read_text(encoding="utf-8"))
    assert theirs["episodes"] == mine["episodes"]
    assert theirs["intakes"] == mine["intakes"]
    kombi = next(r for r in theirs["remedies"] if r["name"] == "Migräne Kombi")
    assert (kombi["class"], kombi["use"]) == ("combination", "acute")
    run("--db", other, "export", "--format", "csv", "--out", str(again))
    for name in ("episodes.csv", "intakes.csv"):
        assert (again / name).read_bytes() == (out / name).read_bytes()


@pytest.mark.usefixtures("filled")
def test_csv_import_twice_adds_nothing(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "sheet"
    export_csv(run, out)
    other = tmp_path / "other" / "journal.sqlite3"
    first = json.loads(run("--db", str(other), "import", str(out), "--json").stdout)["kinds"]
    assert {k: v["added"] for k, v in first.items()} == {
        "remedies": 1,
        "episodes": 3,
        "intakes": 4,
        "outcomes": 0,
        "courses": 0,
    }
    before = dump(other)
    second = json.loads(run("--db", str(other), "import", str(out), "--json").stdout)["kinds"]
    assert {k: v["skipped"] for k, v in second.items()} == {
        "remedies": 4,
        "episodes": 3,
        "intakes": 4,
        "outcomes": 0,
        "courses": 0,
    }
    assert dump(other) == before


def _rewrite(path: Path, record: int, column: str, value: str) -> None:
    """Set COLUMN of data row RECORD (1 is the first after the header) to VALUE."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    rows[record][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


# The first episode's note spans two lines, so episode records 1, 2, 3 start on lines
# 2, 4, 5; intake record n is on line n + 1.
BAD_CELLS = [
    # (file, record, line, column, value, message)
    ("intakes.csv", 2, 3, "at", "2026-02-30T08:00:00+01:00", "is not an ISO 8601 time"),
    ("intakes.csv", 3, 4, "class", "herbal", "'herbal' is not one of"),
    ("intakes.csv", 1, 2, "class", "opioid", "the journal has ibuprofen as 'simple'"),
    ("intakes.csv", 1, 2, "dose", "400,5", "is not a number"),
    ("episodes.csv", 1, 2, "intensity", "seven", "is not a whole number"),
    ("episodes.csv", 1, 2, "aura", "yes", "is not true or false"),
    ("episodes.csv", 2, 4, "start", "2026-03-10 14:00", "has no UTC offset"),
    ("episodes.csv", 3, 5, "missed", "work;gym", "'gym' is not one of"),
    ("intakes.csv", 1, 2, "episode_uuid", "0b5e1c1e-9a3b-4c55-8f3e-2f6c1d2a7b10", "no episode"),
]


@pytest.mark.usefixtures("filled")
@pytest.mark.parametrize(("name", "record", "line", "column", "value", "why"), BAD_CELLS)
def test_a_bad_cell_is_refused_naming_file_line_and_column(
    run: Invoke,
    tmp_path: Path,
    db_path: Path,
    name: str,
    record: int,
    line: int,
    column: str,
    value: str,
    why: str,
) -> None:
    out = tmp_path / "sheet"
    export_csv(run, out)
    _rewrite(out / name, record, column, value)
    before = dump(db_path)
    result = run("import", str(out), code=2)
    assert f"{out / name}, line {line}, field '{column}'" in result.stderr
    assert why in result.stderr and "nothing was imported" in result.stderr
    assert dump(db_path) == before


@pytest.mark.usefixtures("filled")
def test_a_multi_line_cell_moves_the_line_numbers_on(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "sheet"
    export_csv(run, out)
    # Episode 1's note spans two physical lines, so episode 2 starts on line 4.
    _rewrite(out / "episodes.csv", 2, "intensity", "11")
    result = run("import", str(out), code=2)
    assert "episodes.csv, line 4, field 'intensity'" in result.stderr
    assert "11 is outside 0-10" in result.stderr


@pytest.mark.usefixtures("filled")
def test_an_unknown_or_missing_column_is_refused(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "sheet"
    export_csv(run, out)
    path = out / "intakes.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("relief,", "comments,", 1), encoding="utf-8")
    result = run("import", str(out), code=2)
    assert "intakes.csv, line 1, field 'comments'" in result.stderr
    (out / "episodes.csv").unlink()
    result = run("import", str(out), code=2)
    assert "episodes.csv" in result.stderr and "is missing" in result.stderr


@pytest.mark.usefixtures("filled")
def test_a_spreadsheet_bom_is_accepted(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "sheet"
    export_csv(run, out)
    for name in ("episodes.csv", "intakes.csv"):
        path = out / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    other = str(tmp_path / "other" / "journal.sqlite3")
    report = json.loads(run("--db", other, "import", str(out), "--json").stdout)["kinds"]
    assert report["episodes"]["added"] == 3


def test_rows_naming_one_remedy_uuid_must_agree(run: Invoke, tmp_path: Path) -> None:
    run("remedies", "add", "Migraleve", "--class", "combination")
    run("take", "migraleve", "--at", "2026-03-01 10:00")
    run("take", "migraleve", "--at", "2026-03-02 10:00")
    out = tmp_path / "sheet"
    export_csv(run, out)
    _rewrite(out / "intakes.csv", 2, "remedy", "Migraleve Extra")
    other = str(tmp_path / "other" / "journal.sqlite3")
    result = run("--db", other, "import", str(out), code=2)
    assert "intakes.csv, line 3, field 'remedy'" in result.stderr
    assert "differs from 'Migraleve'" in result.stderr


# -- where the files go ---------------------------------------------------------------


def test_export_into_a_folder_leaves_its_other_files_alone(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    export_csv(run, out)
    assert sorted(p.name for p in out.iterdir()) == [
        "courses.csv",
        "episodes.csv",
        "intakes.csv",
        "notes.txt",
        "outcomes.csv",
    ]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_export_does_not_overwrite_an_earlier_export_unasked(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "sheet"
    out.mkdir()
    (out / "intakes.csv").write_text("older export", encoding="utf-8")
    result = run("export", "--format", "csv", "--out", str(out), code=2)
    assert "--out" in result.stderr and "intakes.csv" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["intakes.csv"]
    run("export", "--format", "csv", "--out", str(out), "--overwrite")
    assert (out / "intakes.csv").read_text(encoding="utf-8").startswith("uuid,at,remedy,")


def test_export_refuses_a_missing_parent_or_a_file(run: Invoke, tmp_path: Path) -> None:
    result = run("export", "--format", "csv", "--out", str(tmp_path / "a" / "b"), code=2)
    assert "--out" in result.stderr and not (tmp_path / "a").exists()
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = run("export", "--format", "csv", "--out", str(tmp_path / "f"), code=2)
    assert "--out" in result.stderr and "is a file" in result.stderr


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.mark.usefixtures("filled")
def test_every_formula_like_cell_in_the_export_is_quoted(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "sheet"
    export_csv(run, out)
    cells: list[Any] = _cells(out / "episodes.csv") + _cells(out / "intakes.csv")
    starts = [c[0] for row in cells for c in row if c]
    assert not [s for s in starts if s in "=+-@\t\r"]


def test_a_csv_remedy_known_by_an_alias_is_the_journals_remedy(run: Invoke, tmp_path: Path) -> None:
    run("take", "paracetamol", "--dose", "500", "--at", "2026-03-01 10:00")
    out = tmp_path / "sheet"
    export_csv(run, out)
    _rewrite(out / "intakes.csv", 1, "remedy", "Acetaminophen")
    _rewrite(out / "intakes.csv", 1, "remedy_uuid", "0b5e1c1e-9a3b-4c55-8f3e-2f6c1d2a7b10")
    other = str(tmp_path / "other" / "journal.sqlite3")
    report = json.loads(run("--db", other, "import", str(out), "--json").stdout)["kinds"]
    assert report["remedies"] == {"added": 0, "replaced": 0, "skipped": 1, "kept_newer": 0}
    items = json.loads(
        run("--db", other, "list", "--from", "2026-03-01", "--to", "2026-03-01", "--json").stdout
    )
    assert [(i["remedy"], i["dose"]) for i in items] == [("paracetamol", 500.0)]
