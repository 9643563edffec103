"""The operator window's colours, sizes and plain words, in one place.

Read two metres away with gloves on: colours carry the meaning (orange Test Zone, green Production
Zone, red FAIL / unknown targets, purple ERROR), text is large, and every word an operator reads
goes through Qt Linguist (the ``OperatorWords`` context) so the line can run in English,
Simplified Chinese or Spanish. Words that come from the flow (stage names) are listed here with
``QT_TRANSLATE_NOOP`` so ``lupdate`` finds them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from station.flow.stages import STAGE_WORDS, Stage

CONTEXT = "OperatorWords"

TEST_ORANGE = "#ef6c00"
PRODUCTION_GREEN = "#2e7d32"
DANGER_RED = "#c62828"
ERROR_PURPLE = "#8e24aa"
AMBER = "#ffb300"
HELD_AMBER = "#f9a825"
GREY = "#616161"
IDLE_BG = "#eceff1"

OUTCOME_COLOURS = {"PASS": PRODUCTION_GREEN, "FAIL": DANGER_RED, "ERROR": ERROR_PURPLE, "ABORTED": GREY}

# The flow's stage words (station.flow.stages.STAGE_WORDS), marked for lupdate; a test checks the
# two lists agree, so a new stage cannot go untranslated silently.
_STAGE_MARKS = (
    QT_TRANSLATE_NOOP("OperatorWords", "Scan a unit"),
    QT_TRANSLATE_NOOP("OperatorWords", "Unit scanned"),
    QT_TRANSLATE_NOOP("OperatorWords", "Provisioning (BlinkUp)"),
    QT_TRANSLATE_NOOP("OperatorWords", "Waiting for the cloud"),
    QT_TRANSLATE_NOOP("OperatorWords", "Testing"),
    QT_TRANSLATE_NOOP("OperatorWords", "Blessing"),
    QT_TRANSLATE_NOOP("OperatorWords", "On hold"),
    QT_TRANSLATE_NOOP("OperatorWords", "Printing label"),
    QT_TRANSLATE_NOOP("OperatorWords", "Done"),
)
MARKED_STAGE_WORDS = frozenset(_STAGE_MARKS)

_OUTCOME_MARKS = {
    "PASS": QT_TRANSLATE_NOOP("OperatorWords", "PASS"),
    "FAIL": QT_TRANSLATE_NOOP("OperatorWords", "FAIL"),
    "ERROR": QT_TRANSLATE_NOOP("OperatorWords", "ERROR"),
    "ABORTED": QT_TRANSLATE_NOOP("OperatorWords", "ABORTED"),
}
# What "made a product" is called on each cloud: a Particle unit is not blessed, it is locked to the
# product's firmware; a Libelium unit is registered with its activation code.
_MADE_PRODUCT = {
    "impcentral": QT_TRANSLATE_NOOP("OperatorWords", "Blessed"),
    "particle": QT_TRANSLATE_NOOP("OperatorWords", "In the product, firmware locked"),
    "libelium": QT_TRANSLATE_NOOP("OperatorWords", "Registered with its activation code"),
}
_PASS_NOTES = {
    "impcentral": QT_TRANSLATE_NOOP("OperatorWords", "Blessed and labelled: put the unit in the good tray"),
    "particle": QT_TRANSLATE_NOOP("OperatorWords", "In the product and labelled: put the unit in the good tray"),
    "libelium": QT_TRANSLATE_NOOP("OperatorWords", "Registered and labelled: put the unit in the good tray"),
}
_OUTCOME_NOTES = {
    "FAIL": QT_TRANSLATE_NOOP("OperatorWords", "The unit failed: put it in the red reject bin"),
    "ERROR": QT_TRANSLATE_NOOP("OperatorWords", "Station problem — not the unit: call the line engineer"),
    "ABORTED": QT_TRANSLATE_NOOP("OperatorWords", "Aborted: test the unit again"),
}


def words(text: str) -> str:
    """The operator's language version of one of the marked words (itself when untranslated)."""
    return QCoreApplication.translate(CONTEXT, text)


def stage_words(stage: Stage) -> str:
    return words(STAGE_WORDS.get(stage, stage.value))


def outcome_words(outcome: str) -> str:
    return words(_OUTCOME_MARKS.get(outcome, outcome))


def outcome_note(outcome: str, backend: str = "impcentral") -> str:
    """What the operator should do with the unit now, in plain words (a PASS in the cloud's own words)."""
    if outcome == "PASS":
        return words(_PASS_NOTES.get(backend, _PASS_NOTES["impcentral"]))
    return words(_OUTCOME_NOTES.get(outcome, ""))


def made_product_words(backend: str) -> str:
    """What happened to a PASS unit in the cloud: blessed, in the product, registered."""
    return words(_MADE_PRODUCT.get(backend, _MADE_PRODUCT["impcentral"]))


def zone_words(zone: str | None) -> str:
    if zone == "test":
        return words(QT_TRANSLATE_NOOP("OperatorWords", "TEST ZONE"))
    if zone == "production":
        return words(QT_TRANSLATE_NOOP("OperatorWords", "PRODUCTION ZONE"))
    return words(QT_TRANSLATE_NOOP("OperatorWords", "TARGETS UNKNOWN — blessing blocked"))


def zone_colour(zone: str | None, usable: bool) -> str:
    """Orange Test Zone, green Production Zone; red whenever blessing is blocked by the targets."""
    if not usable:
        return DANGER_RED
    return TEST_ORANGE if zone == "test" else PRODUCTION_GREEN if zone == "production" else DANGER_RED


