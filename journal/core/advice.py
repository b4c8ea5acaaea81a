"""Every text the flags show: what was seen (messages) and why it matters (advice)."""

from __future__ import annotations

from datetime import date

# The texts describe counts and cautions only. They never say a remedy helps: the journal has
# no evidence of that, and for kratom the FDA has found none (domain.md).

CLASS_NAMES: dict[str, str] = {
    "simple": "simple pain relievers (paracetamol, aspirin, ibuprofen and other NSAIDs)",
    "triptan": "triptans",
    "ergot": "ergotamines",
    "opioid": "opioids",
    "combination": "combination pain relievers",
    "kratom": "kratom",
    "caffeine": "caffeine",
    "other": "other remedies",
}

# ICHD-3 section per class, quoted in the overuse texts.
ICHD3_SECTION: dict[str, str] = {
    "ergot": "8.2.1",
    "triptan": "8.2.2",
    "simple": "8.2.3",
    "opioid": "8.2.4",
    "combination": "8.2.5",
}

CLINICIAN = (
    "Talk to a clinician or pharmacist about this. The journal only counts what you recorded; "
    "this is not a diagnosis."
)

MEDICATION_OVERUSE = (
    "Medication-overuse headache is a headache made more frequent by the medicines taken for it: "
    "when acute headache medicines are used on too many days a month for a long time, headaches "
    "can come more often. ICHD-3 describes it when headache occurs on 15 or more days a month "
    "and acute medicine has been used above its monthly line regularly for more than 3 months. "
    "The count is of days with any intake, not of tablets or doses."
)

OPIOID_NOTE = (
    "People who overuse opioids relapse most often after stopping (ICHD-3), and stopping them "
    "suddenly can itself bring withdrawal symptoms: change them only with medical advice."
)

KRATOM_CAUTIONS = (
    "Kratom is not an approved medicine: the FDA has found no evidence that it is safe or "
    "effective for any medical use, and its alkaloids (mitragynine, 7-OH) act on opioid "
    "receptors. Regular use can lead to dependence; in one study of regular users more than "
    "half were severely dependent. Stopping after regular use can bring withdrawal: muscle "
    "aches, poor sleep, watery eyes and nose, hot flushes, fever, poor appetite, diarrhoea, "
    "restlessness and irritability. Higher doses bring more side effects, such as stomach and "
    "gut trouble. Kratom can change how other medicines are cleared: mitragynine slows the "
    "liver enzymes CYP3A and CYP2D6, and in one study 2 g of kratom tea raised the exposure to "
    "midazolam (a CYP3A drug) about 1.39 times. Strength varies widely between products: 8 "
    "tested products held 3.9 to 62.1 mg of mitragynine per gram, a 16-fold range, and some "
    "have 7-OH added far above leaf levels. "
    "The journal holds it to the opioid line of 10 days a month."
)

# The short form, shown when kratom is recorded the first time, and the first time each month.
KRATOM_SHORT = (
    "About kratom: it is not an approved medicine and its alkaloids act on opioid receptors. "
    "Regular use can lead to dependence, and stopping to withdrawal; higher doses bring more "
    "side effects; it can change how other medicines are cleared; and products vary up to "
    "16-fold in strength. Talk to a clinician or pharmacist about it."
)

KRATOM_FREQUENCY = (
    "Dependence on kratom follows how often people take it more closely than how much they take "
    "(a NIDA-funded study of 395 users), so doses spread over the day are worth noting."
)

CHRONIC = (
    "Headache on 15 or more days a month for more than 3 months is the pattern ICHD-3 calls "
    "chronic (chronic migraine or chronic tension-type headache). Medication overuse is the "
    "commonest reason a migraine appears to have turned chronic, so the medicine counts "
    "matter too. A day-by-day diary like this one is what a clinician needs to look at it."
)

CAFFEINE = (
    "Taking more than 200 mg of caffeine a day for more than two weeks and then stopping, even "
    "for a weekend, can bring on a caffeine-withdrawal headache (ICHD-3 8.3.1). Coffee, tea, "
    "cola, energy drinks and some pain relievers all add to the daily amount."
)

