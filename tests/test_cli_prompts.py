"""`journal log` at a terminal with no options: a few questions, Enter skips (real pty)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from journal.commands.ask import parse_pain, parse_symptoms, parse_taken
from tests.test_cli_process import _on_terminal, _read_until


def _answer(fd: int, prompt: bytes, reply: bytes) -> None:
    seen = _read_until(fd, prompt)
    assert prompt in seen, seen
    os.write(fd, reply + b"\n")


def test_log_with_no_options_asks_and_records(db_path: Path) -> None:
    """Five short lines: intensity, type, symptoms (with aura), the pain, anything taken."""
    proc, fd = _on_terminal(["log"])
    _answer(fd, b"Peak intensity (0-10)", b"7")
    _answer(fd, b"Type [", b"mig")
    _answer(fd, b"Nausea, vomiting, light, sound, aura?", b"n l s")
    _answer(fd, b"The pain:", b"p")  # pulsating or pressing: asked again
    _answer(fd, b"Use words from:", b"l worse")  # left, worse with activity
    _answer(fd, b"Taken anything for it now?", b"aspirinx 500")
    # not in the catalogue: asked again, before anything is written
    _answer(fd, b"not in the catalogue", b"ibuprofen 400 mg")
    out = _read_until(fd, b"Recorded intake")
    assert proc.wait(timeout=30) == 0, out
    os.close(fd)
    con = sqlite3.connect(db_path)
    row = con.execute(
        "SELECT intensity, type, symptoms, side, quality, activity_worse, aura FROM episodes"
    ).fetchone()
    dose = con.execute("SELECT dose, unit, episode_id FROM intakes").fetchone()
    con.close()
    assert row[:2] == (7, "migraine") and json.loads(row[2]) == ["nausea", "light", "sound"]
    assert row[3:] == ("left", None, 1, 0)
    assert dose == (400.0, "mg", 1)


def test_log_asks_about_aura_with_the_symptoms(db_path: Path) -> None:
    proc, fd = _on_terminal(["log"])
    _answer(fd, b"Peak intensity (0-10)", b"5")
    _answer(fd, b"Type [", b"")
    _answer(fd, b"Nausea, vomiting, light, sound, aura?", b"a v")
    _answer(fd, b"The pain:", b"both press not")
    _answer(fd, b"Taken anything for it now?", b"")
    out = _read_until(fd, b"Logged episode 1")
    assert proc.wait(timeout=30) == 0, out
    os.close(fd)
    con = sqlite3.connect(db_path)
    row = con.execute(
        "SELECT symptoms, aura, side, quality, activity_worse FROM episodes"
    ).fetchone()
    con.close()
    assert (json.loads(row[0]), *row[1:]) == (["vomiting"], 1, "both", "pressing", 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {"side": None, "quality": None, "activity_worse": None}),
        ("left pulsating worse", {"side": "left", "quality": "pulsating", "activity_worse": True}),
        ("r puls", {"side": "right", "quality": "pulsating", "activity_worse": None}),
        ("b, pr, not", {"side": "both", "quality": "pressing", "activity_worse": False}),
        ("STAB v", {"side": "varies", "quality": "stabbing", "activity_worse": None}),
        ("o w", {"side": None, "quality": "other", "activity_worse": True}),
        ("p", None),  # pulsating or pressing
        ("left sharp", None),
    ],
)
def test_parse_pain(text: str, expected: dict[str, object] | None) -> None:
    assert parse_pain(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ((), False)),
        ("n l s", (("nausea", "light", "sound"), False)),
        ("nausea, aura", (("nausea",), True)),
        ("a", ((), True)),
        ("v v", (("vomiting",), False)),
        ("n x", None),
    ],
)
def test_parse_symptoms(text: str, expected: tuple[tuple[str, ...], bool] | None) -> None:
    assert parse_symptoms(text) == expected


def test_an_overlapping_episode_is_asked_about(db_path: Path) -> None:
    proc, fd = _on_terminal(["log", "--start", "3h ago", "--end", "1h ago", "--intensity", "4"])
    assert proc.wait(timeout=30) == 0
    os.close(fd)
    proc, fd = _on_terminal(["log", "--start", "2h ago", "--intensity", "5"])
    seen = _read_until(fd, b"anyway?")
    assert b"episode 1 (" in seen and b"covers part of that time" in seen
    os.write(fd, b"n\n")
    assert proc.wait(timeout=30) == 1
    os.close(fd)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM episodes").fetchone() == (1,)
    con.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ibuprofen 400", ("ibuprofen", 400.0, None)),
        ("ibuprofen 400 mg", ("ibuprofen", 400.0, "mg")),
        ("butalbital combination 2 tablet", ("butalbital combination", 2.0, "tablet")),
        ("kratom 2.5 g", ("kratom", 2.5, "g")),
        ("paracetamol+codeine", ("paracetamol+codeine", None, None)),
        ("aspirin ٤٠٠", ("aspirin ٤٠٠", None, None)),  # only ASCII digits are numbers
        ("   ", None),
    ],
)
def test_parse_taken(text: str, expected: tuple[str, float | None, str | None] | None) -> None:
    assert parse_taken(text) == expected


def _yesterdays_ongoing_episode() -> None:
    proc, fd = _on_terminal(["log", "--start", "yesterday 21:00", "--intensity", "5"])
    assert proc.wait(timeout=30) == 0
    os.close(fd)


@pytest.mark.parametrize(
    ("answers", "status", "intensity", "ongoing"),
    [
        ([b"y", b"3"], "still", 3, True),
        ([b"yes", b""], "still", None, True),  # intensity skipped
        ([b"n"], "clear", None, False),
    ],
)
def test_checkin_with_no_options_asks_the_morning_question(
    db_path: Path, answers: list[bytes], status: str, intensity: int | None, ongoing: bool
) -> None:
    _yesterdays_ongoing_episode()
    proc, fd = _on_terminal(["checkin"])
    _answer(fd, b"still there this morning [yes/no]", answers[0])
    if len(answers) > 1:
        _answer(fd, b"Its intensity now (0-10", answers[1])
    out = _read_until(fd, b"episode 1")
    assert proc.wait(timeout=30) == 0, out
    os.close(fd)
    con = sqlite3.connect(db_path)
    checkin = con.execute("SELECT status, intensity, episode_id FROM checkins").fetchone()
    end = con.execute('SELECT "end" FROM episodes').fetchone()[0]
    con.close()
    assert checkin == (status, intensity, 1)
    assert (end is None) is ongoing


def test_checkin_asks_again_for_an_intensity_out_of_range(db_path: Path) -> None:
    _yesterdays_ongoing_episode()
    proc, fd = _on_terminal(["checkin"])
    _answer(fd, b"still there this morning [yes/no]", b"y")
    _answer(fd, b"Its intensity now (0-10", b"11")
    _answer(fd, b"A whole number from 0 to 10", b"4")
    assert proc.wait(timeout=30) == 0
    os.close(fd)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT intensity FROM checkins").fetchone() == (4,)
    con.close()


def test_on_a_terminal_the_sentence_names_the_id_and_no_bare_number_is_printed(
    db_path: Path,
) -> None:
    """Scripts read the id from stdout (a pipe); a person at a terminal reads the sentence."""
    proc, fd = _on_terminal(["take", "ibuprofen", "--dose", "400"])
    out = _read_until(fd, b"Recorded intake 1")
    assert proc.wait(timeout=30) == 0
    os.close(fd)
    lines = [line.strip() for line in out.decode().splitlines()]
    assert "1" not in lines and any(line.startswith("Recorded intake 1") for line in lines)
