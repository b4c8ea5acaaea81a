"""The report's Treatments pages: how acute doses went, and each preventive course's before/after.

The acute table counts each IHS endpoint over the doses whose records tell it ("3 of 7"), with a
percentage only from MIN_FOR_SHARE such doses on (core/treatments.py). The course figures and the
preventive chart come from core/courses.py. Nothing here says a remedy works: one line says these
are the person's own records, and any kratom row brings the kratom cautions with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from journal.core.advice import CLINICIAN, KRATOM_CAUTIONS
from journal.core.treatments import ENDPOINTS, MIN_FOR_SHARE, share_text
from journal.pictures.chart_preventive import MAX_COURSES, draw_preventive
from journal.pictures.chartdata import ChartData
from journal.pictures.fonts import text_width
from journal.pictures.layout import Region
from journal.pictures.page import Line, Page, draw_lines, flow, paragraph
from journal.views.treatments import HEADINGS, response_lines

OWN_RECORDS = (
    "These are the patient's own records of pain before and after each dose, not a trial: "
    "they show what was noted, not evidence that a remedy works or does not."
)
ENDPOINT_NOTE = (
    "IHS endpoints per dose. Pain free 2h: pain 0 at the outcome closest to 2 hours (1.5-4 h). "
    "Relief 2h: from moderate/severe (4 or more) before to mild/none (3 or less). Rescue: "
    "another acute dose for the same episode 2-24 h later. Sustained: pain free at 2 h, no "
    "rescue and no return of headache within 24 h. Each counts only the doses whose records "
    f"tell it (\u201c3 of 4\u201d); shares from {MIN_FOR_SHARE} such doses on. Rated: doses "
    "with pain recorded after them. To mild: median time to pain 3 or less."
)
COURSE_NOTE = (
    "Before: the 12 weeks before the start. After: weeks 9-12 of the course, or its latest 4 "
    "weeks when it has run less than 12. Days per 28 days are counted over the days the diary "
    "was kept; no before/after is given when fewer than 80% of either window's days were kept. "
    "30% and 50% are the falls in migraine days that trials and prescribing rules look at."
)
SIZE = 7.5
GREY = "#444444"


def _label_width(found: dict[str, Any]) -> float:
    """One label column for both tables, so their columns line up."""
    names = [r["remedy"] for r in found["remedies"]] + [r["class"] for r in found["classes"]]
    return max(text_width(n, SIZE) for n in [*names, "remedy"]) + 0.2


def _table(rows: Sequence[dict[str, Any]], label: str, width: float, label_w: float) -> list[Line]:
    """A table of remedies (or classes): uses, rated, the four endpoints, time to mild."""
    heads = ["uses", "rated", *(HEADINGS[e] for e in ENDPOINTS), "to mild"]
    sizes = [0.45, 0.5, *[0.0] * len(ENDPOINTS), 0.65]
    wide = (width - label_w - sum(sizes)) / len(ENDPOINTS)
    rights, x = [], label_w
    for size in sizes:
        x += size or wide
        rights.append(x - 0.05)
    keep = f"treat-{label}"
    lines = [
        Line(
            "", SIZE, "bold", rule=True, keep=keep, space_before=0.06,
            cells=[(0.0, label, "left", "bold"),
                   *((r, h, "right", "bold") for r, h in zip(rights, heads, strict=True))],
        )
    ]  # fmt: skip
    for i, row in enumerate(rows):
        hours = row["median_hours_to_mild"]
        values = [
            str(row["uses"]),
            str(row["with_outcome"]),
            *(share_text(row[e]) for e in ENDPOINTS),
            "-" if hours is None else f"{hours:.1f} h",
        ]
        cells = [(0.0, row[label], "left", "normal")]
        cells += [(r, v, "right", "normal") for r, v in zip(rights, values, strict=True)]
        lines.append(Line("", SIZE, cells=cells, shade=i % 2 == 0, keep=keep))
    return lines


def treatment_lines(data: ChartData, width: float) -> list[Line]:
    """The Treatments pages as flowing lines."""
    found = data.treatments or {"remedies": [], "classes": []}
    out = [Line("Treatments", 14, "bold")]
    out += paragraph(OWN_RECORDS, width, 8.5, "bold", space_before=0.06, box="own")
    out.append(Line("Acute doses", 11, "bold", space_before=0.2))
    if found["remedies"]:
        label_w = _label_width(found)
        out += _table(found["remedies"], "remedy", width, label_w)
        out += _table(found["classes"], "class", width, label_w)
        out += paragraph(ENDPOINT_NOTE, width, 7, color=GREY, space_before=0.08)
    else:
        out += paragraph("No acute dose recorded in this period.", width, 8.5)
    if any(r["class"] == "kratom" for r in found["remedies"]):
        out += paragraph(KRATOM_CAUTIONS, width, 8, space_before=0.1, box="kratom")
        out += paragraph(CLINICIAN, width, 8, box="kratom")

    out.append(Line("Preventive courses", 11, "bold", space_before=0.22))
    if not data.courses:
        out += paragraph("No preventive course recorded for this period.", width, 8.5)
    for course in data.courses:
        keep = f"course-{course.remedy}-{course.started}"
        out += paragraph(course.title, width, 8.5, "bold", space_before=0.1, keep=keep)
        for line in response_lines(course.response):
            out += paragraph(line, width, 8, indent=0.2, keep=keep)
    if data.courses:
        out += paragraph(COURSE_NOTE, width, 7, color=GREY, space_before=0.08)
    return out


def treatment_pages(data: ChartData, width: float, height: float) -> list[Page]:
    """The Treatments pages, with the preventive chart when a course was going in the
    period: under the text when there is room for it, else on a page of its own."""
    pages = flow(treatment_lines(data, width), height)
    if not data.courses:
        return [Page(partial(draw_lines, lines=page)) for page in pages]
    chart_h = 1.3 + 3.0 * len(data.courses[-MAX_COURSES:])
    room = height - sum(line.height for line in pages[-1]) - 0.3
    painted = [Page(partial(draw_lines, lines=page)) for page in pages[:-1]]
    shown = len(data.courses[-MAX_COURSES:])
    if room >= 1.0 + 2.0 * shown:  # panels of about 2 inches stay readable
        painted.append(
            Page(partial(_lines_and_chart, lines=pages[-1], data=data, chart_h=min(room, chart_h)))
        )
    else:
        painted.append(Page(partial(draw_lines, lines=pages[-1])))
        painted.append(Page(partial(_chart, data=data, chart_h=chart_h)))
    return painted


def _lines_and_chart(target: Region, lines: list[Line], data: ChartData, chart_h: float) -> None:
    draw_lines(target, lines)
    draw_preventive(target.sub(0, 0, target.w, chart_h), data)


def _chart(target: Region, data: ChartData, chart_h: float) -> None:
    used = min(target.h, chart_h)
    draw_preventive(target.sub(0, target.h - used, target.w, used), data)
