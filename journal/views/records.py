"""Plain-text views of records for the terminal (JSON output needs none of this)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from journal.core.advice import SHARED_ADVICE, split_advice
from journal.core.days import FORGOTTEN_AFTER
from journal.core.flags import group_flags
from journal.views.table import Column, Paint, plain, render

FORGOTTEN_HOURS = FORGOTTEN_AFTER.total_seconds() / 3600


def _clock(iso: str | None, day_of: str | None = None) -> str:
    if iso is None:
        return "ongoing"
    dt = datetime.fromisoformat(iso)
    if day_of is not None and dt.date() == datetime.fromisoformat(day_of).date():
        return dt.strftime("%H:%M")
    return dt.strftime("%a %d %b %H:%M")


def _dose(i: dict[str, Any]) -> str:
    if i["dose"] is None:
        return i["remedy"]
    return f"{i['remedy']} {i['dose']:g}{(' ' + i['unit']) if i['unit'] else ''}"


def intake_line(i: dict[str, Any], day_of: str | None = None) -> str:
    parts = [_clock(i["at"], day_of), _dose(i), f"[{i['class']}]"]
    if i["use"] == "preventive":
        parts.append("(preventive)")
    if i["relief"]:
        parts.append(f"relief: {i['relief']}")
    if i["product"]:
        parts.append(f"product: {i['product']}")
    return "  ".join(parts)


ENTRY_COLUMNS = (
    Column("ID", ">"),
    Column("Start"),
    Column("End"),
    Column("Peak", ">"),
    Column("Type"),
    Column("Details"),
)


def entries_table(
    items: list[dict[str, Any]], *, width: int | None = None, paint: Paint = plain
) -> str:
    """Episodes with their intakes and notes beneath them; intakes outside any episode,
    day markers and check-ins as rows of their own."""
    rows: list[list[str]] = []
    for item in items:
        if item["kind"] == "intake":
            rows.append([f"i{item['id']}", intake_line(item)])
            continue
        if item["kind"] in ("marker", "checkin"):
            rows.append(["", _day_words(item["date"]), day_line(item)])
            continue
        details = []
        if item["persisted_next_day"]:
            details.append("persisted")
        if item.get("possibly_forgotten"):
            details.append(paint(f"ongoing > {FORGOTTEN_HOURS:g} h: forgotten to end?", "warning"))
        if item.get("classification", "unclassified") != "unclassified":
            details.append(f"fits {item['classification']}")
        if item["aura"]:
            details.append("aura")
        details += feature_words(item.get("features", {}))
        details += item["symptoms"]
        if item["triggers"]:
            details.append("triggers: " + ", ".join(item["triggers"]))
        peak = "" if item["intensity"] is None else str(item["intensity"])
        rows.append(
            [
                str(item["id"]),
                _clock(item["start"]),
                _clock(item["end"], item["start"]),
                peak,
                item["type"],
                ", ".join(details),
            ]
        )
        for intake in item["intakes"]:
            rows.append(["", f"  · i{intake['id']} {intake_line(intake, item['start'])}"])
        if item["note"]:
            rows.append(["", f"  “{item['note']}”"])
    return render(ENTRY_COLUMNS, rows, width=width)


SIDE_WORDS = {"both": "both sides", "varies": "side varies"}


def feature_words(features: dict[str, Any]) -> list[str]:
    """The recorded pain features in a few words: ['left', 'pulsating', 'worse with activity']."""
    words = []
    if features.get("side"):
        words.append(SIDE_WORDS.get(features["side"], features["side"]))
    if features.get("quality"):
        words.append(features["quality"])
    if features.get("activity_worse") is not None:
        words.append(("" if features["activity_worse"] else "not ") + "worse with activity")
    return words


def classification_words(e: dict[str, Any]) -> str:
    """What the recorded features fit (ICHD-3), and a word when the duration is outside 4-72 h."""
    if "classification" not in e:
        return ""
    text = e["classification"]
    if e.get("duration_fits") is False:
        text += " (outside ICHD-3's 4-72 h: reported, never excluded, as treated attacks are short)"
    return text


def episode_span(e: dict[str, Any]) -> str:
    """ "Tue 24 Nov 21:00 to ongoing": when an episode ran, for one line."""
    return f"{_clock(e['start'])} to {_clock(e['end'], e['start'])}"


def _day_words(iso: str) -> str:
    day = datetime.fromisoformat(iso)
    return day.strftime("%a %d %b")


def day_line(item: dict[str, Any]) -> str:
    """A day marker or a morning check-in, as one line."""
    if item["kind"] == "marker":
        return f"marked: {item['tag']}" + (f" ({item['note']})" if item["note"] else "")
    said = "still hurting" if item["status"] == "still" else "clear"
    if item["intensity"] is not None:
        said += f", {item['intensity']}/10"
    impact = [f"missed {w}" for w in item["missed"]] + [f"reduced {w}" for w in item["reduced"]]
    return "check-in: " + ", ".join([said, *impact])


def _words(iso: str | None) -> str:
    """A stored local time for people: "Tue 24 Nov 2026, 21:00 (UTC+01:00)"."""
    if iso is None:
        return "ongoing"
    moment = datetime.fromisoformat(iso)
    offset = moment.strftime("%z")
    zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
    return moment.strftime("%a %d %b %Y, %H:%M") + zone


def episode_text(e: dict[str, Any]) -> str:
    rows = [
        ("Episode", str(e["id"]) + ("  (deleted)" if e.get("deleted") else "")),
        ("Start", _words(e["start"])),
        ("End", _words(e["end"])),
        ("Peak", "" if e["intensity"] is None else f"{e['intensity']}/10"),
        ("Type", e["type"] + (", with aura" if e["aura"] else "")),
        ("Persisted", "yes" if e["persisted_next_day"] else "no"),
        ("Symptoms", ", ".join(e["symptoms"])),
        ("Features", ", ".join(feature_words(e.get("features", {})))),
        ("Fits", classification_words(e)),
        ("Triggers", ", ".join(e["triggers"])),
        ("Location", e["location"] or ""),
        ("Missed", ", ".join(e["missed"])),
        ("Reduced", ", ".join(e["reduced"])),
        ("Note", e["note"] or ""),
    ]
    if e.get("possibly_forgotten"):
        rows.append(
            (
                "Warning",
                f"ongoing for more than {FORGOTTEN_HOURS:g} hours: did you forget to end it?",
            )
        )
    out = [f"{k + ':':<11}{v}" for k, v in rows if v]
    for intake in e["intakes"]:
        out.append(f"{'Intake:':<11}i{intake['id']} {intake_line(intake)}")
    return "\n".join(out)


SEVERITY_MARK = {"alert": "!!", "warning": "! ", "watch": "· "}


def flags_text(flags: list[dict[str, Any]], as_of: Any, *, paint: Paint = plain) -> str:
    """Flags, most serious first; each group with its own advice, and each paragraph that
    several flags share (advice.SHARED_ADVICE) once, after the last group that carries it."""
    if not flags:
        return f"No frequent-use patterns found up to {as_of}."
    groups = group_flags(flags)
    parts = [split_advice(group.latest.advice) for group in groups]
    last_with: dict[str, int] = {}
    for i, (_, shared) in enumerate(parts):
        for paragraph in shared:
            last_with[paragraph] = i
    out: list[str] = []
    for i, (group, (own, _)) in enumerate(zip(groups, parts, strict=True)):
        latest = group.latest
        label = f" [{latest.klass}]" if latest.klass else ""
        mark = SEVERITY_MARK.get(latest.severity, "  ")
        out.append(paint(f"{mark} {latest.severity.upper()} {latest.rule}{label}", latest.severity))
        out += [_wrap(f.message, "   ") for f in group.flags]
        if own:
            out.append(_wrap(own, "     "))
        out.append("")
        for paragraph in SHARED_ADVICE:
            if last_with.get(paragraph) == i:
                out += [_wrap(paragraph, ""), ""]
    out.append("These are patterns in what you recorded, not a diagnosis.")
    return "\n".join(out)


def midas_text(m: dict[str, Any]) -> str:
    from journal.core.summary import MIDAS_KNOWN_SHARE

    window = (date.fromisoformat(m["to"]) - date.fromisoformat(m["from"])).days + 1
    known = m["recorded_days"]
    lines = [f"MIDAS from the diary, {m['from']} to {m['to']}", ""]
    if not known:
        lines.append(f"  Not recorded: no day of these {window} days was kept in the diary.")
        return "\n".join(lines)
    rows = [
        ("Days of work or school missed", m["q1"]),
        ("Days work or school productivity halved", m["q2"]),
        ("Days housework missed", m["q3"]),
        ("Days housework productivity halved", m["q4"]),
        ("Days family, social or leisure missed", m["q5"]),
    ]
    lines += [f"  Q{n} {label:<42} {value:>3}" for n, (label, value) in enumerate(rows, 1)]
    grades = {"I": "little or no disability", "II": "mild", "III": "moderate", "IV": "severe"}
    lines += [
        "",
        f"  Score {m['score']}: grade {m['grade']} ({grades.get(m['grade'], '')})",
        f"  A. headache days: {m['a']}",
        f"  B. mean peak pain (0-10): {'-' if m['b'] is None else m['b']}",
        f"  Known days (diary kept): {known} of {window}",
    ]
    if known < MIDAS_KNOWN_SHARE * window:
        lines += [
            "",
            f"  Only {known} of the {window} days were kept in the diary (less than "
            f"{round(MIDAS_KNOWN_SHARE * 100)}%): the counts cover only those days.",
        ]
    return "\n".join(lines)


def _wrap(text: str, indent: str) -> str:
    import textwrap

    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent)
