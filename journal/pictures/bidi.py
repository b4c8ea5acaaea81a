"""Lines of text made ready for matplotlib: right-to-left words in place, no invisible marks.

matplotlib (3.11, libraqm) orders each line by the Unicode bidirectional algorithm, which takes
the line's direction from its first letter and lets numbers after an Arabic or Hebrew word join
that word's right-to-left run. In the pictures' English lines that moves things: "20:40
<Arabic name> 500 mg" would be laid out right to left, and "<name> · 2026-09-01" would read
"01-09-2026". A left-to-right mark (U+200E) at the start of such a line and after each
right-to-left stretch keeps the line left to right and each stretch, numbers inside it
included, in its own order.

Invisible characters (variation selectors, joiners, direction controls typed by the user)
are dropped: matplotlib's PDF output misplaces the glyphs around them. A mark of our own goes
only before a character of the main font, where it is drawn correctly.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from journal.pictures.fonts import in_main_font

LRM = "\u200e"
_RTL = ("R", "AL")
_STRONG = ("L", "R", "AL")


@lru_cache(maxsize=16384)
def _kind(char: str) -> str:
    return unicodedata.bidirectional(char)


@lru_cache(maxsize=16384)
def _invisible(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf"
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or code == 0x034F  # combining grapheme joiner
    )


def for_drawing(text: str) -> str:
    """TEXT as one line to draw left to right (unchanged when it has no invisible character
    and no right-to-left letter)."""
    if any(_invisible(c) for c in text):
        text = "".join(c for c in text if not _invisible(c))
    kinds = [_kind(c) for c in text]
    if not any(k in _RTL for k in kinds):
        return text
    # following[i]: the kind of the first strong character after position i ("L" at the end).
    following = ["L"] * len(text)
    upcoming = "L"
    for i in range(len(text) - 1, -1, -1):
        following[i] = upcoming
        if kinds[i] in _STRONG:
            upcoming = kinds[i]
    out: list[str] = []
    first = next(k for k in kinds if k in _STRONG)
    if first in _RTL and in_main_font(text[0]):
        out.append(LRM)
    for i, char in enumerate(text):
        out.append(char)
        nxt = i + 1
        if (
            kinds[i] in (*_RTL, "NSM")
            and nxt < len(text)
            and kinds[nxt] != "NSM"  # a letter's marks belong to it
            and following[i] == "L"
            and in_main_font(text[nxt])
        ):
            out.append(LRM)
    return "".join(out)
