"""Fault injection and rate limiting for the emulator, switchable at run time.

Tests need a cloud that misbehaves on purpose: slow answers, random 503s, answers lost *after* the
server committed (the case idempotency keys exist for), bursts of 429 and a steady rate limit. This is
a plain ASGI middleware around the API so the same faults hit every route; ``/_admin`` is exempt.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
import threading
import time
from dataclasses import asdict, dataclass, fields
from typing import Any

from station.cloud.emulator.jsonapi import JSONAPI

ASGIApp = Any
DROP_MARK = "station-emulator: response dropped after commit (fault injection)"


@dataclass
class Faults:
    """Current fault settings. Rates are probabilities in [0, 1]; ``match`` limits faults to paths
    containing that substring (e.g. ``/bless``)."""

    latency_ms: float = 0.0
    error_rate: float = 0.0
    drop_rate: float = 0.0
    burst_429: int = 0
    rate_limit_per_s: float | None = None
    match: str | None = None
    seed: int | None = None

    @classmethod
    def fields(cls) -> set[str]:
        return {f.name for f in fields(cls)}


class FaultSettingsError(ValueError):
    """Fault settings that are not what they must be; ``problems`` is ``[(field, what is wrong), …]``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{name}: {what}" for name, what in problems))


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# field -> (check, what it must be). Checked before anything changes, so a bad body changes nothing:
# a string rate would otherwise be stored and then crash every request the middleware rolls for.
_RULES: dict[str, tuple[Any, str]] = {
    "latency_ms": (lambda v: _number(v) and 0 <= v <= 60_000, "a number of milliseconds, 0 to 60000"),
    "error_rate": (lambda v: _number(v) and 0 <= v <= 1, "a probability, a number from 0 to 1"),
    "drop_rate": (lambda v: _number(v) and 0 <= v <= 1, "a probability, a number from 0 to 1"),
    "burst_429": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1_000_000,
                  "a whole number of requests, 0 to 1000000"),
    "rate_limit_per_s": (lambda v: v is None or (_number(v) and 0 < v <= 1_000_000),
                         "null (no limit) or a number of requests per second above 0"),
    "match": (lambda v: v is None or (isinstance(v, str) and 0 < len(v) <= 200 and v.isprintable()),
              "null or a path substring of 1 to 200 printable characters"),
    "seed": (lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)), "null or a whole number"),
}


def validate_fault_changes(changes: Any) -> dict[str, Any]:
    """``changes`` if every field is known and well-typed, else :class:`FaultSettingsError` naming each."""
    if not isinstance(changes, dict):
        raise FaultSettingsError([("(body)", f"must be a JSON object of fault settings, not {type(changes).__name__}")])
    problems = [(name, f"unknown fault setting; known: {', '.join(sorted(_RULES))}")
                for name in changes if name not in _RULES]
    for name, value in changes.items():
        rule = _RULES.get(name)
        if rule is not None and not rule[0](value):
            problems.append((name, f"must be {rule[1]}, got {json.dumps(value)[:60]}"))
    if problems:
        raise FaultSettingsError(problems)
    return changes


class _DropFilter(logging.Filter):
    """uvicorn logs an error when a response is cut short; for injected drops that is the point."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "returned without completing response" not in record.getMessage()


class FaultInjector:
    """The ASGI middleware; ``update()`` changes faults while the server runs."""

    def __init__(self, app: ASGIApp, faults: Faults | None = None, rate_window_s: float = 1.0) -> None:
        self.app = app
        self.faults = faults or Faults()
        self.rate_window_s = rate_window_s
        self._lock = threading.Lock()
        self._rng = random.Random(self.faults.seed)
        self._windows: dict[str, tuple[float, int]] = {}
        self.counters = {"dropped": 0, "errors": 0, "rate_limited": 0}
        logging.getLogger("uvicorn.error").addFilter(_DropFilter())

    def update(self, **changes: Any) -> Faults:
        """Change some settings; all or none (:class:`FaultSettingsError` names every bad field)."""
        validate_fault_changes(changes)
        with self._lock:
            merged = {**asdict(self.faults), **changes}
            self.faults = Faults(**merged)
            if "seed" in changes:
                self._rng = random.Random(self.faults.seed)
        return self.faults

    def _roll(self, p: float) -> bool:
        with self._lock:
            return p > 0 and self._rng.random() < p

    def _rate_limited(self, client: str) -> float | None:
        """Seconds until the window resets when over the limit, else None."""
        f = self.faults
        with self._lock:
            if f.burst_429 > 0:
                f.burst_429 -= 1
                self.counters["rate_limited"] += 1
                return 0.05
            if not f.rate_limit_per_s:
                return None
            now = time.monotonic()
            start, count = self._windows.get(client, (now, 0))
            if now - start >= self.rate_window_s:
                start, count = now, 0
            count += 1
            self._windows[client] = (start, count)
            if count > f.rate_limit_per_s * self.rate_window_s:
                self.counters["rate_limited"] += 1
                return max(0.001, self.rate_window_s - (now - start))
            return None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v5"):
            await self.app(scope, receive, send)
            return
        f = self.faults
        if f.match and f.match not in scope["path"]:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        client = headers.get(b"authorization", b"").decode("latin-1") or str(scope.get("client"))
        wait = self._rate_limited(client)
        if wait is not None:
            await _error(
                send,
                429,
                "Too Many Requests",
                f"rate limit exceeded; retry in {wait:.3f} s",
                "RATE_LIMITED",
                {
                    "Retry-After": str(max(1, math.ceil(wait))),
                    "X-RateLimit-Reset": f"{time.time() + wait:.3f}",
                },
            )
            return
        if f.latency_ms > 0:
            await asyncio.sleep(f.latency_ms / 1000.0)
        if self._roll(f.error_rate):
            with self._lock:
                self.counters["errors"] += 1
            await _error(
                send,
                503,
                "Service Unavailable",
                "injected fault: the cloud is unavailable, try again",
                "INJECTED_ERROR",
                {},
            )
            return
        if not self._roll(f.drop_rate):
            await self.app(scope, receive, send)
            return
        # Run the request to completion (the server commits), then lose the answer on the wire.
        start: dict[str, Any] = {}

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)

        await self.app(scope, receive, capture)
        with self._lock:
            self.counters["dropped"] += 1
        await send(
            {
                "type": "http.response.start",
                "status": start.get("status", 200),
                "headers": start.get("headers", []),
            }
        )
        await send({"type": "http.response.body", "body": b"", "more_body": True})
        # Returning without finishing the body makes uvicorn close the connection: the client sees
        # the answer cut off and cannot know whether the call took effect.


async def _error(send: Any, status: int, title: str, detail: str, code: str, extra: dict[str, str]) -> None:
    body = json.dumps(
        {"errors": [{"status": str(status), "title": title, "detail": detail, "code": code}]}
    ).encode()
    headers = [(b"content-type", JSONAPI.encode()), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in extra.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
