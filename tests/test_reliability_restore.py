"""Restore and import under fire: SIGKILL, Ctrl-C, and other programs writing meanwhile.

Real `journal` processes on real files. The kills and interrupts are aimed as in
test_reliability_crash.py: the harness watches the child's WAL locks in /proc/locks
and strikes a random moment from its BEGIN IMMEDIATE to just after its COMMIT.

- SIGKILL during `restore`: the journal is the old one or the backup's, never a mix;
  any pre-restore copy is the old journal whole; the next command cleans the staged
  copy the killed one left.
- Ctrl-C during `restore` and `import`: no traceback; exit 0 means the change is in
  and was reported, exit 130 "nothing was changed" means the journal is as it was.
- Four processes logging while a restore runs: every acknowledged `log` is in the
  pre-restore copy or the restored journal; a writer that could not wait says "busy".

`make test` runs 3 rounds of each; `make soak` runs more (JOURNAL_SOAK_KILLS). Run as a
module, this file is the logging worker: `python -m tests.test_reliability_restore K STOP_FILE`.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.reliability import REPO, assert_healthy, journal_env, plain_copy
from tests.test_reliability_crash import (
    SEED,
    Tally,
    Timing,
    calibrate,
    run_and_kill,
    snapshot,
    wal_locks,
)

pytestmark = pytest.mark.sqlite_only  # about SQLite files and processes on them

SOAK = int(os.environ.get("JOURNAL_SOAK_KILLS", "0"))
ROUNDS = max(10, SOAK // 10) if SOAK else 3
WRITERS = 4


def sample(path: Path, days: int, seed: int) -> Path:
    sys.path.insert(0, str(REPO / "scripts"))
    from sample import build

    build(path, days, end=date.today() - timedelta(days=1), seed=seed).close()
    return path


@pytest.fixture(scope="module")
def journals(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the journal as it is, a backup of another, bigger one), built once."""
    folder = tmp_path_factory.mktemp("templates")
    old = plain_copy(sample(folder / "a-live.sqlite3", 90, 3), folder / "old.sqlite3")
    new = plain_copy(sample(folder / "b-live.sqlite3", 700, 11), folder / "backup.sqlite3")
    return old, new


def fresh_journal(template: Path, folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700)
    db = folder / "journal.sqlite3"
    shutil.copyfile(template, db)
    os.chmod(db, 0o600)
    return db


def pre_restore_copies(db: Path) -> list[Path]:
    return sorted((db.parent / "backups").glob("*-pre-restore.sqlite3"))


# -- SIGKILL ----------------------------------------------------------------------------


def test_sigkill_during_restore_leaves_one_journal_or_the_other(
    journals: tuple[Path, Path], tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    old, backup = journals
    want_old, want_new = snapshot(old), snapshot(backup)
    rng = random.Random(SEED)
    args = ["restore", str(backup), "--yes"]
    db = fresh_journal(old, tmp_path / "calibrate")
    timing, code, err = calibrate(args, journal_env(db))
    assert code == 0 and snapshot(db) == want_new, err
    tally, outcomes = Tally(), {"old": 0, "restored": 0}
    for n in range(ROUNDS):
        db = fresh_journal(old, tmp_path / f"run{n}")
        env = journal_env(db)
        code, err = run_and_kill(args, env, timing, rng, tally)
        assert b"Traceback" not in err
        assert_healthy(db)
        after = snapshot(db)
        assert after in (want_old, want_new), f"a mix after kill #{n} (seed {SEED})"
        outcomes["old" if after == want_old else "restored"] += 1
        copies = pre_restore_copies(db)
        for copy in copies:
            assert snapshot(copy) == want_old  # the journal as it was, whole
        if after == want_new:
            assert len(copies) == 1
        again = subprocess.run(
            [sys.executable, "-m", "journal", "list"], env=env, cwd=str(REPO), capture_output=True
        )
        assert again.returncode == 0, again.stderr
        assert [p.name for p in db.parent.iterdir() if ".restore-" in p.name] == []
    summary = f"{tally.kills} kills of restore ({tally.in_transaction} in its transaction): "
    summary += f"{outcomes}; seed {SEED}"
    record_property("restore-kills", summary)
    print(summary)


# -- Ctrl-C -----------------------------------------------------------------------------


def _interruptible() -> None:
    # A shell's background job ignores SIGINT and the child would inherit that.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def has_open(pid: int, path: Path) -> bool:
    """True once process PID has PATH open (its /proc/PID/fd links)."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return True
        except OSError:
            continue
    return False


def interrupt_at(
    args: list[str], source: Path, env: dict[str, str], timing: Timing, rng: random.Random
) -> Any:
    """Run ARGS and press Ctrl-C once: while it reads SOURCE, or aimed from its BEGIN to
    just after its COMMIT (found in /proc/locks, as the kill harness does).

    Never during start-up: an interrupt while Python imports the program is Python's
    own (a traceback from the import machinery), before any of the command has run.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "journal", *args],
        env=env,
        cwd=str(REPO),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_interruptible,
    )
    started = time.monotonic()
    time.sleep(0.5 * timing.lock_at)  # the machine's load varies: half the quickest seen
    early = rng.random() < 0.25
    # Half the aimed presses fall near the commit, where a library would otherwise
    # catch the interrupt, print a traceback and carry on.
    span = (0.6, 1.3) if rng.random() < 0.5 else (0.0, 1.5)
    delay, since = rng.uniform(*span) * timing.lock_for, 0.0
    while proc.poll() is None and time.monotonic() - started < 60:
        if early:
            if has_open(proc.pid, source):  # reading what it restores or imports
                time.sleep(rng.uniform(0, 0.03))
                break
            continue
        write, mark = wal_locks(proc.pid)
        inside = write and (mark or bool(since))
        if inside and not since:
            since = time.monotonic()
            timing.lock_at = min(timing.lock_at, since - started)
        if since and (not inside or time.monotonic() - since >= delay):
            break  # the delay is over, or the commit is done: press now
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out.decode(), err.decode()


