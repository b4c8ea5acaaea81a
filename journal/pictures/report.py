"""The clinician's PDF: a summary page, calendar pages, the charts, and the whole diary.

Pages are planned before any is drawn, so every footer can say "Page i of n"; text is laid out
with measured widths (charts.text_width), wrapped and carried over to the next page rather
than ever cut off. Drawing is the object API only (Figure, PdfPages), inside charts.style().
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import IO, Any

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from journal.core.days import MODERATE
from journal.core.flags import THRESHOLDS, group_flags
from journal.core.summary import PeriodCounts
from journal.files import write_atomic
from journal.pictures import charts
from journal.pictures.chartdata import (
    DIARY_COLUMNS,
    MONTH_NAMES,
    SHARED_ADVICE,
    ChartData,
    DiaryRow,
    MonthRow,
    day_text,
    overuse_line,
    period_text,
    split_advice,
)
from journal.pictures.charts import INK, Region, text_width, wrap
from journal.progress import Progress
from journal.views.summary import fmt_value

PAPERS: dict[str, tuple[float, float]] = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
MARGIN_X = 0.6
MARGIN_TOP = 0.55
MARGIN_BOTTOM = 0.75
HEADER_H = 0.3
CALENDAR_MONTHS_PER_PAGE = 3
OVER = "▲"  # marks a count at or above its line, so the table does not rely on colour

DISCLAIMER = (
    "This report shows what the patient recorded in a personal diary. It is not a diagnosis "
    "and has not been checked by a clinician."
)
URGENT = (
    "Urgent care: a sudden, severe headache (the \u201cworst ever\u201d), or a headache with "
    "weakness, confusion, or fever and a stiff neck, needs urgent medical care, not a diary."
)
FOOTER = "Patient-recorded diary; not a diagnosis."
GRADES = {
    "I": "little or no disability",
    "II": "mild disability",
    "III": "moderate disability",
    "IV": "severe disability",
}


@dataclass(frozen=True)
class Meta:
    """What the report says about itself."""

    generated: date
    paper: str = "a4"
    name: str | None = None


# --- text flow ----------------------------------------------------------------------------------


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

    @property
    def height(self) -> float:
        return self.size / 72 * 1.32 + self.space_before


def _para(
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


def _flow(lines: list[Line], height: float) -> list[list[Line]]:
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
            line.space_before = 0.0
        pages[-1].append(line)
        used += line.height
    return pages


def _draw_lines(region: Region, lines: Sequence[Line]) -> None:
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
            region.fig.add_artist(_hline(region, y))
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


def _hline(region: Region, y: float) -> Any:
    from matplotlib.lines import Line2D

    return Line2D(
        [region.x, region.x + region.w],
        [region.y + y, region.y + y],
        color="#666666",
        linewidth=0.5,
        transform=region.fig.dpi_scale_trans,
    )


# --- the summary page ---------------------------------------------------------------------------


def _month_head(m: MonthRow) -> tuple[str, str]:
    second = f"{m.first.day}–{m.shown_to.day}" if m.partial else str(m.first.year)
    return MONTH_NAMES[m.first.month - 1], second


def _fmt(value: object) -> str:
    return fmt_value(value, missing="–")


def _share(counts: PeriodCounts) -> str:
    if not counts["episodes"]:
        return "–"
    return f"{round(100 * counts['persisted_episodes'] / counts['episodes'])}%"


TableRow = tuple[str, Callable[[PeriodCounts], object], int | None]


def _class_days(klass: str, counts: PeriodCounts) -> int:
    return counts["medication_days"][klass]


def table_rows(data: ChartData) -> list[TableRow]:
    """(label, value from a summary, line) for the per-month table, in reading order."""
    several = THRESHOLDS.multiple_classes_days
    rows: list[TableRow] = [
        ("Recorded days", lambda c: c["recorded_days"], None),
        ("Headache days", lambda c: c["headache_days"], THRESHOLDS.chronic_days),
        (
            f"Moderate/severe days (peak ≥ {MODERATE})",
            lambda c: c["moderate_severe_days"],
            None,
        ),
        (
            f"Acute-medication days, any class (line {several})",
            lambda c: c["medication_days"]["total"],
            several,
        ),
    ]
    for klass in data.classes_used():
        line = overuse_line(klass)
        rows.append(
            (
                f"   {charts.STYLES[klass].label} (line {line})",
                partial(_class_days, klass),
                line,
            )
        )
    rows += [
        ("Caffeine days", lambda c: c["caffeine_days"], None),
        ("Preventive days", lambda c: c["preventive_days"], None),
        ("Episodes", lambda c: c["episodes"], None),
        ("Episodes persisting into next day", lambda c: c["persisted_episodes"], None),
        ("Share persisting", _share, None),
        ("Mean day peak (0-10)", lambda c: c["mean_peak_intensity"], None),
    ]
    return rows


TABLE_MONTHS = 12  # month columns per table block; longer periods get several blocks


def _table(data: ChartData, width: float, size: float = 7.5) -> list[Line]:
    """The per-month table, in blocks of up to TABLE_MONTHS months, the total in the last."""
    months = list(data.months)
    lines: list[Line] = []
    for start in range(0, len(months), TABLE_MONTHS):
        block = months[start : start + TABLE_MONTHS]
        heads = [_month_head(m) for m in block]
        counts: list[PeriodCounts] = [m.counts for m in block]
        if len(months) > 1 and start + TABLE_MONTHS >= len(months):
            heads.append(("Total", ""))
            counts.append(data.total)
        keep = f"table-{start}"
        space = 0.12 if start else 0.0
        lines += _table_block(data, heads, counts, width, size, keep, space)
    return lines


def _table_block(
    data: ChartData,
    heads: list[tuple[str, str]],
    counts: list[PeriodCounts],
    width: float,
    size: float,
    keep: str,
    space: float,
) -> list[Line]:
    rows = table_rows(data)
    label_w = max(text_width(label, size) for label, _, _ in rows) + 0.15
    # Columns as wide as 13 would be (12 months and the total), so blocks line up.
    col_w = min(0.62, (width - label_w) / (TABLE_MONTHS + 1))
    right = [label_w + col_w * (i + 1) - 0.12 for i in range(len(heads))]
    lines = [
        Line(
            "",
            size,
            "bold",
            space_before=space,
            cells=[(r, h[0], "right", "bold") for r, h in zip(right, heads, strict=True)],
            keep=keep,
        ),
        Line(
            "",
            size,
            "bold",
            cells=[(r, h[1], "right", "bold") for r, h in zip(right, heads, strict=True)],
            rule=True,
            keep=keep,
        ),
    ]
    for i, (label, get, limit) in enumerate(rows):
        cells: list[tuple[float, str, str, str]] = [(0.0, label, "left", "normal")]
        for r, c in zip(right, counts, strict=True):
            value = get(c)
            text = _fmt(value)
            # Only months are compared with a monthly line; the total spans several.
            over = (
                limit is not None
                and isinstance(value, int)
                and value >= limit
                and c is not data.total
            )
            cells.append(
                (r, f"{text} {OVER}" if over else text, "right", "bold" if over else "normal")
            )
        lines.append(Line("", size, cells=cells, shade=i % 2 == 0, keep=keep))
    return lines


def _period_text(data: ChartData) -> str:
    count = len(data.months)
    text = f"{day_text(data.first)} to {day_text(data.last)}"
    text += f" ({count} calendar month{'s' if count != 1 else ''}"
    if data.last > data.today:
        text += f"; counted up to today, {day_text(data.today)}"
    return text + ")"


def summary_lines(
    data: ChartData, meta: Meta, width: float, background_page: int | None = None
) -> list[Line]:
    """The one-page summary as flowing lines (a second page only if the flags need it).

    BACKGROUND_PAGE: where the flags' shared background paragraphs are printed, if any.
    """
    out: list[Line] = [Line("Headache diary report", 16, "bold")]
    if meta.name:
        out += _para(f"Patient: {meta.name}", width, 10, space_before=0.06)
    out += _para(f"Period: {_period_text(data)}", width, 9, space_before=0.04)
    total_days = (data.last_shown - data.first).days + 1
    out += _para(
        f"Recorded days: {data.total['recorded_days']} of {total_days} days "
        f"(days with anything written down). Time zone: {data.tz_name}.",
        width,
        9,
    )
    out += _para(DISCLAIMER, width, 8.5, space_before=0.16, box="notice")
    out += _para(URGENT, width, 8.5, "bold", box="notice")

    out.append(Line("Per month", 11, "bold", space_before=0.22))
    out += _table(data, width)
    out += _para(
        f"{OVER} at or above the monthly line: ICHD-3 8.2 medication overuse (10 days a month; "
        "15 for simple pain relievers; 10 for several classes together; kratom takes the "
        "opioid line) and 15 headache days for a chronic pattern. Medication days count days "
        "with any intake, not doses. A day counts once even when several episodes touch it.",
        width,
        7,
        color="#444444",
        space_before=0.06,
    )

    out.append(Line("Preventive medicines", 11, "bold", space_before=0.18))
    preventives = [r for r in data.total["intakes"] if r["use"] == "preventive"]
    if preventives:
        for row in preventives:
            dose = ""
            if row["total_dose"] is not None:
                dose = f", {row['total_dose']:g} {row['unit'] or ''} in total".rstrip()
            out += _para(
                f"{row['remedy']} ({row['class']}): {row['count']} intakes{dose}",
                width,
                8.5,
                indent=0.15,
            )
    else:
        out += _para("None recorded in this period.", width, 8.5, indent=0.15)

    total = data.total
    out.append(Line("Persistence", 11, "bold", space_before=0.18))
    if total["episodes"]:
        out += _para(
            f"{total['persisted_episodes']} of {total['episodes']} episodes ({_share(total)}) "
            "went on past the midnight after they began, or a next-morning check-in said the "
            "headache was still there.",
            width,
            8.5,
        )
    else:
        out += _para("No episodes recorded in this period.", width, 8.5)

    m = data.midas
    out.append(Line("MIDAS (headache-related disability)", 11, "bold", space_before=0.18))
    out += _para(
        f"Score {m['score']}, grade {m['grade']} ({GRADES.get(m['grade'], '')}), over "
        f"{day_text(date.fromisoformat(m['from']))} to {day_text(date.fromisoformat(m['to']))}. "
        f"Days of work or school missed: {m['q1']}; with productivity halved: {m['q2']}; "
        f"of housework missed: {m['q3']}; with housework productivity halved: {m['q4']}; "
        f"of family, social or leisure activities missed: {m['q5']}. "
        f"A: headache days {m['a']}; B: mean day peak {_fmt(m['b'])} (0-10).",
        width,
        8.5,
    )
    out += _para(
        "Derived from the impact the patient recorded on each episode; not a completed "
        "questionnaire.",
        width,
        7,
        color="#444444",
    )
    out += _flag_lines(data, width, background_page)
    return out


def _flag_lines(data: ChartData, width: float, background_page: int | None) -> list[Line]:
    months = min(3, len(data.months))
    out = [
        Line(
            f"Flags (the last {months} month{'s' if months != 1 else ''} of the period)",
            11,
            "bold",
            space_before=0.18,
        )
    ]
    groups = group_flags(data.flags)
    if not groups:
        return out + _para("No flags: no count reached a line.", width, 8.5)
    seen: set[str] = set()
    for group in groups:
        flag = group.latest
        what = f"{flag.severity.upper()} · {flag.rule}"
        if flag.klass:
            what += f" · {flag.klass}"
        keep = f"flag-{id(group)}"
        out += _para(
            f"{what} · {period_text(flag.period)}",
            width,
            8.5,
            "bold",
            space_before=0.08,
            keep=keep,
        )
        out += _para(flag.message, width, 8.5, indent=0.15, keep=keep)
        if group.earlier:
            also = ", ".join(period_text(p) for p in group.earlier)
            out += _para(f"Also flagged: {also}.", width, 8, indent=0.15, keep=keep)
        own = split_advice(flag.advice)[0]
        if own in seen:
            out += _para("Advice: as above.", width, 7.5, color="#444444", indent=0.15, keep=keep)
        elif own:
            seen.add(own)
            out += _para(own, width, 7.5, color="#444444", indent=0.15, keep=keep)
    if background_page is not None:
        out += _para(
            f"What the flags rest on (medication overuse, kratom, opioids): page "
            f"{background_page}.",
            width,
            7.5,
            color="#444444",
            space_before=0.08,
        )
    return out


def background(data: ChartData) -> list[str]:
    """The shared advice paragraphs the flags call on, each once, the clinician's sentence last."""
    found = {p for f in data.flags for p in split_advice(f.advice)[1]}
    return [p for p in SHARED_ADVICE if p in found]


