"""Hostile files, generated: what `import` and `restore` read, mutated at random.

test_reliability_input.py fuzzes the command line; this fuzzes the files behind it.
Hypothesis starts from a real export (JSON and CSV) or a real backup of a journal with
records, and changes it: a field set to a hostile value (huge and negative numbers,
NaN-like text, far dates, other scripts' digits, deep nesting, long lists), a field
dropped or added, a record repeated; for a backup, the schema changed (a trigger, a
view, a table, a column, an index, a revision) or a row's value.

The rule, as for the command line: exit 0, or one sentence with exit 2 (import) or 1
(restore), never a traceback or an "Unexpected failure"; when not 0, the journal's folder
is exactly as it was; when 0, the journal is healthy and the everyday commands still
work on it. A changed schema is always refused. In-process through CliRunner, to fit the
time budget; `make soak` runs more examples (JOURNAL_FUZZ_FACTOR).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cli import main
from tests.conftest import Invoke, dump
from tests.reliability import assert_healthy

pytestmark = pytest.mark.sqlite_only  # compares the SQLite file before and after

FACTOR = int(os.environ.get("JOURNAL_FUZZ_FACTOR", "1"))
FUZZ = settings(
    max_examples=20 * FACTOR,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

SCALARS: list[Any] = [
    None, True, False, 0, -1, 11, 2**63, -(2**63) - 1, 10**400, 1e308, -1e308, 5e-324, 0.5,
    "", " ", "\x00", "\x1b[31m", "\u202e", "\ud800", "٣", "١٢", "1_000", "NaN", "Infinity",
    "9999-12-31T23:00:00-05:00", "2999-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
    "2026-02-30T10:00:00Z", "2026-03-01", "not-a-uuid", "x" * 20_000, "頭痛",
    "75b140ca-a9ae-5081-8131-af1f5c3b5276",
]  # fmt: skip


def hostile_values() -> st.SearchStrategy[Any]:
    leaf = st.one_of(
        st.sampled_from(SCALARS),
        st.text(st.characters(exclude_categories=()), max_size=30),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
    )
    return st.one_of(
        leaf,
        st.lists(leaf, max_size=8),
        st.builds(lambda n: [f"t{i}" for i in range(n)], st.integers(40, 3000)),
        st.dictionaries(st.text(max_size=5), leaf, max_size=3),
        # Deep nesting, spliced into the text once written (see deepen()).
        st.integers(1, 5000).map(lambda depth: f"@@deep{depth}@@"),
    )


def deepen(text: str) -> str:
    """Replace each "@@deepN@@" with N nested empty lists (too deep for json.dumps)."""
    return re.sub(r'"@@deep(\d+)@@"', lambda m: "[" * int(m[1]) + "]" * int(m[1]), text)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def judge(result: Result, refusal: int, folder: Path, before: dict[str, bytes]) -> None:
    context = (result.exit_code, result.output, result.stderr)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(context) from result.exception
    assert "Traceback" not in result.output + result.stderr, context
    assert "Unexpected failure" not in result.stderr, context
    event(f"exit {result.exit_code}")
    assert result.exit_code in (0, refusal), context
    if result.exit_code != 0:
        assert result.stderr.strip(), context
        assert files_under(folder) == before, context
        return
    for args in (["list", "--from", "2000-01-01", "--json"], ["summary", "--json"]):
        after = invoke(*args)
        assert after.exit_code == 0, (args, after.output, after.stderr)


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith("-shm")  # the WAL index: shared memory
    }


@pytest.fixture
def filled(run: Invoke, db_path: Path) -> Path:
    run("log", "--start", "2026-03-01 20:00", "--end", "2026-03-02 08:00", "--intensity", "6",
        "--symptom", "nausea", "--note", "seed")  # fmt: skip
    run("log", "--start", "2026-03-05 09:00", "--end", "2026-03-05 13:00", "--intensity", "3",
        "--type", "tension")  # fmt: skip
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-03-01 21:00")
    run("take", "kratom", "--dose", "2", "--unit", "g", "--at", "2026-03-05 10:00")
    run("checkin", "--clear", "--date", "2026-03-06")
    run("mark", "poor sleep", "--date", "2026-03-01")
    return db_path


def resetter(db: Path, tmp_path: Path) -> Callable[[], None]:
    """Put the journal back as the fixture made it (a command may have changed it)."""
    pristine = tmp_path / "pristine.sqlite3"
    shutil.copyfile(db, pristine)

    def reset() -> None:
        for side in ("-wal", "-shm"):
            Path(f"{db}{side}").unlink(missing_ok=True)
        shutil.copyfile(pristine, db)
        shutil.rmtree(db.parent / "backups", ignore_errors=True)

    return reset


# -- import ---------------------------------------------------------------------------


def mutate(data: Any, draw: st.DataObject) -> None:
    """One hostile change somewhere in an export document."""
    # Lists of records only: an earlier "top" change may have put a list of strings there.
    kinds = [
        k
        for k, v in data.items()
        if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)
    ]
    how = draw.draw(st.sampled_from(["set", "set", "set", "drop", "add", "repeat", "top"]))
    if how == "top" or not kinds:
        key = draw.draw(st.sampled_from([*data, "extra"]))
        data[key] = draw.draw(hostile_values())
        return
    kind = draw.draw(st.sampled_from(kinds))
    records = data[kind]
    record = records[draw.draw(st.integers(0, len(records) - 1))]
    if how == "repeat":
        records.append(dict(record))
    elif how == "add":
        record[draw.draw(st.text(max_size=8))] = draw.draw(hostile_values())
    elif how == "drop":
        record.pop(draw.draw(st.sampled_from(sorted(record))))
    else:
        record[draw.draw(st.sampled_from(sorted(record)))] = draw.draw(hostile_values())


def test_any_json_import_gives_0_or_2_and_a_refusal_changes_nothing(
    filled: Path, tmp_path: Path, run: Invoke
) -> None:
    export = tmp_path / "export.json"
    run("export", "--format", "json", "--out", str(export))
    original = json.loads(export.read_text(encoding="utf-8"))
    reset = resetter(filled, tmp_path)

    @FUZZ
    @given(data=st.data())
    def property_(data: st.DataObject) -> None:
        reset()
        doc = json.loads(json.dumps(original))
        for _ in range(data.draw(st.integers(1, 3))):
            mutate(doc, data)
        source = tmp_path / "mutated.json"
        text = deepen(json.dumps(doc))
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        dry = data.draw(st.booleans())
        before = files_under(filled.parent)
        result = invoke("import", str(source), *(["--dry-run"] if dry else []))
        judge(result, 2, filled.parent, before)
        if result.exit_code == 0:
            assert_healthy(filled)

    property_()


def test_any_csv_import_gives_0_or_2_and_a_refusal_changes_nothing(
    filled: Path, tmp_path: Path, run: Invoke
) -> None:
    folder = tmp_path / "csv"
    run("export", "--format", "csv", "--out", str(folder))
    tables = {
        name: (folder / name).read_bytes().decode("utf-8").split("\r\n")
        for name in ("episodes.csv", "intakes.csv")
    }
    reset = resetter(filled, tmp_path)
    cells = st.one_of(
        st.sampled_from([str(v) for v in SCALARS if isinstance(v, str | int | float)]),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
        st.integers(1, 6000).map(lambda n: "9" * n),
    )

    @FUZZ
    @given(data=st.data())
    def property_(data: st.DataObject) -> None:
        reset()
        target = tmp_path / "mutated-csv"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        for name, lines in tables.items():
            rows = [line.split(",") for line in lines]
            for _ in range(data.draw(st.integers(0, 3))):
                row = rows[data.draw(st.integers(0, len(rows) - 2))]
                row[data.draw(st.integers(0, len(row) - 1))] = data.draw(cells)
            text = "\r\n".join(",".join(r) for r in rows)
            (target / name).write_bytes(text.encode("utf-8", "surrogatepass"))
        before = files_under(filled.parent)
        judge(invoke("import", str(target)), 2, filled.parent, before)

    property_()


# -- restore --------------------------------------------------------------------------

TYPES = ["TEXT", "INTEGER", "BLOB", "REAL", "JSON", "VARCHAR(20)", "DATETIME"]


def schema_change(draw: st.DataObject, con: sqlite3.Connection) -> str:
    """SQL that changes the schema of the journal open on CON in one way."""
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    )]  # fmt: skip
    table = draw.draw(st.sampled_from([t for t in tables if t != "alembic_version"]))
    columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
    column = draw.draw(st.sampled_from(columns))
    indexes = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"
    )]  # fmt: skip
    timing = draw.draw(st.sampled_from(["BEFORE", "AFTER"]))
    action = draw.draw(st.sampled_from(["INSERT", "UPDATE", "DELETE"]))
    choices = [
        f'ALTER TABLE "{table}" ADD COLUMN fuzz_x {draw.draw(st.sampled_from(TYPES))}',
        f'CREATE {draw.draw(st.sampled_from(["", "UNIQUE "]))}INDEX ix_fuzz ON "{table}" '
        f'("{column}")',
        f'CREATE TRIGGER tr_fuzz {timing} {action} ON "{table}" BEGIN SELECT 1; END',
        f'CREATE VIEW v_fuzz AS SELECT * FROM "{table}"',
        "CREATE TABLE t_fuzz (x)",
        f'ALTER TABLE "{table}" RENAME COLUMN "{column}" TO "{column}_x"',
        "UPDATE alembic_version SET version_num = "
        + repr(draw.draw(st.sampled_from(["0001", "0002", "9999", "", "head", "x" * 40]))),
    ]
    if indexes:
        choices.append(f'DROP INDEX "{draw.draw(st.sampled_from(indexes))}"')
    return draw.draw(st.sampled_from(choices))


def data_change(draw: st.DataObject, con: sqlite3.Connection) -> str:
    """SQL that changes rows (not the schema) of the journal open on CON."""
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version'"
    )]  # fmt: skip
    table = draw.draw(st.sampled_from(tables))
    column = draw.draw(
        st.sampled_from([r[1] for r in con.execute(f'PRAGMA table_info("{table}")')])
    )
    literal = draw.draw(
        st.sampled_from(["NULL", "''", "'x'", "-1", "11", "1e308", "'[1,2]'", "'\"a\"'",
                         "'yesterday'", "'2999-01-01 00:00:00.000000'", "char(7)",
                         "'Mars/Olympus'", "'Europe/Berlin'", "'30'", "zeroblob(10)"])
    )  # fmt: skip
    loose = draw.draw(st.sampled_from(["", "PRAGMA ignore_check_constraints = ON; "]))
    return draw.draw(
        st.sampled_from([
            f'{loose}UPDATE "{table}" SET "{column}" = {literal}',
            f'DELETE FROM "{table}"',
            f"INSERT OR REPLACE INTO settings VALUES ('tz', {literal}, '2026-01-01 00:00:00')",
            f"INSERT INTO settings VALUES ({literal}, 'x', '2026-01-01 00:00:00')",
        ])
    )  # fmt: skip


def test_any_restore_gives_0_or_1_and_a_changed_schema_is_refused(
    filled: Path, tmp_path: Path, run: Invoke
) -> None:
    template = tmp_path / "backup.sqlite3"
    run("backup", str(template))
    reset = resetter(filled, tmp_path)

    @FUZZ
    @given(data=st.data())
    def property_(data: st.DataObject) -> None:
        reset()
        hostile = tmp_path / "hostile.sqlite3"
        shutil.copyfile(template, hostile)
        con = sqlite3.connect(hostile, isolation_level=None)
        schema = data.draw(st.booleans())
        change = schema_change(data, con) if schema else data_change(data, con)
        event("schema" if schema else "data")
        try:
            con.executescript(change)
        except sqlite3.Error:
            return  # SQLite itself refused the change
        finally:
            con.close()
        before = files_under(filled.parent)
        result = invoke("restore", str(hostile), "--yes")
        judge(result, 1, filled.parent, before)
        if schema:
            assert result.exit_code == 1, (change, result.stderr)
        if result.exit_code == 0:
            assert_healthy(filled)
            assert dump(filled) == dump(hostile), change

    property_()
