"""The charts as standalone figures and files: `journal chart KIND` draws through here.

Each chart kind lives in its own module (chart_days, chart_intensity, chart_calendar,
chart_remedies, chart_persistence, chart_preventive, chart_patterns) and draws into a
Region, so the report can place the same drawing on half a page.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from journal.files import write_atomic
from journal.pictures.chart_calendar import calendar_legend_height, draw_calendar
from journal.pictures.chart_days import draw_days
from journal.pictures.chart_intensity import draw_intensity
from journal.pictures.chart_patterns import draw_patterns, patterns_height
from journal.pictures.chart_persistence import draw_persistence
from journal.pictures.chart_preventive import MAX_COURSES, draw_preventive
from journal.pictures.chart_remedies import draw_remedies
from journal.pictures.chartdata import ChartData
from journal.pictures.layout import Region
from journal.pictures.style import style

KINDS: tuple[str, ...] = (
    "days",
    "intensity",
    "calendar",
    "remedies",
    "persistence",
    "preventive",
    "patterns",
)
FORMATS: dict[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

DRAW: dict[str, Callable[[Region, ChartData], None]] = {
    "days": draw_days,
    "intensity": draw_intensity,
    "calendar": draw_calendar,
    "remedies": draw_remedies,
    "persistence": draw_persistence,
    "preventive": draw_preventive,
    "patterns": draw_patterns,
}


def figure_size(kind: str, data: ChartData) -> tuple[float, float]:
    if kind == "calendar":
        n = len(data.months)
        cols = min(3, n)
        rows = math.ceil(n / cols)
        width = max(7.5, cols * 3.4 + 0.5)
        return width, rows * 3.0 + 0.9 + calendar_legend_height(width - 0.5, data)
    if kind == "preventive":
        return 10.0, 1.5 + 3.0 * max(1, min(MAX_COURSES, len(data.courses)))
    if kind == "patterns":
        return 10.0, patterns_height(data.patterns) + 0.5
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


def save_figure(fig: Figure, path: Path, fmt: str, dpi: int, *, overwrite: bool = True) -> None:
    metadata: dict[str, Any] = {"Creator": "headache-journal"}
    if fmt == "svg":
        metadata = {"Creator": "headache-journal", "Date": None}
    elif fmt == "png":
        metadata = {"Software": "headache-journal"}
    else:
        metadata["CreationDate"] = None
    write_atomic(
        path,
        lambda fh: fig.savefig(fh, format=fmt, dpi=dpi, metadata=metadata, facecolor="white"),
        overwrite=overwrite,
    )


def save_chart(kind: str, data: ChartData, path: Path, dpi: int, *, overwrite: bool = True) -> None:
    """Draw chart KIND and write it to PATH in the format its suffix names."""
    fmt = FORMATS[path.suffix.lower()]
    with style():
        save_figure(chart_figure(kind, data), path, fmt, dpi, overwrite=overwrite)
