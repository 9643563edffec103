"""What the operator window shows, folded from the event stream — plain Python, no Qt.

The window never asks the station how a slot is doing; it learns from events (DESIGN §3). This
module turns the stream into a small state the widgets draw, so the folding is tested without a
screen and the widgets stay thin. Events about a run carry only its ``run_id``; the slot comes
from :class:`~station.events.RunStarted`, so the map run → slot lives here.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from station.cloud.client import CloudCall
from station.events import (
    Blessed,
    CloudCallRecorded,
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
from station.testkit.checks import Check

DEVICES = ("cloud", "fixture", "printer", "camera")
CLOUD_DOWN_AFTER = 3   # consecutive failed cloud calls before the lamp goes from amber to red
PRE_STEPS = 2          # provisioning (BlinkUp) and the cloud seeing the unit, counted in the progress
POST_STEPS = 1         # blessing and the label
LAST_UNITS = 6         # how many finished units the shift strip lists


UNIT_WORDS = {"degC": "°C", "degF": "°F", "uA": "µA", "uV": "µV", "us": "µs", "ohm": "Ω", "kohm": "kΩ"}


def unit_words(unit: str) -> str:
    """The unit as printed on a datasheet (scripts write ASCII: ``degC``, ``uA``)."""
    return UNIT_WORDS.get(unit, unit)


def _number(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}".replace("-", "−")  # a real minus sign: "−75 – −20 dBm" reads, "-75--20" does not


def limit_words(check: Check, unit: str, passed: bool = True) -> str:
    """A measurement's limits as the operator reads them: ``3.20–3.40 V``, ``= GREEN``, ``format OK``.

    Numbers share one precision (at least two decimals when any is fractional, as datasheets write
    them); regex checks show only whether the format matched (a raw pattern means nothing at 6 a.m.).
    """
    unit = f" {unit_words(unit)}" if unit else ""
    parts: list[str] = []
    if check.is_numeric:
        bounds = [b for b in (check.low, check.high) if b is not None]
        decimals = 0 if all(float(b).is_integer() for b in bounds) else max(
            2, *(len(f"{b:g}".split(".")[1]) if "." in f"{b:g}" else 0 for b in bounds))
        if check.low is not None and check.high is not None:
            dash = " – " if check.low < 0 or check.high < 0 else "–"
            parts.append(f"{_number(check.low, decimals)}{dash}{_number(check.high, decimals)}{unit}")
        elif check.low is not None:
            parts.append(f"{'≥' if check.low_inclusive else '>'} {_number(check.low, decimals)}{unit}")
        elif check.high is not None:
            parts.append(f"{'≤' if check.high_inclusive else '<'} {_number(check.high, decimals)}{unit}")
    if check.equals is not None:
        parts.append(f"= {check.equals}")
    if check.one_of is not None:
        values = [str(v) for v in check.one_of]
        parts.append(f"= {values[0]}" if len(values) == 1 else " / ".join(values))
    if check.regex is not None:
        parts.append("format OK" if passed else "format wrong")
    return ", ".join(parts) or "recorded"


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
    low_high: str = ""  # "low" / "high" when a number fell outside its limits (for the reason words)


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
    started_at: float | None = None   # when the unit was accepted (event time)
    finished_at: float | None = None  # when its verdict came

    def reset_for(self, serial: str, at: float | None = None) -> None:
        """A new unit in this slot: forget the last one entirely (table, progress, verdict, clock)."""
        self.serial, self.run_id, self.detail = serial, "", ""
        self.planned_steps = self.finished_steps = 0
        self.current_step = ""
        self.measurements = []
        self.outcome = self.failure_code = self.reason = ""
        self.blessed = False
        self.label_status = ""
        self.started_at, self.finished_at = at, None

    def progress(self) -> tuple[int, int]:
        """(done, total) counting provisioning, the cloud enrollment, each test step and the bless.

        Before the run has said how many steps it plans, the total is 0 (the bar shows busy).
        """
        if not self.planned_steps:
            return 0, 0
        total = PRE_STEPS + self.planned_steps + POST_STEPS
        stage = self.stage
        if stage is Stage.DONE:
            return total, total
        if stage in (Stage.IDLE, Stage.SCANNED, Stage.PROVISIONING):
            return 0, total
        if stage is Stage.ENROLLING:
            return 1, total
        if stage is Stage.TESTING:
            return PRE_STEPS + min(self.finished_steps, self.planned_steps), total
        return PRE_STEPS + self.planned_steps, total  # blessing, held at bless, labelling

    def elapsed_s(self, now: float | None = None) -> float | None:
        """How long this unit has been (or was) in the slot."""
        if self.started_at is None:
            return None
        end = self.finished_at if self.finished_at is not None else (time.time() if now is None else now)
        return max(0.0, end - self.started_at)


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
    retrying: bool = False  # amber: calls fail but the station is still trying (not yet "down")


@dataclass(frozen=True)
class FinishedUnit:
    serial: str
    outcome: str
    slot: int
    at: float


@dataclass(frozen=True)
class ScriptInfo:
    """The script and limits the runs use, from the last run's record."""

    name: str
    version: str
    sha256: str
    limits_sha256: str


