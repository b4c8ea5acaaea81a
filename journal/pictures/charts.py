"""Matplotlib figure builders for the five charts, drawn from chartdata.ChartData only.

Everything uses the object API (Figure, no pyplot) and a fixed layout in inches, so the same
drawing code fills a standalone chart or half a report page, and nothing depends on global
state. Colours are Okabe-Ito and always come with a second cue (hatching, a marker shape, a
letter or a printed number), so a greyscale print or a colour-blind reader loses nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, cast

import matplotlib
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from journal.core.days import MODERATE, add_months, date_range, month_end, month_start
from journal.core.facts import ACUTE_CLASSES
from journal.files import write_atomic
from journal.pictures.chartdata import (
    MONTH_NAMES,
    WEEKDAYS,
    ChartData,
    MonthRow,
)

KINDS: tuple[str, ...] = ("days", "intensity", "calendar", "remedies", "persistence")
FORMATS: dict[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
FONT = "DejaVu Sans"  # ships with matplotlib: accents, arrows and symbols everywhere

# Local settings only (rc_context): real, extractable text with embedded TrueType fonts.
RC: dict[str, Any] = {
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "headache-journal",
    "font.family": FONT,
    "font.size": 8,
    "hatch.linewidth": 0.6,
    "axes.linewidth": 0.6,
    "axes.edgecolor": "#333333",
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
}


class Style(NamedTuple):
    label: str
    color: str
    hatch: str
    marker: str
    code: str  # the letter the calendar prints


# Okabe-Ito colours, each with its own hatch, marker and letter.
STYLES: dict[str, Style] = {
    "simple": Style("simple pain relievers", "#56B4E9", "", "o", "S"),
    "triptan": Style("triptans", "#0072B2", "////", "s", "T"),
    "ergot": Style("ergotamines", "#009E73", "\\\\\\\\", "D", "E"),
    "opioid": Style("opioids", "#D55E00", "xxx", "v", "O"),
    "combination": Style("combination analgesics", "#CC79A7", "....", "P", "C"),
    "kratom": Style("kratom", "#E69F00", "++", "^", "K"),
    "caffeine": Style("caffeine", "#F0E442", "----", "d", "Cf"),
    "other": Style("other acute remedies", "#999999", "oo", "*", "X"),
    "preventive": Style("preventive (taken daily)", "#DDDDDD", "||||", "|", "P"),
}
# Bar labels sit on a white patch so a threshold line behind them never crosses the digits.
LABEL_BOX: dict[str, Any] = {"facecolor": "white", "edgecolor": "none", "pad": 0.4}
HEADACHE = "#BBBBBB"
SEVERE = "#444444"
INK = "#222222"
FAINT = "#9A9A9A"
UNRECORDED = "#E8E8E8"
# Peak 0..10, light to dark: YlOrBr darkens monotonically, so it reads in greyscale too.
PEAK_COLOURS: tuple[str, ...] = (
    "#FFFBE0",
    "#FFF3B8",
    "#FEE391",
    "#FED068",
    "#FEB442",
    "#FE9929",
    "#EC7014",
    "#CC4C02",
    "#A33A03",
    "#7A2904",
    "#4F1A03",
)
UNKNOWN_PEAK = "#B8B8B8"
# Symbols for day markers, menstruation first (NICE asks for its relation to headaches).
MARKER_SYMBOLS: tuple[str, ...] = ("●", "■", "▲", "◆", "★", "✚", "⬟", "✖")
MENSTRUATION = "♀"
PERSISTED = "▶"


def peak_colour(peak: int | None) -> str:
    return UNKNOWN_PEAK if peak is None else PEAK_COLOURS[max(0, min(10, peak))]


def peak_ink(peak: int | None) -> str:
    """Text colour that stays readable on the peak's shade."""
    return "white" if peak is not None and peak >= 7 else INK


# --- text measurement and wrapping --------------------------------------------------------------


@lru_cache(maxsize=4)
def _font_path(weight: str) -> str:
    return str(findfont(FontProperties(family=FONT, weight=weight)))


