"""How every chart and report page looks: matplotlib settings, colours, symbols and styles.

Colours are Okabe-Ito and always come with a second cue (hatching, a marker shape, a letter or
a printed number), so a greyscale print or a colour-blind reader loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple, cast

import matplotlib

from journal.pictures.fonts import FONT, quiet_fonts

# Local settings only (rc_context): real, extractable text with embedded TrueType fonts. Text
# that needs fallback fonts (other scripts, emoji) gets its own family (fonts.font_family).
RC: dict[str, Any] = {
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "headache-journal",
    "font.family": FONT,
    "font.size": 8,
    "hatch.linewidth": 0.6,
    "axes.linewidth": 0.6,
    "axes.edgecolor": "#333333",
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
}


class Style(NamedTuple):
    label: str
    color: str
    hatch: str
    marker: str
    code: str  # the letter the calendar prints


# Okabe-Ito colours, each with its own hatch, marker and letter.
STYLES: dict[str, Style] = {
    "simple": Style("simple pain relievers", "#56B4E9", "", "o", "S"),
    "triptan": Style("triptans", "#0072B2", "////", "s", "T"),
    "ergot": Style("ergotamines", "#009E73", "\\\\\\\\", "D", "E"),
    "opioid": Style("opioids", "#D55E00", "xxx", "v", "O"),
    "combination": Style("combination analgesics", "#CC79A7", "....", "P", "C"),
    "kratom": Style("kratom", "#E69F00", "++", "^", "K"),
    "caffeine": Style("caffeine", "#F0E442", "----", "d", "Cf"),
    "other": Style("other acute remedies", "#999999", "oo", "*", "X"),
    "preventive": Style("preventive (taken daily)", "#DDDDDD", "||||", "|", "P"),
}
# Bar labels sit on a white patch so a threshold line behind them never crosses the digits.
LABEL_BOX: dict[str, Any] = {"facecolor": "white", "edgecolor": "none", "pad": 0.4}
HEADACHE = "#BBBBBB"
SEVERE = "#444444"
INK = "#222222"
UNRECORDED = "#E8E8E8"
# Migraine days: a cross-hatch in the days chart, a heavy frame in the calendar (ink only,
# so they read in greyscale beside the peak shading).
MIGRAINE_HATCH = "xxxx"
MIGRAINE_FRAME = 1.8  # points
# Peak 0..10, light to dark: YlOrBr darkens monotonically, so it reads in greyscale too.
PEAK_COLOURS: tuple[str, ...] = (
    "#FFFBE0",
    "#FFF3B8",
    "#FEE391",
    "#FED068",
    "#FEB442",
    "#FE9929",
    "#EC7014",
    "#CC4C02",
    "#A33A03",
    "#7A2904",
    "#4F1A03",
)
UNKNOWN_PEAK = "#B8B8B8"
# Symbols for day markers, menstruation first (NICE asks for its relation to headaches).
MARKER_SYMBOLS: tuple[str, ...] = ("●", "■", "▲", "◆", "★", "✚", "⬟", "✖")
MENSTRUATION = "♀"
PERSISTED = "▶"


def peak_colour(peak: int | None) -> str:
    return UNKNOWN_PEAK if peak is None else PEAK_COLOURS[max(0, min(10, peak))]


def peak_ink(peak: int | None) -> str:
    """Text colour that stays readable on the peak's shade."""
    return "white" if peak is not None and peak >= 7 else INK


@contextmanager
def style() -> Iterator[None]:
    """Local matplotlib settings for drawing and saving; nothing global changes."""
    with matplotlib.rc_context(cast(Any, RC)), quiet_fonts():
        yield
