"""Less typing: quick times, choices in any case, and help that shows what it means."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import click
import pytest

from cli import main
from tests.conftest import Invoke


def all_commands() -> Iterator[tuple[list[str], click.Command]]:
    def walk(group: click.Group, prefix: list[str]) -> Iterator[tuple[list[str], click.Command]]:
        for name, cmd in group.commands.items():
            yield [*prefix, name], cmd
            if isinstance(cmd, click.Group):
                yield from walk(cmd, [*prefix, name])

    return walk(main, [])


COMMANDS = list(all_commands())


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_shows_no_raw_integer_range(run: Invoke, path: list[str], cmd: click.Command) -> None:
    text = run(*path, "--help").stdout
    assert "9223372036854775" not in text
    # Short ranges such as [1<=x<=520] are real limits worth showing; an ID's are not.
    assert not re.search(r"\d{7,}<=x|x<=\d{7,}", text)
    assert "None]" not in text  # an unbounded number once showed "[x<=None]"
    for param in cmd.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{' '.join(path)} {param.opts[0]} has no help"


def test_every_choice_ignores_case() -> None:
    found = 0
    for _path, cmd in [([], main), *COMMANDS]:
        for param in cmd.params:
            if isinstance(param.type, click.Choice):
                found += 1
                assert not param.type.case_sensitive, (cmd.name, param.name)
    assert found >= 10  # the check above looked at the real options


def test_edit_names_no_default_and_log_does(run: Invoke) -> None:
    assert "default: now" not in run("edit", "--help").stdout
    assert "default: ongoing" not in run("edit", "--help").stdout
    assert "When it began (default: now)." in run("log", "--help").stdout


def test_id_options_show_id(run: Invoke) -> None:
    assert "--episode ID" in run("take", "--help").stdout
    assert "--episode ID" in run("edit-intake", "--help").stdout


@pytest.mark.parametrize("value", ["x", "1.5", "99999999999999999999", "-99999999999999999999"])
def test_a_bad_id_is_bad_input(run: Invoke, value: str) -> None:
    result = run("show", value, code=2)
    assert "ID" in result.stderr
    result = run("take", "ibuprofen", "--episode", value, code=2)
    assert "--episode" in result.stderr


def test_choices_in_any_case_are_stored_in_their_own_spelling(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    ep = run_json(
        "log", "--start", "2h ago", "--intensity", "5", "--type", "MIGRAINE", "--missed", "Work"
    )
    assert (ep["type"], ep["missed"]) == ("migraine", ["work"])
    intake = run_json("take", "ibuprofen", "--dose", "400", "--relief", "Partial")
    assert intake["relief"] == "partial"
    added = run_json("remedies", "add", "Migraleve", "--class", "Combination")
    assert added["class"] == "combination"


def test_quick_times_through_the_command_line(run_json: Callable[..., Any]) -> None:
    """Relative to the real clock, but each of these is in the past at any time of day."""
    ep = run_json("log", "--start", "Yesterday 9PM", "--end", "last night 11pm", "--intensity", "4")
    assert (ep["start"][11:16], ep["end"][11:16]) == ("21:00", "23:00")
    assert ep["start"][:10] == ep["end"][:10]


def test_a_bare_number_is_not_a_time_and_the_message_shows_the_forms(run: Invoke) -> None:
    result = run("log", "--intensity", "3", "--start", "9", code=2)
    assert result.stderr.startswith("Error: --start: '9' is not a time; use e.g.")
    assert "'9pm'" in result.stderr
