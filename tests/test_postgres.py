"""PostgreSQL as the journal's server: migrations, time zones, concurrent devices, retries.

Runs in the suite's PostgreSQL run (JOURNAL_TEST_PG_URL, see scripts/pg-test.sh and
tests/pg_backend.py); only the missing-driver tests run without a server.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest

from journal.storage.sql import HEAD_REVISION
from tests.conftest import Invoke
from tests.pg_backend import PG_URL, libpq_url
from tests.reliability import REPO, run_journal

needs_pg = pytest.mark.skipif(not PG_URL, reason="needs JOURNAL_TEST_PG_URL (make test-pg)")

BLOCK_PSYCOPG = (
    "import sys; sys.modules['psycopg'] = None; sys.argv = ['journal', 'list'];"
    " from cli import main; main()"
)

# The catalogue revision 0001 seeds, read from the revision itself (it keeps its own copy).
SEED_V1 = importlib.import_module("migrations.versions.0001_initial_schema").SEED_V1


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://someone@127.0.0.1:1/journal", "postgresql://someone@127.0.0.1:1/j"],
)
def test_without_psycopg_a_postgresql_url_is_one_sentence(url: str) -> None:
    env = dict(os.environ, JOURNAL_DB_URL=url)
    proc = subprocess.run(
        [sys.executable, "-c", BLOCK_PSYCOPG],
        env=env,
        cwd=str(REPO),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == (
        "Error: PostgreSQL needs the psycopg driver, which is not installed:"
        " pip install 'headache-journal[postgres]'.\n"
    )
    assert proc.stdout == ""


# A `journal` process that has done its imports and then waits for a common instant,
# so that several start their transactions within a millisecond or two of each other.
AT_THE_SAME_TIME = (
    "import sys, time; import cli, journal.storage.engine, journal.entries.episodes, psycopg;"
    " time.sleep(max(0.0, float(sys.argv[1]) - time.time()));"
    " sys.argv = ['journal', *sys.argv[2:]]; cli.main()"
)


def at_the_same_time(
    commands: list[list[str]], env: dict[str, str] | None = None
) -> list[tuple[int, str, str]]:
    """Run each command as its own `journal` process, all starting together."""
    instant = f"{time.time() + 2.5:.3f}"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", AT_THE_SAME_TIME, instant, *args],
            env=env,
            cwd=str(REPO),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        outcomes.append((proc.returncode, out, err))
    return outcomes


# -- everything below needs a server ---------------------------------------------------


def sql(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run one query on the journal's database, outside the program, and commit."""
    import psycopg

    with psycopg.connect(libpq_url(url)) as conn:
        cur = conn.execute(query, params)
        return cur.fetchall() if cur.description else []


@pytest.fixture
def url() -> str:
    return os.environ["JOURNAL_DB_URL"]


@pytest.fixture
def device_env(pg_database: str) -> Callable[[str], dict[str, str]]:
    """The environment of a device in ZONE using one journal in a database of its own."""

    def env(zone: str) -> dict[str, str]:
        out = dict(os.environ, JOURNAL_DB_URL=pg_database, JOURNAL_TZ=zone, TZ=zone)
        out.pop("JOURNAL_DB", None)
        return out

    return env


@needs_pg
def test_migrations_bring_a_new_database_to_head_and_back(
    run: Invoke, device_env: Callable[[str], dict[str, str]]
) -> None:
    env = device_env("Europe/Berlin")
    url = env["JOURNAL_DB_URL"]

    def journal(*args: str, code: int = 0) -> Any:
        proc = run_journal(args, env)
        assert proc.returncode == code, proc.stderr
        return proc

    assert journal("db", "current").stdout == "none\n"
    journal("db", "upgrade")
    assert journal("db", "current").stdout == HEAD_REVISION + "\n"
    assert journal("db", "check").stderr == "The schema matches the models.\n"
    assert sql(url, "SELECT count(*) FROM remedies") == [(len(SEED_V1),)]
    assert sql(url, "SELECT key, value FROM settings") == [("tz", "Europe/Berlin")]
    # The seeded ids did not leave the id sequence behind.
    added = json.loads(journal("remedies", "add", "Own Blend", "--class", "other", "--json").stdout)
    assert added["id"] == len(SEED_V1) + 1
    # 0002's backfill on the way up again: a two-hour episode gets 7200 seconds.
    journal("log", "--start", "2026-03-01 10:00", "--end", "2026-03-01 12:00", "--intensity", "4")
    journal("db", "downgrade", "0001", "--yes")
    assert sql(url, "SELECT version_num FROM alembic_version") == [("0001",)]
    journal("db", "upgrade")
    assert sql(url, "SELECT span_seconds FROM episodes") == [(7200,)]
    assert journal("db", "check").stderr == "The schema matches the models.\n"


