"""The zone gate of a Particle or Libelium line, in the shape of impCentral's :class:`TargetSync`.

The station, its banner and its bless loop were built around target sync: a :class:`TargetState`
(zone, fixture group, targets), a pending change the operator acknowledges, a periodic refresh. A
backend without fixture groups answers the same questions through its :class:`ZoneView`: the
"fixture group" is the product (Particle) or the sales order (Libelium), the "production target" is
where a PASS unit goes (the locked firmware, the sales order). So the window, the line view and the
QA record show the backend's zone and product with no change of their own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from station.cloud.backend import DeviceCloud, ZoneView
from station.cloud.periodic import PeriodicSync
from station.cloud.sync import FieldChange, TargetChange, TargetState
from station.errors import StationError


def target_state(view: ZoneView, group_id: str) -> TargetState:
    return TargetState(
        zone=view.zone, product_id=dict(view.facts).get("product_id") or view.product,
        fixture_group_id=group_id, fixture_group_name=f"{view.backend.value}: {view.product}",
        fixture_group_type=view.backend.value, fixture_deployment_sha=None,
        dut_target_id="", dut_target_name="", dut_deployment_sha=None,
        production_target_id=view.destination, production_target_name=view.destination,
        production_deployment_sha=None, synced_at=view.synced_at,
    )


class BackendSync(PeriodicSync):
    """``state``, ``pending``, ``refresh()``, ``can_bless()``, ``acknowledge()``, ``start()``/``stop()``."""

    def __init__(self, backend: DeviceCloud, group_id: str, *,
                 on_change: Callable[[TargetChange], None] | None = None) -> None:
        self.backend = backend
        self.group_id = group_id
        super().__init__(on_change)
        self.thread_name = "cloud-backend-sync"
        self.last_error: str | None = None
        self.pending: TargetChange | None = None
        self._lock = threading.RLock()

    @property
    def state(self) -> TargetState | None:
        view = self.backend.zone()
        return target_state(view, self.group_id) if view is not None else None

    def refresh(self) -> TargetState:
        old = self.state
        try:
            view = self.backend.refresh()
        except StationError as exc:
            self.last_error = str(exc)
            raise
        self.last_error = None
        new = target_state(view, self.group_id)
        ready = self.backend.readiness()
        event = None
        with self._lock:
            if not ready.ok and "not acknowledged" in ready.reason:
                changes = tuple(FieldChange(f, getattr(old, f), getattr(new, f)) for f in (
                    "product_id", "production_target_id") if old is not None and getattr(old, f) != getattr(new, f))
                if self.pending is None:
                    event = self.pending = TargetChange("retargeted", old, new, changes or (
                        FieldChange("product", None, ready.reason),), True)
            else:
                self.pending = None
        self._synced(event, new)
        return new

    def can_bless(self) -> tuple[bool, str]:
        ready = self.backend.readiness()
        return ready.ok, ready.reason

    def acknowledge(self) -> None:
        with self._lock:
            self.backend.acknowledge()
            self.pending = None

