"""The journal's fixed vocabularies: remedy classes, episode types, impacts, relief.

Apart from facts.py (which re-exports them) so that the command modules can offer
them as choices without importing dataclasses at start-up (`journal --help`).
"""

from __future__ import annotations

# Classes whose acute intakes make ICHD-3 medication days (domain.md).
ACUTE_CLASSES: tuple[str, ...] = ("simple", "triptan", "ergot", "opioid", "combination", "kratom")
ALL_CLASSES: tuple[str, ...] = (*ACUTE_CLASSES, "caffeine", "other")
EPISODE_TYPES: tuple[str, ...] = ("migraine", "tension", "cluster", "other", "unknown")
IMPACT_MISSED: tuple[str, ...] = ("work", "school", "housework", "social")
IMPACT_REDUCED: tuple[str, ...] = ("work", "school", "housework")
RELIEF: tuple[str, ...] = ("none", "partial", "full")
USES: tuple[str, ...] = ("acute", "preventive")