def background_lines(data: ChartData, width: float) -> list[Line]:
    out = [Line("What the flags rest on", 11, "bold")]
    for paragraph in background(data):
        out += _para(paragraph, width, 8.5, space_before=0.08)
    return out


# --- the diary table ----------------------------------------------------------------------------

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


def _paint_diary(region: Region, blocks: Sequence[DiaryBlock], first: bool) -> None:
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
    region.fig.add_artist(_hline(region, y + 0.03))
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


# --- assembling ---------------------------------------------------------------------------------


def _content(fig: Figure, paper: tuple[float, float]) -> Region:
    w, h = paper
    return Region(fig, MARGIN_X, MARGIN_BOTTOM, w - 2 * MARGIN_X, h - MARGIN_TOP - MARGIN_BOTTOM)


def plan(data: ChartData, diary: Sequence[DiaryRow], meta: Meta) -> list[Page]:
    """Every page of the report, in order, ready to paint."""
    paper = PAPERS[meta.paper]
    width = paper[0] - 2 * MARGIN_X
    height = paper[1] - MARGIN_TOP - MARGIN_BOTTOM
    pages: list[Page] = []

    # Every page but the first has the running header; flow as if all had it.
    flow_h = height - HEADER_H - 0.3
    extra = background_lines(data, width) if background(data) else []
    rest = _rest(data, diary, width, height)
    summary = _flow(summary_lines(data, meta, width), flow_h)
    # The summary names the background's page; naming it can move a line, so settle it.
    for _ in range(3):
        at = len(summary) + len(rest) + 1 if extra else None
        summary = _flow(summary_lines(data, meta, width, at), flow_h)
        if not extra or len(summary) + len(rest) + 1 == at:
            break
    for i, lines in enumerate(summary):
        body = lines if i == 0 else [Line("Summary (continued)", 11, "bold"), *lines]
        pages.append(Page(partial(_draw_lines, lines=body), header=i > 0))
    pages += rest
    for i, lines in enumerate(_flow(extra, flow_h)):
        body = lines if i == 0 else [Line("What the flags rest on (continued)", 11, "bold"), *lines]
        pages.append(Page(partial(_draw_lines, lines=body)))
    return pages


