"""How acute doses went, as a text table (`journal treatments`)."""

from __future__ import annotations

from typing import Any

from journal.core.treatments import ENDPOINTS, share_text
from journal.views.table import Column, render

CAVEAT = (
    "From your own records of pain before and after each dose: a picture of what you "
    "noted, not evidence that a remedy works or does not."
)
HEADINGS = {
    "pain_free_2h": "pain free 2h",
    "relief_2h": "relief 2h",
    "rescue": "rescue",
    "sustained_pain_free": "sustained",
}


def _hours(value: float | None) -> str:
    return "-" if value is None else f"{value:g} h"


def treatments_text(found: dict[str, Any]) -> str:
    """Per remedy, then per class: uses, doses with an outcome, each endpoint."""
    lines = [f"Acute doses from {found['from']} to {found['to']}", ""]
    if not found["remedies"]:
        return "\n".join([*lines, "No acute dose recorded.", "", CAVEAT]) + "\n"
    columns = [
        Column(""),
        Column("uses", ">"),
        Column("rated", ">"),
        *(Column(HEADINGS[e], ">") for e in ENDPOINTS),
        Column("to mild", ">"),
    ]
    for key, label in (("remedies", "remedy"), ("classes", "class")):
        rows = [
            [
                row[label],
                str(row["uses"]),
                str(row["with_outcome"]),
                *(share_text(row[e]) for e in ENDPOINTS),
                _hours(row["median_hours_to_mild"]),
            ]
            for row in found[key]
        ]
        lines += [render(columns, rows), ""]
    lines += [
        "rated: doses with pain recorded after them; to mild: median time to pain 3 or less.",
        'Each figure counts the doses whose records tell it ("2 of 3"); shares from 5 on.',
        CAVEAT,
    ]
    return "\n".join(lines) + "\n"
