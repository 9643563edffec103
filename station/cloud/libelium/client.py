"""Libelium SCM factory client: register sales orders and units with their activation codes.

Same manners as the other clients: a timeout on every call, every attempt reported as a
:class:`~station.cloud.client.CloudCall` (never the key, never a code), GET/PUT/DELETE and keyed
POSTs retried after a dropped connection or a 5xx, 429 waited out, 401 never retried, errors as typed
:class:`~station.cloud.errors.CloudHTTPError` carrying SCM's ``error.code`` and message.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from station import __version__
from station.cloud.client import CloudCall
from station.cloud.credentials import check_endpoint
from station.cloud.errors import CloudUnavailable, http_error_class

KEY_ENV = "STATION_LIBELIUM_KEY"
RETRY_STATUSES = frozenset({500, 502, 503, 504})


@dataclass(frozen=True)
class ScmOrder:
    id: str
    group_activation_code: str
    customer: str
    units: tuple[tuple[str, str], ...]  # (serial ID, activation code), in registration order


@dataclass(frozen=True)
class ScmRegistration:
    serial_id: str
    activation_code: str
    sales_order: str
    family: str
    model: str
    owned: bool


class LibeliumClient:
    def __init__(self, endpoint: str, key: str, *, timeout: float = 10.0,
                 on_call: Callable[[CloudCall], None] | None = None, max_attempts: int = 5,
                 backoff_s: float = 0.2, backoff_max_s: float = 5.0, max_rate_wait_s: float = 30.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if not key:
            raise ValueError("the Libelium factory API key is empty")
        self.endpoint = check_endpoint(endpoint)
        self._key = key
        self.timeout, self.on_call, self.max_attempts = timeout, on_call, max(1, max_attempts)
        self.backoff_s, self.backoff_max_s, self.max_rate_wait_s = backoff_s, backoff_max_s, max_rate_wait_s
        self._sleep = sleep
        self._session = requests.Session()
        self._session.headers["User-Agent"] = f"factory-station/{__version__}"
        self._rng = random.Random()

    def close(self) -> None:
        self._session.close()

    def request(self, method: str, path: str, *, body: dict[str, Any] | None = None,
                idempotency_key: str | None = None) -> Any:
        retryable = method != "POST" or idempotency_key is not None
        attempt = 0
        while True:
            attempt += 1
            request_id = str(uuid.uuid4())
            headers = {"Authorization": f"Bearer {self._key}", "Accept": "application/json",
                       "X-Request-Id": request_id}
            if idempotency_key:
                headers["Idempotency-Key"] = idempotency_key
            started = time.perf_counter()
            try:
                resp = self._session.request(method, self.endpoint + path, json=body, headers=headers,
                                             timeout=self.timeout, allow_redirects=False)
                resp.content  # noqa: B018 - read it all now: a cut-off answer fails here
            except requests.RequestException as exc:
                kind = type(exc).__name__
                self._record(method, path, None, started, request_id, idempotency_key, False, kind, attempt)
                if retryable and attempt < self.max_attempts:
                    self._sleep(self._backoff(attempt))
                    continue
                raise CloudUnavailable(f"SCM {method} {path}: no answer after {attempt} attempt(s) ({kind})") from exc
            ok = resp.status_code < 400
            code, message = _error_of(resp)
            self._record(method, path, resp.status_code, started, request_id, idempotency_key, ok,
                         None if ok else f"{resp.status_code} {code}", attempt)
            if ok:
                return resp.json() if resp.content else None
            if resp.status_code == 429 and attempt < self.max_attempts:
                after = resp.headers.get("Retry-After", "1")
                self._sleep(min(float(after) if after.isdigit() else 1.0, self.max_rate_wait_s))
                continue
            if resp.status_code in RETRY_STATUSES and retryable and attempt < self.max_attempts:
                self._sleep(self._backoff(attempt))
                continue
            raise http_error_class(resp.status_code)(method, path, resp.status_code,
                                                     [{"title": code, "detail": message, "code": code}], request_id)

    def _record(self, method: str, path: str, status: int | None, started: float, request_id: str,
                key: str | None, ok: bool, error: str | None, attempt: int) -> None:
        if self.on_call is not None:
            self.on_call(CloudCall(method, path, status, round((time.perf_counter() - started) * 1000, 3),
                                   request_id, key, ok, error, attempt))

    def _backoff(self, attempt: int) -> float:
        return min(self.backoff_max_s, self.backoff_s * 2 ** (attempt - 1)) * (0.5 + self._rng.random() / 2)

    # ------------------------------------------------------------------ calls
    def factory_name(self) -> str:
        return str(self.request("GET", "/api/v1/factory")["factory"])

    def order(self, order_id: str) -> ScmOrder:
        return _order(self.request("GET", f"/api/v1/factory/sales-orders/{order_id}"))

    def put_order(self, order_id: str, group_code: str, customer: str = "") -> ScmOrder:
        return _order(self.request("PUT", f"/api/v1/factory/sales-orders/{order_id}",
                                   body={"group_activation_code": group_code, "customer": customer}))

    def register(self, serial_id: str, activation_code: str, sales_order: str, *, family: str, model: str,
                 idempotency_key: str) -> ScmRegistration:
        return _registration(self.request("POST", "/api/v1/factory/devices", idempotency_key=idempotency_key, body={
            "serial_id": serial_id, "activation_code": activation_code, "sales_order": sales_order,
            "family": family, "model": model}))

    def device(self, serial_id: str) -> ScmRegistration:
        return _registration(self.request("GET", f"/api/v1/factory/devices/{serial_id}"))

    def revoke(self, serial_id: str) -> None:
        self.request("DELETE", f"/api/v1/factory/devices/{serial_id}/activation-code")

    def move(self, serial_id: str, sales_order: str) -> ScmRegistration:
        return _registration(self.request("PUT", f"/api/v1/factory/devices/{serial_id}/sales-order",
                                          body={"sales_order": sales_order}))


def _order(doc: dict[str, Any]) -> ScmOrder:
    return ScmOrder(str(doc["id"]), str(doc["group_activation_code"]), str(doc.get("customer") or ""),
                    tuple((str(d["serial_id"]), str(d["activation_code"])) for d in doc.get("devices") or []))


def _registration(doc: dict[str, Any]) -> ScmRegistration:
    return ScmRegistration(str(doc["serial_id"]), str(doc["activation_code"]), str(doc["sales_order"]),
                           str(doc.get("family") or ""), str(doc.get("model") or ""), bool(doc.get("owned")))


def _error_of(resp: requests.Response) -> tuple[str, str]:
    try:
        doc = resp.json()
        err = doc.get("error") if isinstance(doc, dict) else None
        if isinstance(err, dict):
            return str(err.get("code") or resp.reason), str(err.get("message") or "")
    except ValueError:
        pass
    return resp.reason or "error", (resp.text or "")[:200]
