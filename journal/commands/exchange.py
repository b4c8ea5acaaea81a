"""Moving data in and out: export, import, backup and restore."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from journal.commands import complete
from journal.commands.common import (
    App,
    emit_json,
    is_terminal,
    json_option,
    not_the_journal,
    note,
    pass_app,
    pass_journal,
    progress_bar,
    range_options,
    user_path,
)
from journal.errors import BadInput, JournalError

if TYPE_CHECKING:
    from journal.api import Journal
    from journal.exchange.check import Incoming
    from journal.exchange.merge import Tally
    from journal.storage.location import Location

FORMATS = ("json", "csv", "fhir")
KIND_LABELS = {
    "settings": "settings",
    "remedies": "remedies",
    "episodes": "episodes",
    "intakes": "intakes",
    "outcomes": "outcomes",
    "courses": "courses",
    "checkins": "check-ins",
    "markers": "day markers",
}
SINGULAR = {
    "settings": "setting",
    "remedies": "remedy",
    "episodes": "episode",
    "intakes": "intake",
    "outcomes": "outcome",
    "courses": "course",
    "checkins": "check-in",
    "markers": "day marker",
}


def _sqlite_file(location: Location) -> Path:
    if not location.is_sqlite or location.path is None:
        raise JournalError(
            "Back up a PostgreSQL journal with pg_dump and restore it with pg_restore; "
            "journal backup and restore work on SQLite journal files only."
        )
    return location.path


def _counted(counts: dict[str, int], kinds: tuple[str, ...]) -> str:
    parts = [f"{counts[k]} {(SINGULAR if counts[k] == 1 else KIND_LABELS)[k]}" for k in kinds]
    return ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    required=True,
    help="File format.",
)
@click.option(
    "--out",
    metavar="PATH",
    required=True,
    help="File to write (csv: a folder).",
    shell_complete=complete.files,
)
@range_options
@click.option("--overwrite", is_flag=True, help="Replace an earlier export at PATH.")
@pass_journal
def export(
    journal: Journal, fmt: str, out: str, from_: str | None, to_: str | None, overwrite: bool
) -> None:
    """Export the journal as json, csv or fhir.

    json holds every record, deleted ones marked, and imports back losslessly; csv is
    a folder with episodes.csv, intakes.csv, outcomes.csv and courses.csv for
    spreadsheets; fhir is a FHIR R4 Bundle for a clinic's system, which import reads
    back (without check-ins, day markers, settings or deleted records, which it does
    not hold). --from and --to pick
    episodes and intakes by local date (the catalogue always goes whole). An existing
    file is replaced only with --overwrite.

    \b
    Examples:
      journal export --format json --out journal.json
      journal export --format csv --out diary-csv --from 2026-01-01 --to 2026-03-31
      journal export --format fhir --out for-my-doctor.json --from 2026-09-01
    """
    from journal.exchange.csvfiles import FILES, to_csv
    from journal.exchange.document import Export, check_out_path, make_folder, write_json
    from journal.files import write_all

    path = user_path(out, "--out")
    not_the_journal(journal, [path / name for name in FILES] if fmt == "csv" else [path])
    check_out_path(path, folder=fmt == "csv", overwrite=overwrite, names=FILES)
    tz = journal.tz
    first, last = journal.parse_day(from_, "--from"), journal.parse_day(to_, "--to")
    if first and last and first > last:
        raise BadInput("--from", "is after --to")
    made = fmt == "csv" and not path.exists()
    # The records are read as they are written: the files are written inside the session.
    with progress_bar("Exporting") as progress, journal.session() as s:
        export = Export(s, first, last, tz, journal.now)
        counts = export.counts()
        files: dict[Path, Any]
        if fmt == "json":
            files = {path: lambda fh: write_json(export, fh, progress)}
            what = _counted(counts, ("episodes", "intakes", "checkins", "markers"))
            what += f" with the catalogue ({len(export.remedies)} remedies) and settings"
        elif fmt == "fhir":
            from journal.exchange.fhir import write_bundle

            written: dict[str, int] = {}
            files = {path: lambda fh: written.update(write_bundle(export, tz, fh, progress))}
        else:
            files = {path / name: w for name, w in to_csv(export, tz).items()}
            what = _counted(counts, ("episodes", "intakes"))
        if made:
            make_folder(path)
        try:
            write_all(files, overwrite=overwrite)  # the csv files: all or none
        except BaseException:
            if made:
                path.rmdir()
            raise
    if fmt == "fhir":
        what = _counted(written, ("episodes", "intakes")) + " (deleted ones left out)"
    click.echo(str(path))
    note(f"Exported {what} to {path}.")


@click.command(name="import")
@click.argument("path", metavar="PATH", shell_complete=complete.files)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default=None,
    help="What PATH holds (default: told from its content; a folder is csv).",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; change nothing.")
@json_option
@pass_journal
def import_(journal: Journal, path: str, fmt: str | None, dry_run: bool, as_json: bool) -> None:
    """Import a json export, csv folder or fhir bundle: all of it or nothing.

    Records are matched by UUID: an identical one is skipped, a newer one (by its
    updated time) replaces the journal's, an older one leaves the journal's copy.
    Two copies with the same updated time but different content stop the import.

    A fhir bundle (told by its resourceType Bundle) must be one this journal
    exported: its remedies, episodes with their impact days, intakes with the pain
    when taken, outcomes and preventive courses come back with their UUIDs and
    times. Such a bundle holds no check-ins, day markers, settings or deleted
    records, so none are imported from it. A resource or element the journal does
    not write (a bundle from another system) is refused, naming it: nothing is
    imported.

    \b
    Examples:
      journal import journal.json --dry-run
      journal import diary-csv
      journal import for-my-doctor.json --json
    """
    from contextlib import ExitStack

    from journal.exchange.csvfiles import read_csv
    from journal.exchange.jsonfile import FhirBundle, read_json
    from journal.exchange.merge import import_records
    from journal.exchange.source import MAX_BUNDLE_BYTES, Source
    from journal.interrupts import held

    source = user_path(path, "PATH")
    if not source.exists():
        raise BadInput("PATH", f"{source} does not exist")
    with ExitStack() as stack:
        # The whole source is checked before the journal is opened; the records are
        # read again (and compared with what was checked) while they are written.
        fmt = fmt.lower() if fmt else None
        if source.is_dir():
            if fmt not in (None, "csv"):
                raise BadInput("--format", f"{source} is a folder; only a csv export is a folder")
            incoming = read_csv(source, stack, now=journal.now)
        elif fmt == "csv":
            raise BadInput("--format", f"a csv export is a folder, and {source} is not one")
        else:
            from journal.exchange.fhirread import read_fhir

            opened = stack.enter_context(Source(source, limit=MAX_BUNDLE_BYTES))
            if fmt == "fhir":
                incoming = read_fhir(opened, now=journal.now)
            else:
                try:
                    incoming = read_json(opened, now=journal.now)
                except FhirBundle:
                    if fmt == "json":
                        raise BadInput(
                            "--format",
                            f"{source} is a FHIR resource, not a json export "
                            "(give --format fhir, or leave --format out)",
                        ) from None
                    incoming = read_fhir(opened, now=journal.now)
        # From here Ctrl-C is taken between steps (journal/interrupts.py): before the
        # commit it rolls back; from the commit on, the import finishes and reports.
        with held(finish=True) as hold:
            with progress_bar("Importing") as progress, journal.session(write=not dry_run) as s:
                tally = import_records(
                    s, incoming, dry_run=dry_run, progress=progress, checkpoint=hold.check
                )
                hold.check()
            _report_import(source, incoming, tally, dry_run, as_json)


def _report_import(
    source: Path, incoming: Incoming, tally: dict[str, Tally], dry_run: bool, as_json: bool
) -> None:
    from journal.exchange.forms import KINDS

    kinds = KINDS[1:6] if incoming.derived_remedies else KINDS
    if as_json:
        emit_json(
            {
                "source": str(source),
                "dry_run": dry_run,
                "kinds": {k: tally[k].as_dict() for k in kinds},
            }
        )
    else:
        from journal.views.table import Column, render

        columns = [Column("records"), *(Column(h, ">") for h in ("added", "replaced", "skipped"))]
        rows = [
            [KIND_LABELS[k], str(tally[k].added), str(tally[k].replaced), str(tally[k].skipped)]
            for k in kinds
        ]
        click.echo(render(columns, rows))
    older = sum(tally[k].older for k in kinds)
    if older:
        note(
            f"{older} of the skipped records are older than the journal's copies, which were kept."
        )
    if dry_run:
        note(f"Dry run of {source}: nothing was changed.")
    else:
        added = sum(tally[k].added for k in kinds)
        replaced = sum(tally[k].replaced for k in kinds)
        note(f"Imported {source}: {added} records added, {replaced} replaced.")


@click.command()
@click.argument("path", metavar="[PATH]", required=False, shell_complete=complete.files)
@pass_app
def backup(app: App, path: str | None) -> None:
    """Copy the journal safely, even while it is in use.

    Prints the copy's path. Without PATH the copy goes to backups/ beside the journal,
    which keeps the newest
    20 (and always the largest, if it is bigger than the journal: it may hold data
    the journal lost). PATH may be a new file or a folder; a file is never overwritten.

    \b
    Examples:
      journal backup
      journal backup /media/usb-stick/
    """
    from journal.storage.backup import backup_sqlite, prune_backups, timestamped_path

    journal = _sqlite_file(app.location)
    if not journal.is_file():
        raise JournalError(f"There is no journal at {journal} yet; nothing to back up.")
    if path is None:
        dest = timestamped_path(journal)
    else:
        dest = user_path(path, "PATH")
        if dest.is_dir():
            dest = dest / timestamped_path(journal).name
        elif dest.exists():
            raise BadInput(
                "PATH", f"{dest} exists; a backup never overwrites a file (choose another name)"
            )
        elif not dest.parent.is_dir():
            raise BadInput("PATH", f"the folder {dest.parent} does not exist; create it first")
    made = backup_sqlite(journal, dest)
    click.echo(str(made))
    if path is None:
        removed = prune_backups(journal)
        if removed:
            note(f"Removed {len(removed)} older backups (the newest are kept).")


@click.command()
@click.argument("path", metavar="PATH", shell_complete=complete.files)
@click.option("--yes", is_flag=True, help="Do not ask.")
@pass_app
def restore(app: App, path: str, yes: bool) -> None:
    """Replace the journal with a checked backup.

    The backup is checked first as a journal must be: intact, exactly the journal's
    schema (no trigger, view or table of its own), every record and setting as an
    import would check it; anything else is refused and nothing changes. A backup from
    an older version is brought up to date on the way. The journal as it is now is
    copied to backups/ first; programs writing meanwhile wait for the restore, which is
    one step.

    \b
    Example:
      journal restore ~/.local/share/headache-journal/backups/journal-20261120T080000Z.sqlite3
    """
    from journal.exchange.audit import audit_journal_file
    from journal.interrupts import held
    from journal.storage.restore import BackupInfo, prepare
    from journal.storage.sql import HEAD_REVISION

    journal = _sqlite_file(app.location)
    if not yes and not is_terminal():
        raise BadInput("--yes", "required to restore when not run from a terminal")
    source = user_path(path, "PATH")

    def holds(info: BackupInfo) -> str:
        return _counted(info.counts, ("episodes", "intakes", "checkins", "markers"))

    # Ctrl-C is taken between steps (journal/interrupts.py), never inside a library.
    with held() as hold:
        prepared = prepare(source, journal, hold.check)  # checked; nothing changed yet
    try:
        with held() as hold:
            audit_journal_file(prepared.staged, str(source), hold.check)  # as import would
        info = prepared.info
        if not yes and not click.confirm(
            f"Replace the journal at {journal} with {source} ({holds(info)})? "
            "The journal as it is now is backed up first",
            default=False,
            err=True,
        ):
            note("Nothing was changed.")
            raise click.exceptions.Exit(1)
        # Ctrl-C stops the restore up to its commit; after it, the report is printed.
        with held(finish=True) as hold:
            pre = prepared.apply(hold.check)
            message: list[Any] = [f"Restored {source} ({holds(info)})."]
            if pre is not None:
                message.append(f"The journal as it was is in {pre}.")
            if info.revision != HEAD_REVISION:
                message.append(f"Its schema {info.revision} was brought up to {HEAD_REVISION}.")
            note(" ".join(message))
    finally:
        prepared.discard()


COMMANDS = [export, import_, backup, restore]
