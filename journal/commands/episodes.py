"""Episodes: log, end, edit, show, list, delete and undelete."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from journal.commands import complete
from journal.commands.common import (
    RECORD_ID,
    WHOLE,
    Whole,
    emit_id,
    emit_json,
    is_terminal,
    json_option,
    note,
    painter,
    pass_journal,
    range_options,
    stack,
)
from journal.commands.deletion import deletion_command
from journal.errors import BadInput, exclusive
from journal.spec import EPISODE_TYPES, IMPACT_MISSED, IMPACT_REDUCED, QUALITIES, SIDES

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
        click.option("--intensity", type=WHOLE, help="Peak pain, 0-10."),
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
    return stack(opts)


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
        emit_id(data["id"])
        note(f"{verb} episode {data['id']}.")


@click.command()
@episode_options(edit=False)
@click.option("--yes", is_flag=True, help="Log it even if it overlaps another episode.")
@json_option
@pass_journal
def log(journal: Journal, as_json: bool, yes: bool, intensity: int | None, **options: Any) -> None:
    """Log a headache episode.

    On a terminal with no options it asks five short questions: intensity, type,
    symptoms with aura, the pain (side, what it was like, worse with activity) and
    anything taken now (Enter skips all but the first). An episode that overlaps
    another, or a second ongoing one, is pointed out first (and asked about on a
    terminal; --yes logs it without asking).

    --side, --quality, --activity-worse, --symptom and --aura decide what the attack
    fits by the ICHD-3 criteria: migraine, probable-migraine, aura, tension-type-like
    or unclassified (shown by `journal show ID` and in --json). The duration criterion
    (4-72 hours untreated) is reported but does not exclude: treated attacks are often
    shorter.

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
            intensity = click.prompt("Peak intensity (0-10)", type=Whole(0, 10))
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
@click.option("--intensity", type=WHOLE, help="Raise the peak to this if higher.")
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
@click.option("--min-intensity", type=Whole(0, 10), metavar="N", help="Peak N or more.")
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


delete = deletion_command("episode", lambda j, i, d: j.set_deleted(i, d), delete=True)
undelete = deletion_command("episode", lambda j, i, d: j.set_deleted(i, d), delete=False)


COMMANDS = [log, end, edit, show, list_, delete, undelete]
