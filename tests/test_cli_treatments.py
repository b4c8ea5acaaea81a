"""Recording how treatments went: pain after a dose, and preventive courses."""

from __future__ import annotations

from collections.abc import Callable
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
