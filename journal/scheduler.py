"""Putting reminders in place and showing them: systemd user units, crontab, notify-send.

The unit files are written under $XDG_CONFIG_HOME/systemd/user (default ~/.config)
through the one private-file writer, and enabled the way `systemctl --user enable`
does it, with a link in timers.target.wants; systemctl is asked to reload and start
the timer only when a user manager is running. The texts come from journal.reminders.
Every program is looked up on PATH and may be missing; none is ever required.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from journal.errors import JournalError
from journal.files import write_bytes
from journal.reminders import TIMER, UNIT

TIMEOUT_S = 30


def config_home() -> Path:
    """$XDG_CONFIG_HOME when it is an absolute path (the XDG rule), else ~/.config."""
    raw = os.environ.get("XDG_CONFIG_HOME", "")
    if raw and os.path.isabs(raw):
        return Path(raw)
    return Path.home() / ".config"


@dataclass(frozen=True)
class Units:
    folder: Path

    @property
    def service(self) -> Path:
        return self.folder / f"{UNIT}.service"

    @property
    def timer(self) -> Path:
        return self.folder / TIMER

    @property
    def link(self) -> Path:
        """What `systemctl --user enable` makes: the timer, wanted by timers.target."""
        return self.folder / "timers.target.wants" / TIMER

    def present(self) -> list[Path]:
        return [p for p in (self.timer, self.service, self.link) if p.is_symlink() or p.exists()]


def units() -> Units:
    return Units(config_home() / "systemd" / "user")


def journal_executable() -> list[str]:
    """How a timer or cron starts this program: its installed `journal` script beside
    the running Python, else that Python with -m (-P: a `journal` folder in the
    working directory must not stand in for the program)."""
    script = Path(sys.executable).parent / "journal"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-P", "-m", "journal"]


def _run(args: Sequence[str], stdin: str | None = None) -> subprocess.CompletedProcess[str] | None:
    """Run a helper program; None when it is not installed or does not answer."""
    if shutil.which(args[0]) is None:
        return None
    try:
        return subprocess.run(
            list(args),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def _ok(args: Sequence[str]) -> bool:
    done = _run(args)
    return done is not None and done.returncode == 0


def systemd_user_running() -> bool:
    """Whether a systemd user manager answers (not merely whether systemctl exists:
    containers and some distributions have the program without the manager)."""
    return _ok(["systemctl", "--user", "show-environment"])


def install_units(where: Units, service: str, timer: str, *, activate: bool) -> list[str]:
    """Write the units, enable the timer, and (ACTIVATE) have systemd start it now.
    Returns the problems systemctl reported, if any."""
    where.folder.mkdir(parents=True, exist_ok=True)
    write_bytes(where.service, service.encode("utf-8"), overwrite=True)
    write_bytes(where.timer, timer.encode("utf-8"), overwrite=True)
    where.link.parent.mkdir(exist_ok=True)
    if where.link.is_symlink() or where.link.exists():
        where.link.unlink()
    where.link.symlink_to(where.timer)
    problems: list[str] = []
    if activate:
        for args in (
            ["systemctl", "--user", "daemon-reload"],
            ["systemctl", "--user", "restart", TIMER],
        ):
            done = _run(args)
            if done is None or done.returncode != 0:
                detail = "" if done is None else (done.stderr.strip().splitlines() or [""])[0]
                problems.append(f"`{' '.join(args)}` failed{': ' + detail if detail else ''}")
    return problems


def remove_units(where: Units, *, activate: bool) -> list[Path]:
    """Stop the timer (ACTIVATE) and delete the units and the enabling link."""
    if activate:
        _run(["systemctl", "--user", "stop", TIMER])
    removed = where.present()
    for path in removed:
        path.unlink()
    with suppress(OSError):
        where.link.parent.rmdir()  # only when empty
    if activate and removed:
        _run(["systemctl", "--user", "daemon-reload"])
    return removed


def timer_state() -> str | None:
    """systemd's word for the timer (active, inactive, ...), None without a manager."""
    done = _run(["systemctl", "--user", "is-active", TIMER])
    if done is None or not done.stdout.strip():
        return None
    return done.stdout.strip().splitlines()[0]


def read_crontab() -> str | None:
    """The user's crontab ('' for none yet), or None when crontab is not installed."""
    done = _run(["crontab", "-l"])
    if done is None:
        return None
    if done.returncode != 0:
        if "no crontab" in done.stderr.lower():
            return ""
        # Never write over a table that could not be read.
        raise JournalError(
            f"Could not read the crontab: {done.stderr.strip() or 'crontab -l failed'}."
        )
    return done.stdout


def write_crontab(text: str) -> None:
    done = _run(["crontab", "-"], stdin=text)
    if done is None or done.returncode != 0:
        detail = "" if done is None else done.stderr.strip()
        raise JournalError(f"crontab refused the new table{': ' + detail if detail else ''}.")


def notify(title: str, body: str) -> bool:
    """A desktop notification; False when notify-send is missing or could not show it."""
    return _ok(["notify-send", "--app-name=headache-journal", title, body])
