"""Text in any script: `journal report` and `journal chart` draw it, on a real journal file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from journal.pictures.fonts import families
from tests.conftest import Invoke
from tests.test_charts import words

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")
# `make test` installs these (make fonts); without them the text is drawn as boxes, which
# the tests below accept, but for the check that looks for the fonts themselves.
FONTS = ("Noto Sans Devanagari", "WenQuanYi Micro Hei", "Symbola")

# One sample per script the journal promises to draw.
SCRIPTS: dict[str, str] = {
    "chinese": "头痛很严重",
    "japanese": "頭痛がひどい",
    "korean": "두통이 심하다",
    "arabic": "صداع شديد",
    "hebrew": "כאב ראש חזק",
    "devanagari": "सिरदर्द",
    "emoji": "🤕😣",
}
REMEDIES: dict[str, str] = {
    "chinese": "布洛芬",
    "japanese": "ロキソニン",
    "korean": "타이레놀",
    "arabic": "باراسيتامول",
    "hebrew": "אקמול",
    "devanagari": "पैरासिटामोल",
    "emoji": "💊 pill",
}
NAME = "王小明 山田 김민지 مريم שרה प्रिया 🙂"
PERIOD = ("--from", "2026-09-01", "--to", "2026-09-30")


def every_script(run: Invoke) -> None:
    """An episode, a remedy taken, and a day marker per script, on its own day of September."""
    for n, (script, text) in enumerate(SCRIPTS.items()):
        day = f"2026-09-{2 + 3 * n:02d}"
        when = ("--start", f"{day} 08:00", "--end", f"{day} 11:00", "--intensity", "5")
        note = f"{text} ({script}) 3 cups"
        run("log", *when, "--trigger", text, "--location", text, "--note", note)
        run("remedies", "add", REMEDIES[script], "--class", "simple", "--unit", "mg")
        run("take", REMEDIES[script], "--dose", "500", "--at", f"{day} 08:30")
        run("mark", text, "--date", day, "--note", f"{script} {text}")


@pytest.fixture
def journal(run: Invoke) -> Invoke:
    every_script(run)
    return run


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@needs_poppler
def test_report_draws_every_script(journal: Invoke, tmp_path: Path) -> None:
    # A real process: there nothing but the terminal would catch matplotlib's warnings about
    # glyphs drawn as boxes or fonts without a bold face, and neither is news to a user.
    out = tmp_path / "report.pdf"
    proc = subprocess.run(
        [sys.executable, "-m", "journal", "report", "--out", str(out), *PERIOD, "--name", NAME],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "default"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"Wrote {out}: ") and proc.stderr.count("\n") == 1, proc.stderr

    # The PDF keeps the text itself: Chinese, Japanese and Korean in the name, the notes, the
    # triggers, the remedies and the markers.
    text = pdf_text(out)
    for script in ("chinese", "japanese", "korean"):
        assert text.count(SCRIPTS[script]) >= 3, script
        assert REMEDIES[script] in text, script
    assert "Patient: 王小明 山田 김민지" in text
    assert "Headache diary report · 王小明 山田 김민지" in text  # the running header

    # Every word inside the margins, and none on top of another.
    found, width, height = words(out)
    side, top_bottom = 0.6 * 72 - 1.5, 0.25 * 72
    for w in found:
        assert side <= w.x0 and w.x1 <= width - side, w
        assert w.y0 >= top_bottom and w.y1 <= height - top_bottom, w
    # Arabic and Hebrew fonts claim a line height far above their letters, so pdftotext's
    # boxes of those words overlap the next line; the words of the other scripts must not.
    plain = [w for w in found if not any(unicodedata.bidirectional(c) in "RAL" for c in w.text)]
    for a in plain:
        for b in plain:
            if a is not b and a.page == b.page and a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5:
                assert min(a.y1, b.y1) - max(a.y0, b.y0) <= 1.0, (a, b)

    if set(FONTS) <= set(families()):
        fonts = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True, text=True)
        assert "LastResort" not in fonts.stdout  # no character was left to a box
        for embedded in ("WenQuanYiMicroHei", "NotoSansDevanagari", "Symbola", "DejaVuSans"):
            assert embedded in fonts.stdout
        assert "Mismatch" not in fonts.stderr  # fonts embedded as the type they claim


def test_every_chart_draws_every_script(journal: Invoke, tmp_path: Path) -> None:
    for kind in ("days", "intensity", "calendar", "remedies", "persistence"):
        out = tmp_path / f"{kind}.png"
        result = journal("chart", kind, "--out", str(out), *PERIOD, "--dpi", "40")
        assert result.stderr == f"Wrote {out} (2026-09-01 to 2026-09-30).\n"
        assert out.read_bytes()[:4] == b"\x89PNG"
    if shutil.which("pdftotext"):  # the calendar's key names the markers, as text
        out = tmp_path / "calendar.pdf"
        journal("chart", "calendar", "--out", str(out), *PERIOD)
        for script in ("chinese", "japanese", "korean"):
            assert SCRIPTS[script] in pdf_text(out)
