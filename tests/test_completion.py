"""Shell completion through click's own protocol, on a real journal file, never writing it."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.shell_completion import get_completion_class
from click.testing import CliRunner

from cli import main
from tests.conftest import Invoke
from tests.reliability import JOURNAL, REPO, journal_env

pytestmark = pytest.mark.sqlite_only  # completion reads SQLite files only, by design


def complete(words: str, *, shell: str = "bash", env: dict[str, str] | None = None) -> list[str]:
    """What `journal` offers for the last word of WORDS (a trailing space: a new word)."""
    parts = shlex.split(words) + ([""] if words.endswith(" ") else [])
    environment = {
        "_JOURNAL_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        # bash and zsh give the index of the word; fish gives the word itself
        "COMP_CWORD": parts[-1] if shell == "fish" else str(len(parts) - 1),
        **(env or {}),
    }
    result = CliRunner().invoke(main, [], env=environment, prog_name="journal")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = [line for line in result.stdout.splitlines() if line]
    if shell == "bash":
        return [line.split(",", 1)[1] for line in lines]
    return lines


@pytest.fixture
def diary(run: Invoke, db_path: Path) -> Path:
    run("log", "--start", "2026-11-20 21:00", "--end", "2026-11-21 07:00", "--intensity", "6",
        "--type", "migraine", "--symptom", "nausea", "--trigger", "red wine")  # fmt: skip
    run("log", "--start", "2026-11-22 14:30", "--intensity", "3", "--symptom", "nausea",
        "--symptom", "light", "--trigger", "poor sleep")  # fmt: skip
    run("log", "--start", "2026-11-23 09:00", "--end", "2026-11-23 10:00", "--intensity", "2")
    run("delete", "3", "--yes")
    run("mark", "menstruation", "--date", "2026-11-20")
    run("mark", "menstruation", "--date", "2026-11-21")
    run("mark", "poor sleep", "--date", "2026-11-21")
    run("remedies", "add", "Migraleve", "--class", "combination", "--alias", "MigraPink")
    return db_path


@pytest.mark.usefixtures("diary")
def test_remedy_names_and_aliases_in_any_case() -> None:
    assert complete("journal take ibu") == ["ibuprofen"]
    assert complete("journal take IBU") == ["ibuprofen"]
    assert complete("journal take acet") == ["acetaminophen", "acetylsalicylic acid"]
    assert complete("journal take migra") == ["Migraleve", "MigraPink"]
    assert complete("journal edit-intake 1 --remedy suma") == ["sumatriptan"]


@pytest.mark.usefixtures("diary")
def test_remedies_come_with_what_they_are_in_zsh() -> None:
    out = complete("journal take para", shell="zsh")
    # zsh gets (type, value, help) triples
    assert out == [
        "plain", "paracetamol", "simple",
        "plain", "paracetamol+aspirin+caffeine", "combination",
        "plain", "paracetamol+codeine", "combination",
    ]  # fmt: skip
    assert complete("journal take migrap", shell="zsh") == [
        "plain",
        "MigraPink",
        "alias of Migraleve",
    ]


@pytest.mark.usefixtures("diary")
def test_episode_ids_with_their_local_dates() -> None:
    # Newest first; times in the journal's zone (Europe/Berlin in the tests).
    assert complete("journal show ", shell="zsh") == [
        "plain", "2", "Sun 22 Nov 2026 14:30, unknown, peak 3, ongoing",
        "plain", "1", "Fri 20 Nov 2026 21:00, migraine, peak 6",
    ]  # fmt: skip
    assert complete("journal end ") == ["2", "1"]
    assert complete("journal edit 1") == ["1"]
    assert complete("journal take ibuprofen --episode ") == ["2", "1"]
    assert complete("journal undelete ") == ["3"]  # only the deleted one
    assert complete("journal show x") == []


@pytest.mark.usefixtures("diary")
def test_tags_already_used_most_used_first() -> None:
    assert complete("journal mark ", shell="fish") == [
        "plain,menstruation\tused 2x",
        "plain,poor sleep\tused 1x",
    ]
    assert complete("journal mark Me") == ["menstruation"]
    assert complete("journal log --symptom ") == ["nausea", "light"]
    assert complete("journal edit 1 --trigger r") == ["red wine"]
    assert complete("journal unmark ", shell="zsh")[:3] == [
        "plain",
        "3",
        "Sat 21 Nov 2026, poor sleep",
    ]


def test_chart_kinds_and_other_choices() -> None:
    assert complete("journal chart ") == [
        "days",
        "intensity",
        "calendar",
        "remedies",
        "persistence",
        "preventive",
        "patterns",
    ]
    assert complete("journal chart CAL") == ["calendar"]
    assert complete("journal log --type mi") == ["migraine"]
    assert complete("journal completion ") == ["bash", "zsh", "fish"]


@pytest.mark.usefixtures("diary")
def test_completion_never_writes_the_journal(db_path: Path) -> None:
    folder = db_path.parent
    before = sorted(os.listdir(folder))
    content, stat = db_path.read_bytes(), db_path.stat()
    for words in ["journal take ", "journal show ", "journal mark ", "journal log --symptom "]:
        assert complete(words)
    assert db_path.read_bytes() == content
    assert db_path.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(os.listdir(folder)) == before  # not even a -wal or -shm beside it


def test_a_journal_being_written_is_read_with_its_log(db_path: Path, run: Invoke) -> None:
    run("mark", "alcohol", "--date", "2026-11-20")
    writer = sqlite3.connect(db_path)  # holds the write-ahead log open, as a writer would
    try:
        writer.execute("INSERT INTO day_markers (uuid, created, updated, day, tag) VALUES "
                       "('u-1', '2026-11-21 00:00:00', '2026-11-21 00:00:00', '2026-11-21', "
                       "'caffeine')")  # fmt: skip
        writer.commit()
        assert Path(f"{db_path}-wal").exists()
        assert complete("journal mark ") == ["alcohol", "caffeine"]
    finally:
        writer.close()


@pytest.mark.new_journal
def test_no_journal_no_completions_and_no_file(db_path: Path) -> None:
    assert complete("journal take ibu") == []
    assert complete("journal show ") == []
    assert not db_path.exists() and not db_path.parent.exists()


def test_a_server_journal_is_not_contacted(db_path: Path) -> None:
    url = "postgresql+psycopg://me:secret@db.example.invalid/journal"
    assert complete("journal take ibu", env={"JOURNAL_DB_URL": url}) == []
    assert complete(f"journal --db-url {url} show ") == []


@pytest.mark.usefixtures("diary")
def test_the_db_option_on_the_line_is_the_journal_completed(tmp_path: Path, run: Invoke) -> None:
    made = tmp_path / "other" / "journal.sqlite3"
    run("--db", str(made), "mark", "dentist", "--date", "2026-11-20")
    # A folder name that means something in a URI: quoted, it still names the folder.
    other = tmp_path / "odd ?#% name" / "journal.sqlite3"
    other.parent.mkdir()
    shutil.copyfile(made, other)
    assert complete(f"journal --db {shlex.quote(str(other))} mark ") == ["dentist"]
    assert complete("journal mark ") == ["menstruation", "poor sleep"]  # JOURNAL_DB's


@pytest.mark.new_journal
def test_an_old_or_damaged_file_gives_nothing(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert complete("journal take ibu") == []
    con = sqlite3.connect(db_path.parent / "old.sqlite3")
    con.execute("CREATE TABLE remedies (id INTEGER)")
    con.close()
    assert complete(f"journal --db {db_path.parent / 'old.sqlite3'} take ibu") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_clicks_own_script(run: Invoke, shell: str) -> None:
    shell_class = get_completion_class(shell)
    assert shell_class is not None
    expected = shell_class(main, {}, "journal", "_JOURNAL_COMPLETE").source()
    assert run("completion", shell).stdout == expected + "\n"
    assert "_JOURNAL_COMPLETE" in expected


@pytest.mark.usefixtures("diary")
def test_completion_in_a_real_process(db_path: Path) -> None:
    env = journal_env(db_path, _JOURNAL_COMPLETE="bash_complete",
                      COMP_WORDS="journal take sumat", COMP_CWORD="2")  # fmt: skip
    proc = subprocess.run(JOURNAL, env=env, cwd=str(REPO), capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "plain,sumatriptan\n", "")


@pytest.mark.parametrize(
    "words",
    [
        "journal --db ",
        "journal export --format json --out ",
        "journal import ",
        "journal backup ",
        "journal restore ",
        "journal chart days --out ",
        "journal report --out ",
    ],
)
def test_paths_complete_as_file_names(words: str) -> None:
    """The shell's own file completion: click says "file" and the shell lists the folder."""
    environment = {"_JOURNAL_COMPLETE": "bash_complete", "COMP_WORDS": words,
                   "COMP_CWORD": str(len(shlex.split(words)))}  # fmt: skip
    result = CliRunner().invoke(main, [], env=environment, prog_name="journal")
    assert result.stdout.splitlines() == ["file,"]
