"""How acute treatments went, by the endpoints of the IHS guidelines for acute-treatment trials.

Per dose, from the pain recorded before it and at times after it (domain.md, "Treatment
outcomes"): pain freedom at 2 hours, headache relief at 2 hours, rescue medication, and
sustained pain freedom. Each is True, False, or None when the records do not tell: an
endpoint never counts as a failure because something was not written down.

These are the person's own records, not a trial: no text says a remedy works.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# The outcome that stands for "2 hours" is the one closest to 2 h within this window.
TWO_HOURS = timedelta(hours=2)
WINDOW = (timedelta(hours=1.5), timedelta(hours=4))
# Rescue: another acute dose for the same attack from 2 h to 24 h after.
RESCUE = (timedelta(hours=2), timedelta(hours=24))
SUSTAINED = timedelta(hours=24)
MODERATE = 4  # moderate or severe on the 0-10 scale: 4 and above
MILD = 3  # mild or none: 3 and below
# Fewer outcomes than this show as counts only, never as a percentage.
MIN_FOR_SHARE = 5


@dataclass(frozen=True)
class Dose:
    id: int
    at: datetime  # aware
    remedy: str
    klass: str
    acute: bool
    episode_id: int | None
    pain: int | None  # pain when taken


@dataclass(frozen=True)
class Outcome:
    intake_id: int
    at: datetime
    pain: int


@dataclass(frozen=True)
class Endpoints:
    pain_free_2h: bool | None
    relief_2h: bool | None
    rescue: bool | None
    sustained_pain_free: bool | None
    hours_to_mild: float | None  # to the first outcome with pain <= 3
    with_outcome: bool


def at_two_hours(dose: Dose, outcomes: Sequence[Outcome]) -> Outcome | None:
    """The outcome closest to 2 h after the dose within 1.5-4 h (the earlier on a tie)."""
    inside = [o for o in outcomes if WINDOW[0] <= o.at - dose.at <= WINDOW[1]]
    return min(inside, key=lambda o: (abs(o.at - dose.at - TWO_HOURS), o.at), default=None)


def rescue(dose: Dose, doses: Sequence[Dose], now: datetime) -> bool | None:
    """Another acute dose in the same episode 2-24 h later; unknown for a dose outside any
    episode, or when 24 h have not passed and none was taken yet."""
    if dose.episode_id is None:
        return None
    for other in doses:
        if other.id == dose.id or not other.acute or other.episode_id != dose.episode_id:
            continue
        if RESCUE[0] <= other.at - dose.at <= RESCUE[1]:
            return True
    return False if now - dose.at >= RESCUE[1] else None


def endpoints(
    dose: Dose,
    outcomes: Sequence[Outcome],
    doses: Sequence[Dose],
    onsets: Iterable[datetime],
    now: datetime,
) -> Endpoints:
    """The endpoints of one dose. OUTCOMES are its own; DOSES all doses around it; ONSETS
    the start times of episodes (a new one within 24 h is the headache back)."""
    mine = sorted(outcomes, key=lambda o: o.at)
    two = at_two_hours(dose, mine)
    pain_free = None if two is None else two.pain == 0
    relief = None
    if two is not None and dose.pain is not None and dose.pain >= MODERATE:
        relief = two.pain <= MILD
    rescued = rescue(dose, doses, now)
    sustained: bool | None = None
    if pain_free is False:
        sustained = False
    elif pain_free:
        assert two is not None
        back = any(o.pain > 0 and two.at < o.at <= dose.at + SUSTAINED for o in mine) or any(
            two.at < start <= dose.at + SUSTAINED for start in onsets
        )
        if back or rescued:
            sustained = False
        elif rescued is False:  # known: 24 h have passed without a rescue dose
            sustained = True
    mild = next((o for o in mine if o.pain <= MILD and o.at >= dose.at), None)
    hours = None if mild is None else (mild.at - dose.at).total_seconds() / 3600
    return Endpoints(pain_free, relief, rescued, sustained, hours, bool(mine))


ENDPOINTS = ("pain_free_2h", "relief_2h", "rescue", "sustained_pain_free")


def tally(found: Sequence[Endpoints]) -> dict[str, object]:
    """Counts over doses: uses, with_outcome, each endpoint as {"yes", "of"} (of: doses for
    which it is known), and the median hours to the first outcome with pain <= 3."""
    out: dict[str, object] = {
        "uses": len(found),
        "with_outcome": sum(1 for e in found if e.with_outcome),
    }
    for name in ENDPOINTS:
        known = [getattr(e, name) for e in found if getattr(e, name) is not None]
        out[name] = {"yes": sum(1 for v in known if v), "of": len(known)}
    hours = [e.hours_to_mild for e in found if e.hours_to_mild is not None]
    out["median_hours_to_mild"] = round(statistics.median(hours), 2) if hours else None
    return out


def summarise_treatments(
    doses: Sequence[Dose],
    outcomes: Sequence[Outcome],
    onsets: Sequence[datetime],
    now: datetime,
    first: datetime,
    last: datetime,
) -> dict[str, list[dict[str, object]]]:
    """Per acute remedy and per class, the tallies of doses taken in [first, last)."""
    by_intake: dict[int, list[Outcome]] = {}
    for o in outcomes:
        by_intake.setdefault(o.intake_id, []).append(o)
    per_remedy: dict[tuple[str, str], list[Endpoints]] = {}
    for dose in doses:
        if dose.acute and first <= dose.at < last:
            result = endpoints(dose, by_intake.get(dose.id, []), doses, onsets, now)
            per_remedy.setdefault((dose.klass, dose.remedy), []).append(result)
    remedies = [
        {"remedy": remedy, "class": klass, **tally(found)}
        for (klass, remedy), found in sorted(per_remedy.items(), key=lambda kv: kv[0][1])
    ]
    per_class: dict[str, list[Endpoints]] = {}
    for (klass, _), found in per_remedy.items():
        per_class.setdefault(klass, []).extend(found)
    classes = [{"class": k, **tally(v)} for k, v in sorted(per_class.items())]
    return {"remedies": remedies, "classes": classes}


def share_text(counts: dict[str, int]) -> str:
    """ "3 of 7 (43%)", or "3 of 4" below MIN_FOR_SHARE, or "-" when nothing is known."""
    yes, of = counts["yes"], counts["of"]
    if of == 0:
        return "-"
    if of < MIN_FOR_SHARE:
        return f"{yes} of {of}"
    return f"{yes} of {of} ({round(100 * yes / of)}%)"
