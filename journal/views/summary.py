"""Summaries, the status screen and flag lines as plain text and Markdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from journal.core.facts import ACUTE_CLASSES
from journal.core.flags import group_flags
from journal.core.summary import RECENT_DAYS, IntakeRow, NextDayRow, PeriodCounts, Status, Summary
from journal.views.records import FORGOTTEN_HOURS
from journal.views.table import Column, Paint, plain, render

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
    change = summary["change"]
    rows: list[tuple[str, str, str, str]] = []

    def add(label: str, now: object, before: object, delta: float | None = None) -> None:
        rows.append(
            (label, fmt_value(now), fmt_value(before), "" if delta is None else _arrow(delta))
        )

    add("Recorded days", summary["recorded_days"], prev["recorded_days"])
    add("Headache days", summary["headache_days"], prev["headache_days"], change["headache_days"])
    add(
        "Moderate/severe days (peak >= 4)",
        summary["moderate_severe_days"],
        prev["moderate_severe_days"],
        change["moderate_severe_days"],
    )
    add("Episodes", summary["episodes"], prev["episodes"], change["episodes"])
    add(
        "Persisted into next day",
        summary["persisted_episodes"],
        prev["persisted_episodes"],
        change["persisted_episodes"],
    )
    add(
        "Headache hours",
        summary["headache_hours"],
        prev["headache_hours"],
        change["headache_hours"],
    )
    add("Mean day peak (0-10)", summary["mean_peak_intensity"], prev["mean_peak_intensity"])
    add("Highest intensity", summary["max_intensity"], prev["max_intensity"])
    add(
        "Acute medication days",
        summary["medication_days"]["total"],
        prev["medication_days"]["total"],
        change["medication_days"],
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


def _title(summary: PeriodCounts) -> str:
    return f"{summary['period']} ({summary['start']} to {summary['end']})"


SUMMARY_NUMBERS = (Column(""), Column("this", ">"), Column("", ">"), Column("change"))
REMEDY_COLUMNS = (Column("remedy"), Column("count", ">"), Column("total"))
NEXT_DAY_COLUMNS = (Column("class"), Column("after use"), Column("otherwise"))


def render_text(summary: Summary, *, width: int | None = None, paint: Paint = plain) -> str:
    """A compact plain-text table: this period, the one before, and the change (↑ ↓ →)."""
    prev = summary["previous"]
    columns = list(SUMMARY_NUMBERS)
    columns[2] = Column(prev["period"], ">")
    lines = [_title(summary), "", render(columns, _rows(summary), width=width)]
    if not prev["covered"]:
        lines.append(f"(the journal holds only part of {prev['period']})")
    if summary["intakes"]:
        lines += ["", "Remedies"]
        rows = [
            [f"{r['remedy']} ({r['class']}, {r['use']})", f"{r['count']}x", _dose(r)]
            for r in summary["intakes"]
        ]
        lines.append(render(REMEDY_COLUMNS, rows, width=width, indent=2, header=False))
    if summary["next_day"]:
        lines += ["", "New headache the next day"]
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
    lines = [
        f"## {_title(summary)}",
        "",
        f"| | this | {prev['period']} | change |",
        "|---|---:|---:|---|",
    ]
    for label, now, before, delta in _rows(summary):
        lines.append(f"| {label.strip()} | {now} | {before} | {delta} |")
    if not prev["covered"]:
        lines += ["", f"_The journal holds only part of {prev['period']}._"]
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
        lines += ["| class | after use | share | other days | share |", "|---|---:|---:|---:|---:|"]
        for nd in summary["next_day"]:
            lines.append(
                f"| {nd['class']} | {nd['followed']}/{nd['use_days']} | {_percent(nd['share'])} "
                f"| {nd['other_followed']}/{nd['other_days']} | {_percent(nd['other_share'])} |"
            )
    if summary["flags"]:
        lines += ["", "### Flags", ""]
        lines += [f"- {_md_escape(line.strip())}" for line in flag_lines(summary["flags"])]
    return "\n".join(lines) + "\n"


PERIOD_COLUMNS: tuple[tuple[str, Callable[[PeriodCounts], object]], ...] = (
    ("period", lambda s: s["period"]),
    ("headache days", lambda s: s["headache_days"]),
    ("mod/severe", lambda s: s["moderate_severe_days"]),
    ("med days", lambda s: s["medication_days"]["total"]),
    ("episodes", lambda s: s["episodes"]),
    ("persisted", lambda s: s["persisted_episodes"]),
    ("hours", lambda s: s["headache_hours"]),
    ("mean peak", lambda s: s["mean_peak_intensity"]),
    ("max", lambda s: s["max_intensity"]),
)


def _period_cells(summary: PeriodCounts) -> list[str]:
    return [fmt_value(get(summary)) for _, get in PERIOD_COLUMNS]


def _oldest_first(summaries: Sequence[PeriodCounts]) -> list[PeriodCounts]:
    return sorted(summaries, key=lambda s: (s["start"], s["end"]))


def render_periods_text(summaries: Sequence[PeriodCounts], *, width: int | None = None) -> str:
    """One line per period, oldest first."""
    columns = [Column(title, "<" if i == 0 else ">") for i, (title, _) in enumerate(PERIOD_COLUMNS)]
    rows = [_period_cells(s) for s in _oldest_first(summaries)]
    return render(columns, rows, width=width) + "\n"


def render_periods_markdown(summaries: Sequence[PeriodCounts]) -> str:
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
    lines.append(
        f"This week ({week['period']}, {week['start']} to {week['end']}): "
        f"{week['headache_days']} headache day(s), {week['moderate_severe_days']} "
        f"moderate/severe, {week['medication_days']} acute medication day(s), "
        f"{week['episodes']} episode(s)."
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
