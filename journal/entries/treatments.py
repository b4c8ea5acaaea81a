"""How treatments went: pain recorded after a dose, and preventive courses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from journal.core.treatments import Dose, Outcome
from journal.entries.intakes import find_remedy, get_intake
from journal.entries.lifecycle import new_record
from journal.errors import BadInput
from journal.spec import UNIT_MAX, check_intensity, check_text
from journal.storage.rows import Row, Rows

if TYPE_CHECKING:
    from journal.core.courses import CoursePicture
    from journal.core.daybook import DayBook

# The trials' primary time point: pain two hours after the dose.
OUTCOME_AFTER = timedelta(hours=2)


def record_outcome(
    rows: Rows, intake_id: int, pain: int, at: datetime | None, now: datetime
) -> Row:
    """Pain at a time after a dose (default: 2 hours after it, or now if that is later
    than now). Several per dose are kept: the endpoints pick the one they need."""
    check_intensity(pain, "--pain")
    intake = get_intake(rows, intake_id)
    when = at if at is not None else min(intake["at"] + OUTCOME_AFTER, now)
    if when < intake["at"]:
        raise BadInput("--at", f"is before intake {intake_id} was taken")
    row = new_record(now, intake_id=intake_id, at=when, pain=pain)
    row["id"] = rows.insert("outcomes", row)
    row["taken"] = intake["at"]
    return row


def _preventive(rows: Rows, name: str) -> Row:
    remedy = find_remedy(rows, name, "NAME")
    if remedy["use"] != "preventive":
        raise BadInput(
            "NAME",
            f"{remedy['name']} is not a preventive in the catalogue; add one with "
            f"`journal remedies add NAME --class other --preventive`",
        )
    return remedy


def start_course(
    rows: Rows,
    name: str,
    started: date | None,
    dose: float | None,
    unit: str | None,
    now: datetime,
    tz: ZoneInfo,
    *,
    from_intakes: bool = False,
) -> Row:
    """Start a preventive course on STARTED (default today, or with FROM_INTAKES the day
    of the first dose recorded); one course of a remedy is open at a time."""
    remedy = _preventive(rows, name)
    if rows.one("open_course", remedy_id=remedy["id"]) is not None:
        raise BadInput("NAME", f"a course of {remedy['name']} is already going; stop it first")
    if from_intakes:
        first = (rows.one("first_intake", remedy_id=remedy["id"]) or {}).get("first")
        if first is None:
            raise BadInput("--from-intakes", f"no dose of {remedy['name']} is recorded")
        started = first.astimezone(tz).date()
    if dose is not None and dose < 0:
        raise BadInput("--dose", "must be 0 or more")
    check_text(unit, "--unit", UNIT_MAX)
    row = new_record(
        now,
        remedy_id=remedy["id"],
        started=started or now.astimezone(tz).date(),
        stopped=None,
        dose=dose,
        unit=(unit or "").strip() or remedy["unit"],
        reason=None,
    )
    row["id"] = rows.insert("courses", row)
    row["remedy_name"] = remedy["name"]
    return row


def stop_course(rows: Rows, name: str, stopped: date, reason: str | None, now: datetime) -> Row:
    remedy = _preventive(rows, name)
    row = rows.one("open_course", remedy_id=remedy["id"])
    if row is None:
        raise BadInput("NAME", f"no course of {remedy['name']} is going")
    if stopped < row["started"]:
        raise BadInput("--date", f"is before the course began ({row['started']})")
    row["stopped"] = stopped
    row["reason"] = check_text(reason, "--reason") or None
    row["updated"] = now
    rows.update("courses", row)
    row["remedy_name"] = remedy["name"]
    return row


def _treats(intake: Row) -> bool:
    """An acute treatment: an acute remedy other than caffeine, which the journal tracks
    apart (domain.md) and which is neither a treatment to rate nor a rescue dose."""
    return bool(intake["use"] == "acute" and intake["klass"] != "caffeine")


def treatment_facts(
    rows: Rows, lo: datetime, hi: datetime
) -> tuple[list[Dose], list[Outcome], list[datetime]]:
    """Doses taken in [LO, HI + 24 h) (later ones may be rescue doses), their outcomes, and
    the start times of episodes (a new one within 24 h is the headache back)."""
    from journal.core.treatments import SUSTAINED
    from journal.entries.reads import episodes_overlapping

    until = hi + SUSTAINED
    doses = [
        Dose(
            i["id"], i["at"], i["remedy_name"], i["klass"], _treats(i),
            i["episode_id"], i["pain"],
        )
        for i in rows.all("intakes_between", lo=lo, hi=until)
    ]  # fmt: skip
    outcomes = [
        Outcome(o["intake_id"], o["at"], o["pain"])
        for o in rows.all("outcomes_between", lo=lo, hi=hi)
    ]
    onsets = [e["start"] for e in episodes_overlapping(rows, lo, until)]
    return doses, outcomes, onsets


def _courses_and_book(
    rows: Rows, now: datetime, tz: ZoneInfo
) -> tuple[list[Row], DayBook | None, date]:
    """Every course, and one day book over all their baselines and treatment days."""
    from journal.core.courses import BASELINE_DAYS, course_end
    from journal.core.daybook import build_book
    from journal.entries.reads import load_facts

    courses = rows.all("courses")
    today = now.astimezone(tz).date()
    if not courses:
        return [], None, today
    first = min(c["started"] for c in courses) - timedelta(days=BASELINE_DAYS)
    last = max(course_end(c["started"], c["stopped"], today) for c in courses)
    return courses, build_book(load_facts(rows, first, max(last, first), now, tz)), today


def course_rows(rows: Rows, now: datetime, tz: ZoneInfo) -> list[dict[str, Any]]:
    """Every preventive course, oldest first, each with its response (core/courses.py)."""
    from journal.core.courses import course_response
    from journal.entries.records import course_dict

    courses, book, today = _courses_and_book(rows, now, tz)
    return [
        {
            **course_dict(c),
            "response": course_response(book, c["started"], c["stopped"], today),
        }
        for c in courses
        if book is not None
    ]


def course_pictures(
    rows: Rows, now: datetime, tz: ZoneInfo, first: date, last: date
) -> list[CoursePicture]:
    """The courses that were going at some time in [FIRST, LAST], for the report and chart."""
    from journal.core.courses import CoursePicture, course_blocks, course_end, course_response

    courses, book, today = _courses_and_book(rows, now, tz)
    found = []
    for c in courses:
        end = course_end(c["started"], c["stopped"], today)
        if book is None or c["started"] > last or end < first:
            continue
        dose = "" if c["dose"] is None else f"{c['dose']:g} {c['unit'] or ''}".rstrip()
        found.append(
            CoursePicture(
                c["remedy_name"], dose, c["started"], c["stopped"],
                course_response(book, c["started"], c["stopped"], today),
                tuple(course_blocks(book, c["started"], end)),
            )
        )  # fmt: skip
    return found


def uncoursed_preventives(rows: Rows, tz: ZoneInfo) -> list[dict[str, Any]]:
    """Preventives with doses recorded but no course: their first and last dose and count
    (a journal kept before courses existed still shows them)."""
    have = {c["remedy_name"] for c in rows.all("courses")}
    return [
        {
            "remedy": r["remedy_name"],
            "first": r["first"].astimezone(tz).date().isoformat(),
            "last": r["last"].astimezone(tz).date().isoformat(),
            "doses": r["doses"],
        }
        for r in rows.all("preventive_intakes")
        if r["remedy_name"] not in have
    ]
