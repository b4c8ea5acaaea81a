"""The report's Treatments page and `journal chart preventive`, on a real journal and PDF."""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.test_cli_report import needs_poppler, pdf_text

PERIOD = ("--from", "2026-07-01", "--to", "2026-09-30")


def treated(run: Invoke) -> None:
    """Sumatriptan every 7 days from 2026-03-09 (12 doses, ids 1-12: 4.0 migraine days per
    28 in the baseline); erenumab from 2026-06-01 to 2026-09-30; sumatriptan every 10 days
    from 2026-06-05 at pain 7 (ids 13-24; 2.0 per 28 in weeks 9-12). In the period July to
    September: ids 16-24 (07-05 to 09-23). Pain after 2 h: 0 for 16-19, 5 for 20, so pain
    free 4 of 5 and relief 4 of 5, shown as shares (5 outcomes). Kratom once, on 09-10."""
    for week in range(12):
        day = date(2026, 3, 9) + timedelta(days=7 * week)
        run("take", "sumatriptan", "--dose", "50", "--at", f"{day} 09:00")
    for step in range(12):
        day = date(2026, 6, 5) + timedelta(days=10 * step)
        run("take", "sumatriptan", "--dose", "50", "--at", f"{day} 09:00", "--pain", "7")
    for intake, pain in ((16, 0), (17, 0), (18, 0), (19, 0), (20, 5)):
        run("outcome", str(intake), "--pain", str(pain))
    run("take", "kratom", "--dose", "2", "--unit", "g", "--at", "2026-09-10 12:00")
    run("preventive", "start", "erenumab", "--dose", "70", "--date", "2026-06-01")
    run("preventive", "stop", "erenumab", "--date", "2026-09-30")


def page_with(path: Path, needle: str) -> str:
    pages = int(re.search(r"Pages:\s+(\d+)", pdfinfo(path)).group(1))  # type: ignore[union-attr]
    for n in range(1, pages + 1):
        text = pdf_text(path, "-layout", "-f", str(n), "-l", str(n))
        if needle in text:
            return text
    raise AssertionError(f"no page with {needle!r}")


def pdfinfo(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout


@needs_poppler
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_report_has_a_treatments_page(run: Invoke, tmp_path: Path, paper: str) -> None:
    treated(run)
    out = tmp_path / "report.pdf"
    run("report", "--out", str(out), *PERIOD, "--paper", paper)
    page = page_with(out, "Treatments")
    row = next(line.split() for line in page.splitlines() if line.strip().startswith("sumatriptan"))
    # uses 9, rated 5, pain free 4 of 5 (80%), relief 4 of 5 (80%), rescue unknown (no
    # episode); sustained: unknown for the 4 pain-free doses (rescue unknown), not for the
    # dose at pain 5: 0 of 1; median time to mild 2.0 h.
    assert " ".join(row) == "sumatriptan 9 5 4 of 5 (80%) 4 of 5 (80%) - 0 of 1 2.0 h"
    flat = " ".join(page.split())
    assert "not evidence that a remedy works or does not" in flat
    assert "Kratom is not an approved medicine" in flat  # a kratom row brings its cautions
    assert "erenumab 70 mg: started 2026-06-01, stopped 2026-09-30" in flat
    assert "migraine days 4.0 per 28 days" in flat and "2.0 per 28 days (-50%)" in flat
    assert "Migraine days fell by 50% or more" in flat
    chart = page_with(out, "Migraine days per 28 days, before and on each preventive course")
    assert "50% fewer 2.0" in chart and "30% fewer 2.8" in chart
    whole = " ".join(pdf_text(out).split())
    # "works" only ever in "not evidence that a remedy works".
    assert whole.count("works") == whole.count("not evidence that a remedy works")


@needs_poppler
def test_below_five_outcomes_no_percentage(run: Invoke, tmp_path: Path) -> None:
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-09-02 09:00", "--pain", "6")
    run("outcome", "1", "--pain", "0")
    out = tmp_path / "report.pdf"
    run("report", "--out", str(out), "--from", "2026-09-01", "--to", "2026-09-30")
    page = page_with(out, "Treatments")
    row = next(line.split() for line in page.splitlines() if line.strip().startswith("ibuprofen"))
    # Pain free at 2 h with no episode: rescue, and so sustained, unknown.
    assert " ".join(row) == "ibuprofen 1 1 1 of 1 1 of 1 - - 2.0 h"
    assert "%" not in "".join(line for line in page.splitlines() if "ibuprofen" in line)
    assert "No preventive course recorded for this period." in page


def test_chart_preventive(run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "preventive.png"
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-09-02 09:00")
    refused = run("chart", "preventive", "--out", str(out), *PERIOD, code=1)
    assert "No preventive course was going from 2026-07-01 to 2026-09-30" in refused.stderr
    assert not out.exists()
    treated(run)
    run("chart", "preventive", "--out", str(out), *PERIOD, "--dpi", "40")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
