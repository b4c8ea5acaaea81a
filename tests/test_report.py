"""The PDF report from hand-made facts: pages, the summary's figures, text that is never cut."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from journal.core.summary import summarise
from journal.pictures import chartdata, diary
from journal.pictures.page import Line
from journal.pictures.report import Meta, write_report
from journal.pictures.report_summary import flag_lines, summary_lines, summary_pages
from tests.conftest import file_mode
from tests.test_charts import NOW, YEAR, assert_text_fits, year_journal

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

GENERATED = date(2026, 1, 10)
LONG_NOTE = " ".join(f"word{i:04d}" for i in range(1400)) + " " + "Z" * 260 + " the-last-word"


@dataclass
class Rendered:
    path: Path
    pages: int
    data: chartdata.ChartData


def _render(folder: Path, name: str, first: date, last: date, paper: str = "a4", **kw) -> Rendered:
    journal = year_journal(note=kw.pop("note", None))
    data = chartdata.build(journal.facts, first, last)
    rows = diary.diary_rows(journal.episodes, journal.intakes, journal.markers, NOW)
    rows = [r for r in rows if first <= r.day <= last]
    path = folder / f"{name}.pdf"
    pages = write_report(data, rows, Meta(GENERATED, paper, kw.pop("who", None)), path)
    return Rendered(path, pages, data)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    folder = tmp_path_factory.mktemp("reports")
    return {
        "1": _render(folder, "one", date(YEAR, 12, 1), date(YEAR, 12, 31)),
        "3": _render(folder, "three", date(YEAR, 10, 1), date(YEAR, 12, 31)),
        "12": _render(folder, "twelve", date(YEAR, 1, 1), date(YEAR, 12, 31), who="Zoë Ødegård"),
        "12-letter": _render(folder, "letter", date(YEAR, 1, 1), date(YEAR, 12, 31), "letter"),
        "note": _render(folder, "note", date(YEAR, 6, 1), date(YEAR, 6, 30), note=LONG_NOTE),
    }


def pdf_text(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return dict(
        (k.strip(), v.strip()) for k, v in (line.split(":", 1) for line in out.stdout.splitlines())
    )


# The summary (2 pages: the menstruation marker of each month's day 3 brings the cycle table,
# which with the flags runs onto a second page), the calendar (3 months a page), two chart
# pages, the diary, and the background the flags rest on (1 page). The diary fits one page:
# per month a loose-intake row under a two-line date (date + marker), a one-line migraine and
# a two-line tension row make 5 lines, 60 for the year, plus 6 one-line kratom rows in
# December: 66 lines, where an A4 page holds 75 and a letter page 69.
@pytest.mark.parametrize(
    ("key", "pages"),
    [("1", 2 + 1 + 2 + 1 + 1), ("3", 2 + 1 + 2 + 1 + 1), ("12", 2 + 4 + 2 + 1 + 1)],
)
def test_page_count(reports: dict[str, Rendered], key: str, pages: int) -> None:
    assert reports[key].pages == pages
    assert pdf_info(reports[key].path)["Pages"] == str(pages)


@pytest.mark.parametrize(
    ("key", "size"),
    [("12", "595.44 x 841.68 pts (A4)"), ("12-letter", "612 x 792 pts (letter)")],
)
def test_paper_sizes(reports: dict[str, Rendered], key: str, size: str) -> None:
    assert pdf_info(reports[key].path)["Page size"] == size
    assert reports[key].pages == 10


def _row(text: str, label: str) -> list[str]:
    """The cells after LABEL on the summary table's line, without the over-the-line marks."""
    for line in text.splitlines():
        if re.match(re.escape(label) + r"\s+[\d–]", line.strip()):
            rest = line.strip()[len(label) :]
            return [t for t in rest.split() if t != "▲"]
    raise AssertionError(f"no line starting with {label!r}")


# Per month Jan-Dec, then the year's total: worked out by hand in year_journal's docstring.
EXPECTED = {
    # days 3 to 11 each month (1 to 11 in December); the rest lie in silences of 14+ days
    "Known days (diary kept)": ["9"] * 11 + ["11", "110"],
    "Headache days": ["3"] * 12 + ["36"],
    "Moderate/severe days (peak ≥ 4)": ["1"] * 12 + ["12"],
    "Acute-medication days, any class (line 10)": ["2"] * 11 + ["8", "30"],
    "simple pain relievers (line 15)": ["1"] * 12 + ["12"],
    "triptans (line 10)": ["1"] * 12 + ["12"],
    "kratom (line 10)": ["0"] * 11 + ["7", "7"],
    "Caffeine days": ["0"] * 13,
    "Preventive days": ["1"] * 12 + ["12"],
    "Episodes": ["2"] * 12 + ["24"],
    "Episodes persisting into next day": ["1"] * 12 + ["12"],
    "Share persisting": ["50%"] * 13,
    "Mean day peak (0-10)": ["4.0"] * 13,
}


