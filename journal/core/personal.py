"""Personal patterns: which days, exposures and doses go with new headaches, with the
uncertainty shown (`journal patterns`, its chart and the report's page).

The method is the one an N-of-1 diary can defend (Turner and Houle 2013; Peris et al. 2017):

- Exposures are things recorded on EVERY day they happen, so days without them are real
  comparison days: day markers (any tag), acute classes and caffeine taken in the evening
  (18:00-05:00, daybook.evening_of), kratom dose counts per day, and the weekday. Triggers
  typed on an episode exist only on headache days and are counted, never compared.
- The outcome is an onset (a new headache that began that day, not one still running) on
  the same day (lag 0) or the next (lag 1); only pairs of known days count, on both sides,
  through the one comparison of patterns.py that the next-day rule and summary use too.
- Each row shows both shares with 95% Wilson intervals and a two-sided Fisher exact p; the
  Benjamini-Hochberg q is taken over every row shown. A verdict needs q < FDR.
- Until GATE_KNOWN_DAYS known days and GATE_ONSETS onsets are recorded every verdict is
  `too-few-days`; with a headache on nearly every known day nothing can be compared.

Weekdays are compared at lag 0 only: the day after a Monday is a Tuesday, so a lag-1 weekday
row would repeat another weekday's lag-0 row and only thin out the correction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

from journal.core.daybook import Day, DayBook, build_book
from journal.core.days import ONE_DAY, episode_end, local_date
from journal.core.facts import ACUTE_CLASSES, Facts
from journal.core.flags import THRESHOLDS
from journal.core.patterns import Comparison, DatedTest, compare_dated
from journal.core.stats import benjamini_hochberg, wilson_interval

GATE_KNOWN_DAYS = 90  # N1-Headache's 90 days of daily records
GATE_ONSETS = 24  # about what an N-of-1 analysis needs for a moderate association
MIN_EXPOSED_DAYS = 5  # an exposure is shown from this many known days with it
FDR = 0.05  # a verdict other than no-clear-difference needs q below this
LAGS = (0, 1)
KINDS = ("marker", "evening", "kratom", "weekday")
VERDICTS = ("more-often", "less-often", "no-clear-difference", "too-few-days")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
KRATOM_LEVELS = (("kratom 1 dose", 1, 1), ("kratom 2+ doses", 2, None))
# One line, on every output of the patterns: text, chart, report page (and stderr for JSON).
CAVEAT = (
    "Associations in your own records, not causes: something you did not record may lie "
    "behind any of them."
)
# Hours from the last kratom dose to an onset, in these bins (the last one open).
TIMING_EDGES = (0, 6, 12, 18, 24, 36, 48)


@dataclass(frozen=True)
class Row:
    """One exposure at one lag: the two shares, the tests and the verdict."""

    exposure: str
    kind: str
    lag: int
    exposed_days: int
    exposed_onsets: int
    other_days: int
    other_onsets: int
    p: float | None
    q: float | None
    verdict: str

    @property
    def share(self) -> float | None:
        return self.exposed_onsets / self.exposed_days if self.exposed_days else None

    @property
    def other_share(self) -> float | None:
        return self.other_onsets / self.other_days if self.other_days else None

    @property
    def share_ci(self) -> tuple[float, float] | None:
        if not self.exposed_days:
            return None
        return wilson_interval(self.exposed_onsets, self.exposed_days)

    @property
    def other_share_ci(self) -> tuple[float, float] | None:
        if not self.other_days:
            return None
        return wilson_interval(self.other_onsets, self.other_days)

    def to_dict(self) -> dict[str, Any]:
        """The row as `journal patterns --json` shows it (the issue's keys, in its order)."""

        def share(value: float | None) -> float | None:
            return None if value is None else round(value, 3)

        def interval(ci: tuple[float, float] | None) -> list[float] | None:
            return None if ci is None else [round(ci[0], 3), round(ci[1], 3)]

        return {
            "exposure": self.exposure,
            "kind": self.kind,
            "lag": self.lag,
            "exposed_days": self.exposed_days,
            "exposed_onsets": self.exposed_onsets,
            "other_days": self.other_days,
            "other_onsets": self.other_onsets,
            "share": share(self.share),
            "share_ci": interval(self.share_ci),
            "other_share": share(self.other_share),
            "other_share_ci": interval(self.other_share_ci),
            "p": None if self.p is None else round(self.p, 4),
            "q": None if self.q is None else round(self.q, 4),
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class Timing:
    """Hours from the last kratom dose to each onset on a known day whose day before was
    known: onsets after a day with kratom against onsets after a day without."""

    labels: tuple[str, ...]
    after_kratom: tuple[int, ...]
    after_other: tuple[int, ...]


@dataclass(frozen=True)
class Patterns:
    first: date
    last: date
    known_days: int
    onsets: int  # onsets on the known days of [first, last]
    headache_days: int  # known days with any headache
    rows: tuple[Row, ...]
    timing: Timing | None = None  # None: no kratom recorded
    triggers: tuple[tuple[str, int], ...] = ()  # (tag, episodes), most used first

    @property
    def saturated(self) -> bool:
        """A headache on nearly every known day: no headache-free days to compare with."""
        return bool(self.known_days) and (
            self.headache_days >= THRESHOLDS.next_day_saturation * self.known_days
        )

    @property
    def counts_short(self) -> bool:
        return self.known_days < GATE_KNOWN_DAYS or self.onsets < GATE_ONSETS

    @property
    def enough_data(self) -> bool:
        return not self.counts_short and not self.saturated

    @property
    def needed(self) -> dict[str, int] | None:
        """How many more known days and onsets the gate asks for; None when the counts are
        enough (a saturated diary is not helped by more of the same days)."""
        if not self.counts_short:
            return None
        return {
            "known_days": max(0, GATE_KNOWN_DAYS - self.known_days),
            "onsets": max(0, GATE_ONSETS - self.onsets),
        }

    def to_dict(self) -> dict[str, Any]:
        """`journal patterns --json`: exactly the issue's object."""
        return {
            "known_days": self.known_days,
            "onsets": self.onsets,
            "enough_data": self.enough_data,
            "needed": self.needed,
            "rows": [r.to_dict() for r in self.rows],
        }


def _exposures(book: DayBook, first: date, last: date) -> list[tuple[str, str, DatedTest]]:
    """(name, kind, test) for each exposure seen on at least MIN_EXPOSED_DAYS known days."""
    days = [(d, r) for d, r in book.span(first, last) if r.known]
    markers: set[str] = set()
    evening: set[str] = set()
    for _, record in days:
        markers.update(record.markers)
        evening |= record.evening
    found: list[tuple[str, str, DatedTest]] = []
    found += [(tag, "marker", _marked(tag)) for tag in sorted(markers)]
    found += [(k, "evening", _evening(k)) for k in (*ACUTE_CLASSES, "caffeine") if k in evening]
    found += [(name, "kratom", _dose_test(lo, hi)) for name, lo, hi in KRATOM_LEVELS]
    found += [(name, "weekday", _weekday(w)) for w, name in enumerate(WEEKDAY_NAMES)]
    return [e for e in found if sum(e[2](d, r) for d, r in days) >= MIN_EXPOSED_DAYS]


def _marked(tag: str) -> DatedTest:
    return lambda _d, r: tag in r.markers


def _evening(klass: str) -> DatedTest:
    return lambda _d, r: klass in r.evening


def _weekday(weekday: int) -> DatedTest:
    return lambda d, _r: d.weekday() == weekday


def _dose_test(lo: int, hi: int | None) -> DatedTest:
    return lambda _d, r: r.kratom_doses >= lo and (hi is None or r.kratom_doses <= hi)


def _no_kratom(_day: date, record: Day) -> bool:
    return record.kratom_doses == 0


def find_patterns(facts: Facts, first: date, last: date, book: DayBook | None = None) -> Patterns:
    """The comparison of every exposure of [first, last] at lags 0 and 1 (see the module
    docstring); FACTS should reach a day past LAST (the next day's onsets) and the days
    before FIRST that the kratom timing looks back to. BOOK: the facts' day book if built."""
    book = book or build_book(facts)
    known = onsets = headache = 0
    for record in book.between(first, last):
        if record.known:
            known += 1
            onsets += record.onsets
            headache += record.headache
    exposures = _exposures(book, first, last)
    compared: list[tuple[str, str, int, Comparison]] = []
    for lag in LAGS:
        shown = [e for e in exposures if lag == 0 or e[1] != "weekday"]
        # Kratom dose levels are set against days without any kratom, so 1 dose and 2+
        # doses are each compared with none, not with each other.
        among: Mapping[str, DatedTest] = {e[0]: _no_or(e[2]) for e in shown if e[1] == "kratom"}
        found = compare_dated(book, first, last, {e[0]: e[2] for e in shown}, lag, among)
        compared += [(name, kind, lag, found[name]) for name, kind, _ in shown]
    kind_order = {k: i for i, k in enumerate(KINDS)}
    compared.sort(key=lambda c: (kind_order[c[1]], _order(c[0], c[1]), c[2]))
    rows = _rows(compared, known, onsets, headache)
    return Patterns(
        first, last, known, onsets, headache, tuple(rows), kratom_timing(facts, book, first, last)
    )


def _no_or(test: DatedTest) -> DatedTest:
    return lambda d, r: _no_kratom(d, r) or test(d, r)


def _order(name: str, kind: str) -> Any:
    if kind == "weekday":
        return WEEKDAY_NAMES.index(name)
    if kind == "evening":
        return (*ACUTE_CLASSES, "caffeine").index(name)
    return name


def _rows(
    compared: Sequence[tuple[str, str, int, Comparison]], known: int, onsets: int, headache: int
) -> list[Row]:
    p_values = [c[3].p_two_sided for c in compared]
    tested = [i for i, p in enumerate(p_values) if p is not None]
    q_values: list[float | None] = [None] * len(compared)
    adjusted = benjamini_hochberg([p_values[i] or 0.0 for i in tested])
    for i, q_value in zip(tested, adjusted, strict=True):
        q_values[i] = q_value
    gate = (
        known >= GATE_KNOWN_DAYS
        and onsets >= GATE_ONSETS
        and headache < THRESHOLDS.next_day_saturation * known
    )
    rows = []
    for (name, kind, lag, seen), p, q in zip(compared, p_values, q_values, strict=True):
        rows.append(
            Row(
                name,
                kind,
                lag,
                seen.exposed_days,
                seen.exposed_onsets,
                seen.other_days,
                seen.other_onsets,
                p,
                q,
                _verdict(seen, q, gate),
            )
        )
    return rows


def _verdict(seen: Comparison, q: float | None, gate: bool) -> str:
    least = MIN_EXPOSED_DAYS
    if not gate or q is None or seen.exposed_days < least or seen.other_days < least:
        return "too-few-days"
    if q >= FDR:
        return "no-clear-difference"
    share, other = seen.share or 0.0, seen.other_share or 0.0
    if share > other:
        return "more-often"
    return "less-often" if share < other else "no-clear-difference"


def kratom_timing(facts: Facts, book: DayBook, first: date, last: date) -> Timing | None:
    """Hours since the last kratom dose for each onset on a known day D of [first, last]
    whose day before was known, split by whether that day before had kratom; None when no
    kratom was recorded up to LAST."""
    tz = facts.tz
    doses = sorted(
        i.at.astimezone(UTC)
        for i in facts.intakes
        if i.klass == "kratom" and local_date(i.at, tz) <= last
    )
    if not doses:
        return None
    labels = (
        *(f"{lo}-{hi} h" for lo, hi in pairwise(TIMING_EDGES)),
        f"over {TIMING_EDGES[-1]} h or none",
    )
    after_kratom = [0] * len(labels)
    after_other = [0] * len(labels)
    for episode in facts.episodes:
        if episode_end(episode, facts.now) - episode.start < facts.min_duration:
            continue  # days.qualifies: too short to be a headache day, so no onset
        start = episode.start.astimezone(UTC)
        day = local_date(start, tz)
        if not first <= day <= last:
            continue
        today, before = book.day(day), book.day(day - ONE_DAY)
        if not (today.known and before.known):
            continue
        counts = after_kratom if before.kratom_doses else after_other
        counts[_bin(_hours_since(doses, start))] += 1
    return Timing(labels, tuple(after_kratom), tuple(after_other))


def _hours_since(doses: Sequence[datetime], moment: datetime) -> float | None:
    from bisect import bisect_right

    i = bisect_right(doses, moment)
    return None if i == 0 else (moment - doses[i - 1]) / timedelta(hours=1)


def _bin(hours: float | None) -> int:
    if hours is None:
        return len(TIMING_EDGES) - 1
    for i, edge in enumerate(TIMING_EDGES[1:]):
        if hours < edge:
            return i
    return len(TIMING_EDGES) - 1
