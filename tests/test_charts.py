"""Chart data from hand-made facts, and every chart kind drawn in every format (no database)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import matplotlib
import pytest

from journal.core.facts import CheckinFact, EpisodeFact, Facts, IntakeFact, MarkerFact
from journal.core.flags import group_flags
from journal.core.summary import summarise
from journal.pictures import chartdata, charts, diary
from journal.pictures.fonts import text_width, wrap
from journal.pictures.period import usual_period
from tests.conftest import file_mode

TZ = ZoneInfo("Europe/Berlin")
YEAR = 2025
NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)  # after the whole year: nothing is ongoing


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ).astimezone(UTC)


@dataclass
class Journal:
    """Facts and the matching --json record shapes for the diary table."""

    facts: Facts
    episodes: list[dict[str, Any]]
    intakes: list[dict[str, Any]]
    markers: list[tuple[date, str, str | None]]


def _iso(moment: datetime) -> str:
    return moment.astimezone(TZ).isoformat(timespec="seconds")


def year_journal(note: str | None = None) -> Journal:
    """The same month, twelve times over, plus a week of kratom in December.

    Every month of YEAR:
      day 3  08:00 propranolol 40 mg (preventive, no episode); marker "menstruation";
             09:00-13:00 migraine, peak 6, sumatriptan 50 mg at 09:30 (relief partial)
      day 10 22:00 - day 11 02:00 tension, peak 3, ibuprofen 400 mg at 22:30 (relief full)
    December also: kratom 2 g at 12:00 on days 1-7 (day 3 has it beside propranolol).

    Hand-worked per month: headache days 3 (3, 10, 11), moderate/severe 1 (day 3),
    triptan days 1, simple days 1, any acute 2, preventive days 1, episodes 2, persisted 1,
    mean day peak (6 + 3 + 3) / 3 = 4.0. Known days 9 (3 to 11): the 3 weeks from the 12th
    to the next month's 2nd are silent (14 days or more with nothing written), so unknown.
    December: kratom days 7, any acute days 8 ({1..7} + 10), known days 11 (1 to 11).
    """
    episodes: list[EpisodeFact] = []
    intakes: list[IntakeFact] = []
    markers: list[MarkerFact] = []
    ep_dicts: list[dict[str, Any]] = []
    in_dicts: list[dict[str, Any]] = []
    ids = iter(range(1, 10_000))

    def intake(
        when: datetime, remedy: str, klass: str, use: str, dose: float, ep: int | None, relief=None
    ) -> dict[str, Any]:
        fact = IntakeFact(
            next(ids),
            when,
            remedy,
            klass,
            use,
            dose,
            "mg" if klass != "kratom" else "g",
            ep,
            relief,
        )
        intakes.append(fact)
        row = {
            "kind": "intake",
            "id": fact.id,
            "remedy": remedy,
            "class": klass,
            "use": use,
            "dose": dose,
            "unit": fact.unit,
            "product": None,
            "at": _iso(when),
            "relief": relief,
            "episode_id": ep,
        }
        in_dicts.append(row)
        return row

    def episode(start: datetime, end: datetime, peak: int, kind: str, text: str | None) -> int:
        fact = EpisodeFact(next(ids), start, end, peak, kind)
        episodes.append(fact)
        ep_dicts.append(
            {
                "kind": "episode",
                "id": fact.id,
                "start": _iso(start),
                "end": _iso(end),
                "ongoing": False,
                "intensity": peak,
                "type": kind,
                "aura": False,
                "symptoms": ["nausea"] if kind == "migraine" else [],
                "triggers": [],
                "location": None,
                "missed": [],
                "reduced": [],
                "note": text,
                "persisted_next_day": end.astimezone(TZ).date() > start.astimezone(TZ).date(),
                "intakes": [],
            }
        )
        return fact.id

    for month in range(1, 13):
        d3, d10 = date(YEAR, month, 3), date(YEAR, month, 10)
        intake(local(d3, 8), "propranolol", "other", "preventive", 40, None)
        markers.append(MarkerFact(d3, "menstruation"))
        a = episode(local(d3, 9), local(d3, 13), 6, "migraine", note if month == 6 else None)
        ep_dicts[-1]["intakes"].append(
            intake(local(d3, 9, 30), "sumatriptan", "triptan", "acute", 50, a, "partial")
        )
        b = episode(local(d10, 22), local(d10 + timedelta(days=1), 2), 3, "tension", None)
        ep_dicts[-1]["intakes"].append(
            intake(local(d10, 22, 30), "ibuprofen", "simple", "acute", 400, b, "full")
        )
    for day in range(1, 8):
        intake(local(date(YEAR, 12, day), 12), "kratom", "kratom", "acute", 2, None)
    facts = Facts(
        tz=TZ,
        now=NOW,
        first=date(YEAR - 1, 9, 1),
        last=date(YEAR + 1, 1, 1),
        episodes=tuple(episodes),
        intakes=tuple(sorted(intakes, key=lambda i: i.at)),
        markers=tuple(markers),
    )
    return Journal(facts, ep_dicts, in_dicts, [(m.date, m.tag, m.note) for m in markers])


def year_data(first: date, last: date) -> chartdata.ChartData:
    return chartdata.build(year_journal().facts, first, last, patterns=True)


# --- chart data ---------------------------------------------------------------------------------


def test_month_rows_hold_the_hand_counted_figures() -> None:
    data = year_data(date(YEAR, 10, 1), date(YEAR, 12, 31))
    assert [m.label for m in data.months] == ["2025-10", "2025-11", "2025-12"]
    october, _, december = data.months
    c = october.counts
    assert (c["headache_days"], c["moderate_severe_days"], c["recorded_days"]) == (3, 1, 9)
    assert c["medication_days"] == {
        "total": 2, "simple": 1, "triptan": 1, "ergot": 0, "opioid": 0, "combination": 0,
        "kratom": 0,
    }  # fmt: skip
    assert (c["episodes"], c["persisted_episodes"], c["preventive_days"]) == (2, 1, 1)
    assert c["mean_peak_intensity"] == 4.0
    d = december.counts
    assert (d["medication_days"]["kratom"], d["medication_days"]["total"]) == (7, 8)
    assert d["recorded_days"] == 11
    assert data.recorded == {date(YEAR, m, n) for m in (10, 11) for n in range(3, 12)} | {
        date(YEAR, 12, n) for n in range(1, 12)
    }
    assert not october.partial
    assert data.total["headache_days"] == 9
    assert data.classes_used() == ["simple", "triptan", "kratom"]


def test_month_rows_are_summarise_results_for_the_same_months() -> None:
    journal = year_journal()
    data = chartdata.build(journal.facts, date(YEAR, 1, 1), date(YEAR, 12, 31))
    for row in data.months:
        whole = summarise(journal.facts, row.first, row.last, row.label)
        assert row.counts == {
            k: v for k, v in whole.items() if k not in ("flags", "previous", "change")
        }


def test_unknown_months_and_weeks_are_none_not_zero() -> None:
    # the year journal begins on 3 January 2025: December 2024 was never kept
    data = year_data(date(YEAR - 1, 12, 1), date(YEAR, 1, 31))
    december, january = data.months
    assert not december.known and january.known
    assert december.counts["headache_days"] is None
    assert december.counts["medication_days"]["total"] is None
    assert january.counts["headache_days"] == 3
    # weeks: 2024-12-30..2025-01-05 holds the 3rd; 2025-01-13..19 lies in the silence after
    # the 11th (12 January to 2 February), 2024-12-02..08 before the first entry
    by_label = {w.label: w for w in data.weeks}
    assert by_label["2025-W01"].intakes["triptan"] == 1
    assert by_label["2025-W03"].intakes["triptan"] is None
    assert by_label["2025-W03"].kratom_doses is None
    assert by_label["2024-W49"].known_days == 0
    assert data.peaks == {date(YEAR, 1, 3): 6, date(YEAR, 1, 10): 3, date(YEAR, 1, 11): 3}


def test_a_period_that_cuts_a_month_is_labelled_as_a_range() -> None:
    data = year_data(date(YEAR, 3, 5), date(YEAR, 4, 30))
    march, april = data.months
    assert march.label == "2025-03-05..2025-03-31"
    assert march.partial and not april.partial
    # March 3 (migraine) falls before the period; March 10-11 stay.
    assert march.counts["headache_days"] == 2


def test_persisted_nights_and_doses_per_day() -> None:
    data = year_data(date(YEAR, 12, 1), date(YEAR, 12, 31))
    assert data.persisted_nights == {date(YEAR, 12, 10)}
    assert data.doses[date(YEAR, 12, 3)] == {"triptan": 1, "kratom": 1}
    assert data.markers == {date(YEAR, 12, 3): ("menstruation",)}
    assert data.peaks == {date(YEAR, 12, 3): 6, date(YEAR, 12, 10): 3, date(YEAR, 12, 11): 3}


def test_a_checkin_makes_a_one_day_episode_persist_overnight() -> None:
    day = date(YEAR, 5, 6)
    facts = Facts(
        tz=TZ,
        now=NOW,
        first=day,
        last=day + timedelta(days=1),
        episodes=(EpisodeFact(1, local(day, 9), local(day, 11), 5, persisted_checkin=True),),
        checkins=(CheckinFact(day + timedelta(days=1), "still", 2, 1),),
    )
    data = chartdata.build(facts, day, day + timedelta(days=1))
    assert data.persisted_nights == {day}


def test_weeks_count_intakes_by_group_and_kratom_days_and_doses() -> None:
    data = year_data(date(YEAR, 12, 1), date(YEAR, 12, 14))
    # 2025-12-01 is a Monday: two whole weeks.
    first, second = data.weeks
    assert (first.label, first.partial, second.partial) == ("2025-W49", False, False)
    assert first.intakes["kratom"] == 7 and first.intakes["triptan"] == 1
    assert first.intakes["preventive"] == 1
    assert (first.kratom_days, first.kratom_doses) == (7, 7)
    assert second.intakes["simple"] == 1 and second.kratom_doses == 0


def test_weeks_cut_by_the_period_are_partial() -> None:
    data = year_data(date(YEAR, 12, 3), date(YEAR, 12, 9))
    assert [(w.label, w.partial) for w in data.weeks] == [("2025-W49", True), ("2025-W50", True)]


def test_default_period_and_load_span() -> None:
    assert chartdata.default_period(date(2026, 11, 24)) == (date(2026, 9, 1), date(2026, 11, 24))
    assert chartdata.default_period(date(2026, 1, 15), 12) == (date(2025, 2, 1), date(2026, 1, 15))
    assert chartdata.load_span(date(2026, 9, 1), date(2026, 11, 24)) == (
        date(2026, 6, 1),
        date(2026, 11, 25),
    )


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        # Before the 7th: the 3 complete months only; no column of a day or two.
        (date(2026, 9, 1), date(2026, 6, 1), date(2026, 8, 31)),
        (date(2026, 9, 6), date(2026, 6, 1), date(2026, 8, 31)),
        # From the 7th: this month too, up to today.
        (date(2026, 9, 7), date(2026, 6, 1), date(2026, 9, 7)),
        (date(2026, 9, 30), date(2026, 6, 1), date(2026, 9, 30)),
        # Across the year's end, and a leap day.
        (date(2026, 1, 3), date(2025, 10, 1), date(2025, 12, 31)),
        (date(2026, 1, 31), date(2025, 10, 1), date(2026, 1, 31)),
        (date(2028, 2, 29), date(2027, 11, 1), date(2028, 2, 29)),
        (date(2028, 3, 1), date(2027, 12, 1), date(2028, 2, 29)),
    ],
)
def test_usual_period(today: date, first: date, last: date) -> None:
    assert usual_period(today) == (first, last)


def test_diary_rows_group_loose_intakes_and_put_markers_under_the_date() -> None:
    journal = year_journal(note="Worse after a long drive.")
    rows = diary.diary_rows(journal.episodes, journal.intakes, journal.markers, NOW)
    june = [r for r in rows if r.day.month == 6]
    # The date stands once, on the day's first row.
    assert [(r.date, r.start, r.type) for r in june] == [
        ("Tue 03 Jun 2025\nmenstruation", "", ""),
        ("", "09:00", "migraine"),
        ("Tue 10 Jun 2025", "22:00", "tension"),
    ]
    loose, migraine, tension = june
    assert loose.remedies == ("08:00 propranolol 40 mg, preventive",)
    assert migraine.remedies == ("09:30 sumatriptan 50 mg, relief: partial",)
    assert (migraine.end, migraine.duration, migraine.note) == (
        "13:00",
        "4\u00a0h",
        "Worse after a long drive.",
    )
    assert (tension.end, tension.duration) == ("Wed 11 02:00", "4\u00a0h\npersisted")


def test_diary_rows_show_check_ins_and_markers_once_a_day() -> None:
    journal = year_journal()
    checkins = [
        # The morning after June's tension headache, and one about no episode at all.
        {"date": "2025-06-11", "status": "still", "intensity": 2, "episode_id": 4},
        {"date": date(2025, 6, 20), "status": "clear", "intensity": None, "episode_id": None},
        {"date": "2025-06-03", "status": "still", "intensity": None, "episode_id": None},
    ]
    markers = [*journal.markers, (date(2025, 6, 20), "poor sleep", "woke at 4")]
    rows = diary.diary_rows(journal.episodes, journal.intakes, markers, NOW, checkins)
    june = [(r.date, r.start, r.remedies) for r in rows if r.day.month == 6]
    assert june == [
        (
            "Tue 03 Jun 2025\ncheck-in: still hurting\nmenstruation",
            "",
            ("08:00 propranolol 40 mg, preventive",),
        ),
        ("", "09:00", ("09:30 sumatriptan 50 mg, relief: partial",)),
        ("Tue 10 Jun 2025", "22:00", ("22:30 ibuprofen 400 mg, relief: full",)),
        # A day with only a check-in, and one with a check-in and a marker: a row each.
        ("Wed 11 Jun 2025\ncheck-in: still hurting (2)", "", ()),
        ("Fri 20 Jun 2025\ncheck-in: clear\npoor sleep (woke at 4)", "", ()),
    ]
    # No two rows in a row carry the same date, in the whole year.
    dated = [r.date.split("\n")[0] for r in rows if r.date]
    assert len(dated) == len(set(dated)) == len({r.day for r in rows})


def test_an_ongoing_episode_shows_how_long_so_far() -> None:
    start = NOW - timedelta(hours=3)
    episode = {
        "id": 1,
        "start": _iso(start),
        "end": None,
        "intensity": None,
        "type": "unknown",
        "aura": True,
        "symptoms": [],
        "triggers": ["stress"],
        "location": "left temple",
        "missed": ["work"],
        "reduced": [],
        "note": None,
        "persisted_next_day": False,
        "intakes": [],
    }
    (row,) = diary.diary_rows([episode], [], [], NOW)
    assert (row.start, row.end, row.duration, row.peak) == (
        "10:00",
        "ongoing",
        "3\u00a0h so far",
        "",
    )
    assert (row.type, row.symptoms, row.triggers) == (
        "unknown, aura\nmissed: work",
        "left temple",
        "stress",
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(59 * 60, "59 min"), (3600, "1 h"), (3600 + 5 * 60, "1 h 05 min"), (50 * 3600, "2 d 2 h")],
)
def test_duration_text(seconds: int, text: str) -> None:
    # No-break spaces tie each number to its unit.
    assert diary.duration_text(seconds) == text.replace("1 h", "1\u00a0h").replace(
        " min", "\u00a0min"
    ).replace("2 d 2 h", "2\u00a0d 2\u00a0h")


def test_flags_group_by_rule_and_keep_the_latest_in_full() -> None:
    data = year_data(date(YEAR, 10, 1), date(YEAR, 12, 31))
    groups = group_flags(data.flags)
    assert [(g.latest.rule, g.latest.severity) for g in groups] == [
        ("kratom-daily-use", "warning"),
        ("approaching-overuse", "watch"),
    ]
    assert groups[0].latest.period == "2025-12-01..2025-12-07"
    assert chartdata.period_text(groups[0].latest.period) == "2025-12-01 to 2025-12-07"
    assert chartdata.period_text("2025-12-01..2025-12-01") == "2025-12-01"


def test_split_advice_takes_out_the_shared_paragraphs() -> None:
    from journal.core import advice

    own, shared = chartdata.split_advice(advice.kratom_daily_advice())
    assert own.startswith("Daily use is the pattern most linked with kratom dependence")
    assert advice.CLINICIAN not in own and advice.KRATOM_CAUTIONS not in own
    assert shared == (advice.KRATOM_CAUTIONS, advice.CLINICIAN)


# --- text measurement ---------------------------------------------------------------------------


def test_wrap_keeps_every_character_and_respects_the_width() -> None:
    text = "Sumatriptan helped a little. " * 20 + "x" * 300
    lines = wrap(text, 1.5, 7)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(text_width(line, 7) <= 1.5 for line in lines)
    assert len(lines) > 10


def test_wrap_breaks_at_plain_spaces_only() -> None:
    lines = wrap("19\u00a0h 59\u00a0min", text_width("19\u00a0h 59\u00a0mi", 7), 7)
    assert lines == ["19\u00a0h", "59\u00a0min"]


def test_text_width_grows_with_size_and_weight() -> None:
    # One inch is 72 points; DejaVu Sans's digits are 0.636 em wide.
    assert text_width("0000", 10) == pytest.approx(4 * 0.636 * 10 / 72 * 1.03, rel=0.01)
    assert text_width("Headache", 8, "bold") > text_width("Headache", 8)


# --- drawing ------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each kind in each format, drawn once for the whole module (3 months, 72 dpi)."""
    folder = tmp_path_factory.mktemp("charts")
    data = year_data(date(YEAR, 10, 1), date(YEAR, 12, 31))
    files = {}
    for kind in charts.KINDS:
        for suffix in charts.FORMATS:
            path = folder / f"{kind}{suffix}"
            charts.save_chart(kind, data, path, 72)
            files[(kind, suffix)] = path
    return files