@pytest.mark.parametrize("label", EXPECTED)
def test_summary_table_holds_the_hand_counted_figures(
    reports: dict[str, Rendered], label: str
) -> None:
    text = pdf_text(reports["12"].path, "-layout", "-f", "1", "-l", "1")
    assert _row(text, label) == EXPECTED[label]


@pytest.mark.parametrize("key", ["1", "3", "12", "12-letter"])
def test_summary_table_equals_summarise_for_the_same_months(
    reports: dict[str, Rendered], key: str
) -> None:
    rendered = reports[key]
    facts = year_journal().facts
    text = pdf_text(rendered.path, "-layout", "-f", "1", "-l", "1")
    columns = [summarise(facts, m.first, m.last, m.label) for m in rendered.data.months]
    if len(columns) > 1:
        columns.append(summarise(facts, rendered.data.first, rendered.data.last, "total"))
    pairs = {
        "Headache days": lambda s: s["headache_days"],
        "Moderate/severe days (peak ≥ 4)": lambda s: s["moderate_severe_days"],
        "Acute-medication days, any class (line 10)": lambda s: s["medication_days"]["total"],
        "triptans (line 10)": lambda s: s["medication_days"]["triptan"],
        "Known days (diary kept)": lambda s: s["recorded_days"],
        "Preventive days": lambda s: s["preventive_days"],
        "Episodes persisting into next day": lambda s: s["persisted_episodes"],
    }
    for label, get in pairs.items():
        assert _row(text, label) == [str(get(s)) for s in columns], label


def test_summary_page_has_midas_flags_and_the_cautions(reports: dict[str, Rendered]) -> None:
    # the cycle table pushes the flags onto the second page of the summary
    text = " ".join(pdf_text(reports["3"].path, "-f", "1", "-l", "2").split())
    assert "Period: Wed 01 Oct 2025 to Wed 31 Dec 2025 (3 calendar months)" in text
    # MIDAS over Oct-Dec: no impact recorded, 9 headache days, mean peak 4.0.
    assert "Score 0, grade I (little or no disability)" in text
    assert "A: headache days 9; B: mean day peak 4.0" in text
    assert "WARNING · kratom-daily-use · kratom · 2025-12-01 to 2025-12-07" in text
    assert "Kratom taken every day for 7 consecutive days" in text
    assert "It is not a diagnosis" in text
    assert "“worst ever”" in text and "stiff neck, needs urgent medical care" in text
    assert "propranolol (other): 3 intakes, 120 mg in total" in text
    assert "What the flags rest on (medication overuse, kratom, opioids): page 7." in text


def test_background_page_holds_the_shared_paragraphs_once(reports: dict[str, Rendered]) -> None:
    text = " ".join(pdf_text(reports["3"].path, "-f", "7", "-l", "7").split())
    assert text.count("Kratom is not an approved medicine") == 1
    assert text.count("Medication-overuse headache is a headache made more frequent") == 1
    assert "Opioids are the class" not in text  # no opioid flag, no opioid paragraph


def test_cycle_table_is_a_pattern_to_judge(reports: dict[str, Rendered]) -> None:
    # The year journal: a menstruation marker on day 3 of every month (one-day periods) and a
    # triptan that day, so each cycle has a migraine day on its day 1 and none at other times.
    layout = pdf_text(reports["3"].path, "-layout", "-f", "1", "-l", "2")
    rows = [line.split() for line in layout.splitlines() if line.startswith("2025-1")]
    assert rows == [
        ["2025-10-03", "1d", "31", "d", "yes", "(day", "1)", "0"],
        ["2025-11-03", "1d", "30", "d", "yes", "(day", "1)", "0"],
        ["2025-12-03", "1d", "yes", "(day", "1)", "0"],
    ]
    text = " ".join(pdf_text(reports["3"].path, "-f", "1", "-l", "2").split())
    assert "Migraine days and menstruation" in text
    assert (
        "Cycles: 3 (3 recorded, at most 3 in a row); with a migraine day on days -2..+3: 3;" in text
    )
    assert "Pattern in the records: pure-menstrual." in text
    assert "for a clinician to judge, not a diagnosis" in text
    # one cycle in December alone is not enough
    one = " ".join(pdf_text(reports["1"].path, "-f", "1", "-l", "2").split())
    assert "Pattern in the records: not-enough-data. Fewer than 3 consecutive cycles" in one


