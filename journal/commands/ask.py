"""The few short questions `journal log` asks on a terminal when given no options."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from journal.commands.common import Whole
from journal.spec import EPISODE_TYPES, QUALITIES, SIDES

if TYPE_CHECKING:
    from journal.entries.inputs import IntakeInput

# One letter (or the word) per symptom the classification looks at; "a" is aura.
SYMPTOM_KEYS = {"n": "nausea", "v": "vomiting", "l": "light", "s": "sound", "a": "aura"}
# What the pain line understands about routine activity (ICHD-3 1.1 C4).
ACTIVITY = {"worse": True, "not-worse": False}


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


def parse_symptoms(text: str) -> tuple[tuple[str, ...], bool] | None:
    """ "n l a" -> (("nausea", "light"), aura True); None when a word is not understood."""
    found = [SYMPTOM_KEYS.get(w[:1]) for w in text.replace(",", " ").lower().split()]
    if not all(found):
        return None
    tags = tuple(dict.fromkeys(f for f in found if f and f != "aura"))
    return tags, "aura" in found


def parse_pain(text: str) -> dict[str, Any] | None:
    """ "left puls worse" -> side, quality and activity_worse; any unambiguous start of a
    word will do, each part may be left out; None when a word is not understood."""
    words: dict[str, tuple[str, Any]] = {
        **{side: ("side", side) for side in SIDES},
        **{quality: ("quality", quality) for quality in QUALITIES},
        **{word: ("activity_worse", value) for word, value in ACTIVITY.items()},
    }
    found: dict[str, Any] = {"side": None, "quality": None, "activity_worse": None}
    for word in text.replace(",", " ").lower().split():
        matches = [w for w in words if w.startswith(word)]
        if word in words:
            matches = [word]
        if len(matches) != 1:
            return None
        field, value = words[matches[0]]
        found[field] = value
    return found


def _symptoms() -> tuple[tuple[str, ...], bool]:
    while True:
        answer = click.prompt(
            "Nausea, vomiting, light, sound, aura? (e.g. 'n l s', Enter: none)",
            default="",
            show_default=False,
        )
        if (found := parse_symptoms(answer)) is not None:
            return found
        click.echo("Use n, v, l, s or a (or the words), separated by spaces.", err=True)


def _pain() -> dict[str, Any]:
    sides, qualities = "/".join(SIDES), "/".join(QUALITIES)
    while True:
        answer = click.prompt(
            f"The pain: {sides}, {qualities}, worse/not-worse with activity?"
            " (e.g. 'left puls worse', Enter: skip)",
            default="",
            show_default=False,
        )
        if (found := parse_pain(answer)) is not None:
            return found
        click.echo(
            f"Use words from: {sides}; {qualities}; worse or not-worse (a clear start will do).",
            err=True,
        )


def ask_episode() -> tuple[int, dict[str, Any]]:
    """Four short lines: intensity, type, symptoms with aura, and the pain's features
    (side, what it was like, worse with routine activity); Enter skips all but the first."""
    intensity = click.prompt("Peak intensity (0-10)", type=Whole(0, 10))
    type_ = _choice("Type", EPISODE_TYPES)
    symptoms, aura = _symptoms()
    return intensity, {"type_": type_, "symptom": symptoms, "aura": aura or None, **_pain()}


def _yes_no(question: str) -> bool | None:
    answer = _choice(question, ("yes", "no"))
    return None if answer is None else answer == "yes"


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
