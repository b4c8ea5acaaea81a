"""`journal remind` on real unit files in a temporary config folder, and a real journal.

PATH holds only the fakes a test puts there (systemctl, crontab, notify-send as small
shell scripts that record how they were called), so no test can reach the machine's
own systemd, crontab or desktop.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke, dump

pytestmark = pytest.mark.sqlite_only  # the units name the journal file

SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
SCRIPT = Path(sys.executable).parent / "journal"
UNIT = "headache-journal-remind"
HEADER = "# Written by `journal remind install`; `journal remind remove` takes it away.\n"


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder / "systemd" / "user"


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def fake(bin_dir: Path, name: str, body: str) -> Path:
    """A program NAME that logs its arguments to NAME.log, then runs BODY (sh builtins)."""
    log = bin_dir / f"{name}.log"
    path = bin_dir / name
    path.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n{body}\n', encoding="utf-8")
    path.chmod(0o755)
    return log


def calls(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def service(db: Path) -> str:
    assert SCRIPT.is_file()  # the installed console script, which the unit runs
    return (
        HEADER + "[Unit]\n"
        "Description=headache-journal reminders: the morning check-in and long episodes\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={SCRIPT} --db {db} remind run\n"
    )


def timer(*times: str) -> str:
    return (
        HEADER + "[Unit]\n"
        f"Description=headache-journal reminders at {' and '.join(times)}\n"
        "\n"
        "[Timer]\n"
        + "".join(f"OnCalendar=*-*-* {t}:00\n" for t in times)
        + "Persistent=true\n\n[Install]\nWantedBy=timers.target\n"
    )


def verify(*units: Path, runtime: Path) -> None:
    """systemd's own check of the units, where systemd-analyze is installed."""
    if SYSTEMD_ANALYZE is None:
        return
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    done = subprocess.run([SYSTEMD_ANALYZE, "--user", "verify", *map(str, units)],
                          env=env, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.new_journal
@pytest.mark.usefixtures("bin_dir")
def test_install_writes_the_units_exactly(
    run: Invoke, config: Path, db_path: Path, tmp_path: Path
) -> None:
    result = run("remind", "install", "--systemd")
    assert result.stdout == f"{config / UNIT}.timer\n"
    assert "starts with your next login" in result.stderr
    assert (config / f"{UNIT}.service").read_text() == service(db_path)
    assert (config / f"{UNIT}.timer").read_text() == timer("08:30", "21:00")
    link = config / "timers.target.wants" / f"{UNIT}.timer"
    assert link.is_symlink() and link.resolve() == config / f"{UNIT}.timer"
    assert sorted(p.name for p in config.iterdir()) == [
        f"{UNIT}.service",
        f"{UNIT}.timer",
        "timers.target.wants",
    ]
    assert oct((config / f"{UNIT}.service").stat().st_mode & 0o777) == "0o600"
    verify(config / f"{UNIT}.timer", config / f"{UNIT}.service", runtime=tmp_path / "run")
    assert not db_path.exists()  # installing reads nothing from the journal


@pytest.mark.usefixtures("bin_dir")
def test_installing_again_replaces_the_times(run: Invoke, config: Path, tmp_path: Path) -> None:
    run("remind", "install", "--systemd")
    run("remind", "install", "--systemd", "--checkin", "7:05", "--evening", "9:30PM")
    assert (config / f"{UNIT}.timer").read_text() == timer("07:05", "21:30")
    verify(config / f"{UNIT}.timer", config / f"{UNIT}.service", runtime=tmp_path / "run")


@pytest.mark.usefixtures("bin_dir", "config")
@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--checkin", "25:00"], "--checkin"),
        (["--evening", "soon"], "--evening"),
        (["--crontab", "--systemd"], "--crontab"),
    ],
)
def test_bad_times_are_refused(run: Invoke, config: Path, args: list[str], field: str) -> None:
    assert run("remind", "install", "--systemd", *args, code=2).stderr.startswith(f"Error: {field}")
    assert not config.exists()


