"""Reminders: when one is due, and the exact unit files and crontab lines that ask."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from journal.reminders import (
    CRON_MARK,
    due,
    ours,
    service_text,
    systemd_quote,
    timer_text,
    timer_times,
    with_ours,
    without_ours,
)

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# 2026-11-24 is a Tuesday; Berlin is UTC+1 then.
NOW = utc(2026, 11, 24, 20, 0)  # 21:00 in Berlin


@pytest.mark.parametrize(
    ("checkins", "ongoing", "kinds"),
    [
        ({date(2026, 11, 24)}, [], []),
        (set(), [], ["checkin"]),
        ({date(2026, 11, 23)}, [], ["checkin"]),  # yesterday's does not count
        ({date(2026, 11, 24)}, [(1, utc(2026, 11, 24, 8, 0))], []),  # 12 h exactly: not yet
        ({date(2026, 11, 24)}, [(1, utc(2026, 11, 24, 7, 59))], ["ongoing"]),
        ({date(2026, 11, 24)}, [(1, utc(2026, 11, 24, 8, 1))], []),
        (
            set(),
            [(7, utc(2026, 11, 22, 9, 0)), (3, utc(2026, 11, 24, 19, 0))],
            ["checkin", "ongoing"],
        ),
    ],
)
def test_what_is_due(
    checkins: set[date], ongoing: list[tuple[int, datetime]], kinds: list[str]
) -> None:
    assert [r.kind for r in due(NOW, BERLIN, checkins, ongoing)] == kinds


def test_exactly_twelve_hours_is_not_yet_due() -> None:
    assert due(NOW, BERLIN, {date(2026, 11, 24)}, [(1, utc(2026, 11, 24, 8, 0))]) == []


def test_the_check_in_day_is_the_journals_local_day() -> None:
    just_after_midnight = utc(2026, 11, 24, 23, 30)  # 00:30 on the 25th in Berlin
    assert [r.kind for r in due(just_after_midnight, BERLIN, {date(2026, 11, 24)}, [])] == [
        "checkin"
    ]
    assert due(just_after_midnight, BERLIN, {date(2026, 11, 25)}, []) == []
    assert due(just_after_midnight, ZoneInfo("UTC"), {date(2026, 11, 24)}, []) == []


def test_open_hours_are_real_hours_across_a_clock_change() -> None:
    # Berlin's clocks went forward at 02:00 on 2026-03-29: 00:00 CET to 12:30 CEST is
    # 12.5 hours on the wall but 11.5 hours of time.
    start, now = utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 10, 30)
    assert due(now, BERLIN, {date(2026, 3, 29)}, [(4, start)]) == []
    later = utc(2026, 3, 29, 11, 30)  # 12.5 hours of time
    [reminder] = due(later, BERLIN, {date(2026, 3, 29)}, [(4, start)])
    assert "since 00:00 (12 h)" in reminder.body


def test_reminder_texts() -> None:
    checkin, old, today = due(
        NOW, BERLIN, set(), [(7, utc(2026, 11, 22, 9, 0)), (9, utc(2026, 11, 24, 6, 30))]
    )
    assert checkin.title == "Morning check-in"
    assert checkin.body == (
        "No check-in for this morning (Tue 24 Nov) yet. Is yesterday's headache still there? "
        "`journal checkin --clear` or `journal checkin --still-hurting --intensity N`."
    )
    assert old.text() == (
        "Headache 7 still open: Episode 7 has been open since Sun 22 Nov 10:00 (59 h). "
        "If it has ended, record when: `journal end 7 --at TIME`."
    )
    assert today.body.startswith("Episode 9 has been open since 07:30 (13 h).")


@pytest.mark.parametrize(
    ("arg", "word"),
    [
        ("/usr/bin/journal", "/usr/bin/journal"),
        ("--db", "--db"),
        ("/home/a b/journal.sqlite3", '"/home/a b/journal.sqlite3"'),
        ("/data/100%/j.sqlite3", "/data/100%%/j.sqlite3"),
        ("/data/$HOME/j", "/data/$$HOME/j"),
        ('/x/say "hi"', '"/x/say \\"hi\\""'),
        ("C:\\odd", '"C:\\\\odd"'),
        (";", '";"'),
        ("", '""'),
    ],
)
def test_systemd_quoting(arg: str, word: str) -> None:
    assert systemd_quote(arg) == word


def test_unit_texts_exactly() -> None:
    command = ["/opt/hj/bin/journal", "--db", "/home/a b/journal.sqlite3", "remind", "run"]
    assert service_text(command) == (
        "# Written by `journal remind install`; `journal remind remove` takes it away.\n"
        "[Unit]\n"
        "Description=headache-journal reminders: the morning check-in and long episodes\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        'ExecStart=/opt/hj/bin/journal --db "/home/a b/journal.sqlite3" remind run\n'
    )
    timer = timer_text([time(21, 0), time(7, 5), time(21, 0)])
    assert timer == (
        "# Written by `journal remind install`; `journal remind remove` takes it away.\n"
        "[Unit]\n"
        "Description=headache-journal reminders at 07:05 and 21:00\n"
        "\n"
        "[Timer]\n"
        "OnCalendar=*-*-* 07:05:00\n"
        "OnCalendar=*-*-* 21:00:00\n"
        "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    assert timer_times(timer) == ["07:05", "21:00"]


def test_cron_lines_and_keeping_the_rest_of_a_crontab() -> None:
    from journal.reminders import cron_lines

    lines = cron_lines(["/opt/hj/bin/journal", "--db", "/d/100% sure.db", "remind", "run"],
                       [time(21, 0), time(8, 30)], 1000)  # fmt: skip
    assert lines == [
        "30 8 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus /opt/hj/bin/journal "
        "--db '/d/100\\% sure.db' remind run # headache-journal remind",
        "0 21 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus /opt/hj/bin/journal "
        "--db '/d/100\\% sure.db' remind run # headache-journal remind",
    ]
    theirs = "MAILTO=me\n# backups\n0 3 * * * backup.sh\n"
    once = with_ours(theirs, lines)
    assert once == theirs + lines[0] + "\n" + lines[1] + "\n"
    assert with_ours(once, lines[:1]) == theirs + lines[0] + "\n"  # replaced, not added
    assert ours(once) == lines
    assert without_ours(once) == theirs
    assert all(line.endswith(CRON_MARK) for line in lines)