def _rest(data: ChartData, diary: Sequence[DiaryRow], width: float, height: float) -> list[Page]:
    """The pages between the summary and the background: calendar, charts, diary."""
    pages: list[Page] = []

    months = [m.first.replace(day=1) for m in data.months]
    for start in range(0, len(months), CALENDAR_MONTHS_PER_PAGE):
        chunk = months[start : start + CALENDAR_MONTHS_PER_PAGE]
        pages.append(Page(partial(_paint_calendar, data=data, months=chunk)))

    pages.append(Page(lambda r: _paint_pair(r, data, "days", "persistence", 0.6)))
    pages.append(Page(lambda r: _paint_pair(r, data, "intensity", "remedies", 0.46)))

    if diary:
        for i, blocks in enumerate(diary_pages(diary, width, height - HEADER_H)):
            pages.append(Page(partial(_paint_diary, blocks=blocks, first=i == 0)))
    else:
        pages.append(
            Page(lambda r: _draw_lines(r, _para("Diary: nothing recorded.", width, 11, "bold")))
        )
    return pages


def _below_header(region: Region) -> Region:
    return region.sub(0, 0, region.w, region.h - HEADER_H)


def _paint_calendar(target: Region, data: ChartData, months: Sequence[date]) -> None:
    # Fixed month height: a page with one month left over keeps the same cell size.
    legend = charts.calendar_legend_height(target.w, data)
    top = charts.title_height(target.w, *charts.CALENDAR_TITLE)
    month_h = (target.h - top - legend - 0.1 - 0.18 * 2) / 3
    used = top + legend + 0.1 + month_h * len(months) + 0.18 * (len(months) - 1)
    box = target.sub(0, target.h - used, target.w, used)
    charts.draw_calendar(box, data, months, columns=1)


