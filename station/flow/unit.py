"""One unit through the station: provision → enrolled → test → bless → label, in one run record.

Every way this can go wrong has one defined outcome (DESIGN §4 and the operator issue):

| what happened                                   | outcome                                        |
|-------------------------------------------------|------------------------------------------------|
| a limit missed, a DUT console silent            | FAIL — no bless, no label                      |
| fixture, cloud, script, store, printer-less…    | ERROR — never blamed on the unit               |
| cloud down at bless                             | HELD, retried with the same idempotency key    |
| targets changed during the run                  | HELD until the operator acknowledges           |
| blessed, then the printer failed                | PASS, label kept in the queue until it prints  |
| aborted                                         | ABORTED                                        |
"""

from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from station.blinkup import BlinkUpPayload
from station.cloud.backend import BackendKind, DeviceCloud, ProductRefused, Unit
from station.cloud.backend_sync import BackendSync
from station.cloud.calls import CallRouter
from station.cloud.client import CloudClient
from station.cloud.errors import CloudError
from station.cloud.sync import TargetSync
from station.drivers.fixture import FixtureClient
from station.errors import StationError
from station.events import CloudCallRecorded, EventBus, LabelJobRecorded, StageChanged
from station.flow.blessing import BlessNotDone, BlessPolicy, audit_blessing, bless, record_intent
from station.flow.provisioning import (
    Aborted,
    EnrollmentTimeout,
    IdentityMismatch,
    Provisioning,
    ride_through_cloud_faults,
)
from station.flow.stages import Stage
from station.labels.fields import unit_label_fields
from station.records import BlessIntent, CloudCall, LabelJob
from station.runner.runner import AbortSignal, RunHandle, Runner, RunOptions, Verdict
from station.store.transaction import BlessedUnit, InterruptedRun
from station.testkit.checks import Outcome
from station.testkit.context import DutFault
from station.testkit.prompts import PromptResponder
from station.testkit.record import RunRecord


class ProvisioningError(StationError):
    """The flash did not provision the unit (no unit watching, it could not decode, the screen failed)."""


class Provisioner(Protocol):
    """Flashes a BlinkUp payload to the DUT in a slot (the screen flasher, a fixture LED, the simulator)."""

    def flash(self, slot: int, payload: BlinkUpPayload, abort: AbortSignal) -> None: ...


class LabelSink(Protocol):
    """Prints a unit's label; never loses it: a job the printer cannot take now stays queued.

    The sink reports every job's life (queued, printed, held, waiting and why) as ``LabelJobRecorded``
    events itself; it raises only for a label that cannot be made (bad field data)."""

    def print_label(self, fields: dict[str, str], *, run_id: str, operator: str) -> LabelJob:
        """Queue the run's label — once: a run that already has a job gets that job back."""
        ...


class AuditTrail(Protocol):
    def record(self, actor: str, action: str, subject: str, reason: str, details: dict[str, Any] | None = None
               ) -> Any: ...


