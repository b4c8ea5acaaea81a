"""SIGKILL real `journal` writers in the middle of their write; nothing may be lost or torn.

How the kills are aimed. A write command spends most of its run starting up; its
transaction (BEGIN IMMEDIATE to COMMIT) is a few milliseconds near the end, before it
tidies up and exits, so a kill at a uniformly random moment would rarely land in it.
Instead the harness watches the child from outside, with no hook in the program:
SQLite's WAL locks are POSIX byte-range locks on the journal's -shm file, which Linux
lists in /proc/locks under the holder's pid, and a child holding the WAL write lock
together with a read mark is inside its write transaction. The parent sleeps through
the start-up (half the quickest time to that point seen so far), polls /proc/locks
every half millisecond, and once the child is in its transaction waits a random 0-150%
of the transaction's length in an unkilled calibration run, or only until the commit
if that comes first, and sends SIGKILL. So kills land anywhere from BEGIN to just
after COMMIT, the commit's own writes included. Without /proc/locks the kill falls at
a random 60-100% of the calibrated run time.

How many. A busy machine makes the child slow and the parent late, so some kills fall
after the commit or find the child already gone. The harness does not count on a share
of them landing well: it keeps running and killing commands until KILLS kills have
landed inside the write transaction, on both sides of the commit, and fails only if
that takes more than MAX_RUNS runs (a broken aim, not a slow machine).

After every kill: integrity_check is ok, foreign_key_check is empty, every record of
every earlier command that succeeded is still there, and the killed command's own
change is either entirely there or entirely absent, compared with the journal just
before it ran, row by row. The default run lands 12 kills inside the transaction;
`make soak` lands 1,000 (JOURNAL_SOAK_KILLS).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from cli import main
from journal.storage.sql import HEAD_REVISION
from tests.conftest import TEST_TZ, Invoke
from tests.reliability import JOURNAL, REPO, assert_healthy, connect, journal_env

pytestmark = pytest.mark.sqlite_only  # about SQLite files and processes on them

# Kills that must land inside a write transaction (the first-use migration test: kills
# that must land while its command still runs), and the most runs either may take.
KILLS = int(os.environ.get("JOURNAL_SOAK_KILLS", "12"))
MIGRATION_KILLS = max(8, KILLS // 10)
MAX_RUNS = 10 * KILLS + 100
MAX_MIGRATION_RUNS = 10 * MIGRATION_KILLS + 20
# How often the parent looks at the child's locks: far below a transaction's length, and
# far above the cost of a look, so the watching parent leaves the CPU to the child.
POLL = 0.0005
SEED = int(os.environ.get("JOURNAL_CRASH_SEED", str(random.randrange(1 << 30))))
WAL_WRITE_LOCK = "120"  # byte offsets of SQLite's WAL locks in the -shm file
WAL_READ_MARKS = {"123", "124", "125", "126", "127"}
LOCKS = Path("/proc/locks")
# The catalogue's ibuprofen: its uuid is fixed by revision 0001 (journal/catalogue.py).
IBUPROFEN_UUID = "75b140ca-a9ae-5081-8131-af1f5c3b5276"

Rows = dict[tuple[str, Any], dict[str, Any]]


def snapshot(db: Path) -> Rows:
    """Every row of every table as a dict, keyed by (table, id or first column)."""
    con = connect(db)
    con.row_factory = sqlite3.Row
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        out: Rows = {}
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"'):
                record = dict(row)
                out[(table, record.get("id", row[0]))] = record
        return out
    finally:
        con.close()


def changed_keys(before: Rows, after: Rows) -> set[tuple[str, Any]]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def table(rows: Rows, name: str) -> list[dict[str, Any]]:
    return [r for (t, _), r in sorted(rows.items(), key=lambda kv: str(kv[0])) if t == name]


def stamp(text: str) -> datetime:
    return datetime.fromisoformat(text)


def latest(episodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The latest-starting episode (ties: highest id), as the program picks one."""
    return max(episodes, key=lambda e: (e["start"], e["id"]), default=None)


def live(rows: Rows) -> list[dict[str, Any]]:
    return [e for e in table(rows, "episodes") if e["deleted"] is None]


def ongoing(rows: Rows) -> dict[str, Any] | None:
    return latest([e for e in live(rows) if e["end"] is None])


def one_new(before: Rows, after: Rows, name: str) -> dict[str, Any]:
    new = [r for (t, k), r in after.items() if t == name and (t, k) not in before]
    assert len(new) == 1, new
    return new[0]


