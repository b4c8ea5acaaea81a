"""The report's diary table: every row of the diary, laid out in columns and cut into pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from matplotlib.collections import PatchCollection
from matplotlib.patches import Rectangle

from journal.pictures.chartdata import day_text
from journal.pictures.diary import DIARY_COLUMNS, DiaryRow
from journal.pictures.fonts import text_width, widest_piece, wrap
from journal.pictures.layout import Region
from journal.pictures.page import hline

DIARY_SIZE = 7.0
DIARY_PITCH = DIARY_SIZE / 72 * 1.3
DIARY_TITLE_H = 0.3
DATE_WIDTH_OF = "Wed 30 Sep 2026"  # the date column is at least this wide
DATE_MAX = 1.35  # inches: wide enough for "check-in: still hurting (10)" on one line
# Column widths as shares of the width left after the date; a note spans the row beneath.
DIARY_SHARES: dict[str, float] = {
    "start": 0.045,
    "end": 0.065,
    "duration": 0.1,
    "peak": 0.045,
    "type": 0.085,
    "symptoms": 0.11,
    "triggers": 0.08,
    "remedies": 0.32,
}
CELL_PAD = 0.03

Columns = dict[str, tuple[float, float]]  # key -> (x, width), in inches


@dataclass(frozen=True)
class DiaryBlock:
    """A diary row laid out: one list of lines per column, and the note's lines beneath."""

    cells: dict[str, list[str]]
    note: list[str]
    shade: bool
    day: str = ""  # the row's date, to head a page that begins inside a day

    @property
    def body(self) -> int:
        return max(len(v) for v in self.cells.values())

    @property
    def lines(self) -> int:
        return self.body + len(self.note)


@dataclass(frozen=True)
class DiaryTable:
    """The whole table laid out: its columns, and its rows cut into pages."""

    columns: Columns
    pages: list[list[DiaryBlock]]


def _texts(row: DiaryRow, key: str) -> list[str]:
    value = getattr(row, key)
    if key == "remedies":
        return list(value)
    return [str(value)] if value else []


def columns(rows: Sequence[DiaryRow], width: float) -> Columns:
    """(x, width) per column: each at least as wide as the widest word in it, so no word is
    split; the date as wide as its longest line (up to DATE_MAX); the width left over shared
    as DIARY_SHARES."""
    titles = dict(DIARY_COLUMNS)
    keys = ["date", *DIARY_SHARES]
    pad = 2 * CELL_PAD
    # The date column holds the check-in and markers under the date: one line each when
    # they are short, however many the date needs.
    lines = [line for row in rows for line in row.date.split("\n")]
    longest = max((text_width(line, DIARY_SIZE) for line in lines), default=0.0)
    date_w = max(text_width(DATE_WIDTH_OF, DIARY_SIZE), min(longest, DATE_MAX)) + pad + 0.02
    scale = sum(DIARY_SHARES.values())
    share = {"date": date_w, **{k: (width - date_w) * v / scale for k, v in DIARY_SHARES.items()}}
    need = {}
    for key in keys:
        words = [widest_piece(titles[key], DIARY_SIZE, "bold")]
        words += [widest_piece(text, DIARY_SIZE) for row in rows for text in _texts(row, key)]
        need[key] = max(words) + pad + 0.01  # the slack keeps rounding from cutting a word
    wide = {k: max(share[k], need[k]) for k in keys}
    over = sum(wide.values()) - width
    room = {k: wide[k] - need[k] for k in keys}
    # Narrow the columns that have room to spare, each by its share of the spare room; the
    # date's lines (check-in, markers) only when the others have too little.
    for narrowed in ([k for k in keys if k != "date"], keys):
        spare = sum(room[k] for k in narrowed)
        if over > 0 and spare >= over:
            wide = {k: wide[k] - over * room[k] / spare if k in narrowed else wide[k] for k in keys}
            over = 0.0
    if over > 0:
        # Even the words alone are too wide for the page: scale them (the widest get cut).
        total = sum(need.values())
        wide = {k: need[k] * width / total for k in keys}
    cols: Columns = {}
    x = 0.0
    for key in keys:
        cols[key] = (x, wide[key])
        x += wide[key]
    return cols


