"""The calendar chart: month grids like a paper diary, each day shaded by its peak pain."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.patches import Rectangle

from journal.core.days import date_range, month_end
from journal.core.facts import ACUTE_CLASSES
from journal.pictures.bidi import for_drawing
from journal.pictures.chartdata import WEEKDAYS, ChartData
from journal.pictures.fonts import font_family, text_width, wrap
from journal.pictures.layout import Region, draw_title
from journal.pictures.style import (
    INK,
    MARKER_SYMBOLS,
    MENSTRUATION,
    MIGRAINE_FRAME,
    PERSISTED,
    STYLES,
    UNRECORDED,
    peak_colour,
    peak_ink,
)

CALENDAR_TITLE = (
    "Calendar",
    "Each day shaded by its peak pain; heavy frame: migraine day; letters: acute medicine.",
)


def marker_symbols(data: ChartData) -> dict[str, str]:
    """A symbol per day-marker tag: ♀ for menstruation, then shapes by first appearance."""
    symbols: dict[str, str] = {}
    shapes = iter(MARKER_SYMBOLS)
    for tags in data.markers.values():
        for tag in tags:
            if tag in symbols:
                continue
            if tag.casefold() in ("menstruation", "period", "menses"):
                symbols[tag] = MENSTRUATION
            else:
                symbols[tag] = next(shapes, "•")
    return symbols


def _calendar_month(
    region: Region, ax: Axes, data: ChartData, month: date, symbols: dict[str, str]
) -> None:
    """One month grid inside REGION, drawn on AX (whose data units are inches)."""
    x0, y0 = region.x, region.y
    head_h, dow_h = 0.26, 0.17
    cw = region.w / 7
    rows = 6
    ch = (region.h - head_h - dow_h) / rows
    ax.text(
        x0,
        y0 + region.h - 0.02,
        f"{_full_month(month)} {month.year}",
        fontsize=9,
        weight="bold",
        va="top",
        ha="left",
        color=INK,
    )
    for i, name in enumerate(WEEKDAYS):
        ax.text(
            x0 + cw * (i + 0.5),
            y0 + region.h - head_h - dow_h / 2,
            name,
            fontsize=6.5,
            ha="center",
            va="center",
            color="#555555",
        )
    small = max(4.5, min(7.0, ch * 72 * 0.2))
    big = max(6.0, min(11.0, ch * 72 * 0.36))
    plain: list[Rectangle] = []
    shaded: list[Rectangle] = []
    shades: list[str] = []
    hatched: list[Rectangle] = []
    framed: list[Rectangle] = []
    inset = 0.035  # the frame sits inside the cell, clear of its neighbours'
    offset = month.weekday()
    for day in date_range(month, month_end(month)):
        index = offset + day.day - 1
        col, row = index % 7, index // 7
        cx = x0 + col * cw
        cy = y0 + region.h - head_h - dow_h - (row + 1) * ch
        inside = data.first <= day <= data.last_shown
        rect = Rectangle((cx, cy), cw, ch)
        if not inside:
            ax.text(
                cx + 0.03,
                cy + ch - 0.03,
                str(day.day),
                fontsize=small,
                va="top",
                ha="left",
                color="#C4C4C4",
            )
            continue  # no frame: outside the period is neither recorded nor unrecorded
        peak = data.peaks.get(day, -1)
        ink = INK
        if day in data.peaks:
            shaded.append(rect)
            shades.append(peak_colour(data.peaks[day]))
            ink = peak_ink(data.peaks[day])
            shown = "?" if data.peaks[day] is None else str(peak)
            ax.text(
                cx + cw / 2,
                cy + ch * 0.5,
                shown,
                fontsize=big,
                weight="bold",
                ha="center",
                va="center",
                color=ink,
            )
        elif day in data.recorded:
            plain.append(rect)
        else:
            hatched.append(rect)
        if day in data.migraine:
            framed.append(Rectangle((cx + inset, cy + inset), cw - 2 * inset, ch - 2 * inset))
        ax.text(
            cx + 0.03, cy + ch - 0.03, str(day.day), fontsize=small, va="top", ha="left", color=ink
        )
        tags = data.markers.get(day, ())
        if tags:
            ax.text(
                cx + cw - 0.03,
                cy + ch - 0.03,
                "".join(symbols[t] for t in tags),
                fontsize=small,
                va="top",
                ha="right",
                color=ink,
            )
        doses = data.doses.get(day)
        if doses:
            codes = []
            for klass in ACUTE_CLASSES:
                if doses[klass]:
                    count = doses[klass]
                    code = STYLES[klass].code
                    codes.append(f"{code}{count}" if klass == "kratom" and count > 1 else code)
            ax.text(
                cx + 0.03,
                cy + 0.03,
                " ".join(codes),
                fontsize=small,
                va="bottom",
                ha="left",
                color=ink,
                weight="bold",
            )
        if day in data.persisted_nights:  # bottom right: toward the next day, clear of the peak
            ax.text(
                cx + cw - 0.03,
                cy + 0.03,
                PERSISTED,
                fontsize=small,
                va="bottom",
                ha="right",
                color=ink,
            )
    ax.add_collection(PatchCollection(plain, facecolor="white", edgecolor="#BBBBBB", linewidth=0.4))
    ax.add_collection(
        PatchCollection(
            hatched, facecolor=UNRECORDED, edgecolor="#AAAAAA", linewidth=0.4, hatch="////"
        )
    )
    ax.add_collection(PatchCollection(shaded, facecolor=shades, edgecolor="#888888", linewidth=0.4))
    _frames(ax, framed)


def _frames(ax: Axes, rects: list[Rectangle]) -> None:
    """Migraine days: a heavy ink frame with a thin white line inside it, which shows on the
    darkest peak shade and on white alike, in colour or greyscale."""
    import copy

    ax.add_collection(
        PatchCollection(rects, facecolor="none", edgecolor=INK, linewidth=MIGRAINE_FRAME)
    )
    ax.add_collection(
        PatchCollection(
            [copy.copy(r) for r in rects], facecolor="none", edgecolor="white", linewidth=0.5
        )
    )


_FULL_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def _full_month(day: date) -> str:
    return _FULL_MONTHS[day.month - 1]


def _calendar_legend(
    region: Region, ax: Axes, data: ChartData, symbols: dict[str, str], size: float = 7.0
) -> None:
    """The calendar's key, drawn from the top of REGION down; see calendar_legend_height."""
    for k, (y, line) in enumerate(_legend_lines(region.w, data, symbols, size)):
        yy = region.y + region.h - y
        if k == 0:
            box = 0.2
            ax.text(region.x, yy - box * 0.45, line, fontsize=size, va="center", color=INK)
            start = region.x + text_width(line, size) + 0.08
            for p in range(11):
                ax.add_patch(
                    Rectangle(
                        (start + p * box, yy - box * 0.9),
                        box,
                        box * 0.9,
                        facecolor=peak_colour(p),
                        edgecolor="#888888",
                        linewidth=0.4,
                    )
                )
                ax.text(
                    start + (p + 0.5) * box,
                    yy - box * 0.45,
                    str(p),
                    fontsize=6,
                    ha="center",
                    va="center",
                    color=peak_ink(p),
                )
            continue
        if k == 1:
            box = 0.2
            x = region.x
            for face, hatch, label in (
                ("white", "", "headache-free day (diary kept)"),
                (UNRECORDED, "////", "nothing recorded"),
            ):
                ax.add_patch(
                    Rectangle(
                        (x, yy - box * 0.9),
                        box,
                        box * 0.9,
                        facecolor=face,
                        edgecolor="#999999",
                        hatch=hatch,
                        linewidth=0.4,
                    )
                )
                ax.text(x + box + 0.06, yy - box * 0.45, label, fontsize=size, va="center")
                x += box + 0.16 + text_width(label, size)
            ax.text(
                x,
                yy - box * 0.45,
                f"{PERSISTED} headache went on past midnight",
                fontsize=size,
                va="center",
            )
            continue
        if k == 2:
            box = 0.2
            frame = Rectangle((region.x, yy - box * 0.9), box, box * 0.9)
            _frames(ax, [frame])
            ax.text(region.x + box + 0.06, yy - box * 0.45, line, fontsize=size, va="center")
            continue
        text = for_drawing(line)
        ax.text(
            region.x, yy, text, fontsize=size, va="top", fontfamily=font_family(line), color=INK
        )


