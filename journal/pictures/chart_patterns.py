"""The patterns chart: a forest plot of `journal patterns` and the kratom timing beside it.

One row per exposure and lag: the share of days with the exposure on which a new headache
began (filled circle, solid line: its 95% interval) against the other known days (open
square, dashed line), with the verdict at the right. Shape and line style carry the meaning,
so a greyscale print loses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from journal.core.personal import CAVEAT, GATE_KNOWN_DAYS, GATE_ONSETS, Patterns, Row, Timing
from journal.pictures.chartdata import ChartData
from journal.pictures.fonts import wrap
from journal.pictures.layout import Region, clean_axes, draw_title
from journal.pictures.style import INK

TITLE = "Patterns in the records"
ROW_H = 0.3  # inches per row of the forest plot
TIMING_H = 2.5  # inches for the kratom timing panel
LAG_NAMES = {0: "same day", 1: "next day"}
KIND_NAMES = {"marker": "", "evening": " in the evening", "kratom": "", "weekday": ""}
OTHER = "#777777"


def row_label(row: Row) -> str:
    return f"{row.exposure}{KIND_NAMES[row.kind]} · {LAG_NAMES[row.lag]}"


def status_text(result: Patterns) -> str:
    """What the verdicts rest on, in one or two sentences."""
    text = f"{result.known_days} known days, {result.onsets} new headaches."
    if result.saturated:
        return (
            text + f" No comparison possible: a headache on {result.headache_days} of "
            f"{result.known_days} known days leaves too few headache-free days."
        )
    needed = result.needed
    if needed is not None:
        return (
            text + f" Too few for verdicts (they need {GATE_KNOWN_DAYS} known days and "
            f"{GATE_ONSETS} new headaches): {needed['known_days']} more known days and "
            f"{needed['onsets']} more new headaches to record."
        )
    return text


def patterns_height(result: Patterns | None, rows: int | None = None) -> float:
    """Inches the chart needs for ROWS rows (default: all) and the timing panel."""
    count = len(result.rows) if result is not None and rows is None else rows or 0
    timing = result is not None and result.timing is not None
    return 2.2 + ROW_H * max(count, 2) + (TIMING_H if timing else 0.0)


def draw_patterns(region: Region, data: ChartData) -> None:
    result = data.patterns
    assert result is not None, "chartdata.build(..., patterns=True) fills it"
    draw_patterns_result(region, result)


def draw_patterns_result(region: Region, result: Patterns, limit: int | None = None) -> None:
    """The forest plot (the LIMIT rows with the smallest q when not all fit) and, when kratom
    was recorded, the timing panel below it."""
    top = draw_title(region, TITLE, CAVEAT + " " + status_text(result))
    rows: Sequence[Row] = result.rows
    hidden = 0
    if limit is not None and len(rows) > limit:
        keep = sorted(range(len(rows)), key=lambda i: (rows[i].q is None, rows[i].q or 0, i))
        chosen = sorted(keep[:limit])
        hidden = len(rows) - limit
        rows = [rows[i] for i in chosen]
    timing_h = TIMING_H if result.timing is not None else 0.0
    forest_h = region.h - top - timing_h
    if rows:
        _forest(region.sub(0, timing_h, region.w, forest_h), rows, hidden)
    else:
        region.text(
            0, region.h - top - 0.3, "No exposure was recorded on 5 or more known days.",
            fontsize=8, color=INK,
        )  # fmt: skip
    if result.timing is not None:
        _timing(region.sub(0, 0, region.w, timing_h - 0.15), result.timing)


def _forest(region: Region, rows: Sequence[Row], hidden: int) -> None:
    left, right, bottom, legend = 2.3, 2.2, 0.45 + 0.15 * bool(hidden), 0.3
    width = region.w - left - right
    height = region.h - bottom - legend
    ax = region.axes(left, bottom, width, height)
    n = len(rows)
    for i, row in enumerate(rows):
        y = n - 1 - i
        if row.share_ci is not None and row.share is not None:
            lo, hi = row.share_ci
            ax.plot([100 * lo, 100 * hi], [y + 0.13] * 2, color=INK, linewidth=1.6)
            ax.plot([100 * row.share], [y + 0.13], "o", color=INK, markersize=5)
        if row.other_share_ci is not None and row.other_share is not None:
            lo, hi = row.other_share_ci
            ax.plot([100 * lo, 100 * hi], [y - 0.15] * 2, color=OTHER, linewidth=1.0, ls="--")
            ax.plot(
                [100 * row.other_share], [y - 0.15], "s", markerfacecolor="white",
                markeredgecolor=OTHER, markersize=4.5,
            )  # fmt: skip
        counts = f"{row.exposed_onsets}/{row.exposed_days} vs {row.other_onsets}/{row.other_days}"
        ax.text(
            106, y, f"{row.verdict.replace('-', ' ')}  ({counts})", va="center", fontsize=7,
            weight="bold" if row.verdict in ("more-often", "less-often") else "normal",
            color=INK, clip_on=False,
        )  # fmt: skip
        if i and row.kind != rows[i - 1].kind:
            ax.axhline(y + 0.5, color="#BBBBBB", linewidth=0.5)
    ax.set_yticks(range(n), [row_label(r) for r in reversed(rows)], fontsize=7.5)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(-2, 102)  # a share of 0 or 100% keeps its whole marker
    ax.set_xticks(range(0, 101, 20), [f"{v}%" for v in range(0, 101, 20)])
    ax.set_xlabel("share of days on which a new headache began (95% interval)", fontsize=7.5)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    handles = [
        ax.plot([], [], "o-", color=INK, linewidth=1.6, markersize=5)[0],
        ax.plot(
            [], [], "s--", color=OTHER, markerfacecolor="white", markeredgecolor=OTHER,
            linewidth=1.0, markersize=4.5,
        )[0],
    ]  # fmt: skip
    ax.legend(
        handles,
        ["days with the exposure", "other known days"],
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=2,
        borderaxespad=0.2,
        fontsize=7.5,
    )
    if hidden:
        region.text(
            0, 0.05, f"{hidden} more rows (larger q) are in `journal patterns`.", fontsize=7,
            color="#555555",
        )  # fmt: skip


def _timing(region: Region, timing: Timing) -> None:
    head = (
        "Kratom timing: hours from the last kratom dose to each new headache, after a day "
        "with kratom and after a day without (bars: share of each group, with the counts). "
        "When they began, not why."
    )
    lines = wrap(head, region.w, 8)
    y = region.h
    for line in lines:
        y -= 8 / 72 * 1.3
        region.text(0, y, line, fontsize=8, color=INK)
    left, bottom = 0.85, 0.45
    ax = region.axes(left, bottom, region.w - left - 0.2, y - bottom - 0.25)
    x = range(len(timing.labels))
    width = 0.38
    # Each group as shares of its own new headaches (the groups differ in size), the counts
    # printed on the bars.
    groups = (
        (timing.after_kratom, -width / 2, "#555555", "////", "after a day with kratom"),
        (timing.after_other, width / 2, "white", "", "after a day without"),
    )
    for counts, dx, colour, hatch, label in groups:
        total = sum(counts) or 1
        shares = [100 * n / total for n in counts]
        ax.bar(
            [i + dx for i in x], shares, width, color=colour, edgecolor=INK, linewidth=0.5,
            hatch=hatch, label=f"{label} ({sum(counts)})",
        )  # fmt: skip
        for i, (n, share) in enumerate(zip(counts, shares, strict=True)):
            ax.text(i + dx, share + 1.5, str(n), ha="center", va="bottom", fontsize=6.5)
    ax.set_xticks(list(x), list(timing.labels), fontsize=7)
    ax.set_ylabel("share of the group's\nnew headaches", fontsize=7)
    ax.set_ylim(0, 140)
    ax.set_yticks(range(0, 101, 25), [f"{v}%" for v in range(0, 101, 25)])
    ax.spines["left"].set_bounds(0, 100)
    ax.legend(loc="upper left", fontsize=7, ncol=2)
    clean_axes(ax)
