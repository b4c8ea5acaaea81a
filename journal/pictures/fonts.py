"""Fonts for any script, and measuring and wrapping text the way the pictures will draw it.

DejaVu Sans (shipped with matplotlib) draws Latin, Greek, Cyrillic, Arabic, Hebrew and most
symbols; the fonts after it in `families()` are matplotlib font fallbacks for what it lacks
(a text that needs them is drawn with the font family `font_family` gives it):
Noto Sans for the scripts of India, South-East Asia, the Caucasus and Africa, WenQuanYi Micro
Hei for Chinese, Japanese and Korean, Symbola for emoji; all have TrueType outlines, which
PDFs embed cleanly. `make fonts` installs them (Debian: fonts-noto-core, fonts-wqy-microhei,
fonts-symbola). A character no installed font has is drawn as matplotlib's Last Resort box,
which names its Unicode block, never as a failure. matplotlib (3.11+, libraqm) joins Arabic
letters, orders right-to-left text and forms Indic clusters; the PDF keeps the characters
themselves, so its text can be copied and searched.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Literal

from matplotlib.font_manager import FontProperties, findfont, findSystemFonts, fontManager, get_font
from matplotlib.ft2font import FT2Font, LoadFlags

Slant = Literal["normal", "italic", "oblique"]
FONT = "DejaVu Sans"  # ships with matplotlib: accents, arrows and symbols everywhere
# Noto Sans families (fonts-noto-core) for the living scripts DejaVu Sans lacks, or draws only
# in regular weight (Arabic, Hebrew).
NOTO_SCRIPTS: tuple[str, ...] = (
    "Arabic", "Hebrew", "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Oriya", "Tamil",
    "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai", "Lao", "Khmer", "Myanmar",
    "Georgian", "Armenian", "Ethiopic", "Thaana", "Syriac", "Mongolian", "Cherokee",
    "Canadian Aboriginal", "Javanese", "Yi",
)  # fmt: skip
# (family, the start of its file names): matplotlib's font list may predate their install.
FALLBACKS: tuple[tuple[str, str], ...] = (
    *((f"Noto Sans {s}", "NotoSans" + s.replace(" ", "")) for s in NOTO_SCRIPTS),
    ("WenQuanYi Micro Hei", "wqy-microhei"),  # Chinese, Japanese, Korean
    ("Symbola", "Symbola"),  # emoji and symbols, in outline (colour bitmaps cannot be drawn)
)


@lru_cache(maxsize=1)
def families() -> tuple[str, ...]:
    """FONT, then every fallback font this machine has, in order."""
    known = {f.name for f in fontManager.ttflist}
    missing = [(family, stem) for family, stem in FALLBACKS if family not in known]
    if missing:
        # matplotlib caches its font list once; fonts installed since then are added here (in
        # this process only) rather than by rebuilding the whole cache.
        for path in findSystemFonts():
            name = Path(path).name
            for _, stem in missing:
                if name.startswith(stem) and name[len(stem) : len(stem) + 1] in ("-", "_", "."):
                    fontManager.addfont(path)
        known = {f.name for f in fontManager.ttflist}
    return (FONT, *(family for family, _ in FALLBACKS if family in known))


@lru_cache(maxsize=64)
def _face(family: str, weight: str = "normal", style: Slant = "normal") -> FT2Font:
    prop = FontProperties(family=family, weight=weight, style=style)
    return get_font(findfont(prop, fallback_to_default=False))


FACES: tuple[tuple[str, Slant], ...] = (
    ("normal", "normal"),
    ("bold", "normal"),
    ("normal", "italic"),
    ("bold", "italic"),
)


@lru_cache(maxsize=65536)
def _drawn_by(char: str) -> str:
    """The font matplotlib's fallback takes CHAR from: FONT when each face of it that the
    pictures use has it (its bold lacks some Arabic), else the first fallback that has it."""
    code = ord(char)
    if all(_face(FONT, *face).get_char_index(code) for face in FACES):
        return FONT
    return next((f for f in families()[1:] if _face(f).get_char_index(code)), FONT)


def font_family(text: str) -> str | list[str]:
    """The font family to draw TEXT with: FONT, then only the fallbacks its characters need.

    The fallback picks, per character, the first font of the list that has it, so this list
    draws TEXT exactly as the full one would; but matplotlib looks up every font of a list for
    every text it lays out, and two dozen of them made a report twice as slow.
    """
    needed = {_drawn_by(c) for c in text} - {FONT}
    if not needed:
        return FONT
    return [FONT, *(f for f in families() if f in needed)]


@contextmanager
def quiet_fonts() -> Iterator[None]:
    """No font chatter on the terminal: a missing glyph is drawn as a box, and a fallback font
    without a bold face is used in its regular face; both are expected, not news."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
            yield
    finally:
        logger.setLevel(level)


# --- measuring ----------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _font_path(weight: str) -> str:
    return str(findfont(FontProperties(family=FONT, weight=weight)))


@lru_cache(maxsize=16384)
def in_main_font(char: str) -> bool:
    """Whether FONT itself has CHAR (in its regular face)."""
    return get_font(_font_path("normal")).get_char_index(ord(char)) != 0


@lru_cache(maxsize=16384)
def _simple(char: str, weight: str) -> bool:
    """Whether CHAR is drawn from FONT alone, one glyph after another: no fallback font, no
    joining, reordering or clustering. Those characters are measured one by one."""
    code = ord(char)
    if not (code < 0x0590 or 0x1E00 <= code < 0x2C00) or unicodedata.category(char) == "Cf":
        return False
    return get_font(_font_path(weight)).get_char_index(code) != 0