MIGRAINE_KEY = "migraine day (migraine features for 30 min or more, aura, or a triptan or ergot)"


def _legend_lines(
    width: float, data: ChartData, symbols: dict[str, str], size: float
) -> list[tuple[float, str]]:
    """(offset from the top, text) of each key line; the first two are drawn specially."""
    pitch = size / 72 * 1.45
    lines: list[tuple[float, str]] = [(0.0, "Day's peak pain:"), (0.3, ""), (0.6, MIGRAINE_KEY)]
    y = 0.9
    used = [k for k in ACUTE_CLASSES if data.medication[k]]
    if used:
        text = "Acute medicine that day: " + ", ".join(
            f"{STYLES[k].code} {STYLES[k].label}" for k in used
        )
        if "kratom" in used:
            text += f" ({STYLES['kratom'].code}3: three kratom doses that day)"
        for line in wrap(text, width, size):
            lines.append((y, line))
            y += pitch
    if symbols:
        text = "Day markers: " + ", ".join(f"{s} {tag}" for tag, s in symbols.items())
        for line in wrap(text, width, size):
            lines.append((y, line))
            y += pitch
    return lines


def calendar_legend_height(width: float, data: ChartData, size: float = 7.0) -> float:
    lines = _legend_lines(width, data, marker_symbols(data), size)
    return lines[-1][0] + size / 72 * 1.6 + 0.05


def calendar_months(data: ChartData) -> list[date]:
    return [m.first.replace(day=1) for m in data.months]


def draw_calendar(
    region: Region, data: ChartData, months: Sequence[date] | None = None, columns: int = 3
) -> None:
    """Month grids like a paper diary, with their key at the bottom."""
    months = list(months if months is not None else calendar_months(data))
    symbols = marker_symbols(data)
    top = draw_title(region, *CALENDAR_TITLE)
    legend_h = calendar_legend_height(region.w, data)
    ax = region.axes(0, 0, region.w, region.h)
    ax.set_xlim(region.x, region.x + region.w)
    ax.set_ylim(region.y, region.y + region.h)
    ax.set_axis_off()
    cols = max(1, min(columns, len(months)))
    rows = max(1, math.ceil(len(months) / cols))
    gap_x, gap_y = 0.25, 0.18
    grid_h = region.h - top - legend_h - 0.1
    cell_w = (region.w - gap_x * (cols - 1)) / cols
    cell_h = (grid_h - gap_y * (rows - 1)) / rows
    for i, month in enumerate(months):
        r, c = divmod(i, cols)
        sub = region.sub(
            c * (cell_w + gap_x),
            region.h - top - (r + 1) * cell_h - r * gap_y,
            cell_w,
            cell_h,
        )
        _calendar_month(sub, ax, data, month, symbols)
    _calendar_legend(region.sub(0, 0, region.w, legend_h), ax, data, symbols)
    # The last column's border lies on the axes' edge; clipping would shave it off.
    for artist in ax.get_children():
        artist.set_clip_on(False)
