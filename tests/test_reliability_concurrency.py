"""Four processes, 50 mixed commands each, at once on one journal: all succeed, none lost.

Each worker is its own Python process running the real command line 50 times in a
row (a fresh App, engine and connection per command, as separate runs would have),
so the four contend for the journal's write lock far more often than people typing
could. The mix includes the read-then-write commands (`end` and `checkin --clear`
pick the latest ongoing episode, `take` links to the episode holding its time), which
a deferred transaction would race; the test proves no episode is ended twice.

Run as a module, this file is the worker: `python -m tests.test_reliability_concurrency K N`.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.reliability import REPO, assert_healthy, connect, journal_env

pytestmark = pytest.mark.sqlite_only  # about SQLite's locking between processes

WORKERS = 4
COMMANDS = 50


def cycle(k: int, i: int, mine: list[int]) -> list[str]:
    """Worker K's command number I. MINE holds the ids of episodes it logged.

    Every `end` or `checkin --clear` (which may end an episode) comes after this
    worker's own `log` of an ongoing one, so an ongoing episode always exists for it
    whatever the others did first; starts lie in the past, so no end is before one.
    """
    tag = f"w{k}-{i}"
    step = i % 10
    if step in (0, 3):
        return ["log", "--start", f"{40 + i}m ago", "--intensity", "5", "--note", tag]
    if step == 1:
        return ["take", "ibuprofen", "--dose", "200", "--product", tag]
    if step == 2:
        return ["end", "--intensity", "6"]
    if step == 4:
        return ["edit", str(mine[-1]), "--note", f"{tag}-edited", "--symptom", "light"]
    if step == 5:
        return ["checkin", "--clear"]
    if step == 6:
        return ["log", "--start", "3h ago", "--end", "2h ago", "--intensity", "3", "--note", tag]
    if step == 7:
        return ["mark", tag]
    if step == 8:
        return ["list"]
    return ["show", str(mine[-1])]


def worker(k: int, count: int) -> None:
    """Wait for the go line, run COUNT commands, print one JSON line per command."""
    from click.testing import CliRunner

    from cli import main

    print("ready", flush=True)
    sys.stdin.readline()
    mine: list[int] = []
    for i in range(count):
        args = cycle(k, i, mine)
        json_out = args[0] not in ("list", "show")
        started = time.monotonic()
        result = CliRunner().invoke(main, [*args, "--json"] if json_out else args)
        took = time.monotonic() - started
        data: Any = None
        if result.exit_code == 0 and json_out:
            data = json.loads(result.stdout)
            if args[0] == "log":
                mine.append(data["id"])
        crash = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            crash = repr(result.exception)
        line = {
            "args": args,
            "code": result.exit_code,
            "stderr": result.stderr,
            "data": data,
            "crash": crash,
            "seconds": took,
        }
        print(json.dumps(line), flush=True)


@pytest.fixture
def seeded_for_workers(run: Invoke, migrated_db: Path) -> Path:
    run("log", "--start", "5h ago", "--end", "4h ago", "--intensity", "2", "--note", "seed")
    return migrated_db


def test_four_processes_fifty_commands_each(seeded_for_workers: Path, record_property: Any) -> None:
    db = seeded_for_workers
    env = journal_env(db)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.test_reliability_concurrency", str(k), str(COMMANDS)],
            env=env,
            cwd=str(REPO),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(WORKERS)
    ]
    for p in procs:  # all imported and waiting: start them together
        assert p.stdout is not None and p.stdout.readline() == "ready\n"
    started = time.monotonic()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    outputs = [p.communicate(timeout=300) for p in procs]
    wall = time.monotonic() - started
    runs: list[list[dict[str, Any]]] = []
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        runs.append([json.loads(line) for line in out.splitlines()])

    every = [r for w in runs for r in w]
    assert len(every) == WORKERS * COMMANDS
    failed = [r for r in every if r["code"] != 0 or r["crash"]]
    assert failed == [], failed[:3]
    assert not any("locked" in r["stderr"] or "busy" in r["stderr"] for r in every)

    con = connect(db)
    con.row_factory = sqlite3.Row
    episodes = {r["id"]: dict(r) for r in con.execute("SELECT * FROM episodes")}
    intakes = [dict(r) for r in con.execute("SELECT * FROM intakes")]
    markers = [dict(r) for r in con.execute("SELECT * FROM day_markers")]
    checkins = [dict(r) for r in con.execute("SELECT * FROM checkins")]
    con.close()
    assert_healthy(db)

    def done(name: str) -> list[dict[str, Any]]:
        return [r for r in every if r["args"][0] == name]

    # Every success has its record, and there is no record without a success.
    logs = done("log")
    assert sorted(episodes) == sorted([1] + [r["data"]["id"] for r in logs])
    edited = {r["data"]["id"]: r["args"][3] for r in done("edit")}
    for r in logs:
        ep_id = r["data"]["id"]
        assert episodes[ep_id]["note"] == edited.get(ep_id, r["args"][-1])
    takes = done("take")
    assert sorted(i["product"] for i in intakes) == sorted(r["args"][-1] for r in takes)
    # Each dose was linked to an episode: one was always ongoing when it ran.
    assert all(i["episode_id"] in episodes for i in intakes)
    assert sorted(m["tag"] for m in markers) == sorted(r["args"][-1] for r in done("mark"))
    assert {c["status"] for c in checkins} == {"clear"} and 1 <= len(checkins) <= 2

    # Read-then-write: no episode was ended twice, and exactly those ended are ended.
    ended = [r["data"]["id"] for r in done("end")]
    ended += [r["data"]["episode_id"] for r in done("checkin") if r["data"]["episode_id"]]
    assert len(ended) == len(set(ended)), "two commands ended the same episode"
    logged_ongoing = {r["data"]["id"] for r in logs if "--end" not in r["args"]}
    now_ended = {i for i in logged_ongoing if episodes[i]["end"] is not None}
    assert now_ended == set(ended)
    assert len(done("end")) == WORKERS * COMMANDS // 10

    slowest = max(r["seconds"] for r in every)
    summary = (
        f"{WORKERS} processes x {COMMANDS} commands in {wall:.1f} s: all exit 0, "
        f"{len(logs)} episodes, {len(intakes)} intakes, {len(ended)} ended once each, "
        f"slowest command {slowest * 1000:.0f} ms"
    )
    record_property("concurrency", summary)
    print(summary)


if __name__ == "__main__":
    worker(int(sys.argv[1]), int(sys.argv[2]))
