"""Libelium SCM as a :class:`~station.cloud.backend.DeviceCloud`: register each unit with its codes.

What a manufacturer's station does for SCM (shared/seeds/libelium-scm.txt, issue 13):

* the unit is known by its 16-hex-digit serial ID (nothing optical to provision);
* each sales order gets a Group Activation Code, each unit a Single Activation Code — made here
  (:mod:`station.cloud.libelium.codes`), unguessable, with a check symbol, never reused;
* "make it a product" = register the unit and its code with SCM under the sales order; the code is
  chosen in :meth:`new_intent` and recorded *before* the call, so a lost answer or a crash replays the
  same code (SCM answers a repeated registration with the same registration) and a unit never ends
  up with two codes;
* the device and box labels carry the serial ID and the activation code (text and QR), and the
  sales-order manifest (:mod:`station.cloud.libelium.manifest`) lists them all for the customer email;
* rework = revoke the unit's code (it is dead for good; a re-registered unit gets a new one).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from station.cloud.backend import (
    BackendKind,
    FailureReport,
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
from station.cloud.errors import CloudConflict, CloudError, CloudHTTPError, CloudInvalid, CloudNotFound
from station.cloud.libelium import codes
from station.cloud.libelium.client import LibeliumClient, ScmOrder, ScmRegistration


@dataclass(frozen=True)
class LibeliumSettings:
    sales_order: str
    customer: str = ""
    zone: str = "test"  # "test": a staging SCM account; "production": the real one
    family: str = "Plug & Sense!"
    model: str = "Smart Environment PRO"
    max_age_s: float = 600.0


def label_qr(serial_id: str, code: str) -> str:
    """What the label's QR holds: both things a customer needs, unambiguous to parse back."""
    return f"SERIAL={serial_id};CODE={code}"


