"""impCentral API v5 client, on one ``requests.Session``.

What it guarantees, because blessing is irreversible in the Production Zone:

* every call has a timeout, and every call (each attempt) is reported to ``on_call`` as a
  :class:`CloudCall` for the run record — method, path, status, duration, request id, idempotency
  key; never a token, key or body;
* idempotent calls (GET/PUT/DELETE) and calls carrying an ``Idempotency-Key`` (bless, assign) are
  retried with exponential backoff after a dropped connection or a 5xx; a POST without a key is not,
  because we cannot know whether it took effect;
* 429 is waited out (``X-RateLimit-Reset``, then ``Retry-After``, then 1 s like impt) and retried;
* the access token is refreshed three minutes before it expires and once more on a 401;
* ``errors[]`` become typed exceptions carrying the server's title, detail and code.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import requests

from station import __version__
from station.cloud import models as m
from station.cloud.credentials import check_endpoint
from station.cloud.errors import (
    BlessRefused,
    CloudAuthError,
    CloudHTTPError,
    CloudUnavailable,
    http_error_class,
)
from station.records import CloudCall

JSONAPI = "application/vnd.api+json"
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
RETRY_STATUSES = frozenset({500, 502, 503, 504})


def new_idempotency_key() -> str:
    """A fresh key; write it into the run record *before* the call it protects."""
    return str(uuid.uuid4())


class CloudClient:
    """A logged-in session with an impCentral-v5-compatible cloud (the real one or our emulator)."""

    def __init__(
        self,
        endpoint: str,
        login_key: str,
        *,
        timeout: float = 10.0,
        on_call: Callable[[CloudCall], None] | None = None,
        max_attempts: int = 5,
        backoff_s: float = 0.2,
        backoff_max_s: float = 5.0,
        max_rate_wait_s: float = 30.0,
        refresh_margin_s: float = 180.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        if not login_key:
            raise ValueError("login_key is empty")
        self.endpoint = check_endpoint(endpoint)
        self._origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.endpoint))
        self._login_key = login_key
        self.timeout = timeout
        self.on_call = on_call
        self.max_attempts = max(1, max_attempts)
        self.backoff_s = backoff_s
        self.backoff_max_s = backoff_max_s
        self.max_rate_wait_s = max_rate_wait_s
        self.refresh_margin_s = refresh_margin_s
        self._clock = clock
        self._sleep = sleep
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = f"factory-station/{__version__}"
        self._token_lock = threading.Lock()
        self._access: str | None = None
        self._refresh: str | None = None
        self._expires_at = 0.0
        self._ttl = 0.0
        self._rng = random.Random()

    # ------------------------------------------------------------------ plumbing
    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> CloudClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _record(self, call: CloudCall) -> None:
        if self.on_call is not None:
            self.on_call(call)

    def _backoff(self, attempt: int) -> float:
        base = min(self.backoff_max_s, self.backoff_s * 2 ** (attempt - 1))
        return base * (0.5 + self._rng.random() / 2)

    def _rate_wait(self, resp: requests.Response) -> float:
        now = self._clock()
        reset = resp.headers.get("X-RateLimit-Reset")
        wait: float | None = None
        if reset:
            try:
                value = float(reset)
                # Epoch seconds (ours), epoch milliseconds, or a delta in seconds — all seen in the wild.
                if value > 1e12:
                    wait = value / 1000.0 - now
                elif value > 1e9:
                    wait = value - now
                else:
                    wait = value
            except ValueError:
                wait = None
        if wait is None and resp.headers.get("Retry-After", "").strip().isdigit():
            wait = float(resp.headers["Retry-After"])
        if wait is None:
            wait = 1.0
        return max(0.0, min(wait, self.max_rate_wait_s))

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
    ) -> requests.Response:
        """One API call with auth, retries and recording; raises a typed error on failure."""
        url = path if path.startswith(self._origin) else self.endpoint + path
        shown = url[len(self.endpoint) :] if url.startswith(self.endpoint) else url
        # a login (auth=False: POST /auth/token) only hands out a token: asking twice is harmless
        retryable = method in IDEMPOTENT or idempotency_key is not None or not auth
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            hdrs = {"Accept": JSONAPI, "X-Request-Id": str(uuid.uuid4())}
            if body is not None:
                hdrs["Content-Type"] = "application/json" if not auth else JSONAPI
            if idempotency_key:
                hdrs["Idempotency-Key"] = idempotency_key
            if headers:
                hdrs.update(headers)
            if auth:
                hdrs["Authorization"] = f"Bearer {self._token()}"
            started = time.perf_counter()
            try:
                resp = self._session.request(
                    method,
                    url,
                    params=params,
                    json=body,
                    headers=hdrs,
                    timeout=self.timeout,
                    allow_redirects=False,
                )
                resp.content  # noqa: B018 - read the whole body now so a cut-off answer fails here
            except requests.RequestException as exc:
                kind = type(exc).__name__
                self._record(
                    CloudCall(
                        method,
                        shown,
                        None,
                        _ms(started),
                        hdrs["X-Request-Id"],
                        idempotency_key,
                        False,
                        kind,
                        attempt,
                    )
                )
                if retryable and attempt < self.max_attempts:
                    self._sleep(self._backoff(attempt))
                    continue
                raise CloudUnavailable(
                    f"cloud {method} {shown}: no answer after {attempt} attempt(s) ({kind})"
                ) from exc
            request_id = resp.headers.get("X-Request-Id") or hdrs["X-Request-Id"]
            ok = resp.status_code < 400
            self._record(
                CloudCall(
                    method,
                    shown,
                    resp.status_code,
                    _ms(started),
                    request_id,
                    idempotency_key,
                    ok,
                    None if ok else _first_code(resp),
                    attempt,
                )
            )
            if ok:
                return resp
            if resp.status_code == 401 and auth and not refreshed:
                refreshed = True
                attempt -= 1  # the refresh retry is not a network retry
                self._renew(force=True)
                continue
            if resp.status_code == 429 and attempt < self.max_attempts:
                self._sleep(self._rate_wait(resp))
                continue
            if resp.status_code in RETRY_STATUSES and retryable and attempt < self.max_attempts:
                self._sleep(self._backoff(attempt))
                continue
            raise _error(method, shown, resp, request_id)

    def _json(self, method: str, path: str, **kw: Any) -> dict[str, Any]:
        resp = self.request(method, path, **kw)
        if resp.status_code == 204 or not resp.content:
            return {}
        try:
            doc = resp.json()
        except ValueError as exc:
            raise CloudHTTPError(
                method,
                path,
                resp.status_code,
                [
                    {
                        "title": "Bad response",
                        "detail": "the cloud answered with something that is not JSON",
                        "code": "NOT_JSON",
                    }
                ],
            ) from exc
        if not isinstance(doc, dict):
            raise CloudHTTPError(
                method,
                path,
                resp.status_code,
                [
                    {
                        "title": "Bad response",
                        "detail": "the cloud answered with JSON that is not an object",
                        "code": "NOT_OBJECT",
                    }
                ],
            )
        return doc

    def paginate(
        self, path: str, params: dict[str, Any] | None = None, page_size: int = 100
    ) -> Iterator[dict[str, Any]]:
        """Every resource of a list, following ``links.next`` (same origin only: the token goes along)."""
        query = dict(params or {})
        query.setdefault("page[size]", page_size)
        url: str | None = path
        first = True
        while url:
            doc = self._json("GET", url, params=query if first else None)
            first = False
            yield from doc.get("data") or []
            nxt = (doc.get("links") or {}).get("next")
            if nxt and not str(nxt).startswith(self._origin + "/"):
                raise CloudHTTPError(
                    "GET",
                    path,
                    200,
                    [
                        {
                            "title": "Bad link",
                            "detail": f"links.next points to another host: {nxt!r}",
                            "code": "FOREIGN_LINK",
                        }
                    ],
                )
            url = nxt

    # ------------------------------------------------------------------ tokens
    def _token(self) -> str:
        margin = min(self.refresh_margin_s, self._ttl / 2)
        if self._access is None or self._clock() >= self._expires_at - margin:
            self._renew(force=False)
        assert self._access is not None
        return self._access

    def _renew(self, *, force: bool) -> None:
        with self._token_lock:
            margin = min(self.refresh_margin_s, self._ttl / 2)
            if not force and self._access is not None and self._clock() < self._expires_at - margin:
                return  # another thread renewed it meanwhile
            doc: dict[str, Any] | None = None
            if self._refresh:
                try:
                    doc = self._json("POST", "/auth/token", body={"token": self._refresh}, auth=False)
                except CloudAuthError:
                    self._refresh = None
            if doc is None:
                doc = self._json("POST", "/auth/token", body={"key": self._login_key}, auth=False)
            self._access = str(doc["access_token"])
            self._ttl = float(doc.get("expires_in", 3600))
            self._expires_at = self._clock() + self._ttl
            if doc.get("refresh_token"):
                self._refresh = str(doc["refresh_token"])

    def login(self) -> None:
        """Get an access token now (otherwise the first call does)."""
        self._renew(force=True)

    # ------------------------------------------------------------------ products and groups
    def products(self) -> list[m.Product]:
        return [m.Product.from_resource(r) for r in self.paginate("/products")]

    def device_groups(self, *, product_id: str | None = None, type: str | None = None) -> list[m.DeviceGroup]:
        params = {}
        if product_id:
            params["filter[product.id]"] = product_id
        if type:
            params["filter[type]"] = type
        return [m.DeviceGroup.from_resource(r) for r in self.paginate("/devicegroups", params)]

    def device_group(self, group_id: str) -> m.DeviceGroup:
        return m.DeviceGroup.from_resource(self._json("GET", f"/devicegroups/{group_id}")["data"])

    def create_device_group(
        self,
        type: str,
        name: str,
        product_id: str,
        *,
        description: str = "",
        dut_target: m.Ref | None = None,
        production_target: m.Ref | None = None,
        load_code_after_blessing: bool | None = None,
    ) -> m.DeviceGroup:
        attrs: dict[str, Any] = {"name": name, "description": description}
        if load_code_after_blessing is not None:
            attrs["load_code_after_blessing"] = load_code_after_blessing
        rels: dict[str, Any] = {"product": {"type": "product", "id": product_id}}
        for rel_name, ref in (("dut_target", dut_target), ("production_target", production_target)):
            if ref is not None:
                rels[rel_name] = {"type": ref.type, "id": ref.id}
        doc = self._json(
            "POST", "/devicegroups", body={"data": {"type": type, "attributes": attrs, "relationships": rels}}
        )
        return m.DeviceGroup.from_resource(doc["data"])

    def update_device_group(
        self,
        group: m.DeviceGroup,
        *,
        name: str | None = None,
        dut_target: m.Ref | None = None,
        production_target: m.Ref | None = None,
    ) -> m.DeviceGroup:
        attrs = {"name": name} if name else {}
        rels = {
            k: {"type": v.type, "id": v.id}
            for k, v in (("dut_target", dut_target), ("production_target", production_target))
            if v is not None
        }
        doc = self._json(
            "PATCH",
            f"/devicegroups/{group.id}",
            body={"data": {"type": group.type, "id": group.id, "attributes": attrs, "relationships": rels}},
        )
        return m.DeviceGroup.from_resource(doc["data"])

    def delete_device_group(self, group_id: str) -> None:
        self._json("DELETE", f"/devicegroups/{group_id}")

    # ------------------------------------------------------------------ devices
    def devices(
        self,
        *,
        group_id: str | None = None,
        product_id: str | None = None,
        group_type: str | None = None,
        page_size: int = 100,
    ) -> list[m.Device]:
        params = {}
        if group_id:
            params["filter[devicegroup.id]"] = group_id
        if product_id:
            params["filter[product.id]"] = product_id
        if group_type:
            params["filter[devicegroup.type]"] = group_type
        return [m.Device.from_resource(r) for r in self.paginate("/devices", params, page_size)]

    def device(self, ident: str) -> m.Device:
        """A device by ID, MAC address or agent ID."""
        return m.Device.from_resource(self._json("GET", f"/devices/{ident}")["data"])

    def device_history(self, ident: str) -> list[m.HistoryEntry]:
        return [
            m.HistoryEntry(
                str(r.get("timestamp")),
                str(r.get("event")),
                r.get("owner_id"),
                r.get("actor_id"),
                r.get("details") or {},
            )
            for r in self.paginate(f"/devices/{ident}/history")
        ]

    def device_logs(self, ident: str) -> list[m.LogEntry]:
        return [
            m.LogEntry(str(r.get("ts")), str(r.get("type")), str(r.get("msg")))
            for r in self.paginate(f"/devices/{ident}/logs")
        ]

    def restart_device(self, ident: str, *, conditional: bool = False) -> None:
        """Restart a device now, or (``conditional``) only if it runs code older than its group's minimum."""
        self._json("POST", f"/devices/{ident}/{'conditional_restart' if conditional else 'restart'}")

    def restart_group(self, group_id: str, *, conditional: bool = False) -> None:
        """Restart every device of a group (``conditional``: see :meth:`restart_device`)."""
        self._json("POST", f"/devicegroups/{group_id}/{'conditional_restart' if conditional else 'restart'}")

    def open_log_stream(self) -> str:
        """A new log stream of this account (impCentral keeps one per account: this closes the old)."""
        return str(self._json("POST", "/logstream")["data"]["id"])

    def log_stream_add(self, stream_id: str, ident: str) -> None:
        self._json("PUT", f"/logstream/{stream_id}/{ident}")

    def log_stream_remove(self, stream_id: str, ident: str) -> None:
        self._json("DELETE", f"/logstream/{stream_id}/{ident}")

    def read_log_stream(self, stream_id: str, *, read_timeout: float = 30.0) -> requests.Response:
        """The stream's Server-Sent Events as an open streaming response (read it with
        :func:`station.cloud.logstream.sse_events`; close it to stop). The server sends a keep-alive
        at least every 10 s, so ``read_timeout`` only trips on a dead connection."""
        url = f"{self.endpoint}/logstream/{stream_id}"
        started = time.perf_counter()
        hdrs = {"Accept": "text/event-stream", "X-Request-Id": str(uuid.uuid4()),
                "Authorization": f"Bearer {self._token()}"}
        try:
            resp = self._session.get(url, params={"format": "json"}, headers=hdrs, stream=True,
                                     timeout=(self.timeout, read_timeout), allow_redirects=False)
        except requests.RequestException as exc:
            self._record(CloudCall("GET", f"/logstream/{stream_id}", None, _ms(started), hdrs["X-Request-Id"],
                                   None, False, type(exc).__name__))
            raise CloudUnavailable(f"cloud GET /logstream: no answer ({type(exc).__name__})") from exc
        ok = resp.status_code == 200
        self._record(CloudCall("GET", f"/logstream/{stream_id}", resp.status_code, _ms(started),
                               resp.headers.get("X-Request-Id") or hdrs["X-Request-Id"], None, ok,
                               None if ok else _first_code(resp)))
        if not ok:
            resp.content  # noqa: B018 - the error body, then the typed error
            raise _error("GET", f"/logstream/{stream_id}", resp, resp.headers.get("X-Request-Id"))
        return resp

    def assign_devices(
        self, group_id: str, device_ids: list[str], *, idempotency_key: str | None = None
    ) -> m.AssignResult:
        """Assign or reassign (impCentral: the same call). Raises on any refused device; the
        exception's ``meta['moved']`` lists those that did move (the call is not atomic)."""
        key = idempotency_key or new_idempotency_key()
        doc = self._json(
            "POST",
            f"/devicegroups/{group_id}/relationships/devices",
            idempotency_key=key,
            body={"data": [{"type": "device", "id": d} for d in device_ids]},
        )
        return m.AssignResult(tuple(r["id"] for r in doc.get("data") or []), ())

    def unassign_devices(
        self, group_id: str, device_ids: list[str], *, unbless_key: str | None = None
    ) -> m.AssignResult:
        """Unassign; from a production group this unblesses and needs the account's unblessing key."""
        headers = {"X-Electricimp-Key": unbless_key} if unbless_key else None
        doc = self._json(
            "DELETE",
            f"/devicegroups/{group_id}/relationships/devices",
            headers=headers,
            body={"data": [{"type": "device", "id": d} for d in device_ids]},
        )
        return m.AssignResult(tuple(r["id"] for r in doc.get("data") or []), ())

    # ------------------------------------------------------------------ deployments and webhooks
    def deployments(self, *, group_id: str | None = None, sha: str | None = None) -> list[m.Deployment]:
        params = {}
        if group_id:
            params["filter[devicegroup.id]"] = group_id
        if sha:
            params["filter[sha]"] = sha
        return [m.Deployment.from_resource(r) for r in self.paginate("/deployments", params)]

    def deployment(self, deployment_id: str) -> m.Deployment:
        return m.Deployment.from_resource(self._json("GET", f"/deployments/{deployment_id}")["data"])

    def create_deployment(
        self,
        group: m.DeviceGroup,
        device_code: str,
        agent_code: str,
        *,
        description: str = "",
        origin: str | None = None,
    ) -> m.Deployment:
        attrs: dict[str, Any] = {
            "device_code": device_code,
            "agent_code": agent_code,
            "description": description,
        }
        if origin:
            attrs["origin"] = origin
        doc = self._json(
            "POST",
            "/deployments",
            body={
                "data": {
                    "type": "deployment",
                    "attributes": attrs,
                    "relationships": {"devicegroup": {"type": group.type, "id": group.id}},
                }
            },
        )
        return m.Deployment.from_resource(doc["data"])

    def set_min_supported_deployment(self, group_id: str, deployment_id: str) -> m.DeviceGroup:
        doc = self._json(
            "PUT",
            f"/devicegroups/{group_id}/relationships/min_supported_deployment",
            body={"data": {"type": "deployment", "id": deployment_id}},
        )
        return m.DeviceGroup.from_resource(doc["data"])

    def webhooks(self, *, group_id: str | None = None) -> list[m.Webhook]:
        params = {"filter[devicegroup.id]": group_id} if group_id else {}
        return [m.Webhook.from_resource(r) for r in self.paginate("/webhooks", params)]

    def create_webhook(
        self, group: m.DeviceGroup, url: str, event: str = "blessing", content_type: str = "application/json"
    ) -> m.Webhook:
        doc = self._json(
            "POST",
            "/webhooks",
            body={
                "data": {
                    "type": "webhook",
                    "attributes": {"url": url, "event": event, "content_type": content_type},
                    "relationships": {"devicegroup": {"type": group.type, "id": group.id}},
                }
            },
        )
        return m.Webhook.from_resource(doc["data"])

    def delete_webhook(self, webhook_id: str) -> None:
        self._json("DELETE", f"/webhooks/{webhook_id}")

    def webhook_deliveries(self, webhook_id: str) -> list[dict[str, Any]]:
        """The delivery log of a webhook (emulator extension): status, attempts, per-attempt log."""
        return [
            dict(r.get("attributes") or {}, id=r.get("id"))
            for r in self.paginate(f"/webhooks/{webhook_id}/deliveries")
        ]

    # ------------------------------------------------------------------ factory
    def enroll(
        self, purpose: str, fixture_group_id: str | None = None, *, idempotency_key: str | None = None
    ) -> m.EnrollmentGrant:
        """An enrollment grant: a factory token for a DUT of ``fixture_group_id``, or the developer plan
        ID and a development token for a fixture / development device (``purpose`` fixture|development).

        With an ``idempotency_key`` the request is retried after a dropped answer or a 5xx like any
        idempotent call, and the cloud answers a retry with the grant it already issued."""
        rels = {"devicegroup": {"type": "devicegroup", "id": fixture_group_id}} if fixture_group_id else {}
        doc = self._json(
            "POST",
            "/enroll",
            body={"data": {"type": "enrollment", "attributes": {"purpose": purpose}, "relationships": rels}},
            idempotency_key=idempotency_key,
        )
        return m.EnrollmentGrant.from_resource(doc["data"])

    def enrollment(self, token: str) -> m.EnrollmentGrant:
        """Look up an enrollment token in hand: its kind and fixture group, as the cloud knows them.

        What a payload builder must use instead of taking a token's kind on a caller's word. Raises
        :class:`~station.cloud.errors.CloudNotFound` for a token that is unknown, expired or not this account's.
        """
        token = token.strip().lower()
        if not token or not all(ch in "0123456789abcdef" for ch in token):
            raise ValueError(f"enrollment token {token!r} is not hex")
        doc = self._json("GET", f"/enroll/{token}")
        return m.EnrollmentGrant.from_resource(doc["data"])

    def bless(
        self,
        device_id: str,
        fixture_group_id: str,
        *,
        passed: bool = True,
        test_record: dict[str, Any] | None = None,
        idempotency_key: str,
    ) -> m.Blessing:
        """Ask the cloud to bless a DUT that passed (our extension of impCentral, see docs/cloud-api.md).

        ``idempotency_key`` must already be in the run record: if the answer is lost, a retry — by this
        call or by the station after a restart — gets the first answer, never a second blessing.
        Raises :class:`BlessRefused` when the cloud says no (code ``BLESS_NOT_PASSED``,
        ``NOT_IN_DUT_TARGET``, ``ALREADY_BLESSED``, ``NOT_A_FIXTURE_GROUP``...).
        """
        if not idempotency_key:
            raise ValueError("bless needs the idempotency key written in the run record")
        body = {
            "data": {
                "type": "blessing",
                "attributes": {"passed": passed, "test_record": test_record or {}},
                "relationships": {"fixture_group": {"type": "devicegroup", "id": fixture_group_id}},
            }
        }
        try:
            doc = self._json(
                "POST", f"/devices/{device_id}/bless", body=body, idempotency_key=idempotency_key
            )
        except CloudHTTPError as exc:
            if exc.status in (404, 409, 422) and not isinstance(exc, BlessRefused):
                raise BlessRefused(
                    exc.method, exc.path, exc.status, exc.errors, exc.request_id, exc.meta
                ) from exc
            raise
        return m.Blessing.from_resource(doc["data"])

    def record_failure(
        self,
        device_id: str,
        fixture_group_id: str,
        *,
        test_record: dict[str, Any] | None = None,
        idempotency_key: str,
    ) -> None:
        """Tell the cloud a DUT failed its test (it records the failure and does not bless)."""
        try:
            self.bless(
                device_id,
                fixture_group_id,
                passed=False,
                test_record=test_record,
                idempotency_key=idempotency_key,
            )
        except BlessRefused as exc:
            if exc.code != "BLESS_NOT_PASSED":
                raise
            return
        raise CloudHTTPError(
            "POST",
            f"/devices/{device_id}/bless",
            201,
            [
                {
                    "title": "Unexpected blessing",
                    "detail": "the cloud blessed a device reported as failed",
                    "code": "BLESSED_ON_FAIL",
                }
            ],
        )


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 3)


def _first_code(resp: requests.Response) -> str:
    try:
        errors = resp.json().get("errors") or []
        if errors:
            return f"{resp.status_code} {errors[0].get('code') or errors[0].get('title') or ''}".strip()
    except (ValueError, AttributeError):
        pass
    return f"{resp.status_code} {resp.reason}"


def _error(method: str, path: str, resp: requests.Response, request_id: str | None) -> CloudHTTPError:
    errors: list[dict[str, Any]] = []
    meta: dict[str, Any] | None = None
    try:
        doc = resp.json()
        if isinstance(doc, dict):
            errors = [e for e in doc.get("errors") or [] if isinstance(e, dict)]
            meta = doc.get("meta") if isinstance(doc.get("meta"), dict) else None
    except ValueError:
        pass
    if not errors:
        errors = [
            {
                "status": str(resp.status_code),
                "title": resp.reason or "Error",
                "detail": (resp.text or "")[:200].strip() or "no details",
                "code": "",
            }
        ]
    cls = (
        BlessRefused
        if path.endswith("/bless") and resp.status_code in (404, 409, 422)
        else http_error_class(resp.status_code)
    )
    return cls(method, path, resp.status_code, errors, request_id, meta)
