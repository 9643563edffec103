"""The Particle emulator's state and rules (in memory, one lock): products, devices, groups, firmware.

Routes (:mod:`station.cloud.particle.emulator`) only parse and authenticate; every rule is here and
raises :class:`ParticleError` carrying the status and the body Particle answers with
(``{"ok": false, "error": ...}``, or OAuth's ``{"error": "invalid_token", ...}`` for a bad token).

Simulated devices are Particle devices: each has a 24-hex device ID, a serial number, a platform, an
owner (or none), and reports its running ``firmware_version`` at every handshake. An online device
takes an OTA at once when it is locked with ``flash=true``; otherwise at its next handshake, to the
version the precedence rule (:func:`~station.cloud.particle.rules.targeted_version`) gives it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from station.cloud.particle import rules

SERIAL_LOOKUPS_PER_HOUR = 50
STATION_SCOPES = frozenset({
    "devices:import", "devices:list", "devices:get", "devices:update", "devices:remove", "devices:release",
    "groups:create", "groups:list", "groups:get", "groups:update", "groups.impact:get",
    "firmware:list", "firmware:get", "serial_numbers:get",
})
ALL_SCOPES = STATION_SCOPES | {"firmware:create", "firmware:release", "groups:remove"}


class ParticleError(Exception):
    def __init__(self, status: int, error: str, description: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.body: dict[str, Any] = {"ok": False, "error": error}
        if description:
            self.body["error_description"] = description
        self.headers = headers or {}


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Token:
    user: str
    scopes: frozenset[str]
    product_id: int | None  # an API user's token is scoped to one product; None = a person's token


@dataclass
class Firmware:
    version: int
    title: str
    description: str
    size: int
    uploaded_at: float
    uploaded_by: str
    released: bool = False


@dataclass
class Group:
    name: str
    description: str = ""
    color: str = "#777777"
    release: int | None = None  # a group-targeted firmware release


@dataclass
class Product:
    id: int
    slug: str
    name: str
    platform_id: int
    team: set[str] = field(default_factory=set)
    firmware: dict[int, Firmware] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    default_version: int | None = None


@dataclass
class Device:
    id: str
    serial: str
    platform_id: int
    iccid: str
    firmware_version: int | None  # what the device reported at its last handshake
    system_firmware: str = "6.2.1"
    owner: str | None = None
    product_id: int | None = None
    name: str = ""
    notes: str = ""
    groups: list[str] = field(default_factory=list)
    development: bool = False
    desired: int | None = None
    online: bool = True
    last_handshake: float | None = None
    flashes: int = 0  # OTAs the device received (tests check "flashed once")
    imports: int = 0  # times it joined a product (tests check "imported once")


class ParticleService:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self.offset = 0.0
        self.lock = threading.RLock()
        self.products: dict[int, Product] = {}
        self.devices: dict[str, Device] = {}
        self.tokens: dict[str, Token] = {}
        self._lookups: dict[str, list[float]] = {}
        self.calls: dict[str, int] = {}

    def now(self) -> float:
        return self._clock() + self.offset

    # ---------------------------------------------------------------- admin (simulation)
    def add_product(self, product_id: int, slug: str, name: str, platform_id: int, team: set[str]) -> Product:
        with self.lock:
            product = Product(product_id, slug, name, platform_id, set(team))
            self.products[product_id] = product
            return product

    def issue_token(self, user: str, scopes: frozenset[str], product_id: int | None) -> str:
        with self.lock:
            token = secrets.token_hex(20)
            self.tokens[token] = Token(user, frozenset(scopes), product_id)
            return token

    def manufacture(self, platform_id: int, count: int = 1, *, owner: str | None = None,
                    firmware_version: int | None = 1, serial_prefix: str = "P",
                    ids: list[tuple[str, str]] | None = None) -> list[Device]:
        """Devices as they leave Particle's factory: ID, serial, platform, factory firmware."""
        made = []
        with self.lock:
            pairs = ids or [(secrets.token_hex(12), f"{serial_prefix}{secrets.token_hex(6).upper()}")
                            for _ in range(count)]
            for device_id, serial in pairs:
                device_id = device_id.lower()
                if not rules.DEVICE_ID.match(device_id):
                    raise ParticleError(400, f"{device_id!r} is not a 24-hex-digit Particle device ID")
                if device_id in self.devices:
                    made.append(self.devices[device_id])
                    continue
                device = Device(device_id, serial, platform_id, "8934" + secrets.token_hex(8)[:16],
                                firmware_version, owner=owner)
                self.devices[device_id] = device
                made.append(device)
        return made

    def handshake(self, device_id: str) -> Device:
        """The device connects: it reports its firmware and takes the OTA its target says."""
        with self.lock:
            device = self._device(device_id)
            device.online = True
            device.last_handshake = self.now()
            self._ota(device)
            return device

    def set_online(self, device_id: str, online: bool) -> Device:
        with self.lock:
            device = self._device(device_id)
            device.online = online
            if online:
                device.last_handshake = self.now()
            return device

    def customer_claim(self, device_id: str, customer: str) -> Device:
        with self.lock:
            device = self._device(device_id)
            if device.owner and device.owner != customer:
                raise ParticleError(403, "Device is claimed by another user")
            device.owner = customer
            return device

    # ---------------------------------------------------------------- auth
    def auth(self, header: str | None, scope: str | None, product: str | None = None) -> tuple[Token, Product | None]:
        with self.lock:
            self.calls["total"] = self.calls.get("total", 0) + 1
            token = None
            if header and header.lower().startswith("bearer "):
                token = self.tokens.get(header[7:].strip())
            if token is None:
                raise ParticleError(401, "invalid_token", "The access token provided is invalid.")
            if scope and scope not in token.scopes:
                raise ParticleError(403, "Forbidden", f"this token lacks the scope {scope}")
            prod = self._product(product, token) if product is not None else None
            return token, prod

    def _product(self, ident: str, token: Token) -> Product:
        found = None
        for p in self.products.values():
            if ident == str(p.id) or ident == p.slug:
                found = p
        if found is None or (token.product_id is not None and token.product_id != found.id) or (
                token.product_id is None and token.user not in found.team):
            raise ParticleError(404, "Product not found", f"no product {ident!r} for this token")
        return found

    def _device(self, ident: str) -> Device:
        device = self.devices.get(ident.lower())
        if device is None:
            raise ParticleError(404, "Device not found.")
        return device

    def _product_device(self, product: Product, ident: str) -> Device:
        device = self.devices.get(ident.lower())
        if device is None or device.product_id != product.id:
            for d in self.devices.values():  # Particle also takes the device name here
                if d.product_id == product.id and d.name and d.name == ident:
                    return d
            raise ParticleError(404, "Device not found.", f"device {ident} is not in product {product.id}")
        return device

    # ---------------------------------------------------------------- devices
    def record(self, device: Device) -> dict[str, Any]:
        product = self.products.get(device.product_id) if device.product_id else None
        return {
            "id": device.id, "name": device.name or None, "serial_number": device.serial, "iccid": device.iccid,
            "imei": None, "mac_wifi": None, "platform_id": device.platform_id,
            "product_id": device.product_id, "firmware_product_id": device.product_id,
            "firmware_version": device.firmware_version, "desired_firmware_version": device.desired,
            "targeted_firmware_release_version": self._target(device, product) if product else None,
            "system_firmware_version": device.system_firmware, "groups": list(device.groups),
            "development": device.development, "quarantined": False, "denied": False,
            "owner": device.owner, "notes": device.notes or None, "online": device.online,
            "connected": device.online,
            "last_handshake_at": _iso(device.last_handshake) if device.last_handshake else None,
            "last_heard": _iso(device.last_handshake) if device.last_handshake else None,
            "cellular": device.platform_id in (10, 13, 23, 25, 26, 35), "functions": [], "variables": {},
        }

    def _target(self, device: Device, product: Product) -> int | None:
        releases = [product.groups[g].release for g in device.groups
                    if g in product.groups and product.groups[g].release is not None]
        return rules.targeted_version(development=device.development, locked=device.desired,
                                      group_releases=[r for r in releases if r is not None],
                                      product_default=product.default_version)

    def _ota(self, device: Device) -> None:
        product = self.products.get(device.product_id) if device.product_id else None
        if product is None or not device.online:
            return
        target = self._target(device, product)
        if target is not None and target != device.firmware_version:
            device.firmware_version = target
            device.flashes += 1

    def list_devices(self, product: Product, *, device_id: str | None = None, name: str | None = None,
                     groups: list[str] | None = None, serial: str | None = None, page: int = 1,
                     per_page: int = 25) -> dict[str, Any]:
        with self.lock:
            found = [d for d in self.devices.values() if d.product_id == product.id]
            if device_id:
                found = [d for d in found if d.id.startswith(device_id.lower())]
            if name:
                found = [d for d in found if name in d.name]
            if serial:
                found = [d for d in found if d.serial == serial]
            if groups:
                found = [d for d in found if set(groups) & set(d.groups)]
            per_page = max(1, min(per_page, 100))
            pages = max(1, -(-len(found) // per_page))
            chunk = found[(page - 1) * per_page: page * per_page]
            return {"devices": [self.record(d) for d in chunk], "customers": [],
                    "meta": {"total_pages": pages, "total_records": len(found)}}

    def get_device(self, product: Product, ident: str) -> dict[str, Any]:
        with self.lock:
            return self.record(self._product_device(product, ident))

    def import_devices(self, product: Product, idents: list[str], token: Token,
                       claim_user: str | None = None) -> dict[str, Any]:
        """The partitioned answer: updated / existing / nonmember (owned by another) / invalid."""
        out: dict[str, list[str]] = {"updatedDeviceIds": [], "existingDeviceIds": [], "nonmemberDeviceIds": [],
                                     "invalidDeviceIds": []}
        with self.lock:
            for ident in idents:
                ident = ident.strip()
                device = self.devices.get(ident.lower()) or next(
                    (d for d in self.devices.values() if d.serial == ident), None)
                if device is None or device.platform_id != product.platform_id:
                    out["invalidDeviceIds"].append(ident)
                elif device.product_id == product.id:
                    out["existingDeviceIds"].append(device.id)
                elif device.product_id is not None or (
                        device.owner and device.owner not in product.team and device.owner != claim_user):
                    out["nonmemberDeviceIds"].append(device.id)
                else:
                    device.product_id = product.id
                    device.imports += 1
                    device.groups, device.desired, device.development = [], None, False
                    if claim_user:
                        device.owner = claim_user
                    out["updatedDeviceIds"].append(device.id)
        return {"updated": len(out["updatedDeviceIds"]), **out}

    def update_device(self, product: Product, ident: str, changes: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            device = self._product_device(product, ident)
            # Check everything first: a refused update changes nothing.
            desired = device.desired
            if "desired_firmware_version" in changes:
                value = changes["desired_firmware_version"]
                if value is None or value == "null" or value == "":
                    desired = None
                else:
                    try:
                        desired = rules.check_version(value)
                    except rules.RuleError as exc:
                        raise ParticleError(400, str(exc)) from exc
                    if desired not in product.firmware:
                        raise ParticleError(404, f"Firmware version {desired} does not exist in this product")
            groups = device.groups
            if "groups" in changes:
                raw = changes["groups"]
                names = [raw] if isinstance(raw, str) else list(raw or [])
                try:
                    groups = sorted({rules.check_group_name(str(g)) for g in names})
                except rules.RuleError as exc:
                    raise ParticleError(400, str(exc)) from exc
            development = as_bool(changes.get("development"), device.development)
            if "name" in changes and changes["name"] is not None:
                name = str(changes["name"])
                if not name or len(name) > 63 or any(c.isspace() for c in name):
                    raise ParticleError(400, f"invalid device name {name!r}")
                clash = next((d for d in self.devices.values() if d is not device and d.owner == device.owner
                              and d.product_id == device.product_id and d.name == name), None)
                if clash is not None:
                    raise ParticleError(400, f"device name {name!r} is already taken")
                device.name = name
            if "notes" in changes and changes["notes"] is not None:
                device.notes = str(changes["notes"])[:1000]
            for g in groups:
                product.groups.setdefault(g, Group(g))  # unknown group names are created
            device.groups, device.desired, device.development = groups, desired, development
            if as_bool(changes.get("flash"), False) and desired is not None:
                self._ota(device)  # "lock and flash now": only when online; else at the next handshake
            return self.record(device)

    def batch_groups(self, product: Product, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("action") != "groups":
            raise ParticleError(400, "unknown action", "only action=groups is supported")
        meta = body.get("metadata") or {}
        try:
            add = [rules.check_group_name(str(g)) for g in meta.get("add") or []]
            remove = [str(g) for g in meta.get("remove") or []]
        except rules.RuleError as exc:
            raise ParticleError(400, str(exc)) from exc
        with self.lock:
            targets = [self._product_device(product, str(i)) for i in body.get("devices") or []]
            for g in add:
                product.groups.setdefault(g, Group(g))
            for d in targets:
                d.groups = sorted((set(d.groups) | set(add)) - set(remove))
            return {"action": "groups", "devices": [d.id for d in targets]}

    def remove_device(self, product: Product, ident: str) -> None:
        """Back to a generic product; a customer-owned device is unclaimed too (Particle's rule)."""
        with self.lock:
            device = self._product_device(product, ident)
            device.product_id, device.groups, device.desired, device.development = None, [], None, False
            device.owner, device.name = None, ""

    def unclaim(self, product: Product, ident: str) -> None:
        with self.lock:
            self._product_device(product, ident).owner = None

    def lookup_serial(self, token: Token, serial: str) -> dict[str, Any]:
        with self.lock:
            now = self.now()
            window = [t for t in self._lookups.get(token.user, []) if now - t < 3600.0]
            if len(window) >= SERIAL_LOOKUPS_PER_HOUR:
                wait = int(3600.0 - (now - window[0])) + 1
                raise ParticleError(429, "Too many requests",
                                    f"serial number lookups are limited to {SERIAL_LOOKUPS_PER_HOUR} per hour",
                                    {"Retry-After": str(wait), "X-RateLimit-Limit": str(SERIAL_LOOKUPS_PER_HOUR),
                                     "X-RateLimit-Remaining": "0"})
            window.append(now)
            self._lookups[token.user] = window
            self.calls["serial_lookups"] = self.calls.get("serial_lookups", 0) + 1
            device = next((d for d in self.devices.values() if d.serial == serial), None)
            if device is None:
                raise ParticleError(404, "Serial number not found", f"no device has serial number {serial!r}")
            return {"ok": True, "serial_number": device.serial, "device_id": device.id,
                    "deviceID": device.id, "platform_id": device.platform_id, "iccid": device.iccid}

    # ---------------------------------------------------------------- groups
    def group_view(self, product: Product, group: Group) -> dict[str, Any]:
        count = sum(1 for d in self.devices.values() if d.product_id == product.id and group.name in d.groups)
        return {"name": group.name, "description": group.description, "color": group.color,
                "fw_version": group.release, "device_count": count}

    def create_group(self, product: Product, name: str, description: str = "", color: str = "") -> dict[str, Any]:
        try:
            rules.check_group_name(name)
        except rules.RuleError as exc:
            raise ParticleError(400, str(exc)) from exc
        with self.lock:
            if name in product.groups:
                raise ParticleError(400, f"group {name!r} already exists")
            group = product.groups[name] = Group(name, description, color or "#777777")
            return self.group_view(product, group)

    def get_group(self, product: Product, name: str) -> Group:
        group = product.groups.get(name)
        if group is None:
            raise ParticleError(404, "Group not found", f"no group {name!r} in product {product.id}")
        return group

    def delete_group(self, product: Product, name: str) -> None:
        with self.lock:
            self.get_group(product, name)
            del product.groups[name]
            for d in self.devices.values():
                if d.product_id == product.id and name in d.groups:
                    d.groups.remove(name)

    # ---------------------------------------------------------------- firmware
    def firmware_view(self, product: Product, fw: Firmware) -> dict[str, Any]:
        groups = [g.name for g in product.groups.values() if g.release == fw.version]
        return {"version": fw.version, "title": fw.title, "description": fw.description, "size": fw.size,
                "name": f"{fw.title}.bin", "product_id": product.id, "product_default":
                product.default_version == fw.version, "current": product.default_version == fw.version,
                "groups": groups, "uploaded_on": _iso(fw.uploaded_at), "uploaded_at": _iso(fw.uploaded_at),
                "uploaded_by": fw.uploaded_by, "device_count": sum(
                    1 for d in self.devices.values() if d.product_id == product.id and d.firmware_version ==
                    fw.version)}

    def upload_firmware(self, product: Product, version: object, title: str, description: str, binary: bytes,
                        user: str) -> dict[str, Any]:
        try:
            v = rules.check_version(version)
            info = rules.read_binary(binary)
        except rules.RuleError as exc:
            raise ParticleError(400, str(exc)) from exc
        if info.version != v:
            raise ParticleError(400, f"version {v} does not match the binary's PRODUCT_VERSION({info.version})")
        if info.platform_id != product.platform_id:
            raise ParticleError(400, f"the binary is for platform {info.platform_id}, the product is platform "
                                     f"{product.platform_id} ({rules.PLATFORMS.get(product.platform_id, '?')})")
        if info.product_id is not None and info.product_id != product.id:
            raise ParticleError(400, f"the binary says PRODUCT_ID({info.product_id}), this is product {product.id}")
        if not title:
            raise ParticleError(400, "title is required")
        with self.lock:
            if v in product.firmware:
                raise ParticleError(400, f"version {v} already exists", "upload a new version number")
            fw = product.firmware[v] = Firmware(v, title, description, len(binary), self.now(), user)
            return self.firmware_view(product, fw)

    def release_firmware(self, product: Product, version: object, product_default: bool,
                         groups: list[str]) -> dict[str, Any]:
        try:
            v = rules.check_version(version)
        except rules.RuleError as exc:
            raise ParticleError(400, str(exc)) from exc
        with self.lock:
            fw = product.firmware.get(v)
            if fw is None:
                raise ParticleError(404, f"Firmware version {v} does not exist in this product")
            if not fw.released and not any(d.product_id == product.id and d.firmware_version == v
                                            for d in self.devices.values()):
                raise ParticleError(400, "Firmware must be running on at least one device before it can be released",
                                    "lock a test device to it first")
            for g in groups:
                self.get_group(product, g)
            if product_default:
                product.default_version = v
            for g in groups:
                product.groups[g].release = v
            fw.released = True
            return {"ok": True, "version": v, "product_default": product_default, "groups": groups,
                    "intelligent": False}


def as_bool(value: object, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "yes", "on")
