"""Fonts, and measuring and wrapping text the way the charts and the report will draw it."""

from __future__ import annotations

from functools import lru_cache

from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags

FONT = "DejaVu Sans"  # ships with matplotlib: accents, arrows and symbols everywhere


@lru_cache(maxsize=4)
def _font_path(weight: str) -> str:
    return str(findfont(FontProperties(family=FONT, weight=weight)))


@lru_cache(maxsize=16384)
def _advance(char: str, size: float, weight: str) -> float:
    font = get_font(_font_path(weight))
    font.set_size(size, 72)
    glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    return float(glyph.linearHoriAdvance) / 65536 / 72


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width in inches of one line of TEXT at SIZE points, from the embedded font's advances.

    Summing unhinted advances per character is what the PDF places, and it is a hundred times
    faster than laying out each candidate line; the 3% covers kerning and rounding in PNGs.
    """
    return sum(_advance(c, size, weight) for c in text) * 1.03


def wrap(text: str, width: float, size: float, weight: str = "normal") -> list[str]:
    """Greedy word wrap to WIDTH inches; a word too long for a line is broken, never cut."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        # Only plain spaces break a line: "19\u00a0h" stays together.
        for word in filter(None, paragraph.split(" ")):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, weight) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, weight) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size, weight) > width:
                    cut = max(1, int(cut * 0.8)) if cut > 8 else cut - 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines
