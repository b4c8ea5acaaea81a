"""The everyday commands: log, end, take, checkin, list, show, edit, delete, mark."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from journal.commands import complete
from journal.commands.common import (
    RECORD_ID,
    emit_json,
    is_terminal,
    json_option,
    note,
    painter,
    pass_journal,
    range_options,
)
from journal.errors import BadInput, exclusive
from journal.spec import EPISODE_TYPES, IMPACT_MISSED, IMPACT_REDUCED, QUALITIES, RELIEF, SIDES

if TYPE_CHECKING:
    from journal.api import Journal
    from journal.entries.inputs import EpisodeInput


def episode_options(edit: bool) -> Callable[[Any], Any]:
    """The options `log` and `edit` share, so both speak the same language."""
    # edit keeps what is not given, so only log names defaults
    start, end = ("", "") if edit else (" (default: now)", " (default: ongoing)")
    opts = [
        click.option("--start", metavar="WHEN", help=f"When it began{start}."),
        click.option("--end", metavar="WHEN", help=f"When it ended{end}."),
        click.option("--ongoing", is_flag=True, help="It has not ended (edit: reopen it)."),
        click.option("--intensity", type=int, help="Peak pain, 0-10."),
        click.option(
            "--type", "type_", type=click.Choice(EPISODE_TYPES, case_sensitive=False), help="Kind."
        ),
        click.option("--aura/--no-aura", default=None, help="Aura before or during."),
        click.option(
            "--side", type=click.Choice(SIDES, case_sensitive=False), help="Which side it hurt."
        ),
        click.option(
            "--quality",
            type=click.Choice(QUALITIES, case_sensitive=False),
            help="What the pain was like.",
        ),
        click.option(
            "--activity-worse/--no-activity-worse",
            default=None,
            help="Made worse by routine activity such as walking or stairs (or avoided it).",
        ),
        click.option(
            "--symptom",
            multiple=True,
            help="nausea, vomiting, light, sound, ...",
            shell_complete=complete.symptoms,
        ),
        click.option(
            "--trigger",
            multiple=True,
            help="Suspected trigger (free tag).",
            shell_complete=complete.triggers,
        ),
        click.option("--location", help="Where it hurt, e.g. 'left temple'."),
        click.option(
            "--missed",
            multiple=True,
            type=click.Choice(IMPACT_MISSED, case_sensitive=False),
            help="Missed (MIDAS).",
        ),
        click.option(
            "--reduced",
            multiple=True,
            type=click.Choice(IMPACT_REDUCED, case_sensitive=False),
            help="Productivity halved or worse (MIDAS).",
        ),
        click.option("--note", help="Free text."),
    ]
    if edit:
        opts += [
            click.option(
                "--missed-on",
                metavar="DATE:WHAT",
                multiple=True,
                help="Missed on a later day of the episode, e.g. 2026-11-11:work (MIDAS);"
                " replaces the episode's impact days.",
            ),
            click.option(
                "--reduced-on",
                metavar="DATE:WHAT",
                multiple=True,
                help="Productivity halved on a later day, e.g. 2026-11-11:housework.",
            ),
        ]
    return _stack(opts)


def _stack(options: list[Callable[[Any], Any]]) -> Callable[[Any], Any]:
    def decorate(func: Any) -> Any:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _episode_input(
    journal: Journal,
    *,
    edit: bool,
    start: str | None,
    end: str | None,
    ongoing: bool,
    intensity: int | None,
    type_: str | None,
    aura: bool | None,
    side: str | None,
    quality: str | None,
    activity_worse: bool | None,
    symptom: tuple[str, ...],
    trigger: tuple[str, ...],
    location: str | None,
    missed: tuple[str, ...],
    reduced: tuple[str, ...],
    note: str | None,
    missed_on: tuple[str, ...] = (),
    reduced_on: tuple[str, ...] = (),
) -> EpisodeInput:
    from journal.entries.inputs import EpisodeInput

    if end is not None and ongoing:
        raise exclusive("--end", "--ongoing")
    days = [
        _impact_day(journal, text, f"--{kind}-on")
        for kind, given in (("missed", missed_on), ("reduced", reduced_on))
        for text in given
    ]

    def tags(values: tuple[str, ...]) -> list[str] | None:
        # edit replaces a list only when the option was given; log starts from empty lists
        return list(values) if values or not edit else None

    return EpisodeInput(
        start=journal.parse_when(start, "--start"),
        end=journal.parse_when(end, "--end"),
        ongoing=ongoing,
        intensity=intensity,
        type=type_,
        aura=aura,
        side=side,
        quality=quality,
        activity_worse=activity_worse,
        symptoms=tags(symptom),
        triggers=tags(trigger),
        location=location,
        missed=tags(missed),
        reduced=tags(reduced),
        note=note,
        impact_days=days or None,
    )


def _impact_day(journal: Journal, text: str, field: str) -> tuple[Any, str, str]:
    """ "2026-11-11:work" -> (date, "missed" or "reduced", "work")."""
    day, sep, what = text.partition(":")
    if not sep or not what.strip():
        raise BadInput(field, f"{text!r} is not DATE:WHAT, e.g. 2026-11-11:work")
    return journal.past_day(day.strip(), field), field[2:].split("-")[0], what.strip()


def _print_episode(data: dict[str, Any], as_json: bool, verb: str) -> None:
    if as_json:
        emit_json(data)
    else:
        click.echo(data["id"])
        note(f"{verb} episode {data['id']}.")


@click.command()
@episode_options(edit=False)
@click.option("--yes", is_flag=True, help="Log it even if it overlaps another episode.")
@json_option
@pass_journal
def log(journal: Journal, as_json: bool, yes: bool, intensity: int | None, **options: Any) -> None:
    """Log a headache episode.

    On a terminal with no options it asks a few short questions (Enter takes the
    default or skips). An episode that overlaps another, or a second ongoing one, is
    pointed out first (and asked about on a terminal; --yes logs it without asking).

    ICHD-3 describes migraine attacks as lasting 4-72 hours untreated; the journal
    records the time you give and does not exclude shorter, treated attacks.

    \b
    Example:
      journal log --start "yesterday 21:00" --intensity 6 --type migraine --symptom nausea
      journal log --intensity 7 --side left --quality pulsating --activity-worse
    """
    from journal.commands.ask import ask_episode, ask_taken

    taken = None
    if intensity is None:
        if not is_terminal():
            raise BadInput("--intensity", "required (0-10) when not run from a terminal")
        if all(v in (None, False, ()) for v in options.values()):
            intensity, asked = ask_episode()
            options.update(asked)
            taken = ask_taken(journal.knows_remedy)
        else:
            intensity = click.prompt("Peak intensity (0-10)", type=click.IntRange(0, 10))
    data = _episode_input(journal, edit=False, intensity=intensity, **options)
    overlaps = _overlaps(journal, data)
    if overlaps and not yes and is_terminal():
        _confirm_overlap(overlaps)
    logged = journal.log(data)
    _print_episode(logged, as_json, verb="Logged")
    if not is_terminal():  # said after the fact, once the episode was kept
        for line in overlaps:
            note(line)
    if taken is not None:
        intake, notices = journal.take(taken)
        note(f"Recorded intake {intake['id']}: {intake['remedy']}, for episode {logged['id']}.")
        for text in notices:
            note(text)


def _overlaps(journal: Journal, data: EpisodeInput) -> list[str]:
    """One line for each episode a new one would share time with."""
    from journal.views.records import episode_span

    return [
        f"Note: episode {other['id']} ({episode_span(other)}) covers part of that time."
        for other in journal.overlapping(data)
    ]


def _confirm_overlap(lines: list[str]) -> None:
    for line in lines:
        note(line)
    if not click.confirm("Log it as a separate episode anyway?", default=False, err=True):
        note("Nothing was logged; `journal edit ID` changes an episode that is already there.")
        raise click.exceptions.Exit(1)


@click.command()
@click.argument(
    "episode_id",
    metavar="[ID]",
    type=RECORD_ID,
    required=False,
    shell_complete=complete.episodes,
)
@click.option("--at", metavar="WHEN", help="When it ended (default: now).")
@click.option("--intensity", type=int, help="Raise the peak to this if higher.")
@json_option
@pass_journal
def end(
    journal: Journal, episode_id: int | None, at: str | None, intensity: int | None, as_json: bool
) -> None:
    """End an episode: the one given, or the latest ongoing one.

    \b
    Example:
      journal end --at "today 07:30"
    """
    ended = journal.end(episode_id, journal.parse_when(at, "--at"), intensity)
    _print_episode(ended, as_json, verb="Ended")


def intake_options(edit: bool) -> Callable[[Any], Any]:
    """The options `take` and `edit-intake` share."""
    unit, at = ("", "") if edit else (" (default: the remedy's)", " (default: now)")
    episode = (
        "Link to this episode."
        if edit
        else ("Episode it was for (default: the one whose time span holds it).")
    )
    opts = [
        click.option("--dose", type=float, help="Amount, in --unit or the remedy's unit."),
        click.option("--unit", help=f"Unit of the dose{unit}."),
        click.option("--at", metavar="WHEN", help=f"When it was taken{at}."),
        click.option(
            "--episode",
            "episode_id",
            type=RECORD_ID,
            help=episode,
            shell_complete=complete.episodes,
        ),
        click.option(
            "--relief",
            type=click.Choice(RELIEF, case_sensitive=False),
            help="How much it relieved.",
        ),
        click.option(
            "--pain",
            type=click.IntRange(0, 10),
            metavar="N",
            help="Pain 0-10 when taken"
            + ("." if edit else " (default: the episode's, when known)."),
        ),
        click.option(
            "--product", help="Brand, form and strength (potency varies between products)."
        ),
    ]
    return _stack(opts)


@click.command()
@click.argument("remedy", shell_complete=complete.remedies)
@intake_options(edit=False)
@json_option
@pass_journal
def take(
    journal: Journal,
    remedy: str,
    dose: float | None,
    unit: str | None,
    at: str | None,
    episode_id: int | None,
    relief: str | None,
    pain: int | None,
    product: str | None,
    as_json: bool,
) -> None:
    """Record a dose of a remedy, by name or alias in any case.

    Without --dose and --unit, the last dose recorded for the remedy is repeated (and
    said so). A dose far above the usual (more than 20 tablets, more than 4,000 mg of a
    simple pain reliever) is kept with a warning.

    \b
    Example:
      journal take ibuprofen --dose 400 --at "today 08:15" --pain 6
      journal take kratom --dose 2 --unit g --product "Brand X powder"
    """
    from journal.entries.inputs import IntakeInput

    data = IntakeInput(
        remedy=remedy,
        dose=dose,
        unit=unit,
        at=journal.parse_when(at, "--at"),
        episode_id=episode_id,
        relief=relief,
        product=product,
        pain=pain,
    )
    intake, notices = journal.take(data)
    if as_json:
        emit_json(intake)
    else:
        click.echo(intake["id"])
        linked = f", for episode {intake['episode_id']}" if intake["episode_id"] else ""
        note(f"Recorded intake {intake['id']}: {intake['remedy']}{linked}.")
    if intake.get("repeated"):
        amount = f"{intake['dose']:g} {intake['unit'] or ''}".rstrip()
        note(f"Repeated your last dose of {intake['remedy']}: {amount} (--dose to give another).")
    for text in notices:
        note(text)


@click.command()
@click.option("--date", "day", metavar="DATE", help="The morning's date (default: today).")
@click.option("--still-hurting", is_flag=True, help="Yesterday's headache is still there.")
@click.option("--clear", is_flag=True, help="It is gone; ends an ongoing episode.")
@click.option("--intensity", type=int, help="With --still-hurting: that day's intensity 0-10.")
@click.option(
    "--at",
    metavar="WHEN",
    help="With --clear: when it ended (default: now). With --still-hurting: when that"
    " morning it was still there (default: now today, 08:00 on a past day).",
)
@click.option(
    "--missed",
    multiple=True,
    type=click.Choice(IMPACT_MISSED, case_sensitive=False),
    help="Missed that day (MIDAS).",
)
@click.option(
    "--reduced",
    multiple=True,
    type=click.Choice(IMPACT_REDUCED, case_sensitive=False),
    help="Productivity halved or worse that day (MIDAS).",
)
@json_option
@pass_journal
def checkin(
    journal: Journal,
    day: str | None,
    still_hurting: bool,
    clear: bool,
    intensity: int | None,
    at: str | None,
    missed: tuple[str, ...],
    reduced: tuple[str, ...],
    as_json: bool,
) -> None:
    """Answer the morning check-in: still hurting, or clear?

    The question is whether yesterday's headache is still there this morning. For
    today, still hurting keeps the episode going. For a past morning (--date) it
    records that the headache lasted until that morning (an episode ended earlier is
    extended to then, never further), and the day's --intensity counts for that
    headache only. --missed/--reduced record what it stopped you doing that day.

    \b
    Examples:
      journal checkin --still-hurting --intensity 4 --reduced work
      journal checkin --clear
      journal checkin --date 2026-11-10 --still-hurting --intensity 3 --at "2026-11-10 07:30"
    """
    from journal.entries.inputs import CheckinInput

    if still_hurting == clear:
        raise BadInput("--still-hurting / --clear", "give exactly one")
    if clear and intensity is not None:
        raise BadInput("--intensity", "goes with --still-hurting")
    data = CheckinInput(
        still_hurting=still_hurting,
        day=journal.parse_day(day, "--date"),
        intensity=intensity,
        at=journal.parse_when(at, "--at"),
        missed=missed,
        reduced=reduced,
    )
    result = journal.checkin(data)
    if as_json:
        emit_json(result)
    elif result["status"] == "still" and result["date"] == journal.today().isoformat():
        note(f"{result['date']}: still hurting; episode {result['episode_id']} continues.")
    elif result["status"] == "still":
        note(f"{result['date']}: still hurting that morning (episode {result['episode_id']}).")
    else:
        ended = f"; episode {result['episode_id']} ended" if result["episode_id"] else ""
        note(f"{result['date']}: clear{ended}.")


@click.command(name="list")
@range_options
@click.option("--deleted", is_flag=True, help="List deleted episodes instead.")
@click.option(
    "--type",
    "type_",
    type=click.Choice(EPISODE_TYPES, case_sensitive=False),
    help="Episodes of this kind.",
)
@click.option(
    "--symptom",
    metavar="TAG",
    help="Episodes with this symptom.",
    shell_complete=complete.symptoms,
)
@click.option(
    "--trigger",
    metavar="TAG",
    help="Episodes with this trigger.",
    shell_complete=complete.triggers,
)
@click.option(
    "--remedy",
    metavar="NAME",
    help="Episodes with a dose of it, and its doses.",
    shell_complete=complete.remedies,
)
@click.option("--text", metavar="WORD", help="Notes (and products) holding WORD, any case.")
@click.option("--min-intensity", type=click.IntRange(0, 10), metavar="N", help="Peak N or more.")
@json_option
@pass_journal
def list_(
    journal: Journal,
    from_: str | None,
    to_: str | None,
    deleted: bool,
    type_: str | None,
    symptom: str | None,
    trigger: str | None,
    remedy: str | None,
    text: str | None,
    min_intensity: int | None,
    as_json: bool,
) -> None:
    """List episodes, intakes, day markers and check-ins (default: the last 30 days).

    Intakes outside any episode follow as their own entries. The filters narrow the
    episodes and intakes; markers and check-ins are shown for the days listed.

    \b
    Examples:
      journal list --from 2026-11-01 --to 2026-11-30 --json
      journal list --from 2026-01-01 --type migraine --remedy sumatriptan
      journal list --text wine --min-intensity 7
    """
    from journal.entries.inputs import ListFilter

    only = ListFilter(type_, symptom, trigger, remedy, text, min_intensity)
    first, last = journal.default_days(from_, to_)
    items = journal.entries(first, last, deleted=deleted, only=only)
    if as_json:
        emit_json(items)
        return
    if not items:
        note(f"Nothing recorded from {first} to {last}.")
        return
    from journal.views.records import entries_table

    click.echo(entries_table(items, paint=painter()))


@click.command()
@click.argument("episode_id", metavar="ID", type=RECORD_ID, shell_complete=complete.episodes)
@json_option
@pass_journal
def show(journal: Journal, episode_id: int, as_json: bool) -> None:
    """Show one episode with its intakes.

    \b
    Example:
      journal show 12
    """
    data = journal.episode(episode_id)
    if as_json:
        emit_json(data)
    else:
        from journal.views.records import episode_text

        click.echo(episode_text(data))


@click.command()
@click.argument("episode_id", metavar="ID", type=RECORD_ID, shell_complete=complete.episodes)
@episode_options(edit=True)
@json_option
@pass_journal
def edit(journal: Journal, episode_id: int, as_json: bool, **options: Any) -> None:
    """Change an episode; list options replace the list.

    Options not given keep their values; --symptom, --trigger, --missed and
    --reduced replace the whole list when given.

    \b
    Example:
      journal edit 12 --intensity 7 --symptom nausea --symptom light
    """
    data = _episode_input(journal, edit=True, **options)
    _print_episode(journal.edit(episode_id, data), as_json, verb="Updated")


def _confirm(what: str, yes: bool) -> None:
    if yes:
        return
    if not is_terminal():
        raise BadInput("--yes", "required to delete when not run from a terminal")
    if not click.confirm(f"Delete {what}? It can be brought back with undelete", default=False):
        raise click.exceptions.Exit(1)


def _deletion(
    noun: str, change: Callable[[Journal, int, bool], None], *, delete: bool
) -> click.Command:
    """The delete / undelete command for NOUN ("episode" or "intake")."""
    suffix = "" if noun == "episode" else "-intake"
    name = f"{'delete' if delete else 'undelete'}{suffix}"
    back = f"undelete{suffix}"
    example = 12 if noun == "episode" else 7

    episodes = complete.episodes if delete else complete.deleted_episodes

    @click.argument(
        "record_id",
        metavar="ID",
        type=RECORD_ID,
        shell_complete=episodes if noun == "episode" else None,
    )
    @pass_journal
    def command(journal: Journal, record_id: int, yes: bool = True) -> None:
        if delete:
            _confirm(f"{noun} {record_id}", yes)
        change(journal, record_id, delete)
        if delete:
            note(f"Deleted {noun} {record_id}; `journal {back} {record_id}` brings it back.")
        else:
            note(f"Restored {noun} {record_id}.")

    if delete:
        command = click.option("--yes", is_flag=True, help="Do not ask.")(command)
        command.__doc__ = (
            f"Delete an {noun} (recoverable with {back}).\n\n"
            f"The {noun} is kept, hidden; `journal {back} ID` brings it back.\n\n"
            f"\b\nExample:\n  journal {name} {example} --yes"
        )
    else:
        command.__doc__ = (
            f"Bring back a deleted {noun}.\n\n\b\nExample:\n  journal {name} {example}"
        )
    return click.command(name=name)(command)


delete = _deletion("episode", lambda j, i, d: j.set_deleted(i, d), delete=True)
undelete = _deletion("episode", lambda j, i, d: j.set_deleted(i, d), delete=False)
delete_intake = _deletion("intake", lambda j, i, d: j.set_intake_deleted(i, d), delete=True)
undelete_intake = _deletion("intake", lambda j, i, d: j.set_intake_deleted(i, d), delete=False)


@click.command(name="edit-intake")
@click.argument("intake_id", metavar="ID", type=RECORD_ID)
@click.option(
    "--remedy", help="Another remedy, by name or alias.", shell_complete=complete.remedies
)
@intake_options(edit=True)
@click.option("--no-episode", "unlink", is_flag=True, help="Unlink from its episode.")
@json_option
@pass_journal
def edit_intake(
    journal: Journal,
    intake_id: int,
    remedy: str | None,
    dose: float | None,
    unit: str | None,
    at: str | None,
    episode_id: int | None,
    relief: str | None,
    pain: int | None,
    product: str | None,
    unlink: bool,
    as_json: bool,
) -> None:
    """Change an intake's fields.

    \b
    Example:
      journal edit-intake 7 --dose 200 --relief partial
    """
    from journal.entries.inputs import IntakeInput

    if episode_id is not None and unlink:
        raise exclusive("--episode", "--no-episode")
    data = IntakeInput(
        remedy=remedy,
        dose=dose,
        unit=unit,
        at=journal.parse_when(at, "--at"),
        episode_id=episode_id,
        unlink=unlink,
        relief=relief,
        product=product,
        pain=pain,
    )
    intake = journal.edit_intake(intake_id, data)
    if as_json:
        emit_json(intake)
    else:
        note(f"Updated intake {intake['id']}.")


@click.command()
@click.argument("tag", shell_complete=complete.marker_tags)
@click.option("--date", "day", metavar="DATE", help="The day (default: today).")
@click.option("--note", "text", help="Free text.")
@json_option
@pass_journal
def mark(journal: Journal, tag: str, day: str | None, text: str | None, as_json: bool) -> None:
    """Mark a day: menstruation, poor sleep, alcohol, ...

    Day-level facts a clinician asks about; shown in the calendar and report.

    \b
    Example:
      journal mark menstruation --date yesterday
    """
    row = journal.mark(tag, journal.past_day(day, "--date"), text)
    if as_json:
        emit_json(row)
    else:
        click.echo(row["id"])
        note(f"Marked {row['date']} as {row['tag']}.")


@click.command()
@range_options
@json_option
@pass_journal
def marks(journal: Journal, from_: str | None, to_: str | None, as_json: bool) -> None:
    """List day markers (default: the last 30 days).

    \b
    Example:
      journal marks --from 2026-11-01
    """
    first, last = journal.default_days(from_, to_)
    items = journal.markers(first, last)
    if as_json:
        emit_json(items)
    elif not items:
        note(f"No day markers from {first} to {last}.")
    else:
        from journal.views.table import Column, render

        columns = (Column("ID", ">"), Column("Date"), Column("Tag"), Column("Note"))
        rows = [[str(m["id"]), m["date"], m["tag"], m["note"] or ""] for m in items]
        click.echo(render(columns, rows))


@click.command()
@click.argument("marker_id", metavar="ID", type=RECORD_ID, shell_complete=complete.markers)
@pass_journal
def unmark(journal: Journal, marker_id: int) -> None:
    """Remove a day marker.

    \b
    Example:
      journal unmark 3
    """
    row = journal.unmark(marker_id)
    note(f"Removed marker {row['tag']} on {row['date']}.")


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
