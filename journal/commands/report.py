"""Pictures for a clinician: `journal chart KIND` and `journal report` (PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from journal.commands import complete
from journal.commands.common import (
    Whole,
    not_the_journal,
    note,
    pass_journal,
    progress_bar,
    range_options,
    user_path,
)
from journal.errors import BadInput

if TYPE_CHECKING:
    from journal.api import Journal

# Kept here as well as in journal.pictures.charts, so `journal --help` does not import matplotlib.
KINDS = ("days", "intensity", "calendar", "remedies", "persistence", "preventive", "patterns")
CHART_SUFFIXES = (".png", ".svg", ".pdf")


def period_options(func: Any) -> Any:
    func = click.option(
        "--months",
        type=Whole(1, 120),
        help="Calendar months ending with this one. Without --months, --from or --to: the "
        "last 3 complete months, and this month too from its 7th day (this month alone when "
        "nothing came before it).",
    )(func)
    return range_options(func)


def _out_path(journal: Journal, text: str, suffixes: tuple[str, ...], overwrite: bool) -> Path:
    from journal.files import check_target

    path = user_path(text, "--out")
    if path.suffix.lower() not in suffixes:
        raise BadInput("--out", f"{text!r} must end in {', '.join(suffixes)}")
    not_the_journal(journal, [path])
    check_target(path, overwrite=overwrite)  # before the work of drawing it
    return path


def overwrite_option(func: Any) -> Any:
    return click.option(
        "--overwrite", is_flag=True, help="Replace an earlier file at --out (never a link)."
    )(func)


@click.command()
@click.argument("kind", type=click.Choice(KINDS, case_sensitive=False), metavar="KIND")
@click.option(
    "--out",
    "out",
    required=True,
    metavar="FILE",
    help="Output: .png, .svg or .pdf.",
    shell_complete=complete.files,
)
@period_options
@click.option("--dpi", type=Whole(30, 1200), default=150, show_default=True, help="For .png.")
@overwrite_option
@pass_journal
def chart(
    journal: Journal,
    kind: str,
    out: str,
    months: int | None,
    from_: str | None,
    to_: str | None,
    dpi: int,
    overwrite: bool,
) -> None:
    """Draw a chart to show a clinician (default: the last 3 complete months).

    \b
    KIND is one of:
      days         headache and acute-medication days per month, with the ICHD-3 lines
      intensity    daily peak pain, with intakes marked by class
      calendar     month grids like a paper diary
      remedies     weekly intakes by class, and kratom days and doses
      persistence  share of episodes that went on into the next day
      preventive   migraine days per 28 days across each preventive course's start,
                   with the baseline and the 30% and 50% lines
      patterns     which exposures go with new headaches, as `journal patterns`
                   shows them (by default over the last 12 months, as there)

    \b
    Example:
      journal chart days --out days.png --months 6
    """
    path = _out_path(journal, out, CHART_SUFFIXES, overwrite)
    if kind == "patterns":
        period = journal.patterns_period(months, from_, to_)
    else:
        period = journal.picture_period(months, from_, to_)
    data, _ = journal.picture_data(*period, patterns=kind == "patterns")
    if kind == "preventive" and not data.courses:
        from journal.errors import JournalError

        raise JournalError(
            f"No preventive course was going from {data.first} to {data.last}; no file was "
            "written (`journal preventive start NAME` begins one)."
        )
    from journal.pictures.charts import save_chart

    save_chart(kind, data, path, dpi, overwrite=overwrite)
    note(f"Wrote {path} ({data.first} to {data.last}).")


@click.command()
@click.option(
    "--out",
    "out",
    required=True,
    metavar="FILE.pdf",
    help="The PDF to write.",
    shell_complete=complete.files,
)
@period_options
@click.option("--name", metavar="TEXT", help="The patient's name, printed on the report.")
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size.",
)
@overwrite_option
@pass_journal
def report(
    journal: Journal,
    out: str,
    months: int | None,
    from_: str | None,
    to_: str | None,
    name: str | None,
    paper: str,
    overwrite: bool,
) -> None:
    """Write a PDF report for a clinician (default: the last 3 complete months).

    A one-page summary (days per month against the overuse lines, preventives,
    persistence, MIDAS, flags), calendar pages, the charts, a Treatments page (how acute
    doses went, each preventive course's before/after), and the whole diary.

    \b
    Example:
      journal report --out report.pdf --months 6 --name "A. Patient" --paper letter
    """
    from journal.spec import check_text

    path = _out_path(journal, out, (".pdf",), overwrite)
    name = check_text(name.strip() if name else None, "--name", limit=200) or None
    first, last = journal.picture_period(months, from_, to_)
    data, rows = journal.picture_data(first, last, diary=True, patterns=True)
    from journal.pictures.report import Meta, write_report

    with progress_bar("Writing the report") as progress:
        pages = write_report(
            data, rows, Meta(data.today, paper, name), path, progress, overwrite=overwrite
        )
    note(f"Wrote {path}: {pages} pages, {data.first} to {data.last}.")


COMMANDS = [chart, report]