def age_words(age_s: float | None) -> str:
    if age_s is None:
        return words(QT_TRANSLATE_NOOP("OperatorWords", "never synced"))
    if age_s < 120:
        return words(QT_TRANSLATE_NOOP("OperatorWords", "synced %1 s ago")).replace("%1", f"{age_s:.0f}")
    if age_s < 7200:
        return words(QT_TRANSLATE_NOOP("OperatorWords", "synced %1 min ago")).replace("%1", f"{age_s / 60:.0f}")
    return words(QT_TRANSLATE_NOOP("OperatorWords", "synced %1 h ago")).replace("%1", f"{age_s / 3600:.0f}")


# Limits that are words, not numbers (station.ui.operator_state.limit_words)
_LIMIT_MARKS = {
    "format OK": QT_TRANSLATE_NOOP("OperatorWords", "format OK"),
    "format wrong": QT_TRANSLATE_NOOP("OperatorWords", "format wrong"),
    "recorded": QT_TRANSLATE_NOOP("OperatorWords", "recorded"),
}


def limit_text(limits: str) -> str:
    """A limits cell in the operator's language (numbers and units stay as they are)."""
    return words(_LIMIT_MARKS[limits]) if limits in _LIMIT_MARKS else limits


# Why a run did not pass, for the operator: by failure code (the raw reason stays in the record,
# the tooltip and the engineer tools). The first matching prefix wins.
_ERROR_WORDS = (
    ("provision:fixture", QT_TRANSLATE_NOOP("OperatorWords", "The fixture did not answer")),
    ("plug:fixture", QT_TRANSLATE_NOOP("OperatorWords", "The fixture did not answer")),
    ("plug:camera", QT_TRANSLATE_NOOP("OperatorWords", "The camera did not work")),
    ("plug:", QT_TRANSLATE_NOOP("OperatorWords", "A test instrument did not work")),
    ("provision:cloud", QT_TRANSLATE_NOOP("OperatorWords", "The cloud could not be reached")),
    ("provision:blinkup", QT_TRANSLATE_NOOP("OperatorWords", "The screen could not provision the unit")),
    ("enroll:timeout", QT_TRANSLATE_NOOP("OperatorWords", "The cloud never saw the unit come online")),
    ("enroll:identity", QT_TRANSLATE_NOOP("OperatorWords", "The cloud saw a different unit")),
    ("identity", QT_TRANSLATE_NOOP("OperatorWords", "Two units may have been swapped between slots")),
    ("bless:", QT_TRANSLATE_NOOP("OperatorWords", "The cloud did not bless the unit")),
    ("station:record", QT_TRANSLATE_NOOP("OperatorWords", "The station could not record the test")),
    ("station:", QT_TRANSLATE_NOOP("OperatorWords", "The station software failed")),
    ("aborted", QT_TRANSLATE_NOOP("OperatorWords", "The test was stopped")),
)
_FAIL_LOW = QT_TRANSLATE_NOOP("OperatorWords", "%1 too low: %2 (needs %3)")
_FAIL_HIGH = QT_TRANSLATE_NOOP("OperatorWords", "%1 too high: %2 (needs %3)")
_FAIL_VALUE = QT_TRANSLATE_NOOP("OperatorWords", "%1 wrong: %2 (needs %3)")
_FAIL_UNSET = QT_TRANSLATE_NOOP("OperatorWords", "%1 was not measured")
_FAIL_STEP = QT_TRANSLATE_NOOP("OperatorWords", "The unit failed the step %1")
_FAIL_CONSOLE = QT_TRANSLATE_NOOP("OperatorWords", "The unit did not answer on its console")
_ERROR_ANY = QT_TRANSLATE_NOOP("OperatorWords", "The station had a problem")


def reason_words(outcome: str, failure_code: str, measurements: list, raw: str = "") -> str:
    """The reason a unit did not pass, in the operator's words.

    FAIL names the measurement, its value and what it needed; ERROR says which part of the station
    failed. An empty code (a fault outside any run) falls back to a plain sentence.
    """
    code = failure_code or ""
    if outcome == "FAIL":
        if code.startswith("provision."):
            return words(_FAIL_CONSOLE)
        step, _, name = code.partition(".")
        row = next((r for r in measurements if r.name == name and r.step == step), None) if name else None
        if row is None:
            return words(_FAIL_STEP).replace("%1", step or code)
        value = f"{row.value} {row.unit}".strip()
        if row.outcome == "UNSET":
            return words(_FAIL_UNSET).replace("%1", row.name)
        template = {"low": _FAIL_LOW, "high": _FAIL_HIGH}.get(row.low_high, _FAIL_VALUE)
        return words(template).replace("%1", row.name).replace("%2", value).replace("%3", limit_text(row.limits))
    if outcome in ("ERROR", "ABORTED"):
        for prefix, text in _ERROR_WORDS:
            if code.startswith(prefix):
                return words(text)
        lowered = raw.lower()  # a step's own ERROR: its code is the step; the raw text says what broke
        for part, prefix in (("fixture", "plug:fixture"), ("camera", "plug:camera"), ("cloud", "provision:cloud"),
                             ("meter", "plug:"), ("instrument", "plug:")):
            if part in lowered:
                return words(dict(_ERROR_WORDS)[prefix])
        return words(_ERROR_ANY) if outcome == "ERROR" else ""
    return ""
