"""The report's page layout engine: lines of text laid out in inches, flowed onto pages.

Text is laid out with measured widths (fonts.text_width), wrapped and carried over to the next
page rather than ever cut off; a heading never ends a page, and lines that belong together
(a flag, a table) move to the next page whole when they fit there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from matplotlib.collections import PatchCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from journal.pictures.fonts import wrap
from journal.pictures.layout import Region
from journal.pictures.style import INK


@dataclass
class Line:
    """One laid-out line; `cells` for table rows: (x offset in inches, text, align, weight)."""

    text: str
    size: float
    weight: str = "normal"
    color: str = INK
    indent: float = 0.0
    space_before: float = 0.0
    cells: Sequence[tuple[float, str, str, str]] = ()
    rule: bool = False  # a thin line under it (table headers)
    shade: bool = False  # a light band behind it (alternate table rows)
    box: str | None = None  # part of a framed notice: its group id
    keep: str | None = None  # lines sharing this id go on one page if they can
    section: str | None = None  # the part of a document it belongs to (continued headings)

    @property
    def height(self) -> float:
        return self.size / 72 * 1.32 + self.space_before


def paragraph(
    text: str,
    width: float,
    size: float = 8.5,
    weight: str = "normal",
    color: str = INK,
    indent: float = 0.0,
    space_before: float = 0.0,
    box: str | None = None,
    keep: str | None = None,
) -> list[Line]:
    lines = wrap(text, width - indent, size, weight)
    return [
        Line(s, size, weight, color, indent, space_before if i == 0 else 0.0, box=box, keep=keep)
        for i, s in enumerate(lines)
    ]


@dataclass
class Page:
    """A page to draw: a painter given the content region, and whether it has the header."""

    paint: Callable[[Region], None]
    header: bool = True
    lines: list[Line] = field(default_factory=list)


def _group_height(lines: Sequence[Line], i: int, limit: float) -> float:
    """Height of line I and the rest of its keep group (only I's if the group is too tall)."""
    key = lines[i].keep
    if key is None:
        return lines[i].height
    total = 0.0
    for line in lines[i:]:
        if line.keep != key:
            break
        total += line.height
    return total if total <= limit else lines[i].height


def flow(lines: list[Line], height: float) -> list[list[Line]]:
    """Cut lines into pages of at most HEIGHT inches; headings never end a page, and a keep
    group (a flag, the table) moves whole to the next page when it fits there."""
    pages: list[list[Line]] = [[]]
    used = 0.0
    for i, line in enumerate(lines):
        need = line.height
        # A heading (bold, followed by body text) moves with what it heads.
        if line.weight == "bold" and line.keep is None and not line.cells and i + 1 < len(lines):
            need += _group_height(lines, i + 1, height)
        elif line.keep is not None and (i == 0 or lines[i - 1].keep != line.keep):
            need = _group_height(lines, i, height)
        if pages[-1] and used + need > height:
            pages.append([])
            used = 0.0
        if not pages[-1] and line.space_before:
            # Nothing above it to keep apart from; a copy, as LINES may be flowed again.
            line = replace(line, space_before=0.0)
        pages[-1].append(line)
        used += line.height
    return pages


def draw_lines(region: Region, lines: Sequence[Line]) -> None:
    y = region.h
    boxes: dict[str, list[float]] = {}
    bands: list[Rectangle] = []
    for line in lines:
        y -= line.space_before
        top = y
        y -= line.size / 72 * 1.32
        baseline = y + line.size / 72 * 0.3
        if line.shade:
            bands.append(Rectangle((region.x, region.y + y), region.w, top - y))
        if line.cells:
            for x, text, align, weight in line.cells:
                region.text(
                    x,
                    baseline,
                    text,
                    fontsize=line.size,
                    ha=align,
                    va="baseline",
                    weight=weight,
                    color=line.color,
                )
        elif line.text:
            region.text(
                line.indent,
                baseline,
                line.text,
                fontsize=line.size,
                va="baseline",
                weight=line.weight,
                color=line.color,
            )
        if line.rule:
            region.fig.add_artist(hline(region, y))
        if line.box is not None:
            span = boxes.setdefault(line.box, [top, y])
            span[1] = y
    if bands:
        region.fig.add_artist(
            PatchCollection(
                bands, facecolor="#F2F2F2", edgecolor="none", transform=region.fig.dpi_scale_trans
            )
        )
    for top, bottom in boxes.values():
        region.fig.add_artist(
            Rectangle(
                (region.x - 0.08, region.y + bottom - 0.05),
                region.w + 0.16,
                top - bottom + 0.1,
                fill=False,
                edgecolor=INK,
                linewidth=0.8,
                transform=region.fig.dpi_scale_trans,
            )
        )


def hline(region: Region, y: float) -> Any:
    return Line2D(
        [region.x, region.x + region.w],
        [region.y + y, region.y + y],
        color="#666666",
        linewidth=0.5,
        transform=region.fig.dpi_scale_trans,
    )