@lru_cache(maxsize=16384)
def _advance(char: str, size: float, weight: str) -> float:
    font = get_font(_font_path(weight))
    font.set_size(size, 72)
    glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    return float(glyph.linearHoriAdvance) / 65536 / 72


@lru_cache(maxsize=16384)
def _run_width(run: str, size: float, weight: str) -> float:
    """Width of a run of other text, laid out as matplotlib draws it: the same fallback fonts,
    shaping and bidi (TextToPath is the measure matplotlib's vector backends use)."""
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=font_family(run), size=size, weight=weight)
    with quiet_fonts():
        width, _, _ = text_to_path.get_text_width_height_descent(run, prop, ismath=False)
    return float(width) / 72


def _runs(text: str, weight: str) -> Iterator[tuple[bool, str]]:
    """TEXT cut into maximal runs of simple characters and of the rest."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or _simple(text[i], weight) != _simple(text[start], weight):
            yield _simple(text[start], weight), text[start:i]
            start = i


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width in inches of one line of TEXT at SIZE points, as the PDF will place it.

    Latin, Greek, Cyrillic and symbols in FONT: the sum of unhinted advances per character, a
    hundred times faster than laying out each candidate line. Everything else (other scripts,
    emoji): laid out by matplotlib itself, run by run. The 3% covers kerning and rounding.
    """
    total = 0.0
    for simple, run in _runs(text, weight):
        if simple:
            total += sum(_advance(c, size, weight) for c in run)
        else:
            total += _run_width(run, size, weight)
    return total * 1.03


# --- wrapping -----------------------------------------------------------------------------------

# Chinese and Japanese text may break between any two characters (UAX #14, class ID), except
# before closing and after opening punctuation. Korean puts spaces between words, and breaks
# there (as "word-break: keep-all" does), so a word is never split.
_WIDE = re.compile(
    "[\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff\uf900-\ufaff"
    "\uff00-\uffef\U00020000-\U0003ffff]"
)
_NO_START = set(
    "、。，．：；？！）］｝」』】〕〉》ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…"
)
_NO_END = set("（［｛「『【〔〈《")
# In a word wider than a whole line: break after these before cutting it anywhere.
_SOFT = re.compile(r"(?<=[-/+_.,:;])(?=\w)")


def _pieces(word: str) -> list[str]:
    """WORD cut where a line may break inside it (around Chinese, Japanese, Korean text)."""
    pieces = [word[:1]]
    for prev, char in pairwise(word):
        wide = _WIDE.match(prev) or _WIDE.match(char)
        if wide and char not in _NO_START and prev not in _NO_END:
            pieces.append(char)
        else:
            pieces[-1] += char
    return pieces


def _splits_cluster(text: str, i: int) -> bool:
    """Whether a break before text[I] would part what is drawn as one character: a letter and
    its marks, a consonant after a virama, an emoji and its joiners, variants and skin tone."""
    char, prev = text[i], text[i - 1]
    return (
        unicodedata.category(char)[0] == "M"
        or char in "\u200d\ufe0e\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin tone
        or prev == "\u200d"
        or unicodedata.combining(prev) == 9  # virama
    )


def _cut(text: str, width: float, size: float, weight: str) -> int:
    """Length of the longest start of TEXT that fits WIDTH, ending between clusters (at least
    one cluster, however wide)."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid], size, weight) <= width:
            lo = mid
        else:
            hi = mid - 1
    cut = lo
    while 1 < cut < len(text) and _splits_cluster(text, cut):
        cut -= 1
    if cut < len(text) and _splits_cluster(text, cut):
        cut = lo
        while cut < len(text) and _splits_cluster(text, cut):
            cut += 1
    return cut


def _break_long(piece: str, width: float, size: float, weight: str) -> list[str]:
    """A piece wider than a line: broken after a hyphen, slash or plus if that is enough,
    else cut where it must be."""
    lines: list[str] = []
    line = ""
    for part in _SOFT.split(piece):
        while text_width(part, size, weight) > width and len(part) > 1:
            if line:
                lines.append(line)
                line = ""
            cut = _cut(part, width, size, weight)
            if cut == len(part):  # one cluster wider than the line: it stands alone
                break
            lines.append(part[:cut])
            part = part[cut:]
        if line and text_width(line + part, size, weight) > width:
            lines.append(line)
            line = ""
        line += part
    return [*lines, line]


def widest_piece(text: str, size: float, weight: str = "normal") -> float:
    """Width in inches of the widest part of TEXT that wrap() keeps on one line when a line
    can hold it: a word, or a Chinese or Japanese character with its punctuation."""
    return max(
        (
            text_width(piece, size, weight)
            for paragraph in text.split("\n")
            for word in paragraph.split(" ")
            if word
            for piece in _pieces(word)
        ),
        default=0.0,
    )


def wrap(text: str, width: float, size: float, weight: str = "normal") -> list[str]:
    """Greedy word wrap to WIDTH inches. Lines break at spaces (a no-break space holds:
    "19\u00a0h" stays together) and between Chinese, Japanese or Korean characters; a word
    wider than a whole line is broken after a hyphen, slash or plus, and only cut inside when
    even that is too wide. Nothing is ever cut off."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in filter(None, paragraph.split(" ")):
            for i, piece in enumerate(_pieces(word)):
                joint = " " if i == 0 and line else ""
                candidate = line + joint + piece
                if text_width(candidate, size, weight) <= width:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                line = piece
                if text_width(piece, size, weight) > width:
                    *full, line = _break_long(piece, width, size, weight)
                    lines += full
        lines.append(line)
    return lines