ESCALATION = (
    "Needing more of a remedy for the same use can mean the body is getting used to it; higher "
    "doses bring more side effects, and for opioids and kratom a rising dose can be a sign of "
    "dependence. Keep to the dose on the label or prescription."
)

NEXT_DAY = (
    "The journal compares only the days you recorded and cannot tell why the two go "
    "together: something else on those days may explain both. Keep recording every day, "
    "and show the numbers to the person treating your headaches."
)

NO_COMPARISON = (
    "Headache was recorded on nearly every day, so there are too few headache-free days to "
    "compare with: no comparison is possible."
)

CHOOSING_WISELY = (
    "The American Headache Society advises using over-the-counter pain relievers on no more than "
    "2 days a week, because using them more often can lead to medication-overuse headache."
)

KIEL = (
    "Some headache clinics keep to a stricter practical line than ICHD-3: the Kiel clinic's "
    "'10-20 rule' allows acute medicine on at most 10 days a month and warns above 9."
)


def class_name(klass: str) -> str:
    """A readable name for a remedy class."""
    return CLASS_NAMES.get(klass, klass)


def _sentence(text: str) -> str:
    """Upper-case the first letter only (str.capitalize would lower "NSAIDs")."""
    return text[:1].upper() + text[1:]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{round(share * 100)}%"


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _names(classes: list[str]) -> str:
    return ", ".join(class_name(k) for k in classes)


# Several classes counted together: ICHD-3 8.2.6, unless the total needs kratom, which ICHD-3
# does not name (domain.md).
SEVERAL_CLASSES = "ICHD-3 8.2.6"
SEVERAL_WITH_KRATOM = "several classes including kratom (not an ICHD-3 class)"


# --- overuse ------------------------------------------------------------------------------------


def overuse_message(klass: str, days: int, threshold: int, period: str) -> str:
    return (
        f"{_sentence(class_name(klass))} taken on {_plural(days, 'day')} in {period}; "
        f"the medication-overuse line for this class is {threshold} days a month."
    )


def overuse_advice(klass: str) -> str:
    extra = {"opioid": OPIOID_NOTE, "kratom": KRATOM_CAUTIONS}.get(klass, "")
    section = ICHD3_SECTION.get(klass)
    line = f"The monthly line for this class is ICHD-3 {section}." if section else ""
    return _join(MEDICATION_OVERUSE, line, extra, CLINICIAN)


MORE_THAN_3_MONTHS = (
    "ICHD-3 asks for use above the line for more than 3 months before it speaks of "
    "medication-overuse headache; a run this long is the point to have it looked at."
)


def sustained_message(
    klass: str, run: int, first: str, last: str, days: int, threshold: int
) -> str:
    return (
        f"{_sentence(class_name(klass))} reached {threshold} or more days a month in "
        f"{run} consecutive months ({first} to {last}); {_plural(days, 'day')} in {last}. "
        "ICHD-3 asks for more than 3 months."
    )


def sustained_advice(klass: str) -> str:
    return _join(MORE_THAN_3_MONTHS, overuse_advice(klass))


def multiple_sustained_message(
    run: int, first: str, last: str, days: int, threshold: int, with_kratom: bool
) -> str:
    """The combined-classes line (or a class's own) reached in RUN consecutive months."""
    line = SEVERAL_WITH_KRATOM if with_kratom else SEVERAL_CLASSES
    return (
        f"Acute medicines reached a medication-overuse line in {run} consecutive months "
        f"({first} to {last}): a class's own line, or several classes together ({line}, "
        f"{threshold} days a month); {_plural(days, 'day')} with any of them in {last}. "
        "ICHD-3 asks for more than 3 months."
    )


def multiple_sustained_advice(classes: list[str]) -> str:
    return _join(MORE_THAN_3_MONTHS, multiple_advice(classes))


def multiple_message(
    days: int, threshold: int, period: str, classes: list[str], with_kratom: bool
) -> str:
    """WITH_KRATOM: the total reaches the line only because kratom days are counted."""
    seen = (
        f"Acute medicines of {len(classes)} classes ({_names(classes)}) taken on "
        f"{_plural(days, 'day')} in total in {period}, none above its own line"
    )
    if with_kratom:
        return (
            f"{seen}; counted together they reach {threshold} days a month only with the kratom "
            f"days: {SEVERAL_WITH_KRATOM}, held to the combined line."
        )
    return f"{seen}; the combined line is {threshold} days a month ({SEVERAL_CLASSES})."


