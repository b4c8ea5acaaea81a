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
