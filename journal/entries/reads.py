"""One period's entries read back with bounded, indexed queries: as facts and as records."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from journal.core.daybook import KNOWN_MARGIN
from journal.core.days import local_date, local_midnight_utc
from journal.core.facts import CheckinFact, Facts, ImpactFact, MarkerFact
from journal.entries.inputs import ListFilter
from journal.entries.intakes import find_remedy
from journal.entries.records import (
    checkin_dict,
    episode_dict,
    episode_fact,
    intake_dict,
    intake_fact,
    marker_dict,
)
from journal.entries.settings import journal_zone, min_duration
from journal.spec import normal_tag
from journal.storage.rows import Row, Rows


def bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in UTC."""
    return local_midnight_utc(first, tz), local_midnight_utc(last + timedelta(days=1), tz)


def _window(rows: Rows, lo: datetime, hi: datetime) -> dict[str, Any]:
    """The parameters of the window queries for [lo, hi): finished episodes are looked for
    no further back than the longest finished episode."""
    found = rows.one("longest_span")
    longest = (found or {}).get("longest") or 0
    return {"lo": lo, "hi": hi, "lookback": lo - timedelta(seconds=longest)}


def episodes_overlapping(
    rows: Rows, lo: datetime, hi: datetime, *, deleted: bool = False
) -> list[Row]:
    """Episodes touching [lo, hi), oldest first."""
    found = rows.all("window_episodes", deleted=deleted, **_window(rows, lo, hi))
    return sorted(found, key=lambda e: (e["start"], e["id"]))


def overlapping(rows: Rows, start: datetime, end: datetime | None, now: datetime) -> list[Row]:
    """Live episodes sharing time with [START, END): an ongoing episode, new or old, lasts
    until now, so a new ongoing episode meets every other ongoing one."""
    stop = end or max(now, start) + timedelta(seconds=1)
    found = episodes_overlapping(rows, start, stop)
    return [e for e in found if e["start"] < stop and (e["end"] is None or e["end"] > start)]


def persisted_ids(rows: Rows, episodes: list[Row], tz: ZoneInfo) -> set[int]:
    """Which of EPISODES a next-day check-in said were still there."""
    if not episodes:
        return set()
    first = local_date(min(e["start"] for e in episodes), tz)
    wanted = {e["id"] for e in episodes}
    return {r["episode_id"] for r in rows.all("still_checkins_from", first=first)} & wanted


def first_entry(rows: Rows, tz: ZoneInfo) -> date | None:
    """The local date of the journal's first record (episode, intake, check-in or marker):
    one statement of four indexed minima, however long the journal."""
    found = rows.one("first_entries") or {}
    days = [
        local_date(value, tz) if isinstance(value, datetime) else value
        for value in found.values()
        if value is not None
    ]
    return min(days) if days else None


def impacts(episodes: list[Row], checkins: list[Row]) -> tuple[ImpactFact, ...]:
    """MIDAS impact recorded for single days: on an episode's later days, and on check-ins.

    (An episode's own missed/reduced count on its start day through its EpisodeFact.)
    """
    found = [
        ImpactFact(
            date.fromisoformat(item["date"]),
            tuple(item.get("missed") or ()),
            tuple(item.get("reduced") or ()),
            ep["id"],
        )
        for ep in episodes
        for item in ep.get("impact_days") or ()
    ]
    found += [
        ImpactFact(c["day"], tuple(c["missed"] or ()), tuple(c["reduced"] or ()), c["episode_id"])
        for c in checkins
        if c.get("missed") or c.get("reduced")
    ]
    return tuple(found)


def load_facts(
    rows: Rows, first: date, last: date, now: datetime, tz: ZoneInfo | None = None
) -> Facts:
    """Everything recorded that touches the local days [first, last], as plain facts.

    The span is widened by KNOWN_MARGIN (13 days) on each side: whether a day near an edge
    lies in a silent stretch of 14 days depends on the records beyond it (core/daybook.py).
    """
    tz = tz or journal_zone(rows)
    first, last = first - KNOWN_MARGIN, last + KNOWN_MARGIN
    lo, hi = bounds(first, last, tz)
    episodes = sorted(
        rows.all("fact_episodes", deleted=False, **_window(rows, lo, hi)),
        key=lambda e: (e["start"], e["id"]),
    )
    persisted = persisted_ids(rows, episodes, tz)
    intakes = rows.all("fact_intakes", lo=lo, hi=hi)
    remedies = {r["id"]: r for r in rows.all("fact_remedies")}
    checkins = rows.all("fact_checkins", first=first, last=last)
    markers = rows.all("fact_markers", first=first, last=last)
    return Facts(
        tz=tz,
        now=now,
        first=first,
        last=last,
        episodes=tuple(episode_fact(e, e["id"] in persisted) for e in episodes),
        intakes=tuple(intake_fact(i, remedies[i["remedy_id"]]) for i in intakes),
        checkins=tuple(
            CheckinFact(c["day"], c["status"], c["intensity"], c["episode_id"]) for c in checkins
        ),
        markers=tuple(MarkerFact(m["day"], m["tag"], m["note"]) for m in markers),
        min_duration=min_duration(rows),
        first_entry=first_entry(rows, tz),
        impacts=impacts(episodes, checkins),
    )


