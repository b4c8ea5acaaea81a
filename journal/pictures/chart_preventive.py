"""The preventive chart: migraine days per 28 days in 4-week blocks across each course's start.

One panel per course: three blocks of the 12-week baseline, then the blocks on treatment, a
line at the baseline's level and lines 30% and 50% below it (the marks trials and prescribing
rules use). A block with fewer than 80% of its days known shows no figure. Cues never rest on
colour alone: baseline and treatment bars differ in shade and hatching, the three lines in
dash pattern, and each line is labelled in words.
"""

from __future__ import annotations

from journal.core.courses import (
    BLOCKS_BEFORE,
    RESPONDER_30,
    RESPONDER_50,
    WINDOW_DAYS,
    CoursePicture,
)
from journal.pictures.chartdata import ChartData
from journal.pictures.layout import Region, clean_axes, draw_title, title_height
from journal.pictures.style import INK, LABEL_BOX, UNRECORDED

TITLE = "Migraine days per 28 days, before and on each preventive course"
SUBTITLE = (
    "4-week blocks: three before the start (the baseline), then on treatment; counted over "
    "the days the diary was kept. From the person's own records: not evidence that a "
    "remedy works."
)
BEFORE, ON = "#D9D9D9", "#7F7F7F"
# Most courses a drawing holds: the latest ones, so panels stay readable.
MAX_COURSES = 4
PANEL_MIN_H = 1.6


def block_label(index: int) -> str:
    """ "wk -12 to -9" before the start, "wk 9-12" after it."""
    if index < 0:
        return f"wk {4 * index} to {4 * index + 3}"
    return f"wk {4 * index - 3}-{4 * index}"


def response_text(course: CoursePicture) -> str:
    r = course.response
    if not r["enough_data"]:
        return f"Not enough data for a before/after: {r['reason']}."
    window = r["treatment_window"]
    change = "" if r["change_pct"] is None else f" ({r['change_pct']:+g}%)"
    return (
        f"Baseline {r['baseline_migraine_days_per_28']:.1f}; {window['kind']} "
        f"({window['from']} to {window['to']}): {r['treatment_migraine_days_per_28']:.1f}{change}."
    )


def draw_preventive(region: Region, data: ChartData) -> None:
    """Each course of the period in its own panel, the latest MAX_COURSES of them."""
    top = draw_title(region, TITLE, SUBTITLE)
    courses = data.courses[-MAX_COURSES:]
    if not courses:
        region.text(0, region.h - top - 0.3, "No preventive course in this period.", fontsize=9)
        return
    gap = 0.25
    panel_h = (region.h - top - gap * (len(courses) - 1)) / len(courses)
    for i, course in enumerate(courses):
        y = region.h - top - (i + 1) * panel_h - i * gap
        draw_course(region.sub(0, y, region.w, panel_h), course)


def draw_course(region: Region, course: CoursePicture) -> None:
    head = title_height(region.w, course.title, response_text(course))
    draw_title(region, course.title, response_text(course))
    left, right, bottom = 0.55, 1.25, 0.4
    ax = region.axes(left, bottom, region.w - left - right, max(region.h - head - bottom, 0.5))
    blocks = course.blocks
    xs = list(range(len(blocks)))
    values = [b.migraine_per_28 for b in blocks]
    baseline = course.response["baseline_migraine_days_per_28"]
    shown = [v for v in values if v is not None] + ([baseline] if baseline else [])
    top = max([*shown, 4.0]) * 1.25
    for x, block, value in zip(xs, blocks, values, strict=True):
        before = block.index < 0
        if value is None:
            ax.bar(x, top * 0.9, 0.8, color=UNRECORDED, edgecolor="#AAAAAA", hatch="////",
                   linewidth=0.4)  # fmt: skip
            w = block.window
            # A block cut short by the end of the course (or by today) is not a gap in the diary.
            cut = (w.last - w.first).days + 1 < WINDOW_DAYS
            text = "block not\ncomplete" if cut else "under 80%\nof days kept"
            ax.text(x, top * 0.45, text, fontsize=6, ha="center", va="center", bbox=LABEL_BOX)
            continue
        ax.bar(x, value, 0.8, color=BEFORE if before else ON, edgecolor=INK, linewidth=0.5,
               hatch="" if before else "///")  # fmt: skip
        ax.text(x, value + top * 0.02, f"{value:g}", fontsize=7, ha="center", va="bottom",
                bbox=LABEL_BOX)  # fmt: skip
    start = BLOCKS_BEFORE - 0.5
    ax.axvline(start, color=INK, linewidth=1.0)
    ax.text(start + 0.05, top * 0.98, f"start {course.started}", fontsize=7, va="top")
    if baseline:
        for level, style, label in (
            (baseline, "-", "baseline"),
            (baseline * float(RESPONDER_30), "--", "30% fewer"),
            (baseline * float(RESPONDER_50), ":", "50% fewer"),
        ):
            ax.axhline(level, color=INK, linestyle=style, linewidth=0.9)
            ax.text(len(blocks) - 0.4, level, f" {label} {level:.1f}", fontsize=7, va="center",
                    clip_on=False)  # fmt: skip
    ax.set_xticks(xs, [block_label(b.index) for b in blocks], fontsize=6.5)
    ax.set_xlim(-0.6, len(blocks) - 0.4)
    ax.set_ylim(0, top)
    ax.set_ylabel("migraine days\nper 28 days", fontsize=7)
    clean_axes(ax)