@lru_cache(maxsize=16384)
def _advance(char: str, size: float, weight: str) -> float:
    font = get_font(_font_path(weight))
    font.set_size(size, 72)
    glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    return float(glyph.linearHoriAdvance) / 65536 / 72


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width in inches of one line of TEXT at SIZE points, from the embedded font's advances.

    Summing unhinted advances per character is what the PDF places, and it is a hundred times
    faster than laying out each candidate line; the 3% covers kerning and rounding in PNGs.
    """
    return sum(_advance(c, size, weight) for c in text) * 1.03


def wrap(text: str, width: float, size: float, weight: str = "normal") -> list[str]:
    """Greedy word wrap to WIDTH inches; a word too long for a line is broken, never cut."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        # Only plain spaces break a line: "19\u00a0h" stays together.
        for word in filter(None, paragraph.split(" ")):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, weight) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, weight) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size, weight) > width:
                    cut = max(1, int(cut * 0.8)) if cut > 8 else cut - 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


# --- layout in inches ---------------------------------------------------------------------------


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
        fx, fy = self._frac(x, y)
        return self.fig.text(fx, fy, s, **kw)

    def sub(self, x: float, y: float, w: float, h: float) -> Region:
        return Region(self.fig, self.x + x, self.y + y, w, h)


TITLE_SIZE = 10.5


SUBTITLE_SIZE = 7.5
CALENDAR_TITLE = ("Calendar", "Each day shaded by its peak pain; letters: acute medicine.")


def _title_lines(width: float, title: str, subtitle: str) -> tuple[list[str], list[str]]:
    heads = wrap(title, width, TITLE_SIZE, "bold")
    return heads, wrap(subtitle, width, SUBTITLE_SIZE) if subtitle else []


def title_height(width: float, title: str, subtitle: str = "") -> float:
    """Inches a chart's title and subtitle take, wrapped to WIDTH."""
    heads, subs = _title_lines(width, title, subtitle)
    return 0.05 + len(heads) * TITLE_SIZE / 72 * 1.25 + len(subs) * SUBTITLE_SIZE / 72 * 1.3 + 0.1


def _title(region: Region, title: str, subtitle: str = "") -> float:
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


def _legend_layout(labels: Sequence[str], width: float, size: float = 7.5) -> tuple[int, float]:
    """Columns and height (inches) of a legend of LABELS fitted into WIDTH."""
    em = size / 72
    entries = [text_width(label, size) + em * 2.8 for label in labels]
    ncol = len(entries)
    while ncol > 1:
        # Entries read across the rows (see _legend), so column c holds entries c, c + ncol...
        cols = [max(entries[c::ncol], default=0.0) for c in range(ncol)]
        if sum(cols) + em * 2.0 * (ncol - 1) <= width:
            break
        ncol -= 1
    rows = math.ceil(len(entries) / max(ncol, 1))
    return ncol, rows * em * 1.55 + em * 0.4


def _row_major(items: Sequence[Any], ncol: int) -> list[Any]:
    """Reorder ITEMS so matplotlib's column-by-column fill reads row by row."""
    return [items[i] for c in range(ncol) for i in range(c, len(items), ncol)]


def _legend(
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


def _clean(ax: Axes, grid: bool = True) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    if grid:
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.5)
        ax.set_axisbelow(True)


def _no_data(region: Region, message: str) -> None:
    region.text(region.w / 2, region.h / 2, message, ha="center", va="center", fontsize=9)


def _month_ticks(ax: Axes, months: Sequence[MonthRow], width: float) -> None:
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


def _bar_patch(style: Style) -> Patch:
    return Patch(facecolor=style.color, edgecolor=INK, hatch=style.hatch, linewidth=0.5)


# --- days ---------------------------------------------------------------------------------------