def episode_record(rows: Rows, ep: Row, tz: ZoneInfo, now: datetime) -> dict[str, Any]:
    """One episode as `--json` shows it, with its intakes and next-day state."""
    intakes = rows.all("episode_intakes", episode_id=ep["id"])
    found = rows.one("still_checkin", episode_id=ep["id"])
    return episode_dict(ep, intakes, tz, now, bool(found and found["found"]))


def period_records(
    rows: Rows,
    first: date,
    last: date,
    tz: ZoneInfo,
    now: datetime,
    *,
    deleted: bool = False,
    only: ListFilter | None = None,
) -> list[dict[str, Any]]:
    """Episodes touching [first, last] with their intakes, intakes outside any of them, and
    the day markers and check-ins of the days listed, in time order (the `list` contract);
    deleted=True lists deleted episodes alone. ONLY narrows the entries (see matches)."""
    lo, hi = bounds(first, last, tz)
    episodes = episodes_overlapping(rows, lo, hi, deleted=deleted)
    persisted = persisted_ids(rows, episodes, tz)
    linked: dict[int, list[Row]] = {}
    if not deleted:
        for intake in rows.all("window_intakes", **_window(rows, lo, hi)):
            linked.setdefault(intake["episode_id"], []).append(intake)
    items = []
    for ep in episodes:
        intakes = sorted(linked.get(ep["id"], []), key=lambda i: (i["at"], i["id"]))
        if deleted:
            intakes = rows.all("episode_intakes", episode_id=ep["id"])
        items.append(episode_dict(ep, intakes, tz, now, ep["id"] in persisted))
    if not deleted:
        shown = {i["id"] for e in items for i in e["intakes"]}
        loose = [intake_dict(i, tz) for i in rows.all("intakes_between", lo=lo, hi=hi)]
        items += [i for i in loose if i["id"] not in shown]
    if only is not None and only.active():
        remedy = None
        if only.remedy is not None:
            remedy = str(find_remedy(rows, only.remedy, "--remedy")["name"])
        items = [i for i in items if matches(i, only, remedy)]
    if not deleted:
        days = listed_days(items, first, last, tz) if only and only.active() else None
        items += [
            {"kind": kind, **record}
            for kind, found in (
                ("marker", markers(rows, first, last)),
                ("checkin", checkins(rows, first, last)),
            )
            for record in found
            if days is None or date.fromisoformat(record["date"]) in days
        ]
    items.sort(key=_when_listed)
    return items


def _when_listed(item: dict[str, Any]) -> tuple[str, int, int]:
    """Time order; a day's markers and check-in (dated, not timed) open the day."""
    moment = item.get("start") or item.get("at") or item["date"]
    order = ("marker", "checkin", "episode", "intake").index(item["kind"])
    return str(moment), order, item["id"]


def matches(item: dict[str, Any], only: ListFilter, remedy: str | None) -> bool:
    """Whether a listed episode (with its intakes) or loose intake meets every condition.

    Conditions on the episode (type, symptom, trigger, intensity) leave loose intakes out;
    --remedy keeps episodes with a dose of it and its loose intakes; --text looks in an
    episode's note and in an intake's product.
    """
    if item["kind"] == "intake":
        if any(v is not None for v in (only.type, only.symptom, only.trigger, only.min_intensity)):
            return False
        if remedy is not None and item["remedy"] != remedy:
            return False
        return only.text is None or only.text.casefold() in (item["product"] or "").casefold()
    checks = [
        only.type is None or item["type"] == only.type,
        only.symptom is None or normal_tag(only.symptom) in item["symptoms"],
        only.trigger is None or normal_tag(only.trigger) in item["triggers"],
        only.min_intensity is None
        or (item["intensity"] is not None and item["intensity"] >= only.min_intensity),
        remedy is None or any(i["remedy"] == remedy for i in item["intakes"]),
        only.text is None or only.text.casefold() in (item["note"] or "").casefold(),
    ]
    return all(checks)


def listed_days(items: list[dict[str, Any]], first: date, last: date, tz: ZoneInfo) -> set[date]:
    """The local days within [first, last] that the listed entries touch."""
    from journal.core.days import local_days

    days: set[date] = set()
    for item in items:
        if item["kind"] == "episode":
            start = datetime.fromisoformat(item["start"])
            end = datetime.fromisoformat(item["end"]) if item["end"] else start
            days.update(local_days(start, max(end, start), tz))
        else:
            days.add(datetime.fromisoformat(item["at"]).date())
    return {d for d in days if first <= d <= last}


def markers(rows: Rows, first: date, last: date) -> list[dict[str, Any]]:
    return [marker_dict(m) for m in rows.all("markers_between", first=first, last=last)]


def checkins(rows: Rows, first: date, last: date) -> list[dict[str, Any]]:
    return [checkin_dict(c) for c in rows.all("checkins_between", first=first, last=last)]