class UnitMemory(Protocol):
    """What the station database remembers of units (:class:`station.flow.recovery.UnitHistory`)."""

    def interrupted(self) -> list[InterruptedRun]: ...

    def blessed_unit(self, serial: str) -> BlessedUnit | None: ...

    def audited_blessing(self, run_id: str, device_id: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class FlowSettings:
    """The knobs of the station loop (from the station config)."""

    station: str
    fixture_group_id: str
    ssid: str
    wifi_password: str
    current_limit_ma: int = 250
    enroll_timeout_s: float = 60.0
    enroll_poll_s: float = 0.2
    bless_retry_first_s: float = 1.0
    bless_retry_max_s: float = 30.0
    hold_limit_s: float = 1800.0
    cloud_retry_limit_s: float = 120.0  # provisioning rides through cloud faults this long, then ERROR

    @property
    def bless_policy(self) -> BlessPolicy:
        return BlessPolicy(self.bless_retry_first_s, self.bless_retry_max_s, self.hold_limit_s)


@dataclass
class FlowParts:
    """What the flow composes: every part is the real thing (or the simulated factory's)."""

    runner: Runner
    bus: EventBus
    fixture: FixtureClient
    sync: TargetSync | BackendSync
    provisioner: Provisioner
    labels: LabelSink
    settings: FlowSettings
    new_cloud_client: Callable[[Callable[[CloudCall], None]], CloudClient]
    backend: DeviceCloud
    calls: CallRouter  # the backend's calls go to the record of the run whose thread made them
    audit: AuditTrail | None = None
    history: UnitMemory | None = None
    slot_runners: dict[int, Runner] = field(default_factory=dict)  # a mixed line: slots testing other products

    def runner_for(self, slot: int) -> Runner:
        return self.slot_runners.get(slot, self.runner)

    @property
    def optical(self) -> bool:
        """Whether units are provisioned by BlinkUp and enroll themselves (impCentral)."""
        return self.backend.kind is BackendKind.IMPCENTRAL


@dataclass(frozen=True, slots=True)
class DutIdentity:
    mac: str
    device_id: str


def new_provisioning(settings: FlowSettings, cloud: CloudClient, sync: TargetSync, provisioner: Provisioner,
                     on_hold: Callable[[str], None] | None = None) -> Provisioning:
    """The provisioning service as the settings say (the pipeline and the ``blinkup`` plug build it here)."""
    return Provisioning(cloud, sync, provisioner, settings.fixture_group_id, settings.ssid, settings.wifi_password,
                        settings.enroll_timeout_s, settings.enroll_poll_s, settings.cloud_retry_limit_s, on_hold)


class UnitFailed(Exception):  # noqa: N818 - a control-flow carrier, not an error class of its own
    """Carries the verdict of a unit that cannot go on (raised inside the pipeline, never outside)."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.failure_reason)
        self.verdict = verdict


class UnitPipeline:
    """Processes units for one slot, one at a time (owned by that slot's worker thread)."""

    def __init__(self, parts: FlowParts, slot: int, acknowledged: threading.Event,
                 prompts: PromptResponder | None = None) -> None:
        self.parts = parts
        self.slot = slot
        self.prompts = prompts
        self.acknowledged = acknowledged
        self.handle: RunHandle | None = None
        self._label_identity: dict[str, str] = {}
        self.cloud = parts.new_cloud_client(self._record_call)
        settings = parts.settings
        self.provisioning = new_provisioning(settings, self.cloud, parts.sync, parts.provisioner,
                                             on_hold=self._provisioning_held)

    def close(self) -> None:
        self.cloud.close()

    # -- plumbing --------------------------------------------------------------------------------
    def _record_call(self, call: CloudCall) -> None:
        handle = self.handle
        if handle is not None:
            handle.publish(CloudCallRecorded(handle.run_id, call=call))

    def _provisioning_held(self, why: str) -> None:
        handle = self.handle
        if handle is not None:
            self._stage(Stage.HELD, why, handle.record.serial)
            handle.log(f"provisioning held: {why}", "WARNING")

    def _stage(self, stage: Stage, detail: str = "", serial: str = "") -> None:
        run_id = self.handle.run_id if self.handle else ""
        self.parts.bus.emit(StageChanged(run_id, slot=self.slot, stage=stage.value, detail=detail, serial=serial))

    # -- the unit --------------------------------------------------------------------------------
    def process(self, serial: str, operator: str, abort: AbortSignal) -> RunRecord:
        parts = self.parts
        state = parts.sync.state
        options = RunOptions(
            serial=serial, slot=self.slot, operator=operator, station=parts.settings.station,
            zone=state.zone if state else None,
            fixture_group=state.fixture_group_id if state else parts.settings.fixture_group_id,
            dut_target=state.dut_target_id if state else None,
            production_target=state.production_target_id if state else None,
            responder=self.prompts,
        )
        handle = parts.runner_for(self.slot).begin(options, abort)
        self.handle = handle
        try:
            if not handle.started:
                return handle.finish(handle.start_failure())
            try:
                with parts.calls.bind(self._record_call):
                    verdict = self._pipeline(handle, serial, operator, abort)
            except Exception as exc:  # noqa: BLE001 - a bug of ours ends the run as ERROR, recorded
                handle.log("station fault:\n" + "".join(traceback.format_exception(exc)), "ERROR")
                verdict = Verdict(Outcome.ERROR, "station:fault", f"station fault: {type(exc).__name__}: {exc}")
            return handle.finish(verdict)
        finally:
            self.handle = None

    def _pipeline(self, handle: RunHandle, serial: str, operator: str, abort: AbortSignal) -> Verdict:
        try:
            self._stage(Stage.PROVISIONING, "reading the unit's identity", serial)
            identity = self._identify(handle)
            if self.parts.optical:
                self._stage(Stage.PROVISIONING, "flashing BlinkUp", serial)
                self._provision(abort)
                self._stage(Stage.ENROLLING, "waiting for the cloud to see the unit", serial)
                device_id = self._await_enrollment(identity, abort)
            else:
                self._stage(Stage.ENROLLING, f"asking {self.parts.backend.kind.value} for the unit", serial)
                device_id = self._cloud_identity(serial, identity, abort)
            self._stage(Stage.TESTING, "", serial)
            verdict = handle.test()
            unit = Unit(serial, device_id, identity.mac)
            if verdict.outcome is not Outcome.PASS:
                if verdict.outcome is Outcome.FAIL:
                    self._report_failure(handle, unit)
                return verdict
            self._check_identity(handle, identity)
            self._stage(Stage.BLESSING, "", serial)
            self._bless(handle, unit, operator, abort)
            self._stage(Stage.LABELLING, "", serial)
            self._label(handle, operator)
            return Verdict(Outcome.PASS)
        except UnitFailed as failed:
            handle.log(failed.verdict.failure_reason or "", "ERROR" if failed.verdict.outcome is Outcome.ERROR
                       else "WARNING")
            return failed.verdict
        finally:
            self._power_off()

    def _power_off(self) -> None:
        with contextlib.suppress(StationError):  # a lost fixture already made the run an ERROR
            self.parts.fixture.power(self.slot, False)

    # -- provisioning -----------------------------------------------------------------------------
    def _identify(self, handle: RunHandle) -> DutIdentity:
        """Power the slot and ask the DUT's console who it is (the cloud will know it by these)."""
        fx = self.parts.fixture
        try:
            fx.power(self.slot, True, self.parts.settings.current_limit_ma)
            mac = fx.uart(self.slot, "MAC", 2.0).strip().lower()
            device_id = fx.uart(self.slot, "DEVICEID", 2.0).strip().lower()
        except DutFault as exc:
            raise UnitFailed(
                Verdict(Outcome.FAIL, "provision.console", f"DUT fault before provisioning: {exc}")
            ) from exc
        except StationError as exc:
            raise UnitFailed(Verdict(Outcome.ERROR, "provision:fixture", str(exc))) from exc
        handle.set_identity(device_id, mac)
        return DutIdentity(mac=mac, device_id=device_id)

    def _provision(self, abort: AbortSignal) -> None:
        try:
            self.provisioning.flash(self.slot, abort)
        except Aborted as exc:
            raise UnitFailed(Verdict(Outcome.ABORTED, "aborted", str(exc))) from exc
        except CloudError as exc:
            raise UnitFailed(Verdict(Outcome.ERROR, "provision:cloud", str(exc))) from exc
        except StationError as exc:
            raise UnitFailed(Verdict(Outcome.ERROR, "provision:blinkup", str(exc))) from exc

    def _await_enrollment(self, identity: DutIdentity, abort: AbortSignal) -> str:
        try:
            return self.provisioning.await_enrollment(identity.mac, identity.device_id, abort)
        except Aborted as exc:
            raise UnitFailed(Verdict(Outcome.ABORTED, "aborted", str(exc))) from exc
        except IdentityMismatch as exc:
            raise UnitFailed(Verdict(Outcome.ERROR, "enroll:identity", str(exc))) from exc
        except EnrollmentTimeout as exc:
            raise UnitFailed(Verdict(Outcome.ERROR, "enroll:timeout", str(exc))) from exc

    def _cloud_identity(self, serial: str, identity: DutIdentity, abort: AbortSignal) -> str:
        """Particle, Libelium: no BlinkUp; the cloud's name for the unit (device ID, serial ID), asked
        through cloud faults as provisioning is (held, retried, then ERROR ``enroll:cloud``)."""
        unit = Unit(serial, identity.device_id, identity.mac)
        try:
            device_id = ride_through_cloud_faults(lambda: self.parts.backend.enrolled_device(unit),
                                                  what="unit's identity", abort=abort,
                                                  retry_limit_s=self.parts.settings.cloud_retry_limit_s,
                                                  on_hold=self._provisioning_held)
        except Aborted as exc:
            raise UnitFailed(Verdict(Outcome.ABORTED, "aborted", str(exc))) from exc
        except ProductRefused as exc:
            raise UnitFailed(Verdict(Outcome.ERROR, f"enroll:{exc.code}", str(exc))) from exc
        except CloudError as exc:
            raise UnitFailed(Verdict(Outcome.ERROR, "enroll:cloud", str(exc))) from exc
        if not device_id:
            raise UnitFailed(Verdict(Outcome.ERROR, "enroll:unknown", f"the cloud does not know unit {serial}"))
        return device_id

    def _check_identity(self, handle: RunHandle, identity: DutIdentity) -> None:
        record = handle.record
        for name, seen, expected in (("MAC", record.mac, identity.mac), ("device ID", record.device_id,
                                                                         identity.device_id)):
            if seen is not None and seen != expected:
                raise UnitFailed(Verdict(Outcome.ERROR, "identity",
                                         f"the test read {name} {seen}, provisioning saw {expected}: "
                                         "two units swapped between slots?"))

    # -- after the test --------------------------------------------------------------------------
    def _report_failure(self, handle: RunHandle, unit: Unit) -> None:
        """Tell the cloud the unit failed (best effort: the record already says FAIL)."""
        try:
            report = self.parts.backend.report_failure(unit, _summary(handle.record))
        except CloudError as exc:
            handle.log(f"could not report the failure to the cloud: {exc}", "WARNING")
            return
        if not report.sent:
            handle.log(f"failure not reported to the cloud: {report.detail}", "INFO")

    def _bless(self, handle: RunHandle, unit: Unit, operator: str, abort: AbortSignal) -> None:
        settings = self.parts.settings
        backend = self.parts.backend
        try:
            product = backend.new_intent(unit)  # every choice of the call, made (and stored) before it
        except ProductRefused as exc:
            raise UnitFailed(Verdict(Outcome.ERROR, f"bless:{exc.code}", str(exc))) from exc
        except CloudError as exc:
            raise UnitFailed(Verdict(Outcome.ERROR, "bless:cloud", str(exc))) from exc
        intent = BlessIntent(device_id=product.device_id or unit.device_id or "",
                             fixture_group_id=settings.fixture_group_id, idempotency_key=product.idempotency_key,
                             test_record=_summary(handle.record), product=product.to_dict())
        self._label_identity = product.label_fields()
        try:
            record_intent(handle.run_id, intent, handle.publish)  # committed before the first call
            result = bless(run_id=handle.run_id, intent=intent, backend=backend, sync=self.parts.sync,
                           policy=settings.bless_policy, publish=handle.publish, abort=abort,
                           acknowledged=self.acknowledged, on_hold=lambda why: self._held(handle, why))
        except BlessNotDone as exc:
            raise UnitFailed(exc.verdict) from exc
        audit_blessing(self.parts.audit, operator or settings.station, handle.run_id, handle.record.serial, result)

    def _held(self, handle: RunHandle, why: str) -> None:
        self._stage(Stage.HELD, why, handle.record.serial)
        handle.log(f"bless held: {why}", "WARNING")

    def _label(self, handle: RunHandle, operator: str) -> None:
        """Queue the label; the queue reports the job's life (queued, printed, held) as events itself."""
        record = handle.record
        fields = unit_label_fields(record.serial, record.device_id, record.mac, record.product,
                                   record.script_version, self._label_identity)  # + the backend's identity
        try:
            job = self.parts.labels.print_label(fields, run_id=handle.run_id, operator=operator)
        except Exception as exc:  # noqa: BLE001 - the unit is blessed: PASS stands, the label is our problem
            handle.log(f"label not printed: {type(exc).__name__}: {exc}", "ERROR")
            handle.publish(LabelJobRecorded(handle.run_id, job=LabelJob(job_id="", run_id=handle.run_id,
                                                                        status="failed", reason=str(exc))))
            return
        if job.status not in ("printed", "held"):
            handle.log(f"label queued, not printed yet: {job.reason or job.status}", "WARNING")


def _summary(record: RunRecord) -> dict[str, Any]:
    """What the cloud keeps of the test: enough to trace the blessing back to this record."""
    return {
        "run_id": record.run_id, "serial": record.serial, "station": record.station, "slot": record.slot,
        "script": record.script_name, "script_version": record.script_version,
        "script_sha256": record.script_sha256, "limits_sha256": record.limits_sha256,
        "steps": len(record.steps),
    }
