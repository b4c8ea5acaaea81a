"""Typed times: relative words, ISO 8601, and daylight-saving gaps and folds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from journal.errors import BadInput
from journal.spec import check_text
from journal.when import parse_date, parse_when

BERLIN = ZoneInfo("Europe/Berlin")
NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # 13:00 in Berlin


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("2h ago", utc(2026, 11, 24, 10, 0)),
        ("30m ago", utc(2026, 11, 24, 11, 30)),
        ("3d ago", utc(2026, 11, 21, 12, 0)),
        ("today 08:30", utc(2026, 11, 24, 7, 30)),
        ("yesterday 21:00", utc(2026, 11, 23, 20, 0)),
        ("09:15", utc(2026, 11, 24, 8, 15)),
        ("2026-11-20 14:30", utc(2026, 11, 20, 13, 30)),
        ("2026-11-20T14:30", utc(2026, 11, 20, 13, 30)),
        ("2026-11-20T14:30:15+05:30", utc(2026, 11, 20, 9, 0, 15)),
        ("2026-11-20 14:30Z", utc(2026, 11, 20, 14, 30)),
        ("2026-07-01 12:00", utc(2026, 7, 1, 10, 0)),  # summer time, UTC+2
    ],
)
def test_parse_when_in_berlin(text: str, expected: datetime) -> None:
    assert parse_when(text, "--start", now=NOW, zone=BERLIN) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tomorrow",
        "2026-13-01 10:00",
        "2026-11-20",
        "25:00",
        "yesterday",
        "in 2h",
        "",
        "\x00",
        "2027-01-01 10:00",
        "1h",
    ],
)
def test_bad_or_future_times_name_the_field(text: str) -> None:
    with pytest.raises(BadInput) as err:
        parse_when(text, "--start", now=NOW, zone=BERLIN)
    assert str(err.value).startswith("--start: ")


def test_a_time_in_the_spring_forward_gap_is_refused() -> None:
    # Berlin skips 02:00-03:00 on 2026-03-29.
    with pytest.raises(BadInput, match="does not exist"):
        parse_when("2026-03-29 02:30", "--start", now=NOW, zone=BERLIN)
    # New York skips 02:00-03:00 on 2026-03-08.
    with pytest.raises(BadInput, match="--at"):
        parse_when("2026-03-08 02:15", "--at", now=NOW, zone=NY)


def test_an_ambiguous_fall_back_time_takes_the_first_occurrence() -> None:
    # Berlin repeats 02:00-03:00 on 2026-10-25: first at UTC+2, then at UTC+1.
    assert parse_when("2026-10-25 02:30", "--start", now=NOW, zone=BERLIN) == utc(
        2026, 10, 25, 0, 30
    )
    # With an explicit offset the second occurrence can be named.
    assert parse_when("2026-10-25 02:30+01:00", "--start", now=NOW, zone=BERLIN) == utc(
        2026, 10, 25, 1, 30
    )


def test_the_hour_either_side_of_a_gap_is_fine() -> None:
    assert parse_when("2026-03-29 01:59", "--start", now=NOW, zone=BERLIN) == utc(
        2026, 3, 29, 0, 59
    )
    assert parse_when("2026-03-29 03:00", "--start", now=NOW, zone=BERLIN) == utc(2026, 3, 29, 1, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 23)),
        ("3d ago", date(2026, 11, 21)),
        ("2w ago", date(2026, 11, 10)),
        ("2028-02-29", date(2028, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, "--date", today=date(2026, 11, 24)) == expected


@pytest.mark.parametrize("text", ["2026-02-29", "2026-11-31", "11/24/2026", "0001-01-01", "x"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(BadInput, match=r"^--date: "):
        parse_date(text, "--date", today=date(2026, 11, 24))


@pytest.mark.parametrize("text", ["bell\x07", "esc\x1b[31m", "cr\r", "nul\x00", "bad\udcff"])
def test_control_characters_and_undecodable_bytes_are_refused(text: str) -> None:
    with pytest.raises(BadInput, match=r"^--note: "):
        check_text(text, "--note")


def test_newline_and_tab_are_kept() -> None:
    assert check_text("a\tb\nc", "--note") == "a\tb\nc"


# --- quicker typing: 12-hour clocks, day words, "last night", weekdays -------------------------
# Each table gives `now` as a local wall-clock time in the zone, and the expected result
# in UTC worked out by hand from the zone's offset on that date.


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone)


# Tuesday 2026-11-24, 13:00 in Berlin (CET, UTC+1).
TUESDAY_AFTERNOON = local(BERLIN, 2026, 11, 24, 13, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9am", utc(2026, 11, 24, 8, 0)),
        ("9:30AM", utc(2026, 11, 24, 8, 30)),
        ("9 a.m.", utc(2026, 11, 24, 8, 0)),
        ("12am", utc(2026, 11, 23, 23, 0)),  # midnight at the start of today
        ("12pm", utc(2026, 11, 24, 11, 0)),  # noon
        ("12:30 pm", utc(2026, 11, 24, 11, 30)),
        ("1pm", utc(2026, 11, 24, 12, 0)),
        ("Today at 9am", utc(2026, 11, 24, 8, 0)),
        ("  Yesterday   9PM ", utc(2026, 11, 23, 20, 0)),
        ("yesterday at 21:00", utc(2026, 11, 23, 20, 0)),
        ("last night 23:00", utc(2026, 11, 23, 22, 0)),
        ("LAST NIGHT 11pm", utc(2026, 11, 23, 22, 0)),
        ("last night 2:30am", utc(2026, 11, 24, 1, 30)),  # the small hours of today
        ("last night 12:00", utc(2026, 11, 23, 11, 0)),  # noon turns the night
        ("last night 11:59", utc(2026, 11, 24, 10, 59)),
        ("monday 08:00", utc(2026, 11, 23, 7, 0)),
        ("Mon 8am", utc(2026, 11, 23, 7, 0)),
        ("tuesday 08:00", utc(2026, 11, 24, 7, 0)),  # today is Tuesday, 08:00 has passed
        ("wed 9pm", utc(2026, 11, 18, 20, 0)),  # last Wednesday, six days back
        ("sunday at 10:15", utc(2026, 11, 22, 9, 15)),
        ("THURS 7:05 p.m.", utc(2026, 11, 19, 18, 5)),
    ],
)
def test_quick_times_on_a_tuesday_afternoon(text: str, expected: datetime) -> None:
    assert parse_when(text, "--start", now=TUESDAY_AFTERNOON, zone=BERLIN) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9pm", "is in the future; for yesterday, type 'yesterday 9pm'"),
        ("today 21:00", "is in the future; for yesterday, type 'yesterday 21:00'"),
        ("tue 14:00", "is in the future; for tue a week ago, give the date"),
        ("13pm", "is not a time of day"),
        ("0am", "is not a time of day"),
        ("9:60pm", "is not a time of day"),
        ("24:00", "is not a time of day"),
        ("9", "is not a time"),
        ("yesterday 9", "is not a time"),
        ("yesterday", "needs a time, e.g. 'yesterday 21:00'"),
        ("last night", "needs a time, e.g. 'last night 21:00'"),
        ("Monday", "needs a time, e.g. 'monday 21:00'"),
        ("someday 9pm", "is not a time"),
        ("last week 9pm", "is not a time"),
    ],
)
def test_quick_times_refused_name_the_field_and_say_why(text: str, message: str) -> None:
    with pytest.raises(BadInput) as err:
        parse_when(text, "--start", now=TUESDAY_AFTERNOON, zone=BERLIN)
    assert str(err.value).startswith("--start: ")
    assert message in str(err.value)


# Tuesday 2026-11-24, 00:30 in Berlin: after midnight, "last night" is the night you are in.
JUST_AFTER_MIDNIGHT = local(BERLIN, 2026, 11, 24, 0, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last night 23:00", utc(2026, 11, 23, 22, 0)),  # 90 minutes ago
        ("last night 00:15", utc(2026, 11, 23, 23, 15)),  # 15 minutes ago
        ("yesterday 11pm", utc(2026, 11, 23, 22, 0)),
        ("12:10am", utc(2026, 11, 23, 23, 10)),
        ("monday 11pm", utc(2026, 11, 23, 22, 0)),
    ],
)
def test_last_night_after_midnight(text: str, expected: datetime) -> None:
    assert parse_when(text, "--start", now=JUST_AFTER_MIDNIGHT, zone=BERLIN) == expected


@pytest.mark.parametrize("text", ["last night 2am", "11pm", "tuesday 08:00"])
def test_after_midnight_the_rest_of_the_night_is_the_future(text: str) -> None:
    with pytest.raises(BadInput, match="in the future"):
        parse_when(text, "--start", now=JUST_AFTER_MIDNIGHT, zone=BERLIN)


# Daylight-saving edges. Berlin: 2026-03-29 02:00 CET -> 03:00 CEST (UTC+1 -> +2);
# 2026-10-25 03:00 CEST -> 02:00 CET. New York: 2026-03-08 02:00 EST -> 03:00 EDT
# (UTC-5 -> -4); 2026-11-01 02:00 EDT -> 01:00 EST.
DST_CASES = [
    # Berlin, Sunday morning after the clocks went forward
    (local(BERLIN, 2026, 3, 29, 9, 0), "last night 1:30am", utc(2026, 3, 29, 0, 30)),
    (local(BERLIN, 2026, 3, 29, 9, 0), "last night 3:30am", utc(2026, 3, 29, 1, 30)),
    (local(BERLIN, 2026, 3, 29, 9, 0), "last night 11pm", utc(2026, 3, 28, 22, 0)),
    (local(BERLIN, 2026, 3, 29, 9, 0), "8am", utc(2026, 3, 29, 6, 0)),
    (local(BERLIN, 2026, 3, 29, 9, 0), "sunday 08:00", utc(2026, 3, 29, 6, 0)),
    (local(BERLIN, 2026, 3, 29, 9, 0), "saturday 9pm", utc(2026, 3, 28, 20, 0)),
    # Berlin, the Monday after the clocks went back
    (local(BERLIN, 2026, 10, 26, 9, 0), "sunday 2:30am", utc(2026, 10, 25, 0, 30)),  # 1st
    (local(BERLIN, 2026, 10, 26, 9, 0), "sunday 3:30am", utc(2026, 10, 25, 2, 30)),
    (local(BERLIN, 2026, 10, 26, 9, 0), "yesterday 1:30am", utc(2026, 10, 24, 23, 30)),
    (local(BERLIN, 2026, 10, 26, 9, 0), "monday 08:00", utc(2026, 10, 26, 7, 0)),
    # Berlin, a weekday a week back, across the change: summer time on that day
    (local(BERLIN, 2026, 10, 30, 12, 0), "saturday 12:00", utc(2026, 10, 24, 10, 0)),
    (local(BERLIN, 2026, 10, 30, 12, 0), "sunday 12:00", utc(2026, 10, 25, 11, 0)),
    # New York, Sunday morning after the clocks went forward
    (local(NY, 2026, 3, 8, 10, 0), "last night 1:30am", utc(2026, 3, 8, 6, 30)),
    (local(NY, 2026, 3, 8, 10, 0), "last night 11pm", utc(2026, 3, 8, 4, 0)),
    (local(NY, 2026, 3, 8, 10, 0), "9am", utc(2026, 3, 8, 13, 0)),
    (local(NY, 2026, 3, 8, 10, 0), "saturday 9pm", utc(2026, 3, 8, 2, 0)),
    # New York, Sunday morning after the clocks went back
    (local(NY, 2026, 11, 1, 9, 0), "last night 1:30am", utc(2026, 11, 1, 5, 30)),  # 1st
    (local(NY, 2026, 11, 1, 9, 0), "last night 12:30am", utc(2026, 11, 1, 4, 30)),
    (local(NY, 2026, 11, 1, 9, 0), "last night 2:30am", utc(2026, 11, 1, 7, 30)),
    (local(NY, 2026, 11, 1, 9, 0), "last night 10pm", utc(2026, 11, 1, 2, 0)),
    (local(NY, 2026, 11, 1, 9, 0), "8am", utc(2026, 11, 1, 13, 0)),
]


@pytest.mark.parametrize(("now", "text", "expected"), DST_CASES)
def test_quick_times_across_daylight_saving_changes(
    now: datetime, text: str, expected: datetime
) -> None:
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    assert parse_when(text, "--start", now=now, zone=zone) == expected


@pytest.mark.parametrize(
    ("now", "text"),
    [
        (local(BERLIN, 2026, 3, 29, 9, 0), "last night 2:30am"),
        (local(BERLIN, 2026, 3, 30, 9, 0), "sunday 2:15am"),
        (local(NY, 2026, 3, 8, 10, 0), "last night 2:30am"),
        (local(NY, 2026, 3, 9, 10, 0), "sun 2am"),
    ],
)
def test_a_quick_time_in_the_spring_forward_gap_is_refused(now: datetime, text: str) -> None:
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    with pytest.raises(BadInput, match="does not exist"):
        parse_when(text, "--at", now=now, zone=zone)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:30", (8, 30)),
        ("8:30", (8, 30)),
        ("9pm", (21, 0)),
        ("9:15 PM", (21, 15)),
        ("12am", (0, 0)),
    ],
)
def test_parse_clock(text: str, expected: tuple[int, int]) -> None:
    from journal.when import parse_clock

    clock = parse_clock(text, "--checkin")
    assert (clock.hour, clock.minute) == expected


@pytest.mark.parametrize("text", ["8", "25:00", "13pm", "now", "08:30 tomorrow", ""])
def test_parse_clock_refuses_what_is_not_a_time_of_day(text: str) -> None:
    from journal.when import parse_clock

    with pytest.raises(BadInput, match=r"^--checkin: "):
        parse_clock(text, "--checkin")
