"""Trust nothing that comes in: one test (or more) per finding of the hostile review.

Real `journal` processes on real files. Where a finding is covered elsewhere:
1 (restores that hold triggers, changed columns, wrong revisions) and 5 (another
program's database as the journal): tests/test_schema_hostile.py with tests/hostile/;
3 (writes during a restore) and 6 (Ctrl-C in restore and import):
tests/test_reliability_restore.py.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import stat
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.reliability import JOURNAL, REPO, dump, journal_env, one_sentence, run_journal

pytestmark = pytest.mark.sqlite_only  # about SQLite files and processes on them

LOG = ["log", "--start", "2026-03-01 20:00", "--end", "2026-03-01 23:00", "--intensity", "6"]


def journal_at(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_journal(list(args), journal_env(db, **env))


def notes(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT note FROM episodes ORDER BY id")]
    finally:
        con.close()


def export_json(db: Path, out: Path) -> dict[str, object]:
    assert journal_at(db, "export", "--format", "json", "--out", str(out)).returncode == 0
    data: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def seeded(run: Invoke, db_path: Path) -> Path:
    run(*LOG, "--note", "seed")
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-03-01 21:00")
    return db_path


# -- 2: a path is a path --------------------------------------------------------------

ODD = "Health?2026 #1 %41 ü 頭痛"


@pytest.mark.new_journal  # looks at every file under tmp_path
def test_2_any_character_in_a_folder_name_is_part_of_the_path(tmp_path: Path) -> None:
    db = tmp_path / ODD / "journal.sqlite3"
    assert journal_at(db, *LOG, "--note", "odd folder").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [ODD, "cwd"]  # no stray "Health"
    assert notes(db) == ["odd folder"]
    # --db, and a URL with the folder's characters escaped, name the same file.
    from urllib.parse import quote

    for how in (["--db", str(db)], ["--db-url", f"sqlite:///{quote(str(db))}"]):
        listed = run_journal([*how, "list", "--from", "2026-03-01", "--json"], {**os.environ})
        assert json.loads(listed.stdout)[0]["note"] == "odd folder"
    # A backup holds the journal, and a restore from an odd path restores it.
    made = journal_at(db, "backup")
    copy = Path(made.stdout.strip())
    assert made.returncode == 0 and copy.parent == db.parent / "backups"
    assert notes(copy) == ["odd folder"]
    other = tmp_path / "Other ?x=1#frag %20" / "old.sqlite3"
    other.parent.mkdir()
    assert journal_at(db, "backup", str(other)).returncode == 0
    assert journal_at(db, "log", "--start", "2026-03-02 20:00", "--intensity", "2").returncode == 0
    restored = journal_at(db, "restore", str(other), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert dump(db) == dump(other)


# -- 4: an `updated` in the future ----------------------------------------------------


def test_4_a_record_updated_in_the_future_is_refused_by_name(seeded: Path, tmp_path: Path) -> None:
    data = export_json(seeded, tmp_path / "a.json")
    episode = data["episodes"][0]  # type: ignore[index]
    episode["intensity"] = 9
    episode["updated"] = "2999-01-01T00:00:00Z"
    bad = tmp_path / "future.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = dump(seeded)
    result = journal_at(seeded, "import", str(bad))
    assert result.returncode == 2
    line = one_sentence(result.stderr)
    assert episode["uuid"] in line and "'updated'" in line and "future" in line
    assert dump(seeded) == before
    # Within a few minutes of this machine's clock it is another device's clock: fine.
    episode["updated"] = (datetime.now(UTC) + timedelta(minutes=3)).isoformat()
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert journal_at(seeded, "import", str(bad)).returncode == 0


# -- 8, 13: where output may go -------------------------------------------------------


def _export(db: Path, out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return journal_at(db, "export", "--format", "json", "--out", str(out), *more)


def test_8_a_symlink_is_never_followed_or_replaced(seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    for more in ([], ["--overwrite"]):
        result = _export(seeded, link, *more)
        assert result.returncode == 2 and "--out" in one_sentence(result.stderr)
    assert "symbolic link" in result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "keep"


def test_8_a_fifo_or_device_node_is_never_replaced(seeded: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    nodes = [fifo]
    try:
        os.mknod(tmp_path / "null.json", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        nodes.append(tmp_path / "null.json")
    except OSError:
        pass  # not root, or no device nodes here: the FIFO still shows it
    for node in nodes:
        kind = stat.S_IFMT(os.lstat(node).st_mode)
        result = _export(seeded, node, "--overwrite")
        assert result.returncode == 2 and "never replaced" in one_sentence(result.stderr)
        assert stat.S_IFMT(os.lstat(node).st_mode) == kind


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_8_a_file_of_another_user_is_never_replaced(seeded: Path, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.json"
    theirs.write_text("theirs", encoding="utf-8")
    os.chown(theirs, 65534, 65534)
    result = _export(seeded, theirs, "--overwrite")
    assert result.returncode == 2 and "another user" in one_sentence(result.stderr)
    assert theirs.read_text(encoding="utf-8") == "theirs"


@pytest.mark.parametrize(
    "args",
    [["chart", "days", "--out", "{out}.png"], ["report", "--out", "{out}.pdf"]],
    ids=["chart", "report"],
)
def test_8_chart_and_report_replace_a_file_only_with_overwrite(
    seeded: Path, tmp_path: Path, args: list[str]
) -> None:
    args = [a.format(out=tmp_path / "picture") for a in args]
    out = Path(args[-1])
    out.write_bytes(b"earlier")
    period = ["--from", "2026-03-01", "--to", "2026-03-31"]
    refused = journal_at(seeded, *args, *period)
    assert refused.returncode == 2 and "--overwrite" in one_sentence(refused.stderr)
    assert out.read_bytes() == b"earlier"
    assert journal_at(seeded, *args, *period, "--overwrite").returncode == 0
    assert out.read_bytes() != b"earlier"


def test_13_the_csv_pair_is_written_whole_or_not_at_all(seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "episodes.csv").write_text("earlier", encoding="utf-8")
    (folder / "intakes.csv").mkdir()
    result = journal_at(seeded, "export", "--format", "csv", "--out", str(folder), "--overwrite")
    assert result.returncode == 2 and "intakes.csv" in one_sentence(result.stderr)
    assert (folder / "episodes.csv").read_text(encoding="utf-8") == "earlier"
    assert sorted(p.name for p in folder.iterdir()) == ["episodes.csv", "intakes.csv"]


@pytest.mark.new_journal  # looks at every file under tmp_path
def test_13_a_failure_between_the_two_files_puts_the_first_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal import files

    (tmp_path / "a.csv").write_bytes(b"old a")
    real = files.publish

    def second_fails(tmp: Path, path: Path, **kw: object) -> None:
        if path.name == "b.csv":
            raise OSError(28, "No space left on device")
        real(tmp, path, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "publish", second_fails)
    with pytest.raises(OSError):
        files.write_all(
            {tmp_path / "a.csv": b"new a", tmp_path / "b.csv": b"new b"}, overwrite=True
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "cwd"]
    assert (tmp_path / "a.csv").read_bytes() == b"old a"


# -- 9: bounded work and reads --------------------------------------------------------


def _memory_limit() -> None:
    limit = 3 * 1024**3  # an import that reads without end dies here, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_9_many_tags_are_refused_in_linear_time(seeded: Path, tmp_path: Path) -> None:
    data = export_json(seeded, tmp_path / "a.json")
    data["episodes"][0]["symptoms"] = [f"s{i}" for i in range(300_000)]  # type: ignore[index]
    big = tmp_path / "tags.json"
    big.write_text(json.dumps(data), encoding="utf-8")
    # A quadratic check takes hours on this; a linear one well under a second.
    result = run_journal(["import", str(big)], journal_env(seeded), timeout=120)
    assert result.returncode == 2 and "more than 50 tags" in one_sentence(result.stderr)


@pytest.mark.parametrize("source", ["/dev/zero", "pipe"])
def test_9_an_endless_source_is_cut_off(seeded: Path, source: str) -> None:
    proc = subprocess.Popen(
        [*JOURNAL, "import", "/dev/stdin" if source == "pipe" else source],
        env=journal_env(seeded),
        cwd=str(REPO),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_memory_limit,
    )
    assert proc.stdin is not None

    def feed() -> None:
        try:
            while proc.poll() is None:
                proc.stdin.write(b"[" * 65536)  # type: ignore[union-attr]
        except (BrokenPipeError, OSError, ValueError):
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    assert proc.stderr is not None
    err = proc.stderr.read()  # not communicate(): that would close the pipe it reads
    assert proc.wait(timeout=120) == 2, err
    assert "larger than an export could be" in one_sentence(err.decode())


# -- 10: secrets ----------------------------------------------------------------------

PG_URL = "postgresql+psycopg://me:s3cret-one@db.example/journal?password=s3cret-two&sslmode=require"


@pytest.mark.parametrize("how", ["--db-url", "JOURNAL_DB_URL"])
def test_10_every_url_shown_hides_its_password(tmp_path: Path, how: str) -> None:
    env = journal_env(tmp_path / "unused.sqlite3")
    args = ["db", "path"]
    if how == "--db-url":
        args = ["--db-url", PG_URL, *args]
    else:
        env["JOURNAL_DB_URL"] = PG_URL
    result = run_journal(args, env)
    assert result.returncode == 0
    assert "s3cret" not in result.stdout + result.stderr
    assert result.stdout.strip() == (
        "postgresql+psycopg://me:***@db.example/journal?password=***&sslmode=require"
    )


def test_10_the_error_log_holds_the_command_and_exception_only(
    seeded: Path, tmp_path: Path
) -> None:
    """A failure no sentence covers (forced here) is logged without argument values."""
    script = (
        "import sys\n"
        "from journal.pictures import chartdata\n"
        "def broken(*a, **k):\n"
        "    raise ValueError('boom for Secret-Patient with hunter2')\n"
        "chartdata.build = broken\n"
        "from cli import main\n"
        "sys.argv = ['journal'] + sys.argv[1:]\n"
        "main()\n"
    )
    out = tmp_path / "r.pdf"
    url = f"sqlite:///{seeded}?password=hunter2"
    args = ["--db-url", url, "report", "--out", str(out), "--name", "Secret-Patient"]
    env = journal_env(seeded, XDG_STATE_HOME=str(tmp_path / "state"))
    result = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, cwd=str(REPO), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    line = one_sentence(result.stderr)
    assert "Unexpected failure (ValueError)" in line
    [log] = list((tmp_path / "state").rglob("errors.log"))
    text = log.read_text(encoding="utf-8")
    assert "journal report" in text and "ValueError" in text and "Traceback" in text
    for secret in ("Secret-Patient", "hunter2", "boom"):
        assert secret not in text
    assert os.stat(log).st_mode & 0o777 == 0o600


# -- 11, 12: exit codes and valid JSON ------------------------------------------------


def test_11_a_week_past_the_calendar_is_bad_input(seeded: Path) -> None:
    result = journal_at(seeded, "summary", "--week", "9999-W52")
    assert result.returncode == 2 and "--week" in one_sentence(result.stderr)


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("updated", "9999-12-31T23:00:00-05:00", "'updated'"),
        ("start", "9999-12-31T23:00:00-05:00", "'start'"),
        (None, None, "nested too deeply"),
    ],
    ids=["updated-9999", "start-9999", "nested-5000"],
)
def test_11_an_import_out_of_any_range_is_bad_input(
    seeded: Path, tmp_path: Path, field: str | None, value: str | None, named: str
) -> None:
    bad = tmp_path / "bad.json"
    if field is None:
        bad.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    else:
        data = export_json(seeded, tmp_path / "a.json")
        data["episodes"][0][field] = value  # type: ignore[index]
        bad.write_text(json.dumps(data), encoding="utf-8")
    before = dump(seeded)
    result = journal_at(seeded, "import", str(bad))
    assert result.returncode == 2 and named in one_sentence(result.stderr)
    assert dump(seeded) == before


def _csv_with(db: Path, tmp_path: Path, column: str, value: str) -> Path:
    folder = tmp_path / "csv"
    assert journal_at(db, "export", "--format", "csv", "--out", str(folder)).returncode == 0
    name = "episodes.csv" if column == "intensity" else "intakes.csv"
    lines = (folder / name).read_bytes().decode("utf-8").split("\r\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(column)] = value
    lines[1] = ",".join(cells)
    (folder / name).write_bytes("\r\n".join(lines).encode("utf-8"))
    return folder


def test_11_a_csv_intensity_of_5000_digits_is_bad_input(seeded: Path, tmp_path: Path) -> None:
    folder = _csv_with(seeded, tmp_path, "intensity", "9" * 5000)
    result = journal_at(seeded, "import", str(folder))
    line = one_sentence(result.stderr)
    assert result.returncode == 2 and "line 2, field 'intensity'" in line


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://me@/journal?host=/nonexistent-socket-folder",
        "postgresql+psycopg://me@127.0.0.1:9/journal",
    ],
    ids=["no-socket", "refused"],
)
def test_11_an_unreachable_postgresql_server_is_one_sentence(tmp_path: Path, url: str) -> None:
    result = run_journal(["--db-url", url, "list"], journal_env(tmp_path / "unused.sqlite3"))
    assert result.returncode == 1
    assert "Cannot reach the database server" in one_sentence(result.stderr)


def test_12_json_output_is_always_valid(seeded: Path) -> None:
    result = journal_at(seeded, "take", "kratom", "--dose", "1e308", "--unit", "g")
    assert result.returncode == 2 and "--dose" in one_sentence(result.stderr)
    # Doses an earlier version let in: the totals overflow, the output stays JSON.
    for _ in range(2):
        assert journal_at(seeded, "take", "kratom", "--dose", "2", "--unit", "g").returncode == 0
    con = sqlite3.connect(seeded)
    with con:
        con.execute("UPDATE intakes SET dose = 1e308")
    con.close()
    for args in (["summary", "--format", "json"], ["summary", "--weeks", "2", "--json"]):
        result = journal_at(seeded, *args)
        assert "Infinity" not in result.stdout and "NaN" not in result.stdout
        if result.returncode == 0:
            json.loads(result.stdout, parse_constant=lambda c: pytest.fail(c))
        else:
            assert result.returncode == 1 and "too large" in one_sentence(result.stderr)


# -- 14, 15: downgrade, pruning, leftovers --------------------------------------------


def test_14_downgrade_says_what_it_drops_and_asks(seeded: Path) -> None:
    from tests.test_cli_process import _on_terminal, _read_until

    helped = journal_at(seeded, "db", "downgrade", "--help")
    assert "every table and so" in helped.stdout and "every record" in helped.stdout
    logged = journal_at(
        seeded, "log", "--start", "2026-03-03 20:00", "--intensity", "4", "--side", "left"
    )
    assert logged.returncode == 0, logged.stderr
    before = dump(seeded)
    refused = journal_at(seeded, "db", "downgrade", "base")
    assert refused.returncode == 2 and "--yes" in one_sentence(refused.stderr)
    for revision, named in (
        ("base", [b"episodes (2)", b"intakes (1)", b"remedies ("]),
        ("0002", [b"episodes.side (1)"]),
    ):
        proc, fd = _on_terminal(["db", "downgrade", revision])
        asked = _read_until(fd, b"[y/N]")
        assert b"drops, with what they hold" in asked and all(n in asked for n in named), asked
        os.write(fd, b"n\n")
        _read_until(fd, b"Nothing was changed")
        assert proc.wait(timeout=30) == 1
        os.close(fd)
    assert dump(seeded) == before


@pytest.mark.new_journal  # looks at every file under tmp_path
def test_15_pruning_keeps_apart_the_backups_of_two_journals_in_one_folder(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    first, second = folder / "journal.sqlite3", folder / "journal.db"
    for db in (first, second):
        assert journal_at(db, *LOG).returncode == 0
    mine = [journal_at(first, "backup").stdout.strip() for _ in range(2)]
    for _ in range(20):  # the newest 20 of journal.db are kept: none of its goes
        assert journal_at(second, "backup").returncode == 0
    left = sorted(p.name for p in (folder / "backups").iterdir())
    assert all(Path(m).name in left for m in mine), left
    assert len(left) == 22


def test_15_what_a_killed_restore_left_is_cleaned_at_the_next_run(seeded: Path) -> None:
    gone = subprocess.run(["true"], check=True)
    del gone
    dead = subprocess.Popen(["true"])
    dead.wait()
    folder = seeded.parent
    (folder / "backups").mkdir(exist_ok=True)
    leftovers = [
        folder / f".journal.sqlite3.restore-{dead.pid}.sqlite3",
        folder / f"..journal.sqlite3.restore-{dead.pid}.sqlite3.{dead.pid}.tmp",
        folder / "backups" / f".journal-20261120T080000123456Z-pre-restore.sqlite3.{dead.pid}.tmp",
    ]
    running = folder / f".journal.sqlite3.restore-{os.getpid()}.sqlite3"  # a restore at work
    for path in [*leftovers, running]:
        path.write_bytes(b"a whole copy of a journal")
    assert journal_at(seeded, "list").returncode == 0
    assert [p for p in leftovers if p.exists()] == []
    assert running.exists()


# -- 16: the small ones ---------------------------------------------------------------


def test_16_a_csv_row_naming_a_remedy_otherwise_is_reported(seeded: Path, tmp_path: Path) -> None:
    folder = _csv_with(seeded, tmp_path, "remedy", "Ibuprofen Forte")
    before = dump(seeded)
    result = journal_at(seeded, "import", str(folder))
    line = one_sentence(result.stderr)
    assert result.returncode == 2 and "line 2, field 'remedy'" in line and "ibuprofen" in line
    assert dump(seeded) == before


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///x?mode=memory"])
def test_16_an_in_memory_database_is_refused(tmp_path: Path, url: str) -> None:
    env = journal_env(tmp_path / "unused.sqlite3", JOURNAL_DB_URL=url)
    result = run_journal(LOG, env)
    assert result.returncode == 2 and "JOURNAL_DB_URL" in one_sentence(result.stderr)
    result = run_journal(["--db-url", url, *LOG], env)
    assert result.returncode == 2 and "--db-url" in one_sentence(result.stderr)


ARABIC_INDIC = "٣"  # U+0663, three in Arabic-Indic digits: int("٣") == 3 in Python


@pytest.mark.parametrize(
    "args",
    [
        ["log", "--start", "1h ago", "--intensity", ARABIC_INDIC],
        ["log", "--start", f"{ARABIC_INDIC}h ago", "--intensity", "3"],
        ["take", "ibuprofen", "--dose", "٤٠٠"],
        ["summary", "--weeks", ARABIC_INDIC],
        ["summary", "--month", "٢٠٢٦-03"],
        ["config", "set", "min-duration", "٣٠"],
        ["show", "١"],
    ],
    ids=["intensity", "ago", "dose", "weeks", "month", "min-duration", "id"],
)
def test_16_only_ascii_digits_are_numbers(seeded: Path, args: list[str]) -> None:
    before = dump(seeded)
    result = journal_at(seeded, *args)
    assert result.returncode == 2, result.stderr
    one_sentence(result.stderr.split("\n\n")[-1])
    assert dump(seeded) == before


def test_16_only_ascii_digits_are_numbers_in_a_csv(seeded: Path, tmp_path: Path) -> None:
    folder = _csv_with(seeded, tmp_path, "intensity", ARABIC_INDIC)
    result = journal_at(seeded, "import", str(folder))
    assert result.returncode == 2 and "'intensity'" in one_sentence(result.stderr)
