"""Particle as a :class:`~station.cloud.backend.DeviceCloud`: the manufacturing flow Particle documents.

Per passing unit (shared/reference/particle-libelium.md §1.10-1.11):

1. its device ID: what the unit reports, else its serial through the product's device list or the
   rate-limited serial lookup (cached);
2. import it into the product — the partitioned answer: updated or already present is success;
   invalid (wrong platform, not a Particle device) or owned by another account is refused, with
   nothing changed;
3. name it after its serial, add it to the shipment group (``YYYYMMDD_count``) and the hardware
   revision group, development off (one PUT; groups *replace* the set, so the current ones are kept);
4. "make it a product": lock it to the product's released firmware version with ``flash=true``;
5. verify from the device record: ``firmware_version`` = ``desired_firmware_version`` =
   ``targeted_firmware_release_version`` = the version, the groups, the name, development off. A
   device that has not taken the firmware yet (offline) is *pending*: the flow holds and retries.

Every step is idempotent by Particle's own semantics (import again = "existing", PUT the same values),
so a lost answer or a crash is settled by running the same intent again, or by :meth:`confirm`.
The "zone" is the product the config names: the test product or the production product.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

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
from station.cloud.client import new_idempotency_key
from station.cloud.errors import CloudError, CloudNotFound, CloudUnavailable
from station.cloud.particle import rules
from station.cloud.particle.client import ParticleClient, ProductDevice


class FirmwarePending(CloudUnavailable):
    """The device is locked but has not run the version yet (offline): hold and check again."""


@dataclass(frozen=True)
class ParticleSettings:
    product: str  # product ID or slug
    zone: str = "test"  # "test": the test product; "production": the production product
    firmware_version: int | None = None  # None: the product's released default version
    shipment_group: str = "{date}_{count:04d}"
    shipment_size: int = 40
    hardware_group: str | None = None  # e.g. "hw-rev-b"
    platform_id: int | None = None  # the platform the line builds; a product of another is refused
    # "serial": the scanned serial (Particle's data-matrix sticker) finds the device ID in the cloud;
    # "device_id": the unit's console reports its 24-hex device ID
    identify_by: str = "serial"
    max_age_s: float = 600.0
    verify_attempts: int = 10
    verify_poll_s: float = 0.2


@dataclass(frozen=True)
class _Synced:
    view: ZoneView
    product_id: int
    platform_id: int
    version: int | None
    problem: str


class ParticleBackend:
    kind = BackendKind.PARTICLE

    def __init__(self, client: ParticleClient, settings: ParticleSettings) -> None:
        if settings.zone not in ("test", "production"):
            raise ValueError(f"particle zone must be 'test' or 'production', not {settings.zone!r}")
        self.client = client
        self.settings = settings
        self._lock = threading.Lock()
        self._synced: _Synced | None = None
        self._pending: str | None = None
        self._last_error: str | None = None

    def close(self) -> None:
        self.client.close()

    # -- zone and gate ---------------------------------------------------------------------------
    def refresh(self) -> ZoneView:
        try:
            info = self.client.product_info()
            firmware = self.client.firmware()
        except CloudError as exc:
            with self._lock:
                self._last_error = str(exc)
            raise
        s = self.settings
        problem = ""
        if s.platform_id is not None and info.platform_id != s.platform_id:
            problem = (f"product {info.id} is platform {info.platform_id} "
                       f"({rules.PLATFORMS.get(info.platform_id, '?')}), the line builds platform {s.platform_id}")
        by_version = {f.version: f for f in firmware}
        version = s.firmware_version
        if version is None:
            default = next((f for f in firmware if f.product_default), None)
            version = default.version if default else None
            if version is None:
                problem = problem or f"product {info.id} has no released default firmware to lock units to"
        elif version not in by_version:
            problem = problem or f"firmware v{version} is not uploaded to product {info.id}"
        elif not by_version[version].released:
            problem = problem or f"firmware v{version} of product {info.id} is uploaded but not released"
        title = by_version[version].title if version in by_version else "?"
        view = ZoneView(BackendKind.PARTICLE, s.zone, f"{info.name} ({info.id})",
                        f"firmware v{version} {title!r}" if version else "no released firmware",
                        time.time(), (("product_id", str(info.id)), ("platform_id", str(info.platform_id)),
                                      ("firmware_version", str(version)),
                                      ("hardware_group", s.hardware_group or "")))
        synced = _Synced(view, info.id, info.platform_id, version, problem)
        with self._lock:
            old = self._synced
            if old is not None and (old.product_id, old.platform_id, old.version) != (
                    info.id, info.platform_id, version):
                self._pending = (f"product/firmware changed: product {old.product_id} v{old.version} → "
                                 f"product {info.id} v{version}")
            self._synced, self._last_error = synced, None
        return view

    def zone(self) -> ZoneView | None:
        with self._lock:
            return self._synced.view if self._synced else None

    def readiness(self) -> Readiness:
        with self._lock:
            synced, pending, error = self._synced, self._pending, self._last_error
        if synced is None:
            return Readiness(False, "Particle product unknown: not synced yet" + (f" ({error})" if error else ""))
        age = time.time() - synced.view.synced_at
        if age > self.settings.max_age_s:
            return Readiness(False, f"Particle product is stale: last synced {age:.0f} s ago"
                             + (f"; last error: {error}" if error else ""))
        if synced.problem:
            return Readiness(False, synced.problem)
        if pending:
            return Readiness(False, f"{pending}; not acknowledged")
        return Readiness(True)

    def acknowledge(self) -> None:
        with self._lock:
            self._pending = None

    # -- identity --------------------------------------------------------------------------------
    def provisioning_grant(self, unit: Unit) -> ProvisioningGrant:
        return ProvisioningGrant(BackendKind.PARTICLE, optical=False)

    def enrolled_device(self, unit: Unit) -> str | None:
        return self._device_id(unit)

    def _device_id(self, unit: Unit) -> str:
        if self.settings.identify_by == "device_id":
            if not unit.device_id:
                raise ProductRefused("no-device-id", f"unit {unit.serial} reported no device ID")
            device_id = unit.device_id.strip().lower()
            if not rules.DEVICE_ID.match(device_id):
                raise ProductRefused("bad-device-id", f"unit {unit.serial} reports device ID {unit.device_id!r}, "
                                     "not a 24-hex-digit Particle device ID")
            return device_id
        try:
            return self.client.device_id_for_serial(unit.serial)
        except CloudNotFound as exc:
            raise ProductRefused("unknown-serial", f"Particle knows no device with serial number {unit.serial!r}: "
                                 "check the sticker (a Particle serial, not a board ID)") from exc

    def new_intent(self, unit: Unit) -> ProductIntent:
        with self._lock:
            synced = self._synced
        if synced is None or synced.version is None:
            raise ProductRefused("not-synced", "the Particle product and its released firmware are unknown")
        s = self.settings
        try:
            groups = [rules.shipment_group(s.shipment_group, datetime.now(UTC).date(), s.shipment_size)]
            if s.hardware_group:
                groups.append(rules.check_group_name(s.hardware_group))
        except rules.RuleError as exc:
            raise ProductRefused("bad-group", str(exc)) from exc
        device_id = self._device_id(unit)
        label = LabelIdentity(serial=unit.serial, device_id=device_id, qr=f"{unit.serial} {device_id}")
        return ProductIntent(BackendKind.PARTICLE, new_idempotency_key(), unit.serial, device_id,
                             target=str(synced.product_id), firmware_version=synced.version, groups=tuple(groups),
                             label=label.pairs())

    # -- make it a product -----------------------------------------------------------------------
    def make_product(self, intent: ProductIntent, summary: dict[str, Any]) -> ProductResult:
        device_id, version = intent.device_id, intent.firmware_version
        if not device_id or version is None:
            raise ProductRefused("bad-intent", "a Particle intent needs a device ID and a firmware version")
        imported = self.client.import_device(device_id, intent.target)
        if not imported.ok:
            if device_id in imported.nonmember or imported.nonmember:
                raise ProductRefused("owned-by-another", f"device {device_id} (serial {intent.serial}) is owned by "
                                     "another account or product: Particle refused to import it; nothing changed")
            raise ProductRefused("invalid-device", f"Particle refused device {device_id} (serial {intent.serial}) as "
                                 f"invalid for product {intent.target}: wrong platform, or not a Particle device; "
                                 "nothing changed")
        current = self.client.device(device_id, intent.target)
        if current.serial_number and current.serial_number != intent.serial:
            raise IdentityMismatch(f"device {device_id} has serial {current.serial_number}, the unit was scanned "
                                   f"as {intent.serial}: swapped units?")
        groups = sorted(set(current.groups) | set(intent.groups))
        self.client.update_device(device_id, name=intent.serial, groups=groups, development=False)
        self.client.update_device(device_id, desired_firmware_version=version, flash=True)
        return self._verify(intent, wait=True)

    def _verify(self, intent: ProductIntent, *, wait: bool) -> ProductResult:
        assert intent.device_id is not None
        attempts = self.settings.verify_attempts if wait else 1
        record: ProductDevice | None = None
        for attempt in range(attempts):
            record = self.client.device(intent.device_id, intent.target)
            wrong = self._wrong(record, intent)
            if wrong is None:
                return self._result(intent, record)
            if not wrong.startswith("firmware_version"):
                raise ProductRefused("verify", f"device {intent.device_id} after locking: {wrong}")
            if attempt + 1 < attempts:
                time.sleep(self.settings.verify_poll_s)
        assert record is not None
        raise FirmwarePending(f"device {intent.device_id} is locked to v{intent.firmware_version} but runs "
                              f"v{record.firmware_version} ({'online' if record.online else 'offline'}); "
                              "waiting for it to take the firmware")

    def _wrong(self, d: ProductDevice, intent: ProductIntent) -> str | None:
        v = intent.firmware_version
        for name, seen, expected in (
            ("desired_firmware_version", d.desired_firmware_version, v),
            ("targeted_firmware_release_version", d.targeted_firmware_release_version, v),
            ("development", d.development, False),
            ("name", d.name, intent.serial),
        ):
            if seen != expected:
                return f"{name} is {seen!r}, expected {expected!r}"
        missing = set(intent.groups) - set(d.groups)
        if missing:
            return f"groups {sorted(d.groups)} lack {sorted(missing)}"
        if d.firmware_version != v:
            return f"firmware_version is {d.firmware_version!r}, expected {v!r}"
        return None

    def _result(self, intent: ProductIntent, d: ProductDevice) -> ProductResult:
        label = LabelIdentity(**intent.label_fields()) if intent.label else LabelIdentity(
            serial=intent.serial, device_id=d.id, qr=f"{intent.serial} {d.id}")
        return ProductResult(BackendKind.PARTICLE, intent.serial, d.id, self.settings.zone, intent.target, label,
                             (("firmware_version", str(d.firmware_version)),
                              ("desired_firmware_version", str(d.desired_firmware_version)),
                              ("groups", ",".join(d.groups))))

    def confirm(self, intent: ProductIntent) -> ProductResult | None:
        """Imported, named, grouped, locked and running the version, read from the device record."""
        if not intent.device_id:
            return None
        try:
            record = self.client.device(intent.device_id, intent.target)
        except CloudNotFound:
            return None
        return self._result(intent, record) if self._wrong(record, intent) is None else None

    # -- failures and rework ---------------------------------------------------------------------
    def report_failure(self, unit: Unit, summary: dict[str, Any]) -> FailureReport:
        """Particle keeps no factory failures; a unit already in the product gets a note."""
        try:
            device_id = self._device_id(unit)
            self.client.device(device_id)
        except (ProductRefused, CloudNotFound):
            return FailureReport(False, "not in the product: Particle keeps no record of units outside it")
        note = f"station FAIL run {summary.get('run_id', '?')} at {datetime.now(UTC).isoformat(timespec='seconds')}"
        self.client.update_device(device_id, notes=note)
        return FailureReport(True, "noted on the product device")

    def reassign(self, unit: Unit, to: str) -> None:
        """Move to another product: release here (unlock, unclaim, remove), then import there."""
        device_id = self._device_id(unit)
        try:
            target = self.client.product_info(to)  # before anything moves: can this token reach it?
        except CloudNotFound as exc:
            raise ProductRefused("reassign-refused", f"product {to} is not reachable with this station's API user "
                                 "(a product-scoped token; moving between products needs an org API user); "
                                 "nothing changed") from exc
        here = self.client.product_info()
        if target.platform_id != here.platform_id:
            raise ProductRefused("reassign-refused", f"product {to} is platform {target.platform_id}, the device is "
                                 f"platform {here.platform_id}; nothing changed")
        self.release(unit)
        result = self.client.import_device(device_id, to, import_sims=True)
        if not result.ok:
            raise ProductRefused("reassign-refused", f"product {to} refused device {device_id}: "
                                 f"{'owned by another' if result.nonmember else 'invalid for that product'}; the "
                                 f"device is now outside product {self.client.product}")

    def release(self, unit: Unit) -> None:
        """Rework: unlock, unclaim *before* removing (Particle's advice), remove from the product."""
        device_id = self._device_id(unit)
        try:
            record = self.client.device(device_id)
        except CloudNotFound:
            return  # not in the product: nothing to release
        self.client.update_device(device_id, desired_firmware_version=None)
        if record.owner:
            self.client.unclaim_device(device_id)
        self.client.remove_device(device_id)