def test_migraine_days_in_the_month_table(reports: dict[str, Rendered]) -> None:
    # a sumatriptan dose on day 3 of each month, no episode with features: 1 migraine day
    text = pdf_text(reports["3"].path, "-layout", "-f", "1", "-l", "1")
    assert _row(text, "Migraine days") == ["1", "1", "1", "3"]


def test_every_page_has_a_footer(reports: dict[str, Rendered]) -> None:
    text = pdf_text(reports["12"].path)
    for page in range(1, 11):
        assert f"Page {page} of 10" in text
    assert text.count("Generated 2026-01-10") == 10
    assert text.count("Patient-recorded diary; not a diagnosis.") == 10


def test_accented_name_and_symbols_come_back_as_text(reports: dict[str, Rendered]) -> None:
    text = pdf_text(reports["12"].path)
    assert "Patient: Zoë Ødegård" in text
    assert "Headache diary report · Zoë Ødegård · 2025-01-01 to 2025-12-31" in text
    assert "♀ menstruation" in text and "▶" in text and "≥" in text


def test_long_note_is_wrapped_and_carried_over_never_cut(reports: dict[str, Rendered]) -> None:
    rendered = reports["note"]
    text = pdf_text(rendered.path)
    words = re.findall(r"word\d{4}", text)
    assert words == [f"word{i:04d}" for i in range(1400)]
    assert "Z" * 260 in "".join(text.split())
    assert "the-last-word" in text
    assert "(continued)" in text
    # 1 summary + 1 calendar + 2 charts + the diary, which the note pushes past one page
    # (no background page: June has no flags).
    assert rendered.pages >= 6
    assert "What the flags rest on" not in text


def test_report_file_is_private(reports: dict[str, Rendered]) -> None:
    assert file_mode(reports["1"].path) == 0o600


@pytest.mark.parametrize("key", ["12", "12-letter", "note"])
def test_no_text_is_clipped_or_overlapping(reports: dict[str, Rendered], key: str) -> None:
    margin = 0.6 * 72 - 1.5  # the report's side margins, less a rounding allowance
    assert_text_fits(reports[key].path, margin, 0.25 * 72)


def _tall(lines: list[Line]) -> float:
    return sum(line.height for line in lines)


def _is_heading(line: Line) -> bool:
    return line.size == 11 and line.weight == "bold"


@pytest.mark.parametrize(
    ("room", "expected"),
    [
        # Room for everything: one page.
        (lambda head, flags: head + flags + 0.2, "one page"),
        # The flags do not fit under the rest, but fit a page: they start the next one.
        (lambda head, flags: head + flags / 2, "flags start page 2"),
        # Flags longer than a page run on between two flags, under "Flags (continued)".
        (lambda head, flags: flags * 0.6, "flags run on"),
    ],
)
def test_summary_flags_stay_whole_or_start_a_page(room: Any, expected: str) -> None:
    data = chartdata.build(year_journal().facts, date(YEAR, 10, 1), date(YEAR, 12, 31))
    width = 7.07
    head, flags = summary_lines(data, None, width), flag_lines(data, width, None)
    height = room(_tall(head), _tall(flags))
    pages = summary_pages(data, None, width, height)
    texts = [[line.text for line in page] for page in pages]
    flag_texts = [line.text for line in flags]
    # Nothing lost or doubled, and no page ends on a heading.
    body = [t for page in texts for t in page if not t.endswith("(continued)")]
    assert body == [line.text for line in head] + flag_texts
    assert not any(_is_heading(page[-1]) for page in pages)
    if expected == "one page":
        assert len(pages) == 1
    elif expected == "flags start page 2":
        assert len(pages) == 2
        assert texts[1] == flag_texts  # the page opens with the flags' own heading
        assert not set(flag_texts) & set(texts[0])
    else:
        continued = [page for page in texts if page[0] == "Flags (continued)"]
        assert continued and all(t in flag_texts for page in continued for t in page[1:])


@pytest.mark.parametrize("key", ["1", "3", "12", "note"])
def test_no_page_is_blank(reports: dict[str, Rendered], key: str) -> None:
    # A report with nothing flagged ("note": June) has no page for the flags' background.
    path, pages = reports[key].path, reports[key].pages
    for page in range(1, pages + 1):
        text = pdf_text(path, "-f", str(page), "-l", str(page))
        body = [
            line
            for line in text.splitlines()
            if line.strip()
            and not line.startswith(("Headache diary report ·", "Patient-rec"))
            and not line.startswith(("Generated", "Page "))
        ]
        assert body, f"page {page} of {pages} is blank"
