"""The persistence chart: the share of each month's episodes that went on into the next day."""

from __future__ import annotations

from journal.pictures.chartdata import ChartData
from journal.pictures.layout import Region, clean_axes, draw_title, month_ticks, not_recorded
from journal.pictures.style import INK, STYLES


def draw_persistence(region: Region, data: ChartData) -> None:
    """Share of episodes per month that went on into the next day, with the counts."""
    top = draw_title(
        region,
        "Episodes that persisted into the next day",
        "Still going after the midnight after they began, or a next-morning check-in said so.",
    )
    months = data.months
    n = len(months)
    left, right, bottom = 0.7, 0.15, 0.55 + 0.13 * any(m.partial for m in months)
    width = region.w - left - right
    ax = region.axes(left, bottom, width, region.h - top - bottom - 0.05)
    x = list(range(n))
    shares = []
    for i, m in enumerate(months):
        total, kept = m.counts["episodes"] or 0, m.counts["persisted_episodes"] or 0
        share = 100 * kept / total if total else 0.0
        shares.append(share)
        slot = width / max(n, 1)
        if not m.known:  # no known day: "not recorded", never "no episodes"
            not_recorded(ax, i, 100, slot)
            continue
        if slot >= 0.55:
            text = f"{kept} of {total}\n({round(share)}%)" if total else "no\nepisodes"
        elif slot >= 0.3:  # narrower months: the counts alone
            text = f"{kept}/{total}" if total else "–"
        else:
            continue
        ax.text(i, share + 2.5, text, ha="center", va="bottom", fontsize=7)
    ax.bar(
        x, shares, 0.55, color=STYLES["simple"].color, edgecolor=INK, linewidth=0.5, hatch="////"
    )
    ax.set_ylim(0, 125)
    ax.spines["left"].set_bounds(0, 100)
    ax.set_yticks(range(0, 101, 25), [f"{v}%" for v in range(0, 101, 25)])
    ax.set_ylabel("share of episodes", fontsize=7.5)
    month_ticks(ax, months, width)
    ax.set_xlim(-0.6, n - 0.4)
    clean_axes(ax)
