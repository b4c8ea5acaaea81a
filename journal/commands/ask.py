"""The few short questions `journal log` asks on a terminal when given no options."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from journal.commands.common import Whole
from journal.spec import EPISODE_TYPES, QUALITIES, SIDES

if TYPE_CHECKING:
    from journal.entries.inputs import IntakeInput

# One letter (or the word) per symptom the classification looks at.
SYMPTOM_KEYS = {"n": "nausea", "v": "vomiting", "l": "light", "s": "sound"}


def _choice(question: str, options: tuple[str, ...]) -> str | None:
    """One line; Enter skips; any unambiguous start of an option will do."""
    while True:
        answer = (
            click.prompt(f"{question} [{'/'.join(options)}]", default="", show_default=False)
            .strip()
            .lower()
        )
        if not answer:
            return None
        found = [o for o in options if o.startswith(answer)]
        if len(found) == 1:
            return found[0]
        click.echo(f"Please answer one of: {', '.join(options)} (or Enter to skip).", err=True)


def _symptoms() -> tuple[str, ...]:
    while True:
        answer = click.prompt(
            "Nausea, vomiting, light, sound? (e.g. 'n l s', Enter: none)",
            default="",
            show_default=False,
        )
        words = answer.replace(",", " ").lower().split()
        found = [SYMPTOM_KEYS.get(w[:1]) for w in words]
        if all(found):
            return tuple(dict.fromkeys(f for f in found if f))
        click.echo("Use n, v, l or s (or the words), separated by spaces.", err=True)


def _yes_no(question: str) -> bool | None:
    answer = _choice(question, ("yes", "no"))
    return None if answer is None else answer == "yes"


def ask_episode() -> tuple[int, dict[str, Any]]:
    """Intensity, type, symptoms, aura and the pain features, each one line."""
    intensity = click.prompt("Peak intensity (0-10)", type=Whole(0, 10))
    return intensity, {
        "type_": _choice("Type", EPISODE_TYPES),
        "symptom": _symptoms(),
        "aura": _yes_no("Aura (seeing or feeling things) before or during"),
        "side": _choice("Side", SIDES),
        "quality": _choice("Pain like", QUALITIES),
        "activity_worse": _yes_no("Worse with routine activity"),
    }


def ask_checkin() -> tuple[bool, int | None]:
    """The morning question itself, for `journal checkin` on a terminal with neither
    --still-hurting nor --clear: still there? and if so, how strong today."""
    while (still := _yes_no("Is yesterday's headache still there this morning")) is None:
        click.echo("Please answer yes or no.", err=True)
    if not still:
        return False, None
    answer = click.prompt(
        "Its intensity now (0-10, Enter: skip)", default="", show_default=False, type=str
    ).strip()
    while answer and not (answer.isascii() and answer.isdigit() and int(answer) <= 10):
        click.echo("A whole number from 0 to 10, or Enter to skip.", err=True)
        answer = click.prompt(
            "Its intensity now (0-10, Enter: skip)", default="", show_default=False, type=str
        ).strip()
    return True, int(answer) if answer else None


def parse_taken(text: str) -> tuple[str, float | None, str | None] | None:
    """ "ibuprofen 400 mg" -> ("ibuprofen", 400.0, "mg"); the name may hold spaces."""
    words = text.split()
    if not words:
        return None
    dose: float | None = None
    unit: str | None = None
    if len(words) >= 3 and _number(words[-2]) is not None and _number(words[-1]) is None:
        dose, unit, words = _number(words[-2]), words[-1], words[:-2]
    elif len(words) >= 2 and _number(words[-1]) is not None:
        dose, words = _number(words[-1]), words[:-1]
    return " ".join(words), dose, unit


def _number(word: str) -> float | None:
    if not word.replace(".", "", 1).isascii() or not word.replace(".", "", 1).isdigit():
        return None
    return float(word)


def ask_taken(known: Callable[[str], bool]) -> IntakeInput | None:
    """Anything taken for it just now, as one line (Enter: nothing); asks again for a
    remedy KNOWN does not know, so nothing is logged half."""
    from journal.entries.inputs import IntakeInput

    while True:
        answer = click.prompt(
            "Taken anything for it now? (e.g. 'ibuprofen 400', Enter: nothing)",
            default="",
            show_default=False,
        )
        found = parse_taken(answer)
        if found is None:
            return None
        remedy, dose, unit = found
        if known(remedy):
            return IntakeInput(remedy=remedy, dose=dose, unit=unit)
        click.echo(f"{remedy!r} is not in the catalogue (see `journal remedies list`).", err=True)
