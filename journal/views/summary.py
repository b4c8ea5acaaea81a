"""Summaries, the status screen and flag lines as plain text and Markdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from journal.core.advice import NO_COMPARISON
from journal.core.facts import ACUTE_CLASSES
from journal.core.flags import group_flags
from journal.core.summary import (
    RECENT_DAYS,
    IntakeRow,
    NextDayRow,
    PeriodCounts,
    PeriodRow,
    Status,
    Summary,
)
from journal.views.records import FORGOTTEN_HOURS
from journal.views.table import Column, Paint, plain, render

# What a period with no known day shows instead of its counts (never 0).
NOT_RECORDED = "not recorded"
NOT_RECORDED_TEXT = (
    "Not recorded: no day of this period was kept in the diary (it lies before the first "
    "entry, in a stretch of 14 or more days with nothing written, or after today)."
)

# --- rendering ----------------------------------------------------------------------------------


def fmt_value(value: object, missing: str = "-") -> str:
    """A count or mean for a table: one decimal for means, MISSING for none."""
    if value is None:
        return missing
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _arrow(delta: float) -> str:
    if delta > 0:
        return f"↑ {fmt_value(delta)}"
    if delta < 0:
        return f"↓ {fmt_value(-delta)}"
    return f"→ {fmt_value(delta)}"


def _rows(summary: Summary) -> list[tuple[str, str, str, str]]:
    """(label, this period, previous period, change) for the main table."""
    prev = summary["previous"]
    # Every value of Change is a number; no change at all when either period is not recorded.
    deltas = cast("dict[str, float]", dict(summary["change"] or {}))
    rows: list[tuple[str, str, str, str]] = []

    def add(label: str, now: object, before: object, key: str | None = None) -> None:
        delta = deltas.get(key) if key else None
        arrow = "" if delta is None else _arrow(delta)
        rows.append((label, fmt_value(now), fmt_value(before), arrow))

    add("Known days (diary kept)", summary["recorded_days"], prev["recorded_days"])
    add("Headache days", summary["headache_days"], prev["headache_days"], "headache_days")
    add("Migraine days", summary["migraine_days"], prev["migraine_days"], "migraine_days")
    add(
        "Moderate/severe days (peak >= 4)",
        summary["moderate_severe_days"],
        prev["moderate_severe_days"],
        "moderate_severe_days",
    )
    add("Episodes begun", summary["episodes"], prev["episodes"], "episodes")
    add(
        "Persisted into next day",
        summary["persisted_episodes"],
        prev["persisted_episodes"],
        "persisted_episodes",
    )
    add("Headache hours", summary["headache_hours"], prev["headache_hours"], "headache_hours")
    add("Mean day peak (0-10)", summary["mean_peak_intensity"], prev["mean_peak_intensity"])
    add("Highest intensity", summary["max_intensity"], prev["max_intensity"])
    add(
        "Acute medication days",
        summary["medication_days"]["total"],
        prev["medication_days"]["total"],
        "medication_days",
    )
    for klass in ACUTE_CLASSES:
        now = summary["medication_days"][klass]
        before = prev["medication_days"][klass]
        if now or before:
            add(f"  {klass}", now, before)
    add("Caffeine days", summary["caffeine_days"], prev["caffeine_days"])
    add("Preventive days", summary["preventive_days"], prev["preventive_days"])
    return rows


def _dose(row: IntakeRow) -> str:
    if row["total_dose"] is None:
        return ""
    return f"{row['total_dose']:g} {row['unit'] or ''}".rstrip()


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{round(share * 100)}%"


def _next_day_text(row: NextDayRow) -> str:
    return (
        f"{row['followed']}/{row['use_days']} ({_percent(row['share'])}) after use, "
        f"{row['other_followed']}/{row['other_days']} ({_percent(row['other_share'])}) otherwise"
    )


def _saturated(rows: Sequence[NextDayRow]) -> bool:
    """Headache on nearly every next day: the same for every class, as the days are shared."""
    return any(not row["comparable"] and row["use_days"] and row["other_days"] for row in rows)


def _title(summary: PeriodCounts) -> str:
    return f"{summary['period']} ({summary['start']} to {summary['end']})"


def _notes(summary: Summary) -> list[str]:
    """Lines under the main table: a period counted so far, a previous one not recorded."""
    prev = summary["previous"]
    lines = []
    if summary["counted_to"] < summary["end"] and summary["recorded_days"]:
        lines.append(
            f"(counted up to today, {summary['counted_to']}, and compared with the same days "
            f"of the period before: {prev['start']} to {prev['end']})"
        )
    if not prev["recorded_days"]:
        lines.append(f"({prev['period']}: {NOT_RECORDED}, so there is no change to show)")
    elif not prev["covered"]:
        lines.append(f"(the journal holds only part of {prev['period']})")
    return lines


SUMMARY_NUMBERS = (Column(""), Column("this", ">"), Column("", ">"), Column("change"))
REMEDY_COLUMNS = (Column("remedy"), Column("count", ">"), Column("total"))
NEXT_DAY_COLUMNS = (Column("class"), Column("after use"), Column("otherwise"))


def render_text(summary: Summary, *, width: int | None = None, paint: Paint = plain) -> str:
    """A compact plain-text table: this period, the one before, and the change (↑ ↓ →)."""
    prev = summary["previous"]
    lines = [_title(summary), ""]
    if not summary["recorded_days"]:
        lines.append(NOT_RECORDED_TEXT)
    else:
        columns = list(SUMMARY_NUMBERS)
        columns[2] = Column(prev["period"], ">")
        lines.append(render(columns, _rows(summary), width=width))
        lines += _notes(summary)
    if summary["intakes"]:
        lines += ["", "Remedies"]
        rows = [
            [f"{r['remedy']} ({r['class']}, {r['use']})", f"{r['count']}x", _dose(r)]
            for r in summary["intakes"]
        ]
        lines.append(render(REMEDY_COLUMNS, rows, width=width, indent=2, header=False))
    if summary["next_day"] and _saturated(summary["next_day"]):
        lines += ["", "New headache the next day", f"  {NO_COMPARISON}"]
    elif summary["next_day"]:
        lines += ["", "New headache the next day (evenings whose next day is known)"]
        rows = [
            [
                nd["class"],
                f"{nd['followed']}/{nd['use_days']} ({_percent(nd['share'])}) after use,",
                f"{nd['other_followed']}/{nd['other_days']} ({_percent(nd['other_share'])})"
                " otherwise",
            ]
            for nd in summary["next_day"]
        ]
        lines.append(render(NEXT_DAY_COLUMNS, rows, width=width, indent=2, header=False))
    if summary["flags"]:
        lines += ["", "Flags at the period's end (`journal flags` explains each)"]
        lines.append(flag_table(summary["flags"], width=width, paint=paint))
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(summary: Summary) -> str:
    """The same summary as a Markdown document with tables."""
    prev = summary["previous"]
    lines = [f"## {_title(summary)}", ""]
    if not summary["recorded_days"]:
        lines.append(f"_{NOT_RECORDED_TEXT}_")
    else:
        lines += [f"| | this | {prev['period']} | change |", "|---|---:|---:|---|"]
        for label, now, before, delta in _rows(summary):
            lines.append(f"| {label.strip()} | {now} | {before} | {delta} |")
        notes = _notes(summary)
        if notes:
            lines += ["", *(f"_{note.strip('()')}._" for note in notes)]
    if summary["intakes"]:
        lines += ["", "### Remedies", "", "| remedy | class | use | count | total |"]
        lines.append("|---|---|---|---:|---:|")
        for row in summary["intakes"]:
            lines.append(
                f"| {_md_escape(row['remedy'])} | {row['class']} | {row['use']} "
                f"| {row['count']} | {_dose(row)} |"
            )
    if summary["next_day"]:
        lines += ["", "### New headache the next day", ""]
        if _saturated(summary["next_day"]):
            lines.append(NO_COMPARISON)
        else:
            lines += [
                "| class | after use | share | other evenings | share |",
                "|---|---:|---:|---:|---:|",
            ]
            for nd in summary["next_day"]:
                lines.append(
                    f"| {nd['class']} | {nd['followed']}/{nd['use_days']} "
                    f"| {_percent(nd['share'])} | {nd['other_followed']}/{nd['other_days']} "
                    f"| {_percent(nd['other_share'])} |"
                )
    if summary["flags"]:
        lines += ["", "### Flags", ""]
        lines += [f"- {_md_escape(line.strip())}" for line in flag_lines(summary["flags"])]
    return "\n".join(lines) + "\n"


PERIOD_COLUMNS: tuple[tuple[str, Callable[[PeriodRow], object]], ...] = (
    ("period", lambda s: s["period"]),
    ("known days", lambda s: s["recorded_days"]),
    ("headache days", lambda s: s["headache_days"]),
    ("migraine days", lambda s: s["migraine_days"]),
    ("med days", lambda s: s["medication_days"]["total"]),
    ("mod/severe", lambda s: s["moderate_severe_days"]),
    ("episodes", lambda s: s["episodes"]),
    ("persisted", lambda s: s["persisted_episodes"]),
    ("hours", lambda s: s["headache_hours"]),
    ("mean peak", lambda s: s["mean_peak_intensity"]),
    ("max", lambda s: s["max_intensity"]),
)


def _period_cells(summary: PeriodRow) -> list[str]:
    cells = [fmt_value(get(summary)) for _, get in PERIOD_COLUMNS]
    if not summary["recorded_days"]:
        # One "not recorded" where the counts begin; the rest stay empty, never 0.
        cells[2:] = [NOT_RECORDED] + [""] * (len(cells) - 3)
    elif summary["counted_to"] < summary["end"]:
        cells[0] += " (so far)"
    return cells


def _oldest_first(summaries: Sequence[PeriodRow]) -> list[PeriodRow]:
    return sorted(summaries, key=lambda s: (s["start"], s["end"]))


def render_periods_text(summaries: Sequence[PeriodRow], *, width: int | None = None) -> str:
    """One line per period, oldest first."""
    columns = [Column(title, "<" if i == 0 else ">") for i, (title, _) in enumerate(PERIOD_COLUMNS)]
    rows = [_period_cells(s) for s in _oldest_first(summaries)]
    return render(columns, rows, width=width) + "\n"


def render_periods_markdown(summaries: Sequence[PeriodRow]) -> str:
    """One Markdown table row per period, oldest first."""
    header = [title for title, _ in PERIOD_COLUMNS]
    lines = [
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * (len(header) - 1),
    ]
    for summary in _oldest_first(summaries):
        lines.append("| " + " | ".join(_period_cells(summary)) + " |")
    return "\n".join(lines) + "\n"


def render_status(data: Status, *, width: int | None = None, paint: Paint = plain) -> str:
    """The bare `journal` screen."""
    lines = []
    ongoing = data["ongoing"]
    if ongoing is None:
        lines.append("No headache is ongoing.")
    else:
        lines.append(
            f"Headache #{ongoing['id']} ongoing since {ongoing['start']} "
            f"({ongoing['hours']:.1f} h)."
        )
        if ongoing["possibly_forgotten"]:
            lines.append(
                paint(
                    f"  It has been open more than {FORGOTTEN_HOURS:g} hours: if it has ended, "
                    "record when.",
                    "warning",
                )
            )
        if data["ongoing_count"] > 1:
            lines.append(f"  {data['ongoing_count'] - 1} more episode(s) are also open.")
    week = data["week"]
    head = f"This week ({week['period']}, {week['start']} to {week['end']})"
    if not week["recorded_days"]:
        lines.append(f"{head}: {NOT_RECORDED}.")
    else:
        lines.append(
            f"{head}: {week['headache_days']} headache day(s), {week['moderate_severe_days']} "
            f"moderate/severe, {week['medication_days']} acute medication day(s), "
            f"{week['episodes']} episode(s) begun."
        )
    if data["flags"]:
        lines.append(f"Active flags (last {RECENT_DAYS} days; `journal flags` explains each):")
        lines.append(flag_table(data["flags"], width=width, paint=paint))
    return "\n".join(lines) + "\n"


def _flag_rows(flags: Sequence[dict[str, object]]) -> list[tuple[str, str]]:
    """(severity, text) per rule and class, most serious first: the latest message, and
    how many more of the same kind there are (one a day adds up fast for repeated dosing)."""
    rows = []
    for group in group_flags(flags):
        flag = group.latest
        more = f" (and {len(group.earlier)} more like it)" if group.earlier else ""
        rows.append((flag.severity, f"{flag.rule}: {flag.message}{more}"))
    return rows


def flag_lines(flags: Sequence[dict[str, object]]) -> list[str]:
    """One unwrapped line per rule and class (for Markdown)."""
    return [f"  {sev.upper():<8}{text}" for sev, text in _flag_rows(flags)]


def flag_table(
    flags: Sequence[dict[str, object]], *, width: int | None = None, paint: Paint = plain
) -> str:
    """The flags as an indented table: severity, then the message wrapped beneath itself."""
    rows = [[paint(sev.upper(), sev), text] for sev, text in _flag_rows(flags)]
    return render(FLAG_COLUMNS, rows, width=width, indent=2, header=False)


FLAG_COLUMNS = (Column("severity"), Column("flag"))
