"""The Libelium SCM emulator's state and rules (in memory, one lock).

Libelium publishes no SCM management API (shared/reference/particle-libelium.md §2), so the factory
side here is our own small REST API — register sales orders and units with their activation codes,
revoke for rework — and the customer side implements what the SCM guide (shared/seeds/libelium-scm.txt)
says its screens do:

* the first account to enter a unit's Single Activation Code owns it ("My Devices");
* a Group Activation Code adds every device of the sales order at once (not its licences);
* a code already used by another account starts a claim: "Transfer pending" for the claimant,
  "Claimed by others" for the owner, who accepts (ownership moves) or refuses;
* an owner shares a device with another account ("Shared with me"); ownership stays;
* licences: single-use licence codes, expiry counted from activation, extension; a service on a device
  needs a managing account (owner or shared) and an active licence with nodes left;
* a bad code is answered with SCM's sentence "Invalid activation code: please check that ...".

Every rule raises :class:`ScmError` (status, code, message) before changing anything.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from station.cloud.libelium import codes

DAY = 86400.0


class ScmError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class SalesOrder:
    id: str
    group_code: str
    customer: str
    created_at: float


@dataclass
class ScmDevice:
    serial_id: str
    family: str
    model: str
    sales_order: str
    code: str  # the live Single Activation Code (normalized)
    registered_at: float
    idempotency_key: str | None = None
    owner: str | None = None
    shared_with: set[str] = field(default_factory=set)
    name: str = ""
    project: str = ""
    description: str = ""


@dataclass
class Claim:
    id: str
    serial_id: str
    claimant: str
    owner: str
    status: str = "pending"  # pending | accepted | refused


@dataclass
class Licence:
    id: str
    code: str
    service: str  # "pcs"
    type: str  # Basic | PRO | Elite
    days: float
    nodes: int
    account: str | None = None
    activated_at: float | None = None
    expires_at: float | None = None
    used_nodes: set[str] = field(default_factory=set)


class ScmService:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self.offset = 0.0
        self.lock = threading.RLock()
        self.factory_keys: dict[str, str] = {}  # key -> factory account name
        self.accounts: dict[str, str] = {}  # customer token -> account name
        self.orders: dict[str, SalesOrder] = {}
        self.devices: dict[str, ScmDevice] = {}
        self.used_codes: dict[str, str] = {}  # every code ever registered (normalized) -> what it is
        self.claims: dict[str, Claim] = {}
        self.licences: dict[str, Licence] = {}
        self.registrations = 0

    def now(self) -> float:
        return self._clock() + self.offset

    # ---------------------------------------------------------------- auth
    def factory(self, header: str | None) -> str:
        key = (header or "")[7:].strip() if (header or "").lower().startswith("bearer ") else ""
        name = self.factory_keys.get(key)
        if name is None:
            raise ScmError(401, "unauthorized", "missing or unknown factory API key")
        return name

    def customer(self, header: str | None) -> str:
        key = (header or "")[7:].strip() if (header or "").lower().startswith("bearer ") else ""
        name = self.accounts.get(key)
        if name is None:
            raise ScmError(401, "unauthorized", "please sign in to your SCM account")
        return name

    def new_account(self, name: str) -> str:
        with self.lock:
            token = secrets.token_hex(16)
            self.accounts[token] = name
            return token

    def new_factory_key(self, name: str) -> str:
        with self.lock:
            key = secrets.token_hex(16)
            self.factory_keys[key] = name
            return key

    # ---------------------------------------------------------------- factory side
    def order_view(self, order: SalesOrder) -> dict[str, Any]:
        units = [d for d in self.devices.values() if d.sales_order == order.id]
        return {"id": order.id, "customer": order.customer, "group_activation_code": codes.pretty(order.group_code),
                "created_at": _iso(order.created_at),
                "devices": [{"serial_id": d.serial_id, "activation_code": codes.pretty(d.code),
                             "owned": d.owner is not None} for d in sorted(units, key=lambda d: d.registered_at)]}

    def get_order(self, order_id: str) -> SalesOrder:
        order = self.orders.get(order_id)
        if order is None:
            raise ScmError(404, "unknown_sales_order", f"no sales order {order_id!r}")
        return order

    def put_order(self, order_id: str, group_code: str, customer: str) -> tuple[dict[str, Any], bool]:
        if not order_id or len(order_id) > 64:
            raise ScmError(422, "invalid_sales_order", "a sales order ID has 1 to 64 characters")
        try:
            code = codes.normalize(group_code)
        except codes.InvalidCode as exc:
            raise ScmError(422, "invalid_activation_code", str(exc)) from exc
        with self.lock:
            existing = self.orders.get(order_id)
            if existing is not None:
                if existing.group_code != code:
                    raise ScmError(409, "group_code_already_set",
                                   f"sales order {order_id} already has its Group Activation Code")
                return self.order_view(existing), False
            if code in self.used_codes:
                raise ScmError(409, "activation_code_reused", "this activation code was used before; codes are "
                               "never reused")
            order = self.orders[order_id] = SalesOrder(order_id, code, customer, self.now())
            self.used_codes[code] = f"group:{order_id}"
            return self.order_view(order), True

    def device_view(self, d: ScmDevice) -> dict[str, Any]:
        return {"serial_id": d.serial_id, "family": d.family, "model": d.model, "sales_order": d.sales_order,
                "activation_code": codes.pretty(d.code), "registered_at": _iso(d.registered_at),
                "owned": d.owner is not None}

    def get_device(self, serial: str) -> ScmDevice:
        try:
            serial_id = codes.normalize_serial(serial)
        except ValueError as exc:
            raise ScmError(422, "invalid_serial_id", str(exc)) from exc
        device = self.devices.get(serial_id)
        if device is None:
            raise ScmError(404, "unknown_device", f"no registered device with serial ID {serial_id}")
        return device

    def register(self, body: dict[str, Any], idempotency_key: str | None) -> tuple[dict[str, Any], bool]:
        """A unit and its Single Activation Code; a replay of the same registration answers 200."""
        try:
            serial_id = codes.normalize_serial(str(body.get("serial_id") or ""))
        except ValueError as exc:
            raise ScmError(422, "invalid_serial_id", str(exc)) from exc
        try:
            code = codes.normalize(str(body.get("activation_code") or ""))
        except codes.InvalidCode as exc:
            raise ScmError(422, "invalid_activation_code", str(exc)) from exc
        family, model = str(body.get("family") or "Plug & Sense!"), str(body.get("model") or "")
        with self.lock:
            order = self.get_order(str(body.get("sales_order") or ""))
            existing = self.devices.get(serial_id)
            if existing is not None:
                if existing.code == code:
                    return self.device_view(existing), False  # the same registration again
                raise ScmError(409, "already_registered", f"serial ID {serial_id} is already registered with "
                               "another activation code; revoke it first (rework)")
            if code in self.used_codes:
                raise ScmError(409, "activation_code_reused", "this activation code was used before; codes are "
                               "never reused")
            device = self.devices[serial_id] = ScmDevice(serial_id, family, model, order.id, code, self.now(),
                                                         idempotency_key)
            self.used_codes[code] = f"unit:{serial_id}"
            self.registrations += 1
            return self.device_view(device), True

    def revoke(self, serial: str) -> None:
        """Rework: the unit's code dies (never reused) and the unit leaves SCM until registered again."""
        with self.lock:
            device = self.get_device(serial)
            if device.owner is not None:
                raise ScmError(409, "owned_by_customer", f"device {device.serial_id} is owned by a customer "
                               "account: its code cannot be revoked at the factory")
            del self.devices[device.serial_id]

    def move(self, serial: str, order_id: str) -> dict[str, Any]:
        with self.lock:
            device = self.get_device(serial)
            order = self.get_order(order_id)
            if device.owner is not None:
                raise ScmError(409, "owned_by_customer", f"device {device.serial_id} is owned by a customer")
            device.sales_order = order.id
            return self.device_view(device)

    # ---------------------------------------------------------------- customer side
    def _find_code(self, code: str) -> tuple[str, Any]:
        try:
            raw = codes.normalize(code)
        except codes.InvalidCode as exc:
            raise ScmError(400, "invalid_activation_code", codes.INVALID_CODE) from exc
        for device in self.devices.values():
            if device.code == raw:
                return "single", device
        for order in self.orders.values():
            if order.group_code == raw:
                return "group", order
        raise ScmError(400, "invalid_activation_code", codes.INVALID_CODE)  # unknown or revoked

    def add_devices(self, account: str, code: str) -> dict[str, Any]:
        with self.lock:
            kind, thing = self._find_code(code)
            devices = [thing] if kind == "single" else [
                d for d in self.devices.values() if d.sales_order == thing.id]
            added, pending, already = [], [], []
            for d in devices:
                if d.owner is None:
                    d.owner = account
                    added.append(d.serial_id)
                elif d.owner == account:
                    already.append(d.serial_id)
                else:
                    claim = next((c for c in self.claims.values() if c.serial_id == d.serial_id
                                  and c.claimant == account and c.status == "pending"), None)
                    if claim is None:
                        claim = Claim(secrets.token_hex(6), d.serial_id, account, d.owner)
                        self.claims[claim.id] = claim
                    pending.append(d.serial_id)
            return {"code_type": kind, "added": added, "transfer_pending": pending, "already_owned": already}

    def panels(self, account: str) -> dict[str, Any]:
        with self.lock:
            mine = [{**self._row(d), "status": "owned"} for d in self.devices.values() if d.owner == account]
            mine += [{**self._row(self.devices[c.serial_id]), "status": "Transfer pending", "claim_id": c.id}
                     for c in self.claims.values() if c.claimant == account and c.status == "pending"
                     and c.serial_id in self.devices]
            shared = [self._row(d) for d in self.devices.values() if account in d.shared_with]
            claimed = [{**self._row(self.devices[c.serial_id]), "claim_id": c.id, "claimant": c.claimant}
                       for c in self.claims.values() if c.owner == account and c.status == "pending"
                       and c.serial_id in self.devices]
            return {"my_devices": mine, "shared_with_me": shared, "claimed_by_others": claimed}

    def _row(self, d: ScmDevice) -> dict[str, Any]:
        return {"serial_id": d.serial_id, "family": d.family, "model": d.model, "name": d.name,
                "project": d.project, "description": d.description, "shared_with": sorted(d.shared_with)}

    def decide_claim(self, account: str, claim_id: str, accept: bool) -> dict[str, Any]:
        with self.lock:
            claim = self.claims.get(claim_id)
            if claim is None or claim.owner != account:
                raise ScmError(404, "unknown_claim", f"no claim {claim_id!r} on your devices")
            if claim.status != "pending":
                raise ScmError(409, "claim_decided", f"claim {claim_id} was already {claim.status}")
            device = self.devices[claim.serial_id]
            if device.owner != account:
                raise ScmError(409, "not_owner", "you no longer own this device")
            claim.status = "accepted" if accept else "refused"
            if accept:
                device.owner, device.shared_with = claim.claimant, set()  # full ownership moves
                for other in self.claims.values():
                    if other.serial_id == device.serial_id and other.status == "pending":
                        other.owner = claim.claimant
            return {"claim_id": claim.id, "status": claim.status, "owner": device.owner}

    def share(self, account: str, serial: str, other: str, on: bool) -> dict[str, Any]:
        with self.lock:
            device = self.get_device(serial)
            if device.owner != account:
                raise ScmError(403, "not_owner", "only the owner of a device can share it")
            if other not in self.accounts.values():
                raise ScmError(404, "unknown_account", f"no SCM account {other!r}")
            if other == account:
                raise ScmError(422, "share_with_self", "you own this device already")
            (device.shared_with.add if on else device.shared_with.discard)(other)
            return self._row(device)

    # ---------------------------------------------------------------- licences and services
    def new_licence_code(self, service: str, type_: str, days: float, nodes: int) -> str:
        with self.lock:
            code = codes.new_code()
            raw = codes.normalize(code)
            self.licences[raw] = Licence(secrets.token_hex(4), raw, service, type_, days, nodes)
            self.used_codes[raw] = "licence"
            return code

    def licence_view(self, lic: Licence) -> dict[str, Any]:
        now = self.now()
        return {"id": lic.id, "service": lic.service, "type": lic.type, "nodes": lic.nodes,
                "nodes_used": len(lic.used_nodes), "activated": _iso(lic.activated_at or now),
                "expires": _iso(lic.expires_at or now),
                "days_remaining": max(0, int(((lic.expires_at or now) - now) // DAY)),
                "status": "active" if (lic.expires_at or 0) > now else "expired"}

    def add_licence(self, account: str, code: str) -> dict[str, Any]:
        try:
            raw = codes.normalize(code)
        except codes.InvalidCode as exc:
            raise ScmError(400, "invalid_activation_code", codes.INVALID_CODE) from exc
        with self.lock:
            lic = self.licences.get(raw)
            if lic is None:
                raise ScmError(400, "invalid_activation_code", codes.INVALID_CODE)
            if lic.account is not None:
                raise ScmError(409, "licence_code_used", "this licence activation code was already used: one "
                               "licence applies to one account only")
            lic.account, lic.activated_at = account, self.now()
            lic.expires_at = lic.activated_at + lic.days * DAY  # time runs from activation
            return self.licence_view(lic)

    def my_licences(self, account: str) -> dict[str, Any]:
        with self.lock:
            views = [self.licence_view(lic) for lic in self.licences.values() if lic.account == account]
            return {"active": [v for v in views if v["status"] == "active"],
                    "expired": [v for v in views if v["status"] == "expired"]}

    def extend(self, account: str, licence_id: str, days: float) -> dict[str, Any]:
        if not 0 < days <= 3650:
            raise ScmError(422, "invalid_period", "extend by 1 to 3650 days")
        with self.lock:
            lic = next((x for x in self.licences.values() if x.id == licence_id and x.account == account), None)
            if lic is None:
                raise ScmError(404, "unknown_licence", f"no licence {licence_id!r} in your account")
            assert lic.expires_at is not None
            lic.expires_at = max(lic.expires_at, self.now()) + days * DAY
            return self.licence_view(lic)

    def program(self, account: str, serial: str, service: str = "pcs") -> dict[str, Any]:
        """Use a service on a device: Device + License = Service."""
        with self.lock:
            device = self.get_device(serial)
            if device.owner != account and account not in device.shared_with:
                raise ScmError(403, "no_managing_permission", f"device {device.serial_id} is not in your "
                               "devices: activate it with its activation code, or ask its owner to share it")
            now = self.now()
            mine = [x for x in self.licences.values() if x.account == account and x.service == service]
            live = [x for x in mine if (x.expires_at or 0) > now]
            if not live:
                if mine:
                    last = max(x.expires_at or 0 for x in mine)
                    raise ScmError(402, "licence_expired", f"your {service.upper()} licence expired on "
                                   f"{_iso(last)}: extend it or add a new licence")
                raise ScmError(402, "licence_required", f"the {service.upper()} service needs a licence")
            lic = next((x for x in live if device.serial_id in x.used_nodes or len(x.used_nodes) < x.nodes), None)
            if lic is None:
                raise ScmError(402, "licence_nodes_used", "every node of your licence is in use: upgrade it")
            lic.used_nodes.add(device.serial_id)
            return {"serial_id": device.serial_id, "service": service, "licence": lic.id,
                    "binary": f"pcs-{device.serial_id}.hex"}
