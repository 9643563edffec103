"""Following a device's log live: impCentral's log stream, read on a worker thread.

Used by the engineer tools (the log of the unit in a slot) and by anyone who wants to watch units
enroll, get tested and blessed. :class:`DeviceLogFollower` shows the device's stored log first
(``GET /devices/{id}/logs``) and then every new line from the stream, so opening it late misses
nothing already logged; lines come to ``on_line`` as typed :class:`LogLine` objects on the
follower's thread (a GUI hands them over to its own thread).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import requests

from station.cloud.client import CloudClient
from station.errors import StationError


@dataclass(frozen=True)
class LogLine:
    """One line of a device's log; ``live`` is False for lines read from the stored history."""

    device_id: str
    ts: str
    type: str
    msg: str
    live: bool = True

    def text(self) -> str:
        return f"{self.ts}  [{self.type}]  {self.msg}"


@dataclass(frozen=True)
class SseEvent:
    event: str
    data: str


def sse_events(resp: requests.Response) -> Iterator[SseEvent]:
    """Parse a text/event-stream body (comments and keep-alives skipped)."""
    event, data = "message", []
    for raw in resp.iter_lines(decode_unicode=True):
        line = raw if isinstance(raw, str) else raw.decode()
        if line == "":
            if data:
                yield SseEvent(event, "\n".join(data))
            event, data = "message", []
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))


class DeviceLogFollower:
    """Follow one device's log until :meth:`stop`; errors go to ``on_error`` as plain text."""

    def __init__(self, client: CloudClient, device_id: str, on_line: Callable[[LogLine], None],
                 on_error: Callable[[str], None] | None = None, history: int = 50) -> None:
        self.client = client
        self.device_id = device_id
        self.on_line = on_line
        self.on_error = on_error
        self.history = history
        self._stop = threading.Event()
        self._resp: requests.Response | None = None
        self._thread: threading.Thread | None = None
        self.opened = threading.Event()

    def start(self) -> DeviceLogFollower:
        self._thread = threading.Thread(target=self._run, name=f"log-{self.device_id}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        resp = self._resp
        if resp is not None:
            _abort(resp)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            stream_id = self.client.open_log_stream()
            # Open the event stream before adding the device, so no line falls between the two.
            self._resp = self.client.read_log_stream(stream_id)
            self.client.log_stream_add(stream_id, self.device_id)
            device_id = self.client.device(self.device_id).id
            stored = self.client.device_logs(self.device_id) if self.history > 0 else []
            for entry in stored[-self.history:]:
                self.on_line(LogLine(device_id, entry.ts, entry.type, entry.msg, live=False))
            self.opened.set()
            for ev in sse_events(self._resp):
                if self._stop.is_set():
                    return
                if ev.event == "message":
                    doc = json.loads(ev.data)
                    self.on_line(LogLine(str(doc["device_id"]), str(doc["ts"]), str(doc["type"]), str(doc["msg"])))
                elif ev.event == "state_change" and json.loads(ev.data).get("state") == "closed":
                    raise StationError("the log stream was closed by the cloud: "
                                       + str(json.loads(ev.data).get("reason", "")))
        except (StationError, requests.RequestException, ValueError, KeyError, OSError, AttributeError) as exc:
            # AttributeError/OSError: urllib3 reading a response that stop() closed from another thread.
            if not self._stop.is_set() and self.on_error is not None:
                self.on_error(str(exc))
        finally:
            self.opened.set()
            if self._resp is not None:
                self._resp.close()


def _abort(resp: requests.Response) -> None:
    """End a streaming response now, from any thread: closing it alone leaves a reader blocked in
    ``recv`` until the next keep-alive; shutting the socket down wakes it at once."""
    conn = getattr(resp.raw, "connection", None) or getattr(resp.raw, "_connection", None)
    sock = getattr(conn, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    resp.close()
