"""`journal take` as people use it daily: the last dose repeated, slips caught, kratom noted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Invoke

pytestmark = pytest.mark.both_paths


def test_take_repeats_the_last_dose_and_says_so(run: Invoke, run_json: Callable[..., Any]) -> None:
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-11-20 08:00")
    run("take", "ibuprofen", "--dose", "200", "--at", "2026-11-21 08:00")
    result = run("take", "Ibuprofen", "--at", "2026-11-22 08:00")
    assert "Repeated your last dose of ibuprofen: 200 mg" in result.stderr
    record = run_json("take", "ibuprofen", "--at", "2026-11-22 09:00")
    assert (record["dose"], record["unit"], record["repeated"]) == (200, "mg", True)
    # a dose given is kept as given, and nothing is said
    given = run("take", "ibuprofen", "--dose", "600", "--at", "2026-11-22 10:00")
    assert "Repeated" not in given.stderr
    assert "repeated" not in run_json("take", "ibuprofen", "--dose", "400")


def test_a_first_dose_has_nothing_to_repeat(run_json: Callable[..., Any]) -> None:
    record = run_json("take", "naproxen")
    assert record["dose"] is None and "repeated" not in record


@pytest.mark.parametrize(
    ("remedy", "dose", "unit", "warned"),
    [
        ("paracetamol", "4000", "mg", False),  # at the line
        ("paracetamol", "5000", "mg", True),
        ("ibuprofen", "4", "g", False),
        ("ibuprofen", "4.5", "g", True),
        ("co-codamol", "20", "tablet", False),
        ("co-codamol", "21", "tablet", True),
        ("caffeine", "5000", "mg", False),  # the mg line is for simple pain relievers
    ],
)
def test_unlikely_doses_are_kept_with_a_warning(
    run: Invoke, remedy: str, dose: str, unit: str, warned: bool
) -> None:
    result = run("take", remedy, "--dose", dose, "--unit", unit, "--at", "2026-11-20 08:00")
    assert result.stdout.strip() == "1"  # kept
    assert ("kept as typed" in result.stderr) is warned


def test_the_kratom_caution_comes_first_time_and_first_time_each_month(run: Invoke) -> None:
    def caution(when: str) -> bool:
        result = run("take", "kratom", "--dose", "2", "--at", when)
        return "About kratom: it is not an approved medicine" in result.stderr

    assert caution("2026-10-05 20:00")  # the first ever
    assert not caution("2026-10-06 20:00")
    assert caution("2026-11-01 09:00")  # the first in November
    assert not caution("2026-11-02 09:00")
    assert not caution("2026-10-20 09:00")  # October had some already
