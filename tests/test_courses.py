"""A preventive course's response, window by window, with the answers worked out by hand.

The course starts on Mon 2026-06-01. Its baseline is the 84 days 2026-03-09..2026-05-31; weeks
9-12 are 2026-07-27..2026-08-23. Each window's days are made by hand: the first KNOWN of them
known, the first MIGRAINE of those migraine days (and headache days), the rest unknown.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal.core.courses import course_blocks, course_response, treatment_span
from journal.core.daybook import UNKNOWN, Day, DayBook

START = date(2026, 6, 1)
BASE = (date(2026, 3, 9), date(2026, 5, 31))
WEEKS_9_12 = (date(2026, 7, 27), date(2026, 8, 23))
TODAY = date(2026, 10, 1)
BOOK_FIRST = date(2026, 1, 1)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def book(
    windows: list[tuple[tuple[date, date], int, int]],
    today: date = TODAY,
    extra_headache: int = 0,
) -> DayBook:
    """Each window: (span, known, migraine): its first KNOWN days known, the first MIGRAINE of
    them migraine days; EXTRA_HEADACHE more known days after those are headache days only.
    Every day outside the windows is known and headache-free."""
    marks: dict[date, Day] = {}
    for span, known, migraine in windows:
        for i, day in enumerate(days(*span)):
            if i >= known:
                marks[day] = UNKNOWN
            elif i < migraine:
                marks[day] = Day(known=True, headache=True, migraine=True)
            elif i < migraine + extra_headache:
                marks[day] = Day(known=True, headache=True)
            else:
                marks[day] = Day(known=True)
    records = tuple(marks.get(d, Day(known=True)) for d in days(BOOK_FIRST, today))
    return DayBook("UTC", today, BOOK_FIRST, today, records)


@pytest.mark.parametrize(
    ("base", "treat", "per_28", "change", "r30", "r50", "enough"),
    [
        # 30 of 84 known days: 30 * 28 / 84 = 10 per 28.
        ((84, 30), (28, 7), (10.0, 7.0), -30.0, True, False, True),  # the 30% edge: in
        ((84, 30), (28, 8), (10.0, 8.0), -20.0, False, False, True),  # 8: a 20% fall
        ((84, 30), (28, 6), (10.0, 6.0), -40.0, True, False, True),
        ((84, 30), (28, 5), (10.0, 5.0), -50.0, True, True, True),  # the 50% edge: in
        ((84, 30), (28, 11), (10.0, 11.0), 10.0, False, False, True),  # more, not fewer
        # Per 28 known days: 20 of 80 known -> 7.0; 3 of 24 -> 3.5: exactly half.
        ((80, 20), (24, 3), (7.0, 3.5), -50.0, True, True, True),
        # 25 of 70 -> 10.0; 6 of 24 -> 7.0: exactly 30% fewer.
        ((70, 25), (24, 6), (10.0, 7.0), -30.0, True, False, True),
        # 80% known: 68 of 84 baseline days is enough (67.2 needed), 67 is not.
        ((68, 17), (28, 3), (7.0, 3.0), -57.1, True, True, True),
        ((67, 17), (28, 3), (7.1, 3.0), -57.8, None, None, False),
        # 23 of 28 treatment days is enough (22.4 needed), 22 is not.
        ((84, 30), (23, 4), (10.0, 4.9), -51.3, True, True, True),
        ((84, 30), (22, 4), (10.0, 5.1), -49.1, None, None, False),
        # No migraine day before: nothing can fall, so no responder answer.
        ((84, 0), (28, 2), (0.0, 2.0), None, None, None, True),
    ],
)
def test_response_at_the_responder_and_known_day_edges(
    base: tuple[int, int],
    treat: tuple[int, int],
    per_28: tuple[float, float],
    change: float | None,
    r30: bool | None,
    r50: bool | None,
    enough: bool,
) -> None:
    found = course_response(book([(BASE, *base), (WEEKS_9_12, *treat)]), START, None, TODAY)
    assert found["baseline_days"] == base[0]
    assert found["treatment_window"] == {
        "from": "2026-07-27",
        "to": "2026-08-23",
        "kind": "weeks 9-12",
        "known_days": treat[0],
    }
    assert (found["baseline_migraine_days_per_28"], found["treatment_migraine_days_per_28"]) == (
        per_28
    )
    assert found["change_pct"] == change
    assert (found["responder_30"], found["responder_50"]) == (r30, r50)
    assert found["enough_data"] is enough
    assert (found["reason"] is None) is enough


def test_not_enough_data_names_the_window() -> None:
    found = course_response(book([(BASE, 67, 10), (WEEKS_9_12, 22, 2)]), START, None, TODAY)
    assert found["reason"] == (
        "only 67 of the 84 baseline days are known (80% needed); "
        "only 22 of the 28 treatment-window days are known (80% needed)"
    )


def test_headache_days_are_measured_the_same_way() -> None:
    """Baseline: 12 migraine + 9 headache-only days of 84 -> 21 * 28 / 84 = 7.0 headache days
    per 28; weeks 9-12: 2 migraine + 9 headache-only of 28 -> 11.0, up 57.1%."""
    found = course_response(
        book([(BASE, 84, 12), (WEEKS_9_12, 28, 2)], extra_headache=9), START, None, TODAY
    )
    assert found["baseline_migraine_days_per_28"] == 4.0  # 12 * 28 / 84
    assert found["treatment_migraine_days_per_28"] == 2.0
    assert (found["responder_30"], found["responder_50"]) == (True, True)
    assert found["headache_days"] == {
        "baseline_headache_days_per_28": 7.0,
        "treatment_headache_days_per_28": 11.0,
        "change_pct": 57.1,
        "responder_30": False,
        "responder_50": False,
    }


@pytest.mark.parametrize(
    ("stopped", "today", "window", "kind"),
    [
        # Still going after 12 weeks, or stopped later: always weeks 9-12.
        (None, date(2026, 10, 1), ("2026-07-27", "2026-08-23"), "weeks 9-12"),
        (date(2026, 8, 23), date(2026, 10, 1), ("2026-07-27", "2026-08-23"), "weeks 9-12"),
        # Stopped on day 83 (2026-08-22): its latest 4 weeks, 2026-07-26..2026-08-22.
        (date(2026, 8, 22), date(2026, 10, 1), ("2026-07-26", "2026-08-22"), "latest 4 weeks"),
        # Going for 6 weeks (day 42 is 2026-07-12): 2026-06-15..2026-07-12.
        (None, date(2026, 7, 12), ("2026-06-15", "2026-07-12"), "latest 4 weeks"),
    ],
)
def test_the_treatment_window(
    stopped: date | None, today: date, window: tuple[str, str], kind: str
) -> None:
    end = min(stopped or today, today)
    lo, hi, found = treatment_span(START, end)
    assert (lo.isoformat(), hi.isoformat(), found) == (*window, kind)


def test_a_course_under_four_weeks_has_no_answer_yet() -> None:
    """Day 20 of the course (2026-06-20): 20 days on treatment, fewer than 28."""
    today = date(2026, 6, 20)
    found = course_response(book([(BASE, 84, 30)], today=today), START, None, today)
    assert found["enough_data"] is False
    assert found["reason"] == "the course has run 20 of the 28 days a treatment window needs"
    assert found["treatment_migraine_days_per_28"] is None
    assert found["responder_30"] is None and found["responder_50"] is None


def test_blocks_before_and_after_the_start() -> None:
    """Three blocks before (weeks -12..-9, -8..-5, -4..-1), then one per 4 weeks on
    treatment; the course stopped on day 60 (2026-07-30), so block 3 (days 57-84) holds 4
    days on treatment of 28: too few known to draw a figure."""
    found = course_blocks(book([(BASE, 84, 30)]), START, date(2026, 7, 30))
    assert [b.index for b in found] == [-3, -2, -1, 1, 2, 3]
    assert found[0].window.first == date(2026, 3, 9)
    # The first 30 baseline days are migraine days: block -3 has 28, block -2 has 2.
    assert [b.migraine_per_28 for b in found] == [28.0, 2.0, 0.0, 0.0, 0.0, None]
    assert found[-1].window.known == 4
