"""The one text-table helper: alignment, headers, wrapping, widths, and colour codes."""

from __future__ import annotations

import io
from typing import Any

import pytest

from journal.views.records import entries_table
from journal.views.table import FIXED_WIDTH, Column, output_width, render, visible_len, wrap

COLUMNS = (Column("ID", ">"), Column("Name"), Column("Note"))


def test_columns_align_and_headers_sit_over_their_rows() -> None:
    text = render(COLUMNS, [["1", "ibuprofen", "with food"], ["123", "kratom", ""]], width=80)
    assert text.splitlines() == [
        " ID  Name       Note",
        "  1  ibuprofen  with food",
        "123  kratom",
    ]


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (
            40,
            [
                "ID  Name  Note",
                " 7  abc   taken before the long drive",
                "          home, second dose at noon",
            ],
        ),
        (
            30,
            [
                # 30 - 10 = 20 left, less than the 24 a wrapped column keeps: the note
                # goes below, under Name (no column leaves it 48)
                "ID  Name",
                "    Note",
                " 7  abc",
                "    taken before the long",
                "    drive home, second dose at",
                "    noon",
            ],
        ),
        (
            200,
            ["ID  Name  Note", " 7  abc   taken before the long drive home, second dose at noon"],
        ),
    ],
)
def test_the_last_column_wraps_under_itself(width: int, expected: list[str]) -> None:
    row = ["7", "abc", "taken before the long drive home, second dose at noon"]
    assert render(COLUMNS, [row], width=width).splitlines() == expected


def test_words_are_never_split_and_a_long_word_overflows_on_its_own_line() -> None:
    word = "Pseudo-ephedrine-and-paracetamol-combination"
    lines = render(COLUMNS, [["1", "x", f"took {word} twice"]], width=36).splitlines()
    assert lines[1:] == [" 1  x     took", f"          {word}", "          twice"]


def test_a_short_row_spans_the_rest_and_hangs_under_its_bullet() -> None:
    rows = [["12", "ibuprofen", "note"], ["", "  · i3 08:00  paracetamol 1000 mg  relief: partial"]]
    assert render(COLUMNS, rows, width=40).splitlines() == [
        "ID  Name       Note",
        "12  ibuprofen  note",
        "      · i3 08:00  paracetamol 1000 mg",
        "        relief: partial",
    ]


def test_newlines_in_a_cell_start_lines_under_the_column() -> None:
    text = render(COLUMNS, [["1", "x", "line one\nline two"]], width=80, header=False)
    assert text.splitlines() == ["1  x  line one", "      line two"]


def test_right_aligned_last_column_and_indent() -> None:
    columns = (Column("kind"), Column("added", ">"))
    text = render(columns, [["episodes", "3"], ["day markers", "12"]], indent=2, width=80)
    assert text.splitlines() == [
        "  kind         added",
        "  episodes         3",
        "  day markers     12",
    ]


def test_colour_codes_take_no_room() -> None:
    red = "\x1b[31mALERT\x1b[0m"
    assert visible_len(red) == 5
    text = render((Column("sev"), Column("msg")), [[red, "a"], ["WATCH", "b"]], header=False)
    assert text.splitlines() == [f"{red}  a", "WATCH  b"]
    assert wrap(f"{red} {red}", 11) == [f"{red} {red}"]
    assert wrap(f"{red} {red}", 10) == [red, red]


def test_spaces_inside_a_cell_are_kept() -> None:
    assert wrap("08:00  ibuprofen  [simple]", 80) == ["08:00  ibuprofen  [simple]"]
    assert wrap("08:00  ibuprofen  [simple]", 16) == ["08:00  ibuprofen", "[simple]"]


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_width_is_fixed_off_a_terminal_and_the_terminals_on_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "57")  # shutil.get_terminal_size reads it first
    assert output_width(Stream(tty=False)) == FIXED_WIDTH == 100
    assert output_width(Stream(tty=True)) == 57


def _episode(**over: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "kind": "episode",
        "id": 4,
        "start": "2026-11-24T21:00:00+01:00",
        "end": "2026-11-25T07:30:00+01:00",
        "intensity": 6,
        "type": "migraine",
        "persisted_next_day": True,
        "possibly_forgotten": False,
        "aura": False,
        "symptoms": ["nausea", "light"],
        "triggers": ["red wine", "poor sleep"],
        "intakes": [
            {
                "kind": "intake",
                "id": 9,
                "at": "2026-11-24T21:20:00+01:00",
                "remedy": "sumatriptan",
                "dose": 50.0,
                "unit": "mg",
                "class": "triptan",
                "use": "acute",
                "relief": "partial",
                "product": None,
            }
        ],
        "note": "woke at 3 with it",
    }
    item.update(over)
    return item


def test_entries_table_keeps_every_datum_and_wraps_details_on_a_narrow_terminal() -> None:
    wide = entries_table([_episode()], width=120).splitlines()
    assert wide == [
        "ID  Start             End               Peak  Type      Details",
        " 4  Tue 24 Nov 21:00  Wed 25 Nov 07:30     6  migraine  "
        "persisted, nausea, light, triggers: red wine, poor sleep",
        "      · i9 21:20  sumatriptan 50 mg  [triptan]  relief: partial",
        "      “woke at 3 with it”",
    ]  # fmt: skip
    narrow = entries_table([_episode()], width=80).splitlines()
    # Details start at column 56, so 80 leaves them 24 characters.
    assert narrow == [
        "ID  Start             End               Peak  Type      Details",
        " 4  Tue 24 Nov 21:00  Wed 25 Nov 07:30     6  migraine  persisted, nausea,",
        "                                                        light, triggers: red",
        "                                                        wine, poor sleep",
        "      · i9 21:20  sumatriptan 50 mg  [triptan]  relief: partial",
        "      “woke at 3 with it”",
    ]
    assert all(len(line) <= 80 for line in narrow)
    assert " ".join(" ".join(narrow).split()) == " ".join(" ".join(wide).split())


def test_entries_table_paints_only_the_forgotten_warning() -> None:
    def paint(text: str, severity: str) -> str:
        return f"<{severity}>{text}</>"

    text = entries_table([_episode(end=None, possibly_forgotten=True)], width=200, paint=paint)
    assert "<warning>ongoing > 72 h: forgotten to end?</>" in text
    assert text.count("<") == 1 + text.count("</>")  # nothing else painted


def test_too_narrow_for_the_last_column_it_moves_below_under_an_earlier_column() -> None:
    # Details start at column 56; 70 leaves them 14, under the 24 a column keeps. They go
    # on the next lines, under the rightmost column leaving 48 (End, at 22).
    lines = entries_table([_episode()], width=70).splitlines()
    assert lines == [
        "ID  Start             End               Peak  Type",
        "                      Details",
        " 4  Tue 24 Nov 21:00  Wed 25 Nov 07:30     6  migraine",
        "                      persisted, nausea, light, triggers: red wine,",
        "                      poor sleep",
        "      · i9 21:20  sumatriptan 50 mg  [triptan]  relief: partial",
        "      “woke at 3 with it”",
    ]
    assert all(len(line) <= 70 for line in lines)
