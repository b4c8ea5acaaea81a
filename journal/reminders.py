"""Reminders without a daemon of our own: what is due, and the timer that asks.

Pure: when a reminder is due, and the exact text of the systemd user units and the
crontab lines that run `journal remind run`. Writing them, and asking systemctl,
crontab and notify-send, is journal/scheduler.py's job.

A reminder is due when
- today (in the journal's zone) has no morning check-in yet: the check-in marks a
  day as recorded, and clinicians ask for diaries without gaps; or
- an episode has been open for more than ONGOING_AFTER: it may have ended without
  being ended in the journal (a headache that really goes on needs nothing done).
"""

from __future__ import annotations

import shlex
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UNIT = "headache-journal-remind"
SERVICE = f"{UNIT}.service"
TIMER = f"{UNIT}.timer"
ONGOING_AFTER = timedelta(hours=12)
DEFAULT_CHECKIN = "08:30"
DEFAULT_EVENING = "21:00"
# Ends each crontab line the journal writes, so `remind remove` finds exactly its own.
# After the command it is a shell comment: cron hands the whole line to sh.
CRON_MARK = "# headache-journal remind"
HEADER = "# Written by `journal remind install`; `journal remind remove` takes it away."


@dataclass(frozen=True)
class Reminder:
    kind: str  # "checkin" or "ongoing"
    title: str
    body: str

    def text(self) -> str:
        return f"{self.title}: {self.body}"


def due(
    now: datetime,
    tz: ZoneInfo,
    checkin_days: Collection[date],
    ongoing: Sequence[tuple[int, datetime]],
) -> list[Reminder]:
    """The reminders due at NOW: a missing check-in for today, then each episode open
    longer than ONGOING_AFTER (oldest first)."""
    local = now.astimezone(tz)
    out: list[Reminder] = []
    if local.date() not in checkin_days:
        out.append(
            Reminder(
                "checkin",
                "Morning check-in",
                f"No check-in for this morning ({local:%a %d %b}) yet. Is yesterday's "
                "headache still there? `journal checkin --clear` or "
                "`journal checkin --still-hurting --intensity N`.",
            )
        )
    for episode_id, start in sorted(ongoing, key=lambda e: (e[1], e[0])):
        open_for = now - start
        if open_for <= ONGOING_AFTER:
            continue
        hours = int(open_for.total_seconds() // 3600)
        began = start.astimezone(tz)
        day = "" if began.date() == local.date() else f"{began:%a %d %b} "
        out.append(
            Reminder(
                "ongoing",
                f"Headache {episode_id} still open",
                f"Episode {episode_id} has been open since {day}{began:%H:%M} ({hours} h). "
                f"If it has ended, record when: `journal end {episode_id} --at TIME`.",
            )
        )
    return out


# --- systemd user units ----------------------------------------------------------------


def systemd_quote(arg: str) -> str:
    """One ExecStart= word: '%' and '$' escaped (systemd expands them even in quotes),
    and double quotes around anything with spaces, quotes or backslashes."""
    text = arg.replace("%", "%%").replace("$", "$$")
    if text and not any(c.isspace() or c in "\"'\\;" for c in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def service_text(command: Sequence[str]) -> str:
    """The oneshot service the timer starts."""
    return (
        f"{HEADER}\n"
        "[Unit]\n"
        "Description=headache-journal reminders: the morning check-in and long episodes\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(systemd_quote(a) for a in command)}\n"
    )


def timer_text(times: Sequence[time]) -> str:
    """The timer: daily at each of TIMES (the machine's clock), and at the next boot
    for a time missed while the machine was off (Persistent=)."""
    clocks = sorted(set(times))
    shown = " and ".join(f"{t:%H:%M}" for t in clocks)
    return (
        f"{HEADER}\n"
        "[Unit]\n"
        f"Description=headache-journal reminders at {shown}\n"
        "\n"
        "[Timer]\n"
        + "".join(f"OnCalendar=*-*-* {t:%H:%M}:00\n" for t in clocks)
        + "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def timer_times(text: str) -> list[str]:
    """The HH:MM times of a timer file written by timer_text (for `remind status`)."""
    out = []
    for line in text.splitlines():
        if line.startswith("OnCalendar=*-*-* "):
            out.append(line.split(" ", 1)[1][:5])
    return out


# --- crontab -----------------------------------------------------------------------------


def cron_lines(command: Sequence[str], times: Sequence[time], uid: int) -> list[str]:
    """One crontab line per time. Cron starts jobs without the desktop's session bus,
    so the line names the usual one, for notify-send to reach the desktop; '%' is
    special to cron and is escaped."""
    bus = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{uid}/bus"
    quoted = " ".join(shlex.quote(a) for a in command).replace("%", "\\%")
    return [f"{t.minute} {t.hour} * * * {bus} {quoted} {CRON_MARK}" for t in sorted(set(times))]


def without_ours(crontab: str) -> str:
    """CRONTAB without the journal's lines."""
    kept = [line for line in crontab.splitlines() if not line.rstrip().endswith(CRON_MARK)]
    return "".join(f"{line}\n" for line in kept)


def ours(crontab: str) -> list[str]:
    return [line for line in crontab.splitlines() if line.rstrip().endswith(CRON_MARK)]


def with_ours(crontab: str, lines: Sequence[str]) -> str:
    """CRONTAB with the journal's lines replaced by LINES (the rest kept as it was)."""
    return without_ours(crontab) + "".join(f"{line}\n" for line in lines)