def test_ctrl_c_during_restore_is_honest(
    journals: tuple[Path, Path], tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    old, backup = journals
    want_old, want_new = snapshot(old), snapshot(backup)
    rng = random.Random(SEED)
    args = ["restore", str(backup), "--yes"]
    db = fresh_journal(old, tmp_path / "calibrate")
    timing, code, err = calibrate(args, journal_env(db))
    assert code == 0, err
    seen: dict[int, int] = {}
    for n in range(ROUNDS):
        db = fresh_journal(old, tmp_path / f"run{n}")
        code, _out, err = interrupt_at(args, backup, journal_env(db), timing, rng)
        seen[code] = seen.get(code, 0) + 1
        assert "Traceback" not in err, err
        assert_healthy(db)
        after = snapshot(db)
        if code == 0:
            assert after == want_new and "Restored" in err and len(pre_restore_copies(db)) == 1
        else:
            assert code == 130, (code, err)
            assert "nothing was changed" in err and "Restored" not in err
            assert after == want_old and pre_restore_copies(db) == []
    summary = f"Ctrl-C during restore, exit codes {seen}; seed {SEED}"
    record_property("restore-interrupts", summary)
    print(summary)


def export_of(episodes: int) -> dict[str, Any]:
    """A json export of EPISODES new episodes, each with a dose of ibuprofen."""
    now = datetime.now(UTC)

    def ago(hours: float) -> str:
        return (now - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    ibuprofen = "75b140ca-a9ae-5081-8131-af1f5c3b5276"
    eps, doses = [], []
    for i in range(episodes):
        ep = str(uuid.uuid4())
        eps.append(
            {"uuid": ep, "start": ago(10 + i), "end": ago(9.5 + i), "intensity": i % 11,
             "type": "tension", "aura": False, "symptoms": [], "triggers": [], "location": None,
             "missed": [], "reduced": [], "note": f"imported {i}", "deleted": None,
             "created": ago(1), "updated": ago(1)}
        )  # fmt: skip
        doses.append(
            {"uuid": str(uuid.uuid4()), "remedy": ibuprofen, "episode": ep, "at": ago(9.8 + i),
             "dose": 200.0, "unit": "mg", "relief": None, "product": None, "deleted": None,
             "created": ago(1), "updated": ago(1)}
        )  # fmt: skip
    return {"format": "headache-journal", "version": 1, "exported": ago(0), "from": None,
            "to": None, "settings": [], "remedies": [], "episodes": eps, "intakes": doses,
            "checkins": [], "markers": []}  # fmt: skip


def test_ctrl_c_during_import_is_honest(
    journals: tuple[Path, Path], tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    old, _ = journals
    want_old = snapshot(old)
    source = tmp_path / "import.json"
    source.write_text(json.dumps(export_of(600)), encoding="utf-8")
    rng = random.Random(SEED)
    args = ["import", str(source)]
    db = fresh_journal(old, tmp_path / "calibrate")
    timing, code, err = calibrate(args, journal_env(db))
    assert code == 0, err
    complete = snapshot(db)
    seen: dict[int, int] = {}
    for n in range(ROUNDS):
        db = fresh_journal(old, tmp_path / f"run{n}")
        code, out, err = interrupt_at(args, source, journal_env(db), timing, rng)
        seen[code] = seen.get(code, 0) + 1
        assert "Traceback" not in err + out, err
        assert_healthy(db)
        after = snapshot(db)
        if code == 0:
            assert f"Imported {source}: 1200 records added" in err
            assert len(after) == len(complete)
        else:
            assert code == 130, (code, err)
            assert "nothing was changed" in err and "Imported" not in err
            assert after == want_old
    summary = f"Ctrl-C during import, exit codes {seen}; seed {SEED}"
    record_property("import-interrupts", summary)
    print(summary)


# -- other programs writing while a restore runs ----------------------------------------


def worker(k: int, stop: Path, out: Path) -> None:
    """Log episodes until STOP exists; one JSON line per command, with its times, in OUT
    (a file, not stdout: a pipe nobody reads during the restore would fill and stall it)."""
    from click.testing import CliRunner

    from cli import main

    print("ready", flush=True)
    sys.stdin.readline()
    i = 0
    while not stop.exists():
        note = f"w{k}-{i}"
        began = time.monotonic()
        result = CliRunner().invoke(main, ["log", "--start", "30m ago", "--intensity", "4",
                                           "--note", note])  # fmt: skip
        crash = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            crash = repr(result.exception)
        line = {"note": note, "code": result.exit_code, "stderr": result.stderr,
                "began": began, "ended": time.monotonic(), "crash": crash}  # fmt: skip
        with out.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(line) + "\n")
        i += 1


def notes(db: Path) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT note FROM episodes WHERE note LIKE 'w%-%'")}
    finally:
        con.close()


@pytest.mark.parametrize("round_", range(1 if not SOAK else 10))
def test_writes_during_a_restore_are_in_one_journal_or_the_other(
    round_: int, journals: tuple[Path, Path], tmp_path: Path
) -> None:
    old, backup = journals
    db = fresh_journal(old, tmp_path / "live")
    env = journal_env(db, JOURNAL_BUSY_TIMEOUT_MS="30000")
    stop = tmp_path / "stop"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.test_reliability_restore",
                str(k),
                str(stop),
                str(tmp_path / f"worker{k}.jsonl"),
            ],
            env=env,
            cwd=str(REPO),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(WRITERS)
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline() == "ready\n"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    time.sleep(1.0 + 0.3 * round_)  # the restore meets the writers at another moment
    began = time.monotonic()
    restored = subprocess.run(
        [sys.executable, "-m", "journal", "restore", str(backup), "--yes"],
        env=env,
        cwd=str(REPO),
        capture_output=True,
        text=True,
        timeout=120,
    )
    ended = time.monotonic()
    time.sleep(1.0)
    stop.touch()
    runs = []
    for k, p in enumerate(procs):
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        lines = (tmp_path / f"worker{k}.jsonl").read_text(encoding="utf-8").splitlines()
        runs += [json.loads(line) for line in lines]
    assert restored.returncode == 0, restored.stderr
    assert_healthy(db)
    [pre] = pre_restore_copies(db)
    before, after = notes(pre), notes(db)
    kept = [r for r in runs if r["code"] == 0]
    assert not [r for r in runs if r["crash"] or r["code"] not in (0, 1)], runs[:3]
    refused = [r for r in runs if r["code"] == 1]
    assert all("busy" in r["stderr"] for r in refused), refused[:3]
    lost = [r["note"] for r in kept if r["note"] not in before | after]
    assert lost == [], f"{len(lost)} acknowledged logs in neither journal: {lost[:5]}"
    assert all(r["note"] in before for r in kept if r["ended"] < began)
    assert all(r["note"] in after for r in kept if r["began"] > ended)
    during = [r for r in kept if r["began"] <= ended and r["ended"] >= began]
    first, last = min(r["began"] for r in runs), max(r["ended"] for r in runs)
    print(
        f"{len(kept)} logs acknowledged, {len(during)} overlapping the restore, "
        f"{len(refused)} refused as busy; none lost "
        f"(logs {first - began:+.1f}..{last - began:+.1f} s, restore took {ended - began:.1f} s)"
    )


if __name__ == "__main__":
    worker(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
