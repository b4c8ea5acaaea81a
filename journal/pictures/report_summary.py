"""The report's summary page: the period, the per-month table, preventives, persistence,
MIDAS and the flags, and the background the flags rest on, as lines for the page engine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from journal.core.advice import CLINICIAN, KRATOM_CAUTIONS
from journal.core.cycles import JUDGE, PATTERN_TEXT
from journal.core.days import MODERATE
from journal.core.flags import THRESHOLDS, group_flags
from journal.core.summary import PeriodCounts
from journal.pictures.chartdata import (
    MONTH_NAMES,
    SHARED_ADVICE,
    ChartData,
    MonthRow,
    day_text,
    overuse_line,
    period_text,
    split_advice,
)
from journal.pictures.fonts import text_width
from journal.pictures.page import Line, flow, paragraph
from journal.pictures.style import STYLES
from journal.views.cycles import cycle_rows, summary_line
from journal.views.summary import fmt_value

NOT_RECORDED = "n/r"  # a month with no known day, in the per-month table
OVER = "▲"  # marks a count at or above its line, so the table does not rely on colour

DISCLAIMER = (
    "This report shows what the patient recorded in a personal diary. It is not a diagnosis "
    "and has not been checked by a clinician."
)
URGENT = (
    "Urgent care: a sudden, severe headache (the \u201cworst ever\u201d), or a headache with "
    "weakness, confusion, or fever and a stiff neck, needs urgent medical care, not a diary."
)
GRADES = {
    "I": "little or no disability",
    "II": "mild disability",
    "III": "moderate disability",
    "IV": "severe disability",
}


def _month_head(m: MonthRow) -> tuple[str, str]:
    second = f"{m.first.day}–{m.shown_to.day}" if m.partial else str(m.first.year)
    return MONTH_NAMES[m.first.month - 1], second


def _fmt(value: object) -> str:
    return fmt_value(value, missing="–")


def _share(counts: PeriodCounts) -> str:
    episodes, persisted = counts["episodes"], counts["persisted_episodes"]
    if not episodes or persisted is None:
        return "–"
    return f"{round(100 * persisted / episodes)}%"


TableRow = tuple[str, Callable[[PeriodCounts], object], int | None]


def _class_days(klass: str, counts: PeriodCounts) -> int | None:
    return counts["medication_days"][klass]


def table_rows(data: ChartData) -> list[TableRow]:
    """(label, value from a summary, line) for the per-month table, in reading order."""
    several = THRESHOLDS.multiple_classes_days
    rows: list[TableRow] = [
        ("Known days (diary kept)", lambda c: c["recorded_days"], None),
        ("Headache days", lambda c: c["headache_days"], THRESHOLDS.chronic_days),
        ("Migraine days", lambda c: c["migraine_days"], None),
        (
            f"Acute-medication days, any class (line {several})",
            lambda c: c["medication_days"]["total"],
            several,
        ),
    ]
    for klass in data.classes_used():
        line = overuse_line(klass)
        rows.append(
            (
                f"   {STYLES[klass].label} (line {line})",
                partial(_class_days, klass),
                line,
            )
        )
    rows += [
        (
            f"Moderate/severe days (peak ≥ {MODERATE})",
            lambda c: c["moderate_severe_days"],
            None,
        ),
        ("Caffeine days", lambda c: c["caffeine_days"], None),
        ("Preventive days", lambda c: c["preventive_days"], None),
        ("Episodes", lambda c: c["episodes"], None),
        ("Episodes persisting into next day", lambda c: c["persisted_episodes"], None),
        ("Share persisting", _share, None),
        ("Mean day peak (0-10)", lambda c: c["mean_peak_intensity"], None),
    ]
    return rows


TABLE_MONTHS = 12  # month columns per table block; longer periods get several blocks


def _table(data: ChartData, width: float, size: float = 7.5) -> list[Line]:
    """The per-month table, in blocks of up to TABLE_MONTHS months, the total in the last."""
    months = list(data.months)
    lines: list[Line] = []
    for start in range(0, len(months), TABLE_MONTHS):
        block = months[start : start + TABLE_MONTHS]
        heads = [_month_head(m) for m in block]
        counts: list[PeriodCounts] = [m.counts for m in block]
        if len(months) > 1 and start + TABLE_MONTHS >= len(months):
            heads.append(("Total", ""))
            counts.append(data.total)
        keep = f"table-{start}"
        space = 0.12 if start else 0.0
        lines += _table_block(data, heads, counts, width, size, keep, space)
    return lines


def _table_block(
    data: ChartData,
    heads: list[tuple[str, str]],
    counts: list[PeriodCounts],
    width: float,
    size: float,
    keep: str,
    space: float,
) -> list[Line]:
    rows = table_rows(data)
    label_w = max(text_width(label, size) for label, _, _ in rows) + 0.15
    # Columns as wide as 13 would be (12 months and the total), so blocks line up.
    col_w = min(0.62, (width - label_w) / (TABLE_MONTHS + 1))
    right = [label_w + col_w * (i + 1) - 0.12 for i in range(len(heads))]
    lines = [
        Line(
            "",
            size,
            "bold",
            space_before=space,
            cells=[(r, h[0], "right", "bold") for r, h in zip(right, heads, strict=True)],
            keep=keep,
        ),
        Line(
            "",
            size,
            "bold",
            cells=[(r, h[1], "right", "bold") for r, h in zip(right, heads, strict=True)],
            rule=True,
            keep=keep,
        ),
    ]
    for i, (label, get, limit) in enumerate(rows):
        cells: list[tuple[float, str, str, str]] = [(0.0, label, "left", "normal")]
        for r, c in zip(right, counts, strict=True):
            value = get(c)
            # A month with no known day: "n/r" (not recorded), never 0.
            text = _fmt(value) if c["recorded_days"] or i == 0 else NOT_RECORDED
            # Only months are compared with a monthly line; the total spans several.
            over = (
                limit is not None
                and isinstance(value, int)
                and value >= limit
                and c is not data.total
            )
            cells.append(
                (r, f"{text} {OVER}" if over else text, "right", "bold" if over else "normal")
            )
        lines.append(Line("", size, cells=cells, shade=i % 2 == 0, keep=keep))
    return lines


def _period_text(data: ChartData) -> str:
    count = len(data.months)
    text = f"{day_text(data.first)} to {day_text(data.last)}"
    text += f" ({count} calendar month{'s' if count != 1 else ''}"
    if data.last > data.today:
        text += f"; counted up to today, {day_text(data.today)}"
    return text + ")"


def summary_pages(
    data: ChartData,
    name: str | None,
    width: float,
    height: float,
    background_page: int | None = None,
) -> list[list[Line]]:
    """The summary, cut into pages of HEIGHT inches, each after the first under a heading
    that says what it continues.

    The flags stay on the summary page when they all fit there. When they do not, they start
    the next page under their own heading, rather than leave it at the foot of the first with
    the flags overleaf; only flags longer than a whole page run on from one page to the next,
    between two flags. BACKGROUND_PAGE: where the flags' shared background paragraphs are.
    """
    head = summary_lines(data, name, width)
    flags = flag_lines(data, width, background_page)
    pages = flow(head + flags, height)
    head_pages = flow(head, height)
    if len(pages) > len(head_pages):
        alone = flow(flags, height)
        if len(alone) == 1:
            pages = head_pages + alone
    out = [pages[0]]
    for page in pages[1:]:
        first = page[0]
        if first.section != "flags":
            out.append([Line("Summary (continued)", 11, "bold"), *page])
        elif first.text == flags[0].text:  # the flags' own heading
            out.append(page)
        else:
            out.append([Line("Flags (continued)", 11, "bold"), *page])
    return out


def summary_lines(data: ChartData, name: str | None, width: float) -> list[Line]:
    """The summary page up to the flags, as flowing lines."""
    out: list[Line] = [Line("Headache diary report", 16, "bold")]
    if name:
        out += paragraph(f"Patient: {name}", width, 10, space_before=0.06)
    out += paragraph(f"Period: {_period_text(data)}", width, 9, space_before=0.04)
    total_days = (data.last_shown - data.first).days + 1
    out += paragraph(
        f"Known days (diary kept): {data.total['recorded_days']} of {total_days} days (from "
        "the first entry on, except stretches of 14 or more days with nothing written). "
        f"Time zone: {data.tz_name}.",
        width,
        9,
    )
    out += paragraph(DISCLAIMER, width, 8.5, space_before=0.16, box="notice")
    out += paragraph(URGENT, width, 8.5, "bold", box="notice")

    out.append(Line("Per month", 11, "bold", space_before=0.22))
    out += _table(data, width)
    out += paragraph(
        f"{OVER} at or above the monthly line: ICHD-3 8.2 medication overuse (10 days a month; "
        "15 for simple pain relievers; 10 for several classes together; kratom takes the "
        "opioid line) and 15 headache days for a chronic pattern. Migraine days: days with 30 "
        "minutes or more of headache whose recorded features fit migraine or probable migraine "
        "(ICHD-3), with aura, or with a triptan or ergot taken; 8 of them among 15 headache "
        "days a month is the chronic migraine pattern (ICHD-3 1.3). Medication days count days "
        "with any intake, not doses. A day counts once even when several episodes touch it. "
        f"{NOT_RECORDED}: not recorded, no day of the month was kept in the diary.",
        width,
        7,
        color="#444444",
        space_before=0.06,
    )

    out.append(Line("Preventive medicines", 11, "bold", space_before=0.18))
    preventives = [r for r in data.total["intakes"] if r["use"] == "preventive"]
    if preventives:
        for row in preventives:
            dose = ""
            if row["total_dose"] is not None:
                dose = f", {row['total_dose']:g} {row['unit'] or ''} in total".rstrip()
            out += paragraph(
                f"{row['remedy']} ({row['class']}): {row['count']} intakes{dose}",
                width,
                8.5,
                indent=0.15,
            )
    else:
        out += paragraph("None recorded in this period.", width, 8.5, indent=0.15)

    total = data.total
    out.append(Line("Persistence", 11, "bold", space_before=0.18))
    if total["episodes"]:
        out += paragraph(
            f"{total['persisted_episodes']} of {total['episodes']} episodes ({_share(total)}) "
            "went on past the midnight after they began, or a next-morning check-in said the "
            "headache was still there.",
            width,
            8.5,
        )
    else:
        out += paragraph("No episodes recorded in this period.", width, 8.5)

    m = data.midas
    out.append(Line("MIDAS (headache-related disability)", 11, "bold", space_before=0.18))
    window = f"{day_text(date.fromisoformat(m['from']))} to {day_text(date.fromisoformat(m['to']))}"
    days = (date.fromisoformat(m["to"]) - date.fromisoformat(m["from"])).days + 1
    if not m["recorded_days"]:
        out += paragraph(f"Not recorded: no day of {window} was kept in the diary.", width, 8.5)
    else:
        grade = m["grade"] or ""
        out += paragraph(
            f"Score {m['score']}, grade {grade} ({GRADES.get(grade, '')}), over {window}. "
            f"Days of work or school missed: {m['q1']}; with productivity halved: {m['q2']}; "
            f"of housework missed: {m['q3']}; with housework productivity halved: {m['q4']}; "
            f"of family, social or leisure activities missed: {m['q5']}. "
            f"A: headache days {m['a']}; B: mean day peak {_fmt(m['b'])} (0-10). "
            f"Known days: {m['recorded_days']} of {days}.",
            width,
            8.5,
        )
    few = 0 < m["recorded_days"] < 0.8 * days
    out += paragraph(
        "Derived from the impact the patient recorded for each day; not a completed "
        "questionnaire." + (" Fewer than 80% of its days were kept in the diary." if few else ""),
        width,
        7,
        color="#444444",
    )
    return out + cycle_lines(data, width)


CYCLE_HEADS = ("Day 1", "Period", "Cycle", "Migraine on days -2..+3", "Other migraine days")


def cycle_lines(data: ChartData, width: float, size: float = 8.0) -> list[Line]:
    """Migraine days around menstruation, cycle by cycle (core/cycles.py), shown as a
    pattern for the clinician to judge; nothing when no period is marked."""
    report = data.cycles
    if report is None:
        return []
    # the heading, its note and the table's head stay together on one page
    out = [Line("Migraine days and menstruation", 11, "bold", space_before=0.18, keep="cycles")]
    out += paragraph(
        "Periods as marked in the diary (day 1: the first marked day; no day 0). ICHD-3 "
        "appendix A1.1 looks at migraine days on days -2 to +3 in at least 2 of 3 "
        "consecutive cycles.",
        width,
        8,
        keep="cycles",
    )
    lefts = [0.0, 1.0, 1.6, 2.2, 4.2]
    aligns = ["left"] * 5
    out.append(
        Line(
            "",
            size,
            "bold",
            cells=[(x, h, a, "bold") for x, h, a in zip(lefts, CYCLE_HEADS, aligns, strict=True)],
            rule=True,
            keep="cycles",
            space_before=0.06,
        )
    )
    for i, row in enumerate(cycle_rows(dict(report))):
        cells = [(x, t, a, "normal") for x, t, a in zip(lefts, row, aligns, strict=True)]
        out.append(Line("", size, cells=cells, shade=i % 2 == 0, keep="cycles"))
    out += paragraph(summary_line(dict(report)), width, 8.5, space_before=0.06)
    out += paragraph(
        f"Pattern in the records: {report['pattern']}. {PATTERN_TEXT[report['pattern']]}",
        width,
        8.5,
    )
    out += paragraph(JUDGE, width, 7.5, color="#444444")
    return out


def flag_lines(data: ChartData, width: float, background_page: int | None) -> list[Line]:
    """The flags of the period's last three months, grouped, with their advice."""
    out = _flags(data, width, background_page)
    for line in out:
        line.section = "flags"
    return out


