"""The period the charts and the report cover when the user names none."""

from __future__ import annotations

from datetime import date

from journal.core.days import ONE_DAY, add_months, month_start

COMPLETE_MONTHS = 3
MIN_DAYS = 7  # days a month must have had before it gets a column of its own


def usual_period(today: date) -> tuple[date, date]:
    """The last COMPLETE_MONTHS complete calendar months, and this month up to today once it
    has had MIN_DAYS days. A month column of a day or two says nothing (on the 1st it would
    be a whole month of "this month"), so early in a month the period ends with the last.
    (A diary begun this month has nothing in those: the front door then shows this month.)"""
    this_month = month_start(today)
    first = add_months(this_month, -COMPLETE_MONTHS)
    if today.day >= MIN_DAYS:
        return first, today
    return first, this_month - ONE_DAY