def the_changed(before: Rows, after: Rows, name: str) -> dict[str, Any]:
    rows = [after[k] for k in changed_keys(before, after) if k[0] == name and k in after]
    assert len(rows) == 1, rows
    return rows[0]


def same_but(old: dict[str, Any], new: dict[str, Any], *columns: str) -> None:
    """NEW equals OLD except in COLUMNS (and `updated`)."""
    ignore = {"updated", *columns}
    assert {k: v for k, v in old.items() if k not in ignore} == {
        k: v for k, v in new.items() if k not in ignore
    }


# -- the commands: arguments for the n-th run, and what a complete run leaves ----------
# Each expect(n, before, after) asserts the command's whole effect is in AFTER and
# returns the keys it changed; the harness asserts nothing else changed. A row per
# command: adding a command to the harness is one line in OPS.


def log_ongoing_args(n: int, before: Rows, folder: Path) -> list[str]:
    return ["log", "--start", "20m ago", "--intensity", str(n % 11), "--type", "migraine",
            "--symptom", "nausea", "--trigger", f"t{n}", "--note", f"crash-{n}"]  # fmt: skip


def log_ongoing(n: int, before: Rows, after: Rows) -> set[tuple[str, Any]]:
    ep = one_new(before, after, "episodes")
    assert (ep["note"], ep["intensity"], ep["type"]) == (f"crash-{n}", n % 11, "migraine")
    assert (ep["symptoms"], ep["triggers"]) == ('["nausea"]', f'["t{n}"]')
    assert ep["end"] is None and ep["span_seconds"] is None and ep["deleted"] is None
    return {("episodes", ep["id"])}


def log_finished_args(n: int, before: Rows, folder: Path) -> list[str]:
    return ["log", "--start", "3h ago", "--end", "2h ago", "--intensity", "5",
            "--note", f"crash-{n}"]  # fmt: skip


def log_finished(n: int, before: Rows, after: Rows) -> set[tuple[str, Any]]:
    ep = one_new(before, after, "episodes")
    assert (ep["note"], ep["intensity"]) == (f"crash-{n}", 5)
    assert stamp(ep["end"]) - stamp(ep["start"]) == timedelta(hours=1)
    assert ep["span_seconds"] == 3600
    return {("episodes", ep["id"])}


def take_args(n: int, before: Rows, folder: Path) -> list[str]:
    return ["take", "ibuprofen", "--dose", "400", "--product", f"crash-{n}"]


def take(n: int, before: Rows, after: Rows) -> set[tuple[str, Any]]:
    intake = one_new(before, after, "intakes")
    ibuprofen = next(r for r in table(before, "remedies") if r["key"] == "ibuprofen")
    assert (intake["product"], intake["dose"], intake["unit"]) == (f"crash-{n}", 400.0, "mg")
    assert intake["remedy_id"] == ibuprofen["id"]
    # Linked to the latest-starting live episode whose span holds the dose's time.
    at = intake["at"]
    holding = latest([e for e in live(before) if e["start"] <= at and (e["end"] or "~") >= at])
    assert intake["episode_id"] == (holding["id"] if holding else None)
    return {("intakes", intake["id"])}


def end_args(n: int, before: Rows, folder: Path) -> list[str]:
    return ["end", "--intensity", str(n % 11)]


def end(n: int, before: Rows, after: Rows) -> set[tuple[str, Any]]:
    target = ongoing(before)
    assert target is not None, "end succeeded with no ongoing episode"
    ep = after[("episodes", target["id"])]
    assert ep["end"] is not None
    assert ep["span_seconds"] == int((stamp(ep["end"]) - stamp(ep["start"])).total_seconds())
    old = target["intensity"]
    assert ep["intensity"] == (n % 11 if old is None else max(old, n % 11))
    same_but(target, ep, "end", "span_seconds", "intensity")
    return {("episodes", ep["id"])}


def checkin_clear_args(n: int, before: Rows, folder: Path) -> list[str]:
    return ["checkin", "--clear"]


def checkin_clear(n: int, before: Rows, after: Rows) -> set[tuple[str, Any]]:
    row = the_changed(before, after, "checkins")
    target = ongoing(before)
    assert (row["status"], row["intensity"]) == ("clear", None)
    assert row["episode_id"] == (target["id"] if target else None)
    if target is None:
        return {("checkins", row["id"])}
    ep = after[("episodes", target["id"])]
    assert ep["end"] == row["at"]  # the check-in and the episode's end, together or not at all
    same_but(target, ep, "end", "span_seconds")
    return {("checkins", row["id"]), ("episodes", ep["id"])}


