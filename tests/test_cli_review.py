"""summary, flags, midas and the status screen through the CLI, on a real journal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Invoke

# Every command here runs on the sqlite3 fast path and on SQLAlchemy (tests/conftest.py).
pytestmark = pytest.mark.both_paths


def take_on_days(run: Invoke, remedy: str, month: str, days: range, dose: str = "1") -> None:
    for d in days:
        run("take", remedy, "--dose", dose, "--at", f"{month}-{d:02d} 09:00")


def test_month_summary_counts_days_not_doses(run: Invoke, run_json: Callable[..., Any]) -> None:
    # An episode from 22:00 on the 3rd to 02:00 on the 4th: two headache days, persisted.
    run("log", "--start", "2026-10-03 22:00", "--end", "2026-10-04 02:00", "--intensity", "6")
    run("log", "--start", "2026-10-10 10:00", "--end", "2026-10-10 12:00", "--intensity", "3")
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-10-03 22:30")
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-10-03 23:30")  # same day: 1 day
    run("take", "paracetamol", "--dose", "1000", "--at", "2026-10-10 10:30")
    run("take", "propranolol", "--dose", "40", "--at", "2026-10-10 08:00")  # preventive
    s = run_json("summary", "--month", "2026-10")
    assert (s["period"], s["start"], s["end"]) == ("2026-10", "2026-10-01", "2026-10-31")
    assert s["headache_days"] == 3
    assert s["moderate_severe_days"] == 2  # the 3rd and 4th peak at 6
    assert s["episodes"] == 2 and s["persisted_episodes"] == 1
    assert s["max_intensity"] == 6
    assert s["headache_hours"] == 6.0
    assert s["medication_days"]["total"] == 2
    assert s["medication_days"]["simple"] == 2
    assert s["medication_days"]["triptan"] == 0
    rows = {r["remedy"]: r for r in s["intakes"]}
    assert (rows["ibuprofen"]["count"], rows["ibuprofen"]["total_dose"]) == (2, 800)
    assert rows["propranolol"]["use"] == "preventive"
    assert s["previous"]["period"] == "2026-09"
    # September lies before the journal's first entry: not recorded, so no change to show
    assert (s["previous"]["recorded_days"], s["previous"]["headache_days"]) == (0, None)
    assert s["change"] is None


def test_week_summary_by_label_and_by_date_agree(run: Invoke, run_json: Callable[..., Any]) -> None:
    run("log", "--start", "2026-11-18 10:00", "--end", "2026-11-18 11:00", "--intensity", "4")
    by_label = run_json("summary", "--week", "2026-W47")
    by_date = run_json("summary", "--date", "2026-11-18")
    assert by_label == by_date
    assert (by_label["start"], by_label["end"]) == ("2026-11-16", "2026-11-22")
    assert by_label["headache_days"] == 1


def test_summary_table_of_weeks_is_oldest_first(run: Invoke, run_json: Callable[..., Any]) -> None:
    table = run_json("summary", "--weeks", "3")
    assert len(table) == 3
    assert table[0]["start"] < table[1]["start"] < table[2]["start"]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_summary_renders_text_and_markdown(run: Invoke, fmt: str) -> None:
    run("log", "--start", "2026-11-18 10:00", "--end", "2026-11-18 11:00", "--intensity", "4")
    out = run("summary", "--week", "2026-W47", "--format", fmt).stdout
    assert "2026-W47" in out and "Headache days" in out


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["summary", "--week", "2026-W60"], "--week"),
        (["summary", "--month", "2026-13"], "--month"),
        (["summary", "--week", "2026-W47", "--month", "2026-11"], "--week"),
        (["summary", "--weeks", "0"], "--weeks"),
        (["flags", "--as-of", "2099-01-01"], "--as-of"),
        (["flags", "--months", "0"], "--months"),
        (["midas", "--as-of", "yesterdayish"], "--as-of"),
    ],
)
def test_review_bad_input_exits_2(run: Invoke, args: list[str], field: str) -> None:
    assert field in run(*args, code=2).stderr


@pytest.mark.parametrize(
    ("triptan_days", "rule", "severity"),
    [
        (8, "approaching-overuse", "watch"),
        (9, "approaching-overuse", "watch"),
        (10, "overuse", "warning"),
    ],
)
def test_triptan_days_against_the_line(
    run: Invoke, run_json: Callable[..., Any], triptan_days: int, rule: str, severity: str
) -> None:
    take_on_days(run, "sumatriptan", "2026-10", range(1, triptan_days + 1), "50")
    found = run_json("flags", "--as-of", "2026-10-31", "--months", "1")
    triptan = [f for f in found if f["class"] == "triptan"]
    assert [(f["rule"], f["severity"], f["days"], f["threshold"]) for f in triptan] == [
        (rule, severity, triptan_days, 10)
    ]
    assert triptan[0]["period"] == "2026-10"
    assert "not a diagnosis" in triptan[0]["advice"]


def test_kratom_week_of_daily_use_is_flagged_with_its_cautions(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    take_on_days(run, "kratom", "2026-10", range(5, 12), "2")
    found = run_json("flags", "--as-of", "2026-10-31", "--months", "1")
    daily = [f for f in found if f["rule"] == "kratom-daily-use"]
    assert len(daily) == 1
    assert daily[0]["period"] == "2026-10-05..2026-10-11" and daily[0]["days"] == 7
    advice = daily[0]["advice"].lower()
    for caution in (
        "dependen",
        "withdrawal",
        "higher doses",
        "other medicines",
        "strength varies",
        "no evidence that it is safe or effective",
        "clinician or pharmacist",
    ):
        assert caution in advice
    assert list(daily[0]) == [
        "rule",
        "severity",
        "class",
        "period",
        "days",
        "threshold",
        "message",
        "advice",
    ]


def test_flags_text_and_empty(run: Invoke, run_json: Callable[..., Any]) -> None:
    assert run_json("flags") == []
    assert "No frequent-use patterns" in run("flags").stdout


def test_midas_from_recorded_impact(run: Invoke, run_json: Callable[..., Any]) -> None:
    run(
        "log",
        "--start",
        "2026-08-03 09:00",
        "--end",
        "2026-08-03 15:00",
        "--intensity",
        "7",
        "--missed",
        "work",
        "--missed",
        "social",
    )
    run(
        "log",
        "--start",
        "2026-09-10 09:00",
        "--end",
        "2026-09-10 12:00",
        "--intensity",
        "5",
        "--reduced",
        "work",
        "--reduced",
        "housework",
    )
    m = run_json("midas", "--as-of", "2026-09-30")
    assert (m["from"], m["to"]) == ("2026-07-01", "2026-09-30")
    assert (m["q1"], m["q2"], m["q3"], m["q4"], m["q5"]) == (1, 1, 0, 1, 1)
    assert (m["score"], m["grade"], m["a"], m["b"]) == (4, "I", 2, 6.0)
    assert "grade I" in run("midas", "--as-of", "2026-09-30").stdout


def test_status_screen_shows_an_ongoing_episode(run: Invoke) -> None:
    assert "No headache is ongoing" in run().stdout
    run("log", "--start", "2h ago", "--intensity", "5")
    assert "ongoing" in run().stdout.lower()


def test_status_shows_recent_flags_but_not_old_ones(run: Invoke) -> None:
    from datetime import date, timedelta

    # Triptans on 10 days two calendar months ago: in the flags window, not recent.
    today = date.today()
    old = (today.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=1)
    take_on_days(run, "sumatriptan", old.strftime("%Y-%m"), range(1, 11), "50")
    assert "overuse" in run("flags").stdout
    assert "overuse" not in run().stdout
    # Kratom on each of the last 7 days: recent.
    for n in range(1, 8):
        run("take", "kratom", "--dose", "2", "--at", f"{n}d ago")
    assert "kratom-daily-use" in run().stdout


@pytest.mark.parametrize(("fmt", "step"), [("text", "--months"), ("markdown", "--weeks")])
def test_summary_tables_show_the_counts_of_the_json_rows(
    run: Invoke, run_json: Callable[..., Any], fmt: str, step: str
) -> None:
    """The text and Markdown tables come from the counts alone (no flags evaluated); their
    figures are those of the --json rows, across a month end and a persisted attack."""
    from journal.views.summary import render_periods_markdown, render_periods_text

    run("log", "--start", "2026-10-31 22:00", "--end", "2026-11-01 03:00", "--intensity", "7")
    take_on_days(run, "sumatriptan", "2026-11", range(1, 12))  # overuse: a flag in JSON
    run("log", "--start", "2026-11-18 10:00", "--end", "2026-11-18 11:00", "--intensity", "4")
    rows = run_json("summary", step, "6")
    assert any(row["flags"] for row in rows)
    shown = run("summary", step, "6", "--format", fmt).stdout
    render = render_periods_markdown if fmt == "markdown" else render_periods_text
    assert shown == render(rows) + "\n"