def multiple_advice(classes: list[str]) -> str:
    extra = KRATOM_CAUTIONS if "kratom" in classes else ""
    opioid = OPIOID_NOTE if "opioid" in classes else ""
    return _join(
        "Days with different acute medicines add up: ICHD-3 counts them together when no single "
        "class is over its own line.",
        MEDICATION_OVERUSE,
        opioid,
        extra,
        CLINICIAN,
    )


# --- chronic pattern ----------------------------------------------------------------------------


def chronic_message(
    headache: tuple[int, int], migraine: tuple[int, int], period: str, runs: tuple[int, int]
) -> str:
    """HEADACHE and MIGRAINE: (days, line) in PERIOD; RUNS: consecutive months at the headache
    line, and of those, in a row, with the migraine line too (0: not this month)."""
    (days, line), (migraine_days, migraine_line), (run, migraine_run) = headache, migraine, runs
    of_them = "1 of them a migraine day" if migraine_days == 1 else f"{migraine_days} of them"
    if migraine_days != 1:
        of_them += " migraine days"
    text = f"Headache on {_plural(days, 'day')} in {period}, {of_them}; "
    if migraine_run:
        text += (
            f"with {migraine_line} or more migraine days among {line} or more headache days, "
            "this is the chronic migraine pattern (ICHD-3 1.3)."
        )
    else:
        text += (
            f"with fewer than {migraine_line} migraine days among {line} or more headache days, "
            "this is a chronic daily headache pattern rather than the chronic migraine one."
        )
    if run == 1:
        text += f" It is the first month in a row at or above {line} headache days"
    else:
        text += f" That is {run} consecutive months at or above {line} headache days"
    if migraine_run and migraine_run != run:
        text += f", the last {_plural(migraine_run, 'month')} with the migraine pattern"
    return text + "; ICHD-3 asks for more than 3 months."


def chronic_advice() -> str:
    return _join(CHRONIC, CLINICIAN)


# --- kratom -------------------------------------------------------------------------------------


def kratom_daily_message(days: int, first: date, last: date) -> str:
    return (
        f"Kratom taken every day for {days} consecutive days ({first.isoformat()} to "
        f"{last.isoformat()})."
    )


def kratom_daily_advice() -> str:
    return _join(
        "Daily use is the pattern most linked with kratom dependence: in a survey of 2,798 US "
        "users, 59% took it daily.",
        KRATOM_CAUTIONS,
        CLINICIAN,
    )


def kratom_repeated_message(doses: int, day: date, threshold: int) -> str:
    return (
        f"Kratom taken {doses} times on {day.isoformat()} "
        f"({threshold} or more doses in one day is flagged)."
    )


def kratom_repeated_advice() -> str:
    return _join(KRATOM_FREQUENCY, KRATOM_CAUTIONS, CLINICIAN)


# --- dose escalation ----------------------------------------------------------------------------


def _amount(value: float, unit: str) -> str:
    return f"{value:g} {unit}" if value == round(value, 1) else f"{value:.1f} {unit}"


def escalation_message(
    remedy: str,
    unit: str,
    before: tuple[float, int, str],
    after: tuple[float, int, str],
) -> str:
    """`before` and `after` are (mean dose per use day, use days, period label)."""
    rise = (after[0] / before[0] - 1) * 100
    return (
        f"{remedy}: {_amount(before[0], unit)} per use day on average over {before[2]} "
        f"({_plural(before[1], 'day')}), then {_amount(after[0], unit)} over {after[2]} "
        f"({_plural(after[1], 'day')}): up {round(rise)}%."
    )


def escalation_advice(klass: str) -> str:
    extra = KRATOM_CAUTIONS if klass == "kratom" else OPIOID_NOTE if klass == "opioid" else ""
    return _join(ESCALATION, extra, CLINICIAN)


# --- next-day headache --------------------------------------------------------------------------