def _paint_pair(target: Region, data: ChartData, upper: str, lower: str, share: float) -> None:
    gap = 0.3
    upper_h = (target.h - gap) * share
    charts.DRAW[upper](target.sub(0, target.h - upper_h, target.w, upper_h), data)
    charts.DRAW[lower](target.sub(0, 0, target.w, target.h - upper_h - gap), data)


def _frame(
    fig: Figure, paper: tuple[float, float], meta: Meta, header: str, page: int, of: int
) -> None:
    w, _ = paper
    content = _content(fig, paper)
    top = content.y + content.h
    if header:
        fig.text(MARGIN_X / w, top / paper[1], header, fontsize=7.5, color="#555555", va="top")
    y = 0.42 / paper[1]
    size = 7.5
    fig.text(MARGIN_X / w, y, FOOTER, fontsize=size, color="#444444")
    fig.text(
        0.5,
        y,
        f"Generated {meta.generated.isoformat()}",
        fontsize=size,
        ha="center",
        color="#444444",
    )
    fig.text(
        1 - MARGIN_X / w, y, f"Page {page} of {of}", fontsize=size, ha="right", color="#444444"
    )


def _header_text(data: ChartData, meta: Meta) -> str:
    text = "Headache diary report"
    if meta.name:
        text += f" · {meta.name}"
    return f"{text} · {data.first.isoformat()} to {data.last.isoformat()}"


