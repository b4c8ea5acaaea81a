"""The days chart: headache, migraine and acute-medication days per month, against the
ICHD-3 lines."""

from __future__ import annotations

from typing import Any

from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from journal.core.flags import THRESHOLDS
from journal.pictures.chartdata import ChartData
from journal.pictures.layout import (
    Region,
    bar_patch,
    clean_axes,
    draw_title,
    legend_layout,
    month_ticks,
    not_recorded,
    place_legend,
)
from journal.pictures.style import HEADACHE, INK, LABEL_BOX, MIGRAINE_HATCH, SEVERE, STYLES, Style


def draw_days(region: Region, data: ChartData) -> None:
    """Per month: headache, moderate/severe and migraine days; acute-medication days per
    class; the lines."""
    used = data.classes_used()
    chronic_days, migraine_line = THRESHOLDS.chronic_days, THRESHOLDS.chronic_migraine_days
    top = draw_title(
        region,
        "Headache, migraine and acute-medication days per month",
        f"ICHD-3 lines: {chronic_days} headache days a month (chronic pattern), "
        f"{migraine_line} of them migraine days (chronic migraine); acute medicine on 10 days "
        "(15 for simple pain relievers) for medication overuse.",
    )
    months = data.months
    n = len(months)
    left, right, bottom = 0.55, 0.15, 0.55 + 0.13 * any(m.partial for m in months)
    width = region.w - left - right
    head_labels = [
        "headache days",
        "moderate/severe days (peak ≥ 4)",
        "migraine days",
        f"{chronic_days} days",
        f"{migraine_line} migraine days",
    ]
    med_labels = ["any acute medicine", *(STYLES[k].label for k in used)]
    med_labels += ["10 days", "15 days (simple pain relievers)"]
    head_cols, head_leg = legend_layout(head_labels, width)
    med_cols, med_leg = legend_layout(med_labels, width)
    gap = 0.42
    plot_h = region.h - top - bottom - head_leg - med_leg - gap - 0.1
    upper_h = plot_h * 0.42
    lower_h = plot_h - upper_h
    x = list(range(n))

    ax2 = region.axes(left, bottom, width, lower_h)
    ax1 = region.axes(left, bottom + lower_h + med_leg + gap, width, upper_h)

    # A month with no known day is drawn as "not recorded", never as 0.
    known = [m.known for m in months]
    headache = [m.counts["headache_days"] or 0 for m in months]
    severe = [m.counts["moderate_severe_days"] or 0 for m in months]
    migraine = [m.counts["migraine_days"] or 0 for m in months]
    # Two bars a month side by side: headache days (moderate/severe inside), migraine days.
    left_x = [i - 0.19 for i in x]
    right_x = [i + 0.19 for i in x]
    ax1.bar(left_x, headache, 0.36, color=HEADACHE, edgecolor=INK, linewidth=0.5)
    ax1.bar(left_x, severe, 0.17, color=SEVERE, edgecolor=INK, linewidth=0.5)
    ax1.bar(
        right_x, migraine, 0.36, color="white", edgecolor=INK, hatch=MIGRAINE_HATCH, linewidth=0.5
    )
    chronic = ax1.axhline(chronic_days, color=INK, linestyle="--", linewidth=0.9)
    eight = ax1.axhline(migraine_line, color=INK, linestyle=":", linewidth=1.1)
    top1 = max([*headache, *migraine, chronic_days]) + 4
    ax1.set_ylim(0, top1)
    slot = width / max(n, 1)  # inches per month
    for i, (h, s, mg) in enumerate(zip(headache, severe, migraine, strict=True)):
        if not known[i]:
            not_recorded(ax1, i, top1, slot)
            continue
        # Numbers only where they fit: the summary table has them all anyway.
        if slot >= 0.55:
            for xo, v in ((left_x[i], h), (right_x[i], mg)):
                ax1.text(
                    xo,
                    v + top1 * 0.02,
                    str(v),
                    fontsize=7,
                    ha="center",
                    va="bottom",
                    bbox=LABEL_BOX,
                )
        if slot * 0.17 < 0.17:
            continue
        if s >= top1 * 0.12:
            ax1.text(
                left_x[i],
                s - top1 * 0.02,
                str(s),
                fontsize=6.5,
                ha="center",
                va="top",
                color="white",
            )
        elif s:
            ax1.text(left_x[i] + 0.1, s, str(s), fontsize=6.5, ha="left", va="bottom")
    ax1.set_ylabel("days", fontsize=7.5)
    ax1.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax1.set_xticks(x, [""] * n)
    ax1.set_xlim(-0.6, n - 0.4)
    clean_axes(ax1)
    place_legend(
        ax1,
        [
            Patch(facecolor=HEADACHE, edgecolor=INK, linewidth=0.5),
            Patch(facecolor=SEVERE, edgecolor=INK, linewidth=0.5),
            Patch(facecolor="white", edgecolor=INK, hatch=MIGRAINE_HATCH, linewidth=0.5),
            chronic,
            eight,
        ],
        head_labels,
        width,
        head_cols,
    )

    series: list[tuple[str, list[int], Style | None]] = [
        ("any acute medicine", [m.counts["medication_days"]["total"] or 0 for m in months], None)
    ]
    series += [
        (STYLES[k].label, [m.counts["medication_days"][k] or 0 for m in months], STYLES[k])
        for k in used
    ]
    slot = 0.8 / len(series)
    bar_in = width / max(n, 1) * slot * 0.9
    values_fit = bar_in >= 0.13
    for j, (_, values, style) in enumerate(series):
        offsets = [i - 0.4 + slot * (j + 0.5) for i in x]
        if style is None:
            ax2.bar(offsets, values, slot * 0.9, color="white", edgecolor=INK, linewidth=0.8)
        else:
            ax2.bar(
                offsets,
                values,
                slot * 0.9,
                color=style.color,
                edgecolor=INK,
                hatch=style.hatch,
                linewidth=0.5,
            )
        if values_fit:
            for xo, v, seen in zip(offsets, values, known, strict=True):
                if not seen:
                    continue
                ax2.text(
                    xo, v + 0.3, str(v), fontsize=6.5, ha="center", va="bottom", bbox=LABEL_BOX
                )
    line10 = ax2.axhline(10, color=INK, linestyle="--", linewidth=0.9)
    line15 = ax2.axhline(15, color=INK, linestyle="-.", linewidth=0.9)
    peak = max([m.counts["medication_days"]["total"] or 0 for m in months] + [15])
    ax2.set_ylim(0, peak + 4)
    for i in range(n):
        if not known[i]:
            not_recorded(ax2, i, peak + 4, width / max(n, 1), label=False)
    ax2.set_ylabel("days with intake", fontsize=7.5)
    ax2.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    month_ticks(ax2, months, width)
    ax2.set_xlim(-0.6, n - 0.4)
    clean_axes(ax2)
    if not used:
        ax2.text(
            (n - 1) / 2, (peak + 4) / 2, "No acute medicine recorded.", ha="center", fontsize=8
        )
    handles: list[Any] = [Patch(facecolor="white", edgecolor=INK, linewidth=0.8)]
    handles += [bar_patch(STYLES[k]) for k in used]
    place_legend(ax2, [*handles, line10, line15], med_labels, width, med_cols)
