"""Measuring, wrapping and ordering text in any script, the way the pictures draw it."""

from __future__ import annotations

import shutil
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from journal.pictures.bidi import LRM, for_drawing
from journal.pictures.fonts import FONT, families, font_family, text_width, wrap
from journal.pictures.style import style
from tests.test_charts import words

SAMPLES = [
    "Headache days and acute-medication days",
    "头痛很严重，今天早上开始",
    "頭痛がひどい",
    "두통이 심하다",
    "صداع شديد جدا",
    "כאב ראש חזק",
    "सिरदर्द बहुत तेज़",
    "🤕😣 pill",
    "ปวดหัวมาก",
]


def drawn_width(text: str, size: float, weight: str) -> float:
    """Inches matplotlib itself gives the text once drawn as the pictures draw it (its extent
    at 72 dpi, in the fonts font_family names)."""
    with style():
        fig = Figure(figsize=(10, 2), dpi=72)
        canvas = FigureCanvasAgg(fig)
        family = font_family(text)
        artist = fig.text(0, 0.5, text, fontsize=size, weight=weight, fontfamily=family)
        return float(artist.get_window_extent(canvas.get_renderer()).width) / 72


@pytest.mark.parametrize("weight", ["normal", "bold"])
@pytest.mark.parametrize("text", SAMPLES)
def test_text_width_holds_what_matplotlib_draws(text: str, weight: str) -> None:
    # Layouts reserve text_width: never less than the drawn text, and not much more.
    drawn = drawn_width(text, 10, weight)
    assert drawn <= text_width(text, 10, weight) <= drawn * 1.1


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("Headache · ≥ 4 ▲ ♀ ▶ Zoë Ødegård", None),  # all in DejaVu Sans
        ("כאב ראש", None),  # so is Hebrew
        ("صداع", ["Noto Sans Arabic"]),  # Arabic too, but not in bold
        ("头痛 두통 頭痛", ["WenQuanYi Micro Hei"]),
        ("सिरदर्द 🤕", ["Noto Sans Devanagari", "Symbola"]),
        ("💊 सिरदर्द ปวดหัว 😣", ["Noto Sans Devanagari", "Noto Sans Thai", "Symbola"]),
    ],
)
def test_font_family_names_only_the_fallbacks_a_text_needs(
    text: str, needs: list[str] | None
) -> None:
    if needs and not set(needs) <= set(families()):
        pytest.skip("needs the fonts of `make fonts`")
    # In the order of the full list, so each character comes from the same font as with it.
    assert font_family(text) == (FONT if needs is None else [FONT, *needs])


def fits(lines: list[str], width: float, size: float = 8) -> bool:
    return all(text_width(line, size) <= width for line in lines)


def test_chinese_breaks_between_characters_and_loses_none() -> None:
    text = "头痛很严重今天早上开始然后越来越疼了"
    width = text_width("头痛很严重", 8)
    lines = wrap(text, width, 8)
    assert lines == ["头痛很严重", "今天早上开", "始然后越来", "越疼了"]
    assert fits(lines, width)


@pytest.mark.parametrize("width_of", ["头痛，", "头痛，今天", "头痛，今天。然"])
def test_no_line_starts_with_closing_punctuation(width_of: str) -> None:
    text = "头痛，今天。然后「越来越」疼了。"
    lines = wrap(text, text_width(width_of, 8), 8)
    assert "".join(lines) == text
    assert not any(line[0] in "，。」、" for line in lines[1:]), lines
    assert not any(line[-1] == "「" for line in lines), lines


def test_korean_breaks_at_spaces_only() -> None:
    words_ = ["두통이", "심하다", "오늘은", "일찍"]
    width = max(text_width(w, 8) for w in words_)
    lines = wrap(" ".join(words_), width, 8)
    assert [part for line in lines for part in line.split(" ")] == words_
    assert fits(lines, width)