@pytest.mark.parametrize("kind", charts.KINDS)
def test_png_has_the_signature_and_the_figure_size(
    rendered: dict[tuple[str, str], Path], kind: str
) -> None:
    raw = rendered[(kind, ".png")].read_bytes()
    assert raw[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", raw[16:24])  # the IHDR chunk
    expected = {"days": (720, 468), "intensity": (792, 396), "remedies": (720, 468)}
    expected["persistence"] = (648, 324)
    expected["preventive"] = (720, 324)  # no course: 10 x (1.5 + 3.0) in
    if kind == "patterns":  # 10 in wide, as tall as its rows need
        assert width == 720
    elif kind in expected:
        assert (width, height) == expected[kind]  # inches x 72 dpi
    else:
        assert width == 770  # three months side by side: 3 x 3.4 + 0.5 = 10.7 in
    assert 10_000 < len(raw) < 2_000_000


@pytest.mark.parametrize("kind", charts.KINDS)
def test_svg_parses_as_xml(rendered: dict[tuple[str, str], Path], kind: str) -> None:
    path = rendered[(kind, ".svg")]
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert 20_000 < path.stat().st_size < 5_000_000


@pytest.mark.parametrize("kind", charts.KINDS)
def test_pdf_is_a_whole_pdf_with_embedded_truetype(
    rendered: dict[tuple[str, str], Path], kind: str
) -> None:
    raw = rendered[(kind, ".pdf")].read_bytes()
    assert raw.startswith(b"%PDF-") and raw.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in raw  # TrueType programs embedded (pdf.fonttype 42)
    assert b"/Type3" not in raw
    assert 5_000 < len(raw) < 2_000_000


@pytest.mark.parametrize("kind", charts.KINDS)
def test_files_are_private(rendered: dict[tuple[str, str], Path], kind: str) -> None:
    for suffix in charts.FORMATS:
        assert file_mode(rendered[(kind, suffix)]) == 0o600
    assert not list(rendered[(kind, ".png")].parent.glob(".*.tmp"))


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@needs_poppler
@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (
            "days",
            [
                "Headache, migraine and acute-medication days per month",
                "peak ≥ 4",
                "kratom",
                "migraine days",
                "8 migraine days",
            ],
        ),
        ("intensity", ["Daily peak pain (0-10)", "triptans", "preventive"]),
        (
            "calendar",
            [
                "December 2025",
                "♀ menstruation",
                "▶ headache went on past midnight",
                "heavy frame: migraine day",
                "migraine day (migraine features for 30 min or more, aura, or a triptan",
            ],
        ),
        ("remedies", ["Remedies taken per week", "kratom doses", "1 Dec"]),
        ("persistence", ["1 of 2", "(50%)"]),
    ],
)
def test_pdf_text_is_real_text(
    rendered: dict[tuple[str, str], Path], kind: str, words: list[str]
) -> None:
    text = pdf_text(rendered[(kind, ".pdf")])
    for word in words:
        assert word in text


