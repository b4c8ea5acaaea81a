"""The JSON export and import: a lossless round trip, UUID matching, and refusals by field."""

from __future__ import annotations

import json
import shlex
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, dump, file_mode


def fill(run: Invoke) -> None:
    """A small diary touching every kind of record (times in Europe/Berlin, CET in March).

    Episode 1: 2026-03-01 21:00 -> 03-02 09:30, still there at the 03-02 check-in.
    Episode 2: 2026-03-10, deleted.  Episode 3: 2026-03-20 22:00, ongoing.
    Intakes: ibuprofen 400 (03-01 21:30), "Migräne Kombi" 1 tablet (03-02 08:00),
    kratom 2.5 g (03-05 10:00), paracetamol 500 (03-10 14:30, deleted).
    """
    lines = [
        "log --start '2026-03-01 21:00' --intensity 7 --type migraine --aura --symptom nausea"
        " --symptom light --trigger 'red; wine' --location 'left temple' --missed work",
        "take ibuprofen --dose 400 --at '2026-03-01 21:30'",
        "checkin --date 2026-03-02 --still-hurting --intensity 4",
        "end 1 --at '2026-03-02 09:30'",
        "remedies add 'Migräne Kombi' --class combination --unit tablet --alias mk",
        "take mk --dose 1 --at '2026-03-02 08:00' --relief partial --product '-10% pack'",
        "take kratom --dose 2.5 --unit g --at '2026-03-05 10:00' --product '@brand powder'",
        "checkin --date 2026-03-06 --clear",
        "log --start '2026-03-10 14:00' --end '2026-03-10 16:00' --intensity 3 --type tension",
        "take paracetamol --dose 500 --at '2026-03-10 14:30'",
        "delete-intake 4 --yes",
        "delete 2 --yes",
        "mark menstruation --date 2026-03-01 --note 'day 1'",
        "mark 'poor sleep' --date 2026-03-10",
        "log --start '2026-03-20 22:00' --intensity 5",
        "config set min-duration 30",
    ]
    for line in lines:
        run(*shlex.split(line))
    run("edit", "1", "--note", "=1+1 it's bad\nsecond line")


def export_json(run: Invoke, out: Path, *args: str) -> dict[str, Any]:
    run("export", "--format", "json", "--out", str(out), *args)
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def without_timestamp(path: Path) -> bytes:
    lines = path.read_bytes().split(b"\n")
    assert lines[3].startswith(b'  "exported": "'), lines[:5]
    return b"\n".join(lines[:3] + lines[4:])


@pytest.fixture
def filled(run: Invoke) -> None:
    fill(run)


# -- the file -------------------------------------------------------------------------


@pytest.mark.usefixtures("filled")
def test_export_holds_everything_with_format_and_version_first(run: Invoke, tmp_path: Path) -> None:
    data = export_json(run, tmp_path / "all.json")
    assert list(data)[:5] == ["format", "version", "exported", "from", "to"]
    assert (data["format"], data["version"], data["from"], data["to"]) == (
        "headache-journal",
        1,
        None,
        None,
    )
    assert [
        len(data[k]) for k in ("settings", "remedies", "episodes", "intakes", "checkins", "markers")
    ] == [2, 32, 3, 4, 2, 2]
    assert {s["key"]: s["value"] for s in data["settings"]} == {
        "tz": "Europe/Berlin",
        "min-duration": "30",
    }
    for kind in ("remedies", "episodes", "intakes", "checkins", "markers"):
        uuids = [r["uuid"] for r in data[kind]]
        assert uuids == sorted(uuids), kind