@pytest.mark.parametrize(
    ("text", "width_of", "expected"),
    [
        # A word that fits a line is never split, however narrow the rest.
        ("dehydration", "dehydration", ["dehydration"]),
        ("poor sleep dehydration", "dehydration", ["poor sleep", "dehydration"]),
        # Wider than a line: broken after a hyphen, plus or slash first.
        (
            "paracetamol-caffeine-codeine",
            "paracetamol-caffeine-",
            ["paracetamol-caffeine-", "codeine"],
        ),
        ("aspirin+caffeine", "aspirin+", ["aspirin+", "caffeine"]),
        ("ibuprofen/codeine x", "ibuprofen/", ["ibuprofen/", "codeine x"]),
        # No break allowed anywhere: cut, and nothing is lost.
        ("abcdefghij", "abcde", ["abcde", "fghij"]),
        # A no-break space holds a number to its unit.
        ("19\u00a0h 59\u00a0min", "19\u00a0h 59\u00a0mi", ["19\u00a0h", "59\u00a0min"]),
    ],
)
def test_wrap_breaks_words_only_where_it_must(
    text: str, width_of: str, expected: list[str]
) -> None:
    assert wrap(text, text_width(width_of, 8), 8) == expected


@pytest.mark.parametrize(
    "text", ["👨\u200d👩\u200d👧👍🏽❤\ufe0f", "क्षत्रिय सिरदर्द", "e\u0301e\u0301e\u0301"]
)
def test_a_cut_never_parts_a_cluster(text: str) -> None:
    lines = wrap(text, 0.01, 8)  # narrower than any character
    assert "".join(lines) == text.replace(" ", "")
    for before, after in pairwise(lines):
        assert unicodedata.category(after[0])[0] != "M"  # a mark stays with its letter
        assert after[0] not in "\u200d\ufe0f" and not "\U0001f3fb" <= after[0] <= "\U0001f3ff"
        assert before[-1] != "\u200d" and unicodedata.combining(before[-1]) != 9  # virama


ARABIC = "باراسيتامول"
HEBREW = "כאב ראש"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Nothing right-to-left, nothing invisible: unchanged.
        ("Headache days · 2026-09-01", "Headache days · 2026-09-01"),
        ("头痛 😣", "头痛 😣"),
        # The line stays left to right; the dose stays after the remedy.
        (f"20:40 {ARABIC} 500 mg", f"{LRM}20:40 {ARABIC}{LRM} 500 mg"),
        # The date after a name keeps its order.
        (f"Patient: {ARABIC} · 2026-09-01", f"Patient: {ARABIC}{LRM} · 2026-09-01"),
        # A right-to-left sentence keeps its numbers inside it.
        (f"{HEBREW} 3 {HEBREW}", f"{LRM}{HEBREW} 3 {HEBREW}"),
        (f"Note: {HEBREW} 3 {HEBREW}, then", f"Note: {HEBREW} 3 {HEBREW}{LRM}, then"),
        # Invisible characters go: variation selectors, zero-width spaces, direction overrides.
        ("❤\ufe0f ok", "❤ ok"),
        ("a\u200bb", "ab"),
        ("\u202eabc\u202c", "abc"),
    ],
)
def test_for_drawing(text: str, expected: str) -> None:
    assert for_drawing(text) == expected


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")
def test_numbers_and_dates_keep_their_place_beside_right_to_left_words(tmp_path: Path) -> None:
    path = tmp_path / "lines.pdf"
    with style():
        fig = Figure(figsize=(6, 1.5))
        fig.text(0.02, 0.7, for_drawing(f"20:40 {ARABIC} 500 mg, relief: full"), fontsize=10)
        fig.text(0.02, 0.3, for_drawing(f"Patient: {ARABIC} · 2026-09-01 to 2026-09-30"))
        fig.savefig(path)
    found = words(path)[0]
    top = min(w.y0 for w in found)
    lines: tuple[list[str], list[str]] = ([], [])
    for w in sorted(found, key=lambda w: w.x0):
        text = w.text.replace(LRM, "")
        if text.isascii():  # the words around the Arabic one, left to right
            lines[w.y0 > top + 20].append(text)
    assert lines[0] == ["20:40", "500", "mg,", "relief:", "full"]
    assert lines[1] == ["Patient:", "2026-09-01", "to", "2026-09-30"]
