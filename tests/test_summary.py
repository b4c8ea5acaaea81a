"""Period summaries, MIDAS, the status screen and their text renderings."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from journal.core.facts import CheckinFact, EpisodeFact, Facts, IntakeFact, MarkerFact
from journal.core.summary import midas, midas_window, status, summarise
from journal.views.summary import (
    render_markdown,
    render_periods_markdown,
    render_periods_text,
    render_status,
    render_text,
)
from tests.builders import BERLIN, NEW_YORK, at, d, make_facts

facts = partial(make_facts, now="2027-01-10 12:00")
ZULU = ZoneInfo("UTC")
_ids = itertools.count(100)


# --- builders -----------------------------------------------------------------------------------


def ep(
    start: str,
    end: str | None,
    intensity: int | None = 5,
    *,
    id: int | None = None,
    missed: tuple[str, ...] = (),
    reduced: tuple[str, ...] = (),
    tz: ZoneInfo = BERLIN,
) -> EpisodeFact:
    return EpisodeFact(
        id=next(_ids) if id is None else id,
        start=at(start, tz),
        end=None if end is None else at(end, tz),
        intensity=intensity,
        missed=missed,
        reduced=reduced,
    )


def take(
    when: str,
    remedy: str,
    klass: str,
    dose: float | None = None,
    unit: str | None = "mg",
    use: str = "acute",
    tz: ZoneInfo = BERLIN,
) -> IntakeFact:
    return IntakeFact(next(_ids), at(when, tz), remedy, klass, use, dose, unit)


def november() -> Facts:
    """A small hand-counted month (Europe/Berlin); the expected numbers are worked out below."""
    return facts(
        (
            ep("2026-10-31 21:00", "2026-11-01 01:00", 7, id=4),  # Oct 31 and Nov 1, persisted
            ep("2026-11-02 08:00", "2026-11-02 12:00", 6, id=1),  # day rated 2 by a check-in
            ep("2026-11-05 22:00", "2026-11-06 03:00", 3, id=2),  # Nov 5 and 6, persisted
            ep("2026-11-06 10:00", "2026-11-06 11:00", 5, id=3),  # Nov 6 peak becomes 5
            ep("2026-11-10 09:00", "2026-11-10 09:10", 9, id=5),  # too short: no headache day
            ep("2026-11-30 23:00", "2026-12-01 01:00", 4, id=6),  # Nov 30 and Dec 1, persisted
        ),
        (
            take("2026-11-02 09:00", "ibuprofen", "simple", 400),
            take("2026-11-02 15:00", "ibuprofen", "simple", 400),
            take("2026-11-04 20:00", "ibuprofen", "simple", 200),
            take("2026-11-06 09:00", "ibuprofen", "simple", 400),
            take("2026-11-06 12:00", "sumatriptan", "triptan", 50),
            take("2026-11-02 07:00", "coffee", "caffeine", 100),
            take("2026-11-01 08:00", "propranolol", "other", 40, use="preventive"),
            take("2026-11-02 08:00", "propranolol", "other", 40, use="preventive"),
            take("2026-11-03 08:00", "propranolol", "other", 40, use="preventive"),
        ),
        (CheckinFact(d("2026-11-02"), "still", 2),),
        (MarkerFact(d("2026-11-20"), "period"),),
        first="2026-09-01",
        min_duration=timedelta(minutes=30),
    )


# --- summarise ----------------------------------------------------------------------------------


def test_summarise_counts_a_month_by_hand() -> None:
    s: dict[str, object] = dict(summarise(november(), d("2026-11-01"), d("2026-11-30"), "2026-11"))
    flags = s.pop("flags")
    previous = s.pop("previous")
    change = s.pop("change")
    assert isinstance(flags, list)
    assert s == {
        "period": "2026-11",
        "start": "2026-11-01",
        "end": "2026-11-30",
        "covered": True,
        # episodes 1, 2, 5, 6, 10, 30; intakes 1, 2, 3, 4, 6; check-in 2; marker 20
        "recorded_days": 9,
        "headache_days": 5,  # 1, 2, 5, 6, 30
        "moderate_severe_days": 3,  # peaks 7, 2, 3, 5, 4
        "episodes": 5,
        "persisted_episodes": 3,
        "mean_peak_intensity": 4.2,  # 21 / 5
        "max_intensity": 7,
        "headache_hours": 12.0,  # 1 + 4 + 5 + 1 + 1
        "medication_days": {
            "total": 3,
            "simple": 3,
            "triptan": 1,
            "ergot": 0,
            "opioid": 0,
            "combination": 0,
            "kratom": 0,
        },
        "caffeine_days": 1,
        "preventive_days": 3,
        "intakes": [
            {
                "remedy": "coffee",
                "class": "caffeine",
                "use": "acute",
                "count": 1,
                "total_dose": 100.0,
                "unit": "mg",
            },
            {
                "remedy": "ibuprofen",
                "class": "simple",
                "use": "acute",
                "count": 4,
                "total_dose": 1400.0,
                "unit": "mg",
            },
            {
                "remedy": "propranolol",
                "class": "other",
                "use": "preventive",
                "count": 3,
                "total_dose": 120.0,
                "unit": "mg",
            },
            {
                "remedy": "sumatriptan",
                "class": "triptan",
                "use": "acute",
                "count": 1,
                "total_dose": 50.0,
                "unit": "mg",
            },
        ],
        # new episodes start Oct 31, Nov 2, 5, 6, 30; Dec 1 is known, so Nov 30 counts too
        "next_day": [
            {
                "class": "simple",
                "use_days": 3,
                "followed": 1,
                "share": 0.33,
                "other_days": 27,
                "other_followed": 3,
                "other_share": 0.11,
            },
            {
                "class": "triptan",
                "use_days": 1,
                "followed": 0,
                "share": 0.0,
                "other_days": 29,
                "other_followed": 4,
                "other_share": 0.14,
            },
            {
                "class": "caffeine",
                "use_days": 1,
                "followed": 0,
                "share": 0.0,
                "other_days": 29,
                "other_followed": 4,
                "other_share": 0.14,
            },
            {
                "class": "all",
                "use_days": 3,
                "followed": 1,
                "share": 0.33,
                "other_days": 27,
                "other_followed": 3,
                "other_share": 0.11,
            },
        ],
    }
    # simple pain relievers on Nov 2, 4 and 6: three days in ISO week 45
    assert [(f["rule"], f["severity"], f["class"], f["period"], f["days"]) for f in flags] == [
        ("approaching-overuse", "watch", "simple", "2026-W45", 3)
    ]
    assert previous == {
        "period": "2026-10",
        "start": "2026-10-01",
        "end": "2026-10-31",
        "covered": True,
        "recorded_days": 1,
        "headache_days": 1,
        "moderate_severe_days": 1,
        "episodes": 1,
        "persisted_episodes": 1,
        "mean_peak_intensity": 7.0,
        "max_intensity": 7,
        "headache_hours": 3.0,
        "medication_days": {
            "total": 0,
            "simple": 0,
            "triptan": 0,
            "ergot": 0,
            "opioid": 0,
            "combination": 0,
            "kratom": 0,
        },
        "caffeine_days": 0,
        "preventive_days": 0,
        "intakes": [],
        "next_day": [
            {
                "class": "all",
                "use_days": 0,
                "followed": 0,
                "share": None,
                "other_days": 31,
                "other_followed": 1,
                "other_share": 0.03,
            },
        ],
    }
    assert change == {
        "headache_days": 4,
        "moderate_severe_days": 2,
        "medication_days": 3,
        "episodes": 4,
        "persisted_episodes": 2,
        "headache_hours": 9.0,
    }


@pytest.mark.parametrize(
    ("first", "last", "label", "previous", "prev_start", "prev_end"),
    [
        ("2026-11-16", "2026-11-22", "2026-W47", "2026-W46", "2026-11-09", "2026-11-15"),
        (
            "2026-11-03",
            "2026-11-05",
            "3 days",
            "2026-10-31..2026-11-02",
            "2026-10-31",
            "2026-11-02",
        ),
        ("2026-03-01", "2026-03-31", "2026-03", "2026-02", "2026-02-01", "2026-02-28"),
        ("2028-03-01", "2028-03-31", "2028-03", "2028-02", "2028-02-01", "2028-02-29"),
    ],
)
def test_previous_period(
    first: str, last: str, label: str, previous: str, prev_start: str, prev_end: str
) -> None:
    s = summarise(facts(), d(first), d(last), label)
    assert s["period"] == label
    assert (s["previous"]["period"], s["previous"]["start"], s["previous"]["end"]) == (
        previous,
        prev_start,
        prev_end,
    )


def test_previous_period_not_in_the_facts_is_marked() -> None:
    f = facts(first="2026-11-01")
    s = summarise(f, d("2026-11-01"), d("2026-11-30"), "2026-11")
    assert s["covered"] is True
    assert s["previous"]["covered"] is False


@pytest.mark.parametrize(
    ("tz", "start", "end", "label", "days", "hours"),
    [
        (ZULU, "2026-02-01 00:00", "2026-03-01 00:00", "2026-02", 28, 672.0),
        (ZULU, "2028-02-01 00:00", "2028-03-01 00:00", "2028-02", 29, 696.0),
        (ZULU, "2026-04-01 00:00", "2026-05-01 00:00", "2026-04", 30, 720.0),
        (ZULU, "2026-12-01 00:00", "2027-01-01 00:00", "2026-12", 31, 744.0),
        # Berlin's March loses an hour, its October gains one
        (BERLIN, "2026-03-01 00:00", "2026-04-01 00:00", "2026-03", 31, 743.0),
        (BERLIN, "2026-10-01 00:00", "2026-11-01 00:00", "2026-10", 31, 745.0),
        (BERLIN, "2026-03-29 00:00", "2026-03-30 00:00", "2026-03-29..2026-03-29", 1, 23.0),
        (BERLIN, "2026-10-25 00:00", "2026-10-26 00:00", "2026-10-25..2026-10-25", 1, 25.0),
    ],
)
def test_month_lengths_and_daylight_saving(
    tz: ZoneInfo, start: str, end: str, label: str, days: int, hours: float
) -> None:
    f = facts((ep(start, end, tz=tz),), tz=tz, first="2026-01-01", last="2028-12-31")
    if ".." in label:
        first, last = (d(x) for x in label.split(".."))
    else:
        first = d(label + "-01")
        last = first + timedelta(days=days - 1)
    s = summarise(f, first, last, label)
    assert (s["headache_days"], s["headache_hours"], s["episodes"]) == (days, hours, 1)
    assert s["persisted_episodes"] == (1 if days > 1 else 0)


@pytest.mark.parametrize(("tz", "october", "november"), [(NEW_YORK, 1, 0), (BERLIN, 0, 1)])
def test_a_utc_instant_counts_on_the_local_date(tz: ZoneInfo, october: int, november: int) -> None:
    # 2026-11-01 02:00 UTC is 22:00 on 31 October in New York, 03:00 on 1 November in Berlin
    intake = IntakeFact(1, datetime(2026, 11, 1, 2, 0, tzinfo=UTC), "aspirin", "simple", "acute")
    f = facts(intakes=(intake,), tz=tz)
    s = summarise(f, d("2026-11-01"), d("2026-11-30"), "2026-11")
    assert s["medication_days"]["simple"] == november
    assert s["previous"]["medication_days"]["simple"] == october


def test_next_day_leaves_out_days_whose_next_day_is_not_known() -> None:
    # now is 2026-11-20: use days 18 and 19 count (their next days are known), 20 does not
    f = facts(
        (ep("2026-11-19 08:00", "2026-11-19 09:00"),),
        (
            take("2026-11-18 09:00", "kratom", "kratom", 2, "g"),
            take("2026-11-19 09:00", "kratom", "kratom", 2, "g"),
            take("2026-11-20 09:00", "kratom", "kratom", 2, "g"),
        ),
        now="2026-11-20 12:00",
    )
    s = summarise(f, d("2026-11-16"), d("2026-11-22"), "2026-W47")
    assert s["next_day"][0] == {
        "class": "kratom",
        "use_days": 2,
        "followed": 1,
        "share": 0.5,
        "other_days": 2,  # 16 and 17
        "other_followed": 0,
        "other_share": 0.0,
    }


# --- rendering ----------------------------------------------------------------------------------


def _row(text: str, label: str) -> list[str]:
    """The cells after `label` in the main table (the block after the title)."""
    table = text.split("\n\n")[1]
    [line] = [x for x in table.splitlines() if x.startswith(label)]
    return line[len(label) :].split()


def test_render_text_shows_this_previous_and_change() -> None:
    text = render_text(summarise(november(), d("2026-11-01"), d("2026-11-30"), "2026-11"))
    assert text.splitlines()[0] == "2026-11 (2026-11-01 to 2026-11-30)"
    assert _row(text, "Headache days") == ["5", "1", "↑", "4"]
    assert _row(text, "Headache hours") == ["12.0", "3.0", "↑", "9.0"]
    assert _row(text, "Acute medication days") == ["3", "0", "↑", "3"]
    assert _row(text, "Mean day peak (0-10)") == ["4.2", "7.0"]
    assert _row(text, "  simple") == ["3", "0"]
    assert "  ibuprofen (simple, acute)" in text
    assert "1400 mg" in text
    assert "\n  WATCH  approaching-overuse:" in text  # the one flag: its column is WATCH wide


def test_render_text_arrows_down_and_level() -> None:
    f = facts(
        (
            ep("2026-11-02 08:00", "2026-11-02 10:00"),
            ep("2026-11-03 08:00", "2026-11-03 10:00"),
            ep("2026-11-10 08:00", "2026-11-10 09:00"),
        )
    )
    text = render_text(summarise(f, d("2026-11-09"), d("2026-11-15"), "2026-W46"))
    assert _row(text, "Headache days") == ["1", "2", "↓", "1"]
    assert _row(text, "Headache hours") == ["1.0", "4.0", "↓", "3.0"]
    assert _row(text, "Persisted into next day") == ["0", "0", "→", "0"]


def test_render_markdown() -> None:
    md = render_markdown(summarise(november(), d("2026-11-01"), d("2026-11-30"), "2026-11"))
    assert md.startswith("## 2026-11 (2026-11-01 to 2026-11-30)\n")
    assert "| Headache days | 5 | 1 | ↑ 4 |" in md
    assert "| ibuprofen | simple | acute | 4 | 1400 mg |" in md
    assert "| simple | 1/3 | 33% | 3/27 | 11% |" in md


def test_render_periods_oldest_first() -> None:
    nov = summarise(november(), d("2026-11-01"), d("2026-11-30"), "2026-11")
    text = render_periods_text([nov, nov["previous"]])
    lines = text.splitlines()
    assert lines[0].split()[0] == "period"
    assert lines[1].split() == ["2026-10", "1", "1", "0", "1", "1", "3.0", "7.0", "7"]
    assert lines[2].split() == ["2026-11", "5", "3", "3", "5", "3", "12.0", "4.2", "7"]
    md = render_periods_markdown([nov, nov["previous"]]).splitlines()
    assert md[2] == "| 2026-10 | 1 | 1 | 0 | 1 | 1 | 3.0 | 7.0 | 7 |"
    assert md[3] == "| 2026-11 | 5 | 3 | 3 | 5 | 3 | 12.0 | 4.2 | 7 |"


# --- MIDAS --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "first"),
    [
        ("2026-09-30", "2026-07-01"),
        ("2026-11-30", "2026-09-01"),
        ("2028-05-31", "2028-03-01"),
        ("2026-02-28", "2025-12-01"),
        ("2026-11-15", "2026-08-16"),
        ("2026-05-20", "2026-02-21"),
        ("2026-03-01", "2025-12-02"),
    ],
)
def test_midas_window(as_of: str, first: str) -> None:
    assert midas_window(d(as_of)) == (d(first), d(as_of))


@pytest.mark.parametrize(
    ("missed_days", "grade"),
    [(0, "I"), (5, "I"), (6, "II"), (10, "II"), (11, "III"), (20, "III"), (21, "IV"), (40, "IV")],
)
def test_midas_grades(missed_days: int, grade: str) -> None:
    start = date(2026, 7, 1)
    episodes = tuple(
        ep(
            f"{start + timedelta(days=i)} 08:00",
            f"{start + timedelta(days=i)} 09:00",
            missed=("work",),
        )
        for i in range(missed_days)
    )
    result = midas(facts(episodes), d("2026-09-30"))
    assert (result["q1"], result["score"], result["grade"]) == (missed_days, missed_days, grade)


def test_midas_questions_by_hand() -> None:
    episodes = (
        ep("2026-09-01 08:00", "2026-09-01 09:00", 9, missed=("work",), reduced=("work",)),
        ep("2026-09-02 08:00", "2026-09-02 09:00", reduced=("school",)),
        ep("2026-09-03 08:00", "2026-09-03 09:00", missed=("housework",)),
        ep("2026-09-03 18:00", "2026-09-03 19:00", 7, reduced=("housework",)),
        ep("2026-09-04 08:00", "2026-09-04 09:00", reduced=("housework",)),
        ep("2026-09-05 08:00", "2026-09-05 09:00", missed=("social",)),
        ep("2026-09-06 08:00", "2026-09-06 09:00", missed=("school", "social")),
        ep("2026-09-07 08:00", "2026-09-07 09:00", missed=("work",)),
        ep("2026-09-07 15:00", "2026-09-07 16:00", missed=("work",)),
        # three days long: its impact counts once, on the day it started
        ep("2026-09-08 22:00", "2026-09-10 02:00", missed=("work",)),
        # started before the window: its impact is outside, its 1 July is a headache day
        ep("2026-06-30 22:00", "2026-07-01 03:00", 2, missed=("work",)),
    )
    assert midas(facts(episodes), d("2026-09-30")) == {
        "q1": 4,  # Sep 1, 6, 7, 8
        "q2": 1,  # Sep 2 (Sep 1 already in Q1)
        "q3": 1,  # Sep 3
        "q4": 1,  # Sep 4 (Sep 3 already in Q3)
        "q5": 2,  # Sep 5, 6
        "a": 11,  # Jul 1, Sep 1-10
        "b": 5.3,  # (2 + 9 + 5 + 7 + 5 * 7) / 11 = 58 / 11
        "score": 9,
        "grade": "II",
        "from": "2026-07-01",
        "to": "2026-09-30",
    }


def test_midas_with_no_headaches() -> None:
    result = midas(facts(), d("2026-09-30"))
    assert (result["a"], result["b"], result["score"], result["grade"]) == (0, None, 0, "I")


# --- status -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "forgotten"),
    [
        ("2026-11-17 12:00", 72.0, False),
        ("2026-11-17 11:00", 73.0, True),
        ("2026-11-20 10:30", 1.5, False),
    ],
)
def test_status(start: str, hours: float, forgotten: bool) -> None:
    f = facts(
        (ep("2026-11-16 08:00", "2026-11-16 09:00", 3, id=1), ep(start, None, 6, id=2)),
        (
            *(take(f"2026-11-{n:02d} 09:00", "sumatriptan", "triptan", 50) for n in range(1, 11)),
            take("2026-11-16 09:00", "aspirin", "simple", 500),
            take("2026-11-18 09:00", "aspirin", "simple", 500),
            *(take(f"2026-10-{n:02d} 09:00", "kratom", "kratom", 2, "g") for n in range(1, 16, 2)),
        ),
        now="2026-11-20 12:00",
    )
    data = status(f, d("2026-11-20"))
    local_start = datetime.fromisoformat(start).replace(tzinfo=BERLIN).isoformat(timespec="minutes")
    assert data["ongoing"] == {
        "id": 2,
        "start": local_start,
        "hours": hours,
        "possibly_forgotten": forgotten,
    }
    assert data["ongoing_count"] == 1
    headache_days = 5 if start < "2026-11-18" else 2  # 16, then the ongoing one's days
    moderate = 4 if start < "2026-11-18" else 1
    assert data["week"] == {
        "period": "2026-W47",
        "start": "2026-11-16",
        "end": "2026-11-20",
        "recorded_days": 5 if start < "2026-11-18" else 3,
        "headache_days": headache_days,
        "moderate_severe_days": moderate,
        "medication_days": 2,
        "episodes": 2,
    }
    # the triptan overuse warning shows; the kratom watch (8 days in October) does not
    assert [(x["rule"], x["class"], x["period"]) for x in data["flags"]] == [
        ("overuse", "triptan", "2026-11")
    ]
    text = render_status(data)
    assert f"Headache #2 ongoing since {local_start} ({hours:.1f} h)." in text
    assert ("open more than 72 hours" in text) is forgotten
    assert "\n  WARNING  overuse: Triptans taken on 10 days" in text


def test_status_without_an_ongoing_episode() -> None:
    data = status(facts(now="2026-11-20 12:00"), d("2026-11-20"))
    assert data["ongoing"] is None
    assert data["ongoing_count"] == 0
    assert data["flags"] == []
    assert render_status(data).splitlines() == [
        "No headache is ongoing.",
        "This week (2026-W47, 2026-11-16 to 2026-11-20): 0 headache day(s), 0 moderate/severe, "
        "0 acute medication day(s), 0 episode(s).",
    ]


def test_summary_of_three_months_of_daily_records_is_quick() -> None:
    start = date(2026, 9, 1)
    episodes = []
    intakes = []
    for i in range(91):
        day = start + timedelta(days=i)
        episodes.append(ep(f"{day} 08:00", f"{day} 12:00", i % 10))
        intakes.append(take(f"{day} 09:00", "ibuprofen", "simple", 400))
        intakes.append(take(f"{day} 10:00", "kratom", "kratom", 2, "g"))
    f = facts(tuple(episodes), tuple(intakes), first="2026-08-01")
    began = time.perf_counter()
    summarise(f, d("2026-11-01"), d("2026-11-30"), "2026-11")
    midas(f, d("2026-11-30"))
    assert time.perf_counter() - began < 0.5


def test_flag_lines_group_by_rule_and_class_most_serious_first() -> None:
    from journal.views.summary import flag_lines

    def flag(severity: str, rule: str, klass: str | None, message: str) -> dict[str, object]:
        return {"severity": severity, "rule": rule, "class": klass, "message": message}

    lines = flag_lines(
        [
            flag("warning", "kratom-repeated-dosing", "kratom", "3 doses on day 1"),
            flag("watch", "approaching-overuse", "triptan", "8 days"),
            flag("warning", "kratom-repeated-dosing", "kratom", "4 doses on day 2"),
            flag("alert", "chronic-pattern", None, "15 days, 3 months"),
        ]
    )
    assert lines == [
        "  ALERT   chronic-pattern: 15 days, 3 months",
        "  WARNING kratom-repeated-dosing: 4 doses on day 2 (and 1 more like it)",
        "  WATCH   approaching-overuse: 8 days",
    ]


def test_flag_table_wraps_each_message_under_itself() -> None:
    from journal.views.summary import flag_table

    def flag(severity: str, rule: str, message: str) -> dict[str, object]:
        return {"severity": severity, "rule": rule, "class": None, "message": message}

    text = flag_table(
        [
            flag("watch", "approaching-overuse", "8 days"),
            flag("alert", "chronic-pattern", "Headache on 15 days in 2026-11; the line is 15."),
        ],
        width=40,
    )
    # "ALERT" and "WATCH" are both 5 wide: messages start at column 2 + 5 + 2 = 9.
    assert text.splitlines() == [
        "  ALERT  chronic-pattern: Headache on 15",
        "         days in 2026-11; the line is",
        "         15.",
        "  WATCH  approaching-overuse: 8 days",
    ]
