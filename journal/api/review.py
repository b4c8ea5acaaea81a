"""Looking back: summaries, flags, MIDAS, the status screen, and what pictures draw."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from journal.api.base import JournalBase
from journal.errors import BadInput, JournalError, exclusive

if TYPE_CHECKING:
    from journal.core.facts import Facts
    from journal.storage.rows import Rows


class ReviewMixin(JournalBase):
    """Figures over periods, computed by the core from the journal's facts."""

    # -- looking back ------------------------------------------------------------------------

    def _review_facts(self, first: date, last: date) -> Facts:
        """Facts for figures of [first, last]: from the flags' look-back on, and one day past
        the end (the next-day counts look at the morning after)."""
        return self.facts(first, last + timedelta(days=1))

    def summary(self, first: date, last: date, label: str | None = None) -> Any:
        """Counts of the local days [first, last], the period before, the change, the flags."""
        from journal.core import summary as core
        from journal.core.days import period_label, previous_bounds
        from journal.core.window import facts_span

        as_of = min(last, self.today())
        start = min(previous_bounds(first, last)[0], facts_span(as_of, 3))
        facts = self._review_facts(start, last)
        return core.summarise(facts, first, last, label or period_label(first, last))

    def summaries(self, step: str, count: int) -> list[Any]:
        """The last COUNT ISO weeks (step "week") or calendar months ("month"), oldest first."""
        from journal.core import summary as core

        facts, periods = self._periods(step, count)
        return core.summarise_periods(facts, periods)

    def period_rows(self, step: str, count: int) -> list[Any]:
        """The counts alone of the periods `summaries` covers (what the table shows)."""
        from journal.core import summary as core

        facts, periods = self._periods(step, count)
        return core.period_rows(facts, periods)

    def _periods(self, step: str, count: int) -> tuple[Facts, list[tuple[date, date]]]:
        """The last COUNT weeks or months, oldest first, and the facts their summaries read."""
        from journal.core.days import month_bounds, previous_bounds, week_bounds
        from journal.core.window import facts_span

        bounds = week_bounds if step == "week" else month_bounds
        periods = [bounds(self.today())]
        for _ in range(count - 1):
            periods.insert(0, previous_bounds(*periods[0]))
        periods = [bounds(first) for first, _ in periods]
        # One flag evaluation covers every row: its look-back starts before the first one.
        start = min(previous_bounds(*periods[0])[0], facts_span(periods[0][0], 1))
        return self._review_facts(start, periods[-1][1]), periods

    def flags(self, as_of: date, months: int = 3) -> list[dict[str, Any]]:
        """The frequent-use flags of the MONTHS calendar months ending with AS_OF's."""
        from journal.core.rules import evaluate_flags
        from journal.core.window import facts_span

        facts = self._review_facts(facts_span(as_of, months), as_of)
        return [f.to_dict() for f in evaluate_flags(facts, as_of=as_of, months=months)]

    def midas(self, as_of: date) -> Any:
        from journal.core import summary as core

        first, last = core.midas_window(as_of)
        return core.midas(self._review_facts(first, last), as_of)

    def status(self) -> Any:
        """What the bare `journal` command shows."""
        from journal.core import summary as core
        from journal.core.window import facts_span

        today = self.today()
        return core.status(self._review_facts(facts_span(today, 3), today), today)

    # -- personal patterns -------------------------------------------------------------------

    def patterns_period(
        self, months: int | None, first: str | None, last: str | None
    ) -> tuple[date, date]:
        """The period of `journal patterns`: --months N (calendar months ending with this
        one), or --from/--to; by default the last 12 months, as the comparison needs 90 known
        days and 24 new headaches before it says anything."""
        from journal.core.days import add_months, month_start
        from journal.pictures.chartdata import default_period

        if months is None and not first and not last:
            months = 12
        if months is not None:
            if first or last:
                raise exclusive("--months", "--from" if first else "--to")
            return default_period(self.today(), months)
        end = self.parse_day(last, "--to") or self.today()
        start = self.parse_day(first, "--from") or month_start(add_months(end, -11))
        if start > end:
            raise BadInput("--from", "is after --to")
        if (end - start).days > 3660:
            raise BadInput("--from", "the period may span at most 10 years")
        return start, end

    def patterns(self, first: date, last: date) -> Any:
        """Which exposures of [first, last] go with new headaches (core/personal.py), with the
        triggers typed on its episodes counted (never compared)."""
        from collections import Counter
        from dataclasses import replace

        from journal.core.days import local_date
        from journal.core.personal import find_patterns
        from journal.entries.reads import bounds, episodes_overlapping, load_facts

        def work(rows: Rows) -> tuple[Facts, Counter[str]]:
            tz = self._zone(rows)
            # two days back for the kratom timing, one ahead for the next day's onsets
            facts = load_facts(
                rows, first - timedelta(days=2), last + timedelta(days=1), self.now, tz
            )
            triggers: Counter[str] = Counter()
            for episode in episodes_overlapping(rows, *bounds(first, last, tz)):
                if first <= local_date(episode["start"], tz) <= last:
                    triggers.update(set(episode["triggers"] or ()))
            return facts, triggers

        facts, triggers = self.read(work)
        found = find_patterns(facts, first, last)
        return replace(found, triggers=tuple(sorted(triggers.items(), key=lambda t: (-t[1], t[0]))))

    # -- pictures ----------------------------------------------------------------------------

    def picture_period(
        self, months: int | None, first: str | None, last: str | None
    ) -> tuple[date, date]:
        """The period of a chart or report: --months, or --from/--to, else the usual period
        (pictures/period.py: 3 complete months, and this one from its 7th day)."""
        from journal.core.days import add_months, month_start
        from journal.pictures.chartdata import default_period
        from journal.pictures.period import usual_period

        if months is None and not first and not last:
            return usual_period(self.today())
        if months is not None and (first or last):
            raise exclusive("--months", "--from" if first else "--to")
        if months is not None:
            return default_period(self.today(), months)
        end = self.parse_day(last, "--to") or self.today()
        start = self.parse_day(first, "--from") or month_start(add_months(end, -2))
        if start > end:
            raise BadInput("--from", "is after --to")
        if (end - start).days > 3660:
            raise BadInput("--from", "the period may span at most 10 years")
        return start, end

    def picture_data(
        self, first: date, last: date, *, diary: bool = False, patterns: bool = False
    ) -> tuple[Any, list[Any]]:
        """What the charts and the report draw for [first, last], and the diary table's rows,
        read in one transaction; a period with nothing recorded is refused."""
        from journal.core.days import month_start
        from journal.entries.reads import checkins, load_facts, period_records
        from journal.entries.treatments import course_pictures
        from journal.pictures import chartdata
        from journal.pictures.diary import diary_rows
        from journal.pictures.period import usual_period

        def work(rows: Rows) -> tuple[Any, list[Any]]:
            tz = self._zone(rows)
            facts = load_facts(rows, *chartdata.load_span(first, last), self.now, tz)
            treated["acute"] = self._treatments(rows, first, last)
            treated["courses"] = course_pictures(rows, self.now, tz, first, last)
            found: list[Any] = []
            if diary:
                items = period_records(rows, first, last, tz, self.now)
                found = diary_rows(
                    [i for i in items if i["kind"] == "episode"],
                    [i for i in items if i["kind"] == "intake"],
                    [(m.date, m.tag, m.note) for m in facts.markers if first <= m.date <= last],
                    self.now,
                    checkins(rows, first, last),
                )
            return facts, found

        treated: dict[str, Any] = {}
        facts, rows = self.read(work)
        data = replace(
            chartdata.build(facts, first, last, patterns=patterns),
            treatments=treated["acute"],
            courses=tuple(treated["courses"]),
        )
        today = self.today()
        if data.empty and (first, last) == usual_period(today) and last < today:
            # A diary begun this month, before its 7th: this month so far, short as it is.
            return self.picture_data(month_start(today), today, diary=diary, patterns=patterns)
        if data.empty:
            raise JournalError(f"Nothing is recorded from {first} to {last}; no file was written.")
        return data, rows

    def treatments(self, first: date, last: date) -> dict[str, Any]:
        """How acute doses of [first, last] went, per remedy and per class (JSON contract of
        `journal treatments`)."""
        return self.read(lambda rows: self._treatments(rows, first, last))

    def _treatments(self, rows: Rows, first: date, last: date) -> dict[str, Any]:
        from journal.core.treatments import summarise_treatments
        from journal.entries.reads import bounds
        from journal.entries.treatments import treatment_facts

        lo, hi = bounds(first, last, self._zone(rows))
        doses, outcomes, onsets = treatment_facts(rows, lo, hi)
        found = summarise_treatments(doses, outcomes, onsets, self.now, lo, hi)
        return {"from": first.isoformat(), "to": last.isoformat(), **found}

    def cycles(self, as_of: date, months: int = 6) -> dict[str, Any]:
        """Migraine days around menstruation, per cycle whose day 1 lies in the MONTHS months
        ending with AS_OF (JSON contract of `journal cycles`)."""
        from journal.core.cycles import analyse_cycles
        from journal.core.daybook import build_book
        from journal.core.days import add_months

        first = add_months(as_of, -months) + timedelta(days=1)
        # the facts reach 13 days beyond each end: a period begun just before the window,
        # and days -2 and -1 of one beginning just after it
        return dict(analyse_cycles(build_book(self.facts(first, as_of)), first, as_of))
