"""impCentral as a :class:`~station.cloud.backend.DeviceCloud`: the existing client and target sync.

Nothing about impCentral changes here: BlinkUp with a factory enrollment token, the unit appears in
the fixture group's DUT target, "make it a product" is the bless call with the idempotency key from
the run record, the zone and targets come from :class:`~station.cloud.sync.TargetSync` (which
refuses while they are unknown, stale or changed), rework is reassign / unbless.
"""

from __future__ import annotations

import time
from typing import Any

from station.cloud import models as m
from station.cloud.backend import (
    BackendKind,
    FailureReport,
    IdentityMismatch,
    LabelIdentity,
    ProductIntent,
    ProductRefused,
    ProductResult,
    ProvisioningGrant,
    Readiness,
    Unit,
    ZoneView,
)
from station.cloud.client import CloudClient, new_idempotency_key
from station.cloud.enrollment import build_payload
from station.cloud.errors import BlessRefused, CloudNotFound
from station.cloud.sync import TargetState, TargetSync


def zone_view(state: TargetState) -> ZoneView:
    return ZoneView(
        backend=BackendKind.IMPCENTRAL,
        zone=state.zone,
        product=state.fixture_group_name,
        destination=state.production_target_name,
        synced_at=state.synced_at,
        facts=(
            ("fixture_group", state.fixture_group_id),
            ("dut_target", state.dut_target_id),
            ("production_target", state.production_target_id),
        ),
    )


class ImpCentralBackend:
    """Wraps one :class:`CloudClient` and the station's :class:`TargetSync` (shared with the banner)."""

    kind = BackendKind.IMPCENTRAL

    def __init__(self, client: CloudClient, sync: TargetSync, fixture_group_id: str, *,
                 ssid: str = "", wifi_password: str = "", unbless_key: str | None = None) -> None:
        self.client = client
        self.sync = sync
        self.fixture_group_id = fixture_group_id
        self._ssid = ssid
        self._wifi_password = wifi_password
        self._unbless_key = unbless_key

    def close(self) -> None:
        self.client.close()

    # -- zone and gate ---------------------------------------------------------------------------
    def refresh(self) -> ZoneView:
        return zone_view(self.sync.refresh())

    def zone(self) -> ZoneView | None:
        state = self.sync.state
        return zone_view(state) if state is not None else None

    def readiness(self) -> Readiness:
        ok, why = self.sync.can_bless()
        return Readiness(ok, why)

    def acknowledge(self) -> None:
        self.sync.acknowledge()

    # -- provisioning ----------------------------------------------------------------------------
    def provisioning_grant(self, unit: Unit) -> ProvisioningGrant:
        grant = self.client.enroll("dut", self.fixture_group_id)
        payload = build_payload("dut", ssid=self._ssid, password=self._wifi_password, grant=grant,
                                fixture_group_id=self.fixture_group_id)
        return ProvisioningGrant(BackendKind.IMPCENTRAL, True, payload.enrollment_token, payload.plan_id,
                                 payload.fixture_group_id)

    def enrolled_device(self, unit: Unit) -> str | None:
        """The unit's device ID once the cloud has it in the DUT target, else None."""
        state = self.sync.state
        try:
            device = self.client.device(unit.mac or unit.device_id or unit.serial)
        except CloudNotFound:
            return None
        if state is None or device.group_id != state.dut_target_id:
            return None
        if unit.device_id and device.id != unit.device_id:
            raise IdentityMismatch(f"the cloud knows MAC {unit.mac} as device {device.id}, "
                                   f"the unit says it is {unit.device_id}")
        return device.id

    # -- make it a product -----------------------------------------------------------------------
    def new_intent(self, unit: Unit) -> ProductIntent:
        if not unit.device_id:
            raise ProductRefused("no-device-id", f"unit {unit.serial}: no device ID to bless")
        state = self.sync.state
        label = LabelIdentity(serial=unit.serial, device_id=unit.device_id, mac=unit.mac or "")
        return ProductIntent(BackendKind.IMPCENTRAL, new_idempotency_key(), unit.serial, unit.device_id,
                             target=state.production_target_id if state else "", label=label.pairs())

    def make_product(self, intent: ProductIntent, summary: dict[str, Any]) -> ProductResult:
        assert intent.device_id is not None
        try:
            blessing = self.client.bless(intent.device_id, self.fixture_group_id, passed=True,
                                         test_record=summary, idempotency_key=intent.idempotency_key)
        except BlessRefused as exc:
            raise ProductRefused(exc.code or str(exc.status), str(exc)) from exc
        return self._result(intent, blessing.zone, blessing.production_group_id or intent.target,
                            (("blessing", blessing.id), ("blessed_at", blessing.blessed_at)))

    def confirm(self, intent: ProductIntent) -> ProductResult | None:
        """Blessed already? The device sits in a production group (read from the cloud, not replayed)."""
        if not intent.device_id:
            return None
        try:
            device = self.client.device(intent.device_id)
        except CloudNotFound:
            return None
        if device.group_id is None:
            return None
        group = self.client.device_group(device.group_id)
        if group.type not in m.PRODUCTION_TYPES:
            return None
        return self._result(intent, group.zone.value, group.id, (("production_group", group.name),))

    def _result(self, intent: ProductIntent, zone: str, target: str,
                evidence: tuple[tuple[str, str], ...]) -> ProductResult:
        """From the intent and the cloud's answer alone: no further call after the bless."""
        label = LabelIdentity(**intent.label_fields()) if intent.label else LabelIdentity(
            serial=intent.serial, device_id=intent.device_id or "")
        return ProductResult(BackendKind.IMPCENTRAL, intent.serial, intent.device_id or "", zone, target, label,
                             evidence + (("confirmed_at", f"{time.time():.3f}"),))

    # -- failures and rework ---------------------------------------------------------------------
    def report_failure(self, unit: Unit, summary: dict[str, Any]) -> FailureReport:
        if not unit.device_id:
            return FailureReport(False, "no device ID: the cloud never saw this unit")
        self.client.record_failure(unit.device_id, self.fixture_group_id, test_record=summary,
                                   idempotency_key=new_idempotency_key())
        return FailureReport(True, "recorded as a failed test by the cloud (not blessed)")

    def reassign(self, unit: Unit, to: str) -> None:
        self.client.assign_devices(to, [unit.device_id or unit.serial])

    def release(self, unit: Unit) -> None:
        """Unbless (Test Zone: free; Production: needs the account's unblessing key)."""
        device = self.client.device(unit.device_id or unit.mac or unit.serial)
        if device.group_id is None:
            return
        self.client.unassign_devices(device.group_id, [device.id], unbless_key=self._unbless_key)
