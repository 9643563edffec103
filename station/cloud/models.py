"""Typed views of impCentral v5 resources, shared by the client, target sync and the emulator.

The cloud speaks JSON:API; the rest of the station should never dig through ``data.attributes``.
These frozen dataclasses are what the client returns, and the group-type tables here are the one
place that says which group belongs to which zone and which targets a fixture group may have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

DEVELOPMENT = "development_devicegroup"
PRE_FIXTURE = "pre_factoryfixture_devicegroup"
PRE_DUT = "pre_dut_devicegroup"
PRE_PRODUCTION = "pre_production_devicegroup"
FIXTURE = "factoryfixture_devicegroup"
DUT = "dut_devicegroup"
PRODUCTION = "production_devicegroup"

GROUP_TYPES: tuple[str, ...] = (DEVELOPMENT, PRE_FIXTURE, PRE_DUT, PRE_PRODUCTION, FIXTURE, DUT, PRODUCTION)
FIXTURE_TYPES = frozenset({PRE_FIXTURE, FIXTURE})
DUT_TYPES = frozenset({PRE_DUT, DUT})
PRODUCTION_TYPES = frozenset({PRE_PRODUCTION, PRODUCTION})

# The target a fixture group of a given type must point at (impCentral: "of the corresponding type").
DUT_TARGET_TYPE = {PRE_FIXTURE: PRE_DUT, FIXTURE: DUT}
PRODUCTION_TARGET_TYPE = {PRE_FIXTURE: PRE_PRODUCTION, FIXTURE: PRODUCTION}
# Go Live maps each Test Zone type onto its Production Zone twin.
GO_LIVE_TYPE = {PRE_FIXTURE: FIXTURE, PRE_DUT: DUT, PRE_PRODUCTION: PRODUCTION}


class Zone(StrEnum):
    """Where a group lives. The station only works in the Test and Production zones."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


def zone_of(group_type: str) -> Zone:
    """The zone of a group type; raises ``ValueError`` on an unknown type string."""
    if group_type == DEVELOPMENT:
        return Zone.DEVELOPMENT
    if group_type in (PRE_FIXTURE, PRE_DUT, PRE_PRODUCTION):
        return Zone.TEST
    if group_type in (FIXTURE, DUT, PRODUCTION):
        return Zone.PRODUCTION
    raise ValueError(f"unknown device group type {group_type!r}")


@dataclass(frozen=True)
class Ref:
    """A JSON:API relationship: ``{type, id}``."""

    type: str
    id: str


def _rel(resource: dict[str, Any], name: str) -> Ref | None:
    rel = (resource.get("relationships") or {}).get(name)
    if isinstance(rel, dict) and "data" in rel and isinstance(rel["data"], dict | None):
        rel = rel["data"]
    if not isinstance(rel, dict) or not rel.get("id"):
        return None
    return Ref(type=str(rel.get("type", "")), id=str(rel["id"]))


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    description: str = ""

    @classmethod
    def from_resource(cls, r: dict[str, Any]) -> Product:
        a = r.get("attributes") or {}
        return cls(id=str(r["id"]), name=str(a.get("name", "")), description=str(a.get("description") or ""))


@dataclass(frozen=True)
class DeviceGroup:
    id: str
    type: str
    name: str
    product_id: str | None
    description: str = ""
    dut_target: Ref | None = None
    production_target: Ref | None = None
    current_deployment: Ref | None = None
    min_supported_deployment: Ref | None = None
    load_code_after_blessing: bool | None = None

    @property
    def zone(self) -> Zone:
        return zone_of(self.type)

    @classmethod
    def from_resource(cls, r: dict[str, Any]) -> DeviceGroup:
        a = r.get("attributes") or {}
        product = _rel(r, "product")
        return cls(
            id=str(r["id"]),
            type=str(r["type"]),
            name=str(a.get("name", "")),
            product_id=product.id if product else None,
            description=str(a.get("description") or ""),
            dut_target=_rel(r, "dut_target"),
            production_target=_rel(r, "production_target"),
            current_deployment=_rel(r, "current_deployment"),
            min_supported_deployment=_rel(r, "min_supported_deployment"),
            load_code_after_blessing=a.get("load_code_after_blessing"),
        )


