"""Pictures for a clinician: `journal chart KIND` and `journal report` (PDF)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from journal.commands.common import App, InputError, note, pass_app, range_options
from journal.errors import JournalError

if TYPE_CHECKING:
    from journal.pictures.chartdata import ChartData, DiaryRow

# Kept here as well as in journal.pictures.charts, so `journal --help` does not import matplotlib.
KINDS = ("days", "intensity", "calendar", "remedies", "persistence")
CHART_SUFFIXES = (".png", ".svg", ".pdf")


def period_options(func: Any) -> Any:
    func = click.option(
        "--months",
        type=click.IntRange(1, 120),
        help="Calendar months ending with this one (default: 3).",
    )(func)
    return range_options(func)


def _out_path(text: str, suffixes: tuple[str, ...]) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() not in suffixes:
        raise InputError(f"--out: {text!r} must end in {', '.join(suffixes)}")
    if path.is_dir():
        raise InputError(f"--out: {text!r} is a folder; give a file name")
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"--out: the folder {str(folder)!r} does not exist")
    return path


def _period(
    app: App, tz: Any, months: int | None, from_: str | None, to_: str | None
) -> tuple[date, date]:
    from journal.core.days import add_months, month_start
    from journal.pictures.chartdata import default_period

    if months is not None and (from_ or to_):
        raise InputError(f"--months and {'--from' if from_ else '--to'} exclude each other")
    today = app.today(tz)
    if months is not None:
        return default_period(today, months)
    last = app.day(to_, "--to", tz) or today
    first = app.day(from_, "--from", tz) or month_start(add_months(last, -2))
    if first > last:
        raise InputError("--from: is after --to")
    if (last - first).days > 3660:
        raise InputError("--from: the period may span at most 10 years")
    return first, last


def gather(
    app: App, months: int | None, from_: str | None, to_: str | None, diary: bool
) -> tuple[ChartData, list[DiaryRow]]:
    """Load the facts (and the diary records) for the period in one read transaction."""
    from journal.entries.records import episode_dict, intake_dict
    from journal.entries.writes import journal_zone
    from journal.pictures import chartdata
    from journal.storage.queries import (
        bounds,
        episodes_overlapping,
        intakes_between,
        load_facts,
        still_hurting_episode_ids,
    )

    rows: list[DiaryRow] = []
    with app.read() as s:
        tz = journal_zone(s)
        first, last = _period(app, tz, months, from_, to_)
        load_first, load_last = chartdata.load_span(first, last)
        facts = load_facts(s, load_first, load_last, app.now, tz)
        if diary:
            start, stop = bounds(first, last, tz)
            episodes = episodes_overlapping(s, start, stop)
            persisted = still_hurting_episode_ids(s, [e.id for e in episodes])
            rows = chartdata.diary_rows(
                [episode_dict(e, tz, app.now, e.id in persisted) for e in episodes],
                [intake_dict(i, tz) for i in intakes_between(s, start, stop)],
                [(m.date, m.tag, m.note) for m in facts.markers if first <= m.date <= last],
                app.now,
            )
    data = chartdata.build(facts, first, last)
    if data.empty:
        raise JournalError(f"Nothing is recorded from {first} to {last}; no file was written.")
    return data, rows


@click.command()
@click.argument("kind", type=click.Choice(KINDS), metavar="KIND")
@click.option("--out", "out", required=True, metavar="FILE", help="Output: .png, .svg or .pdf.")
@period_options
@click.option(
    "--dpi", type=click.IntRange(30, 1200), default=150, show_default=True, help="For .png."
)
@pass_app
def chart(
    app: App,
    kind: str,
    out: str,
    months: int | None,
    from_: str | None,
    to_: str | None,
    dpi: int,
) -> None:
    """Draw a chart to show a clinician (default: the last 3 months).

    \b
    KIND is one of:
      days         headache and acute-medication days per month, with the ICHD-3 lines
      intensity    daily peak pain, with intakes marked by class
      calendar     month grids like a paper diary
      remedies     weekly intakes by class, and kratom days and doses
      persistence  share of episodes that went on into the next day

    \b
    Example:
      journal chart days --out days.png --months 6
    """
    path = _out_path(out, CHART_SUFFIXES)
    data, _ = gather(app, months, from_, to_, diary=False)
    from journal.pictures.charts import save_chart

    save_chart(kind, data, path, dpi)
    note(f"Wrote {path} ({data.first} to {data.last}).")


@click.command()
@click.option("--out", "out", required=True, metavar="FILE.pdf", help="The PDF to write.")
@period_options
@click.option("--name", metavar="TEXT", help="The patient's name, printed on the report.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@pass_app
def report(
    app: App,
    out: str,
    months: int | None,
    from_: str | None,
    to_: str | None,
    name: str | None,
    paper: str,
) -> None:
    """Write a PDF report for a clinician (default: the last 3 months).

    A one-page summary (days per month against the overuse lines, preventives,
    persistence, MIDAS, flags), calendar pages, the charts, and the whole diary.

    \b
    Example:
      journal report --out report.pdf --months 6 --name "A. Patient" --paper letter
    """
    from journal.spec import check_text

    path = _out_path(out, (".pdf",))
    name = check_text(name.strip() if name else None, "--name", limit=200) or None
    data, rows = gather(app, months, from_, to_, diary=True)
    from journal.pictures.report import Meta, write_report

    pages = write_report(data, rows, Meta(data.today, paper, name), path)
    note(f"Wrote {path}: {pages} pages, {data.first} to {data.last}.")


COMMANDS = [chart, report]