class LibeliumBackend:
    kind = BackendKind.LIBELIUM

    def __init__(self, client: LibeliumClient, settings: LibeliumSettings) -> None:
        if settings.zone not in ("test", "production"):
            raise ValueError(f"libelium zone must be 'test' or 'production', not {settings.zone!r}")
        self.client = client
        self.settings = settings
        self._lock = threading.Lock()
        self._view: ZoneView | None = None
        self._order: ScmOrder | None = None
        self._last_error: str | None = None

    def close(self) -> None:
        self.client.close()

    # -- zone and gate ---------------------------------------------------------------------------
    def refresh(self) -> ZoneView:
        try:
            factory = self.client.factory_name()
            order = self.ensure_order()
        except CloudError as exc:
            with self._lock:
                self._last_error = str(exc)
            raise
        s = self.settings
        view = ZoneView(BackendKind.LIBELIUM, s.zone, f"{s.family} {s.model}",
                        f"sales order {order.id} ({len(order.units)} registered)", time.time(),
                        (("factory", factory), ("sales_order", order.id),
                         ("group_code_end", order.group_activation_code[-4:])))
        with self._lock:
            self._view, self._order, self._last_error = view, order, None
        return view

    def ensure_order(self) -> ScmOrder:
        """The sales order and its Group Activation Code: read it, or register it once with a new code."""
        s = self.settings
        try:
            return self.client.order(s.sales_order)
        except CloudNotFound:
            pass
        try:
            return self.client.put_order(s.sales_order, codes.new_code(), s.customer)
        except CloudConflict:  # another station (or our lost answer) registered it first
            return self.client.order(s.sales_order)

    def zone(self) -> ZoneView | None:
        with self._lock:
            return self._view

    def readiness(self) -> Readiness:
        with self._lock:
            view, error = self._view, self._last_error
        if view is None:
            return Readiness(False, "SCM sales order unknown: not synced yet" + (f" ({error})" if error else ""))
        age = time.time() - view.synced_at
        if age > self.settings.max_age_s:
            return Readiness(False, f"SCM sales order is stale: last synced {age:.0f} s ago"
                             + (f"; last error: {error}" if error else ""))
        return Readiness(True)

    def acknowledge(self) -> None:
        """Nothing to acknowledge: the sales order is the station's own config."""

    # -- identity --------------------------------------------------------------------------------
    def provisioning_grant(self, unit: Unit) -> ProvisioningGrant:
        return ProvisioningGrant(BackendKind.LIBELIUM, optical=False)

    def enrolled_device(self, unit: Unit) -> str | None:
        return self._serial_id(unit)

    def _serial_id(self, unit: Unit) -> str:
        try:
            return codes.normalize_serial(unit.device_id or unit.serial)
        except ValueError as exc:
            raise ProductRefused("bad-serial-id", str(exc)) from exc

    def new_intent(self, unit: Unit) -> ProductIntent:
        """A fresh Single Activation Code for this unit, to be recorded before it is registered."""
        serial_id = self._serial_id(unit)
        code = codes.new_code()
        label = LabelIdentity(serial=unit.serial, device_id=serial_id, activation_code=code,
                              qr=label_qr(serial_id, code))
        return ProductIntent(BackendKind.LIBELIUM, new_idempotency_key(), unit.serial, serial_id,
                             target=self.settings.sales_order, activation_code=code, label=label.pairs())

    # -- make it a product -----------------------------------------------------------------------
    def make_product(self, intent: ProductIntent, summary: dict[str, Any]) -> ProductResult:
        serial_id, code = intent.device_id, intent.activation_code
        if not serial_id or not code:
            raise ProductRefused("bad-intent", "a Libelium intent needs the serial ID and its activation code")
        s = self.settings
        try:
            registration = self.client.register(serial_id, code, intent.target, family=s.family, model=s.model,
                                                idempotency_key=intent.idempotency_key)
        except (CloudConflict, CloudInvalid) as exc:
            raise ProductRefused(exc.code or "refused", f"SCM refused unit {serial_id}: {exc.detail}") from exc
        except CloudNotFound as exc:
            raise ProductRefused(exc.code or "unknown", f"SCM: {exc.detail}") from exc
        return self._checked(intent, registration)

    def _checked(self, intent: ProductIntent, r: ScmRegistration) -> ProductResult:
        if codes.normalize(r.activation_code) != codes.normalize(intent.activation_code or ""):
            raise ProductRefused("code-mismatch", f"SCM holds another code for {r.serial_id} than this run chose")
        if r.sales_order != intent.target:
            raise ProductRefused("order-mismatch", f"SCM has {r.serial_id} in sales order {r.sales_order}, "
                                 f"not {intent.target}")
        code = codes.pretty(r.activation_code)
        label = LabelIdentity(serial=intent.serial, device_id=r.serial_id, activation_code=code,
                              qr=label_qr(r.serial_id, code))
        return ProductResult(BackendKind.LIBELIUM, intent.serial, r.serial_id, self.settings.zone, intent.target,
                             label, (("sales_order", r.sales_order), ("family", r.family)))

    def confirm(self, intent: ProductIntent) -> ProductResult | None:
        """Registered with *this* intent's code? (Another code means another run did it: not ours.)"""
        if not intent.device_id or not intent.activation_code:
            return None
        try:
            registration = self.client.device(intent.device_id)
        except CloudNotFound:
            return None
        if codes.normalize(registration.activation_code) != codes.normalize(intent.activation_code):
            return None
        return self._checked(intent, registration)

    # -- failures and rework ---------------------------------------------------------------------
    def report_failure(self, unit: Unit, summary: dict[str, Any]) -> FailureReport:
        return FailureReport(False, "SCM keeps no factory test results; a failed unit is simply not registered")

    def reassign(self, unit: Unit, to: str) -> None:
        """Move a registered unit to another sales order (its code stays)."""
        try:
            self.client.move(self._serial_id(unit), to)
        except (CloudConflict, CloudNotFound) as exc:
            raise ProductRefused(exc.code or "refused", f"SCM: {exc.detail}") from exc

    def release(self, unit: Unit) -> None:
        """Rework: revoke the unit's activation code; it is never used again."""
        try:
            self.client.revoke(self._serial_id(unit))
        except CloudNotFound:
            return
        except CloudHTTPError as exc:
            if exc.status == 409:
                raise ProductRefused(exc.code or "refused", f"SCM: {exc.detail}") from exc
            raise
