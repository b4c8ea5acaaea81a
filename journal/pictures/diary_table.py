"""The report's diary table: every row of the diary, laid out in columns and cut into pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.collections import PatchCollection
from matplotlib.patches import Rectangle

from journal.pictures.diary import DIARY_COLUMNS, DiaryRow
from journal.pictures.fonts import text_width, wrap
from journal.pictures.layout import Region
from journal.pictures.page import hline

DIARY_SIZE = 7.0
DIARY_PITCH = DIARY_SIZE / 72 * 1.3
DIARY_TITLE_H = 0.3
# Column widths as shares of the width left after the date; a note spans the row beneath.
DIARY_SHARES: dict[str, float] = {
    "date": 0.0,  # as wide as "Wed 30 Sep 2026"
    "start": 0.05,
    "end": 0.075,
    "duration": 0.1,
    "peak": 0.058,
    "type": 0.085,
    "symptoms": 0.11,
    "triggers": 0.075,
    "remedies": 0.302,
}
CELL_PAD = 0.03


@dataclass(frozen=True)
class DiaryBlock:
    """A diary row laid out: one list of lines per column, and the note's lines beneath."""

    cells: dict[str, list[str]]
    note: list[str]
    shade: bool

    @property
    def body(self) -> int:
        return max(len(v) for v in self.cells.values())

    @property
    def lines(self) -> int:
        return self.body + len(self.note)


def _columns(width: float) -> dict[str, tuple[float, float]]:
    """(x, width) per column: the date as wide as its longest text, the rest by share."""
    date_w = text_width("Wed 30 Sep 2026", DIARY_SIZE) + 2 * CELL_PAD + 0.02
    rest = width - date_w
    scale = sum(v for k, v in DIARY_SHARES.items() if k != "date")
    cols = {"date": (0.0, date_w)}
    x = date_w
    for key, share in DIARY_SHARES.items():
        if key != "date":
            cols[key] = (x, rest * share / scale)
            x += rest * share / scale
    return cols


def _header_cells(width: float) -> dict[str, list[str]]:
    titles = dict(DIARY_COLUMNS)
    return {
        key: wrap(titles[key], w - 2 * CELL_PAD, DIARY_SIZE, "bold")
        for key, (_, w) in _columns(width).items()
    }


def diary_header_height(width: float) -> float:
    return max(len(v) for v in _header_cells(width).values()) * DIARY_PITCH + 0.06


def _diary_blocks(rows: Sequence[DiaryRow], width: float) -> list[DiaryBlock]:
    cols = _columns(width)
    blocks = []
    shade = True
    for i, row in enumerate(rows):
        # Bands alternate by day, so a day's rows read as one block, as in a paper diary.
        if i == 0 or row.day != rows[i - 1].day:
            shade = not shade
        cells: dict[str, list[str]] = {}
        for key, (_, w) in cols.items():
            value = getattr(row, key)
            inner = w - 2 * CELL_PAD
            if key == "remedies":
                lines: list[str] = []
                for item in value:
                    lines += wrap(item, inner, DIARY_SIZE)
                cells[key] = lines or [""]
            else:
                cells[key] = wrap(str(value), inner, DIARY_SIZE) if value else [""]
        note = wrap(f"Note: {row.note}", width - 0.3, DIARY_SIZE) if row.note else []
        blocks.append(DiaryBlock(cells, note, shade))
    return blocks


def _split(block: DiaryBlock, keep: int) -> tuple[DiaryBlock, DiaryBlock]:
    """The first KEEP lines of a block, and the rest (a row taller than a page goes on)."""
    body = block.body
    head_cells = {k: v[:keep] for k, v in block.cells.items()}
    tail_cells = {k: v[keep:] or [""] for k, v in block.cells.items()}
    note_keep = max(0, keep - body)
    if keep < body:
        tail_cells["date"] = ["(continued)", *block.cells["date"][keep:]]
    head = DiaryBlock(head_cells, block.note[:note_keep], block.shade)
    return head, DiaryBlock(tail_cells, block.note[note_keep:], block.shade)


def diary_pages(rows: Sequence[DiaryRow], width: float, height: float) -> list[list[DiaryBlock]]:
    """The table's rows cut into pages; HEIGHT is the page's text height below the header."""
    per_page = max(3, int((height - DIARY_TITLE_H - diary_header_height(width)) / DIARY_PITCH))
    pages: list[list[DiaryBlock]] = [[]]
    free = per_page
    for block in _diary_blocks(rows, width):
        while block.lines > free:
            if block.lines <= per_page and pages[-1]:
                pages.append([])
                free = per_page
                continue
            head, block = _split(block, free)
            pages[-1].append(head)
            pages.append([])
            free = per_page
        pages[-1].append(block)
        free -= block.lines
    return pages


def paint_diary(region: Region, blocks: Sequence[DiaryBlock], first: bool) -> None:
    cols = _columns(region.w)
    title = "Diary: every entry" if first else "Diary (continued)"
    region.text(0, region.h, title, fontsize=11, weight="bold", va="top")
    y = region.h - DIARY_TITLE_H
    for key, lines in _header_cells(region.w).items():
        for n, line in enumerate(lines):
            region.text(
                cols[key][0] + CELL_PAD,
                y - (n + 0.78) * DIARY_PITCH,
                line,
                fontsize=DIARY_SIZE,
                weight="bold",
            )
    y -= diary_header_height(region.w)
    region.fig.add_artist(hline(region, y + 0.03))
    bands: list[Rectangle] = []
    for block in blocks:
        tall = block.lines * DIARY_PITCH
        if block.shade:
            bands.append(Rectangle((region.x, region.y + y - tall), region.w, tall))
        # One text per line at a computed baseline keeps every column on the same grid.
        for key, (x, _) in cols.items():
            for n, line in enumerate(block.cells[key]):
                if line:
                    region.text(
                        x + CELL_PAD, y - (n + 0.78) * DIARY_PITCH, line, fontsize=DIARY_SIZE
                    )
        for n, line in enumerate(block.note):
            region.text(
                0.2,
                y - (block.body + n + 0.78) * DIARY_PITCH,
                line,
                fontsize=DIARY_SIZE,
                color="#333333",
                style="italic",
            )
        y -= tall
    if bands:
        region.fig.add_artist(
            PatchCollection(
                bands, facecolor="#F0F0F0", edgecolor="none", transform=region.fig.dpi_scale_trans
            )
        )