def page_figures(
    data: ChartData, diary: Sequence[DiaryRow], meta: Meta, progress: Progress | None = None
) -> Iterator[Figure]:
    """Each page as a finished figure, one at a time (call inside charts.style());
    PROGRESS hears of each page once the caller is done with it."""
    pages = plan(data, diary, meta)
    paper = PAPERS[meta.paper]
    header = _header_text(data, meta)
    # A long name must not run into the margin: the running header is shortened (page 1 and
    # the summary keep the name in full).
    while text_width(header, 7.5) > paper[0] - 2 * MARGIN_X and len(header) > 20:
        header = header[: int(len(header) * 0.9)].rstrip() + "…"
    for number, page in enumerate(pages, start=1):
        fig = Figure(figsize=paper)
        fig.patch.set_facecolor("white")
        content = _content(fig, paper)
        page.paint(_below_header(content) if page.header else content)
        _frame(fig, paper, meta, header if page.header else "", number, len(pages))
        yield fig
        if progress is not None:
            progress(number, len(pages))


def write_report(
    data: ChartData,
    diary: Sequence[DiaryRow],
    meta: Meta,
    path: Path,
    progress: Progress | None = None,
) -> int:
    """Write the report to PATH atomically; return the number of pages."""
    count = 0

    def write(fh: IO[bytes]) -> None:
        nonlocal count
        metadata = {
            "Title": "Headache diary report",
            "Creator": "headache-journal",
            "CreationDate": None,
        }
        with PdfPages(fh, metadata=metadata) as pdf:
            for fig in page_figures(data, diary, meta, progress):
                pdf.savefig(fig)
                count += 1

    with charts.style():
        write_atomic(path, write)
    return count
