"""Writing and reading back diary entries through the journal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from journal.api.base import JournalBase
from journal.errors import BadInput

if TYPE_CHECKING:
    from journal.entries.inputs import (
        CheckinInput,
        EpisodeInput,
        IntakeInput,
        ListFilter,
        RemedyInput,
    )
    from journal.storage.rows import Rows


class EntriesMixin(JournalBase):
    """The everyday writes, the catalogue, and a period's entries read back."""

    # -- everyday writes ---------------------------------------------------------------------

    def log(self, data: EpisodeInput) -> dict[str, Any]:
        from journal.entries.episodes import log_episode

        return self._episode_change(lambda rows: log_episode(rows, data, self.now))

    def edit(self, episode_id: int, data: EpisodeInput) -> dict[str, Any]:
        from journal.entries.episodes import edit_episode

        return self._episode_change(lambda rows: edit_episode(rows, episode_id, data, self.now))

    def end(
        self, episode_id: int | None, at: datetime | None, intensity: int | None
    ) -> dict[str, Any]:
        from journal.entries.episodes import end_episode

        when = at or self.now
        return self._episode_change(
            lambda rows: end_episode(rows, episode_id, when, intensity, self.now)
        )

    def overlapping(self, data: EpisodeInput) -> list[dict[str, Any]]:
        """The episodes a new one with DATA's times would share time with."""
        from journal.entries.reads import episode_record, overlapping

        start = data.start or self.now
        end = None if data.ongoing else data.end
        return self.read(
            lambda rows: [
                episode_record(rows, e, self._zone(rows), self.now)
                for e in overlapping(rows, start, end, self.now)
            ]
        )

    def set_deleted(self, episode_id: int, deleted: bool) -> None:
        from journal.entries.episodes import set_deleted

        self.write(lambda rows: set_deleted(rows, episode_id, deleted, self.now))

    def _episode_change(self, change: Callable[[Rows], dict[str, Any]]) -> dict[str, Any]:
        """Run CHANGE and return the episode as `--json` shows it, read in the same
        transaction (the record printed is the record kept)."""
        from journal.entries.reads import episode_record
        from journal.entries.settings import journal_zone

        def work(rows: Rows) -> dict[str, Any]:
            return episode_record(rows, change(rows), journal_zone(rows), self.now)

        return self.write(work)

    def take(self, data: IntakeInput) -> tuple[dict[str, Any], list[str]]:
        """Record a dose; returns the intake as `--json` shows it (with "repeated": true
        when the last dose of the remedy was repeated) and the notices to show."""
        from journal.entries.intakes import take, take_notices
        from journal.entries.records import intake_dict
        from journal.entries.settings import journal_zone

        def work(rows: Rows) -> tuple[dict[str, Any], list[str]]:
            intake = take(rows, data, self.now)
            tz = journal_zone(rows)
            record = intake_dict(intake, tz)
            if intake["repeated"]:
                record["repeated"] = True
            return record, take_notices(rows, intake, tz)

        return self.write(work)

    def edit_intake(self, intake_id: int, data: IntakeInput) -> dict[str, Any]:
        from journal.entries.intakes import edit_intake

        return self._intake_change(lambda rows: edit_intake(rows, intake_id, data, self.now))

    def set_intake_deleted(self, intake_id: int, deleted: bool) -> None:
        from journal.entries.intakes import set_intake_deleted

        self.write(lambda rows: set_intake_deleted(rows, intake_id, deleted, self.now))

    def _intake_change(self, change: Callable[[Rows], dict[str, Any]]) -> dict[str, Any]:
        from journal.entries.records import intake_dict
        from journal.entries.settings import journal_zone

        return self.write(lambda rows: intake_dict(change(rows), journal_zone(rows)))

    def checkin(self, data: CheckinInput) -> dict[str, Any]:
        from journal.entries.days import checkin
        from journal.entries.records import checkin_dict
        from journal.entries.settings import journal_zone

        return self.write(
            lambda rows: checkin_dict(checkin(rows, data, self.now, journal_zone(rows)))
        )

    def mark(self, tag: str, day: date, note: str | None) -> dict[str, Any]:
        from journal.entries.days import mark
        from journal.entries.records import marker_dict

        return self.write(lambda rows: marker_dict(mark(rows, tag, day, note, self.now)))

    def unmark(self, marker_id: int) -> dict[str, Any]:
        from journal.entries.days import unmark
        from journal.entries.records import marker_dict

        return self.write(lambda rows: marker_dict(unmark(rows, marker_id)))

    # -- the catalogue -----------------------------------------------------------------------

    def remedies(self) -> list[dict[str, Any]]:
        from journal.entries.intakes import list_remedies
        from journal.entries.records import remedy_dict

        return self.read(lambda rows: [remedy_dict(r) for r in list_remedies(rows)])

    def knows_remedy(self, name: str) -> bool:
        """Whether NAME is a remedy or alias in the catalogue (any case)."""
        from journal.entries.intakes import find_remedy
        from journal.errors import BadInput

        try:
            self.read(lambda rows: find_remedy(rows, name))
        except BadInput:
            return False
        return True

    def add_remedy(self, data: RemedyInput) -> dict[str, Any]:
        from journal.entries.intakes import add_remedy
        from journal.entries.records import remedy_dict

        return self.write(lambda rows: remedy_dict(add_remedy(rows, data, self.now)))

    # -- reading back ------------------------------------------------------------------------

    def entries(
        self, first: date, last: date, *, deleted: bool = False, only: ListFilter | None = None
    ) -> list[dict[str, Any]]:
        """Episodes, intakes, markers and check-ins of the local days [first, last], narrowed
        by ONLY (the `list` contract)."""
        from journal.entries.reads import period_records

        return self.read(
            lambda rows: period_records(
                rows, first, last, self._zone(rows), self.now, deleted=deleted, only=only
            )
        )

    def episode(self, episode_id: int) -> dict[str, Any]:
        """One episode, deleted or not, as `show --json` prints it."""
        from journal.entries.episodes import get_episode
        from journal.entries.reads import episode_record

        return self.read(
            lambda rows: episode_record(
                rows, get_episode(rows, episode_id, deleted=None), self._zone(rows), self.now
            )
        )

    def markers(self, first: date, last: date) -> list[dict[str, Any]]:
        from journal.entries.reads import markers

        return self.read(lambda rows: markers(rows, first, last))

    def checkins(self, first: date, last: date) -> list[dict[str, Any]]:
        from journal.entries.reads import checkins

        return self.read(lambda rows: checkins(rows, first, last))

    def default_days(
        self, first: str | None, last: str | None, days: int = 30
    ) -> tuple[date, date]:
        """The period of `--from`/`--to` (default: the last DAYS days up to today)."""
        end = self.parse_day(last, "--to") or self.today()
        start = self.parse_day(first, "--from") or end - timedelta(days=days - 1)
        if start > end:
            raise BadInput("--from", "is after --to")
        return start, end

    # -- treatments --------------------------------------------------------------------------

    def outcome(self, intake_id: int, pain: int, at: datetime | None) -> dict[str, Any]:
        """Pain some time after a dose (default: 2 hours after it)."""
        from journal.entries.records import outcome_dict
        from journal.entries.treatments import record_outcome

        return self.write(
            lambda rows: outcome_dict(
                record_outcome(rows, intake_id, pain, at, self.now), self._zone(rows)
            )
        )

    def start_course(
        self,
        name: str,
        started: date | None,
        dose: float | None,
        unit: str | None,
        *,
        from_intakes: bool = False,
    ) -> dict[str, Any]:
        from journal.entries.records import course_dict
        from journal.entries.treatments import start_course

        return self.write(
            lambda rows: course_dict(
                start_course(
                    rows, name, started, dose, unit, self.now, self._zone(rows),
                    from_intakes=from_intakes,
                )
            )
        )  # fmt: skip

    def stop_course(self, name: str, stopped: date, reason: str | None) -> dict[str, Any]:
        from journal.entries.records import course_dict
        from journal.entries.treatments import stop_course

        return self.write(
            lambda rows: course_dict(stop_course(rows, name, stopped, reason, self.now))
        )

    def courses(self) -> list[dict[str, Any]]:
        """Every preventive course, oldest first, with its response (JSON contract of
        `preventive list`)."""
        from journal.entries.treatments import course_rows

        return self.read(lambda rows: course_rows(rows, self.now, self._zone(rows)))

    def uncoursed_preventives(self) -> list[dict[str, Any]]:
        """Preventives with doses recorded and no course."""
        from journal.entries.treatments import uncoursed_preventives

        return self.read(lambda rows: uncoursed_preventives(rows, self._zone(rows)))
