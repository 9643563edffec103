"""The stages of the station loop, per slot, and what a slot looks like at any moment."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    IDLE = "idle"                  # waiting for a scan
    SCANNED = "scanned"            # serial validated; the unit is this slot's next
    PROVISIONING = "provisioning"  # reading the DUT's identity, flashing its BlinkUp
    ENROLLING = "enrolling"        # waiting until the cloud sees it in the DUT target
    TESTING = "testing"            # the DUT test script
    BLESSING = "blessing"          # asking the cloud to bless it
    HELD = "held"                  # waiting on something outside the unit: cloud down, targets to acknowledge
    LABELLING = "labelling"        # printing its label
    DONE = "done"                  # PASS, FAIL or ERROR shown until the next scan


STAGE_WORDS = {
    Stage.IDLE: "Scan a unit",
    Stage.SCANNED: "Unit scanned",
    Stage.PROVISIONING: "Provisioning (BlinkUp)",
    Stage.ENROLLING: "Waiting for the cloud",
    Stage.TESTING: "Testing",
    Stage.BLESSING: "Blessing",
    Stage.HELD: "On hold",
    Stage.LABELLING: "Printing label",
    Stage.DONE: "Done",
}


@dataclass(frozen=True, slots=True)
class SlotView:
    """One slot as the operator window shows it."""

    slot: int
    stage: Stage
    serial: str = ""
    run_id: str = ""
    detail: str = ""
    outcome: str = ""
    reason: str = ""
    device_id: str = ""  # once the flow has read it from the unit (engineer tools follow its cloud log)