def checkin_still_args(n: int, before: Rows, folder: Path) -> list[str]:
    return ["checkin", "--still-hurting", "--intensity", "3"]


def checkin_still(n: int, before: Rows, after: Rows) -> set[tuple[str, Any]]:
    row = the_changed(before, after, "checkins")
    assert (row["status"], row["intensity"]) == ("still", 3)
    # The latest-starting live episode touching the check-in's yesterday (local days).
    zone = ZoneInfo(TEST_TZ)
    yesterday = date.fromisoformat(row["day"]) - timedelta(days=1)

    def utc_text(day: date) -> str:
        start = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(ZoneInfo("UTC"))
        return start.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")

    lo, hi = utc_text(yesterday), utc_text(yesterday + timedelta(days=1))
    target = latest([e for e in live(before) if e["start"] < hi and (e["end"] or "~") >= lo])
    assert target is not None and row["episode_id"] == target["id"]
    ep = after[("episodes", target["id"])]
    # Today's check-in: an episode ended before this morning began goes on; one that
    # ended this morning (at or after midnight, hi) keeps its end.
    if target["end"] is not None and target["end"] >= hi:
        assert (ep["end"], ep["span_seconds"]) == (target["end"], target["span_seconds"])
    else:
        assert ep["end"] is None and ep["span_seconds"] is None
    old = target["intensity"]
    assert ep["intensity"] == (3 if old is None else max(old, 3))
    same_but(target, ep, "end", "span_seconds", "intensity")
    return {("checkins", row["id"]), ("episodes", ep["id"])}


def newest_live_id(rows: Rows) -> int:
    return max(e["id"] for e in live(rows))


def edit_args(n: int, before: Rows, folder: Path) -> list[str]:
    return ["edit", str(newest_live_id(before)), "--note", f"edited-{n}",
            "--intensity", str(n % 11), "--symptom", f"s{n}", "--symptom", "light"]  # fmt: skip


def edit(n: int, before: Rows, after: Rows) -> set[tuple[str, Any]]:
    key = ("episodes", newest_live_id(before))
    ep = after[key]
    assert (ep["note"], ep["intensity"], ep["symptoms"]) == (
        f"edited-{n}",
        n % 11,
        f'["s{n}", "light"]',
    )
    same_but(before[key], ep, "note", "intensity", "symptoms")
    return {key}


