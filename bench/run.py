"""Time whole `journal` processes beside their floors and peers; write BENCHMARKS.md.

    .venv/bin/python bench/run.py [--rounds N] [--no-peers]      (or: make bench)

Every row is a whole process, started and reaped here (wall time, and the child's
peak memory from wait4's ru_maxrss). Each round runs every row once, in the same
order, so a slow moment of the machine hits all rows alike; the table shows medians
over the rounds after two warm-up rounds. Bytecode is compiled first and the children
run without PYTHONDONTWRITEBYTECODE, so no row pays for compiling.

Floors: `python -c pass`; `python -c "import click"`; bench/floor_stack.py, which
declares the same SQLAlchemy models and inserts one row (what a logging command cost
when it went through the ORM). Journals: 1, 20 and 50 years of plausible daily data
from scripts/sample.py, ending yesterday (so every row runs the same at any hour).
Peers, each in a throwaway venv under bench/out/peers: jrnl adding an entry, Watson
starting and stopping a frame (skipped, with the reason, if they cannot be installed).
A row for another command is one line in cases().

Targets (issue: "Fast at every size"): each everyday command within 1.25x of
`journal --help` on the 1-year and the 50-year journal; `journal log` faster than jrnl;
`journal --help` within 1.3x of `import click`; `log` under 25 MiB; `summary --months
120` within 2x of `--months 12` on the 20-year journal; a 50-year export and import each
under 150 MiB.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
RUN = OUT / "run"
REPORT = ROOT / "BENCHMARKS.md"
PY = sys.executable
BIN = Path(PY).parent
WARMUP = 2
MEMORY_ROUNDS = 3
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")
DAYS = {"1y": 365, "20y": 20 * 365 + 5, "50y": 50 * 365 + 12}


@dataclass
class Case:
    name: str
    argv: list[str]
    env: dict[str, str]
    group: str
    reference: str | None = None  # the row it is compared with
    target: float | None = None  # the most its median may be, as a multiple of the reference
    memory_mib: float | None = None  # the most its peak memory may be
    also: tuple[tuple[str, float], ...] = ()  # more (row, most ratio) comparisons
    timed: bool = True  # False: slow rows measured for memory only
    before: Callable[[], None] | None = None  # untimed set-up before each run
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)  # KiB
    failure: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000 if self.times else float("nan")

    @property
    def peak_mib(self) -> float:
        return statistics.median(self.peaks) / 1024 if self.peaks else float("nan")


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOURNAL_", "PYTHON"))}
    env.update(
        HOME=str(OUT / "home"),
        XDG_CONFIG_HOME=str(OUT / "home" / "config"),
        XDG_DATA_HOME=str(OUT / "home" / "data"),
        XDG_STATE_HOME=str(OUT / "home" / "state"),
        JOURNAL_TZ="Europe/Berlin",
        LC_ALL="C.UTF-8",
    )
    env.update(extra)
    return env


def run_once(case: Case, *, memory: bool = False) -> None:
    """Start CASE and reap it with wait4: keep its wall time, or (MEMORY) its peak memory.

    A child's ru_maxrss starts from the memory of the process it was forked from (Linux
    carries the parent's high-water mark across fork and exec), and this script holds
    SQLAlchemy and the sample journals. So memory rounds start each child through GNU
    time (a small C program, whose own child starts small) and read its %M; without
    it, they read wait4's figure, an upper bound.
    """
    if case.before is not None:
        case.before()
    errors, peak_file = RUN / "stderr.txt", RUN / "maxrss.txt"
    argv = case.argv
    if memory and GNU_TIME:
        argv = [GNU_TIME, "-f", "%M", "-o", str(peak_file), *argv]
    with open(errors, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=case.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        case.failure = f"exit {proc.returncode}: {errors.read_text(errors='replace').strip()[:300]}"
        return
    if not memory:
        case.times.append(elapsed)
    elif GNU_TIME:
        case.peaks.append(int(peak_file.read_text().split()[-1]))
    else:
        case.peaks.append(usage.ru_maxrss)


# -- set-up -----------------------------------------------------------------------------


def compile_bytecode() -> None:
    """Compile the program and its dependencies once, as an installed package would be."""
    import sysconfig

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    targets = [sysconfig.get_paths()["purelib"], "journal", "migrations", "cli.py", "bench"]
    subprocess.run(
        [PY, "-m", "compileall", "-q", "-j", "0", *targets],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build_journals(today: date) -> dict[str, Path]:
    """Sample journals of 1, 20 and 50 years ending yesterday (kept in bench/out/templates):
    a journal ending today would hold episodes later than the hour the bench runs at."""
    sys.path.insert(0, str(ROOT / "scripts"))
    os.environ["JOURNAL_TZ"] = "Europe/Berlin"
    from sample import build

    from journal.storage.sql import HEAD_REVISION

    made = {}
    for label, days in DAYS.items():
        path = OUT / "templates" / f"{label}-{today}-{HEAD_REVISION}.sqlite3"
        if not path.exists():
            for old in path.parent.glob(f"{label}-*"):
                old.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
            build(path, days, end=today - timedelta(days=1), seed=11).close()
        made[label] = path
    return made


def copy_of(template: Path, name: str) -> Path:
    dest = RUN / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    shutil.copy2(template, dest)
    return dest


@dataclass
class Peer:
    name: str
    package: str
    version: str = ""
    problem: str = ""

    @property
    def venv(self) -> Path:
        return OUT / "peers" / self.name

    def exe(self, name: str) -> str:
        return str(self.venv / "bin" / name)


def install_peer(peer: Peer, command: str) -> None:
    """A throwaway venv with the peer from PyPI, reused by later runs."""
    if not Path(peer.exe(command)).exists():
        shutil.rmtree(peer.venv, ignore_errors=True)
        made = subprocess.run([PY, "-m", "venv", str(peer.venv)], capture_output=True, text=True)
        if made.returncode == 0:
            made = subprocess.run(
                [peer.exe("python"), "-m", "pip", "install", "-q", peer.package],
                capture_output=True,
                text=True,
                timeout=600,
            )
        if made.returncode != 0:
            peer.problem = f"could not install {peer.package}: {made.stderr.strip()[-200:]}"
            return
    subprocess.run(
        [peer.exe("python"), "-m", "compileall", "-q", "-j", "0", str(peer.venv / "lib")],
        stdout=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )
    probe = subprocess.run(
        [
            peer.exe("python"),
            "-c",
            f"import importlib.metadata as m; print(m.version({peer.package!r}))",
        ],
        capture_output=True,
        text=True,
    )
    peer.version = probe.stdout.strip()


JRNL_CONFIG = """\
colors: {body: none, date: none, tags: none, title: none}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: JOURNAL
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: VERSION
"""


def peer_cases(peers: list[Peer]) -> list[Case]:
    cases: list[Case] = []
    jrnl, watson = peers
    install_peer(jrnl, "jrnl")
    if not jrnl.problem:
        home = OUT / "peers" / "jrnl-home"
        shutil.rmtree(home, ignore_errors=True)
        (home / "config" / "jrnl").mkdir(parents=True)
        (home / "journal.txt").write_text("")
        config = JRNL_CONFIG.replace("JOURNAL", str(home / "journal.txt"))
        (home / "config" / "jrnl" / "jrnl.yaml").write_text(
            config.replace("VERSION", repr(jrnl.version))
        )
        env = child_env(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
        argv = [jrnl.exe("jrnl"), "Headache 6/10 since 14:00, took ibuprofen 400 mg."]
        cases.append(Case("jrnl: add an entry", argv, env, "peer", reference="stack floor"))
    install_peer(watson, "watson")
    if not watson.problem:
        folder = OUT / "peers" / "watson-dir"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        env = child_env(WATSON_DIR=str(folder))
        cases.append(
            Case(
                "watson start",
                [watson.exe("watson"), "start", "headache"],
                env,
                "peer",
                reference="stack floor",
            )
        )
        cases.append(
            Case(
                "watson stop", [watson.exe("watson"), "stop"], env, "peer", reference="stack floor"
            )
        )
    return cases


# -- the rows ---------------------------------------------------------------------------


def cases(journals: dict[str, Path], today: date, peers: list[Peer] | None) -> list[Case]:
    journal = str(BIN / "journal")
    floor_db = copy_of(journals["1y"], "floor-1y.sqlite3")
    reads = {label: copy_of(path, f"reads-{label}.sqlite3") for label, path in journals.items()}
    # The last whole ISO week before today, Monday to Sunday.
    sunday = today - timedelta(days=today.isoweekday())
    monday = sunday - timedelta(days=6)
    week = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
    click_floor = 'python -c "import click"'
    rows = [
        Case("python -c pass", [PY, "-c", "pass"], child_env(), "floor"),
        Case(click_floor, [PY, "-c", "import click"], child_env(), "floor"),
        Case(
            "stack floor",
            [PY, str(ROOT / "bench" / "floor_stack.py"), str(floor_db)],
            child_env(),
            "floor",
        ),
        Case("journal --help", [journal, "--help"], child_env(), "help", click_floor, 1.3),
        Case("journal --version", [journal, "--version"], child_env(), "help", click_floor, 1.3),
    ]
    # The everyday commands on a copy of the 1- and the 50-year journal. In each round
    # `log` comes first (an episode ongoing from now), `end` and `checkin --clear` find
    # one to end, and `mark` and the status screen follow.
    for label in ("1y", "50y"):
        on = child_env(JOURNAL_DB=str(copy_of(journals[label], f"writes-{label}.sqlite3")))
        everyday = {
            "log": ["log", "--intensity", "5", "--type", "migraine", "--yes"],
            "take": ["take", "ibuprofen", "--dose", "400"],
            "end": ["end"],
            "log again": ["log", "--intensity", "3", "--yes"],
            "checkin": ["checkin", "--clear"],
            "mark": ["mark", "poor sleep"],
            "status": [],
        }
        for name, args in everyday.items():
            also: tuple[tuple[str, float], ...] = ()
            if name == "log" and label == "1y":
                also = (("jrnl: add an entry", 1.0),)
            rows.append(
                Case(
                    f"journal {name} ({label})" if args else f"journal ({label}, status)",
                    [journal, *args],
                    on,
                    "everyday",
                    "journal --help",
                    1.25,
                    memory_mib=25 if name == "log" else None,
                    also=also,
                )
            )
    period = {
        "list": ["list", "--from", str(monday), "--to", str(sunday)],
        "summary": ["summary", "--week", week],
        "flags": ["flags", "--as-of", str(sunday)],
    }
    for name, args in period.items():
        for label in ("1y", "20y"):
            rows.append(
                Case(
                    f"journal {name} (week, {label})",
                    [journal, *args],
                    child_env(JOURNAL_DB=str(reads[label])),
                    "period",
                    f"journal {name} (week, 1y)" if label == "20y" else None,
                    1.2 if label == "20y" else None,
                )
            )
    twenty = child_env(JOURNAL_DB=str(reads["20y"]))
    rows.append(
        Case(
            "journal summary --months 12 (20y)",
            [journal, "summary", "--months", "12"],
            twenty,
            "long",
        )
    )
    rows.append(
        Case(
            "journal summary --months 120 (20y)",
            [journal, "summary", "--months", "120"],
            twenty,
            "long",
            "journal summary --months 12 (20y)",
            2.0,
        )
    )
    # A 50-year export and its import into a new journal: peak memory only (they stream).
    exported = RUN / "export-50y.json"
    imported = RUN / "import-50y.sqlite3"

    def fresh_import_target() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{imported}{suffix}").unlink(missing_ok=True)

    rows.append(
        Case("journal export json (50y)",
             [journal, "export", "--format", "json", "--out", str(exported), "--overwrite"],
             child_env(JOURNAL_DB=str(reads["50y"])), "exchange", memory_mib=150, timed=False)
    )  # fmt: skip
    rows.append(
        Case("journal import json (50y)", [journal, "import", str(exported)],
             child_env(JOURNAL_DB=str(imported)), "exchange", memory_mib=150, timed=False,
             before=fresh_import_target)
    )  # fmt: skip
    # Charts and the report (their own comparison with a bare matplotlib floor is
    # bench/charts.py): whole processes here, no target.
    drawings = {
        "chart days": ["chart", "days", "--months", "3", "--out", str(RUN / "days.png"),
                       "--overwrite"],
        "report": ["report", "--months", "3", "--out", str(RUN / "report.pdf"), "--overwrite"],
    }  # fmt: skip
    for name, args in drawings.items():
        rows.append(
            Case(
                f"journal {name} (3 months, 1y)",
                [journal, *args],
                child_env(JOURNAL_DB=str(reads["1y"])),
                "drawing",
            )
        )
    if peers is not None:
        rows += peer_cases(peers)
    return rows


def _commands() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from cli import main

    return list(main.commands)


# -- profiling --------------------------------------------------------------------------


def import_profile(argv: list[str], env: dict[str, str], runs: int = 5) -> list[tuple[str, float]]:
    """Median import time (ms) spent in each top-level package, from -X importtime.

    Self times summed by the package a module belongs to (sqlalchemy.orm.* counts as
    sqlalchemy, json as json), so that the figures add up to the time spent importing.
    """
    if argv[0] == PY:
        argv = argv[1:]
    per: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        proc = subprocess.run(
            [PY, "-X", "importtime", *argv], env=env, capture_output=True, text=True
        )
        seen: dict[str, float] = defaultdict(float)
        for line in proc.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)", line)
            if m:
                seen[m.group(4).split(".")[0]] += int(m.group(1)) / 1000
        for name, ms in seen.items():
            per[name].append(ms)
    ranked = [(name, statistics.median(v)) for name, v in per.items()]
    return sorted(ranked, key=lambda kv: -kv[1])


# -- the report -------------------------------------------------------------------------


def versions() -> dict[str, str]:
    out = {"Python": platform.python_version()}
    for dist in ("headache-journal", "SQLAlchemy", "alembic", "click", "matplotlib"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "-"
    out["SQLite"] = __import__("sqlite3").sqlite_version
    return out


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs {model}".strip()


def commit() -> str:
    proc = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    )
    return proc.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def verdict(case: Case, by_name: dict[str, Case]) -> tuple[str, str, str, bool | None]:
    """(references, ratios, targets, met) for a row, each comparison joined by "; "."""
    pairs = ([(case.reference, case.target)] if case.reference else []) + list(case.also)
    refs, ratios, targets, met = [], [], [], None
    for reference, target in pairs:
        other = by_name.get(reference)
        if other is None or not other.times or not case.times:
            continue
        ratio = case.median_ms / other.median_ms
        refs.append(reference)
        ratios.append(f"{ratio:.2f}x")
        targets.append("" if target is None else f"<= {target}x")
        if target is not None:
            met = (met is not False) and ratio <= target
    return "; ".join(refs), "; ".join(ratios), "; ".join(t for t in targets if t), met


def write_report(
    rows: list[Case],
    rounds: int,
    today: date,
    peers: list[Peer] | None,
    profiles: dict[str, list[tuple[str, float]]],
    started: datetime,
) -> list[str]:
    by_name = {c.name: c for c in rows}
    misses: list[str] = []
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` (bench/run.py) on {started:%Y-%m-%d %H:%M} UTC, on "
        f"{machine()}, at commit {commit()}.",
        "",
        "Whole processes, started and reaped by the script. Time: wall time, median of "
        f"{rounds} rounds after {WARMUP} warm-up rounds; each round runs every row once in "
        "this order, so a slow moment hits all rows alike. Peak memory: the child's maxrss, "
        f"median of {MEMORY_ROUNDS} more rounds, "
        + ("read through GNU time. " if GNU_TIME else "from wait4 (an upper bound). ")
        + "Bytecode was compiled first and PYTHONDONTWRITEBYTECODE unset for the children. "
        "Journals: scripts/sample.py, 1 and 20 years of daily data ending "
        f"{today}; writes go to a copy of the 1-year journal.",
        "",
        "Versions: "
        + ", ".join(f"{k} {v}" for k, v in versions().items())
        + (
            "; peers: " + ", ".join(f"{p.name} {p.version or '(not installed)'}" for p in peers)
            if peers
            else ""
        )
        + ".",
        "",
        "| Command | Median ms | Compared with | Ratio | Target | Peak MiB | |",
        "|---|---:|---|---:|---|---:|---|",
    ]
    for case in rows:
        reference, ratio, target, met = verdict(case, by_name)
        mark = {True: "ok", False: "**missed**", None: ""}[met]
        memory = f"{case.peak_mib:.1f}"
        if case.memory_mib is not None and case.peaks:
            memory += f" (<= {case.memory_mib})"
            if case.peak_mib > case.memory_mib:
                mark = (mark + ", " if mark else "") + "**memory missed**"
                misses.append(f"{case.name}: peak {case.peak_mib:.1f} MiB > {case.memory_mib}")
        if met is False:
            misses.append(f"{case.name}: {ratio} of {reference}, target {target}")
        if case.failure and not (case.times or case.peaks):
            lines.append(f"| {case.name} | failed | | | | | {case.failure} |")
            misses.append(f"{case.name} failed: {case.failure}")
            continue
        timed = f"{case.median_ms:.0f}" if case.times else "(memory only)"
        lines.append(
            f"| {case.name} | {timed} | {reference} | {ratio} | {target} | {memory} | {mark} |"
        )
    if peers:
        for p in peers:
            if p.problem:
                lines += ["", f"{p.name} is missing from the table: {p.problem}"]
    lines += ["", "## Where the time goes", ""]
    for label, ranked in profiles.items():
        total = sum(ms for _, ms in ranked)
        top = ", ".join(f"{name} {ms:.0f}" for name, ms in ranked[:10])
        lines.append(f"- {label}: imports {total:.0f} ms in all; the largest (ms): {top}.")
    lines += [
        "",
        "From `python -X importtime` (median of 5 runs; each module's own import time, summed "
        "by top-level package). The importtime figures run high (the measuring costs too); "
        "compare them with each other. Time not spent importing is the interpreter's start-up, "
        "the mapper configuration, the engine and the queries, and tidying up at exit.",
        "",
        "## Reading the table",
        "",
        "- The everyday commands run on the standard library's sqlite3 (statements generated "
        "from the SQLAlchemy models): no SQLAlchemy import, so their floor is `journal "
        "--help` (the interpreter, click and the command modules). The stack floor shows "
        "what the same INSERT costs through the ORM.",
        "- The 50-year export and import are measured for peak memory only (their time grows "
        "with the journal, by design); both read and write records in batches.",
        "- Ratios move by up to 0.03 from one run to the next on this machine (other work "
        "shares its two cores); a row at its "
        "target's edge can land on either side.",
        "- Charts and the report are compared with a bare matplotlib script drawing the same "
        "ink in bench/charts.py; here they are whole processes, for scale.",
        "",
        "## Missed targets",
        "",
    ]
    lines += [f"- {m}" for m in misses] or ["None."]
    REPORT.write_text("\n".join(lines) + "\n")
    return misses


def only_group(rows: list[Case], rounds: int) -> None:
    """A quick look at one group: its timed rows ROUNDS times, every row's peak memory."""
    for _ in range(rounds if any(c.timed for c in rows) else 0):
        for case in rows:
            if case.timed:
                run_once(case)
    for _ in range(MEMORY_ROUNDS):
        for case in rows:
            run_once(case, memory=True)
    for case in rows:
        limit = f" (<= {case.memory_mib})" if case.memory_mib is not None else ""
        print(f"{case.name}: {case.median_ms:.0f} ms, peak {case.peak_mib:.1f} MiB{limit}"
              f"{' FAILED ' + case.failure if case.failure else ''}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=21, help="timed rounds (at least 15)")
    parser.add_argument("--no-peers", action="store_true", help="skip jrnl and Watson")
    parser.add_argument(
        "--only", metavar="GROUP", help="run only one group's rows (e.g. exchange) and print them"
    )
    opts = parser.parse_args()
    started = datetime.now(UTC)
    RUN.mkdir(parents=True, exist_ok=True)
    (OUT / "home").mkdir(parents=True, exist_ok=True)
    print("compiling bytecode ...", flush=True)
    compile_bytecode()
    today = date.today()
    print("building sample journals ...", flush=True)
    journals = build_journals(today)
    peers = None if opts.no_peers else [Peer("jrnl", "jrnl"), Peer("watson", "td-watson")]
    print("setting up rows (and peers) ...", flush=True)
    rows = cases(journals, today, peers)
    if opts.only:
        only_group([c for c in rows if c.group == opts.only], opts.rounds)
        return
    # `end` needs an ongoing episode and `checkin --clear` ends one: `log` comes first
    # in each round, so every round finds the journal as the last one left it.
    for n in range(WARMUP + opts.rounds):
        for case in rows:
            if not case.timed:
                continue
            run_once(case)
            if n < WARMUP:
                case.times.clear()
        print(f"round {n + 1}/{WARMUP + opts.rounds}", flush=True)
    for _ in range(MEMORY_ROUNDS):
        for case in rows:
            run_once(case, memory=True)
    print("profiling imports ...", flush=True)
    log_case = next(c for c in rows if c.name == "journal log (1y)")
    floor_case = next(c for c in rows if c.name == "stack floor")
    profiles = {
        "journal log (1y)": import_profile(log_case.argv, log_case.env),
        "stack floor": import_profile(floor_case.argv, floor_case.env),
    }
    misses = write_report(rows, opts.rounds, today, peers, profiles, started)
    print(REPORT.read_text())
    if misses:
        print("Missed:", *misses, sep="\n  ")


if __name__ == "__main__":
    main()
