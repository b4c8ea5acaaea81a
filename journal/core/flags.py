"""A flag as the rules raise it, the lines they draw, and how flags are grouped for reading.

Text, Markdown, charts and the report all show flags most serious first, one group per
rule, class and severity: the order and the grouping live here, once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

SEVERITIES: tuple[str, ...] = ("watch", "warning", "alert")


@dataclass(frozen=True)
class Thresholds:
    """Every line the rules draw, in one place."""

    # ICHD-3 8.2.1-8.2.5 days a month; kratom takes the opioid line (domain.md).
    overuse_days: Mapping[str, int]
    multiple_classes_days: int = 10  # ICHD-3 8.2.6
    sustained_months: int = 3  # ICHD-3: regular overuse for more than 3 months
    chronic_days: int = 15  # ICHD-3 1.3 / 2.3
    chronic_months: int = 3
    chronic_migraine_days: int = 8  # ICHD-3 1.3: of the 15, migraine days (daybook.py)
    kratom_streak_days: int = 7
    kratom_doses_per_day: int = 3
    escalation_window_days: int = 28
    escalation_min_days: int = 4
    escalation_ratio: float = 1.5
    next_day_min_days: int = 5  # evenings on each side
    next_day_share: float = 0.5
    next_day_p: float = 0.05  # one-sided Fisher exact test
    next_day_saturation: float = 0.9  # headache on this share of days: nothing to compare
    approaching_margin: int = 2
    otc_days_per_week: int = 2  # Choosing Wisely: no more than 2 days a week
    caffeine_mg_per_day: float = 200.0  # ICHD-3 8.3.1
    caffeine_streak_days: int = 14  # the notice needs MORE than this many days
    kiel_days_per_month: int = 10  # Kiel "10-20 rule": warns above 9 days


THRESHOLDS = Thresholds(
    overuse_days=MappingProxyType(
        {"simple": 15, "triptan": 10, "ergot": 10, "opioid": 10, "combination": 10, "kratom": 10}
    )
)


@dataclass(frozen=True)
class Flag:
    rule: str
    severity: str  # one of SEVERITIES
    klass: str | None  # serialised as "class"; "multiple" for the combined-classes line
    period: str  # "YYYY-MM", "YYYY-Www" or "YYYY-MM-DD..YYYY-MM-DD"
    days: int
    threshold: int | float
    message: str
    advice: str
    # chronic-pattern only: "chronic-migraine" or "chronic-headache" (rules.py)
    pattern: str | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity,
            "class": self.klass,
            "period": self.period,
            "days": self.days,
            "threshold": self.threshold,
            "message": self.message,
            "advice": self.advice,
        }
        if self.pattern is not None:
            out["pattern"] = self.pattern
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Flag:
        """The inverse of to_dict (summaries carry flags as JSON-ready dicts)."""
        return cls(
            data["rule"],
            data["severity"],
            data.get("class"),
            data.get("period", ""),
            data.get("days", 0),
            data.get("threshold", 0),
            data.get("message", ""),
            data.get("advice", ""),
            data.get("pattern"),
        )


# Most serious first: alert, warning, watch.
SEVERITY_ORDER: dict[str, int] = {s: i for i, s in enumerate(reversed(SEVERITIES))}


@dataclass(frozen=True)
class FlagGroup:
    """Flags of one rule, class and severity, oldest first: the latest is shown in full."""

    flags: tuple[Flag, ...]

    @property
    def latest(self) -> Flag:
        return self.flags[-1]

    @property
    def earlier(self) -> tuple[str, ...]:
        """The periods of the other flags of the group."""
        return tuple(f.period for f in self.flags[:-1])


def group_flags(flags: Iterable[Flag | Mapping[str, Any]]) -> list[FlagGroup]:
    """Group by (severity, rule, class), most serious first, then by rule and class."""
    groups: dict[tuple[str, str, str], list[Flag]] = defaultdict(list)
    for item in flags:
        flag = item if isinstance(item, Flag) else Flag.from_dict(item)
        groups[(flag.severity, flag.rule, flag.klass or "")].append(flag)
    ordered = sorted(groups.items(), key=lambda kv: (SEVERITY_ORDER[kv[0][0]], kv[0][1], kv[0][2]))
    return [FlagGroup(tuple(members)) for _, members in ordered]