@pytest.mark.usefixtures("bin_dir")
def test_the_unit_names_the_journal_it_was_installed_with(
    run: Invoke, config: Path, tmp_path: Path
) -> None:
    other = tmp_path / "my journals" / "j.sqlite3"
    run("--db", str(other), "remind", "install", "--systemd")
    text = (config / f"{UNIT}.service").read_text()
    assert f'ExecStart={SCRIPT} --db "{other}" remind run\n' in text
    url = "postgresql+psycopg://me:pa%ss@db.example.invalid/journal"
    run("--db-url", url, "remind", "install", "--systemd")
    unit = (config / f"{UNIT}.service").read_text()
    assert f"ExecStart={SCRIPT} --db-url {url.replace('%', '%%')} remind run\n" in unit
    status = run("remind", "status").stdout
    assert "--db-url postgresql+psycopg://me:***@db.example.invalid/journal" in status
    assert "pa%ss" not in status


def test_with_a_running_systemd_the_timer_is_started_and_stopped(
    run: Invoke, config: Path, bin_dir: Path
) -> None:
    log = fake(bin_dir, "systemctl", '[ "$2" = is-active ] && echo active; exit 0')
    run("remind", "install")
    assert (config / f"{UNIT}.timer").is_file()
    assert calls(log) == [
        "--user show-environment",
        "--user daemon-reload",
        f"--user restart {UNIT}.timer",
    ]
    assert run("remind", "status").stdout.startswith(
        "systemd timer at 08:30 and 21:00 (enabled, active)\n"
    )
    log.unlink()
    run("remind", "remove")
    assert calls(log)[:2] == ["--user show-environment", f"--user stop {UNIT}.timer"]
    assert calls(log)[-1] == "--user daemon-reload"
    assert not (config / f"{UNIT}.timer").exists()


def test_without_systemd_the_crontab_lines_are_printed_and_nothing_installed(
    run: Invoke, config: Path, bin_dir: Path, db_path: Path
) -> None:
    fake(bin_dir, "systemctl", 'echo "Failed to connect to bus" >&2; exit 1')
    cron = fake(bin_dir, "crontab", "exit 0")
    result = run("remind", "install", "--checkin", "08:30", "--evening", "21:00")
    bus = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{os.getuid()}/bus"
    command = f"{SCRIPT} --db {db_path} remind run # headache-journal remind"
    assert result.stdout.splitlines() == [
        f"30 8 * * * {bus} {command}",
        f"0 21 * * * {bus} {command}",
    ]
    assert "nothing was installed" in result.stderr
    assert not config.exists()
    assert calls(cron) == []


CRONTAB = """\
path="{store}"
if [ "$1" = "-l" ]; then
  [ -f "$path" ] || {{ echo "no crontab for $USER" >&2; exit 1; }}
  while IFS= read -r line; do printf '%s\\n' "$line"; done < "$path"
elif [ "$1" = "-" ]; then
  while IFS= read -r line; do printf '%s\\n' "$line"; done > "$path"
fi
"""


def test_crontab_install_keeps_the_users_lines_and_remove_takes_only_ours(
    run: Invoke, bin_dir: Path, tmp_path: Path, db_path: Path
) -> None:
    store = tmp_path / "crontab.txt"
    fake(bin_dir, "crontab", CRONTAB.format(store=store))
    run("remind", "install", "--crontab")
    assert len(store.read_text().splitlines()) == 2  # from no crontab at all
    store.write_text("MAILTO=me\n0 3 * * * backup.sh\n" + store.read_text())
    run("remind", "install", "--crontab", "--evening", "22:15")
    lines = store.read_text().splitlines()
    assert lines[:2] == ["MAILTO=me", "0 3 * * * backup.sh"]
    assert [line.split(" DBUS")[0] for line in lines[2:]] == ["30 8 * * *", "15 22 * * *"]
    assert all(f"--db {db_path} remind run # headache-journal remind" in x for x in lines[2:])
    assert "15 22 * * *" in run("remind", "status").stdout
    assert "2 crontab line(s)" in run("remind", "remove").stderr
    assert store.read_text() == "MAILTO=me\n0 3 * * * backup.sh\n"
    assert "No reminders were installed" in run("remind", "remove").stderr


@pytest.mark.usefixtures("bin_dir")
def test_crontab_install_without_crontab_says_so(run: Invoke) -> None:
    assert "crontab is not installed" in run("remind", "install", "--crontab", code=1).stderr