def _flags(data: ChartData, width: float, background_page: int | None) -> list[Line]:
    months = min(3, len(data.months))
    out = [
        Line(
            f"Flags (the last {months} month{'s' if months != 1 else ''} of the period)",
            11,
            "bold",
            space_before=0.18,
        )
    ]
    groups = group_flags(data.flags)
    if not groups:
        return out + paragraph("No flags: no count reached a line.", width, 8.5)
    seen: set[str] = set()
    for group in groups:
        flag = group.latest
        what = f"{flag.severity.upper()} · {flag.rule}"
        if flag.klass:
            what += f" · {flag.klass}"
        keep = f"flag-{id(group)}"
        out += paragraph(
            f"{what} · {period_text(flag.period)}",
            width,
            8.5,
            "bold",
            space_before=0.08,
            keep=keep,
        )
        out += paragraph(flag.message, width, 8.5, indent=0.15, keep=keep)
        if group.earlier:
            also = ", ".join(period_text(p) for p in group.earlier)
            out += paragraph(f"Also flagged: {also}.", width, 8, indent=0.15, keep=keep)
        own = split_advice(flag.advice)[0]
        if own in seen:
            out += paragraph(
                "Advice: as above.", width, 7.5, color="#444444", indent=0.15, keep=keep
            )
        elif own:
            seen.add(own)
            out += paragraph(own, width, 7.5, color="#444444", indent=0.15, keep=keep)
    if background_page is not None:
        out += paragraph(
            f"What the flags rest on (medication overuse, kratom, opioids): page "
            f"{background_page}.",
            width,
            7.5,
            color="#444444",
            space_before=0.08,
        )
    return out


def background(data: ChartData) -> list[str]:
    """The shared advice paragraphs the flags call on, each once, the clinician's sentence last."""
    found = {p for f in data.flags for p in split_advice(f.advice)[1]}
    if data.kratom_taken:  # kratom in the period: its cautions, whether or not a flag fired
        found |= {KRATOM_CAUTIONS, CLINICIAN}
    return [p for p in SHARED_ADVICE if p in found]


def background_lines(data: ChartData, width: float) -> list[Line]:
    out = [Line("What the flags rest on", 11, "bold")]
    for text in background(data):
        out += paragraph(text, width, 8.5, space_before=0.08)
    return out