def test_drawing_leaves_matplotlib_settings_alone(rendered: dict[tuple[str, str], Path]) -> None:
    assert rendered  # charts were drawn and saved in this process
    assert matplotlib.rcParams["pdf.fonttype"] == 3
    assert matplotlib.rcParams["font.size"] == 10


@needs_poppler
def test_a_period_without_headaches_says_so(tmp_path: Path) -> None:
    day = date(YEAR, 5, 6)
    facts = Facts(
        tz=TZ,
        now=NOW,
        first=day,
        last=day,
        intakes=(IntakeFact(1, local(day, 8), "caffeine", "caffeine", "acute", 80, "mg"),),
    )
    data = chartdata.build(facts, day, day)
    path = tmp_path / "intensity.pdf"
    charts.save_chart("intensity", data, path, 72)
    assert "No headache recorded in this period." in pdf_text(path)
    charts.save_chart("remedies", data, path, 72)
    assert "No kratom recorded in this period." in pdf_text(path)


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def words(path: Path) -> tuple[list[Word], float, float]:
    """Every word pdftotext finds, with its box in points from the page's top left."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    assert size is not None
    found = []
    for page, body in enumerate(out.split("<page ")[1:], start=1):
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            body,
        ):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            found.append(Word(page, m.group(5), x0, y0, x1, y1))
    return found, float(size.group(1)), float(size.group(2))


def assert_text_fits(path: Path, side: float, top_bottom: float) -> None:
    """No word crosses the margins (points), and no two words on a page overlap."""
    found, width, height = words(path)
    assert found
    for w in found:
        assert side <= w.x0 and w.x1 <= width - side, w
        assert w.y0 >= top_bottom and w.y1 <= height - top_bottom, w
    by_page: dict[int, list[Word]] = {}
    for w in found:
        by_page.setdefault(w.page, []).append(w)
    for page_words in by_page.values():
        page_words.sort(key=lambda w: w.x0)
        for i, a in enumerate(page_words):
            for b in page_words[i + 1 :]:
                if b.x0 >= a.x1 - 0.5:
                    break
                assert min(a.y1, b.y1) - max(a.y0, b.y0) <= 1.0, (a, b)


@needs_poppler
@pytest.mark.parametrize("kind", charts.KINDS)
def test_chart_text_fits_and_does_not_overlap(
    rendered: dict[tuple[str, str], Path], kind: str
) -> None:
    assert_text_fits(rendered[(kind, ".pdf")], 0.25 * 72 - 1, 0.25 * 72 - 1)


@needs_poppler
@pytest.mark.parametrize("kind", ["days", "persistence", "remedies", "intensity"])
def test_thirty_months_still_fit(tmp_path: Path, kind: str) -> None:
    # Narrow months: labels thin out rather than collide.
    journal = year_journal()
    data = chartdata.build(journal.facts, date(YEAR - 1, 7, 1), date(YEAR + 1, 12, 31))
    path = tmp_path / f"{kind}.pdf"
    charts.save_chart(kind, data, path, 72)
    assert len(data.months) == 30
    assert_text_fits(path, 0.25 * 72 - 1, 0.25 * 72 - 1)