def import_args(n: int, before: Rows, folder: Path) -> list[str]:
    """A json export (format 1) of two episodes, two doses and a day marker, new uuids."""
    now = datetime.now(UTC)

    def ago(hours: float) -> str:
        return (now - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    episode = {
        "end": None,
        "intensity": 4,
        "type": "tension",
        "aura": False,
        "symptoms": [],
        "triggers": [],
        "location": None,
        "missed": [],
        "reduced": [],
        "deleted": None,
    }
    intake = {"remedy": IBUPROFEN_UUID, "episode": first, "dose": 200.0, "unit": "mg",
              "relief": None, "product": f"imp-{n}", "deleted": None}  # fmt: skip
    data = {
        "format": "headache-journal", "version": 1, "exported": ago(0), "from": None,
        "to": None, "settings": [], "remedies": [], "checkins": [],
        "episodes": [
            {**episode, "uuid": first, "start": ago(9), "end": ago(8), "note": f"imp-{n}-a",
             "created": ago(8), "updated": ago(8)},
            {**episode, "uuid": second, "start": ago(7), "end": ago(6), "note": f"imp-{n}-b",
             "created": ago(6), "updated": ago(6)},
        ],
        "intakes": [
            {**intake, "uuid": str(uuid.uuid4()), "at": ago(8.5), "created": ago(8),
             "updated": ago(8)},
            {**intake, "uuid": str(uuid.uuid4()), "at": ago(8.2), "created": ago(8),
             "updated": ago(8)},
        ],
        "markers": [{"uuid": str(uuid.uuid4()), "day": str(date.today()), "tag": f"imp-{n}",
                     "note": None, "created": ago(0), "updated": ago(0)}],
    }  # fmt: skip
    path = folder / f"import-{n}.json"
    path.write_text(json.dumps(data))
    return ["import", str(path)]


def imported(n: int, before: Rows, after: Rows) -> set[tuple[str, Any]]:
    """All five records of the file, or (the harness checks) none of them."""
    new = {k: r for k, r in after.items() if k not in before}
    episodes = sorted((r for (t, _), r in new.items() if t == "episodes"), key=lambda r: r["note"])
    assert [e["note"] for e in episodes] == [f"imp-{n}-a", f"imp-{n}-b"]
    assert all(e["span_seconds"] == 3600 for e in episodes)
    intakes = [r for (t, _), r in new.items() if t == "intakes"]
    ibuprofen = next(r for r in table(before, "remedies") if r["key"] == "ibuprofen")
    assert len(intakes) == 2
    assert all(i["episode_id"] == episodes[0]["id"] for i in intakes)
    assert all((i["remedy_id"], i["product"]) == (ibuprofen["id"], f"imp-{n}") for i in intakes)
    markers = [r for (t, _), r in new.items() if t == "day_markers"]
    assert [m["tag"] for m in markers] == [f"imp-{n}"]
    return set(new)


@dataclass(frozen=True)
class Op:
    name: str
    args: Callable[[int, Rows, Path], list[str]]
    expect: Callable[[int, Rows, Rows], set[tuple[str, Any]]]
    may_refuse: bool = False  # exit 1 with nothing changed is a right answer (nothing to end)


OPS = [
    Op("log", log_ongoing_args, log_ongoing),
    Op("take", take_args, take),
    Op("edit", edit_args, edit),
    Op("end", end_args, end, may_refuse=True),
    Op("log-finished", log_finished_args, log_finished),
    Op("checkin-clear", checkin_clear_args, checkin_clear),
    Op("log", log_ongoing_args, log_ongoing),
    Op("checkin-still", checkin_still_args, checkin_still),
    Op("import", import_args, imported),
]


# -- aiming -----------------------------------------------------------------------------


def wal_locks(pid: int) -> tuple[bool, bool]:
    """(holds the WAL write lock, holds a read mark) for PID, from /proc/locks.

    SQLite's WAL locks are POSIX byte-range locks in the -shm file: the write lock is
    byte 120, the read marks bytes 123-127. A writer takes both at BEGIN IMMEDIATE
    (WAL recovery at open takes byte 120 too, but with no read mark) and may swap one
    read mark for another mid-transaction; it lets go of byte 120 at COMMIT.
    """
    write = read_mark = False
    with open(LOCKS, encoding="ascii", errors="replace") as fh:
        for line in fh:
            parts = line.split()
            # "1: POSIX  ADVISORY  WRITE 4242 00:2f:1234 120 120"; waiters have "->".
            if len(parts) != 8 or parts[4] != str(pid):
                continue
            if parts[3] == "WRITE" and parts[6] == parts[7] == WAL_WRITE_LOCK:
                write = True
            elif parts[3] == "READ" and parts[6] == parts[7] and parts[6] in WAL_READ_MARKS:
                read_mark = True
    return write, read_mark


@dataclass
class Timing:
    """From an unkilled run, in seconds: to its first write transaction, that
    transaction's length, from its start to the end of the last one, the whole run."""

    lock_at: float = 0.2
    lock_for: float = 0.015
    busy_for: float = 0.015
    total: float = 0.3


def watch(proc: subprocess.Popen[bytes], started: float) -> tuple[float, float, float]:
    """Poll PROC's locks until it exits: times of its first BEGIN, first and last COMMIT."""
    took = released = last = 0.0
    held_before = False
    while proc.poll() is None and time.monotonic() - started < 60:
        write, read_mark = wal_locks(proc.pid)
        held = write and (read_mark or held_before)
        now = time.monotonic() - started
        if held and not took:
            took = now
        if held_before and not held:
            released, last = released or now, now
        held_before = held
        time.sleep(POLL)
    return took, released, last


@dataclass
class Tally:
    kills: int = 0  # the child was still running when SIGKILL arrived
    in_transaction: int = 0  # ... while holding the write lock
    landed_before_commit: int = 0  # killed; its change is absent
    landed_after_commit: int = 0  # killed; its change is complete
    finished: int = 0  # exited on its own before the kill
    refused: int = 0  # exited 1 with nothing changed (e.g. nothing ongoing to end)
    timings: dict[str, Timing] = field(default_factory=dict)


def spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*JOURNAL, *args],
        env=env,
        cwd=str(REPO),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def run_and_kill(
    args: list[str],
    env: dict[str, str],
    timing: Timing,
    rng: random.Random,
    tally: Tally,
    *,
    through_all: bool = False,
) -> tuple[int, bytes]:
    """Run ARGS and SIGKILL it at an aimed moment; (returncode, stderr).

    The kill comes a random 0-150% of the first transaction's calibrated length after
    it began, or right after its commit if that comes sooner; THROUGH_ALL spreads it
    instead over every transaction of the run (a migration, then the command's own).
    """
    started = time.monotonic()
    proc = spawn(args, env)
    inside = entered = False
    if LOCKS.exists():
        # The machine's load varies: sleep through half the quickest start-up seen, and
        # if the child was done before the watch began, aim earlier next time.
        time.sleep(0.5 * timing.lock_at)
        if proc.poll() is not None:
            timing.lock_at *= 0.5
        span = timing.busy_for if through_all else timing.lock_for
        delay = rng.uniform(0, 1.5 * span)
        since = deadline = started + 10 * timing.total + 5
        while proc.poll() is None and time.monotonic() < deadline:
            write, read_mark = wal_locks(proc.pid)
            inside = write and (read_mark or entered)
            now = time.monotonic()
            if inside and not entered:
                entered, since = True, now
                timing.lock_at = min(timing.lock_at, now - started)
            if entered and (now - since >= delay or (not inside and not through_all)):
                break
            time.sleep(POLL)
    else:
        time.sleep(rng.uniform(0.6, 1.0) * timing.total)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == -signal.SIGKILL:
        tally.kills += 1
        tally.in_transaction += inside
    return proc.returncode, err