def _header_cells(cols: Columns) -> dict[str, list[str]]:
    titles = dict(DIARY_COLUMNS)
    return {
        key: wrap(titles[key], w - 2 * CELL_PAD, DIARY_SIZE, "bold") for key, (_, w) in cols.items()
    }


def diary_header_height(cols: Columns) -> float:
    return max(len(v) for v in _header_cells(cols).values()) * DIARY_PITCH + 0.06


def _diary_blocks(rows: Sequence[DiaryRow], cols: Columns, width: float) -> list[DiaryBlock]:
    blocks = []
    shade = True
    for i, row in enumerate(rows):
        # Bands alternate by day, so a day's rows read as one block, as in a paper diary.
        if i == 0 or row.day != rows[i - 1].day:
            shade = not shade
        cells: dict[str, list[str]] = {}
        for key, (_, w) in cols.items():
            lines: list[str] = []
            for text in _texts(row, key):
                lines += wrap(text, w - 2 * CELL_PAD, DIARY_SIZE)
            cells[key] = lines or [""]
        note = wrap(f"Note: {row.note}", width - 0.3, DIARY_SIZE) if row.note else []
        blocks.append(DiaryBlock(cells, note, shade, day_text(row.day)))
    return blocks


def _split(block: DiaryBlock, keep: int) -> tuple[DiaryBlock, DiaryBlock]:
    """The first KEEP lines of a block, and the rest (a row taller than a page goes on)."""
    body = block.body
    head_cells = {k: v[:keep] for k, v in block.cells.items()}
    tail_cells = {k: v[keep:] or [""] for k, v in block.cells.items()}
    note_keep = max(0, keep - body)
    if keep < body:
        tail_cells["date"] = ["(continued)", *block.cells["date"][keep:]]
    head = DiaryBlock(head_cells, block.note[:note_keep], block.shade, block.day)
    return head, DiaryBlock(tail_cells, block.note[note_keep:], block.shade, block.day)


def _dated(block: DiaryBlock) -> DiaryBlock:
    """BLOCK at the top of a page: a row that goes on with a day from the page before shows
    that day's date, so no page begins without one."""
    if block.cells["date"] != [""]:
        return block
    return replace(block, cells={**block.cells, "date": [block.day]})


def diary_table(rows: Sequence[DiaryRow], width: float, height: float) -> DiaryTable:
    """The table's rows cut into pages; HEIGHT is the page's text height below the header."""
    cols = columns(rows, width)
    per_page = max(3, int((height - DIARY_TITLE_H - diary_header_height(cols)) / DIARY_PITCH))
    pages: list[list[DiaryBlock]] = [[]]
    free = per_page
    for block in _diary_blocks(rows, cols, width):
        if not pages[-1]:
            block = _dated(block)
        while block.lines > free:
            if block.lines <= per_page and pages[-1]:
                pages.append([])
                free = per_page
                block = _dated(block)
                continue
            head, block = _split(block, free)
            pages[-1].append(head)
            pages.append([])
            free = per_page
        pages[-1].append(block)
        free -= block.lines
    return DiaryTable(cols, pages)


def paint_diary(region: Region, cols: Columns, blocks: Sequence[DiaryBlock], first: bool) -> None:
    title = "Diary: every entry" if first else "Diary (continued)"
    region.text(0, region.h, title, fontsize=11, weight="bold", va="top")
    y = region.h - DIARY_TITLE_H
    for key, lines in _header_cells(cols).items():
        for n, line in enumerate(lines):
            region.text(
                cols[key][0] + CELL_PAD,
                y - (n + 0.78) * DIARY_PITCH,
                line,
                fontsize=DIARY_SIZE,
                weight="bold",
            )
    y -= diary_header_height(cols)
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