@dataclass(frozen=True)
class Device:
    id: str
    mac_address: str
    agent_id: str
    imp_type: str
    device_online: bool
    name: str = ""
    devicegroup: Ref | None = None
    plan_id: str | None = None

    @property
    def group_id(self) -> str | None:
        return self.devicegroup.id if self.devicegroup else None

    @classmethod
    def from_resource(cls, r: dict[str, Any]) -> Device:
        a = r.get("attributes") or {}
        return cls(
            id=str(r["id"]),
            mac_address=str(a.get("mac_address", "")),
            agent_id=str(a.get("agent_id") or ""),
            imp_type=str(a.get("imp_type") or ""),
            device_online=bool(a.get("device_online")),
            name=str(a.get("name") or ""),
            devicegroup=_rel(r, "devicegroup"),
            plan_id=a.get("plan_id"),
        )


@dataclass(frozen=True)
class Deployment:
    id: str
    sha: str
    devicegroup_id: str | None
    description: str = ""
    created_at: str = ""
    device_code: str | None = None
    agent_code: str | None = None

    @classmethod
    def from_resource(cls, r: dict[str, Any]) -> Deployment:
        a = r.get("attributes") or {}
        group = _rel(r, "devicegroup")
        return cls(
            id=str(r["id"]),
            sha=str(a.get("sha", "")),
            devicegroup_id=group.id if group else None,
            description=str(a.get("description") or ""),
            created_at=str(a.get("created_at") or ""),
            device_code=a.get("device_code"),
            agent_code=a.get("agent_code"),
        )


@dataclass(frozen=True)
class Webhook:
    id: str
    url: str
    event: str
    content_type: str
    devicegroup_id: str | None

    @classmethod
    def from_resource(cls, r: dict[str, Any]) -> Webhook:
        a = r.get("attributes") or {}
        group = _rel(r, "devicegroup")
        return cls(
            id=str(r["id"]),
            url=str(a.get("url", "")),
            event=str(a.get("event", "")),
            content_type=str(a.get("content_type", "")),
            devicegroup_id=group.id if group else None,
        )


@dataclass(frozen=True)
class Blessing:
    """The cloud's answer to a bless call: where the device went and when."""

    id: str
    device_id: str
    passed: bool
    fixture_group_id: str
    production_group_id: str | None
    zone: str
    blessed_at: str

    @classmethod
    def from_resource(cls, r: dict[str, Any]) -> Blessing:
        a = r.get("attributes") or {}
        fixture = _rel(r, "fixture_group")
        prod = _rel(r, "production_group")
        device = _rel(r, "device")
        return cls(
            id=str(r["id"]),
            device_id=device.id if device else str(a.get("device_id", "")),
            passed=bool(a.get("passed")),
            fixture_group_id=fixture.id if fixture else "",
            production_group_id=prod.id if prod else None,
            zone=str(a.get("zone", "")),
            blessed_at=str(a.get("blessed_at", "")),
        )


@dataclass(frozen=True)
class EnrollmentGrant:
    """What ``POST /enroll`` hands out (or ``GET /enroll/{token}`` looks up): a token and, for
    fixtures/dev devices, the developer plan ID. The cloud's word on what a token is."""

    token: str
    token_kind: str  # "factory" | "development"
    plan_id: str | None
    plan_kind: str | None  # "developer" | None
    fixture_group_id: str | None
    expires_at: str
    fixture_group_type: str | None = None  # tells the zone of a factory token's fixture group

    @classmethod
    def from_resource(cls, r: dict[str, Any]) -> EnrollmentGrant:
        a = r.get("attributes") or {}
        fixture = _rel(r, "devicegroup")
        return cls(
            token=str(a.get("token", "")),
            token_kind=str(a.get("token_kind", "")),
            plan_id=a.get("plan_id"),
            plan_kind=a.get("plan_kind"),
            fixture_group_id=fixture.id if fixture else None,
            expires_at=str(a.get("expires_at", "")),
            fixture_group_type=fixture.type if fixture and fixture.type else None,
        )


@dataclass(frozen=True)
class HistoryEntry:
    timestamp: str
    event: str
    owner_id: str | None
    actor_id: str | None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LogEntry:
    ts: str
    type: str
    msg: str


@dataclass(frozen=True)
class AssignResult:
    """Assign/unassign are not atomic in impCentral: some devices may move while others fail."""

    moved: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]  # (device id, reason)