def calibrate(args: list[str], env: dict[str, str]) -> tuple[Timing, int, bytes]:
    started = time.monotonic()
    proc = spawn(args, env)
    took, released, last = watch(proc, started) if LOCKS.exists() else (0.0, 0.0, 0.0)
    _, err = proc.communicate(timeout=60)
    total = time.monotonic() - started
    timing = Timing(
        lock_at=took or 0.7 * total,
        lock_for=(released - took) if took and released > took else 0.015,
        busy_for=(last - took) if took and last > took else 0.015,
        total=total,
    )
    return timing, proc.returncode, err


# -- the harness ------------------------------------------------------------------------


def judge(op: Op, n: int, code: int, err: bytes, before: Rows, after: Rows, tally: Tally) -> bool:
    """Check one run's outcome; True when its change is (completely) in the journal."""
    assert b"Traceback" not in err, err.decode("utf-8", "replace")
    if not changed_keys(before, after):
        if code == 0:
            raise AssertionError(f"{op.name} #{n} exited 0 but changed nothing")
        if code == 1:
            assert op.may_refuse, err
            tally.refused += 1
        else:
            assert code == -signal.SIGKILL, (code, err)
            tally.landed_before_commit += 1
        return False
    assert code in (0, -signal.SIGKILL), (op.name, code, err)
    expected = op.expect(n, before, after)
    assert changed_keys(before, after) == expected, (op.name, n)
    if code == 0:
        tally.finished += 1
    else:
        tally.landed_after_commit += 1
    return True


def uuids(rows: Rows) -> set[tuple[str, str]]:
    return {(t, r["uuid"]) for (t, _), r in rows.items() if "uuid" in r}


@pytest.fixture
def seeded_for_crashes(run: Invoke, migrated_db: Path) -> Path:
    # An episode from three days ago to now touches every "yesterday" the run can see.
    run("log", "--start", "72h ago", "--end", "now", "--intensity", "4", "--note", "seed")
    run("log", "--start", "10m ago", "--intensity", "2", "--note", "seed-ongoing")
    return migrated_db


