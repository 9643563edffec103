"""What the operator window shows, folded from the event stream — plain Python, no Qt.

The window never asks the station how a slot is doing; it learns from events (DESIGN §3). This
module turns the stream into a small state the widgets draw, so the folding is tested without a
screen and the widgets stay thin. Events about a run carry only its ``run_id``; the slot comes
from :class:`~station.events.RunStarted`, so the map run → slot lives here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from station.events import (
    Blessed,
    DeviceStatus,
    Event,
    LabelJobRecorded,
    MeasurementTaken,
    OperatorChanged,
    PromptAnswered,
    PromptRequested,
    RunFinished,
    RunStarted,
    ScanRejected,
    StageChanged,
    StepFinished,
    StepStarted,
    TargetsUpdated,
)
from station.flow.stages import Stage

DEVICES = ("cloud", "fixture", "printer", "camera")


@dataclass
class MeasurementRow:
    """One line of a slot's live measurement table."""

    step: str
    name: str
    value: str
    unit: str
    limits: str
    outcome: str
    marginal: bool


@dataclass
class SlotState:
    """One slot as the operator sees it."""

    slot: int
    stage: Stage = Stage.IDLE
    serial: str = ""
    run_id: str = ""
    detail: str = ""
    planned_steps: int = 0
    finished_steps: int = 0
    current_step: str = ""
    measurements: list[MeasurementRow] = field(default_factory=list)
    outcome: str = ""          # PASS / FAIL / ERROR / ABORTED once done
    failure_code: str = ""
    reason: str = ""
    blessed: bool = False
    label_status: str = ""     # the label job's status ("printed", "queued", "failed"…)

    def reset_for(self, serial: str) -> None:
        """A new unit in this slot: forget the last one entirely."""
        self.serial, self.run_id, self.detail = serial, "", ""
        self.planned_steps = self.finished_steps = 0
        self.current_step = ""
        self.measurements = []
        self.outcome = self.failure_code = self.reason = ""
        self.blessed = False
        self.label_status = ""


@dataclass
class Targets:
    """The zone banner's content, from the last :class:`TargetsUpdated`."""

    zone: str | None = None
    fixture_group_name: str | None = None
    dut_target_name: str | None = None
    production_target_name: str | None = None
    synced_at: float | None = None
    needs_ack: bool = False
    change: str = ""
    known: bool = False  # False until the first TargetsUpdated arrived

    def age_s(self, now: float | None = None) -> float | None:
        if self.synced_at is None:
            return None
        return max(0.0, (now if now is not None else time.time()) - self.synced_at)

    def usable(self, max_age_s: float, now: float | None = None) -> bool:
        """Whether blessing can go on as far as the operator can tell (known, fresh, acknowledged)."""
        age = self.age_s(now)
        return self.zone is not None and age is not None and age <= max_age_s and not self.needs_ack


@dataclass
class DeviceHealth:
    ok: bool | None = None  # None: not reported yet
    detail: str = ""


@dataclass(frozen=True)
class PendingPrompt:
    slot: int
    run_id: str
    prompt_id: str
    kind: str
    text: str
    options: tuple[str, ...]
    image: bytes | None
    detail: Any = None  # the whole station.testkit.Prompt (unit, range, pages of the newer kinds)


