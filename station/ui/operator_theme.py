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
_OUTCOME_NOTES = {
    "PASS": QT_TRANSLATE_NOOP("OperatorWords", "Blessed and labelled: put the unit in the good tray"),
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


def outcome_note(outcome: str) -> str:
    """What the operator should do with the unit now, in plain words."""
    return words(_OUTCOME_NOTES.get(outcome, ""))


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