@pytest.mark.usefixtures("filled")
def test_export_fields_are_utc_times_uuids_and_floats(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    data = export_json(run, out)
    first = next(e for e in data["episodes"] if e["start"] == "2026-03-01T20:00:00Z")
    assert first["end"] == "2026-03-02T08:30:00Z"  # 09:30 CET
    assert (first["intensity"], first["type"], first["aura"]) == (7, "migraine", True)
    assert first["triggers"] == ["red; wine"] and first["missed"] == ["work"]
    assert first["note"] == "=1+1 it's bad\nsecond line" and first["deleted"] is None
    deleted = next(e for e in data["episodes"] if e["type"] == "tension")
    assert deleted["deleted"] is not None
    kombi = next(r for r in data["remedies"] if r["name"] == "Migräne Kombi")
    assert (kombi["class"], kombi["unit"], kombi["aliases"]) == ("combination", "tablet", ["mk"])
    ibu = next(i for i in data["intakes"] if i["at"] == "2026-03-01T20:30:00Z")
    assert ibu["episode"] == first["uuid"]
    assert ibu["dose"] == 400.0 and isinstance(ibu["dose"], float)
    assert '"dose": 400.0,' in out.read_text(encoding="utf-8")  # written as a float
    still = next(c for c in data["checkins"] if c["day"] == "2026-03-02")
    assert (still["status"], still["intensity"], still["episode"]) == ("still", 4, first["uuid"])
    assert file_mode(out) == 0o600


@pytest.mark.usefixtures("filled")
def test_json_round_trip_into_a_new_journal_is_byte_identical(run: Invoke, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    other = str(tmp_path / "other" / "journal.sqlite3")
    run("export", "--format", "json", "--out", str(first))
    run("--db", other, "import", str(first))
    run("--db", other, "export", "--format", "json", "--out", str(second))
    assert without_timestamp(first) == without_timestamp(second)


@pytest.mark.usefixtures("filled")
def test_importing_the_same_export_twice_adds_nothing_the_second_time(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    out = tmp_path / "all.json"
    export_json(run, out)
    other = tmp_path / "other" / "journal.sqlite3"
    run("--db", str(other), "import", str(out))
    before = dump(other)
    second = run("--db", str(other), "import", str(out), "--json")
    report = json.loads(second.stdout)["kinds"]
    assert all(v["added"] == 0 and v["replaced"] == 0 for v in report.values())
    assert report["episodes"]["skipped"] == 3 and report["intakes"]["skipped"] == 4
    assert dump(other) == before
    # ...and into the journal it came from, too.
    mine = dump(db_path)
    run("import", str(out))
    assert dump(db_path) == mine


@pytest.mark.usefixtures("filled")
def test_dry_run_reports_per_kind_and_changes_nothing(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    export_json(run, out)
    other = tmp_path / "other" / "journal.sqlite3"
    run("--db", str(other), "db", "upgrade")
    before = dump(other)
    result = run("--db", str(other), "import", str(out), "--dry-run")
    # Columns two apart, as wide as their widest cell ("day markers", "replaced").
    assert result.stdout.splitlines() == [
        "records      added  replaced  skipped",
        "settings         1         1        0",
        "remedies         1         0       31",
        "episodes         3         0        0",
        "intakes          4         0        0",
        "outcomes         0         0        0",
        "courses          0         0        0",
        "check-ins        2         0        0",
        "day markers      2         0        0",
    ]
    assert "nothing was changed" in result.stderr
    assert dump(other) == before


# -- matching -------------------------------------------------------------------------


def _edit(src: Path, dest: Path, kind: str, match: dict[str, Any], **changes: Any) -> None:
    data = json.loads(src.read_text(encoding="utf-8"))
    hits = [r for r in data[kind] if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1
    hits[0].update(changes)
    dest.write_text(json.dumps(data, indent=2), encoding="utf-8")


def _episode(data: dict[str, Any], start: str) -> dict[str, Any]:
    found: dict[str, Any] = next(e for e in data["episodes"] if e["start"] == start)
    return found


@pytest.mark.usefixtures("filled")
def test_a_newer_record_replaces_and_an_older_one_is_kept_out(run: Invoke, tmp_path: Path) -> None:
    out, newer, older = tmp_path / "a.json", tmp_path / "newer.json", tmp_path / "older.json"
    export_json(run, out)
    match = {"start": "2026-03-01T20:00:00Z"}
    # Newer than the journal's copy (written moments ago), and not in the future.
    later = (datetime.now(UTC) + timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    _edit(out, newer, "episodes", match, intensity=9, updated=later)
    _edit(out, older, "episodes", match, intensity=1, updated="2000-01-01T00:00:00Z")

    report = json.loads(run("import", str(older), "--json").stdout)["kinds"]["episodes"]
    assert report == {"added": 0, "replaced": 0, "skipped": 3, "kept_newer": 1}
    assert _episode(export_json(run, tmp_path / "x.json"), match["start"])["intensity"] == 7

    report = json.loads(run("import", str(newer), "--json").stdout)["kinds"]["episodes"]
    assert report == {"added": 0, "replaced": 1, "skipped": 2, "kept_newer": 0}
    after = _episode(export_json(run, tmp_path / "y.json"), match["start"])
    assert (after["intensity"], after["updated"]) == (9, later)


@pytest.mark.usefixtures("filled")
def test_a_conflict_with_the_same_updated_time_rejects_the_whole_import(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    out, bad = tmp_path / "a.json", tmp_path / "conflict.json"
    data = export_json(run, out)
    data["markers"].append(
        {
            "uuid": "0b5e1c1e-9a3b-4c55-8f3e-2f6c1d2a7b10",
            "day": "2026-03-15",
            "tag": "travel",
            "note": None,
            "created": "2026-03-15T08:00:00Z",
            "updated": "2026-03-15T08:00:00Z",
        }
    )
    index = next(i for i, e in enumerate(data["episodes"]) if e["intensity"] == 7)
    data["episodes"][index]["intensity"] = 8
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = dump(db_path)
    result = run("import", str(bad), code=2)
    uuid = data["episodes"][index]["uuid"]
    assert f"{bad}, episodes[{index}] (uuid {uuid}), field 'intensity'" in result.stderr
    assert "8 here, 7 in the journal" in result.stderr
    assert dump(db_path) == before  # the new marker was not written either


def test_remedies_match_by_name_key_when_the_uuids_differ(run: Invoke, tmp_path: Path) -> None:
    run("remedies", "add", "Migraleve", "--class", "combination", "--unit", "tablet")
    run("take", "migraleve", "--at", "2026-03-01 10:00")
    out = tmp_path / "a.json"
    export_json(run, out)
    other = str(tmp_path / "other" / "journal.sqlite3")
    # The other journal has its own "MIGRALEVE": another uuid, and newer, so it stays.
    run("--db", other, "remedies", "add", "MIGRALEVE", "--class", "combination")
    run("--db", other, "import", str(out))
    theirs = json.loads(
        run("--db", other, "list", "--from", "2026-03-01", "--to", "2026-03-01", "--json").stdout
    )
    assert [(i["remedy"], i["class"]) for i in theirs] == [("MIGRALEVE", "combination")]
    names = [r["name"] for r in json.loads(run("--db", other, "remedies", "list", "--json").stdout)]
    assert names.count("MIGRALEVE") == 1 and "Migraleve" not in names


def test_settings_of_a_journal_with_a_diary_are_kept_when_the_file_is_older(
    run: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "a.json"
    export_json(run, out)  # tz Europe/Berlin, set when this journal was made
    other = str(tmp_path / "other" / "journal.sqlite3")
    run("--db", other, "log", "--start", "2026-03-01 10:00", "--intensity", "2")
    run("--db", other, "config", "set", "tz", "America/New_York")
    report = json.loads(run("--db", other, "import", str(out), "--json").stdout)["kinds"]
    assert report["settings"] == {"added": 0, "replaced": 0, "skipped": 1, "kept_newer": 1}
    assert run("--db", other, "config", "get", "tz").stdout.strip() == "America/New_York"


@pytest.mark.usefixtures("filled")
def test_a_ranged_export_imports_into_an_empty_journal(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "march-5.json"
    run("edit-intake", "3", "--episode", "1")  # kratom (03-05) now points at episode 1
    data = export_json(run, out, "--from", "2026-03-05", "--to", "2026-03-05")
    # Episode 1 (03-01..03-02) is outside the range but comes along for the intake.
    assert [e["start"] for e in data["episodes"]] == ["2026-03-01T20:00:00Z"]
    other = str(tmp_path / "other" / "journal.sqlite3")
    run("--db", other, "import", str(out))
    items = json.loads(
        run("--db", other, "list", "--from", "2026-03-01", "--to", "2026-03-31", "--json").stdout
    )
    assert [i["kind"] for i in items] == ["episode"]
    assert [(i["remedy"], i["dose"]) for i in items[0]["intakes"]] == [("kratom", 2.5)]


# -- --from / --to ----------------------------------------------------------------------

RANGES = [
    # (from, to, episode starts (UTC), intake times (UTC), check-in days, marker days)
    (
        "2026-03-02",
        "2026-03-05",
        ["2026-03-01T20:00:00Z"],
        ["2026-03-02T07:00:00Z", "2026-03-05T09:00:00Z"],
        ["2026-03-02"],
        [],
    ),
    (
        "2026-03-01",
        "2026-03-01",
        ["2026-03-01T20:00:00Z"],
        ["2026-03-01T20:30:00Z"],
        [],
        ["2026-03-01"],
    ),
    (  # the deleted episode and intake come along, marked deleted
        "2026-03-10",
        "2026-03-10",
        ["2026-03-10T13:00:00Z"],
        ["2026-03-10T13:30:00Z"],
        [],
        ["2026-03-10"],
    ),
    (  # an ongoing episode touches every day from its start
        "2026-03-25",
        None,
        ["2026-03-20T21:00:00Z"],
        [],
        [],
        [],
    ),
    (
        None,
        "2026-03-01",
        ["2026-03-01T20:00:00Z"],
        ["2026-03-01T20:30:00Z"],
        [],
        ["2026-03-01"],
    ),
]


@pytest.mark.usefixtures("filled")
@pytest.mark.parametrize(("first", "last", "episodes", "intakes", "checkins", "markers"), RANGES)
def test_from_to_pick_records_by_inclusive_local_date(
    run: Invoke,
    tmp_path: Path,
    first: str | None,
    last: str | None,
    episodes: list[str],
    intakes: list[str],
    checkins: list[str],
    markers: list[str],
) -> None:
    args = [*(["--from", first] if first else []), *(["--to", last] if last else [])]
    data = export_json(run, tmp_path / "r.json", *args)
    assert (data["from"], data["to"]) == (first, last)
    assert sorted(e["start"] for e in data["episodes"]) == episodes
    assert sorted(i["at"] for i in data["intakes"]) == intakes
    assert sorted(c["day"] for c in data["checkins"]) == checkins
    assert sorted(m["day"] for m in data["markers"]) == markers
    assert len(data["remedies"]) == 32 and len(data["settings"]) == 2


MIDNIGHT = [
    # An episode 2026-04-01 22:00 -> 04-02 00:00 (CEST): it ends as 04-02 begins.
    ("2026-04-02", "2026-04-02", []),
    ("2026-04-01", "2026-04-01", ["2026-04-01T20:00:00Z"]),
    ("2026-03-31", "2026-03-31", []),
]


@pytest.mark.parametrize(("first", "last", "episodes"), MIDNIGHT)
def test_an_episode_ending_at_midnight_does_not_touch_the_next_day(
    run: Invoke, tmp_path: Path, first: str, last: str, episodes: list[str]
) -> None:
    run("log", "--start", "2026-04-01 22:00", "--end", "2026-04-02 00:00", "--intensity", "4")
    data = export_json(run, tmp_path / "m.json", "--from", first, "--to", last)
    assert [e["start"] for e in data["episodes"]] == episodes


def test_from_after_to_is_refused(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    result = run(
        "export",
        "--format",
        "json",
        "--out",
        str(out),
        "--from",
        "2026-03-05",
        "--to",
        "2026-03-01",
        code=2,
    )
    assert "--from" in result.stderr and not out.exists()


# -- refusals -------------------------------------------------------------------------


def _break_record(kind: str, match: dict[str, Any], field: str, value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        hits = [r for r in data[kind] if all(r.get(k) == v for k, v in match.items())]
        hits[0][field] = value

    return change


BAD_FILES = [
    ("wrong version", lambda d: d.update(version=2), "field 'version'", "2 is not a version"),
    ("not ours", lambda d: d.update(format="other-app"), "field 'format'", "not an export"),
    (
        "unknown remedy class",
        _break_record("remedies", {"name": "kratom"}, "class", "herbal"),
        "field 'class'",
        "'herbal' is not one of",
    ),
    (
        "bad date",
        _break_record("intakes", {"at": "2026-03-05T09:00:00Z"}, "at", "2026-02-30T10:00:00Z"),
        "field 'at'",
        "is not an ISO 8601 time",
    ),
    (
        "time without offset",
        _break_record("episodes", {"intensity": 7}, "start", "2026-03-01T21:00:00"),
        "field 'start'",
        "has no UTC offset",
    ),
    (
        "intensity out of range",
        _break_record("episodes", {"intensity": 7}, "intensity", 11),
        "field 'intensity'",
        "11 is outside 0-10",
    ),
    (
        "end before start",
        _break_record("episodes", {"intensity": 7}, "end", "2026-03-01T19:00:00Z"),
        "field 'end'",
        "before the episode's start",
    ),
    (
        "unknown field",
        _break_record("markers", {"tag": "menstruation"}, "colour", "red"),
        "field 'colour'",
        "is not a field of markers",
    ),
    (
        "dangling remedy",
        _break_record(
            "intakes",
            {"at": "2026-03-05T09:00:00Z"},
            "remedy",
            "0b5e1c1e-9a3b-4c55-8f3e-2f6c1d2a7b10",
        ),
        "field 'remedy'",
        "no remedy 0b5e1c1e-9a3b-4c55-8f3e-2f6c1d2a7b10",
    ),
    (
        "not a uuid",
        _break_record("markers", {"tag": "menstruation"}, "uuid", "12345"),
        "field 'uuid'",
        "'12345' is not a UUID",
    ),
    (
        "a string dose",
        _break_record("intakes", {"at": "2026-03-05T09:00:00Z"}, "dose", "2.5"),
        "field 'dose'",
        "is not a number",
    ),
    (
        "unknown setting",
        _break_record("settings", {"key": "tz"}, "key", "colour"),
        "field 'key'",
        "'colour' is not one of",
    ),
    (
        "bad zone",
        _break_record("settings", {"key": "tz"}, "value", "Mars/Olympus"),
        "field 'value'",
        "IANA time zone",
    ),
]


@pytest.mark.usefixtures("filled")
@pytest.mark.parametrize(
    ("change", "field", "why"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES]
)
def test_a_bad_record_is_refused_naming_file_record_and_field(
    run: Invoke, tmp_path: Path, db_path: Path, change: Any, field: str, why: str
) -> None:
    out = tmp_path / "a.json"
    data = export_json(run, out)
    change(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, indent=2), encoding="utf-8")
    before = dump(db_path)
    result = run("import", str(bad), code=2)
    assert str(bad) in result.stderr and field in result.stderr and why in result.stderr
    assert "nothing was imported" in result.stderr
    assert dump(db_path) == before


@pytest.mark.usefixtures("filled")
def test_a_record_error_names_its_index_and_uuid(run: Invoke, tmp_path: Path) -> None:
    data = export_json(run, tmp_path / "a.json")
    index = next(i for i, r in enumerate(data["remedies"]) if r["name"] == "kratom")
    data["remedies"][index]["class"] = "herbal"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", str(bad), code=2)
    uuid = data["remedies"][index]["uuid"]
    assert f"{bad}, remedies[{index}] (uuid {uuid}), field 'class'" in result.stderr


@pytest.mark.usefixtures("filled")
def test_a_truncated_file_is_refused_with_its_line(
    run: Invoke, tmp_path: Path, db_path: Path
) -> None:
    out = tmp_path / "a.json"
    export_json(run, out)
    raw = out.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(raw[: len(raw) // 2])
    lines = raw[: len(raw) // 2].count(b"\n") + 1
    before = dump(db_path)
    result = run("import", str(cut), code=2)
    assert f"{cut}, line {lines} column" in result.stderr
    assert "the file is cut short" in result.stderr
    assert dump(db_path) == before


BAD_BYTES = [
    (b"", "is not valid JSON"),
    (b"[1, 2]", "not a JSON object"),
    (b'{"format": "headache-journal", "version": 1, "dose": NaN}', "NaN is not a number"),
    (b"\xff\xfe{}", "is not UTF-8 text"),
    (b'{"resourceType": "Patient", "id": "x"}', "'Patient' is not a Bundle"),
    (b'{"resourceType": "Bundle", "type": "searchset"}', "is not a collection bundle"),
]


@pytest.mark.parametrize(("content", "why"), BAD_BYTES)
def test_files_that_are_no_export_are_refused(
    run: Invoke, tmp_path: Path, db_path: Path, content: bytes, why: str
) -> None:
    run("log", "--start", "2026-03-01 10:00", "--intensity", "2")
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = dump(db_path)
    result = run("import", str(bad), code=2)
    assert why in result.stderr and str(bad) in result.stderr
    assert dump(db_path) == before


def test_import_of_a_missing_path_names_path(run: Invoke, tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nope.json"), code=2)
    assert "PATH" in result.stderr and "does not exist" in result.stderr


def test_a_file_repeating_a_uuid_is_refused(run: Invoke, tmp_path: Path, db_path: Path) -> None:
    run("mark", "travel", "--date", "2026-03-01")
    data = export_json(run, tmp_path / "a.json")
    twin = dict(data["markers"][0], tag="other", day="2026-03-02")
    data["markers"].append(twin)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", str(bad), code=2)
    assert "markers[1]" in result.stderr and "field 'uuid'" in result.stderr
    assert "repeats" in result.stderr and "markers[0]" in result.stderr


def test_a_checkin_for_a_day_the_journal_already_has_is_merged_by_day(
    run: Invoke, tmp_path: Path
) -> None:
    """Two machines both answered the morning question for 03-02: the later answer wins."""
    run("checkin", "--date", "2026-03-02", "--clear")
    data = export_json(run, tmp_path / "a.json")
    other = str(tmp_path / "other" / "journal.sqlite3")
    run("--db", other, "log", "--start", "2026-03-01 20:00", "--intensity", "5")
    run("--db", other, "checkin", "--date", "2026-03-02", "--still-hurting")  # later
    report = json.loads(run("--db", other, "import", str(tmp_path / "a.json"), "--json").stdout)
    assert report["kinds"]["checkins"] == {
        "added": 0,
        "replaced": 0,
        "skipped": 1,
        "kept_newer": 1,
    }
    assert data["checkins"][0]["status"] == "clear"


# -- where the file goes --------------------------------------------------------------


def test_export_refuses_a_missing_parent_folder(run: Invoke, tmp_path: Path) -> None:
    result = run("export", "--format", "json", "--out", str(tmp_path / "no" / "x.json"), code=2)
    assert "--out" in result.stderr and "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


def test_export_never_overwrites_without_being_asked(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    out.write_text("my only copy", encoding="utf-8")
    result = run("export", "--format", "json", "--out", str(out), code=2)
    assert "--out" in result.stderr and "--overwrite" in result.stderr
    assert out.read_text(encoding="utf-8") == "my only copy"
    run("export", "--format", "json", "--out", str(out), "--overwrite")
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "headache-journal"
    assert file_mode(out) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_to_a_folder_is_refused_for_json(run: Invoke, tmp_path: Path) -> None:
    result = run("export", "--format", "json", "--out", str(tmp_path), code=2)
    assert "--out" in result.stderr and "is a folder" in result.stderr