class OperatorState:
    """Everything the window draws; :meth:`apply` returns what changed so only that is redrawn.

    The returned set holds ``"slot:<n>"``, ``"targets"``, ``"devices"``, ``"operator"``,
    ``"rejected"``, ``"prompts"`` and ``"sound:<outcome>"`` (a run just finished with that outcome).
    """

    def __init__(self, slots: int) -> None:
        self.slots = [SlotState(n) for n in range(1, slots + 1)]
        self.targets = Targets()
        self.devices = {name: DeviceHealth() for name in DEVICES}
        self.operator = ""
        self.role = ""
        self.last_rejected: tuple[str, str] | None = None  # (raw, reason)
        self.prompts: list[PendingPrompt] = []
        self._run_slot: dict[str, int] = {}

    def slot_of(self, run_id: str) -> SlotState | None:
        number = self._run_slot.get(run_id)
        return self.slots[number - 1] if number is not None and 1 <= number <= len(self.slots) else None

    def apply(self, event: Event) -> set[str]:
        changed: set[str] = set()
        if isinstance(event, StageChanged):
            if not 1 <= event.slot <= len(self.slots):
                return changed
            slot = self.slots[event.slot - 1]
            stage = Stage(event.stage)
            if stage is Stage.SCANNED:  # only a scan emits it: a new unit in this slot
                slot.reset_for(event.serial)
            if event.run_id:
                slot.run_id = event.run_id
                self._run_slot[event.run_id] = event.slot
            if event.serial:
                slot.serial = event.serial
            slot.stage = stage
            if stage is Stage.DONE:
                if not slot.outcome:  # a station fault outside any run: the flow says so in the detail
                    slot.outcome = event.detail if event.detail in ("PASS", "FAIL", "ERROR", "ABORTED") else "ERROR"
                    if slot.outcome == "ERROR" and event.detail not in ("ERROR", ""):
                        slot.reason = event.detail
                slot.detail = ""
            else:
                slot.detail = event.detail
            changed.add(f"slot:{event.slot}")
        elif isinstance(event, RunStarted):
            number = event.record.slot
            if 1 <= number <= len(self.slots):
                self._run_slot[event.run_id] = number
                slot = self.slots[number - 1]
                if slot.run_id and slot.run_id != event.run_id:
                    slot.reset_for(event.record.serial)
                slot.run_id = event.run_id
                slot.serial = event.record.serial or slot.serial
                slot.planned_steps = len(event.planned_steps)
                changed.add(f"slot:{number}")
        elif isinstance(event, StepStarted):
            slot = self.slot_of(event.run_id)
            if slot is not None:
                slot.current_step = event.step
                changed.add(f"slot:{slot.slot}")
        elif isinstance(event, MeasurementTaken):
            slot = self.slot_of(event.run_id)
            if slot is not None:
                self._measure(slot, event)
                changed.add(f"slot:{slot.slot}")
        elif isinstance(event, StepFinished):
            slot = self.slot_of(event.run_id)
            if slot is not None:  # teardown steps are planned too: a finished run shows a full bar
                slot.finished_steps = min(slot.finished_steps + 1, max(slot.planned_steps, slot.finished_steps + 1))
                slot.current_step = ""
                changed.add(f"slot:{slot.slot}")
        elif isinstance(event, Blessed):
            slot = self.slot_of(event.run_id)
            if slot is not None:
                slot.blessed = True
                changed.add(f"slot:{slot.slot}")
        elif isinstance(event, LabelJobRecorded):
            slot = self.slot_of(event.run_id)
            if slot is not None:
                slot.label_status = str(event.job.get("status") or "recorded")
                changed.add(f"slot:{slot.slot}")
        elif isinstance(event, RunFinished):
            slot = self.slot_of(event.run_id)
            if slot is not None:
                slot.outcome = event.outcome.value
                slot.failure_code = event.failure_code or ""
                slot.reason = event.failure_reason or ""
                changed |= {f"slot:{slot.slot}", f"sound:{slot.outcome}"}
            changed |= self._drop_prompts(event.run_id)
        elif isinstance(event, PromptRequested):
            slot = self.slot_of(event.run_id)
            if slot is not None:
                self.prompts = [p for p in self.prompts if p.run_id != event.run_id]
                self.prompts.append(PendingPrompt(slot.slot, event.run_id, event.prompt_id, event.kind, event.text,
                                                  tuple(event.options), event.image, event.prompt))
                changed.add("prompts")
        elif isinstance(event, PromptAnswered):
            changed |= self._drop_prompts(event.run_id, event.prompt_id)
        elif isinstance(event, TargetsUpdated):
            self.targets = Targets(event.zone, event.fixture_group_name, event.dut_target_name,
                                   event.production_target_name, event.synced_at, event.needs_ack,
                                   event.change or (self.targets.change if event.needs_ack else ""), True)
            changed.add("targets")
        elif isinstance(event, DeviceStatus):
            self.devices[event.device] = DeviceHealth(event.ok, event.detail)
            changed.add("devices")
        elif isinstance(event, OperatorChanged):
            self.operator, self.role = event.operator, event.role
            changed.add("operator")
        elif isinstance(event, ScanRejected):
            self.last_rejected = (event.raw, event.reason)
            changed.add("rejected")
        return changed

    def _measure(self, slot: SlotState, event: MeasurementTaken) -> None:
        m = event.measurement
        value = f"{m.value:.4g}" if isinstance(m.value, float) else str(m.value)
        row = MeasurementRow(event.step, m.name, value, m.unit or "", m.check.describe(), m.outcome.value,
                             bool(m.marginal))
        for i, old in enumerate(slot.measurements):
            if old.step == row.step and old.name == row.name:
                slot.measurements[i] = row
                return
        slot.measurements.append(row)

    def _drop_prompts(self, run_id: str, prompt_id: str | None = None) -> set[str]:
        before = len(self.prompts)
        self.prompts = [p for p in self.prompts
                        if not (p.run_id == run_id and (prompt_id is None or p.prompt_id == prompt_id))]
        return {"prompts"} if len(self.prompts) != before else set()
