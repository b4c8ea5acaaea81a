"""ICHD-3 classification of one episode from its recorded features (core/classify.py).

Every expected value is worked out by hand in the comment of its row: C counts the pain
characteristics known to fit (unilateral, pulsating, peak >= 4, worse with activity) and those
not recorded; D is nausea or vomiting, or both light and sound.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from journal.core.classify import classify, duration_fits
from journal.core.facts import EpisodeFact

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
MIG, PROB = "migraine", "probable-migraine"


def ep(
    side: str | None = None,
    quality: str | None = None,
    intensity: int | None = None,
    activity: bool | None = None,
    symptoms: tuple[str, ...] = (),
    aura: bool = False,
    type: str = "unknown",
) -> EpisodeFact:
    return EpisodeFact(
        id=1,
        start=T0,
        end=T0 + timedelta(hours=5),
        intensity=intensity,
        type=type,
        aura=aura,
        symptoms=symptoms,
        side=side,
        quality=quality,
        activity_worse=activity,
    )


CASES = [
    # --- aura first, whatever else is there
    ("aura alone", ep(aura=True), "aura"),
    ("aura beats full migraine", ep("left", "pulsating", 8, True, ("nausea",), True), "aura"),
    # --- migraine: C (>= 2 of 4) and D
    # C: unilateral, pulsating, moderate = 3; D: nausea
    ("textbook", ep("left", "pulsating", 7, None, ("nausea",)), "migraine"),
    # C: moderate + activity = 2 (both sides, pressing); D: light and sound
    ("two features", ep("both", "pressing", 5, True, ("light", "sound")), "migraine"),
    # C: unilateral + activity = 2 (peak 3 is mild); D: vomiting alone
    ("vomiting", ep("right", "other", 3, True, ("vomiting",)), "migraine"),
    # C: unilateral + pulsating = 2, peak not rated; D: the Greek words for light and sound
    ("greek words", ep("left", "pulsating", None, None, ("photophobia", "phonophobia")), MIG),
    # C: pulsating + moderate (peak 4 is the edge) = 2; D: nausea
    ("peak 4 is moderate", ep("both", "pulsating", 4, None, ("nausea",)), "migraine"),
    # --- probable migraine: one of C and D short
    # C: unilateral, pulsating, severe = 3; D: nothing recorded
    ("C without D", ep("left", "pulsating", 8), "probable-migraine"),
    # C met; D: light without sound is not enough
    ("light only", ep("left", "pulsating", 8, None, ("light",)), "probable-migraine"),
    # C: 0 of 4 (both, stabbing, mild, not worse); D: nausea
    ("D without C", ep("both", "stabbing", 2, False, ("nausea",)), "probable-migraine"),
    # C: pulsating only (peak 3 mild), activity unknown: 1 + 1 unknown; D: nausea -> at least
    # probable whatever the activity was
    ("peak 3 is mild", ep("both", "pulsating", 3, None, ("nausea",)), "probable-migraine"),
    # C: severe known, side/quality/activity not recorded (1 + 3 unknown); D: nausea
    ("D, C not recorded", ep(None, None, 8, None, ("nausea",)), "probable-migraine"),
    # tension shape broken by nausea: C 0 of 3 known + 1 unknown = not met; D met
    ("pressing with nausea", ep("both", "pressing", 3, None, ("nausea",)), "probable-migraine"),
    # tension shape broken by light and sound: C not met; D met
    ("pressing, light+sound", ep("both", "pressing", 3, None, ("light", "sound")), PROB),
    # C: unilateral + pulsating = 2 (peak 2 mild, not worse); D not met
    ("one side decides", ep("left", "pulsating", 2, False), "probable-migraine"),
    # --- tension-type-like: both sides, pressing, peak 1-6, no nausea, not light and sound
    ("tension", ep("both", "pressing", 3), "tension-type-like"),
    ("tension at peak 1", ep("both", "pressing", 1), "tension-type-like"),
    # also fits probable migraine (C: moderate + activity = 2, D short): ICHD-3 codes the
    # other headache type, so tension-type-like comes first
    ("tension over probable", ep("both", "pressing", 6, True, ("light",)), "tension-type-like"),
    # "noise" is sound; sound alone does not make D
    ("tension with noise", ep("both", "pressing", 5, False, ("noise",)), "tension-type-like"),
    # --- unclassified
    ("nothing recorded", ep(), "unclassified"),
    ("only a peak", ep(None, None, 8), "unclassified"),  # C 1 + 3 unknown, D not met
    # C: 0 of 4; D not met; stabbing is not pressing
    ("neither pattern", ep("both", "stabbing", 2, False), "unclassified"),
    # peak 7 is severe, so not tension; C: severe + activity unknown = 1 + 1 unknown; D no
    ("tension too severe", ep("both", "pressing", 7), "unclassified"),
    # peak 0 is no pain: not tension; C: 0 + activity unknown; D no
    ("peak 0", ep("both", "pressing", 0), "unclassified"),
    # side varies is unknown: pulsating 1 + 1 unknown; D no (with "left": probable, above)
    ("side varies", ep("varies", "pulsating", 2, False), "unclassified"),
    # the person's own --type is not read
    ("typed migraine", ep(type="migraine"), "unclassified"),
    ("typed tension", ep("left", "pulsating", 8, True, ("nausea",), type="tension"), "migraine"),
]


@pytest.mark.parametrize(("episode", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_classify(episode: EpisodeFact, expected: str) -> None:
    assert classify(episode) == expected


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (timedelta(minutes=30), False),
        (timedelta(hours=4) - timedelta(minutes=1), False),
        (timedelta(hours=4), True),
        (timedelta(hours=72), True),
        (timedelta(hours=72, minutes=1), False),
        (None, None),  # still going
    ],
)
def test_duration_is_reported(hours: timedelta | None, expected: bool | None) -> None:
    assert duration_fits(T0, None if hours is None else T0 + hours) is expected
