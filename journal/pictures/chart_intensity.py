"""The intensity chart: each day's peak pain as a bar, and every intake on the same time axis."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from matplotlib.axes import Axes
from matplotlib.patches import Patch

from journal.core.days import MODERATE, add_months, date_range, month_start
from journal.pictures.chartdata import MONTH_NAMES, ChartData
from journal.pictures.layout import Region, clean_axes, draw_title, legend_layout, place_legend
from journal.pictures.style import INK, STYLES, UNKNOWN_PEAK, UNRECORDED, peak_colour


def _date_ticks(ax: Axes, first: date, last: date, width: float) -> None:
    """Month starts (or Mondays, for short periods) as ticks, labelled without overlap."""
    span = (last - first).days + 1
    if span <= 62:
        ticks = [d for d in date_range(first, last) if d.weekday() == 0]
        labels = [f"{d.day} {MONTH_NAMES[d.month - 1]}" for d in ticks]
    else:
        ticks = []
        day = month_start(first)
        while day <= last:
            if day >= first:
                ticks.append(day)
            day = add_months(day, 1)
        labels = [
            f"{MONTH_NAMES[d.month - 1]}" + (f"\n{d.year}" if d.month == 1 or i == 0 else "")
            for i, d in enumerate(ticks)
        ]
    step = max(1, math.ceil(len(ticks) * 0.55 / max(width, 0.1)))
    ax.set_xticks([_num(d) for d in ticks[::step]], labels[::step])


def _num(day: date | datetime) -> float:
    """Days since 1970-01-01: the x coordinate of every date chart."""
    if isinstance(day, datetime):
        base = datetime(1970, 1, 1)
        return (day - base).total_seconds() / 86400
    return float((day - date(1970, 1, 1)).days)


def _unrecorded_runs(data: ChartData) -> list[tuple[date, date]]:
    runs: list[tuple[date, date]] = []
    for day in date_range(data.first, data.last_shown):
        if day in data.recorded:
            continue
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def draw_intensity(region: Region, data: ChartData) -> None:
    """Daily peak intensity as bars, intakes below as class markers on the same time axis."""
    top = draw_title(
        region,
        "Daily peak pain (0-10) and remedies taken",
        "Bars: the day's peak, shaded by intensity. Below: each intake at the time it was taken.",
    )
    groups = [g for g in STYLES if any(p.group == g for p in data.intakes)]
    left, right, bottom = 1.45, 0.15, 0.5
    width = region.w - left - right
    labels = ["moderate line (4)", "nothing recorded", "peak not given"]
    ncol, leg_h = legend_layout(labels, width)
    strip_h = 0.16 * max(len(groups), 1) + 0.12
    plot_h = region.h - top - bottom - strip_h - leg_h - 0.12
    ax_s = region.axes(left, bottom, width, strip_h)
    ax = region.axes(left, bottom + strip_h + 0.08, width, plot_h)
    lo, hi = _num(data.first), _num(data.last) + 1
    for start, end in _unrecorded_runs(data):
        ax.axvspan(
            _num(start),
            _num(end) + 1,
            facecolor=UNRECORDED,
            edgecolor="#BBBBBB",
            hatch="////",
            linewidth=0,
        )
    days = sorted(data.peaks)
    peaks = [data.peaks[d] for d in days]
    heights = [0.4 if p is None else max(0.15, float(p)) for p in peaks]
    xs = [_num(d) + 0.5 for d in days]
    # Thin bars would be all outline: past ~16 days an inch, a dark cap marks each height instead.
    dense = width / max((data.last - data.first).days + 1, 1) < 0.06
    ax.bar(
        xs,
        heights,
        0.8,
        color=[peak_colour(p) for p in peaks],
        edgecolor="#555555",
        linewidth=0 if dense else 0.25,
    )
    if dense:
        ax.hlines(heights, [x - 0.45 for x in xs], [x + 0.45 for x in xs], color=INK, linewidth=0.9)
    line = ax.axhline(MODERATE, color=INK, linestyle=":", linewidth=0.9)
    ax.set_ylim(0, 10.5)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel("peak (0-10)", fontsize=7.5)
    ax.set_xlim(lo, hi)
    ax.set_xticks([])
    clean_axes(ax)
    place_legend(
        ax,
        [
            line,
            Patch(facecolor=UNRECORDED, edgecolor="#BBBBBB", hatch="////", linewidth=0),
            Patch(facecolor=UNKNOWN_PEAK, edgecolor=INK, linewidth=0.3),
        ],
        labels,
        width,
        ncol,
    )
    if not days:
        ax.text((lo + hi) / 2, 5, "No headache recorded in this period.", ha="center", fontsize=8)

    for row, group in enumerate(groups):
        style = STYLES[group]
        xs = [_num(p.at) for p in data.intakes if p.group == group]
        if style.marker == "|":  # a line marker has no face: draw it in ink
            ax_s.scatter(xs, [row] * len(xs), s=14, marker="|", color=INK, linewidth=0.8)
            continue
        ax_s.scatter(
            xs,
            [row] * len(xs),
            s=14,
            marker=style.marker,
            facecolor=style.color,
            edgecolor=INK,
            linewidth=0.4,
            zorder=3,
        )
    ax_s.set_ylim(-0.6, max(len(groups), 1) - 0.4)
    ax_s.set_yticks(range(len(groups)), [STYLES[g].label.split(" (")[0] for g in groups])
    ax_s.invert_yaxis()
    ax_s.set_xlim(lo, hi)
    ax_s.tick_params(axis="y", labelsize=7, length=0)
    for spine in ("top", "right", "left"):
        ax_s.spines[spine].set_visible(False)
    ax_s.grid(axis="y", color="#EEEEEE", linewidth=0.5)
    _date_ticks(ax_s, data.first, data.last, width)
    if not groups:
        ax_s.set_yticks([])
        ax_s.text((lo + hi) / 2, 0, "No remedies recorded.", ha="center", va="center", fontsize=8)
