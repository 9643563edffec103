"""What the station needs of a device cloud, whichever cloud the line builds for.

Three clouds, one flow (DESIGN §2 "backend"): impCentral blesses a unit into a production group,
Particle imports it into a product and locks it to the released firmware, Libelium SCM registers it
with its activation codes. The flow must not know which; it asks a :class:`DeviceCloud`:

1. ``refresh()`` / ``zone()`` / ``readiness()`` — the zone (test or production), the product and
   where passing units go: the banner shows it and "make it a product" is refused while it is
   unknown, stale or changed and not acknowledged;
2. ``provisioning_grant(unit)`` and ``enrolled_device(unit)`` — what provisioning hands the unit and
   whether the cloud knows it yet (impCentral: factory token by BlinkUp, then the unit in the DUT
   target; Particle: nothing optical, the device ID the unit reports or its serial lookup; Libelium:
   nothing optical, the 16-hex serial ID);
3. ``new_intent(unit)`` → *record it* → ``make_product(intent)`` — every choice the cloud call needs
   (idempotency key, activation code, firmware version, target) is made *before* the call and stored
   in the run record, so a retry after a lost answer, or the next start after a crash, asks the cloud
   exactly the same thing; ``confirm(intent)`` asks the cloud whether it already happened;
4. ``report_failure``, ``reassign`` and ``release`` (rework), and the :class:`LabelIdentity` the label
   prints.

Faults: a :class:`ProductRefused` is the cloud saying no for good (wrong platform, owned by another
account, code reused...): the run ends ERROR with that code and nothing half-done. Any other
:class:`~station.cloud.errors.CloudError` (down, 5xx, 429 after patience) means "hold and retry the
same intent".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from station.cloud.errors import CloudError


class BackendKind(StrEnum):
    IMPCENTRAL = "impcentral"
    PARTICLE = "particle"
    LIBELIUM = "libelium"


class ProductRefused(CloudError):
    """The cloud refused to make this unit a product, for a reason a retry will not change.

    ``code`` is short and stable (it becomes the run's failure code ``cloud:<code>``); the message says
    what the operator or engineer must do."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


class IdentityMismatch(CloudError):
    """The cloud knows this unit under another identity than the unit reports (swapped units?)."""


@dataclass(frozen=True)
class Unit:
    """What the station knows of the unit in the slot before it asks the cloud."""

    serial: str
    device_id: str | None = None  # as the unit's console reports it
    mac: str | None = None


@dataclass(frozen=True)
class ZoneView:
    """The cloud side of the banner and of the gate: where the line works and where PASS units go."""

    backend: BackendKind
    zone: str  # "test" | "production"
    product: str  # product name (and id)
    destination: str  # where a PASS unit goes: production target, locked firmware, sales order
    synced_at: float
    facts: tuple[tuple[str, str], ...] = ()

    @property
    def production(self) -> bool:
        return self.zone == "production"

    def banner(self) -> str:
        """One line for the operator: zone, product, destination (the window colours it by zone)."""
        zone = "PRODUCTION" if self.production else "TEST"
        return f"{self.backend.value}: {zone} · {self.product} → {self.destination}"


@dataclass(frozen=True)
class Readiness:
    ok: bool
    reason: str = ""


@dataclass(frozen=True)
class ProvisioningGrant:
    """What provisioning gives the unit. ``optical`` False: nothing to flash (Particle, Libelium)."""

    backend: BackendKind
    optical: bool
    enrollment_token: str | None = field(default=None, repr=False)
    plan_id: str | None = None
    fixture_group_id: str | None = None


@dataclass(frozen=True)
class ProductIntent:
    """Everything "make it a product" will send, decided before the call and durably recorded.

    A replay (lost answer, held cloud, crash recovery) sends the same intent: same key, same
    activation code, same firmware version — so the cloud does it once."""

    backend: BackendKind
    idempotency_key: str
    serial: str
    device_id: str | None
    target: str
    activation_code: str | None = None
    firmware_version: int | None = None
    groups: tuple[str, ...] = ()
    # What the label will print (LabelIdentity.fields()): known before the call, so a station that
    # restarts after the cloud answered still prints exactly what the cloud holds.
    label: tuple[tuple[str, str], ...] = ()

    def label_fields(self) -> dict[str, str]:
        return {k: v for k, v in self.label if v}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["backend"] = self.backend.value
        data["groups"] = list(self.groups)
        data["label"] = dict(self.label)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProductIntent:
        names = {f.name for f in fields(cls)}
        missing = {"backend", "idempotency_key", "serial", "target"} - set(data)
        if missing:
            raise ValueError(f"product intent lacks {', '.join(sorted(missing))}")
        values = {k: v for k, v in data.items() if k in names}
        values["backend"] = BackendKind(values["backend"])
        values["groups"] = tuple(values.get("groups") or ())
        values["label"] = tuple((str(k), str(v)) for k, v in dict(values.get("label") or {}).items())
        return cls(**values)


@dataclass(frozen=True)
class LabelIdentity:
    """The identity fields a label prints for this backend (the template picks what it shows)."""

    serial: str
    device_id: str = ""
    mac: str = ""
    activation_code: str = ""
    qr: str = ""

    def fields(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items()}

    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(asdict(self).items())


@dataclass(frozen=True)
class ProductResult:
    """The cloud's confirmation that the unit is a product, with the evidence read back."""

    backend: BackendKind
    serial: str
    device_id: str
    zone: str
    target: str
    label: LabelIdentity
    evidence: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FailureReport:
    """What became of a FAIL report: ``sent`` False when the cloud keeps no factory failures."""

    sent: bool
    detail: str


@runtime_checkable
class DeviceCloud(Protocol):
    """One device cloud as the flow sees it (see the module docstring for the order of calls)."""

    kind: BackendKind

    def refresh(self) -> ZoneView: ...

    def zone(self) -> ZoneView | None: ...

    def readiness(self) -> Readiness: ...

    def acknowledge(self) -> None: ...

    def provisioning_grant(self, unit: Unit) -> ProvisioningGrant: ...

    def enrolled_device(self, unit: Unit) -> str | None: ...

    def new_intent(self, unit: Unit) -> ProductIntent: ...

    def make_product(self, intent: ProductIntent, summary: dict[str, Any]) -> ProductResult: ...

    def confirm(self, intent: ProductIntent) -> ProductResult | None: ...

    def report_failure(self, unit: Unit, summary: dict[str, Any]) -> FailureReport: ...

    def reassign(self, unit: Unit, to: str) -> None: ...

    def release(self, unit: Unit) -> None: ...

    def close(self) -> None: ...
