"""`journal chart` and `journal report` on a real journal file, through the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from journal.api import Journal
from tests.conftest import Invoke, dump, file_mode
from tests.test_charts import words

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def two_months(run: Invoke) -> None:
    """September and October 2026, counted by hand:

    September: 09-05 10:00-14:00 peak 7 (sumatriptan), 09-20 21:00 - 09-21 03:00 peak 3
    (ibuprofen at 21:30 and 23:00, one day): headache days 3 (5, 20, 21), moderate/severe 1,
    triptan days 1, simple days 1, any 2, episodes 2, persisted 1; marker menstruation on 09-05.
    October: 10-07 08:00-09:00 peak 2 (no remedy), kratom on 10-07 and 10-08: headache days 1,
    moderate/severe 0, kratom days 2, any 2, episodes 1, persisted 0.
    """
    run("log", "--start", "2026-09-05 10:00", "--end", "2026-09-05 14:00", "--intensity", "7")
    run("edit", "1", "--type", "migraine", "--symptom", "nausea", "--note", "Long meeting.")
    run("take", "sumatriptan", "--dose", "50", "--at", "2026-09-05 10:30", "--relief", "partial")
    run("log", "--start", "2026-09-20 21:00", "--end", "2026-09-21 03:00", "--intensity", "3")
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-09-20 21:30")
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-09-20 23:00")
    run("mark", "menstruation", "--date", "2026-09-05")
    run("log", "--start", "2026-10-07 08:00", "--end", "2026-10-07 09:00", "--intensity", "2")
    run("take", "kratom", "--dose", "2", "--unit", "g", "--at", "2026-10-07 12:00")
    run("take", "kratom", "--dose", "2", "--unit", "g", "--at", "2026-10-08 12:00")


PERIOD = ("--from", "2026-09-01", "--to", "2026-10-31")


@pytest.mark.parametrize("kind", ["days", "intensity", "calendar", "remedies", "persistence"])
def test_chart_writes_a_private_png(run: Invoke, tmp_path: Path, kind: str) -> None:
    two_months(run)
    out = tmp_path / f"{kind}.png"
    result = run("chart", kind, "--out", str(out), *PERIOD, "--dpi", "40")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert file_mode(out) == 0o600
    assert result.stdout == ""
    assert f"Wrote {out} (2026-09-01 to 2026-10-31)." in result.stderr


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<?xml"), (".PDF", b"%PDF-")])
def test_chart_format_follows_the_suffix(
    run: Invoke, tmp_path: Path, suffix: str, magic: bytes
) -> None:
    two_months(run)
    out = tmp_path / f"chart{suffix}"
    run("chart", "days", "--out", str(out), *PERIOD)
    assert out.read_bytes().startswith(magic)


def test_chart_replaces_an_existing_file_only_with_overwrite_and_leaves_no_temp_files(
    run: Invoke, tmp_path: Path
) -> None:
    two_months(run)
    out = tmp_path / "days.png"
    out.write_bytes(b"old")
    refused = run("chart", "days", "--out", str(out), *PERIOD, "--dpi", "40", code=2)
    assert "--overwrite" in refused.stderr and out.read_bytes() == b"old"
    run("chart", "days", "--out", str(out), *PERIOD, "--dpi", "40", "--overwrite")
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["days.png"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["chart", "days", "--out", "{dir}/days.jpg"], "--out"),
        (["chart", "days", "--out", "{dir}/days"], "--out"),
        (["chart", "days", "--out", "{dir}/missing/days.png"], "--out"),
        (["chart", "days", "--out", "{dir}"], "--out"),
        (
            ["chart", "days", "--out", "{dir}/d.png", "--months", "3", "--from", "2026-09-01"],
            "--months",
        ),
        (
            ["chart", "days", "--out", "{dir}/d.png", "--from", "2026-10-01", "--to", "2026-09-01"],
            "--from",
        ),
        (["chart", "days", "--out", "{dir}/d.png", "--from", "someday"], "--from"),
        (["chart", "days", "--out", "{dir}/d.png", "--months", "0"], "--months"),
        (["chart", "days", "--out", "{dir}/d.png", "--dpi", "0"], "--dpi"),
        (["chart", "pie", "--out", "{dir}/d.png"], "KIND"),
        (["chart", "days"], "--out"),
        (["report", "--out", "{dir}/r.png"], "--out"),
        (["report", "--out", "{dir}/r.pdf", "--paper", "a3"], "--paper"),
        (["report", "--out", "{dir}/r.pdf", "--name", "A\x07B"], "--name"),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    run: Invoke, db_path: Path, tmp_path: Path, args: list[str], field: str
) -> None:
    two_months(run)
    folder = tmp_path / "out"
    folder.mkdir()
    before = dump(db_path)
    result = run(*(a.replace("{dir}", str(folder)) for a in args), code=2)
    assert field in result.stderr
    assert list(folder.iterdir()) == []
    assert dump(db_path) == before


def test_empty_journal_exits_1_with_a_sentence(run: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "days.png"
    result = run("chart", "days", "--out", str(out), code=1)
    assert re.fullmatch(
        r"Error: Nothing is recorded from \d{4}-\d\d-01 to \d{4}-\d\d-\d\d; no file was written.\n",
        result.stderr,
    )
    assert not out.exists()
    result = run("report", "--out", str(folder / "r.pdf"), code=1)
    assert "Nothing is recorded" in result.stderr
    assert list(folder.iterdir()) == []


def test_empty_period_exits_1(run: Invoke, tmp_path: Path) -> None:
    two_months(run)
    out = tmp_path / "r.pdf"
    result = run("report", "--out", str(out), "--from", "2026-03-01", "--to", "2026-03-31", code=1)
    assert result.stderr == (
        "Error: Nothing is recorded from 2026-03-01 to 2026-03-31; no file was written.\n"
    )
    assert not out.exists()


def pdf_text(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def table_row(text: str, label: str) -> list[str]:
    for line in text.splitlines():
        if re.match(re.escape(label) + r"\s+[\d–]", line.strip()):
            return [t for t in line.strip()[len(label) :].split() if t != "▲"]
    raise AssertionError(f"no table line {label!r}")


@needs_poppler
def test_report_figures_equal_journal_summary(
    run: Invoke, run_json: Callable[..., Any], tmp_path: Path
) -> None:
    two_months(run)
    out = tmp_path / "report.pdf"
    result = run("report", "--out", str(out), *PERIOD, "--name", "Zoë Test", "--paper", "letter")
    assert re.fullmatch(rf"Wrote {out}: \d+ pages, 2026-09-01 to 2026-10-31.\n", result.stderr)
    assert file_mode(out) == 0o600
    text = pdf_text(out, "-layout", "-f", "1", "-l", "1")
    # Hand-counted (see two_months): September, October, and the two together.
    assert table_row(text, "Headache days") == ["3", "1", "4"]
    assert table_row(text, "Moderate/severe days (peak ≥ 4)") == ["1", "0", "1"]
    assert table_row(text, "Acute-medication days, any class (line 10)") == ["2", "2", "4"]
    assert table_row(text, "simple pain relievers (line 15)") == ["1", "0", "1"]
    assert table_row(text, "kratom (line 10)") == ["0", "2", "2"]
    assert table_row(text, "Episodes persisting into next day") == ["1", "0", "1"]
    months = [run_json("summary", "--month", m) for m in ("2026-09", "2026-10")]
    for label, get in {
        "Known days (diary kept)": lambda s: s["recorded_days"],
        "Headache days": lambda s: s["headache_days"],
        "Migraine days": lambda s: s["migraine_days"],
        "Moderate/severe days (peak ≥ 4)": lambda s: s["moderate_severe_days"],
        "Acute-medication days, any class (line 10)": lambda s: s["medication_days"]["total"],
        "triptans (line 10)": lambda s: s["medication_days"]["triptan"],
        "Episodes": lambda s: s["episodes"],
        "Episodes persisting into next day": lambda s: s["persisted_episodes"],
    }.items():
        assert table_row(text, label)[:2] == [str(get(s)) for s in months], label
    assert "Patient: Zoë Test" in text
    assert (
        "612 x 792 pts (letter)"
        in subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    )
    diary = pdf_text(out)
    assert "Long meeting." in diary
    assert "10:30 sumatriptan 50 mg, relief: partial" in diary
    assert "menstruation" in diary


@needs_poppler
def test_report_diary_shows_check_ins_and_markers_and_each_date_once(
    run: Invoke, tmp_path: Path
) -> None:
    two_months(run)
    # Sep 05: a loose intake before the 10:00 episode (two rows, one date), the marker;
    # Sep 21: the morning after the 20th's headache (which the check-in keeps going);
    # Sep 22: it is gone (the check-in ends it), and a marker: the day's only entries.
    run("take", "propranolol", "--dose", "40", "--at", "2026-09-05 08:00")
    run("checkin", "--date", "2026-09-21", "--still-hurting", "--intensity", "3")
    run("checkin", "--date", "2026-09-22", "--clear", "--at", "2026-09-22 07:00")
    run("mark", "poor sleep", "--date", "2026-09-22", "--note", "woke at four")
    # Words that the old column widths cut in two: each must come back whole.
    run("log", "--start", "2026-10-14 09:00", "--end", "2026-10-14 12:00", "--intensity", "4",
        "--trigger", "dehydration", "--trigger", "oversleeping", "--symptom", "phonophobia",
        "--location", "behind the left eye")  # fmt: skip
    out = tmp_path / "report.pdf"
    run("report", "--out", str(out), *PERIOD)
    text = pdf_text(out)
    diary = text[text.index("Diary: every entry") :]
    assert diary.count("Sat 05 Sep 2026") == 1
    assert "check-in: still hurting (3)" in diary
    assert "check-in: clear" in diary and "poor sleep (woke at four)" in diary
    for day in ("Mon 21 Sep 2026", "Tue 22 Sep 2026", "Wed 14 Oct 2026"):
        assert diary.count(day) == 1, day
    layout = pdf_text(out, "-layout")
    layout = layout[layout.index("Diary: every entry") :]
    # The date, then under it the day's check-in and markers, on consecutive lines.
    lines = [line.strip() for line in layout.splitlines()]
    at = next(i for i, line in enumerate(lines) if line.startswith("Tue 22 Sep 2026"))
    assert lines[at + 1 : at + 3] == ["check-in: clear", "poor sleep (woke at four)"]
    found = {w.text for w in words(out)[0]}
    assert {"dehydration,", "oversleeping", "phonophobia,", "behind"} <= found


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 9, 1, 8, tzinfo=UTC), (date(2026, 6, 1), date(2026, 8, 31))),
        (datetime(2026, 9, 7, 8, tzinfo=UTC), (date(2026, 6, 1), date(2026, 9, 7))),
    ],
)
def test_charts_and_report_default_to_the_usual_period(
    db_path: Path, now: datetime, expected: tuple[date, date]
) -> None:
    with Journal.open(db_path, now=now) as journal:
        assert journal.picture_period(None, None, None) == expected
        # A period the user names is theirs, even when it ends on the 1st.
        assert journal.picture_period(2, None, None) == (date(2026, 8, 1), now.date())
        assert journal.picture_period(None, None, "2026-09-01") == (
            date(2026, 7, 1),
            date(2026, 9, 1),
        )


def test_a_diary_begun_this_month_shows_this_month(run: Invoke, db_path: Path) -> None:
    run("log", "--start", "2026-09-02 10:00", "--end", "2026-09-02 12:00", "--intensity", "5")
    third = datetime(2026, 9, 3, 12, tzinfo=UTC)  # before the 7th: the usual period is Jun-Aug
    with Journal.open(db_path, now=third) as journal:
        data, _ = journal.picture_data(*journal.picture_period(None, None, None))
        assert (data.first, data.last) == (date(2026, 9, 1), date(2026, 9, 3))
    # Anything recorded in those months, and they are the period again.
    run("mark", "poor sleep", "--date", "2026-08-20")
    with Journal.open(db_path, now=third) as journal:
        data, _ = journal.picture_data(*journal.picture_period(None, None, None))
        assert (data.first, data.last) == (date(2026, 6, 1), date(2026, 8, 31))


@needs_poppler
def test_default_report_is_the_usual_period_as_summary_counts_it(
    run: Invoke, run_json: Callable[..., Any], db_path: Path, tmp_path: Path
) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    try:
        from sample import build
    finally:
        sys.path.pop(0)
    build(db_path, 150, end=date.today()).close()
    out = tmp_path / "report.pdf"
    run("report", "--out", str(out))
    text = pdf_text(out, "-layout", "-f", "1", "-l", "1")
    # The last 3 complete months, and this one from its 7th day (test_usual_period).
    months = run_json("summary", "--months", "4")[: 4 if date.today().day >= 7 else 3]
    for label, get in {
        "Headache days": lambda s: s["headache_days"],
        "Migraine days": lambda s: s["migraine_days"],
        "Moderate/severe days (peak ≥ 4)": lambda s: s["moderate_severe_days"],
        "Acute-medication days, any class (line 10)": lambda s: s["medication_days"]["total"],
        "triptans (line 10)": lambda s: s["medication_days"]["triptan"],
        "kratom (line 10)": lambda s: s["medication_days"]["kratom"],
        "Caffeine days": lambda s: s["caffeine_days"],
        "Preventive days": lambda s: s["preventive_days"],
        "Episodes persisting into next day": lambda s: s["persisted_episodes"],
    }.items():
        assert table_row(text, label)[: len(months)] == [str(get(s)) for s in months], label
    # The MIDAS line equals `journal midas` for the period's last day.
    today = date.today()
    last = today if today.day >= 7 else today.replace(day=1) - timedelta(days=1)
    midas = run_json("midas", "--as-of", last.isoformat())
    assert f"Score {midas['score']}, grade {midas['grade']} " in " ".join(text.split())


@pytest.mark.parametrize("args", [["--help"], ["chart", "--help"], ["report", "--help"]])
def test_help_imports_no_matplotlib(args: list[str]) -> None:
    code = (
        "import sys; from click.testing import CliRunner; from cli import main; "
        f"r = CliRunner().invoke(main, {args!r}); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('matplotlib', 'sqlalchemy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.stdout.strip() == "[]"


def test_chart_help_teaches(run: Invoke) -> None:
    out = run("chart", "--help").stdout
    assert "journal chart days --out days.png --months 6" in out
    assert "persistence  share of episodes" in out
