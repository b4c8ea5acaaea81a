"""The remedies chart: intakes per week stacked by class, and kratom days and doses below."""

from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from journal.pictures.chartdata import MONTH_NAMES, ChartData
from journal.pictures.layout import (
    Region,
    bar_patch,
    clean_axes,
    draw_title,
    legend_layout,
    not_recorded,
    place_legend,
)
from journal.pictures.style import INK, STYLES


def draw_remedies(region: Region, data: ChartData) -> None:
    """Weekly intakes stacked by class; kratom days and doses per week below."""
    top = draw_title(
        region,
        "Remedies taken per week",
        "Every intake counted (not days). * a week only partly inside the period.",
    )
    weeks = data.weeks
    n = len(weeks)
    groups = [g for g in STYLES if any(w.intakes[g] for w in weeks)]
    left, right, bottom = 0.55, 0.35, 0.5  # room for the last week's label
    width = region.w - left - right
    labels = [STYLES[g].label for g in groups]
    ncol, leg_h = legend_layout(labels or ["-"], width)
    k_labels = ["days with kratom (of 7)", "kratom doses"]
    k_ncol, k_leg = legend_layout(k_labels, width)
    gap = 0.45
    plot_h = region.h - top - bottom - leg_h - k_leg - gap - 0.05
    upper_h = plot_h * 0.58
    ax2 = region.axes(left, bottom, width, plot_h - upper_h)
    ax1 = region.axes(left, bottom + plot_h - upper_h + k_leg + gap, width, upper_h)
    x = list(range(n))
    base = [0] * n
    handles = []
    for g in groups:
        style = STYLES[g]
        values = [w.intakes[g] or 0 for w in weeks]
        ax1.bar(
            x,
            values,
            0.75,
            bottom=base,
            color=style.color,
            edgecolor=INK,
            hatch=style.hatch,
            linewidth=0.4,
        )
        base = [b + v for b, v in zip(base, values, strict=True)]
        handles.append(bar_patch(style))
    ax1.set_ylabel("intakes", fontsize=7.5)
    ax1.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax1.set_ylim(0, max([*base, 1]) * 1.12)
    ax1.set_xlim(-0.6, n - 0.4)
    _week_ticks(ax1, data, width, labels=False)
    clean_axes(ax1)
    if groups:
        place_legend(ax1, handles, labels, width, ncol)
    else:
        ax1.text((n - 1) / 2, 0.5, "No remedies recorded.", ha="center", fontsize=8)

    # A week with no known day is hatched "not recorded", never drawn as 0.
    for i, w in enumerate(weeks):
        if not w.known:
            not_recorded(ax1, i, max([*base, 1]) * 1.12, 0, label=False)
    kdays = [w.kratom_days or 0 for w in weeks]
    kdoses = [w.kratom_doses or 0 for w in weeks]
    style = STYLES["kratom"]
    ax2.bar(x, kdays, 0.6, color=style.color, edgecolor=INK, hatch=style.hatch, linewidth=0.4)
    (dose_line,) = ax2.plot(
        x, kdoses, color=INK, marker="o", markersize=3.5, linewidth=1.1, markerfacecolor="white"
    )
    ax2.set_ylim(0, max([*kdoses, 7]) * 1.15)
    for i, w in enumerate(weeks):
        if not w.known:
            not_recorded(ax2, i, max([*kdoses, 7]) * 1.15, 0, label=False)
    ax2.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax2.set_xlim(-0.6, n - 0.4)
    ax2.set_ylabel("kratom", fontsize=7.5)
    _week_ticks(ax2, data, width, labels=True)
    clean_axes(ax2)
    place_legend(ax2, [bar_patch(style), dose_line], k_labels, width, k_ncol)
    if not any(kdoses):
        ax2.text((n - 1) / 2, 3.5, "No kratom recorded in this period.", ha="center", fontsize=8)


def _week_ticks(ax: Axes, data: ChartData, width: float, labels: bool) -> None:
    weeks = data.weeks
    step = max(1, math.ceil(len(weeks) * 0.6 / max(width, 0.1)))
    ticks = list(range(0, len(weeks), step))
    if not labels:
        ax.set_xticks(ticks, [""] * len(ticks))
        return
    texts = []
    for i in ticks:
        w = weeks[i]
        text = f"{w.monday.day} {MONTH_NAMES[w.monday.month - 1]}"
        texts.append(text + ("*" if w.partial else ""))
    ax.set_xticks(ticks, texts)
    ax.set_xlabel("week starting (Monday)", fontsize=7.5)
