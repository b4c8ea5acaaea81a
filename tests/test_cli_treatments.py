"""Recording how treatments went: pain after a dose, and preventive courses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import Invoke

pytestmark = pytest.mark.both_paths


def test_an_outcome_defaults_to_two_hours_after_the_dose(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    run("take", "sumatriptan", "--dose", "50", "--at", "2026-11-20 08:00", "--pain", "7")
    first = run_json("outcome", "1", "--pain", "2")
    assert (first["at"], first["pain"], first["hours_after"]) == ("2026-11-20T10:00:00+01:00", 2, 2)
    later = run_json("outcome", "1", "--pain", "0", "--at", "2026-11-20 12:30")
    assert later["hours_after"] == 4.5 and later["id"] == 2  # several per dose


def test_an_outcome_before_the_dose_or_for_no_dose_is_refused(run: Invoke) -> None:
    run("take", "sumatriptan", "--dose", "50", "--at", "2026-11-20 08:00")
    args = ["outcome", "1", "--pain", "2", "--at", "2026-11-20 07:00"]
    assert "--at: is before intake 1 was taken" in run(*args, code=2).stderr
    assert "There is no intake 9." in run("outcome", "9", "--pain", "2", code=1).stderr
    assert "--pain" in run("outcome", "1", "--pain", "11", code=2).stderr


def test_a_preventive_course_starts_and_stops(run: Invoke, run_json: Callable[..., Any]) -> None:
    started = run_json("preventive", "start", "Erenumab", "--dose", "70", "--date", "2026-09-01")
    assert (started["remedy"], started["started"], started["unit"]) == (
        "erenumab",
        "2026-09-01",
        "mg",
    )
    again = run("preventive", "start", "erenumab", code=2)
    assert "already going" in again.stderr
    run("preventive", "stop", "erenumab", "--date", "2026-08-31", code=2)  # before the start
    stopped = run_json("preventive", "stop", "erenumab", "--date", "2026-12-01", "--reason", "x")
    assert (stopped["stopped"], stopped["reason"]) == ("2026-12-01", "x")
    assert [c["remedy"] for c in run_json("preventive", "list")] == ["erenumab"]


def test_only_preventives_make_courses(run: Invoke) -> None:
    result = run("preventive", "start", "ibuprofen", code=2)
    assert "NAME: ibuprofen is not a preventive in the catalogue" in result.stderr


def test_a_course_can_start_from_the_first_dose_recorded(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    run("take", "propranolol", "--dose", "40", "--at", "2026-10-03 08:00")
    run("take", "propranolol", "--dose", "40", "--at", "2026-10-04 08:00")
    assert (
        run_json("preventive", "start", "propranolol", "--from-intakes")["started"] == "2026-10-03"
    )


def test_treatments_counts_what_the_records_tell(run: Invoke, run_json: Callable[..., Any]) -> None:
    """One migraine: sumatriptan at 08:00 (pain 7), pain 0 at 10:00, ibuprofen at 11:00 (a
    rescue, 3 h later in the same episode), nothing recorded after the ibuprofen."""
    run("log", "--start", "2026-11-20 07:30", "--end", "2026-11-20 12:00", "--intensity", "7")
    run("take", "sumatriptan", "--dose", "50", "--at", "2026-11-20 08:00", "--pain", "7")
    run("outcome", "1", "--pain", "0")
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-11-20 11:00")
    found = run_json("treatments", "--from", "2026-11-01", "--to", "2026-11-30")
    suma, ibu = (next(r for r in found["remedies"] if r["remedy"] == n)
                 for n in ("sumatriptan", "ibuprofen"))  # fmt: skip
    assert suma["pain_free_2h"] == {"yes": 1, "of": 1}
    assert suma["relief_2h"] == {"yes": 1, "of": 1}
    assert suma["rescue"] == {"yes": 1, "of": 1}
    assert suma["sustained_pain_free"] == {"yes": 0, "of": 1}  # the rescue ends it
    assert suma["median_hours_to_mild"] == 2
    assert ibu["with_outcome"] == 0 and ibu["pain_free_2h"] == {"yes": 0, "of": 0}
    text = run("treatments", "--from", "2026-11-01", "--to", "2026-11-30").stdout
    assert "not evidence that a remedy works" in text
    assert "%" not in text  # fewer than 5 rated doses: counts, no percentages


def test_preventive_list_shows_the_before_and_after(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    """Sumatriptan (a migraine day each) every 7 days from 2026-03-09 to 2026-05-25: 12 in
    the 84 baseline days, all known -> 12 * 28 / 84 = 4.0 per 28. Erenumab from 2026-06-01;
    sumatriptan every 10 days from 2026-06-05: in weeks 9-12 (2026-07-27..2026-08-23) on
    08-04 and 08-14 -> 2.0 per 28, a 50% fall."""
    for week in range(12):
        day = date(2026, 3, 9) + timedelta(days=7 * week)
        run("take", "sumatriptan", "--dose", "50", "--at", f"{day} 09:00")
    for step in range(12):
        day = date(2026, 6, 5) + timedelta(days=10 * step)
        run("take", "sumatriptan", "--dose", "50", "--at", f"{day} 09:00")
    run("preventive", "start", "erenumab", "--dose", "70", "--date", "2026-06-01")
    run("preventive", "stop", "erenumab", "--date", "2026-09-30")
    run("take", "propranolol", "--dose", "40", "--at", "2026-09-01 08:00")
    [course] = run_json("preventive", "list")
    r = course["response"]
    assert r["baseline_days"] == 84
    assert r["baseline_migraine_days_per_28"] == 4.0
    assert r["treatment_window"]["from"] == "2026-07-27"
    assert r["treatment_migraine_days_per_28"] == 2.0
    assert (r["change_pct"], r["responder_30"], r["responder_50"]) == (-50.0, True, True)
    assert r["headache_days"]["baseline_headache_days_per_28"] == 0.0  # no episode logged
    assert r["enough_data"] is True
    text = run("preventive", "list").stdout
    assert text.startswith("erenumab 70 mg: 2026-06-01 to 2026-09-30\n")
    assert "On it, weeks 9-12, 2026-07-27 to 2026-08-23: 28 of 28 days known" in text
    assert "Migraine days fell by 50% or more" in text
    assert "not evidence that a remedy works" in text
    assert "propranolol: 1 dose recorded from 2026-09-01 to 2026-09-01, no course" in text


def test_kratom_rows_bring_their_cautions_and_caffeine_is_not_rated(
    run: Invoke, run_json: Callable[..., Any]
) -> None:
    run("take", "kratom", "--dose", "2", "--unit", "g", "--at", "2026-11-20 08:00")
    run("take", "coffee", "--dose", "95", "--unit", "mg", "--at", "2026-11-20 09:00")
    found = run_json("treatments", "--from", "2026-11-01", "--to", "2026-11-30")
    assert [r["remedy"] for r in found["remedies"]] == ["kratom"]
    text = run("treatments", "--from", "2026-11-01", "--to", "2026-11-30").stdout
    assert "Kratom is not an approved medicine" in " ".join(text.split())
    plain = run("take", "ibuprofen", "--dose", "400", "--at", "2026-10-02 09:00")
    assert plain.exit_code == 0
    text = run("treatments", "--from", "2026-10-01", "--to", "2026-10-31").stdout
    assert "Kratom" not in text


def test_a_course_still_taken_says_so(run: Invoke) -> None:
    run("preventive", "start", "erenumab", "--dose", "70", "--date", "2026-06-01")
    assert run("preventive", "list").stdout.startswith(
        "erenumab 70 mg: since 2026-06-01 (still taken)\n"
    )