@pytest.mark.usefixtures("bin_dir")
def test_status_and_remove(run: Invoke, config: Path) -> None:
    assert "No reminders are installed" in run("remind", "status").stderr
    run("remind", "install", "--systemd", "--checkin", "06:45")
    out = run("remind", "status").stdout.splitlines()
    assert out[0] == "systemd timer at 06:45 and 21:00 (enabled)"
    assert out[1:3] == [f"  {config / UNIT}.timer", f"  {config / UNIT}.service"]
    data = json.loads(run("remind", "status", "--json").stdout)
    assert data["systemd"]["times"] == ["06:45", "21:00"]
    assert data["crontab"] == []
    removed = run("remind", "remove").stderr
    assert f"{UNIT}.timer" in removed
    assert not any(config.iterdir())


# --- remind run ----------------------------------------------------------------------------


@pytest.fixture
def diary(run: Invoke) -> None:
    run("checkin", "--clear", "--date", "2026-11-19")
    run("log", "--start", "2026-11-20 08:00", "--intensity", "5")  # still open


@pytest.mark.usefixtures("bin_dir", "diary")
@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-11-19 21:00", []),
        ("2026-11-20 19:00", ["Morning check-in"]),  # 11 h open
        ("2026-11-20 20:01", ["Morning check-in", "Headache 1 still open"]),
    ],
)
def test_run_prints_what_is_due(run: Invoke, at: str, expected: list[str]) -> None:
    out = run("remind", "run", "--at", at).stdout.splitlines()
    assert [line.split(":")[0] for line in out] == expected


@pytest.mark.usefixtures("diary")
def test_run_notifies_through_notify_send(run: Invoke, bin_dir: Path) -> None:
    log = fake(bin_dir, "notify-send", "exit 0")
    assert run("remind", "run", "--at", "2026-11-20 21:00").stdout == ""
    assert [c.split(" ", 2)[:2] for c in calls(log)] == [
        ["--app-name=headache-journal", "Morning"],
        ["--app-name=headache-journal", "Headache"],
    ]
    assert "Morning check-in:" in run("remind", "run", "--at", "2026-11-20 21:00", "--print").stdout


@pytest.mark.usefixtures("diary")
def test_run_prints_when_notify_send_cannot_reach_a_desktop(run: Invoke, bin_dir: Path) -> None:
    fake(bin_dir, "notify-send", "exit 1")
    assert run("remind", "run", "--at", "2026-11-20 21:00").stdout.count("\n") == 2


@pytest.mark.usefixtures("bin_dir", "diary")
def test_run_never_writes_the_journal(run: Invoke, db_path: Path) -> None:
    before, stat = dump(db_path), db_path.stat()
    listing = sorted(os.listdir(db_path.parent))
    run("remind", "run", "--at", "2026-11-20 21:00")
    assert dump(db_path) == before
    assert db_path.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(os.listdir(db_path.parent)) == listing


@pytest.mark.new_journal
@pytest.mark.usefixtures("bin_dir")
def test_run_without_a_journal_reminds_and_creates_nothing(run: Invoke, db_path: Path) -> None:
    result = run("remind", "run")
    assert result.stdout.startswith("Morning check-in: ")
    assert "There is no journal at" in result.stderr
    assert not db_path.parent.exists()


@pytest.mark.new_journal
@pytest.mark.usefixtures("bin_dir")
def test_run_on_a_damaged_journal_is_one_sentence(run: Invoke, db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.write_bytes(b"not a database at all" * 100)
    result = run("remind", "run", code=1)
    assert result.stderr.startswith(f"Error: Could not read the journal at {db_path} for reminders")


@pytest.mark.usefixtures("diary")
def test_the_installed_command_runs(
    run: Invoke, config: Path, bin_dir: Path, db_path: Path
) -> None:
    """What the timer would run, run: it reads the journal it was installed with."""
    run("remind", "install", "--systemd")
    [line] = [
        x
        for x in (config / f"{UNIT}.service").read_text().splitlines()
        if x.startswith("ExecStart=")
    ]
    command = shlex.split(line.removeprefix("ExecStart="))
    env = {"PATH": str(bin_dir), "HOME": os.environ["HOME"], "JOURNAL_TZ": "Europe/Berlin",
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}  # fmt: skip
    done = subprocess.run(
        [*command, "--at", "2026-11-20 21:00"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("Headache 1 still open: Episode 1 has been open")
