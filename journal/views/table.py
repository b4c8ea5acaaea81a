"""The one text-table helper: aligned columns, headers over their rows, a wrapped last column.

Every plain-text table the journal prints goes through `render`, so they all look
alike: columns two spaces apart, numbers right-aligned under right-aligned headers,
and on a narrow terminal the last column wraps onto indented lines instead of the
terminal breaking the line wherever it runs out. Words are never split.

Output to a terminal is as wide as the terminal; anything else (a pipe, a file, a
test) gets FIXED_WIDTH, so what scripts see does not depend on the window.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

# Output width when stdout is not a terminal: stable for scripts and tests.
FIXED_WIDTH = 100
# The wrapped last column keeps at least this many characters, however narrow the
# terminal: below it, wrapped text is harder to read than a line the terminal breaks.
MIN_LAST = 24
GAP = 2

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

# (text, severity) -> text, possibly coloured. The commands pass one that colours on a
# terminal (journal.commands.common.painter); views default to `plain`.
Paint = Callable[[str, str], str]


def plain(text: str, severity: str) -> str:
    return text


@dataclass(frozen=True)
class Column:
    title: str
    align: str = "<"  # "<" left, ">" right


def output_width(stream: object = None) -> int:
    """The terminal's width when STREAM (default stdout) is one, else FIXED_WIDTH."""
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    try:
        if isatty is not None and isatty():
            return shutil.get_terminal_size((FIXED_WIDTH, 24)).columns
    except (OSError, ValueError):
        pass
    return FIXED_WIDTH


def visible_len(text: str) -> int:
    """Length on screen: colour codes take no room."""
    return len(_ANSI.sub("", text))


def wrap(text: str, width: int) -> list[str]:
    """Fill TEXT into lines of at most WIDTH visible characters, breaking only at spaces
    (the spaces at a break are dropped; others are kept as typed, so "a  b" stays
    two apart). A word longer than WIDTH gets a line of its own rather than being
    split; a newline in TEXT starts a new line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _fill(paragraph, width)
    return lines


def _fill(text: str, width: int) -> list[str]:
    pieces = re.split(r"( +)", text.replace("\t", " ").rstrip())
    lines: list[str] = []
    line, used = pieces[0], visible_len(pieces[0])
    for gap, word in zip(pieces[1::2], pieces[2::2], strict=True):
        size = visible_len(word)
        if not line.strip() or used + len(gap) + size <= width:
            line, used = line + gap + word, used + len(gap) + size
        else:
            lines.append(line)
            line, used = word, size
    lines.append(line)
    return lines


def _pad(cell: str, width: int, align: str) -> str:
    room = width - visible_len(cell)
    return " " * room + cell if align == ">" else cell + " " * room


def render(
    columns: Sequence[Column],
    rows: Iterable[Sequence[str]],
    *,
    width: int | None = None,
    indent: int = 0,
    header: bool = True,
) -> str:
    """ROWS under COLUMNS' titles, as lines joined by newlines (no trailing newline).

    A row with fewer cells than there are columns ends in a cell that spans the rest
    of the line (an intake under its episode, a note): it wraps like the last column.
    A left-aligned last column wraps to fit WIDTH (default: output_width()); its
    continuation lines start under the column (or under a spanning cell's text).
    """
    width = output_width() if width is None else width
    body = [list(r) for r in rows]
    n = len(columns)
    sizes = [visible_len(c.title) if header else 0 for c in columns]
    for row in body:
        fixed = row if len(row) == n else row[:-1]
        for i, cell in enumerate(fixed):
            sizes[i] = max(sizes[i], visible_len(cell))
    starts = [indent]
    for size in sizes[:-1]:
        starts.append(starts[-1] + size + GAP)
    lines: list[str] = []
    if header:
        lines += _row([c.title for c in columns], columns, sizes, starts, width)
    for row in body:
        lines += _row(row, columns, sizes, starts, width)
    return "\n".join(lines)


def _row(
    row: Sequence[str],
    columns: Sequence[Column],
    sizes: Sequence[int],
    starts: Sequence[int],
    width: int,
) -> list[str]:
    n = len(columns)
    last = len(row) - 1
    parts = [" " * starts[0]]
    for i, cell in enumerate(row[:last]):
        parts.append(_pad(cell, sizes[i], columns[i].align) + " " * GAP)
    head = "".join(parts)
    tail = row[last] if row else ""
    if last < n - 1 or columns[last].align == "<":
        start = starts[last]
        # Continuation lines hang under the text, past any leading spaces and bullet.
        lead = len(tail) - len(tail.lstrip(" ·"))
        if width - start >= MIN_LAST or last == 0:
            pieces = wrap(tail, max(MIN_LAST, width - start))
            out = [(head + pieces[0]).rstrip()]
            return out + [(" " * (start + lead) + p).rstrip() for p in pieces[1:]]
        # Too narrow to wrap under its own column: the text goes on the lines below,
        # under the rightmost earlier column that leaves it room for two columns' worth.
        fits = [x for x in starts[1:last] if width - x >= 2 * MIN_LAST]
        hang = fits[-1] if fits else starts[min(1, last)]
        pieces = wrap(tail.strip(" "), max(MIN_LAST, width - hang))
        return [head.rstrip()] + [(" " * hang + p).rstrip() for p in pieces]
    return [(head + _pad(tail, sizes[last], columns[last].align)).rstrip()]
