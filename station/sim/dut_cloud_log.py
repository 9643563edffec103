"""The simulated units log to the cloud as they are tested, as a real imp's firmware would.

A real DUT's factory firmware reports what it does with ``server.log()``; the station's log stream
of a unit then shows it enrolling, being tested and blessed. The simulated units live in the fixture
firmware and have no cloud connection, so this part of the simulated factory speaks for them: it
follows the station's events (the flow learns the unit's device ID and MAC, then runs the steps)
and posts the unit's lines to the emulator's device channel (``POST /v5/device_channel/logs``).

Posting happens on its own thread, so a slow cloud never slows a test run; lines that cannot be
delivered are dropped (a real unit's log is best-effort too).
"""

from __future__ import annotations

import queue
import threading
from typing import Any

import requests

from station.events import Event, EventBus, IdentitySet, RunFinished, StepFinished, StepStarted

QUEUE_MAX = 10_000


class DutCloudLog:
    """Subscribe to ``bus``; post each identified unit's test progress as its own log lines."""

    def __init__(self, bus: EventBus, cloud_url: str, timeout_s: float = 2.0) -> None:
        self.bus = bus
        self.url = cloud_url.rstrip("/") + "/device_channel/logs"
        self.timeout_s = timeout_s
        self._units: dict[str, tuple[str, str]] = {}  # run_id -> (device_id, mac)
        self._queue: queue.Queue[tuple[str, str, str, str] | None] = queue.Queue(QUEUE_MAX)
        self._session = requests.Session()
        self.posted = 0
        self.dropped = 0
        self._thread = threading.Thread(target=self._run, name="dut-cloud-log", daemon=True)
        self._thread.start()
        bus.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, IdentitySet):
            if event.device_id and event.mac:
                self._units[event.run_id] = (event.device_id, event.mac)
                self._say(event.run_id, "factory firmware: connected to the fixture, waiting for tests")
            return
        if event.run_id not in self._units:
            return
        if isinstance(event, StepStarted):
            attempt = f" (attempt {event.attempt})" if event.attempt > 1 else ""
            self._say(event.run_id, f"self-test: {event.step} started{attempt}")
        elif isinstance(event, StepFinished):
            r = event.result
            kind = "server.log" if r.outcome.value in ("PASS", "SKIPPED") else "server.error"
            self._say(event.run_id, f"self-test: {r.name} {r.outcome.value}" + (f": {r.error}" if r.error else ""),
                      kind)
        elif isinstance(event, RunFinished):
            self._say(event.run_id, f"self-test finished: {event.outcome.value}",
                      "server.log" if event.outcome.value == "PASS" else "server.error")
            self._units.pop(event.run_id, None)

    def _say(self, run_id: str, msg: str, type_: str = "server.log") -> None:
        device_id, mac = self._units[run_id]
        try:
            self._queue.put_nowait((device_id, mac, msg, type_))
        except queue.Full:
            self.dropped += 1

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            device_id, mac, msg, type_ = item
            body: dict[str, Any] = {"data": {"type": "device_log", "attributes": {
                "device_id": device_id, "mac_address": mac, "msg": msg, "type": type_}}}
            try:
                resp = self._session.post(self.url, json=body, timeout=self.timeout_s,
                                          headers={"Content-Type": "application/vnd.api+json"})
                if resp.status_code == 204:
                    self.posted += 1
                else:
                    self.dropped += 1
            except requests.RequestException:
                self.dropped += 1

    def close(self) -> None:
        self.bus.unsubscribe(self._on_event)
        self._queue.put(None)
        self._thread.join(5)
        self._session.close()