def test_sigkill_mid_write_loses_nothing_and_tears_nothing(
    seeded_for_crashes: Path, record_property: Callable[[str, object], None]
) -> None:
    db = seeded_for_crashes
    env = journal_env(db)
    rng = random.Random(SEED)
    tally = Tally()
    kept: set[tuple[str, str]] = uuids(snapshot(db))  # records that must never go away
    before = snapshot(db)
    # One unkilled run of each command: its timings, and proof that it works at all.
    for n, op in enumerate(OPS):
        timing, code, err = calibrate(op.args(n, before, db.parent), env)
        after = snapshot(db)
        assert code == 0 and judge(op, n, code, err, before, after, tally), err
        tally.timings[op.name] = timing
        kept |= uuids(after)
        before = after
    n = len(OPS)
    while not aimed_enough(tally):
        assert n - len(OPS) < MAX_RUNS, f"the aim is broken: {tally} (seed {SEED})"
        op = OPS[n % len(OPS)]
        code, err = run_and_kill(
            op.args(n, before, db.parent), env, tally.timings[op.name], rng, tally
        )
        assert_healthy(db)
        after = snapshot(db)
        judge(op, n, code, err, before, after, tally)
        assert kept <= uuids(after), f"records lost after {op.name} #{n} (seed {SEED})"
        kept |= uuids(after)
        before = after
        n += 1
    summary = (
        f"{n - len(OPS)} runs, {tally.kills} kills ({tally.in_transaction} inside the write "
        f"transaction): {tally.landed_before_commit} before the commit, "
        f"{tally.landed_after_commit} after; {tally.finished} finished first, "
        f"{tally.refused} refused; seed {SEED}"
    )
    record_property("crash", summary)
    print(summary)


def aimed_enough(tally: Tally) -> bool:
    """KILLS kills inside the write transaction, and kills on both sides of the commit.

    Without /proc/locks nothing tells where a kill fell: KILLS kills of a running child.
    """
    if not LOCKS.exists():
        return tally.kills >= KILLS
    return (
        tally.in_transaction >= KILLS
        and tally.landed_before_commit > 0
        and tally.landed_after_commit > 0
    )


# -- a kill during the first-use migration ----------------------------------------------


def schema_version(db: Path) -> str | None:
    con = connect(db)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except sqlite3.OperationalError:
        return None
    finally:
        con.close()


def test_sigkill_during_the_first_use_migration(
    tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    """A journal at 0001 is migrated by the first `log`: kill it anywhere in that."""
    from tests.test_migrations import seed_0001

    template = tmp_path / "template.sqlite3"
    seed_0001(template)
    start = snapshot(template)
    rng = random.Random(SEED)
    timing: Timing | None = None
    outcomes: dict[str, int] = {"0001": 0, "head, log absent": 0, "head, log present": 0}
    kills = n = 0
    # Run 0 is unkilled (its timings, and proof the first use migrates at all); then kill
    # runs until MIGRATION_KILLS kills found the command still running.
    while n == 0 or kills < MIGRATION_KILLS:
        assert n <= MAX_MIGRATION_RUNS, f"the aim is broken: {kills} kills in {n - 1} runs"
        db = tmp_path / f"run{n}" / "journal.sqlite3"
        db.parent.mkdir(mode=0o700)
        shutil.copy2(template, db)
        env = journal_env(db)
        args = ["log", "--start", "5m ago", "--intensity", "3", "--note", f"m{n}"]
        if timing is None:
            timing, code, err = calibrate(args, env)
            assert code == 0, err
        else:
            tally = Tally()
            code, err = run_and_kill(args, env, timing, rng, tally, through_all=True)
            kills += tally.kills
        assert b"Traceback" not in err
        assert_healthy(db)
        after = snapshot(db)
        if schema_version(db) == "0001":
            assert after == start
            outcomes["0001"] += 1
        else:
            assert schema_version(db) == HEAD_REVISION
            mine = [r for (t, _), r in after.items() if t == "episodes" and r["note"] == f"m{n}"]
            rest = {k: r for k, r in after.items() if r not in mine and k[0] != "alembic_version"}
            old = {k: r for k, r in start.items() if k[0] != "alembic_version"}
            # every row kept, its 0001 columns unchanged (later revisions only add columns)
            assert set(rest) == set(old)
            assert {k: {c: rest[k][c] for c in r} for k, r in old.items()} == old
            outcomes[f"head, log {'present' if mine else 'absent'}"] += 1
        # Any finished backup is a whole copy of the journal as it was.
        for backup in (db.parent / "backups").glob("*.sqlite3"):
            if not backup.name.startswith("."):
                assert_healthy(backup)
                assert snapshot(backup) == start
        # And the journal works afterwards, whatever state the kill left (checked in-process,
        # on a connection of its own as a new process would open; real processes were killed).
        again = CliRunner().invoke(main, ["--db", str(db), "list"])
        assert again.exit_code == 0, again.output
        n += 1
    summary = f"{kills} kills in {n - 1} runs during first-use migration: {outcomes}; seed {SEED}"
    record_property("migration-crash", summary)
    print(summary)
