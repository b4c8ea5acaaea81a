"""An export never writes over the journal it reads (a fuzz run once replaced it with
JSON: `export --out <the journal> --overwrite`, and the next command found no database)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Invoke, dump

pytestmark = pytest.mark.sqlite_only  # the journal is a file here


def _state(db: Path) -> tuple[bytes, list[object]]:
    return db.read_bytes(), list(dump(db))


@pytest.mark.parametrize("fmt", ["json", "fhir"])
@pytest.mark.parametrize("target", ["itself", "wal", "hard-link", "relative"])
def test_export_refuses_the_journal_even_with_overwrite(
    run: Invoke,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    target: str,
) -> None:
    run("log", "--start", "2026-03-01 10:00", "--intensity", "4")
    out = {
        "itself": db_path,
        "wal": db_path.with_name(db_path.name + "-wal"),
        "hard-link": tmp_path / "same-file.json",
        "relative": Path(db_path.name),
    }[target]
    if target == "hard-link":
        os.link(db_path, out)
    if target == "relative":
        monkeypatch.chdir(db_path.parent)
    before = _state(db_path)
    result = run("export", "--format", fmt, "--out", str(out), "--overwrite", code=2)
    assert "--out" in result.stderr and "is the journal" in result.stderr, result.stderr
    assert _state(db_path) == before
    run("list")  # still a journal


def test_a_csv_export_refuses_a_folder_whose_files_would_replace_the_journal(
    run: Invoke, tmp_path: Path
) -> None:
    db = tmp_path / "odd" / "episodes.csv"  # a journal by that name, as JOURNAL_DB allows
    run("--db", str(db), "log", "--start", "2026-03-01 10:00", "--intensity", "4")
    before = _state(db)
    result = run(
        "--db", str(db), "export", "--format", "csv", "--out", str(db.parent), "--overwrite",
        code=2,
    )  # fmt: skip
    assert "is the journal" in result.stderr, result.stderr
    assert _state(db) == before


def test_an_export_beside_the_journal_is_fine(run: Invoke, db_path: Path) -> None:
    run("log", "--start", "2026-03-01 10:00", "--intensity", "4")
    run("export", "--format", "json", "--out", str(db_path.with_name("journal-export.json")))


@pytest.mark.parametrize(
    ("command", "name"),
    [("chart", "journal.png"), ("chart", "journal.svg"), ("report", "journal.pdf")],
)
def test_a_chart_or_report_never_replaces_a_journal_of_that_name(
    run: Invoke, tmp_path: Path, command: str, name: str
) -> None:
    """JOURNAL_DB may end in .png or .pdf: `--out <the journal> --overwrite` once replaced
    the diary with a picture of it."""
    db = tmp_path / "odd" / name
    run("--db", str(db), "log", "--start", "2026-03-01 10:00", "--end", "2026-03-01 12:00",
        "--intensity", "4")  # fmt: skip
    before = _state(db)
    args = ["days"] if command == "chart" else []
    result = run(
        "--db", str(db), command, *args, "--out", str(db), "--overwrite",
        "--from", "2026-03-01", "--to", "2026-03-31", code=2,
    )  # fmt: skip
    assert "--out" in result.stderr and "is the journal itself" in result.stderr, result.stderr
    assert _state(db) == before
