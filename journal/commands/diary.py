"""The everyday commands: log, end, take, checkin, list, show, edit, delete, mark."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import click

from journal.commands.common import (
    RECORD_ID,
    App,
    InputError,
    emit_json,
    is_terminal,
    json_option,
    note,
    pass_app,
    range_options,
)
from journal.spec import EPISODE_TYPES, IMPACT_MISSED, IMPACT_REDUCED, RELIEF


def episode_options(func: Any) -> Any:
    """The options `log` and `edit` share, so both speak the same language."""
    opts = [
        click.option("--start", metavar="WHEN", help="When it began (default: now)."),
        click.option("--end", metavar="WHEN", help="When it ended (default: ongoing)."),
        click.option("--ongoing", is_flag=True, help="It has not ended (edit: reopen it)."),
        click.option("--intensity", type=int, help="Peak pain, 0-10."),
        click.option("--type", "type_", type=click.Choice(EPISODE_TYPES), help="Kind."),
        click.option("--aura/--no-aura", default=None, help="Aura before or during."),
        click.option("--symptom", multiple=True, help="nausea, vomiting, light, sound, ..."),
        click.option("--trigger", multiple=True, help="Suspected trigger (free tag)."),
        click.option("--location", help="Where it hurt, e.g. 'left temple'."),
        click.option(
            "--missed", multiple=True, type=click.Choice(IMPACT_MISSED), help="Missed (MIDAS)."
        ),
        click.option(
            "--reduced",
            multiple=True,
            type=click.Choice(IMPACT_REDUCED),
            help="Productivity halved or worse (MIDAS).",
        ),
        click.option("--note", help="Free text."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def _episode_input(app: App, *, edit: bool, **kw: Any) -> Any:
    from journal.entries.writes import EpisodeInput

    if kw["end"] is not None and kw["ongoing"]:
        raise InputError("--end and --ongoing exclude each other")

    def tags(name: str) -> list[str] | None:
        values = kw[name]
        return list(values) if values or not edit else None

    return EpisodeInput(
        start=app.when(kw["start"], "--start"),
        end=app.when(kw["end"], "--end"),
        ongoing=bool(kw["ongoing"]),
        intensity=kw["intensity"],
        type=kw["type_"],
        aura=kw["aura"],
        symptoms=tags("symptom"),
        triggers=tags("trigger"),
        location=kw["location"],
        missed=tags("missed"),
        reduced=tags("reduced"),
        note=kw["note"],
    )


@click.command()
@episode_options
@json_option
@pass_app
def log(app: App, as_json: bool, **kw: Any) -> None:
    """Log a headache episode.

    \b
    Example:
      journal log --start "yesterday 21:00" --intensity 6 --type migraine --symptom nausea
    """
    from journal.entries import writes as entries

    if kw["intensity"] is None:
        if not is_terminal():
            raise InputError("--intensity: required (0-10) when not run from a terminal")
        kw["intensity"] = click.prompt("Peak intensity (0-10)", type=click.IntRange(0, 10))
    data = _episode_input(app, edit=False, **kw)
    with app.write() as s:
        ep = entries.log_episode(s, data, app.now)
        _print_episode(app, s, ep, as_json, verb="Logged")


def _print_episode(app: App, s: Any, ep: Any, as_json: bool, verb: str) -> None:
    if as_json:  # the loaders only then: `journal log` stays quick to start
        from journal.entries.records import episode_dict
        from journal.entries.writes import journal_zone
        from journal.storage.queries import still_hurting_episode_ids

        tz = journal_zone(s)
        persisted = ep.id in still_hurting_episode_ids(s, [ep.id])
        emit_json(episode_dict(ep, tz, app.now, persisted))
    else:
        click.echo(ep.id)
        note(f"{verb} episode {ep.id}.")


@click.command()
@click.argument("episode_id", metavar="[ID]", type=RECORD_ID, required=False)
@click.option("--at", metavar="WHEN", help="When it ended (default: now).")
@click.option("--intensity", type=int, help="Raise the peak to this if higher.")
@json_option
@pass_app
def end(
    app: App, episode_id: int | None, at: str | None, intensity: int | None, as_json: bool
) -> None:
    """End an episode: the one given, or the latest ongoing one.

    \b
    Example:
      journal end --at "today 07:30"
    """
    from journal.entries import writes as entries

    when = app.when(at, "--at") or app.now
    with app.write() as s:
        ep = entries.end_episode(s, episode_id, when, intensity, app.now)
        _print_episode(app, s, ep, as_json, verb="Ended")


@click.command()
@click.argument("remedy")
@click.option("--dose", type=float, help="Amount, in --unit or the remedy's unit.")
@click.option("--unit", help="Unit of the dose (default: the remedy's).")
@click.option("--at", metavar="WHEN", help="When it was taken (default: now).")
@click.option("--episode", "episode_id", type=RECORD_ID, help="Episode it was for (default: auto).")
@click.option("--relief", type=click.Choice(RELIEF), help="How much it relieved.")
@click.option("--product", help="Brand, form and strength (potency varies between products).")
@json_option
@pass_app
def take(app: App, remedy: str, as_json: bool, at: str | None, **kw: Any) -> None:
    """Record a dose of a remedy, by name or alias in any case.

    \b
    Example:
      journal take ibuprofen --dose 400 --at "today 08:15"
      journal take kratom --dose 2 --unit g --product "Brand X powder"
    """
    from journal.entries import writes as entries
    from journal.entries.records import intake_dict
    from journal.entries.writes import IntakeInput, journal_zone

    data = IntakeInput(remedy=remedy, at=app.when(at, "--at"), **kw)
    with app.write() as s:
        intake = entries.take(s, data, app.now)
        if as_json:
            emit_json(intake_dict(intake, journal_zone(s)))
        else:
            click.echo(intake.id)
            linked = f", for episode {intake.episode_id}" if intake.episode_id else ""
            note(f"Recorded intake {intake.id}: {intake.remedy.name}{linked}.")


@click.command()
@click.option("--date", "day", metavar="DATE", help="The morning's date (default: today).")
@click.option("--still-hurting", is_flag=True, help="Yesterday's headache is still there.")
@click.option("--clear", is_flag=True, help="It is gone; ends an ongoing episode.")
@click.option("--intensity", type=int, help="With --still-hurting: today's intensity 0-10.")
@click.option("--at", metavar="WHEN", help="With --clear: when it ended (default: now).")
@json_option
@pass_app
def checkin(
    app: App,
    day: str | None,
    still_hurting: bool,
    clear: bool,
    intensity: int | None,
    at: str | None,
    as_json: bool,
) -> None:
    """Answer the morning check-in: still hurting, or clear?

    The question is whether yesterday's headache is still there this morning.

    \b
    Examples:
      journal checkin --still-hurting --intensity 4
      journal checkin --clear
    """
    from journal.entries import writes as entries

    if still_hurting == clear:
        raise InputError("--still-hurting / --clear: give exactly one")
    if clear and intensity is not None:
        raise InputError("--intensity: goes with --still-hurting")
    if still_hurting and at is not None:
        raise InputError("--at: goes with --clear")
    when = app.when(at, "--at")
    with app.write() as s:
        tz = entries.journal_zone(s)
        morning = app.day(day, "--date", tz) or app.today(tz)
        row = entries.checkin(s, morning, still_hurting, intensity, when, app.now, tz)
        result = {
            "date": row.day.isoformat(),
            "status": row.status,
            "intensity": row.intensity,
            "episode_id": row.episode_id,
        }
        if as_json:
            emit_json(result)
        elif row.status == "still":
            note(f"{morning}: still hurting; episode {row.episode_id} continues.")
        else:
            ended = f"; episode {row.episode_id} ended" if row.episode_id else ""
            note(f"{morning}: clear{ended}.")


def _period(app: App, tz: Any, from_: str | None, to_: str | None) -> tuple[date, date]:
    last = app.day(to_, "--to", tz) or app.today(tz)
    first = app.day(from_, "--from", tz) or last - timedelta(days=29)
    if first > last:
        raise InputError("--from: is after --to")
    return first, last


@click.command(name="list")
@range_options
@click.option("--deleted", is_flag=True, help="List deleted episodes instead.")
@json_option
@pass_app
def list_(app: App, from_: str | None, to_: str | None, deleted: bool, as_json: bool) -> None:
    """List episodes and intakes (default: the last 30 days).

    Intakes outside any episode follow as their own entries.

    \b
    Example:
      journal list --from 2026-11-01 --to 2026-11-30 --json
    """
    from journal.entries.records import episode_dict, intake_dict
    from journal.entries.writes import journal_zone
    from journal.storage.queries import (
        bounds,
        episodes_overlapping,
        intakes_between,
        still_hurting_episode_ids,
    )

    with app.read() as s:
        tz = journal_zone(s)
        first, last = _period(app, tz, from_, to_)
        start, stop = bounds(first, last, tz)
        episodes = episodes_overlapping(s, start, stop, deleted=deleted)
        persisted = still_hurting_episode_ids(s, [e.id for e in episodes])
        items = [episode_dict(e, tz, app.now, e.id in persisted) for e in episodes]
        if not deleted:
            shown = {i["id"] for e in items for i in e["intakes"]}
            loose = [intake_dict(i, tz) for i in intakes_between(s, start, stop)]
            items += [i for i in loose if i["id"] not in shown]
    items.sort(key=lambda r: (r.get("start") or r.get("at"), r["kind"], r["id"]))
    if as_json:
        emit_json(items)
        return
    if not items:
        note(f"Nothing recorded from {first} to {last}.")
        return
    from journal.views.records import entries_table

    click.echo(entries_table(items))


@click.command()
@click.argument("episode_id", metavar="ID", type=RECORD_ID)
@json_option
@pass_app
def show(app: App, episode_id: int, as_json: bool) -> None:
    """Show one episode with its intakes.

    \b
    Example:
      journal show 12
    """
    from journal.entries.records import episode_dict
    from journal.entries.writes import get_episode, journal_zone
    from journal.storage.queries import still_hurting_episode_ids

    with app.read() as s:
        ep = get_episode(s, episode_id, deleted=None)
        data = episode_dict(
            ep, journal_zone(s), app.now, ep.id in still_hurting_episode_ids(s, [ep.id])
        )
    if as_json:
        emit_json(data)
    else:
        from journal.views.records import episode_text

        click.echo(episode_text(data))


@click.command()
@click.argument("episode_id", metavar="ID", type=RECORD_ID)
@episode_options
@json_option
@pass_app
def edit(app: App, episode_id: int, as_json: bool, **kw: Any) -> None:
    """Change an episode; list options replace the list.

    Options not given keep their values; --symptom, --trigger, --missed and
    --reduced replace the whole list when given.

    \b
    Example:
      journal edit 12 --intensity 7 --symptom nausea --symptom light
    """
    from journal.entries import writes as entries

    data = _episode_input(app, edit=True, **kw)
    with app.write() as s:
        ep = entries.edit_episode(s, episode_id, data, app.now)
        _print_episode(app, s, ep, as_json, verb="Updated")


def _confirm(what: str, yes: bool) -> None:
    if yes:
        return
    if not is_terminal():
        raise InputError("--yes: required to delete when not run from a terminal")
    if not click.confirm(f"Delete {what}? It can be brought back with undelete", default=False):
        raise click.exceptions.Exit(1)


@click.command()
@click.argument("episode_id", metavar="ID", type=RECORD_ID)
@click.option("--yes", is_flag=True, help="Do not ask.")
@pass_app
def delete(app: App, episode_id: int, yes: bool) -> None:
    """Delete an episode (recoverable with undelete).

    The episode is kept, hidden; `journal undelete ID` brings it back.

    \b
    Example:
      journal delete 12 --yes
    """
    from journal.entries import writes as entries

    _confirm(f"episode {episode_id}", yes)
    with app.write() as s:
        entries.set_deleted(s, episode_id, True, app.now)
    note(f"Deleted episode {episode_id}; `journal undelete {episode_id}` brings it back.")


@click.command()
@click.argument("episode_id", metavar="ID", type=RECORD_ID)
@pass_app
def undelete(app: App, episode_id: int) -> None:
    """Bring back a deleted episode.

    \b
    Example:
      journal undelete 12
    """
    from journal.entries import writes as entries

    with app.write() as s:
        entries.set_deleted(s, episode_id, False, app.now)
    note(f"Restored episode {episode_id}.")


@click.command(name="edit-intake")
@click.argument("intake_id", metavar="ID", type=RECORD_ID)
@click.option("--remedy", help="Another remedy, by name or alias.")
@click.option("--dose", type=float)
@click.option("--unit")
@click.option("--at", metavar="WHEN")
@click.option("--episode", "episode_id", type=RECORD_ID, help="Link to this episode.")
@click.option("--no-episode", "unlink", is_flag=True, help="Unlink from its episode.")
@click.option("--relief", type=click.Choice(RELIEF))
@click.option("--product")
@json_option
@pass_app
def edit_intake(app: App, intake_id: int, as_json: bool, at: str | None, **kw: Any) -> None:
    """Change an intake's fields.

    \b
    Example:
      journal edit-intake 7 --dose 200 --relief partial
    """
    from journal.entries import writes as entries
    from journal.entries.records import intake_dict
    from journal.entries.writes import IntakeInput, journal_zone

    if kw["episode_id"] is not None and kw["unlink"]:
        raise InputError("--episode and --no-episode exclude each other")
    data = IntakeInput(at=app.when(at, "--at"), **kw)
    with app.write() as s:
        intake = entries.edit_intake(s, intake_id, data, app.now)
        if as_json:
            emit_json(intake_dict(intake, journal_zone(s)))
        else:
            note(f"Updated intake {intake.id}.")


@click.command(name="delete-intake")
@click.argument("intake_id", metavar="ID", type=RECORD_ID)
@click.option("--yes", is_flag=True, help="Do not ask.")
@pass_app
def delete_intake(app: App, intake_id: int, yes: bool) -> None:
    """Delete an intake (recoverable with undelete-intake).

    \b
    Example:
      journal delete-intake 7 --yes
    """
    from journal.entries import writes as entries

    _confirm(f"intake {intake_id}", yes)
    with app.write() as s:
        entries.set_intake_deleted(s, intake_id, True, app.now)
    note(f"Deleted intake {intake_id}; `journal undelete-intake {intake_id}` brings it back.")


@click.command(name="undelete-intake")
@click.argument("intake_id", metavar="ID", type=RECORD_ID)
@pass_app
def undelete_intake(app: App, intake_id: int) -> None:
    """Bring back a deleted intake.

    \b
    Example:
      journal undelete-intake 7
    """
    from journal.entries import writes as entries

    with app.write() as s:
        entries.set_intake_deleted(s, intake_id, False, app.now)
    note(f"Restored intake {intake_id}.")


@click.command()
@click.argument("tag")
@click.option("--date", "day", metavar="DATE", help="The day (default: today).")
@click.option("--note", "text", help="Free text.")
@json_option
@pass_app
def mark(app: App, tag: str, day: str | None, text: str | None, as_json: bool) -> None:
    """Mark a day: menstruation, poor sleep, alcohol, ...

    Day-level facts a clinician asks about; shown in the calendar and report.

    \b
    Example:
      journal mark menstruation --date yesterday
    """
    from journal.entries import writes as entries
    from journal.entries.records import marker_dict

    with app.write() as s:
        tz = entries.journal_zone(s)
        when = app.day(day, "--date", tz) or app.today(tz)
        if when > app.today(tz):
            raise InputError(f"--date: {when} is in the future")
        row = entries.mark(s, tag, when, text, app.now)
        if as_json:
            emit_json(marker_dict(row))
        else:
            click.echo(row.id)
            note(f"Marked {row.day} as {row.tag}.")


@click.command()
@range_options
@json_option
@pass_app
def marks(app: App, from_: str | None, to_: str | None, as_json: bool) -> None:
    """List day markers (default: the last 30 days).

    \b
    Example:
      journal marks --from 2026-11-01
    """
    from sqlalchemy import select

    from journal.entries.records import marker_dict
    from journal.entries.writes import journal_zone
    from journal.storage.models import DayMarker

    with app.read() as s:
        first, last = _period(app, journal_zone(s), from_, to_)
        rows = s.scalars(
            select(DayMarker)
            .where(DayMarker.day >= first, DayMarker.day <= last)
            .order_by(DayMarker.day, DayMarker.tag)
        )
        items = [marker_dict(r) for r in rows]
    if as_json:
        emit_json(items)
    elif not items:
        note(f"No day markers from {first} to {last}.")
    else:
        for m in items:
            extra = f"  {m['note']}" if m["note"] else ""
            click.echo(f"{m['id']:>5}  {m['date']}  {m['tag']}{extra}")


@click.command()
@click.argument("marker_id", metavar="ID", type=RECORD_ID)
@pass_app
def unmark(app: App, marker_id: int) -> None:
    """Remove a day marker.

    \b
    Example:
      journal unmark 3
    """
    from journal.entries import writes as entries

    with app.write() as s:
        row = entries.unmark(s, marker_id)
        note(f"Removed marker {row.tag} on {row.day}.")


COMMANDS = [
    log,
    end,
    take,
    checkin,
    list_,
    show,
    edit,
    delete,
    undelete,
    edit_intake,
    delete_intake,
    undelete_intake,
    mark,
    marks,
    unmark,
]
