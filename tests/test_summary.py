"""Period summaries, MIDAS, the status screen and their text renderings."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from journal.core.facts import (
    CheckinFact,
    EpisodeFact,
    Facts,
    ImpactFact,
    IntakeFact,
    MarkerFact,
)
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


def kept(first: str, last: str) -> tuple[MarkerFact, ...]:
    """A marker on every day from FIRST to LAST: a diary kept daily, every day known."""
    start, end = d(first), d(last)
    return tuple(
        MarkerFact(start + timedelta(days=i), "kept") for i in range((end - start).days + 1)
    )


def november() -> Facts:
    """A small hand-counted month (Europe/Berlin); the expected numbers are worked out below."""
    return facts(
        (
            ep("2026-10-31 21:00", "2026-11-01 01:00", 7, id=4),  # Oct 31 and Nov 1, persisted
            ep("2026-11-02 08:00", "2026-11-02 12:00", 6, id=1),
            ep("2026-11-05 22:00", "2026-11-06 03:00", 3, id=2),  # Nov 5 and 6, persisted
            ep("2026-11-06 10:00", "2026-11-06 11:00", 5, id=3),
            ep("2026-11-10 09:00", "2026-11-10 09:10", 9, id=5),  # too short: no headache day
            ep("2026-11-30 23:00", "2026-12-01 01:00", 4, id=6),  # Nov 30 and Dec 1, persisted
        ),
        (
            take("2026-11-02 09:00", "ibuprofen", "simple", 400),
            take("2026-11-02 19:00", "ibuprofen", "simple", 400),
            take("2026-11-04 20:00", "ibuprofen", "simple", 200),
            take("2026-11-06 09:00", "ibuprofen", "simple", 400),
            take("2026-11-06 18:30", "sumatriptan", "triptan", 50),
            take("2026-11-02 07:00", "coffee", "caffeine", 100),
            take("2026-11-01 08:00", "propranolol", "other", 40, use="preventive"),
            take("2026-11-02 08:00", "propranolol", "other", 40, use="preventive"),
            take("2026-11-03 08:00", "propranolol", "other", 40, use="preventive"),
        ),
        # the morning of Nov 6 rates episode 2 at 8 (its Nov 5 stays 3); episode 3 has 5
        (CheckinFact(d("2026-11-06"), "still", 8, 2),),
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
        "counted_to": "2026-11-30",
        "covered": True,
        # the first record is Oct 31; the longest silence in November is 9 days: all 30 known
        "recorded_days": 30,
        "headache_days": 5,  # 1, 2, 5, 6, 30
        "migraine_days": 1,  # 6: sumatriptan (no episode has features recorded)
        "moderate_severe_days": 4,  # peaks 7, 6, 3, 8 (8 beside 5), 4
        # begun in November: 2, 3 and 6 (5 is too short; 4 began on Oct 31)
        "episodes": 4,
        "persisted_episodes": 2,  # 2 and 6
        "mean_peak_intensity": 5.6,  # 28 / 5
        "max_intensity": 8,
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
        # onsets Oct 31, Nov 2, 5, 6, 30; Dec 1 is known (episode 6), so the evening of Nov 30
        # counts too: 30 evenings. An evening runs 18:00-05:00: simple on the evenings of 2
        # (19:00) and 4 (20:00), triptan on 6 (18:30); the 09:00 doses and the 07:00 coffee
        # belong to no evening. Next-day onsets follow the evenings of 1, 4, 5 and 29.
        # simple: 4 -> 5 followed, 1 of 2; the others 3 of 28. One-sided Fisher for
        # [[1, 1], [3, 25]]: 1 - P(no onset among the 2) = 1 - C(26,2)/C(30,2) = 110/435
        # triptan: 6 -> 7 not followed, 0 of 1; the others 4 of 29; p = P(a >= 0) = 1
        # all: 2, 4, 6, 1 of 3; the others 3 of 27: 1 - C(26,3)/C(30,3) = 1 - 2600/4060
        "next_day": [
            {
                "class": "simple",
                "use_days": 2,
                "followed": 1,
                "share": 0.5,
                "other_days": 28,
                "other_followed": 3,
                "other_share": 0.11,
                "p": 0.2529,
                "comparable": True,
            },
            {
                "class": "triptan",
                "use_days": 1,
                "followed": 0,
                "share": 0.0,
                "other_days": 29,
                "other_followed": 4,
                "other_share": 0.14,
                "p": 1.0,
                "comparable": True,
            },
            {
                "class": "all",
                "use_days": 3,
                "followed": 1,
                "share": 0.33,
                "other_days": 27,
                "other_followed": 3,
                "other_share": 0.11,
                "p": 0.3596,
                "comparable": True,
            },
        ],
    }
    # simple pain relievers on Nov 2, 4 and 6: three days in ISO week 45
    assert [(f["rule"], f["severity"], f["class"], f["period"], f["days"]) for f in flags] == [
        ("approaching-overuse", "watch", "simple", "2026-W45", 3)
    ]
    # October: only its last day is known (the journal's first record is Oct 31 21:00)
    assert previous == {
        "period": "2026-10",
        "start": "2026-10-01",
        "end": "2026-10-31",
        "counted_to": "2026-10-31",
        "covered": True,
        "recorded_days": 1,
        "headache_days": 1,
        "migraine_days": 0,
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
        # one evening, Oct 31, whose next day is known; Nov 1 began no headache
        "next_day": [
            {
                "class": "all",
                "use_days": 0,
                "followed": 0,
                "share": None,
                "other_days": 1,
                "other_followed": 0,
                "other_share": 0.0,
                "p": None,
                "comparable": False,
            },
        ],
    }
    assert change == {
        "headache_days": 4,
        "migraine_days": 1,
        "moderate_severe_days": 3,
        "medication_days": 3,
        "episodes": 3,
        "persisted_episodes": 1,
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
    f = facts(
        (ep(start, end, tz=tz),),
        tz=tz,
        first="2026-01-01",
        last="2028-12-31",
        now="2029-01-10 12:00",
    )
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
    f = facts(intakes=(intake,), markers=kept("2026-10-01", "2026-11-30"), tz=tz)
    s = summarise(f, d("2026-11-01"), d("2026-11-30"), "2026-11")
    assert s["medication_days"]["simple"] == november
    assert s["previous"]["medication_days"]["simple"] == october


def test_next_day_leaves_out_days_whose_next_day_is_not_known() -> None:
    # now is 2026-11-20: use days 18 and 19 count (their next days are known), 20 does not
    f = facts(
        (ep("2026-11-19 08:00", "2026-11-19 09:00"),),
        (
            take("2026-11-18 21:00", "kratom", "kratom", 2, "g"),
            take("2026-11-19 21:00", "kratom", "kratom", 2, "g"),
            take("2026-11-20 21:00", "kratom", "kratom", 2, "g"),
        ),
        markers=kept("2026-11-01", "2026-11-20"),
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
        # [[1, 1], [0, 2]]: one onset among 4 evenings, P(it falls among the 2 used) = 1/2
        "p": 0.5,
        "comparable": True,
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
    assert _row(text, "Known days (diary kept)") == ["30", "1"]
    assert _row(text, "Headache days") == ["5", "1", "↑", "4"]
    assert _row(text, "Episodes begun") == ["4", "1", "↑", "3"]
    assert _row(text, "Headache hours") == ["12.0", "3.0", "↑", "9.0"]
    assert _row(text, "Acute medication days") == ["3", "0", "↑", "3"]
    assert _row(text, "Mean day peak (0-10)") == ["5.6", "7.0"]
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
    assert "| simple | 1/2 | 50% | 3/28 | 11% |" in md


def test_render_periods_oldest_first() -> None:
    nov = summarise(november(), d("2026-11-01"), d("2026-11-30"), "2026-11")
    text = render_periods_text([nov, nov["previous"]])
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["period", "known", "days"]
    # known, headache, migraine (Nov 6: sumatriptan; no episode has features), medication,
    # moderate/severe days, episodes, persisted, hours, mean peak, max
    assert lines[1].split() == ["2026-10", "1", "1", "0", "0", "1", "1", "1", "3.0", "7.0", "7"]
    assert lines[2].split() == ["2026-11", "30", "5", "1", "3", "4", "4", "2", "12.0", "5.6", "8"]
    md = render_periods_markdown([nov, nov["previous"]]).splitlines()
    assert md[2] == "| 2026-10 | 1 | 1 | 0 | 0 | 1 | 1 | 1 | 3.0 | 7.0 | 7 |"
    assert md[3] == "| 2026-11 | 30 | 5 | 1 | 3 | 4 | 4 | 2 | 12.0 | 5.6 | 8 |"


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
    result = midas(facts(episodes, markers=kept("2026-07-01", "2026-09-30")), d("2026-09-30"))
    assert (result["q1"], result["score"], result["grade"]) == (missed_days, missed_days, grade)
    assert result["recorded_days"] == 92


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
        # three days long: missed work on its start day, and (check-ins) on the two after
        ep("2026-09-08 22:00", "2026-09-10 02:00", missed=("work",)),
        # began the evening before the window: its own impact is on 30 June, outside; the
        # next morning's, recorded for 1 July, is inside
        ep("2026-06-30 22:00", "2026-07-01 03:00", 2, missed=("work",)),
    )
    impacts = (
        ImpactFact(d("2026-09-09"), missed=("work",)),
        ImpactFact(d("2026-09-10"), missed=("work",), reduced=("work",)),
        ImpactFact(d("2026-07-01"), missed=("work",)),
    )
    assert midas(facts(episodes, impacts=impacts), d("2026-09-30")) == {
        "q1": 7,  # Jul 1, Sep 1, 6, 7, 8, 9, 10
        "q2": 1,  # Sep 2 (Sep 1 and 10 already in Q1)
        "q3": 1,  # Sep 3
        "q4": 1,  # Sep 4 (Sep 3 already in Q3)
        "q5": 2,  # Sep 5, 6
        "a": 11,  # Jul 1, Sep 1-10
        "b": 5.3,  # (2 + 9 + 5 + 7 + 5 * 7) / 11 = 58 / 11
        "score": 12,
        "grade": "III",
        "from": "2026-07-01",
        "to": "2026-09-30",
        # written: Jun 30 (the first record), Jul 1, Sep 1-10; Jul 2 - Aug 31 and everything
        # after Sep 10 are silences of 14 days or more
        "recorded_days": 11,
    }


def test_midas_text_says_when_fewer_than_80_percent_of_days_are_known() -> None:
    from journal.views.records import midas_text

    # kept from Jul 1 to Sep 12: 74 of 92 days (80% would be 73.6), then 18 silent days
    short = midas(facts(markers=kept("2026-07-01", "2026-09-12")), d("2026-09-30"))
    assert short["recorded_days"] == 74
    assert "Only 74 of the 92 days were kept in the diary" not in midas_text(dict(short))
    # kept from Jul 1 to Sep 11: 73 days, under 80%
    shorter = midas(facts(markers=kept("2026-07-01", "2026-09-11")), d("2026-09-30"))
    assert shorter["recorded_days"] == 73
    assert "Only 73 of the 92 days were kept in the diary" in midas_text(dict(shorter))


def test_midas_with_no_headaches() -> None:
    result = midas(facts(markers=kept("2026-07-01", "2026-09-30")), d("2026-09-30"))
    assert (result["a"], result["b"], result["score"], result["grade"]) == (0, None, 0, "I")


def test_midas_with_no_known_day_is_not_recorded() -> None:
    from journal.views.records import midas_text

    result = midas(facts(markers=kept("2026-01-01", "2026-01-05")), d("2026-09-30"))
    assert result["recorded_days"] == 0
    assert [result[k] for k in ("q1", "q5", "a", "b", "score", "grade")] == [None] * 6  # type: ignore[literal-required]
    assert "Not recorded" in midas_text(dict(result))


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
        # written on 16, 18 and 20 at least: every day of the week so far is known
        "recorded_days": 5,
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
    # nothing was ever written: the week is not recorded, not a week without headache
    assert render_status(data).splitlines() == [
        "No headache is ongoing.",
        "This week (2026-W47, 2026-11-16 to 2026-11-20): not recorded.",
    ]
    kept_week = status(
        facts(markers=kept("2026-11-10", "2026-11-20"), now="2026-11-20 12:00"), d("2026-11-20")
    )
    assert render_status(kept_week).splitlines()[1] == (
        "This week (2026-W47, 2026-11-16 to 2026-11-20): 0 headache day(s), 0 moderate/severe, "
        "0 acute medication day(s), 0 episode(s) begun."
    )


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


# --- known days in summaries --------------------------------------------------------------------


def test_a_period_with_no_known_day_reports_null_not_zero() -> None:
    # the diary began on 1 November: October was never kept
    f = facts(
        (ep("2026-11-03 08:00", "2026-11-03 10:00"),), markers=kept("2026-11-01", "2026-11-30")
    )
    october = summarise(f, d("2026-10-01"), d("2026-10-31"), "2026-10")
    assert october["recorded_days"] == 0
    for key in ("headache_days", "moderate_severe_days", "episodes", "persisted_episodes",
                "headache_hours", "caffeine_days", "preventive_days", "mean_peak_intensity",
                "max_intensity"):  # fmt: skip
        assert october[key] is None, key  # type: ignore[literal-required]
    assert set(october["medication_days"].values()) == {None}
    assert (october["intakes"], october["next_day"], october["change"]) == ([], [], None)
    text = render_text(october)
    assert "Not recorded" in text and "Headache days" not in text
    # and November, compared with the unrecorded October, has no change to show
    november = summarise(f, d("2026-11-01"), d("2026-11-30"), "2026-11")
    assert (november["recorded_days"], november["headache_days"]) == (30, 1)
    assert november["change"] is None
    assert _row(render_text(november), "Headache days") == ["1", "-"]
    assert "(2026-10: not recorded, so there is no change to show)" in render_text(november)


def test_periods_table_says_not_recorded() -> None:
    f = facts(
        (ep("2026-11-03 08:00", "2026-11-03 10:00"),), markers=kept("2026-11-01", "2026-11-30")
    )
    october = summarise(f, d("2026-10-01"), d("2026-10-31"), "2026-10")
    november = summarise(f, d("2026-11-01"), d("2026-11-30"), "2026-11")
    lines = render_periods_text([october, november]).splitlines()
    assert lines[1].split() == ["2026-10", "0", "not", "recorded"]
    assert lines[2].split() == ["2026-11", "30", "1", "0", "0", "1", "1", "0", "2.0", "5.0", "5"]


def test_a_current_period_is_compared_with_as_many_days_of_the_one_before() -> None:
    # today is 15 November: 1-15 November against 1-15 October, not all of October
    f = facts(
        (
            ep("2026-10-05 08:00", "2026-10-05 10:00"),
            ep("2026-10-20 08:00", "2026-10-20 10:00"),  # after the 15th: not compared
            ep("2026-11-10 08:00", "2026-11-10 10:00"),
        ),
        markers=kept("2026-10-01", "2026-11-15"),
        now="2026-11-15 12:00",
    )
    s = summarise(f, d("2026-11-01"), d("2026-11-30"), "2026-11")
    assert (s["end"], s["counted_to"], s["recorded_days"]) == ("2026-11-30", "2026-11-15", 15)
    previous = s["previous"]
    assert (previous["period"], previous["start"], previous["end"]) == (
        "2026-10-01..2026-10-15",
        "2026-10-01",
        "2026-10-15",
    )
    assert (previous["recorded_days"], previous["headache_days"]) == (15, 1)
    assert s["change"] is not None and s["change"]["headache_days"] == 0
    assert "compared with the same days of the period before: 2026-10-01 to 2026-10-15" in (
        render_text(s)
    )
    # a week: Monday to Wednesday against the Monday to Wednesday before
    week = summarise(f, d("2026-11-09"), d("2026-11-15"), "2026-W46")
    assert (week["previous"]["start"], week["previous"]["end"]) == ("2026-11-02", "2026-11-08")
    wednesday = summarise(
        facts(markers=kept("2026-11-01", "2026-11-18"), now="2026-11-18 12:00"),
        d("2026-11-16"),
        d("2026-11-22"),
        "2026-W47",
    )
    assert (wednesday["previous"]["start"], wednesday["previous"]["end"]) == (
        "2026-11-09",
        "2026-11-11",
    )
    assert "(so far)" in render_periods_text([wednesday])


def test_an_episode_across_a_month_end_begins_in_one_month() -> None:
    # issue: 30 Nov 19:00 to 1 Dec 01:00 made December's persistence "1 of 1 (100%)"
    f = facts(
        (ep("2026-11-30 19:00", "2026-12-01 01:00"),), markers=kept("2026-11-01", "2026-12-31")
    )
    nov = summarise(f, d("2026-11-01"), d("2026-11-30"), "2026-11")
    dec = summarise(f, d("2026-12-01"), d("2026-12-31"), "2026-12")
    assert (nov["headache_days"], nov["episodes"], nov["persisted_episodes"]) == (1, 1, 1)
    assert (dec["headache_days"], dec["episodes"], dec["persisted_episodes"]) == (1, 0, 0)
    assert (nov["headache_hours"], dec["headache_hours"]) == (5.0, 1.0)


def test_a_checkin_does_not_hide_another_episode_peak() -> None:
    # issue: a morning check-in of 3 and a separate 9/10 migraine that afternoon
    f = facts(
        (
            ep("2026-11-09 21:00", "2026-11-10 07:00", 6, id=1),
            ep("2026-11-10 14:00", "2026-11-10 20:00", 9, id=2),
        ),
        checkins=(CheckinFact(d("2026-11-10"), "still", 3, 1),),
        markers=kept("2026-11-01", "2026-11-30"),
    )
    s = summarise(f, d("2026-11-10"), d("2026-11-10"), "one day")
    assert (s["max_intensity"], s["moderate_severe_days"], s["mean_peak_intensity"]) == (9, 1, 9.0)


def test_next_day_with_headache_on_nearly_every_day_says_no_comparison() -> None:
    # a headache on every day of November (one episode a day, 08:00-20:00), ibuprofen on 8
    # evenings: every next day has a new headache, nothing is headache-free to compare with
    episodes = tuple(ep(f"2026-11-{n:02d} 08:00", f"2026-11-{n:02d} 20:00") for n in range(1, 31))
    intakes = tuple(take(f"2026-11-{n:02d} 21:00", "ibuprofen", "simple", 400) for n in range(1, 9))
    s = summarise(facts(episodes, intakes), d("2026-11-01"), d("2026-11-30"), "2026-11")
    assert all(row["comparable"] is False for row in s["next_day"])
    text = render_text(s)
    assert "no comparison is possible" in text
    assert "after use" not in text
    assert "no comparison is possible" in render_markdown(s)


# --- several periods at once --------------------------------------------------------------------


def test_summarise_periods_evaluates_the_flags_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import journal.core.summary as core

    calls: list[tuple[date, int]] = []
    real = core.flags_from_book

    def counted(book: object, as_of: date, months: int = 3) -> object:
        calls.append((as_of, months))
        return real(book, as_of, months)  # type: ignore[arg-type]

    monkeypatch.setattr(core, "flags_from_book", counted)
    f = facts(
        intakes=tuple(
            take(f"2026-{m:02d}-{n:02d} 09:00", "sumatriptan", "triptan", 50)
            for m in (9, 10, 11)
            for n in range(1, 11)
        ),
        markers=kept("2026-08-01", "2026-11-30"),
        now="2026-12-10 12:00",
    )
    months = [(d("2026-09-01"), d("2026-09-30")), (d("2026-10-01"), d("2026-10-31")),
              (d("2026-11-01"), d("2026-11-30"))]  # fmt: skip
    rows = core.summarise_periods(f, months)
    assert calls == [(d("2026-11-30"), 3)]
    # each flag sits in the row where its period ends; triptans on 10 days every month
    assert [[(x["rule"], x["period"]) for x in row["flags"]] for row in rows] == [
        [("overuse", "2026-09")],
        [("overuse", "2026-10")],
        [("overuse", "2026-11"), ("overuse-sustained", "2026-11")],
    ]
    # the counts are those of the single-period summary
    for row, (first, last) in zip(rows, months, strict=True):
        alone = summarise(f, first, last, row["period"])
        assert {k: v for k, v in row.items() if k != "flags"} == {
            k: v for k, v in alone.items() if k != "flags"
        }


# --- flags as text ------------------------------------------------------------------------------


def test_flags_text_prints_each_caution_once_after_the_flags_that_share_it() -> None:
    from journal.core import advice
    from journal.core.rules import evaluate_flags
    from journal.views.records import flags_text

    day = date(2026, 11, 1)
    kratom = tuple(
        take(f"{day + timedelta(days=i)} {h:02d}:00", "kratom", "kratom", 2, "g")
        for i in range(8)
        for h in (8, 14, 20)
    )
    triptan = tuple(
        take(f"2026-11-{n:02d} 09:00", "sumatriptan", "triptan", 50) for n in range(1, 11)
    )
    found = [x.to_dict() for x in evaluate_flags(facts(intakes=kratom + triptan), d("2026-11-30"))]
    assert {x["rule"] for x in found} >= {"kratom-daily-use", "kratom-repeated-dosing", "overuse"}
    text = flags_text(found, d("2026-11-30"))
    flat = " ".join(text.split())
    for paragraph in (advice.KRATOM_CAUTIONS, advice.CLINICIAN, advice.MEDICATION_OVERUSE):
        assert flat.count(paragraph) == 1, paragraph[:30]
    # the kratom cautions come after the last kratom flag, before the flags that lack them
    blocks = text.split("\n\n")
    kratom_at = next(
        i for i, b in enumerate(blocks) if " ".join(b.split()) == advice.KRATOM_CAUTIONS
    )
    headers = [i for i, b in enumerate(blocks) if b.startswith(("!", "·"))]
    kratom = [i for i in headers if "[kratom]" in blocks[i].splitlines()[0]]
    assert len(kratom) == 3  # daily use, repeated dosing, the approaching watch
    assert max(kratom) < kratom_at and not [i for i in headers if i > kratom_at]
    assert flat.endswith("These are patterns in what you recorded, not a diagnosis.")


def messy_year() -> Facts:
    """A year with gaps, late entries, two attacks a day, attacks across midnight, month and
    week ends and both DST changes (Europe/Berlin: 29 March and 25 October 2026)."""
    episodes = (
        ep("2026-01-31 22:00", "2026-02-01 02:00", 6),  # across a month end
        ep("2026-02-01 09:00", "2026-02-01 10:00", 3),
        ep("2026-02-01 15:00", "2026-02-01 18:00", 7),  # a second attack that day
        ep("2026-03-28 23:30", "2026-03-29 04:00", 5),  # across the spring-forward night
        ep("2026-05-03 23:00", "2026-05-04 01:00", 8),  # Sunday into Monday
        ep("2026-08-30 10:00", "2026-09-02 10:00", 9),  # three days long, into September
        ep("2026-10-24 23:00", "2026-10-25 03:30", 4),  # across the fall-back night
        ep("2026-11-29 20:00", None, 6),  # still going on 2026-12-03 ("now")
    )
    intakes = (
        take("2026-02-01 19:00", "ibuprofen", "simple", 400),
        take("2026-02-02 01:00", "ibuprofen", "simple", 400),  # a late-night evening dose
        take("2026-03-29 02:30", "sumatriptan", "triptan", 50),
        take("2026-05-03 18:00", "coffee", "caffeine", 120),
        take("2026-08-31 09:00", "naproxen", "simple", 500),
        take("2026-08-31 21:00", "naproxen", "simple"),  # no dose
        take("2026-10-25 02:30", "sumatriptan", "triptan", 50),
        take("2026-11-30 08:00", "propranolol", "other", 40, use="preventive"),
    )
    # kept daily, with a silent stretch from 10 June to 20 July (not known) and a late
    # check-in for 25 October
    markers = kept("2026-01-01", "2026-06-09") + kept("2026-07-21", "2026-12-02")
    return facts(
        episodes,
        intakes,
        (CheckinFact(d("2026-10-25"), "still", 6, None),),
        markers,
        first="2025-11-01",
        last="2026-12-04",
        now="2026-12-03 12:00",
        min_duration=timedelta(minutes=30),
    )


def _weeks(first: str, count: int) -> list[tuple[date, date]]:
    start = d(first)
    return [(start + timedelta(weeks=i), start + timedelta(weeks=i, days=6)) for i in range(count)]


def _months_of_2026() -> list[tuple[date, date]]:
    from journal.core.days import month_end

    return [(date(2026, m, 1), month_end(date(2026, m, 1))) for m in range(1, 13)]


@pytest.mark.parametrize(
    "periods",
    [_months_of_2026(), _weeks("2025-12-29", 49)],
    ids=["months", "weeks"],
)
def test_period_rows_are_the_counts_of_the_summaries(periods: list[tuple[date, date]]) -> None:
    """The table's rows equal the counts of the full summaries, period by period (the same
    day book and totals, without flags, remedy tables and next-day comparisons)."""
    import journal.core.summary as core

    f = messy_year()
    rows = core.period_rows(f, list(reversed(periods)))  # any order in, oldest first out
    full = core.summarise_periods(f, periods)
    assert len(rows) == len(full) == len(periods)
    extra = {"intakes", "next_day", "flags", "previous", "change"}
    for row, summary in zip(rows, full, strict=True):
        assert row == {k: v for k, v in summary.items() if k not in extra}
        assert list(row) == [k for k in summary if k not in extra]  # the same key order
    assert render_periods_text(rows) == render_periods_text(full)
    assert render_periods_markdown(rows) == render_periods_markdown(full)


def test_period_rows_of_the_messy_year_by_hand() -> None:
    import journal.core.summary as core

    february, june, july, december = core.period_rows(
        messy_year(),
        [(d("2026-02-01"), d("2026-02-28")), (d("2026-06-01"), d("2026-06-30")),
         (d("2026-07-01"), d("2026-07-31")), (d("2026-12-01"), d("2026-12-31"))],
    )  # fmt: skip
    # 1 Feb: the attack from 31 Jan (2 h, peak 6) and two more (1 h and 3 h, peak 7)
    assert february["headache_days"] == 1
    assert february["episodes"] == 2  # those begun in February
    assert february["headache_hours"] == 6.0
    assert february["max_intensity"] == 7
    # ibuprofen at 19:00 on 1 Feb and 01:00 on 2 Feb: two medication days
    assert february["medication_days"]["simple"] == 2
    # June: known up to the 9th, then a silence of 41 days; July known from the 21st
    assert june["recorded_days"] == 9
    assert july["recorded_days"] == 11
    # December so far: 1-3 known (the ongoing attack touches each), counted to today
    assert december["counted_to"] == "2026-12-03"
    assert december["recorded_days"] == 3
    assert december["headache_days"] == 3


def test_period_rows_evaluate_no_flags_and_no_next_day(monkeypatch: pytest.MonkeyPatch) -> None:
    import journal.core.summary as core

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("not needed for a table of counts")

    monkeypatch.setattr(core, "flags_from_book", refuse)
    monkeypatch.setattr(core, "compare_many", refuse)
    rows = core.period_rows(messy_year(), _months_of_2026())
    assert [row["period"] for row in rows] == [f"2026-{m:02d}" for m in range(1, 13)]
