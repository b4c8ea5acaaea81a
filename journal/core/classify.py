"""What kind of headache an episode's records describe, by the ICHD-3 criteria (domain.md).

One pure, table-driven function over what was recorded: the pain features (side, quality,
worse with activity), the day's peak, the symptom tags and the aura flag. The person's own
`--type` is not read: the classification is what the features say, beside it.

- `aura`: the aura flag (ICHD-3 1.2, migraine with aura).
- `migraine` (1.1): criterion C, at least 2 of unilateral, pulsating, moderate or severe
  (peak >= 4) and worse with routine activity; and criterion D, nausea or vomiting, or both
  light and sound sensitivity.
- `tension-type-like`: bilateral, pressing, mild or moderate (peak 1-6), no nausea or
  vomiting, and not both light and sound sensitivity. ICHD-3 codes attacks that also fit
  probable migraine as tension-type headache (a definite diagnosis trumps a probable one), so
  this row comes before the next.
- `probable-migraine` (1.5): one of C and D met, the other not; or D met and C not known
  (too few features recorded): then the attack is migraine or probable migraine, and the
  lower of the two is what the records show.
- `unclassified`: not enough recorded to tell, or neither pattern.

Choices where the issue left room:
- A pain feature not recorded (None) is unknown: C is met with 2 features known to fit, not
  met when even the unknown ones could not reach 2, and otherwise unknown (unclassified). Side
  "varies" is unknown too: it may be one side at a time or both.
- Symptoms are tags: a symptom not listed counts as absent, as an unticked box on a paper
  diary does. "photophobia" and "phonophobia" count as light and sound.
- Duration (ICHD-3 B: 4-72 h untreated) is reported by `duration_fits` and never excludes,
  because treated attacks are often shorter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from journal.core.facts import EpisodeFact

AURA = "aura"
MIGRAINE = "migraine"
PROBABLE = "probable-migraine"
TENSION = "tension-type-like"
UNCLASSIFIED = "unclassified"
CLASSIFICATIONS: tuple[str, ...] = (MIGRAINE, PROBABLE, AURA, TENSION, UNCLASSIFIED)
# The classifications whose headache makes a migraine day (daybook.py).
MIGRAINE_LIKE: frozenset[str] = frozenset({MIGRAINE, PROBABLE, AURA})

MODERATE = 4  # moderate or severe: peak 4-10
MILD, MILD_OR_MODERATE = 1, 6  # mild or moderate: peak 1-6 (0 is no pain)
DURATION = (timedelta(hours=4), timedelta(hours=72))

# Symptom tags as people type them, to the four the criteria ask about.
SYMPTOMS: dict[str, str] = {
    "nausea": "nausea",
    "vomiting": "vomiting",
    "light": "light",
    "photophobia": "light",
    "sound": "sound",
    "noise": "sound",
    "phonophobia": "sound",
}

Known = bool | None

# ICHD-3 1.1 criterion C, one row per pain characteristic: True, False, or None (not recorded).
PAIN: tuple[tuple[str, Callable[[EpisodeFact], Known]], ...] = (
    ("unilateral", lambda e: None if e.side in (None, "varies") else e.side != "both"),
    ("pulsating", lambda e: None if e.quality is None else e.quality == "pulsating"),
    ("moderate or severe", lambda e: None if e.intensity is None else e.intensity >= MODERATE),
    ("worse with activity", lambda e: e.activity_worse),
)


def symptoms(episode: EpisodeFact) -> frozenset[str]:
    """The criteria's symptoms among the episode's tags: nausea, vomiting, light, sound."""
    return frozenset(SYMPTOMS[t] for t in episode.symptoms if t in SYMPTOMS)


def criterion_c(episode: EpisodeFact) -> Known:
    """At least 2 of the 4 pain characteristics (None: the unknown ones decide)."""
    found = [test(episode) for _, test in PAIN]
    yes, unknown = found.count(True), found.count(None)
    if yes >= 2:
        return True
    return None if yes + unknown >= 2 else False


def criterion_d(episode: EpisodeFact) -> bool:
    """Nausea or vomiting, or both light and sound sensitivity."""
    found = symptoms(episode)
    return bool(found & {"nausea", "vomiting"}) or {"light", "sound"} <= found


def tension_like(episode: EpisodeFact) -> bool:
    """Bilateral, pressing, mild or moderate, no nausea or vomiting, not both light and sound."""
    found = symptoms(episode)
    return (
        episode.side == "both"
        and episode.quality == "pressing"
        and episode.intensity is not None
        and MILD <= episode.intensity <= MILD_OR_MODERATE
        and not found & {"nausea", "vomiting"}
        and not {"light", "sound"} <= found
    )


# The first row whose test holds names the episode: (classification, test(episode, C, D)).
RULES: tuple[tuple[str, Callable[[EpisodeFact, Known, bool], bool]], ...] = (
    (AURA, lambda e, c, d: e.aura),
    (MIGRAINE, lambda e, c, d: c is True and d),
    (TENSION, lambda e, c, d: tension_like(e)),
    (PROBABLE, lambda e, c, d: (c is True and not d) or (c is not True and d)),
    (UNCLASSIFIED, lambda e, c, d: True),
)


def classify(episode: EpisodeFact) -> str:
    """One of CLASSIFICATIONS for what the episode's records show."""
    c, d = criterion_c(episode), criterion_d(episode)
    return next(name for name, test in RULES if test(episode, c, d))


def duration_fits(start: datetime, end: datetime | None) -> bool | None:
    """Whether the episode lasted 4-72 h (ICHD-3 B); None while it is still going."""
    if end is None:
        return None
    return DURATION[0] <= end - start <= DURATION[1]
