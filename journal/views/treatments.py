"""How acute doses went, as a text table (`journal treatments`)."""

from __future__ import annotations

from typing import Any

from journal.core.advice import CLINICIAN, KRATOM_CAUTIONS
from journal.core.treatments import ENDPOINTS, share_text
from journal.views.table import Column, render, wrap

CAVEAT = (
    "From your own records of pain before and after each dose: a picture of what you "
    "noted, not evidence that a remedy works or does not."
)
HEADINGS = {
    "pain_free_2h": "pain free 2h",
    "relief_2h": "relief 2h",
    "rescue": "rescue",
    "sustained_pain_free": "sustained",
}


def _hours(value: float | None) -> str:
    return "-" if value is None else f"{value:g} h"


def treatments_text(found: dict[str, Any]) -> str:
    """Per remedy, then per class: uses, doses with an outcome, each endpoint."""
    lines = [f"Acute doses from {found['from']} to {found['to']}", ""]
    if not found["remedies"]:
        return "\n".join([*lines, "No acute dose recorded.", "", CAVEAT]) + "\n"
    columns = [
        Column(""),
        Column("uses", ">"),
        Column("rated", ">"),
        *(Column(HEADINGS[e], ">") for e in ENDPOINTS),
        Column("to mild", ">"),
    ]
    for key, label in (("remedies", "remedy"), ("classes", "class")):
        rows = [
            [
                row[label],
                str(row["uses"]),
                str(row["with_outcome"]),
                *(share_text(row[e]) for e in ENDPOINTS),
                _hours(row["median_hours_to_mild"]),
            ]
            for row in found[key]
        ]
        lines += [render(columns, rows), ""]
    lines += [
        "rated: doses with pain recorded after them; to mild: median time to pain 3 or less.",
        'Each figure counts the doses whose records tell it ("2 of 3"); shares from 5 on.',
        CAVEAT,
    ]
    if any(row["class"] == "kratom" for row in found["remedies"]):
        lines += ["", *wrap(KRATOM_CAUTIONS, 88), "", *wrap(CLINICIAN, 88)]
    return "\n".join(lines) + "\n"


COURSE_CAVEAT = (
    "Days per 28 are counted over the days the diary was kept. A before/after from your own "
    "records, not evidence that a remedy works or does not."
)


def _per_28(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} per 28 days"


def _change(value: float | None) -> str:
    return "" if value is None else f" ({value:+g}%)"


def _fall(response: dict[str, Any]) -> str:
    """Which of the 30% and 50% marks the fall in migraine days reached, in plain words."""
    if not response["enough_data"]:
        return f"Not enough data for a before/after: {response['reason']}."
    if response["responder_50"] is None:
        return "No migraine day in the baseline: there was nothing to fall."
    if response["responder_50"]:
        return "Migraine days fell by 50% or more (the trials' 50% mark; the 30% mark too)."
    if response["responder_30"]:
        return "Migraine days fell by 30% or more, less than 50% (the trials' 30% mark)."
    return "Migraine days did not fall by 30% or more."


def course_lines(course: dict[str, Any]) -> list[str]:
    """One course: what, when, the baseline, the treatment window, the fall."""
    dose = "" if course["dose"] is None else f" {course['dose']:g} {course['unit'] or ''}"
    why = f" ({course['reason']})" if course["reason"] else ""
    when = (
        f"{course['started']} to {course['stopped']}"
        if course["stopped"]
        else f"since {course['started']} (still taken)"
    )
    head = f"{course['remedy']}{dose.rstrip()}: {when}{why}"
    return [head, *(f"  {line}" for line in response_lines(course["response"]))]


def response_lines(r: dict[str, Any]) -> list[str]:
    """A course's response (core/courses.py) in three lines: before, after, the fall."""
    base, treat, head = r["baseline_window"], r["treatment_window"], r["headache_days"]
    return [
        f"Before, {base['from']} to {base['to']}: {r['baseline_days']} of 84 days known; "
        f"migraine days {_per_28(r['baseline_migraine_days_per_28'])}, headache days "
        f"{_per_28(head['baseline_headache_days_per_28'])}",
        f"On it, {treat['kind']}, {treat['from']} to {treat['to']}: {treat['known_days']} of 28 "
        f"days known; migraine days {_per_28(r['treatment_migraine_days_per_28'])}"
        f"{_change(r['change_pct'])}, headache days "
        f"{_per_28(head['treatment_headache_days_per_28'])}{_change(head['change_pct'])}",
        _fall(r),
    ]


def courses_text(courses: list[dict[str, Any]], uncoursed: list[dict[str, Any]]) -> str:
    """`journal preventive list`: each course with its before/after, then preventives with
    doses but no course."""
    lines: list[str] = []
    for course in courses:
        lines += [*course_lines(course), ""]
    for u in uncoursed:
        doses = f"{u['doses']} dose{'s' if u['doses'] != 1 else ''}"
        lines.append(
            f"{u['remedy']}: {doses} recorded from {u['first']} to {u['last']}, no "
            f"course; `journal preventive start {u['remedy']} --from-intakes` makes one."
        )
    if uncoursed:
        lines.append("")
    if courses:
        lines.append(COURSE_CAVEAT)
    return "\n".join(lines).rstrip("\n") + "\n"
