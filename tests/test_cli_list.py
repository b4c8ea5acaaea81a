"""`journal list` narrows by what was recorded, and shows the days' markers and check-ins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Invoke

pytestmark = pytest.mark.both_paths

RANGE = ("--from", "2026-11-01", "--to", "2026-11-30")


@pytest.fixture
def november(run: Invoke) -> None:
    """Three episodes, a loose dose, a marker and a check-in in November 2026."""
    run("log", "--start", "2026-11-02 09:00", "--end", "2026-11-02 15:00", "--intensity", "7",
        "--type", "migraine", "--symptom", "nausea", "--trigger", "red wine",
        "--note", "After the Wine tasting")  # fmt: skip
    run("take", "sumatriptan", "--dose", "50", "--at", "2026-11-02 09:30")
    run("log", "--start", "2026-11-05 18:00", "--end", "2026-11-05 20:00", "--intensity", "3",
        "--type", "tension")  # fmt: skip
    run("take", "ibuprofen", "--dose", "400", "--at", "2026-11-05 18:10")
    run("log", "--start", "2026-11-09 07:00", "--end", "2026-11-09 12:00", "--intensity", "5",
        "--type", "migraine", "--symptom", "light")  # fmt: skip
    run("take", "paracetamol", "--dose", "500", "--at", "2026-11-12 08:00",
        "--product", "wine-red box")  # fmt: skip
    run("mark", "alcohol", "--date", "2026-11-01")
    run("checkin", "--date", "2026-11-10", "--still-hurting", "--intensity", "2")


def ids(items: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(i["kind"], i["id"]) for i in items]


@pytest.mark.usefixtures("november")
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        # no filter: every entry, the marker first on its day, the check-in on its day
        ([], [("marker", 1), ("episode", 1), ("episode", 2), ("episode", 3), ("checkin", 1),
              ("intake", 3)]),
        (["--type", "migraine"], [("episode", 1), ("episode", 3), ("checkin", 1)]),
        (["--symptom", "Nausea"], [("episode", 1)]),
        (["--trigger", "red  wine"], [("episode", 1)]),
        (["--min-intensity", "5"], [("episode", 1), ("episode", 3), ("checkin", 1)]),
        (["--remedy", "acetaminophen"], [("intake", 3)]),  # an alias of paracetamol
        (["--remedy", "Sumatriptan"], [("episode", 1)]),
        (["--text", "WINE"], [("episode", 1), ("intake", 3)]),  # a note and a product
        (["--text", "wine", "--type", "migraine"], [("episode", 1)]),
    ],
    ids=str,
)  # fmt: skip
def test_filters(
    run_json: Callable[..., Any], options: list[str], expected: list[tuple[str, int]]
) -> None:
    assert ids(run_json("list", *RANGE, *options)) == expected


@pytest.mark.usefixtures("november")
def test_the_text_table_shows_markers_and_checkins(run: Invoke) -> None:
    out = run("list", *RANGE).stdout
    assert "Sun 01 Nov" in out and "marked: alcohol" in out
    assert "check-in: still hurting, 2/10" in out


@pytest.mark.usefixtures("november")
def test_an_unknown_remedy_is_bad_input(run: Invoke) -> None:
    assert "--remedy: unknown remedy 'nothing'" in run("list", "--remedy", "nothing", code=2).stderr


def test_show_prints_times_in_words(run: Invoke) -> None:
    run("log", "--start", "2026-11-24 21:00", "--end", "2026-11-25 07:30", "--intensity", "6")
    out = run("show", "1").stdout
    assert "Start:     Tue 24 Nov 2026, 21:00 (UTC+01:00)" in out
    assert "End:       Wed 25 Nov 2026, 07:30 (UTC+01:00)" in out