@dataclass
class Shift:
    """This shift's counts, folded from finished runs since the window opened.

    First-pass yield counts each serial once, by its first finished run this shift (an ABORTED run
    is no attempt: the unit is tested again), so a retest that passes does not flatter it.
    """

    tested: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    aborted: int = 0
    first_outcome: dict[str, str] = field(default_factory=dict)
    last: deque[FinishedUnit] = field(default_factory=lambda: deque(maxlen=LAST_UNITS))
    script: ScriptInfo | None = None

    def count(self, unit: FinishedUnit) -> None:
        self.tested += 1
        if unit.outcome == "PASS":
            self.passed += 1
        elif unit.outcome == "FAIL":
            self.failed += 1
        elif unit.outcome == "ERROR":
            self.errors += 1
        else:
            self.aborted += 1
        if unit.outcome != "ABORTED":
            self.first_outcome.setdefault(unit.serial, unit.outcome)
        self.last.appendleft(unit)

    def first_pass_yield(self) -> float | None:
        if not self.first_outcome:
            return None
        return sum(1 for o in self.first_outcome.values() if o == "PASS") / len(self.first_outcome)


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
    ``"rejected"``, ``"prompts"``, ``"shift"`` and ``"sound:<outcome>"`` (a run just finished with
    that outcome).
    """

    def __init__(self, slots: int) -> None:
        self.slots = [SlotState(n) for n in range(1, slots + 1)]
        self.targets = Targets()
        self.devices = {name: DeviceHealth() for name in DEVICES}
        self.shift = Shift()
        self.cloud_failures = 0
        self.operator = ""
        self.role = ""
        self.last_rejected: tuple[str, str] | None = None  # (raw, reason)
        self.prompts: list[PendingPrompt] = []
        self._run_slot: dict[str, int] = {}

    def slot_of(self, run_id: str) -> SlotState | None:
        """The slot showing this run — None once the slot holds another unit (a late label event of
        the previous unit must not touch the new one)."""
        number = self._run_slot.get(run_id)
        if number is None or not 1 <= number <= len(self.slots):
            return None
        slot = self.slots[number - 1]
        return slot if slot.run_id in ("", run_id) else None

    def apply(self, event: Event) -> set[str]:
        changed: set[str] = set()
        if isinstance(event, StageChanged):
            if not 1 <= event.slot <= len(self.slots):
                return changed
            slot = self.slots[event.slot - 1]
            stage = Stage(event.stage)
            if stage is Stage.SCANNED:  # only a scan emits it: a new unit in this slot
                slot.reset_for(event.serial, event.ts)
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
                if slot.finished_at is None:
                    slot.finished_at = event.ts
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
                    slot.reset_for(event.record.serial, event.ts)
                slot.run_id = event.run_id
                slot.serial = event.record.serial or slot.serial
                slot.planned_steps = len(event.planned_steps)
                if slot.started_at is None:
                    slot.started_at = event.ts
                changed.add(f"slot:{number}")
                record = event.record
                script = ScriptInfo(record.script_name, record.script_version, record.script_sha256 or "",
                                    record.limits_sha256 or "")
                if script != self.shift.script:
                    self.shift.script = script
                    changed.add("shift")
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
                slot.label_status = event.job.status or "recorded"
                changed.add(f"slot:{slot.slot}")
        elif isinstance(event, RunFinished):
            slot = self.slot_of(event.run_id)
            if slot is not None:
                slot.outcome = event.outcome.value
                slot.failure_code = event.failure_code or ""
                slot.reason = event.failure_reason or ""
                slot.finished_at = event.finished_at or event.ts
                changed |= {f"slot:{slot.slot}", f"sound:{slot.outcome}"}
                self.shift.count(FinishedUnit(slot.serial, slot.outcome, slot.slot, slot.finished_at))
                changed.add("shift")
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
            if event.device == "cloud":
                self.cloud_failures = 0 if event.ok else CLOUD_DOWN_AFTER
            changed.add("devices")
        elif isinstance(event, CloudCallRecorded):
            if self._cloud_call(event.call):
                changed.add("devices")
        elif isinstance(event, OperatorChanged):
            self.operator, self.role = event.operator, event.role
            changed.add("operator")
        elif isinstance(event, ScanRejected):
            self.last_rejected = (event.raw, event.reason)
            changed.add("rejected")
        return changed

    def _cloud_call(self, call: Any) -> bool:
        """The cloud lamp follows the calls: green on success, amber while calls fail, red once
        :data:`CLOUD_DOWN_AFTER` failed in a row — each with the last call's reason."""
        if not isinstance(call, CloudCall):  # a bless intent, written before its call: no result yet
            return False
        before = self.devices["cloud"]
        answered = call.status is not None and call.status < 500 and call.status != 429
        if call.ok or answered:  # a 4xx is the cloud answering (it refused something), not the cloud down
            self.cloud_failures = 0
            health = DeviceHealth(True, "the last call was answered")
        else:
            self.cloud_failures += 1
            why = call.error or (f"HTTP {call.status}" if call.status else "no answer")
            down = self.cloud_failures >= CLOUD_DOWN_AFTER
            health = DeviceHealth(False, f"{why} ({self.cloud_failures} calls failed in a row)", retrying=not down)
        if (health.ok, health.retrying, health.detail) == (before.ok, before.retrying, before.detail):
            return False
        self.devices["cloud"] = health
        return True

    def _measure(self, slot: SlotState, event: MeasurementTaken) -> None:
        m = event.measurement
        value = f"{m.value:.4g}" if isinstance(m.value, float) else str(m.value)
        low_high = ""
        if m.outcome.value == "FAIL" and isinstance(m.value, int | float) and not isinstance(m.value, bool):
            if m.check.low is not None and m.value <= m.check.low:
                low_high = "low"
            elif m.check.high is not None and m.value >= m.check.high:
                low_high = "high"
        row = MeasurementRow(event.step, m.name, value, unit_words(m.unit or ""), limit_words(m.check, m.unit or "",
                                                                                 m.outcome.value != "FAIL"),
                             m.outcome.value, bool(m.marginal), low_high)
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
