"""Particle Cloud API client for a station: a product-scoped API user's token, on one session.

The rules Particle documents for machine clients (shared/reference/particle-libelium.md §1.9):

* a **401 is never retried** (the token expired or was rotated when its scopes changed: a person
  must issue a new one) — it raises :class:`~station.cloud.errors.CloudAuthError` at once;
* a **429 is backed off** (``Retry-After``) and retried, up to the patience we are given;
* idempotent calls (GET/PUT/DELETE) are retried after a dropped connection or a 5xx, and so is the
  import POST, because Particle answers a repeated import with ``existingDeviceIds`` (success);
* the serial lookup is limited to 50 an hour per user: answers are cached, and once a unit is in
  the product the product's device list (filtered by serial, no special limit) is asked first.

Every attempt is reported to ``on_call`` as a :class:`~station.cloud.client.CloudCall` (no token).
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from station import __version__
from station.cloud.client import CloudCall
from station.cloud.credentials import check_endpoint
from station.cloud.errors import CloudHTTPError, CloudNotFound, CloudUnavailable, http_error_class
from station.cloud.particle.rules import DEVICE_ID
from station.cloud.sync import StateCache

TOKEN_ENV = "STATION_PARTICLE_TOKEN"
RETRY_STATUSES = frozenset({500, 502, 503, 504})
SERIAL_CACHE_KEY = "particle.device_id_of_serial:"


@dataclass(frozen=True)
class ImportResult:
    """Particle's partitioned import answer."""

    updated: tuple[str, ...]
    existing: tuple[str, ...]
    nonmember: tuple[str, ...]
    invalid: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Particle CLI's rule: success when the device was updated or already there."""
        return bool(self.updated or self.existing)


@dataclass(frozen=True)
class ProductDevice:
    """The product device record fields the station checks."""

    id: str
    name: str
    serial_number: str
    platform_id: int
    product_id: int | None
    firmware_version: int | None
    desired_firmware_version: int | None
    targeted_firmware_release_version: int | None
    groups: tuple[str, ...]
    development: bool
    owner: str | None
    online: bool
    notes: str

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ProductDevice:
        return cls(
            id=str(d["id"]), name=str(d.get("name") or ""), serial_number=str(d.get("serial_number") or ""),
            platform_id=int(d.get("platform_id") or 0), product_id=d.get("product_id"),
            firmware_version=d.get("firmware_version"), desired_firmware_version=d.get("desired_firmware_version"),
            targeted_firmware_release_version=d.get("targeted_firmware_release_version"),
            groups=tuple(d.get("groups") or ()), development=bool(d.get("development")), owner=d.get("owner"),
            online=bool(d.get("online")), notes=str(d.get("notes") or ""),
        )


@dataclass(frozen=True)
class ProductInfo:
    id: int
    slug: str
    name: str
    platform_id: int


@dataclass(frozen=True)
class FirmwareInfo:
    version: int
    title: str
    product_default: bool
    groups: tuple[str, ...]

    @property
    def released(self) -> bool:
        return self.product_default or bool(self.groups)


