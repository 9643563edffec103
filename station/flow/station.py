"""The station: several slots at once, scanner-first, with shared resources and readiness checks.

Each slot has a worker thread that takes the units scanned for it and runs them through
:class:`~station.flow.unit.UnitPipeline`. What slots share is shared safely: the fixture client
(thread-safe, replies matched by id), the target sync, the label queue, the event bus; each slot
has its own cloud client, so every cloud call lands in the right run's record. The UI and the
headless demo act only through the public methods here and learn only from the event stream.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from station.cloud.sync import TargetChange, TargetState
from station.errors import InputError, StationError
from station.events import (
    DeviceStatus,
    IdentitySet,
    OperatorChanged,
    RunSettled,
    ScanRejected,
    StageChanged,
    TargetsUpdated,
)
from station.flow.engineer import ActionResult, EngineerActions
from station.flow.prompting import EventPrompts
from station.flow.recovery import Settler, describe_blessed
from station.flow.roles import Actor
from station.flow.stages import SlotView, Stage
from station.flow.unit import FlowParts, UnitPipeline
from station.identifiers import clean_identifier, shown
from station.runner.runner import AbortSignal
from station.testkit.record import RunRecord

SerialValidator = Callable[[str], str]
"""Returns the normalised serial or raises :class:`InputError` saying why it is not one."""

# Peers without which a scanned unit can only end as an ERROR run: while one is reported down a
# scan is refused with these words (the window shows them; the unit is not touched).
NEEDED_DEVICES = {"fixture": "Fixture disconnected — call the line engineer"}


@dataclass(frozen=True, slots=True)
class ReadinessItem:
    name: str
    ok: bool
    detail: str


class _Slot:
    def __init__(self, number: int) -> None:
        self.number = number
        self.queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self.view = SlotView(slot=number, stage=Stage.IDLE)
        self.abort = AbortSignal()
        self.thread: threading.Thread | None = None
        self.busy = False


class Station:
    """The station loop for ``slots`` slots."""

    def __init__(
        self,
        parts: FlowParts,
        slots: int,
        validate_serial: SerialValidator,
    ) -> None:
        if slots < 1:
            raise InputError("a station has at least one slot")
        self.parts = parts
        self.bus = parts.bus
        self.validate_serial = validate_serial
        self.slots = [_Slot(n) for n in range(1, slots + 1)]
        self.prompts = [EventPrompts() for _ in self.slots]
        self.operator = ""
        self.role = "operator"
        self._acknowledged = threading.Event()
        self._lock = threading.Lock()
        self._results: list[RunRecord] = []
        self._pipelines: dict[int, UnitPipeline] = {}
        self._settling: set[str] = set()  # serials of interrupted runs being settled now
        self._settle_abort = AbortSignal()
        self._settler: threading.Thread | None = None
        self.device_down: dict[str, str] = {}  # device → why, for every peer last reported down
        self.engineer = EngineerActions(new_client=lambda: parts.new_cloud_client(None), audit=parts.audit,
                                        targets=parts.sync,
                                        labels=parts.labels if hasattr(parts.labels, "reprint") else None)
        self.bus.subscribe(self._track)
        parts.sync.on_change = self._targets_changed
        parts.sync.on_synced = self._targets_synced

    # -- life cycle ------------------------------------------------------------------------------
    def start(self, sync_interval_s: float = 60.0) -> list[ReadinessItem]:
        """Start-up checks, then the slot workers and the periodic target sync."""
        readiness = self.check_readiness()
        self._safe_state()
        self._start_settling()
        for slot in self.slots:
            self._pipelines[slot.number] = UnitPipeline(self.parts, slot.number, self._acknowledged,
                                                        self.prompts[slot.number - 1])
            slot.thread = threading.Thread(target=self._work, args=(slot,), name=f"slot-{slot.number}", daemon=True)
            slot.thread.start()
        self.parts.sync.start(sync_interval_s)
        return readiness

    def stop(self, timeout: float = 30.0) -> None:
        """Stop every slot: a unit in progress (held for the cloud, waiting on a prompt) ends ABORTED."""
        for slot in self.slots:
            if slot.busy:
                self.abort(slot.number, "the station was stopped")
            slot.queue.put(None)
        self._settle_abort.set("the station was stopped")
        for slot in self.slots:
            if slot.thread is not None:
                slot.thread.join(timeout)
        if self._settler is not None:
            self._settler.join(timeout)
        self.parts.sync.stop()
        for pipeline in self._pipelines.values():
            pipeline.close()
        close_labels = getattr(self.parts.labels, "close", None)
        if callable(close_labels):
            close_labels()

    def check_readiness(self) -> list[ReadinessItem]:
        """Cloud targets, fixture handshake, label printer: each with a plain-words verdict."""
        items: list[ReadinessItem] = []
        try:
            state = self.parts.sync.refresh()
            items.append(ReadinessItem("cloud", True, f"{state.zone} zone, fixture group {state.fixture_group_name}"))
            self._publish_targets(change="")
        except StationError as exc:
            items.append(ReadinessItem("cloud", False, str(exc)))
        try:
            ident = self.parts.fixture.identify()
            items.append(ReadinessItem("fixture", True, f"{ident}"))
        except StationError as exc:
            items.append(ReadinessItem("fixture", False, str(exc)))
        status = getattr(self.parts.labels, "status", None)
        if callable(status):
            try:
                printer = status()
                items.append(ReadinessItem("printer", bool(getattr(printer, "ready", True)), str(printer)))
            except StationError as exc:
                items.append(ReadinessItem("printer", False, str(exc)))
        for item in items:
            self.bus.emit(DeviceStatus("", device=item.name, ok=item.ok, detail=item.detail))
        return items

    def _safe_state(self) -> None:
        """Every slot unpowered: a station that died mid-run left its slots as they were."""
        for slot in self.slots:
            try:
                self.parts.fixture.power(slot.number, False)
            except StationError:
                return  # the readiness list already says the fixture is not there

    def _start_settling(self) -> None:
        """Settle, in the background, the runs a killed station left open (the line can scan meanwhile)."""
        history = self.parts.history
        if history is None:
            return
        interrupted = history.interrupted()
        if not interrupted:
            return
        with self._lock:
            self._settling = {run.serial for run in interrupted}
        settler = Settler(self.parts, history, self._acknowledged, self._settle_abort)

        def settle() -> None:
            for run in interrupted:
                settled = settler.settle(run)
                with self._lock:
                    self._settling.discard(run.serial)
                self.bus.emit(RunSettled(settled.run_id, serial=settled.serial, outcome=settled.outcome,
                                         reason=settled.reason))

        self._settler = threading.Thread(target=settle, name="settle-interrupted", daemon=True)
        self._settler.start()

    def settling(self) -> bool:
        """Whether interrupted runs are still being settled."""
        with self._lock:
            return bool(self._settling)

    # -- what the operator does ------------------------------------------------------------------
    def is_serial(self, raw: str) -> bool:
        """Whether ``raw`` is a unit's serial by this station's rule (so it can never be a badge)."""
        try:
            self.validate_serial(raw.strip())
        except InputError:
            return False
        return True

    def sign_in(self, badge: str, role: str = "operator") -> None:
        badge = clean_identifier(badge, "badge")  # raises InputError naming the problem
        if self.is_serial(badge):  # a unit scanned at sign-in must not become the operator
            raise InputError(f"{badge} is a unit's serial: scan your badge first")
        self.operator, self.role = badge, role
        if self.parts.audit is not None:
            self.parts.audit.record(badge, "sign_in", self.parts.settings.station, "badge scan", {"role": role})
        self.bus.emit(OperatorChanged("", operator=badge, role=role))

    def sign_out(self) -> None:
        if not self.operator:
            return
        if self.parts.audit is not None:
            self.parts.audit.record(self.operator, "sign_out", self.parts.settings.station, "signed out", {})
        self.operator, self.role = "", "operator"
        self.bus.emit(OperatorChanged("", operator="", role=""))

    def scan(self, raw: str) -> int | None:
        """A scanned serial: validated, then given to the first free slot. Returns the slot, or None."""
        try:
            serial = self.validate_serial(clean_identifier(raw, "serial"))
        except InputError as exc:
            self.bus.emit(ScanRejected("", raw=shown(raw), reason=str(exc)))
            return None
        if not self.operator:
            self.bus.emit(ScanRejected("", raw=raw, reason="scan your badge first"))
            return None
        refusal = self.refusal() or self._already_decided(serial)
        if refusal:
            self.bus.emit(ScanRejected("", raw=raw, reason=refusal))
            return None
        with self._lock:  # events are emitted outside it: a slot thread emits while _track waits for it
            taken = next((slot for slot in self.slots if slot.busy and slot.view.serial == serial), None)
            free = next((s for s in self.slots if not s.busy), None) if taken is None else None
            if free is not None:
                free.busy = True
                free.abort = AbortSignal()
                free.view = SlotView(slot=free.number, stage=Stage.SCANNED, serial=serial)
        if taken is not None:
            self.bus.emit(ScanRejected("", raw=raw, reason=f"{serial} is already in slot {taken.number}"))
            return None
        if free is None:
            self.bus.emit(ScanRejected("", raw=raw, reason="every slot is busy: wait for one to finish"))
            return None
        self.bus.emit(StageChanged("", slot=free.number, stage=Stage.SCANNED.value, serial=serial))
        free.queue.put(serial)
        return free.number

    def _already_decided(self, serial: str) -> str:
        """Why this unit must not be tested again now ('' if it may): blessed by us, or being settled."""
        with self._lock:
            if serial in self._settling:
                return f"{serial}: its last run is being settled after a restart; scan it again in a moment"
        history = self.parts.history
        if history is None:
            return ""
        blessed = history.blessed_unit(serial)
        return describe_blessed(blessed) if blessed is not None else ""

    def refusal(self) -> str:
        """Why a scan would be refused now because a peer the flow needs is down ('' when none is)."""
        for device, words in NEEDED_DEVICES.items():
            if device in self.device_down:
                return words
        return ""

    def acknowledge_targets(self, badge: str | None = None, role: str | None = None) -> ActionResult:
        """Someone has read the new zone/targets; blessing may go on (an engineer for the Production Zone).

        Goes through :class:`~station.flow.engineer.EngineerActions` (role, audit); ``badge``
        defaults to whoever is signed in.
        """
        actor = Actor(badge or self.operator, role or (self.role if badge is None else "operator"))
        result = self.engineer.acknowledge_targets(actor)
        self._acknowledged.set()
        self._acknowledged.clear()
        self._publish_targets(change="")
        return result

    def answer_prompt(self, slot: int, key: str, answer: object) -> bool:
        if not 1 <= slot <= len(self.prompts):
            return False
        return self.prompts[slot - 1].respond(key, answer)

    def abort(self, slot: int, reason: str = "aborted by the operator") -> None:
        target = self.slots[slot - 1]
        target.abort.set(reason)
        if slot <= len(self.prompts):
            self.prompts[slot - 1].cancel(reason)

    # -- state ----------------------------------------------------------------------------------
    def views(self) -> list[SlotView]:
        return [slot.view for slot in self.slots]

    def has_free_slot(self) -> bool:
        return any(not slot.busy for slot in self.slots)

    def idle(self) -> bool:
        return not any(slot.busy for slot in self.slots)

    def results(self) -> list[RunRecord]:
        with self._lock:
            return list(self._results)

    # -- internals -------------------------------------------------------------------------------
    def _work(self, slot: _Slot) -> None:
        pipeline = self._pipelines[slot.number]
        while True:
            serial = slot.queue.get()
            if serial is None:
                return
            try:
                record = pipeline.process(serial, self.operator, slot.abort)
            except Exception as exc:  # noqa: BLE001 - a slot worker must survive anything
                self.bus.emit(StageChanged("", slot=slot.number, stage=Stage.DONE.value,
                                           detail=f"station fault: {exc}", serial=serial))
                with self._lock:
                    slot.view = SlotView(slot.number, Stage.DONE, serial, "", "", "ERROR", f"station fault: {exc}")
                    slot.busy = False
                continue
            outcome = record.outcome.value if record.outcome else "ERROR"
            with self._lock:
                self._results.append(record)
                slot.view = SlotView(slot.number, Stage.DONE, serial, record.run_id, "", outcome,
                                     record.failure_reason or "", device_id=record.device_id or "")
                slot.busy = False
            self.bus.emit(StageChanged(record.run_id, slot=slot.number, stage=Stage.DONE.value,
                                       detail=outcome, serial=serial))

    def _track(self, event: object) -> None:
        """Keep each slot's view, and which peers are down, current from the event stream."""
        if isinstance(event, DeviceStatus):
            if event.ok:
                self.device_down.pop(event.device, None)
            else:
                self.device_down[event.device] = event.detail or "down"
        elif isinstance(event, StageChanged) and event.stage != Stage.DONE.value:
            with self._lock:
                slot = self.slots[event.slot - 1]
                if slot.busy:
                    run_id = event.run_id or slot.view.run_id
                    slot.view = SlotView(event.slot, Stage(event.stage), event.serial or slot.view.serial,
                                         run_id, event.detail,
                                         device_id=slot.view.device_id if run_id == slot.view.run_id else "")
        elif isinstance(event, IdentitySet) and event.device_id:
            with self._lock:
                for slot in self.slots:
                    if slot.busy and slot.view.run_id == event.run_id:
                        slot.view = replace(slot.view, device_id=event.device_id)

    def _targets_synced(self, _state: TargetState) -> None:
        """A sync that changed nothing: the banner's "synced N s ago" starts again (a change waiting for
        its acknowledgement keeps the words that describe it)."""
        if self.parts.sync.pending is None:
            self._publish_targets(change="")

    def _targets_changed(self, change: TargetChange) -> None:
        self._publish_targets(change=change.describe(), needs_ack=change.requires_ack)

    def _publish_targets(self, change: str, needs_ack: bool | None = None) -> None:
        sync = self.parts.sync
        state: TargetState | None = sync.state
        pending = sync.pending is not None if needs_ack is None else needs_ack
        self.bus.emit(TargetsUpdated(
            "",
            zone=state.zone if state else None,
            fixture_group=state.fixture_group_id if state else None,
            fixture_group_name=state.fixture_group_name if state else None,
            dut_target=state.dut_target_id if state else None,
            dut_target_name=state.dut_target_name if state else None,
            production_target=state.production_target_id if state else None,
            production_target_name=state.production_target_name if state else None,
            synced_at=state.synced_at if state else None,
            needs_ack=pending,
            change=change,
        ))
