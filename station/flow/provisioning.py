"""Optical provisioning as one service: the flow uses it for every unit, the ``blinkup`` plug lets a
DUT script do it itself (engineering scripts, re-provisioning after a firmware update).

It asks the cloud for a factory enrollment token for the fixture group, builds the payload under
the plan-ID rules (:mod:`station.cloud.enrollment`), flashes it through the provisioner, and
waits until the cloud shows the unit in the fixture group's DUT target.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from station.blinkup import BlinkUpPayload
from station.cloud.backend import IdentityMismatch as BackendIdentityMismatch
from station.cloud.backend import ProductRefused
from station.cloud.client import CloudClient, new_idempotency_key
from station.cloud.enrollment import build_payload
from station.cloud.errors import CloudError, CloudHTTPError, CloudNotFound
from station.cloud.models import EnrollmentGrant
from station.cloud.sync import TargetSync
from station.errors import StationError
from station.flow.blessing import abort_wait
from station.runner.runner import AbortSignal
from station.testkit.plugs import Plug

T = TypeVar("T")


class EnrollmentTimeout(StationError):
    """The unit did not show up in the DUT target in time after its BlinkUp."""


class IdentityMismatch(StationError):
    """The cloud knows the unit's MAC under another device ID than the unit reports."""


class Aborted(StationError):
    """Provisioning was stopped by an abort."""


class CloudOutage(CloudError):
    """The cloud kept failing for longer than provisioning rides through transient faults."""


def transient(exc: CloudError) -> bool:
    """A fault worth retrying: no answer, a 5xx, a 429 — not the cloud saying no (a 4xx, or a backend's
    refusal or identity mismatch)."""
    if isinstance(exc, ProductRefused | BackendIdentityMismatch):
        return False
    return not isinstance(exc, CloudHTTPError) or exc.status >= 500 or exc.status == 429


def ride_through_cloud_faults(call: Callable[[], T], *, what: str, retry_limit_s: float, abort: AbortSignal,
                              on_hold: Callable[[str], None] | None = None) -> T:
    """``call()``, retried with backoff through transient cloud faults (the unit is shown held with the
    reason) for up to ``retry_limit_s``: a cloud that blinks must not make a good unit an ERROR. A
    lasting outage is :class:`CloudOutage`; the cloud saying no is raised at once; an abort ends the wait."""
    deadline = time.monotonic() + retry_limit_s
    delay = 0.5
    while True:
        try:
            return call()
        except CloudError as exc:
            if not transient(exc):
                raise
            if time.monotonic() + delay > deadline:
                raise CloudOutage(f"no {what} after {retry_limit_s:g} s of cloud faults: {exc}") from exc
            why = f"cloud fault while asking for the {what}, retrying: {exc}"
        if on_hold is not None:
            on_hold(why)
        abort_wait(abort, delay)
        if abort.is_set():
            raise Aborted(abort.reason)
        delay = min(delay * 2, 10.0)


@dataclass
class Provisioning:
    cloud: CloudClient
    sync: TargetSync
    provisioner: object  # a station.flow.unit.Provisioner
    fixture_group_id: str
    ssid: str
    wifi_password: str
    enroll_timeout_s: float = 60.0
    poll_s: float = 0.2
    retry_limit_s: float = 120.0
    on_hold: Callable[[str], None] | None = None  # told why the unit waits while the cloud is retried

    def flash(self, slot: int, abort: AbortSignal) -> None:
        """Enrollment grant → payload → BlinkUp. Cloud faults raise CloudError, the rest StationError."""
        grant = self._grant(abort)
        payload = build_payload("dut", ssid=self.ssid, password=self.wifi_password, grant=grant,
                                fixture_group_id=self.fixture_group_id)
        blinkup = BlinkUpPayload(payload.ssid, payload.password, payload.plan_id or "", payload.enrollment_token or "")
        self.provisioner.flash(slot, blinkup, abort)  # type: ignore[attr-defined]
        if abort.is_set():
            raise Aborted(abort.reason)

    def _grant(self, abort: AbortSignal) -> EnrollmentGrant:
        """The factory enrollment grant, asked with one idempotency key: a retry after a dropped answer
        gets the grant already issued."""
        key = new_idempotency_key()
        return ride_through_cloud_faults(lambda: self.cloud.enroll("dut", self.fixture_group_id, idempotency_key=key),
                                         what="enrollment token", retry_limit_s=self.retry_limit_s, abort=abort,
                                         on_hold=self.on_hold)

    def await_enrollment(self, mac: str, device_id: str | None, abort: AbortSignal,
                         timeout_s: float | None = None) -> str:
        """Poll until the unit is in the DUT target; its device ID."""
        timeout_s = self.enroll_timeout_s if timeout_s is None else timeout_s
        deadline = time.monotonic() + timeout_s
        last = "the cloud has not seen the unit yet"
        while True:
            state = self.sync.state
            try:
                device = self.cloud.device(mac)
                if state is not None and device.group_id == state.dut_target_id:
                    if device_id is not None and device.id != device_id:
                        raise IdentityMismatch(f"the cloud knows MAC {mac} as device {device.id}, "
                                               f"the unit says it is {device_id}")
                    return device.id
                last = f"the unit is in group {device.group_id!r}, not the DUT target yet"
            except CloudNotFound:
                pass
            except CloudError as exc:
                last = f"cloud unreachable: {exc}"
            if abort.is_set():
                raise Aborted(abort.reason)
            if time.monotonic() >= deadline:
                raise EnrollmentTimeout(f"the unit did not enroll within {timeout_s:g} s after BlinkUp ({last})")
            time.sleep(self.poll_s)


class BlinkUpPlug(Plug):
    """The ``blinkup`` plug: a step provisions the DUT in its slot and waits for it in the DUT target.

        @script.step
        def provision(ctx, blinkup, dut):
            ctx.set_device_id(blinkup.provision(mac=dut.query("MAC")))
    """

    def __init__(self, provisioning: Provisioning, slot: int) -> None:
        self._provisioning = provisioning
        self._slot = slot

    def provision(self, mac: str, device_id: str | None = None, timeout_s: float | None = None) -> str:
        abort = AbortSignal()
        self._provisioning.flash(self._slot, abort)
        return self._provisioning.await_enrollment(mac.strip().lower(), device_id, abort, timeout_s)

    def tear_down(self) -> None:
        self._provisioning.cloud.close()
