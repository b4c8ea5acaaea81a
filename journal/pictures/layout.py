"""Laying charts out in inches: regions of a figure, titles, legends, ticks and axes.

Everything uses the object API (Figure, no pyplot) and a fixed layout in inches, so the same
drawing code fills a standalone chart or half a report page, and nothing depends on global
state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from journal.pictures.bidi import for_drawing
from journal.pictures.chartdata import MONTH_NAMES, MonthRow
from journal.pictures.fonts import font_family, text_width, wrap
from journal.pictures.style import INK, LABEL_BOX, UNRECORDED, Style


@dataclass(frozen=True)
class Region:
    """A rectangle of a figure, in inches from the figure's lower-left corner."""

    fig: Figure
    x: float
    y: float
    w: float
    h: float

    def _frac(self, x: float, y: float) -> tuple[float, float]:
        fw, fh = self.fig.get_size_inches()
        return (self.x + x) / fw, (self.y + y) / fh

    def axes(self, left: float, bottom: float, width: float, height: float) -> Axes:
        fw, fh = self.fig.get_size_inches()
        x0, y0 = self._frac(left, bottom)
        return self.fig.add_axes((x0, y0, width / fw, height / fh))

    def text(self, x: float, y: float, s: str, **kw: Any) -> Any:
        """Text at (X, Y) inches, as one left-to-right line in fonts that have its characters."""
        fx, fy = self._frac(x, y)
        return self.fig.text(fx, fy, for_drawing(s), fontfamily=font_family(s), **kw)

    def sub(self, x: float, y: float, w: float, h: float) -> Region:
        return Region(self.fig, self.x + x, self.y + y, w, h)


TITLE_SIZE = 10.5
SUBTITLE_SIZE = 7.5


def _title_lines(width: float, title: str, subtitle: str) -> tuple[list[str], list[str]]:
    heads = wrap(title, width, TITLE_SIZE, "bold")
    return heads, wrap(subtitle, width, SUBTITLE_SIZE) if subtitle else []


def title_height(width: float, title: str, subtitle: str = "") -> float:
    """Inches a chart's title and subtitle take, wrapped to WIDTH."""
    heads, subs = _title_lines(width, title, subtitle)
    return 0.05 + len(heads) * TITLE_SIZE / 72 * 1.25 + len(subs) * SUBTITLE_SIZE / 72 * 1.3 + 0.1


def draw_title(region: Region, title: str, subtitle: str = "") -> float:
    """Draw a chart title (and subtitle) at the top, wrapped; return the height used."""
    heads, subs = _title_lines(region.w, title, subtitle)
    y = region.h - 0.05
    for line in heads:
        y -= TITLE_SIZE / 72
        region.text(0, y, line, fontsize=TITLE_SIZE, weight="bold", color=INK)
        y -= TITLE_SIZE / 72 * 0.25
    for line in subs:
        y -= SUBTITLE_SIZE / 72
        region.text(0, y, line, fontsize=SUBTITLE_SIZE, color="#555555")
        y -= SUBTITLE_SIZE / 72 * 0.3
    return title_height(region.w, title, subtitle)


def legend_layout(labels: Sequence[str], width: float, size: float = 7.5) -> tuple[int, float]:
    """Columns and height (inches) of a legend of LABELS fitted into WIDTH."""
    em = size / 72
    entries = [text_width(label, size) + em * 2.8 for label in labels]
    ncol = len(entries)
    while ncol > 1:
        # Entries read across the rows (see place_legend), so column c holds entries c, c + ncol...
        cols = [max(entries[c::ncol], default=0.0) for c in range(ncol)]
        if sum(cols) + em * 2.0 * (ncol - 1) <= width:
            break
        ncol -= 1
    rows = math.ceil(len(entries) / max(ncol, 1))
    return ncol, rows * em * 1.55 + em * 0.4


def _row_major(items: Sequence[Any], ncol: int) -> list[Any]:
    """Reorder ITEMS so matplotlib's column-by-column fill reads row by row."""
    return [items[i] for c in range(ncol) for i in range(c, len(items), ncol)]


def place_legend(
    ax: Axes, handles: Sequence[Any], labels: Sequence[str], width: float, ncol: int
) -> None:
    ax.legend(
        _row_major(handles, ncol),
        _row_major(labels, ncol),
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=ncol,
        borderaxespad=0.15,
        handlelength=2.0,
        handletextpad=0.6,
        columnspacing=1.6,
        borderpad=0.0,
        fontsize=7.5,
    )


def clean_axes(ax: Axes, grid: bool = True) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    if grid:
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.5)
        ax.set_axisbelow(True)


def month_ticks(ax: Axes, months: Sequence[MonthRow], width: float) -> None:
    """A label under each month, or under every k-th when months are too narrow for one."""
    step = max(1, math.ceil(len(months) * 0.5 / max(width, 0.1)))
    ticks, labels = [], []
    for i, m in enumerate(months):
        if i % step and i != len(months) - 1:
            continue
        if step > 1 and len(months) - 1 - i < step and i != len(months) - 1:
            continue  # keep the last month's label clear of its neighbour
        text = f"{MONTH_NAMES[m.first.month - 1]}\n{m.first.year}"
        if m.partial:
            text += f"\n{m.first.day}–{m.shown_to.day}"
        ticks.append(i)
        labels.append(text)
    ax.set_xticks(ticks, labels)


def bar_patch(style: Style) -> Patch:
    return Patch(facecolor=style.color, edgecolor=INK, hatch=style.hatch, linewidth=0.5)


def not_recorded(ax: Axes, x: float, top: float, slot: float, label: bool = True) -> None:
    """Hatch a month or week with no known day, and say so where there is room."""
    ax.bar(x, top, 0.8, color=UNRECORDED, edgecolor="#AAAAAA", hatch="////", linewidth=0.4)
    if label and slot >= 0.3:
        ax.text(
            x,
            top * 0.5,
            "not recorded",
            fontsize=6.5,
            ha="center",
            va="center",
            rotation=90,
            bbox=LABEL_BOX,
        )
