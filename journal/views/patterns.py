"""`journal patterns` as text: the comparison table, what it rests on, the kratom timing and
the episode triggers (counted, never compared)."""

from __future__ import annotations

from journal.core.personal import (
    CAVEAT,
    FDR,
    GATE_KNOWN_DAYS,
    GATE_ONSETS,
    MIN_EXPOSED_DAYS,
    Patterns,
    Row,
    Timing,
)
from journal.views.table import Column, render, wrap

LAG_NAMES = {0: "same day", 1: "next day"}
KIND_TITLES = {
    "marker": "Day markers",
    "evening": "Taken in the evening (18:00-05:00)",
    "kratom": "Kratom doses in a day (against days without kratom)",
    "weekday": "Weekday (same day only)",
}
TRIGGERS_WHY = (
    "Triggers typed on an episode are written only when a headache came, so there are no "
    "headache-free days to set them against and they cannot be compared. To compare one, "
    "record it as a day marker on every day it happens: journal mark TAG."
)
BAR = "█"


def verdict_text(verdict: str) -> str:
    return verdict.replace("-", " ")


def percent(value: float) -> str:
    return f"{round(100 * value)}%"


def share_text(onsets: int, days: int, ci: tuple[float, float] | None) -> str:
    """ "24/30 80% (63-91)": onsets of days, the share and its 95% interval in percent."""
    if ci is None or not days:
        return "0/0"
    low, high = ci
    return f"{onsets}/{days} {percent(onsets / days)} ({round(100 * low)}-{round(100 * high)})"


def period_line(result: Patterns) -> str:
    return f"Patterns in the records, {result.first.isoformat()} to {result.last.isoformat()}"


def gate_lines(result: Patterns) -> list[str]:
    """What the verdicts rest on, or why there are none yet."""
    lines = []
    if result.saturated:
        lines.append(
            f"No comparison possible: a headache was recorded on {result.headache_days} of "
            f"{result.known_days} known days, so there are too few headache-free days to "
            "compare with. Every row says too few days."
        )
    needed = result.needed
    if needed is not None:
        more = []
        if needed["known_days"]:
            more.append(f"{needed['known_days']} more known days")
        if needed["onsets"]:
            more.append(f"{needed['onsets']} more new headaches")
        lines.append(
            f"Not enough recorded yet to judge: the comparison needs {GATE_KNOWN_DAYS} known "
            f"days and {GATE_ONSETS} new headaches; keep recording for "
            f"{' and '.join(more)}. Until then every row says too few days."
        )
    return lines


def _cells(row: Row, first: bool) -> list[str]:
    return [
        "  " + row.exposure if first else "",
        LAG_NAMES[row.lag],
        share_text(row.exposed_onsets, row.exposed_days, row.share_ci),
        share_text(row.other_onsets, row.other_days, row.other_share_ci),
        verdict_text(row.verdict),
        "–" if row.q is None else f"{row.q:.2f}",
    ]


def table_text(rows: tuple[Row, ...], width: int | None = None) -> str:
    """One table, a title row over each kind of exposure, its name on its first row only."""
    columns = [
        Column("Exposure"),
        Column("Onset"),
        Column("With it"),
        Column("Without it"),
        Column("Verdict"),
        Column("q", ">"),  # last and right-aligned: a narrow line never wraps a verdict
    ]
    body: list[list[str]] = []
    for kind, title in KIND_TITLES.items():
        mine = [r for r in rows if r.kind == kind]
        if mine:
            body.append([title])
            body += [
                _cells(r, i == 0 or r.exposure != mine[i - 1].exposure) for i, r in enumerate(mine)
            ]
    return render(columns, body, width=width)


def timing_text(timing: Timing) -> str:
    """Two small text histograms side by side: hours from the last kratom dose to each onset,
    each bar its share of its own column's onsets (the columns differ in size)."""
    bars = 16

    def column(counts: tuple[int, ...]) -> list[str]:
        total = sum(counts)
        return [((BAR * round(bars * n / total)) + f" {n}").strip() if n else "0" for n in counts]

    columns = [
        Column("Hours since last dose"),
        Column("After a kratom day"),
        Column("After a day without"),
    ]
    body = [
        [label, k, o]
        for label, k, o in zip(
            timing.labels, column(timing.after_kratom), column(timing.after_other), strict=True
        )
    ]
    head = (
        "Kratom timing: hours from the last kratom dose to each new headache, for new "
        "headaches after a day with kratom and after a day without (bars: share of each "
        "column). It shows when they began, not why."
    )
    return "\n".join(wrap(head, 100)) + "\n" + render(columns, body, indent=2)


def triggers_text(triggers: tuple[tuple[str, int], ...]) -> str:
    body = [[tag, f"recorded with {n} episode{'s' if n != 1 else ''}"] for tag, n in triggers]
    table = render([Column("Trigger"), Column("Count")], body, indent=2, header=False)
    why = "\n".join(wrap(TRIGGERS_WHY, 100))
    return "Triggers typed on episodes, counts only:\n" + table + "\n" + why


def render_patterns(result: Patterns, width: int | None = None) -> str:
    parts = [
        period_line(result) + "\n" + CAVEAT + "\n"
        f"{result.known_days} known days, {result.onsets} new headaches (onsets)."
    ]
    gate = gate_lines(result)
    if gate:
        parts.append("\n".join(line for g in gate for line in wrap(g, 100)))
    if result.rows:
        parts.append(table_text(result.rows, width))
        notes = (
            "Onset: a new headache (one that began that day, not one still going) on the same "
            "day or the next; only known days count. With it / without it: days with a new "
            "headache / days, the share and its 95% interval (Wilson). q is the "
            f"p-value (Fisher's exact test) corrected for the {len(result.rows)} rows shown "
            f"(Benjamini-Hochberg); a difference is named only when q is below {FDR}. "
            f"Exposures recorded on fewer than {MIN_EXPOSED_DAYS} known days are left out."
        )
        if any(r.kind == "evening" and r.lag == 0 for r in result.rows):
            notes += (
                " Same-day rows for remedies mostly show doses taken for a headache that had "
                "already begun."
            )
        parts.append("\n".join(wrap(notes, 100)))
    else:
        nothing = (
            f"Nothing to compare yet: no exposure was recorded on {MIN_EXPOSED_DAYS} or more "
            "known days. Record what you want to compare as a day marker on every day it "
            "happens: journal mark TAG."
        )
        parts.append("\n".join(wrap(nothing, 100)))
    if result.timing is not None:
        parts.append(timing_text(result.timing))
    if result.triggers:
        parts.append(triggers_text(result.triggers))
    return "\n\n".join(parts)
