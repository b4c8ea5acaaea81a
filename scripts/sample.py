"""Plausible sample journals for the demo and the benchmarks (deterministic per seed)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from journal.storage.engine import Store
from journal.storage.location import from_path
from journal.storage.models import (
    CheckIn,
    Course,
    DayMarker,
    Episode,
    Intake,
    Outcome,
    Remedy,
    Setting,
    utcnow,
)


def _at(day: date, hour: float, tz: ZoneInfo) -> datetime:
    naive = datetime.combine(day, time()) + timedelta(hours=hour)
    return naive.replace(tzinfo=tz).astimezone(ZoneInfo("UTC"))


def build(
    path: Path,
    days: int,
    *,
    end: date,
    tz_name: str = "Europe/Berlin",
    seed: int = 7,
    kratom_from: int | None = 28,
    course_from: int | None = None,
) -> Store:
    """Fill a new journal at PATH with DAYS days ending on END.

    kratom_from: days before END at which near-daily kratom use begins (None: never),
    so the demo shows the dependence signals the journal watches for.
    course_from: days before END at which an erenumab course begins (None: none), with
    fewer attacks on it, and pain recorded before and after acute doses, so the demo shows
    the treatment figures. Its draws come from a second generator: without it, a journal is
    the same as before.
    """
    rng = random.Random(seed)
    treated = random.Random(seed + 1)
    tz = ZoneInfo(tz_name)
    store = Store(from_path(str(path), "sample"))
    now = utcnow()
    with store.write() as s:
        setting = s.get(Setting, "tz")
        assert setting is not None
        setting.value = tz_name
        remedies = {r.name: r for r in s.scalars(select(Remedy))}
        first = end - timedelta(days=days - 1)
        course_start = None if course_from is None else end - timedelta(days=course_from)
        if course_start is not None:
            s.add(
                Course(
                    remedy_id=remedies["erenumab"].id, started=course_start, dose=70.0, unit="mg",
                    created=now, updated=now,
                )
            )  # fmt: skip
        pending_still: list[tuple[date, Episode]] = []
        for n in range(days):
            day = first + timedelta(days=n)
            month_phase = day.toordinal() % 28
            # Menstruation for 5 days of a 28-day cycle, with more migraine around it.
            if month_phase < 5:
                s.add(DayMarker(day=day, tag="menstruation", created=now, updated=now))
            if rng.random() < 0.12:
                s.add(DayMarker(day=day, tag="poor sleep", created=now, updated=now))
            s.add(
                Intake(
                    remedy=remedies["propranolol"],
                    at=_at(day, 8, tz),
                    dose=40.0,
                    unit="mg",
                    created=now,
                    updated=now,
                )
            )
            if rng.random() < 0.6:
                s.add(
                    Intake(
                        remedy=remedies["caffeine"],
                        at=_at(day, 9, tz),
                        dose=float(rng.choice([80, 160, 240])),
                        unit="mg",
                        created=now,
                        updated=now,
                    )
                )
            kratom = kratom_from is not None and (end - day).days < kratom_from
            if kratom and rng.random() < 0.93:
                doses = 3 if rng.random() < 0.3 else rng.choice([1, 2])
                grams = 1.5 + 2.5 * (kratom_from - (end - day).days) / kratom_from
                for k in range(doses):
                    s.add(
                        Intake(
                            remedy=remedies["kratom"],
                            at=_at(day, 10 + 4 * k, tz),
                            dose=round(grams + rng.random() * 0.5, 1),
                            unit="g",
                            product="green vein powder",
                            created=now,
                            updated=now,
                        )
                    )
            on_course = course_start is not None and day >= course_start
            if on_course and (day - course_start).days % 28 == 0:  # type: ignore[operator]
                s.add(
                    Intake(
                        remedy=remedies["erenumab"], at=_at(day, 19, tz), dose=70.0, unit="mg",
                        created=now, updated=now,
                    )
                )  # fmt: skip
            # Days -2..+3 of menstruation (phases 26, 27, 0, 1, 2): migraine most likely then,
            # so the cycle table shows a menstrually related pattern.
            around = month_phase >= 26 or month_phase < 3
            chance = 0.7 if around else 0.55 if kratom else 0.3
            if rng.random() >= chance * (0.6 if on_course else 1):
                continue
            migraine = rng.random() < (0.85 if around else 0.2) * (0.5 if on_course else 1)
            start_h = rng.choice([7.0, 10.5, 14.0, 17.5, 20.0, 21.5])
            length = rng.uniform(2, 9) + (rng.uniform(8, 20) if rng.random() < 0.3 else 0)
            start = _at(day, start_h, tz)
            stop = start + timedelta(hours=length)
            if stop > now:
                stop = None  # still going
            peak = rng.randint(5, 9) if migraine else rng.randint(2, 5)
            ep = Episode(
                start=start,
                intensity=peak,
                type="migraine" if migraine else "tension",
                aura=migraine and rng.random() < 0.2,
                symptoms=(
                    rng.choice([["nausea", "light"], ["nausea"], ["light", "sound"], ["light"]])
                    if migraine
                    else ["neck pain"]
                ),
                # the pain features (ICHD-3 criterion C): one-sided and throbbing for the
                # migraines, pressing on both sides for the rest, now and then left out
                side=(
                    rng.choice(["left", "right", "right", "varies"])
                    if migraine
                    else rng.choice(["both", "both", None])
                ),
                quality=(
                    rng.choice(["pulsating", "pulsating", "pressing"])
                    if migraine
                    else rng.choice(["pressing", "pressing", None])
                ),
                activity_worse=(rng.random() < 0.8) if migraine else rng.choice([False, None]),
                triggers=rng.sample(
                    ["stress", "alcohol", "weather", "screen", "missed meal"], k=rng.randint(0, 2)
                ),
                location=rng.choice(["left temple", "right temple", "forehead", "neck"]),
                missed=(["work"] if migraine and peak >= 8 else []),
                reduced=(["work"] if migraine and 6 <= peak < 8 else []),
                note=None,
                created=now,
                updated=now,
            )
            ep.set_end(stop)
            s.add(ep)
            triptan = migraine and rng.random() < 0.7
            drug = "sumatriptan" if triptan else rng.choice(["ibuprofen", "paracetamol"])
            dose = {"sumatriptan": 50.0, "ibuprofen": 400.0, "paracetamol": 1000.0}[drug]
            intake = Intake(
                remedy=remedies[drug],
                at=start + timedelta(minutes=40),
                dose=dose,
                unit="mg",
                episode=ep,
                relief=rng.choice(["none", "partial", "full"]),
                created=now,
                updated=now,
            )
            s.add(intake)
            if course_from is not None:
                _outcomes(s, treated, intake, ep, peak, stop, remedies, now)
            if stop is None or stop.astimezone(tz).date() > day:
                pending_still.append((day + timedelta(days=1), ep))
        s.flush()
        for morning, ep in pending_still:
            if morning <= end and s.scalar(select(CheckIn).where(CheckIn.day == morning)) is None:
                s.add(
                    CheckIn(
                        day=morning,
                        status="still",
                        intensity=max(1, (ep.intensity or 4) - 2),
                        at=_at(morning, 7.5, tz),
                        episode_id=ep.id,
                        created=now,
                        updated=now,
                    )
                )
    return store


def _outcomes(
    s: Any,
    rng: random.Random,
    intake: Intake,
    ep: Episode,
    peak: int,
    stop: datetime | None,
    remedies: dict[str, Remedy],
    now: datetime,
) -> None:
    """Pain when the dose was taken and about 2 hours later, most of the time; now and then
    a second dose 3 hours on when the pain stayed moderate or worse."""
    intake.pain = peak
    if rng.random() < 0.2:  # not every dose gets its outcome written down
        return
    triptan = intake.remedy.klass == "triptan"
    pain = max(0, min(10, peak - rng.randint(3, 9 if triptan else 6)))
    at = intake.at + timedelta(minutes=rng.choice([105, 115, 120, 125, 140]))
    s.flush()  # the outcome names the intake by its id
    s.add(Outcome(intake_id=intake.id, at=at, pain=pain, created=now, updated=now))
    if pain >= 4 and (stop is None or stop > intake.at + timedelta(hours=3)):
        s.add(
            Intake(
                remedy=remedies["ibuprofen"], at=intake.at + timedelta(hours=3), dose=400.0,
                unit="mg", episode=ep, pain=pain, created=now, updated=now,
            )
        )  # fmt: skip