def draw_days(region: Region, data: ChartData) -> None:
    """Per month: headache and moderate/severe days; acute-medication days per class; lines."""
    used = data.classes_used()
    top = _title(
        region,
        "Headache days and acute-medication days per month",
        "ICHD-3 lines: 15 headache days a month (chronic pattern); acute medicine on 10 days "
        "(15 for simple pain relievers) for medication overuse.",
    )
    months = data.months
    n = len(months)
    left, right, bottom = 0.55, 0.15, 0.55 + 0.13 * any(m.partial for m in months)
    width = region.w - left - right
    head_labels = ["headache days", "moderate/severe days (peak ≥ 4)", "15 days"]
    med_labels = ["any acute medicine", *(STYLES[k].label for k in used)]
    med_labels += ["10 days", "15 days (simple pain relievers)"]
    head_cols, head_leg = _legend_layout(head_labels, width)
    med_cols, med_leg = _legend_layout(med_labels, width)
    gap = 0.42
    plot_h = region.h - top - bottom - head_leg - med_leg - gap - 0.1
    upper_h = plot_h * 0.42
    lower_h = plot_h - upper_h
    x = list(range(n))

    ax2 = region.axes(left, bottom, width, lower_h)
    ax1 = region.axes(left, bottom + lower_h + med_leg + gap, width, upper_h)

    headache = [m.counts["headache_days"] for m in months]
    severe = [m.counts["moderate_severe_days"] for m in months]
    ax1.bar(x, headache, 0.62, color=HEADACHE, edgecolor=INK, linewidth=0.5, label="headache")
    ax1.bar(x, severe, 0.3, color=SEVERE, edgecolor=INK, linewidth=0.5)
    chronic = ax1.axhline(15, color=INK, linestyle="--", linewidth=0.9)
    top1 = max([*headache, 15]) + 4
    ax1.set_ylim(0, top1)
    slot = width / max(n, 1)  # inches per month
    for i, (h, s) in enumerate(zip(headache, severe, strict=True)):
        # Numbers only where they fit: the summary table has them all anyway.
        if slot >= 0.3:
            ax1.text(
                i, h + top1 * 0.02, str(h), fontsize=7.5, ha="center", va="bottom", bbox=LABEL_BOX
            )
        if slot * 0.3 < 0.17:
            continue
        if s >= top1 * 0.12:
            ax1.text(i, s - top1 * 0.02, str(s), fontsize=7, ha="center", va="top", color="white")
        elif s:
            ax1.text(i + 0.17, s, str(s), fontsize=7, ha="left", va="bottom")
    ax1.set_ylabel("days", fontsize=7.5)
    ax1.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax1.set_xticks(x, [""] * n)
    ax1.set_xlim(-0.6, n - 0.4)
    _clean(ax1)
    _legend(
        ax1,
        [
            Patch(facecolor=HEADACHE, edgecolor=INK, linewidth=0.5),
            Patch(facecolor=SEVERE, edgecolor=INK, linewidth=0.5),
            chronic,
        ],
        head_labels,
        width,
        head_cols,
    )

    series: list[tuple[str, list[int], Style | None]] = [
        ("any acute medicine", [m.counts["medication_days"]["total"] for m in months], None)
    ]
    series += [
        (STYLES[k].label, [m.counts["medication_days"][k] for m in months], STYLES[k]) for k in used
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
            for xo, v in zip(offsets, values, strict=True):
                ax2.text(
                    xo, v + 0.3, str(v), fontsize=6.5, ha="center", va="bottom", bbox=LABEL_BOX
                )
    line10 = ax2.axhline(10, color=INK, linestyle="--", linewidth=0.9)
    line15 = ax2.axhline(15, color=INK, linestyle="-.", linewidth=0.9)
    peak = max([m.counts["medication_days"]["total"] for m in months] + [15])
    ax2.set_ylim(0, peak + 4)
    ax2.set_ylabel("days with intake", fontsize=7.5)
    ax2.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    _month_ticks(ax2, months, width)
    ax2.set_xlim(-0.6, n - 0.4)
    _clean(ax2)
    if not used:
        ax2.text(
            (n - 1) / 2, (peak + 4) / 2, "No acute medicine recorded.", ha="center", fontsize=8
        )
    handles: list[Any] = [Patch(facecolor="white", edgecolor=INK, linewidth=0.8)]
    handles += [_bar_patch(STYLES[k]) for k in used]
    _legend(ax2, [*handles, line10, line15], med_labels, width, med_cols)


# --- intensity ----------------------------------------------------------------------------------


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
    top = _title(
        region,
        "Daily peak pain (0-10) and remedies taken",
        "Bars: the day's peak, shaded by intensity. Below: each intake at the time it was taken.",
    )
    groups = [g for g in STYLES if any(p.group == g for p in data.intakes)]
    left, right, bottom = 1.45, 0.15, 0.5
    width = region.w - left - right
    labels = ["moderate line (4)", "nothing recorded", "peak not given"]
    ncol, leg_h = _legend_layout(labels, width)
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
    _clean(ax)
    _legend(
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


# --- calendar -----------------------------------------------------------------------------------


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
                ("white", "", "headache-free day (something recorded)"),
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
        ax.text(region.x, yy, line, fontsize=size, va="top", ha="left", color=INK)


def _legend_lines(
    width: float, data: ChartData, symbols: dict[str, str], size: float
) -> list[tuple[float, str]]:
    """(offset from the top, text) of each key line; the first two are drawn specially."""
    pitch = size / 72 * 1.45
    lines: list[tuple[float, str]] = [(0.0, "Day's peak pain:"), (0.3, "")]
    y = 0.6
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
    top = _title(region, *CALENDAR_TITLE)
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


# --- remedies -----------------------------------------------------------------------------------


def draw_remedies(region: Region, data: ChartData) -> None:
    """Weekly intakes stacked by class; kratom days and doses per week below."""
    top = _title(
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
    ncol, leg_h = _legend_layout(labels or ["-"], width)
    k_labels = ["days with kratom (of 7)", "kratom doses"]
    k_ncol, k_leg = _legend_layout(k_labels, width)
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
        values = [w.intakes[g] for w in weeks]
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
        handles.append(_bar_patch(style))
    ax1.set_ylabel("intakes", fontsize=7.5)
    ax1.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax1.set_ylim(0, max([*base, 1]) * 1.12)
    ax1.set_xlim(-0.6, n - 0.4)
    _week_ticks(ax1, data, width, labels=False)
    _clean(ax1)
    if groups:
        _legend(ax1, handles, labels, width, ncol)
    else:
        ax1.text((n - 1) / 2, 0.5, "No remedies recorded.", ha="center", fontsize=8)

    kdays = [w.kratom_days for w in weeks]
    kdoses = [w.kratom_doses for w in weeks]
    style = STYLES["kratom"]
    ax2.bar(x, kdays, 0.6, color=style.color, edgecolor=INK, hatch=style.hatch, linewidth=0.4)
    (dose_line,) = ax2.plot(
        x, kdoses, color=INK, marker="o", markersize=3.5, linewidth=1.1, markerfacecolor="white"
    )
    ax2.set_ylim(0, max([*kdoses, 7]) * 1.15)
    ax2.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax2.set_xlim(-0.6, n - 0.4)
    ax2.set_ylabel("kratom", fontsize=7.5)
    _week_ticks(ax2, data, width, labels=True)
    _clean(ax2)
    _legend(ax2, [_bar_patch(style), dose_line], k_labels, width, k_ncol)
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


# --- persistence --------------------------------------------------------------------------------


def draw_persistence(region: Region, data: ChartData) -> None:
    """Share of episodes per month that went on into the next day, with the counts."""
    top = _title(
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
        total, kept = m.counts["episodes"], m.counts["persisted_episodes"]
        share = 100 * kept / total if total else 0.0
        shares.append(share)
        slot = width / max(n, 1)
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
    _month_ticks(ax, months, width)
    ax.set_xlim(-0.6, n - 0.4)
    _clean(ax)


# --- standalone figures and files ---------------------------------------------------------------

DRAW: dict[str, Callable[[Region, ChartData], None]] = {
    "days": draw_days,
    "intensity": draw_intensity,
    "calendar": draw_calendar,
    "remedies": draw_remedies,
    "persistence": draw_persistence,
}


def figure_size(kind: str, data: ChartData) -> tuple[float, float]:
    if kind == "calendar":
        n = len(data.months)
        cols = min(3, n)
        rows = math.ceil(n / cols)
        width = max(7.5, cols * 3.4 + 0.5)
        return width, rows * 3.0 + 0.9 + calendar_legend_height(width - 0.5, data)
    return {
        "days": (10.0, 6.5),
        "intensity": (11.0, 5.5),
        "remedies": (10.0, 6.5),
        "persistence": (9.0, 4.5),
    }[kind]


def chart_figure(kind: str, data: ChartData) -> Figure:
    """A standalone figure of one chart (call inside `style()`)."""
    width, height = figure_size(kind, data)
    fig = Figure(figsize=(width, height))
    fig.patch.set_facecolor("white")
    margin = 0.25
    DRAW[kind](Region(fig, margin, margin, width - 2 * margin, height - 2 * margin), data)
    return fig


@contextmanager
def style() -> Iterator[None]:
    """Local matplotlib settings for drawing and saving; nothing global changes."""
    with matplotlib.rc_context(cast(Any, RC)):
        yield


def save_figure(fig: Figure, path: Path, fmt: str, dpi: int) -> None:
    metadata: dict[str, Any] = {"Creator": "headache-journal"}
    if fmt == "svg":
        metadata = {"Creator": "headache-journal", "Date": None}
    elif fmt == "png":
        metadata = {"Software": "headache-journal"}
    else:
        metadata["CreationDate"] = None
    write_atomic(
        path, lambda fh: fig.savefig(fh, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    )


def save_chart(kind: str, data: ChartData, path: Path, dpi: int) -> None:
    """Draw chart KIND and write it to PATH in the format its suffix names."""
    fmt = FORMATS[path.suffix.lower()]
    with style():
        save_figure(chart_figure(kind, data), path, fmt, dpi)