class ParticleClient:
    """One API user's session with the Particle Cloud (or the emulator) for one product."""

    def __init__(self, endpoint: str, token: str, product: str | int, *, timeout: float = 10.0,
                 on_call: Callable[[CloudCall], None] | None = None, max_attempts: int = 5,
                 backoff_s: float = 0.2, backoff_max_s: float = 5.0, max_rate_wait_s: float = 30.0,
                 sleep: Callable[[float], None] = time.sleep, session: requests.Session | None = None,
                 serial_cache: StateCache | None = None) -> None:
        if not token:
            raise ValueError("the Particle API user token is empty")
        self.endpoint = check_endpoint(endpoint)
        self._token = token
        self.product = str(product)
        self.timeout = timeout
        self.on_call = on_call
        self.max_attempts = max(1, max_attempts)
        self.backoff_s, self.backoff_max_s, self.max_rate_wait_s = backoff_s, backoff_max_s, max_rate_wait_s
        self._sleep = sleep
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = f"factory-station/{__version__}"
        self._rng = random.Random()
        self._serials: dict[str, str] = {}
        self._serials_lock = threading.Lock()
        # A device ID never changes, and Particle allows 50 serial lookups an hour: what was learnt is kept
        # where it survives a restart (the station's database), so a restarted station does not spend the
        # hour's lookups again on the units it already knew.
        self._serial_cache = serial_cache

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> ParticleClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing
    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                body: dict[str, Any] | None = None, retry_post: bool = False) -> Any:
        """One call with retries and recording; JSON answer (None for 204), or a typed error."""
        retryable = method != "POST" or retry_post
        attempt = 0
        while True:
            attempt += 1
            request_id = str(uuid.uuid4())
            started = time.perf_counter()
            try:
                resp = self._session.request(method, self.endpoint + path, params=params, json=body,
                                             headers={"Authorization": f"Bearer {self._token}",
                                                      "Accept": "application/json", "X-Request-Id": request_id},
                                             timeout=self.timeout, allow_redirects=False)
                resp.content  # noqa: B018 - read it all now: a cut-off answer fails here
            except requests.RequestException as exc:
                kind = type(exc).__name__
                self._record(method, path, None, started, request_id, False, kind, attempt)
                if retryable and attempt < self.max_attempts:
                    self._sleep(self._backoff(attempt))
                    continue
                raise CloudUnavailable(f"Particle {method} {path}: no answer after {attempt} attempt(s) ({kind})"
                                       ) from exc
            ok = resp.status_code < 400
            self._record(method, path, resp.status_code, started, request_id, ok,
                         None if ok else f"{resp.status_code} {_error_of(resp)[0]}", attempt)
            if ok:
                if resp.status_code == 204 or not resp.content:
                    return None
                try:
                    return resp.json()
                except ValueError as exc:
                    raise CloudHTTPError(method, path, resp.status_code, [
                        {"title": "Bad response", "detail": "Particle answered with something that is not JSON",
                         "code": "NOT_JSON"}]) from exc
            if resp.status_code == 429 and attempt < self.max_attempts:
                self._sleep(self._rate_wait(resp))
                continue
            if resp.status_code in RETRY_STATUSES and retryable and attempt < self.max_attempts:
                self._sleep(self._backoff(attempt))
                continue
            error, description = _error_of(resp)  # 401 included: never retried
            raise http_error_class(resp.status_code)(
                method, path, resp.status_code, [{"title": error, "detail": description, "code": error}],
                resp.headers.get("X-Request-Id") or request_id)

    def _record(self, method: str, path: str, status: int | None, started: float, request_id: str, ok: bool,
                error: str | None, attempt: int) -> None:
        if self.on_call is not None:
            self.on_call(CloudCall(method, path, status, round((time.perf_counter() - started) * 1000, 3),
                                   request_id, None, ok, error, attempt))

    def _backoff(self, attempt: int) -> float:
        return min(self.backoff_max_s, self.backoff_s * 2 ** (attempt - 1)) * (0.5 + self._rng.random() / 2)

    def _rate_wait(self, resp: requests.Response) -> float:
        after = resp.headers.get("Retry-After", "").strip()
        wait = float(after) if after.replace(".", "", 1).isdigit() else 1.0
        return max(0.0, min(wait, self.max_rate_wait_s))

    def _p(self, product: str | None) -> str:
        return f"/v1/products/{product or self.product}"

    # ------------------------------------------------------------------ product, firmware, groups
    def product_info(self, product: str | None = None) -> ProductInfo:
        p = self.request("GET", self._p(product))["product"]
        return ProductInfo(int(p["id"]), str(p.get("slug") or ""), str(p.get("name") or ""), int(p["platform_id"]))

    def firmware(self) -> list[FirmwareInfo]:
        return [FirmwareInfo(int(f["version"]), str(f.get("title") or ""), bool(f.get("product_default")),
                             tuple(f.get("groups") or ())) for f in self.request("GET", self._p(None) + "/firmware")]

    def groups(self) -> list[str]:
        return [str(g["name"]) for g in self.request("GET", self._p(None) + "/groups")["groups"]]

    # ------------------------------------------------------------------ devices
    def device(self, ident: str, product: str | None = None) -> ProductDevice:
        return ProductDevice.from_json(self.request("GET", f"{self._p(product)}/devices/{ident}"))

    def devices(self, *, serial: str | None = None, groups: list[str] | None = None) -> list[ProductDevice]:
        out: list[ProductDevice] = []
        page = 1
        while True:
            params: dict[str, Any] = {"page": page, "per_page": 100}
            if serial:
                params["serialNumber"] = serial
            if groups:
                params["groups"] = ",".join(groups)
            doc = self.request("GET", self._p(None) + "/devices", params=params)
            out += [ProductDevice.from_json(d) for d in doc.get("devices") or []]
            if page >= int((doc.get("meta") or {}).get("total_pages") or 1):
                return out
            page += 1

    def import_device(self, ident: str, product: str | None = None, *, import_sims: bool = False) -> ImportResult:
        body: dict[str, Any] = {"id": ident}
        if import_sims:
            body["import_sims"] = True
        doc = self.request("POST", self._p(product) + "/devices", body=body, retry_post=True)
        return ImportResult(*(tuple(doc.get(k) or ()) for k in (
            "updatedDeviceIds", "existingDeviceIds", "nonmemberDeviceIds", "invalidDeviceIds")))

    def update_device(self, device_id: str, **changes: Any) -> ProductDevice:
        return ProductDevice.from_json(self.request("PUT", f"{self._p(None)}/devices/{device_id}", body=changes))

    def remove_device(self, device_id: str, product: str | None = None) -> None:
        self.request("DELETE", f"{self._p(product)}/devices/{device_id}")

    def unclaim_device(self, device_id: str, product: str | None = None) -> None:
        self.request("DELETE", f"{self._p(product)}/devices/{device_id}/owner")

    # ------------------------------------------------------------------ serial numbers
    def device_id_for_serial(self, serial: str) -> str:
        """Cache → the product's device list → the rate-limited serial lookup (cached)."""
        with self._serials_lock:
            cached = self._serials.get(serial)
        if cached:
            return cached
        kept = self._serial_cache.get(SERIAL_CACHE_KEY + serial) if self._serial_cache is not None else None
        if kept and DEVICE_ID.fullmatch(str(kept.get("device_id", ""))):
            with self._serials_lock:
                self._serials[serial] = str(kept["device_id"])
            return str(kept["device_id"])
        found = self.devices(serial=serial)
        if found:
            device_id = found[0].id
        else:
            try:
                doc = self.request("GET", f"/v1/serial_numbers/{serial}")
            except CloudNotFound as exc:
                raise CloudNotFound(exc.method, exc.path, 404, [{
                    "title": "Serial number not found", "code": "unknown-serial",
                    "detail": f"Particle knows no device with serial number {serial!r}"}]) from exc
            device_id = str(doc.get("device_id") or doc.get("deviceID"))
        with self._serials_lock:
            self._serials[serial] = device_id
        if self._serial_cache is not None:
            self._serial_cache.put(SERIAL_CACHE_KEY + serial, {"device_id": device_id})
        return device_id


def _error_of(resp: requests.Response) -> tuple[str, str]:
    try:
        doc = resp.json()
    except ValueError:
        return resp.reason or "Error", (resp.text or "")[:200]
    if not isinstance(doc, dict):
        return resp.reason or "Error", str(doc)[:200]
    return str(doc.get("error") or resp.reason or "Error"), str(doc.get("error_description") or doc.get("info")
                                                                  or doc.get("error") or "")
