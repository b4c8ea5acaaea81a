"""The acute-treatment endpoints, table by table, with the expected answers worked out by hand.

Times are minutes after a dose at 08:00 on 2026-11-20 (UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from journal.core.treatments import (
    Dose,
    Outcome,
    endpoints,
    share_text,
    summarise_treatments,
    tally,
)

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
LATER = T0 + timedelta(days=3)  # "now": long past every window


def m(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def dose(  # a sumatriptan dose at T0, in episode 1, taken at pain 7, unless said otherwise
    id: int = 1,
    at: datetime = T0,
    episode: int | None = 1,
    pain: int | None = 7,
    acute: bool = True,
    remedy: str = "sumatriptan",
    klass: str = "triptan",
) -> Dose:
    return Dose(id, at, remedy, klass, acute, episode, pain)


def out(minutes: float, pain: int, intake: int = 1) -> Outcome:
    return Outcome(intake, m(minutes), pain)


@pytest.mark.parametrize(
    ("outcomes", "pain_free", "relief"),
    [
        ([], None, None),  # nothing recorded: unknown, never a failure
        ([out(120, 0)], True, True),
        ([out(120, 3)], False, True),  # mild: relief but not pain free
        ([out(120, 4)], False, False),
        ([out(90, 0)], True, True),  # 1.5 h: the window's first edge counts
        ([out(89, 0)], None, None),  # 1 h 29 min: outside
        ([out(240, 0)], True, True),  # 4 h: the last edge counts
        ([out(241, 0)], None, None),  # 4 h 1 min: outside
        ([out(100, 5), out(130, 0)], True, True),  # 2 h 10 min is closer than 1 h 40 min
        ([out(110, 0), out(130, 6)], True, True),  # 10 min each side: the earlier wins
    ],
)
def test_pain_free_and_relief_at_two_hours(
    outcomes: list[Outcome], pain_free: bool | None, relief: bool | None
) -> None:
    found = endpoints(dose(), outcomes, [dose()], [], LATER)
    assert (found.pain_free_2h, found.relief_2h) == (pain_free, relief)


@pytest.mark.parametrize(
    ("pain_before", "relief"),
    [(None, None), (3, None), (4, True), (10, True)],  # relief needs moderate/severe first
)
def test_relief_needs_moderate_or_severe_pain_before(
    pain_before: int | None, relief: bool | None
) -> None:
    found = endpoints(dose(pain=pain_before), [out(120, 2)], [dose(pain=pain_before)], [], LATER)
    assert found.relief_2h is relief


@pytest.mark.parametrize(
    ("other", "rescue"),
    [
        (None, False),  # 24 h passed, no second dose
        (dose(2, m(119)), False),  # 1 h 59 min: too early to be a rescue
        (dose(2, m(120)), True),  # 2 h
        (dose(2, m(24 * 60)), True),  # 24 h
        (dose(2, m(24 * 60 + 1)), False),  # 24 h 1 min
        (dose(2, m(180), episode=2), False),  # another attack's dose
        (dose(2, m(180), acute=False), False),  # a preventive is not a rescue
    ],
)
def test_rescue(other: Dose | None, rescue: bool | None) -> None:
    doses = [dose()] + ([other] if other else [])
    assert endpoints(dose(), [], doses, [], LATER).rescue is rescue


def test_rescue_is_unknown_outside_an_episode_and_before_24_hours() -> None:
    assert endpoints(dose(episode=None), [], [dose(episode=None)], [], LATER).rescue is None
    assert endpoints(dose(), [], [dose()], [], m(600)).rescue is None  # 10 h after, none yet
    assert endpoints(dose(), [], [dose(), dose(2, m(300))], [], m(600)).rescue is True


@pytest.mark.parametrize(
    ("outcomes", "others", "onsets", "sustained"),
    [
        ([out(120, 0)], [], [], True),
        ([out(120, 0), out(600, 0)], [], [], True),
        ([out(120, 0), out(600, 3)], [], [], False),  # pain back within 24 h
        ([out(120, 0), out(25 * 60, 5)], [], [], True),  # back after 24 h: still sustained
        ([out(120, 0)], [dose(2, m(300))], [], False),  # a rescue dose
        ([out(120, 0)], [], [m(20 * 60)], False),  # a new episode began within 24 h
        ([out(120, 2)], [], [], False),  # not pain free at 2 h
        ([], [], [], None),
    ],
)
def test_sustained_pain_freedom(
    outcomes: list[Outcome], others: list[Dose], onsets: list[datetime], sustained: bool | None
) -> None:
    found = endpoints(dose(), outcomes, [dose(), *others], onsets, LATER)
    assert found.sustained_pain_free is sustained


def test_sustained_is_unknown_while_a_rescue_may_still_come() -> None:
    assert endpoints(dose(), [out(120, 0)], [dose()], [], m(600)).sustained_pain_free is None


def test_hours_to_mild_and_the_tallies() -> None:
    found = [
        endpoints(dose(), [out(45, 5), out(90, 2)], [dose()], [], LATER),  # 1.5 h to mild
        endpoints(dose(2), [out(120, 0, intake=2)], [dose(2)], [], LATER),  # 2 h
        endpoints(dose(3), [], [dose(3)], [], LATER),  # nothing recorded
    ]
    counts = tally(found)
    assert counts["uses"] == 3 and counts["with_outcome"] == 2
    assert counts["pain_free_2h"] == {"yes": 1, "of": 2}  # 2 at 1.5 h is not pain free
    assert counts["relief_2h"] == {"yes": 2, "of": 2}
    assert counts["rescue"] == {"yes": 0, "of": 3}
    assert counts["median_hours_to_mild"] == 1.75  # median of 1.5 and 2


def test_summary_per_remedy_and_class_acute_only() -> None:
    doses = [
        dose(1),
        dose(2, at=m(60 * 24), episode=2, remedy="rizatriptan"),
        dose(3, acute=False, remedy="propranolol", klass="other"),
    ]
    found = summarise_treatments(doses, [out(120, 0)], [], LATER, T0, T0 + timedelta(days=2))
    assert [(r["remedy"], r["uses"]) for r in found["remedies"]] == [
        ("rizatriptan", 1),
        ("sumatriptan", 1),
    ]
    assert [(c["class"], c["uses"]) for c in found["classes"]] == [("triptan", 2)]


@pytest.mark.parametrize(
    ("yes", "of", "text"),
    [(0, 0, "-"), (3, 4, "3 of 4"), (3, 5, "3 of 5 (60%)"), (2, 3, "2 of 3")],
)
def test_no_percentage_below_five(yes: int, of: int, text: str) -> None:
    assert share_text({"yes": yes, "of": of}) == text