def next_day_message(
    klass: str,
    period: str,
    use: tuple[int, int, float | None],
    other: tuple[int, int, float | None],
) -> str:
    """`use` and `other` are (evenings followed by a new headache, evenings, share)."""
    return (
        f"In {period}, a new headache began on the day after {use[0]} of "
        f"{_plural(use[1], 'evening')} with {class_name(klass)} ({_percent(use[2])}), and after "
        f"{other[0]} of {_plural(other[1], 'evening')} without ({_percent(other[2])}); only "
        "days recorded on both sides are counted. This is an association in your own "
        "records; it does not show what causes it."
    )


def next_day_advice(klass: str) -> str:
    return _join(NEXT_DAY, KRATOM_CAUTIONS if klass == "kratom" else "", CLINICIAN)


# --- early signals (watch) ----------------------------------------------------------------------


def approaching_message(klass: str, days: int, threshold: int, period: str) -> str:
    left = threshold - days
    return (
        f"{_sentence(class_name(klass))} taken on {_plural(days, 'day')} in {period}, "
        f"{_plural(left, 'day')} below the medication-overuse line of {threshold}."
    )


EARLY = "Nothing is over the line yet; this is an early notice."
# For a class near its own line in a month where another count already crossed one.
EARLY_BESIDE_WARNING = (
    "This class is still below its own line, but another medicine count crossed a line in the "
    "same month: see the warning for that month."
)


def approaching_advice(klass: str, crossed: bool = False) -> str:
    """CROSSED: an overuse warning stands for the same month, so nothing is 'not over yet'."""
    extra = KRATOM_CAUTIONS if klass == "kratom" else ""
    return _join(EARLY_BESIDE_WARNING if crossed else EARLY, MEDICATION_OVERUSE, extra, CLINICIAN)


def approaching_multiple_message(
    days: int, threshold: int, period: str, classes: int, with_kratom: bool
) -> str:
    line = SEVERAL_WITH_KRATOM if with_kratom else SEVERAL_CLASSES
    return (
        f"Acute medicines of {classes} classes taken on {_plural(days, 'day')} in total in "
        f"{period}, {_plural(threshold - days, 'day')} below the combined line of {threshold} "
        f"({line})."
    )


def approaching_multiple_advice(with_kratom: bool = False) -> str:
    return _join(EARLY, MEDICATION_OVERUSE, KRATOM_CAUTIONS if with_kratom else "", CLINICIAN)


OTC_NAMES = "over-the-counter pain relievers (simple or combination)"


def week_message(days: int, threshold: int, period: str) -> str:
    return (
        f"{_sentence(OTC_NAMES)} taken on {_plural(days, 'day')} in week {period}; "
        f"the advice is no more than {threshold} days a week."
    )


def week_advice() -> str:
    return _join(CHOOSING_WISELY, CLINICIAN)


def kiel_message(days: int, period: str) -> str:
    return (
        f"Acute medicines taken on {_plural(days, 'day')} in {period}: under the ICHD-3 line, "
        "but above the 9 days at which a stricter clinic rule warns."
    )


def kiel_advice() -> str:
    return _join(KIEL, MEDICATION_OVERUSE, CLINICIAN)


def caffeine_message(days: int, limit_mg: float, first: date, last: date) -> str:
    return (
        f"More than {limit_mg:g} mg of caffeine a day on {days} consecutive days "
        f"({first.isoformat()} to {last.isoformat()}), more than two weeks."
    )


def caffeine_advice() -> str:
    return _join(CAFFEINE, CLINICIAN)


# --- paragraphs many flags share ----------------------------------------------------------------

# Text output and the report print each of these once, after the flags that share it.
SHARED_ADVICE: tuple[str, ...] = (MEDICATION_OVERUSE, OPIOID_NOTE, KRATOM_CAUTIONS, CLINICIAN)


def split_advice(text: str) -> tuple[str, tuple[str, ...]]:
    """A flag's own advice, and the shared paragraphs (SHARED_ADVICE) it contained."""
    shared = tuple(p for p in SHARED_ADVICE if p in text)
    for paragraph in shared:
        text = text.replace(paragraph, "")
    return " ".join(text.split()), shared
