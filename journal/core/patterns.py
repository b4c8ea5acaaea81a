"""Days with and without an exposure, and how often a new headache began after them.

One comparison for the summary's next-day table, the next-day-headache rule and `journal
patterns` (personal.py): exposure on a day D (for the next-day question, a class taken in
D's evening, see daybook.evening_of), outcome an onset on D + lag (an episode that began
that day, not one still running). Only pairs whose two days are both known count, on both
sides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from journal.core.daybook import Day, DayBook
from journal.core.flags import THRESHOLDS
from journal.core.stats import fisher_exact

# An exposure as the patterns engine asks it: did day D (its date and record) have it?
DatedTest = Callable[[date, Day], bool]


@dataclass(frozen=True)
class Comparison:
    exposed_days: int
    exposed_onsets: int
    other_days: int
    other_onsets: int
    outcome_headache_days: int  # outcome days with any headache, onset or not

    @property
    def days(self) -> int:
        return self.exposed_days + self.other_days

    @property
    def share(self) -> float | None:
        return self.exposed_onsets / self.exposed_days if self.exposed_days else None

    @property
    def other_share(self) -> float | None:
        return self.other_onsets / self.other_days if self.other_days else None

    @property
    def saturated(self) -> bool:
        """Headache on nearly every outcome day: there are no headache-free days to compare."""
        return bool(self.days) and (
            self.outcome_headache_days >= THRESHOLDS.next_day_saturation * self.days
        )

    @property
    def comparable(self) -> bool:
        return self.exposed_days > 0 and self.other_days > 0 and not self.saturated

    def _fisher(self, alternative: str) -> float | None:
        if not (self.exposed_days and self.other_days):
            return None
        return fisher_exact(
            self.exposed_onsets,
            self.exposed_days - self.exposed_onsets,
            self.other_onsets,
            self.other_days - self.other_onsets,
            alternative,
        )

    @property
    def p(self) -> float | None:
        """One-sided Fisher exact p: onsets more frequent after exposure than without."""
        return self._fisher("greater")

    @property
    def p_two_sided(self) -> float | None:
        """Two-sided Fisher exact p: onsets more or less frequent after exposure."""
        return self._fisher("two-sided")


def _pairs(
    book: DayBook, first: date, last: date, lag: int
) -> tuple[list[tuple[date, Day, bool]], int]:
    """(D, D's record, whether a new headache began on D + lag) for each D in [first, last]
    whose day and day + lag are both known, and how many of those outcome days had any
    headache (onset or not)."""
    records = book.records
    lo = max(book.index(first), 0)
    hi = min(book.index(last), len(records) - 1 - lag)
    pairs = []
    headache = 0
    for i in range(lo, hi + 1):
        cause, outcome = records[i], records[i + lag]
        if cause.known and outcome.known:
            pairs.append((book.first + timedelta(days=i), cause, outcome.onsets > 0))
            headache += outcome.headache
    return pairs, headache


def compare_dated(
    book: DayBook,
    first: date,
    last: date,
    exposures: Mapping[str, DatedTest],
    lag: int = 1,
    among: Mapping[str, DatedTest] | None = None,
) -> dict[str, Comparison]:
    """For each named exposure (a test of a day's date and record), exposure days D in
    [first, last] against the others, outcome an onset on D + lag; the pairs of known days
    are found once for all of them. AMONG narrows an exposure's comparison to the days it
    accepts (both sides): a dose level against days with no dose at all, say."""
    pairs, headache = _pairs(book, first, last, lag)
    found = {}
    for name, exposed in exposures.items():
        within = (among or {}).get(name)
        days = hits = other_days = other_hits = 0
        for day, cause, hit in pairs:
            if within is not None and not within(day, cause):
                continue
            if exposed(day, cause):
                days += 1
                hits += hit
            else:
                other_days += 1
                other_hits += hit
        found[name] = Comparison(days, hits, other_days, other_hits, headache)
    return found


def compare_many(
    book: DayBook,
    first: date,
    last: date,
    exposures: Mapping[str, Callable[[Day], bool]],
    lag: int = 1,
) -> dict[str, Comparison]:
    """compare_dated for exposures that need only the day's record."""
    pairs, headache = _pairs(book, first, last, lag)
    onsets = sum(hit for _, _, hit in pairs)
    found = {}
    for name, exposed in exposures.items():
        after = [hit for _, cause, hit in pairs if exposed(cause)]
        hits = sum(after)
        found[name] = Comparison(len(after), hits, len(pairs) - len(after), onsets - hits, headache)
    return found


def compare(
    book: DayBook, first: date, last: date, exposed: Callable[[Day], bool], lag: int = 1
) -> Comparison:
    """Exposure days D in [first, last] against the others, outcome an onset on D + lag."""
    return compare_many(book, first, last, {"": exposed}, lag)[""]


def took(klass: str) -> Callable[[Day], bool]:
    """Exposure: KLASS taken that evening ("all": any acute class)."""
    if klass == "all":
        return lambda day: any(k != "caffeine" for k in day.evening)
    return lambda day: klass in day.evening
