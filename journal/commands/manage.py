"""Looking after the journal: the remedy catalogue, settings, and the database itself."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from journal.commands.common import App, emit_json, json_option, note, pass_app, pass_journal
from journal.errors import JournalError
from journal.spec import ALL_CLASSES

if TYPE_CHECKING:
    from journal.api import Journal


@click.group()
def remedies() -> None:
    """Show or extend the remedy catalogue."""


@remedies.command(name="list")
@json_option
@pass_journal
def remedies_list(journal: Journal, as_json: bool) -> None:
    """List known remedies with class, use, unit and aliases.

    \b
    Example:
      journal remedies list --json
    """
    items = journal.remedies()
    if as_json:
        emit_json(items)
        return
    from journal.views.table import Column, render

    columns = (Column("Name"), Column("Class"), Column("Use"), Column("Unit"), Column("Aliases"))
    rows = [
        [r["name"], r["class"], r["use"], r["unit"] or "", ", ".join(r["aliases"])] for r in items
    ]
    click.echo(render(columns, rows))


@remedies.command(name="add")
@click.argument("name")
@click.option(
    "--class",
    "klass",
    required=True,
    type=click.Choice(ALL_CLASSES, case_sensitive=False),
    help="Its class, which decides how its days count.",
)
@click.option("--unit", help="Default unit of a dose, e.g. mg, g, tablet.")
@click.option("--alias", multiple=True, help="Another name it goes by (repeatable).")
@click.option("--preventive", is_flag=True, help="Taken daily to prevent attacks.")
@json_option
@pass_journal
def remedies_add(
    journal: Journal,
    name: str,
    klass: str,
    unit: str | None,
    alias: tuple[str, ...],
    preventive: bool,
    as_json: bool,
) -> None:
    """Add a remedy to the catalogue.

    \b
    Example:
      journal remedies add "Migraleve" --class combination --unit tablet
    """
    from journal.entries.inputs import RemedyInput

    data = journal.add_remedy(RemedyInput(name, klass, unit, alias, preventive))
    if as_json:
        emit_json(data)
    else:
        note(f"Added {data['name']} ({data['class']}, {data['use']}).")


@click.group()
def config() -> None:
    """Read or change settings (tz, min-duration)."""


@config.command(name="get")
@click.argument("key", required=False)
@json_option
@pass_journal
def config_get(journal: Journal, key: str | None, as_json: bool) -> None:
    """Print a setting, or all of them.

    \b
    Example:
      journal config get tz
    """
    from journal.entries.settings import SETTINGS_DEFAULTS
    from journal.errors import BadInput

    if key is not None and key not in SETTINGS_DEFAULTS:
        raise BadInput("KEY", f"unknown setting {key!r}; known: {', '.join(SETTINGS_DEFAULTS)}")
    values = {k: v for k, v in journal.settings().items() if key in (None, k)}
    if as_json:
        emit_json(values)
    elif key is not None:
        click.echo(values[key])
    else:
        for k, v in values.items():
            click.echo(f"{k} = {v}")


@config.command(name="set")
@click.argument("key")
@click.argument("value")
@pass_journal
def config_set(journal: Journal, key: str, value: str) -> None:
    """Change a setting.

    \b
    Examples:
      journal config set tz Europe/Berlin
      journal config set min-duration 30     (minutes; shorter episodes make no headache day)
    """
    stored = journal.set_setting(key, value)
    note(f"{key} = {stored}")


@click.group()
def db() -> None:
    """Where the journal lives, and its schema."""


@db.command(name="path")
@pass_app
def db_path(app: App) -> None:
    """Print the journal in use (and which setting chose it).

    \b
    Example:
      journal db path
    """
    click.echo(app.location.display())
    note(f"(from {app.location.source})")


@contextmanager
def _unmigrated(app: App) -> Iterator[Any]:
    """The journal's engine as it is: the db commands look before anything migrates."""
    from journal.storage.engine import Store

    store = Store(app.location, migrate=False)
    try:
        yield store.engine
    finally:
        store.close()


@db.command(name="current")
@pass_app
def db_current(app: App) -> None:
    """Print the journal's schema revision and the program's.

    \b
    Example:
      journal db current
    """
    from journal.storage.engine import HEAD_REVISION, current_revision

    with _unmigrated(app) as engine:
        rev = current_revision(engine)
    click.echo(rev or "none")
    note(f"(the program's newest revision is {HEAD_REVISION})")


@db.command(name="upgrade")
@pass_app
def db_upgrade(app: App) -> None:
    """Bring the journal's schema up to date (a backup is taken first).

    \b
    Example:
      journal db upgrade
    """
    from journal.storage.engine import current_revision
    from journal.storage.migrate import upgrade

    with _unmigrated(app) as engine:
        before = current_revision(engine)
        backup = upgrade(engine, app.location)
        after = current_revision(engine)
    if before == after:
        note(f"The journal is up to date (schema {after}).")
    else:
        kept = f"; the journal as it was is in {backup}" if backup else ""
        note(f"Upgraded the schema from {before or 'none'} to {after}{kept}.")


@db.command(name="downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask first.")
@pass_app
def db_downgrade(app: App, revision: str, yes: bool) -> None:
    """Take the schema back to REVISION (for going back to an older program).

    What goes: every table and column the later revisions added, with whatever was
    recorded in them; down to base, every table and so every record of the journal. A
    backup is taken first either way. It asks first, naming what would be lost and how
    many records hold it; --yes does not ask (and is required off a terminal).

    \b
    Example:
      journal db downgrade 0002 --yes
    """
    from journal.commands.common import is_terminal
    from journal.errors import BadInput
    from journal.storage.migrate import downgrade
    from journal.storage.schema import downgrade_loses

    if not yes and not is_terminal():
        raise BadInput("--yes", "required to downgrade when not run from a terminal")
    with _unmigrated(app) as engine:
        if not yes:
            lost = downgrade_loses(engine, revision)
            if not lost:
                question = f"Downgrade the journal's schema to {revision}? Nothing recorded is lost"
            else:
                what = ", ".join(f"{name} ({n})" for name, n in lost)
                question = (
                    f"Downgrading to {revision} drops, with what they hold: {what} "
                    "(a backup is taken first). Downgrade"
                )
            if not click.confirm(question, default=False, err=True):
                note("Nothing was changed.")
                raise click.exceptions.Exit(1)
        backup = downgrade(engine, app.location, revision)
    note(
        f"Downgraded to {revision}"
        + (f"; the journal as it was is in {backup}." if backup else ".")
    )


@db.command(name="check")
@pass_journal
def db_check(journal: Journal) -> None:
    """Exit 1 if the journal's schema and the program's models disagree.

    \b
    Example:
      journal db check
    """
    from journal.storage.migrate import compare

    diffs = compare(journal.store.engine)
    if diffs:
        for d in diffs:
            note(d)
        raise JournalError("The schema and the models disagree (see above).")
    note("The schema matches the models.")


COMMANDS = [remedies, config, db]
