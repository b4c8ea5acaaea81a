"""The clinician's PDF: a summary page, calendar pages, the charts, and the whole diary.

Pages are planned before any is drawn, so every footer can say "Page i of n". The summary's
content is in report_summary, the diary table in diary_table, and the page layout engine that
flows their lines in page. Drawing is the object API only (Figure, PdfPages), inside style().
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import IO

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from journal.core.personal import Patterns
from journal.files import write_atomic
from journal.pictures import charts
from journal.pictures.bidi import for_drawing
from journal.pictures.chart_calendar import CALENDAR_TITLE, calendar_legend_height, draw_calendar
from journal.pictures.chart_patterns import ROW_H, draw_patterns_result, patterns_height
from journal.pictures.chartdata import ChartData
from journal.pictures.diary import DiaryRow
from journal.pictures.diary_table import diary_table, paint_diary
from journal.pictures.fonts import font_family, text_width
from journal.pictures.layout import Region, title_height
from journal.pictures.page import Line, Page, draw_lines, flow, paragraph
from journal.pictures.report_summary import background, background_lines, summary_pages
from journal.pictures.report_treatments import treatment_pages
from journal.pictures.style import style
from journal.progress import Progress

PAPERS: dict[str, tuple[float, float]] = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
MARGIN_X = 0.6
MARGIN_TOP = 0.55
MARGIN_BOTTOM = 0.75
HEADER_H = 0.3
CALENDAR_MONTHS_PER_PAGE = 3
FOOTER = "Patient-recorded diary; not a diagnosis."


@dataclass(frozen=True)
class Meta:
    """What the report says about itself."""

    generated: date
    paper: str = "a4"
    name: str | None = None


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
    summary = summary_pages(data, meta.name, width, flow_h)
    # The summary names the background's page; naming it can move a line, so settle it.
    for _ in range(3):
        at = len(summary) + len(rest) + 1 if extra else None
        summary = summary_pages(data, meta.name, width, flow_h, at)
        if not extra or len(summary) + len(rest) + 1 == at:
            break
    for i, lines in enumerate(summary):
        pages.append(Page(partial(draw_lines, lines=lines), header=i > 0))
    pages += rest
    # Nothing flagged, nothing to rest on: no page for it.
    for i, lines in enumerate(flow(extra, flow_h) if extra else []):
        body = lines if i == 0 else [Line("What the flags rest on (continued)", 11, "bold"), *lines]
        pages.append(Page(partial(draw_lines, lines=body)))
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
    if (data.treatments and data.treatments["remedies"]) or data.courses:
        pages += treatment_pages(data, width, height - HEADER_H - 0.3)
    # The personal patterns only once their gate is passed (known days, onsets, not a
    # headache on nearly every day): before that the page would hold no verdict.
    if data.patterns is not None and data.patterns.enough_data:
        pages.append(Page(partial(_paint_patterns, result=data.patterns)))

    if diary:
        table = diary_table(diary, width, height - HEADER_H)
        for i, blocks in enumerate(table.pages):
            paint = partial(paint_diary, cols=table.columns, blocks=blocks, first=i == 0)
            pages.append(Page(paint))
    else:
        pages.append(
            Page(lambda r: draw_lines(r, paragraph("Diary: nothing recorded.", width, 11, "bold")))
        )
    return pages


def _below_header(region: Region) -> Region:
    return region.sub(0, 0, region.w, region.h - HEADER_H)


def _paint_calendar(target: Region, data: ChartData, months: Sequence[date]) -> None:
    # Fixed month height: a page with one month left over keeps the same cell size.
    legend = calendar_legend_height(target.w, data)
    top = title_height(target.w, *CALENDAR_TITLE)
    month_h = (target.h - top - legend - 0.1 - 0.18 * 2) / 3
    used = top + legend + 0.1 + month_h * len(months) + 0.18 * (len(months) - 1)
    box = target.sub(0, target.h - used, target.w, used)
    draw_calendar(box, data, months, columns=1)


def _paint_pair(target: Region, data: ChartData, upper: str, lower: str, share: float) -> None:
    gap = 0.3
    upper_h = (target.h - gap) * share
    charts.DRAW[upper](target.sub(0, target.h - upper_h, target.w, upper_h), data)
    charts.DRAW[lower](target.sub(0, 0, target.w, target.h - upper_h - gap), data)


def _paint_patterns(target: Region, result: Patterns) -> None:
    fits = int((target.h - patterns_height(result, 0) + 2 * ROW_H) / ROW_H)
    draw_patterns_result(target, result, limit=max(fits, 2))


def _frame(
    fig: Figure, paper: tuple[float, float], meta: Meta, header: str, page: int, of: int
) -> None:
    w, _ = paper
    content = _content(fig, paper)
    top = content.y + content.h
    if header:
        x, y = MARGIN_X / w, top / paper[1]
        fig.text(
            x, y, for_drawing(header), fontfamily=font_family(header), fontsize=7.5, va="top",
            color="#555555",
        )  # fmt: skip
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
    """Each page as a finished figure, one at a time (call inside style());
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
    *,
    overwrite: bool = True,
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

    with style():
        write_atomic(path, write, overwrite=overwrite)
    return count
