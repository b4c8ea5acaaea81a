"""Time each chart and a 12-month report against a bare matplotlib floor drawing as much.

    .venv/bin/python bench/charts.py [--runs N] [--days D]

A sample journal (scripts/sample.py) is built in a temporary folder. For each chart the time
to draw and write it (PNG at 150 dpi, and PDF) is compared with a "floor": a bare script that
draws the same ink in the plainest way: a Figure of the same size with the same axes, the
same tick labels, legend labels and texts (same strings, weights and styles, so the same
glyphs and fonts), as many bars (as many hatched), scatter points and line points, written
the same way (temp file, fsync, rename). The 12-month report is compared page by page into
one PdfPages file. Medians of N runs; the target is a ratio of at most 1.3.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import matplotlib  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from sample import build  # noqa: E402

from journal.api import Journal  # noqa: E402
from journal.files import write_atomic  # noqa: E402
from journal.pictures import charts, report  # noqa: E402
from journal.pictures.style import style  # noqa: E402

# Targets over 120 months (issue: "Fast at every size"): a chart within 1.5x of a bare
# matplotlib script drawing the same ink, the report within 1.2x of its floor.
CHART_TARGET = 1.5
REPORT_TARGET = 1.2


Styled = tuple[str, str, str]  # text, weight, style


def _styled(text: Text) -> Styled:
    weight = "bold" if text.get_fontweight() in ("bold", 700) else "normal"
    return text.get_text(), weight, text.get_fontstyle()


@dataclass(frozen=True)
class Panel:
    """What one Axes draws."""

    position: tuple[float, float, float, float]
    axis_on: bool
    xticks: tuple[str, ...]
    yticks: tuple[str, ...]
    texts: tuple[Styled, ...]
    hatches: tuple[str, ...]  # one per bar: the same hatching costs the same to draw
    points: int  # scatter markers and collection paths
    vertices: int  # line points
    legend: tuple[str, ...]


@dataclass(frozen=True)
class Ink:
    """What a figure draws: its panels, and the texts placed on the figure itself."""

    size: tuple[float, float]
    panels: tuple[Panel, ...]
    texts: tuple[Styled, ...]
    shapes: int  # patches and lines added to the figure itself

    @property
    def total_texts(self) -> int:
        return len(self.texts) + sum(
            len(p.texts) + len(p.xticks) + len(p.yticks) + len(p.legend) for p in self.panels
        )


def _points(ax: Axes) -> int:
    count = 0
    for c in ax.collections:
        if isinstance(c, PathCollection):
            count += len(c.get_offsets())
        elif isinstance(c, LineCollection):
            count += len(c.get_segments())
        else:
            count += len(c.get_paths())
    return count


def measure(fig: Figure) -> Ink:
    panels = []
    for ax in fig.axes:
        pos = ax.get_position()
        legend = ax.get_legend()
        rects = [r for r in ax.patches if isinstance(r, Rectangle)]
        panels.append(
            Panel(
                (pos.x0, pos.y0, pos.width, pos.height),
                ax.axison,
                tuple(t.get_text() for t in ax.get_xticklabels()),
                tuple(t.get_text() for t in ax.get_yticklabels()),
                tuple(_styled(t) for t in ax.texts if t.get_text()),
                tuple(r.get_hatch() or "" for r in rects),
                _points(ax),
                sum(len(line.get_xdata()) for line in ax.lines),
                tuple(t.get_text() for t in legend.texts) if legend else (),
            )
        )
    w, h = fig.get_size_inches()
    return Ink(
        (float(w), float(h)),
        tuple(panels),
        tuple(_styled(t) for t in fig.texts if t.get_text()),
        len(fig.artists) + len(fig.patches) + len(fig.lines),
    )


def _put(text: Text, styled: Styled) -> Text:
    text.set_fontweight(styled[1])
    text.set_fontstyle(styled[2])
    return text


def floor_figure(ink: Ink) -> Figure:
    """The plainest figure with the same panels, ticks, legends, texts, shapes and fonts."""
    fig = Figure(figsize=ink.size)
    for p in ink.panels:
        ax = fig.add_axes(p.position)
        if p.hatches:
            n = len(p.hatches)
            ax.bar(range(n), [1 + i % 7 for i in range(n)], hatch=list(p.hatches))
        if p.points:
            ax.scatter(range(p.points), [i % 5 for i in range(p.points)], s=12)
        if p.vertices:
            ax.plot(range(p.vertices), [i % 3 for i in range(p.vertices)])
        ax.set_xticks(range(len(p.xticks)), p.xticks)
        ax.set_yticks(range(len(p.yticks)), p.yticks)
        for i, styled in enumerate(p.texts):
            _put(ax.text(i, 1, styled[0], fontsize=7), styled)
        if p.legend:
            ax.legend([Patch()] * len(p.legend), p.legend)
        if not p.axis_on:
            ax.set_axis_off()
    n = len(ink.texts)
    for i, styled in enumerate(ink.texts):
        _put(fig.text(0.05, i / (n + 1), styled[0], fontsize=7), styled)
    for i in range(ink.shapes):
        fig.add_artist(Rectangle((0.1, i / (ink.shapes + 1)), 0.8, 0.001))
    return fig


def _ink_text(ink: Ink) -> str:
    rects = sum(len(p.hatches) for p in ink.panels)
    points = sum(p.points + p.vertices for p in ink.panels)
    return f"{len(ink.panels)} axes, {ink.total_texts} texts, {rects} rects, {points} points"


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def compare(
    ours: Callable[[], object], floor: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median times of OURS and FLOOR, run in turn so a busy machine slows both alike."""
    ours(), floor()  # warm caches (fonts, glyphs) for both
    pairs = [(timed(ours), timed(floor)) for _ in range(runs)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", type=int, default=3700, help="sample journal length")
    parser.add_argument("--months", type=int, default=120, help="the period drawn")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "journal.sqlite3"
        build(db, args.days, end=date.today() - timedelta(days=1)).close()
        with Journal.open(db) as journal:
            start = time.perf_counter()
            first, last = journal.picture_period(args.months, None, None)
            data, rows = journal.picture_data(first, last, diary=True, patterns=True)
            load = time.perf_counter() - start

        print(
            f"sample journal: {args.days} days; {args.months} months drawn; "
            f"medians of {args.runs} runs"
        )
        print(f"load + compute ({args.months} months + diary): {load * 1000:.0f} ms\n")  # fmt: skip
        print(f"{'chart':<24}{'ours':>9}{'floor':>9}{'ratio':>8}   ink")
        worst = 0.0
        for fmt in ("png", "pdf"):
            for kind in charts.KINDS:
                with style():
                    ink = measure(charts.chart_figure(kind, data))

                def ours(k: str = kind, f: str = fmt) -> None:
                    charts.save_chart(k, data, folder / f"{k}.{f}", 150)

                def bare(i: Ink = ink, f: str = fmt) -> None:
                    with style():  # the same settings: embedded TrueType fonts
                        fig = floor_figure(i)
                        write_atomic(
                            folder / f"floor.{f}", lambda fh: fig.savefig(fh, format=f, dpi=150)
                        )

                mine, floor = compare(ours, bare, args.runs)
                worst = max(worst, mine / floor)
                print(f"{kind + ' (' + fmt + ')':<24}{mine * 1000:>7.0f}ms{floor * 1000:>7.0f}ms"
                      f"{mine / floor:>8.2f}   {_ink_text(ink)}")  # fmt: skip

        meta = report.Meta(date.today(), "a4")
        with style():
            inks = [measure(fig) for fig in report.page_figures(data, rows, meta)]

        def bare_report() -> None:
            def write(fh: IO[bytes]) -> None:
                with PdfPages(fh) as pdf:
                    for ink in inks:
                        pdf.savefig(floor_figure(ink))

            with style():
                write_atomic(folder / "floor.pdf", write)

        mine, floor = compare(
            lambda: report.write_report(data, rows, meta, folder / "report.pdf"),
            bare_report,
            args.runs,
        )
        texts = sum(i.total_texts for i in inks)
        label = f"report, {args.months} months (pdf)"
        print(f"{label:<24}{mine * 1000:>7.0f}ms{floor * 1000:>7.0f}ms"
              f"{mine / floor:>8.2f}   {len(inks)} pages, {texts} texts")  # fmt: skip
        chart_ok = "met" if worst <= CHART_TARGET else "MISSED"
        report_ok = "met" if mine / floor <= REPORT_TARGET else "MISSED"
        print(
            f"\nworst chart ratio {worst:.2f} (target {CHART_TARGET}: {chart_ok}); report "
            f"{mine / floor:.2f} (target {REPORT_TARGET}: {report_ok}); "
            f"matplotlib {matplotlib.__version__}"
        )


if __name__ == "__main__":
    main()
