"""Log streams of the emulator: Server-Sent Events of device logs, as impCentral's ``/logstream``.

The rules follow shared/reference/impcentral.md §1.11 and imp-central-api's ``LogStreams``:
one stream per account (opening a new one closes the old), one client per stream, at most
``MAX_DEVICES`` devices per stream (adding one more drops the least recently added).
``message`` events carry log lines; ``state_change`` events say the stream ``opened`` or ``closed``
or a device was ``subscribed`` or ``unsubscribed`` (the words Electric Imp's own client tests look for).

The stream ID is the credential of ``GET /logstream/{id}``: Electric Imp's client opens the
EventSource without the bearer token, so the ID is long and random, like a capability.

The hub lives in memory (a log stream does not survive a restart of the real service either).
Device logs are published from whatever thread wrote them and handed to each stream's asyncio
queue on the server's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from station.cloud.emulator.jsonapi import ApiError

MAX_DEVICES = 5  # imp-central-api: "A LogStream can support five devices at a time"
HEARTBEAT_S = 10.0
QUEUE_MAX = 10_000  # a client that stops reading loses the oldest lines, never the server's memory

_CLOSE = object()


@dataclass
class _Stream:
    id: str
    account_id: str
    format: str = "text"
    devices: list[str] = field(default_factory=list)
    loop: asyncio.AbstractEventLoop | None = None
    queue: asyncio.Queue[Any] | None = None
    closed: bool = False


class LogHub:
    """Every open log stream, and the fan-out of device log lines to them."""

    def __init__(self, max_devices: int = MAX_DEVICES) -> None:
        self.max_devices = max_devices
        self._lock = threading.Lock()
        self._streams: dict[str, _Stream] = {}
        self._by_account: dict[str, str] = {}

    # ---------------------------------------------------------------- management (bearer-authenticated)
    def create(self, account_id: str) -> str:
        """A new stream for the account; the account's previous stream is closed."""
        stream = _Stream(secrets.token_urlsafe(24), account_id)
        with self._lock:
            old = self._streams.get(self._by_account.get(account_id, ""))
            self._streams[stream.id] = stream
            self._by_account[account_id] = stream.id
        if old is not None:
            self._close(old, "a new log stream was opened for this account")
        return stream.id

    def _owned(self, account_id: str, stream_id: str) -> _Stream:
        with self._lock:
            stream = self._streams.get(stream_id)
        if stream is None or stream.account_id != account_id or stream.closed:
            raise ApiError(404, "Not Found", f"log stream {stream_id!r} does not exist or was closed",
                           "LOGSTREAM_NOT_FOUND")
        return stream

    def add_device(self, account_id: str, stream_id: str, device_id: str) -> str | None:
        """Add a device; returns the device dropped to stay within ``max_devices``, if any."""
        stream = self._owned(account_id, stream_id)
        dropped = None
        with self._lock:
            if device_id in stream.devices:
                return None
            stream.devices.append(device_id)
            if len(stream.devices) > self.max_devices:
                dropped = stream.devices.pop(0)
        if dropped is not None:
            self._emit(stream, "state_change", {"state": "unsubscribed", "device_id": dropped,
                                                "reason": f"at most {self.max_devices} devices per stream"})
        self._emit(stream, "state_change", {"state": "subscribed", "device_id": device_id})
        return dropped

    def remove_device(self, account_id: str, stream_id: str, device_id: str) -> None:
        stream = self._owned(account_id, stream_id)
        with self._lock:
            if device_id not in stream.devices:
                raise ApiError(404, "Not Found", f"device {device_id} is not in log stream {stream_id}",
                               "DEVICE_NOT_IN_LOGSTREAM")
            stream.devices.remove(device_id)
        self._emit(stream, "state_change", {"state": "unsubscribed", "device_id": device_id})

    def devices(self, account_id: str, stream_id: str) -> list[str]:
        stream = self._owned(account_id, stream_id)
        with self._lock:
            return list(stream.devices)

    # ---------------------------------------------------------------- the event stream itself
    def attach(self, stream_id: str, fmt: str) -> _Stream:
        """Bind the stream's single client (on the current event loop); 404 unknown, 409 already read."""
        with self._lock:
            stream = self._streams.get(stream_id)
            if stream is None or stream.closed:
                raise ApiError(404, "Not Found", f"log stream {stream_id!r} does not exist or was closed",
                               "LOGSTREAM_NOT_FOUND")
            if stream.queue is not None:
                raise ApiError(409, "Conflict", "this log stream is already being read by another client",
                               "LOGSTREAM_IN_USE")
            stream.format = fmt
            stream.loop = asyncio.get_running_loop()
            stream.queue = asyncio.Queue(QUEUE_MAX)
        self._emit(stream, "state_change", {"state": "opened", "devices": list(stream.devices)})
        return stream

    async def events(self, stream: _Stream, disconnected: Any) -> AsyncIterator[bytes]:
        """The SSE byte stream until the stream is closed or the client goes away."""
        assert stream.queue is not None
        try:
            while True:
                try:
                    item = await asyncio.wait_for(stream.queue.get(), HEARTBEAT_S)
                except TimeoutError:
                    if await disconnected():
                        return
                    yield b": keep-alive\n\n"
                    continue
                if item is _CLOSE:
                    return
                yield item
        finally:
            self.detach(stream)

    def detach(self, stream: _Stream) -> None:
        with self._lock:
            stream.closed = True
            if self._by_account.get(stream.account_id) == stream.id:
                del self._by_account[stream.account_id]
            self._streams.pop(stream.id, None)

    def publish(self, device_id: str, ts: str, type_: str, msg: str) -> None:
        """A device logged a line: every stream following the device gets it."""
        with self._lock:
            targets = [s for s in self._streams.values() if device_id in s.devices and s.queue is not None]
        for stream in targets:
            if stream.format == "json":
                data = json.dumps({"device_id": device_id, "ts": ts, "type": type_, "msg": msg})
            else:
                data = f"{device_id} {ts} [{type_}] {msg}"
            self._put(stream, _sse("message", data))

    def close_all(self) -> None:
        """Server shutdown: end every open stream so the HTTP server can stop."""
        with self._lock:
            streams = list(self._streams.values())
        for stream in streams:
            self._close(stream, "the server is shutting down")

    # ---------------------------------------------------------------- plumbing
    def _close(self, stream: _Stream, reason: str) -> None:
        self._emit(stream, "state_change", {"state": "closed", "reason": reason})
        self._put(stream, _CLOSE)
        self.detach(stream)

    def _emit(self, stream: _Stream, event: str, payload: dict[str, Any]) -> None:
        self._put(stream, _sse(event, json.dumps(payload)))

    @staticmethod
    def _put(stream: _Stream, item: Any) -> None:
        loop, queue = stream.loop, stream.queue
        if loop is None or queue is None or loop.is_closed():
            return

        def put() -> None:
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(item)

        with contextlib.suppress(RuntimeError):  # the loop stopped meanwhile
            loop.call_soon_threadsafe(put)


def _sse(event: str, data: str) -> bytes:
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"event: {event}\n{lines}\n".encode()
