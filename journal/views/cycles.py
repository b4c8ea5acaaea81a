"""The cycle table of `journal cycles` as plain text."""

from __future__ import annotations

from typing import Any

from journal.core.cycles import JUDGE, PATTERN_TEXT
from journal.views.table import Column, render

CYCLE_COLUMNS = (
    Column("Day 1"),
    Column("Period", ">"),
    Column("Cycle", ">"),
    Column("Migraine on days -2..+3"),
    Column("Other migraine days", ">"),
)


def attack_words(cycle: dict[str, Any]) -> str:
    """ "yes (days -1, 1)", "no", or "not kept" when the days around it were not recorded."""
    if not cycle["recorded"]:
        return "not kept"
    if not cycle["attack"]:
        return "no"
    days = ", ".join(f"{n:+d}" if n < 0 else str(n) for n in cycle["attack_days"])
    return f"yes (day{'s' if len(cycle['attack_days']) > 1 else ''} {days})"


def cycle_rows(report: dict[str, Any]) -> list[list[str]]:
    return [
        [
            c["day1"],
            f"{c['period_days']} d",
            "" if c["length"] is None else f"{c['length']} d",
            attack_words(c),
            str(c["other_migraine_days"]),
        ]
        for c in report["per_cycle"]
    ]


def summary_line(report: dict[str, Any]) -> str:
    return (
        f"Cycles: {report['cycles']} ({report['recorded_cycles']} recorded, at most "
        f"{report['consecutive_cycles']} in a row); with a migraine day on days -2..+3: "
        f"{report['cycles_with_attack']}; migraine days at other times: "
        f"{report['attacks_outside_window']}."
    )


def cycles_text(report: dict[str, Any], width: int | None = None) -> str:
    import textwrap

    head = (
        f"Menstrual cycles with day 1 from {report['start']} to {report['end']}: migraine days "
        "on days -2 to +3 of each period (day 1 is the first day of bleeding; there is no day 0)."
    )
    out = [textwrap.fill(head, 88), ""]
    if report["per_cycle"]:
        out += [render(CYCLE_COLUMNS, cycle_rows(report), width=width), ""]
    else:
        out += ["No period is marked in these months (`journal mark menstruation`).", ""]
    out.append(textwrap.fill(summary_line(report), 88))
    text = f"Pattern: {report['pattern']}. {PATTERN_TEXT[report['pattern']]}"
    out += [textwrap.fill(text, 88), JUDGE]
    return "\n".join(out)