@needs_pg
def test_first_use_from_four_processes_at_once_migrates_once(
    device_env: Callable[[str], dict[str, str]],
) -> None:
    env = device_env("Europe/Berlin")
    assert at_the_same_time([["list", "--json"]] * 4, env) == [(0, "[]\n", "")] * 4
    url = env["JOURNAL_DB_URL"]
    assert sql(url, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert sql(url, "SELECT count(*) FROM remedies") == [(len(SEED_V1),)]
    assert sql(url, "SELECT count(*) FROM settings") == [(1,)]


@needs_pg
def test_stored_times_are_instants_whatever_the_session_zone(
    url: str, run: Invoke, run_json: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # PGTZ sets the server session's zone through libpq; the server's own default is
    # Pacific/Auckland in make test-pg. None of them may shift a stored time.
    monkeypatch.setenv("PGTZ", "Asia/Kolkata")
    run("log", "--start", "2026-07-01 12:00", "--end", "2026-07-01 13:30", "--intensity", "5")
    monkeypatch.setenv("PGTZ", "America/Los_Angeles")
    shown = run_json("show", "1")
    assert (shown["start"], shown["end"]) == (
        "2026-07-01T12:00:00+02:00",
        "2026-07-01T13:30:00+02:00",
    )
    rows = sql(url, "SELECT start, pg_typeof(start)::text FROM episodes")
    assert rows == [(datetime(2026, 7, 1, 10, 0, tzinfo=UTC), "timestamp with time zone")]


@needs_pg
def test_two_devices_in_different_zones_log_at_once_into_one_journal(
    device_env: Callable[[str], dict[str, str]],
) -> None:
    berlin = device_env("Europe/Berlin")
    created = run_journal(["config", "set", "tz", "Europe/Berlin"], berlin)
    assert created.returncode == 0, created.stderr

    # New York (UTC-5 in early March): 20:00-22:00 on day k is 02:00-04:00 in Berlin on
    # day k+1. Tokyo (UTC+9): 07:30-08:30 on day 10+k is 23:30 on day 9+k to 00:30 on
    # day 10+k in Berlin, two headache days in the journal's zone.
    plans = {
        "America/New_York": [
            (f"2026-03-0{k} 20:00", f"2026-03-0{k} 22:00", "5", f"2026-03-0{k} 20:30")
            for k in range(1, 5)
        ],
        "Asia/Tokyo": [
            (f"2026-03-{10 + k} 07:30", f"2026-03-{10 + k} 08:30", "3", f"2026-03-{10 + k} 07:45")
            for k in range(1, 5)
        ],
    }

    def device(zone: str) -> list[tuple[int, int]]:
        env = device_env(zone)
        pairs = []
        for start, end, intensity, taken in plans[zone]:
            logged = run_journal(
                ["log", "--start", start, "--end", end, "--intensity", intensity, "--note", zone],
                env,
            )
            assert logged.returncode == 0, logged.stderr
            took = run_journal(["take", "ibuprofen", "--dose", "400", "--at", taken, "--json"], env)
            assert took.returncode == 0, took.stderr
            pairs.append((int(logged.stdout), json.loads(took.stdout)["episode_id"]))
        return pairs

    began = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(device, plans))
    elapsed = time.perf_counter() - began

    # Every dose was linked to the episode its own device had just logged.
    for pairs in results:
        assert [episode for episode, _ in pairs] == [linked for _, linked in pairs]
    items = json.loads(
        run_journal(["list", "--from", "2026-03-01", "--to", "2026-03-31", "--json"], berlin).stdout
    )
    episodes = [i for i in items if i["kind"] == "episode"]
    assert sorted((e["start"], e["note"]) for e in episodes) == sorted(
        [(f"2026-03-0{k + 1}T02:00:00+01:00", "America/New_York") for k in range(1, 5)]
        + [(f"2026-03-{9 + k}T23:30:00+01:00", "Asia/Tokyo") for k in range(1, 5)]
    )
    assert sorted(i["at"] for e in episodes for i in e["intakes"]) == sorted(
        [f"2026-03-0{k + 1}T02:30:00+01:00" for k in range(1, 5)]
        + [f"2026-03-{9 + k}T23:45:00+01:00" for k in range(1, 5)]
    )
    summary = json.loads(run_journal(["summary", "--month", "2026-03", "--json"], berlin).stdout)
    # Berlin days: 2-5 March (New York), 10-14 March (Tokyo, each crossing midnight).
    assert summary["headache_days"] == 9
    assert summary["moderate_severe_days"] == 4
    assert summary["medication_days"]["simple"] == 8
    print(f"two devices, 16 commands as separate processes: {elapsed:.1f} s")


class HeldRow:
    """Another device's open transaction that changed episode 1 and holds its row lock."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(libpq_url(url))
        self.watch = psycopg.connect(libpq_url(url), autocommit=True)
        self.conn.execute("UPDATE episodes SET note = 'from the other device' WHERE id = 1")

    def commit_once_someone_waits(self) -> threading.Thread:
        def wait_then_commit() -> None:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                waiting = self.watch.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE wait_event_type = 'Lock' AND datname = current_database()"
                ).fetchone()
                if waiting and waiting[0]:
                    break
                time.sleep(0.01)
            self.conn.commit()

        thread = threading.Thread(target=wait_then_commit)
        thread.start()
        return thread

    def close(self) -> None:
        self.conn.close()
        self.watch.close()


@pytest.fixture
def held_row(url: str, run: Invoke) -> Iterator[HeldRow]:
    run("log", "--start", "2h ago", "--intensity", "4")
    held = HeldRow(url)
    try:
        yield held
    finally:
        held.close()


@needs_pg
def test_a_command_cancelled_for_a_concurrent_change_is_rerun_and_loses_nothing(
    url: str, run: Invoke, held_row: HeldRow
) -> None:
    # `end` reads the ongoing episode, then updates it; the other device commits its own
    # update of the row in between, so the server cancels `end` (40001) and it reruns.
    committer = held_row.commit_once_someone_waits()
    result = run("end", "--intensity", "6", "--json")
    committer.join()
    ended = json.loads(result.stdout)  # one document: the cancelled run printed nothing
    # Only a rerun can have seen the note, committed after the first run had read.
    assert (ended["note"], ended["ongoing"], ended["intensity"]) == (
        "from the other device",
        False,
        6,
    )
    assert result.stderr == ""
    rows = sql(url, 'SELECT note, "end" IS NOT NULL, intensity FROM episodes')
    assert rows == [("from the other device", True, 6)]


@needs_pg
def test_without_reruns_the_conflict_is_one_sentence_and_changes_nothing(
    url: str, run: Invoke, held_row: HeldRow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("journal.api.base.WRITE_ATTEMPTS", 1)
    committer = held_row.commit_once_someone_waits()
    result = run("end", "--intensity", "6", "--json", code=1)
    committer.join()
    assert result.stdout == ""
    assert result.stderr == (
        "Error: Other devices kept changing the journal at the same moment;"
        " nothing was changed, try again.\n"
    )
    rows = sql(url, 'SELECT note, "end" IS NULL, intensity FROM episodes')
    assert rows == [("from the other device", True, 4)]


@needs_pg
def test_a_write_stuck_behind_a_lock_gives_up_as_busy(
    url: str, run: Invoke, held_row: HeldRow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNAL_BUSY_TIMEOUT_MS", "300")
    began = time.monotonic()
    result = run("end", code=1)
    assert time.monotonic() - began < 10
    assert (
        result.stderr == "Error: The journal is busy in another program; try again in a moment.\n"
    )
    held_row.conn.rollback()
    assert sql(url, 'SELECT note, "end" IS NULL FROM episodes') == [(None, True)]


@needs_pg
@pytest.mark.parametrize(
    ("scheme", "database", "message"),
    [
        ("postgres", None, None),
        ("postgresql", None, None),
        (
            "postgresql+psycopg",
            "no_such_journal",
            "Error: The database server has no database for {url}; create it first (createdb).\n",
        ),
    ],
)
def test_server_urls(
    run: Invoke,
    monkeypatch: pytest.MonkeyPatch,
    pg_database: str,
    scheme: str,
    database: str | None,
    message: str | None,
) -> None:
    from sqlalchemy.engine import make_url

    target = make_url(pg_database).set(drivername=scheme)
    if database:
        target = target.set(database=database)
    text = target.render_as_string(hide_password=False)
    monkeypatch.setenv("JOURNAL_DB_URL", text)
    if message is None:
        assert run("log", "--start", "1h ago", "--intensity", "3").stdout == "1\n"
    else:
        assert run("list", code=1).stderr == message.format(url=text)


@needs_pg
def test_simultaneous_read_then_write_commands_lose_no_update(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    # `end ID --intensity N` reads the peak and raises it if N is higher: eight devices at
    # once must leave the highest, 9. A lost update (one writing its N over a higher
    # peak it did not see) would leave less. (Under READ COMMITTED this test caught one
    # in about four runs; the rerun tests above catch it every time.)
    run("log", "--start", "2026-03-01 09:00", "--intensity", "3")
    ends = [["end", "1", "--at", "2026-03-01 12:00", "--intensity", str(n)] for n in range(2, 10)]
    assert at_the_same_time(ends) == [(0, "1\n", "Ended episode 1.\n")] * 8
    episode = run_json("show", "1")
    assert (episode["intensity"], episode["end"]) == (9, "2026-03-01T12:00:00+01:00")


@needs_pg
def test_a_journal_moves_sqlite_to_postgresql_to_sqlite_without_loss(
    run: Invoke, tmp_path: Any, pg_database: str
) -> None:
    first, last = (
        ["--db", str(tmp_path / "first.sqlite3")],
        ["--db", str(tmp_path / "last.sqlite3")],
    )
    server = ["--db-url", pg_database]
    run(*first, "config", "set", "tz", "America/New_York")
    run(*first, "config", "set", "min-duration", "30")
    run(*first, "log", "--start", "2026-03-01 20:00", "--end", "2026-03-02 09:00",
        "--intensity", "6", "--type", "migraine", "--symptom", "nausea", "--trigger", "red wine",
        "--aura", "--location", "left temple", "--missed", "work", "--reduced", "housework",
        "--note", "línea uno\nline two")  # fmt: skip
    run(*first, "take", "ibuprofen", "--dose", "400.5", "--at", "2026-03-01 21:00",
        "--relief", "partial", "--product", "Brand 400")  # fmt: skip
    run(*first, "remedies", "add", "Brand Migräne", "--class", "combination", "--unit", "tablet",
        "--alias", "BMX")  # fmt: skip
    run(*first, "take", "bmx", "--at", "2026-03-05 10:00")
    run(*first, "log", "--start", "2026-03-03 10:00", "--intensity", "2")
    run(*first, "delete", "2", "--yes")
    run(*first, "checkin", "--date", "2026-03-02", "--still-hurting", "--intensity", "4")
    run(*first, "mark", "menstruation", "--date", "2026-03-04", "--note", "day 1")

    def export(where: list[str], name: str) -> dict[str, Any]:
        out = tmp_path / name
        run(*where, "export", "--format", "json", "--out", str(out))
        data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        del data["exported"]  # the moment of export, the one field that must differ
        return data

    original = export(first, "first.json")
    run(*server, "import", str(tmp_path / "first.json"))
    on_server = export(server, "server.json")
    run(*last, "import", str(tmp_path / "server.json"))
    back = export(last, "last.json")
    assert on_server == original
    assert back == original
    assert [len(original[k]) for k in ("episodes", "intakes", "checkins", "markers")] == [
        2,
        2,
        1,
        1,
    ]
    assert {s["key"]: s["value"] for s in original["settings"]} == {
        "tz": "America/New_York",
        "min-duration": "30",
    }
    assert run(*server, "db", "check").stderr == "The schema matches the models.\n"


@needs_pg
def test_backup_of_a_server_journal_points_to_pg_dump(run: Invoke) -> None:
    assert run("backup", code=1).stderr == (
        "Error: Back up a PostgreSQL journal with pg_dump and restore it with pg_restore;"
        " journal backup and restore work on SQLite journal files only.\n"
    )
