"""Drains the CFX outbox to the broker in a background thread: in order, nothing lost, no repeats.

A message leaves the outbox only after the broker accepted it (AMQP 1.0 settlement), so a broker
that is down or restarts loses nothing: the publisher backs off, reconnects and starts again from
the oldest message. Order is the outbox's ``seq``; one link, one batch at a time.

Exactly once, and where AMQP sets its limit: if the connection drops after the broker took a
message but before its acceptance came back, no one on this side can know whether it arrived.
Such messages are counted as *in doubt* (:attr:`CfxPublisher.in_doubt_total`) and sent again,
with the same ``UniqueID`` and AMQP ``message-id`` — the CFX way for a consumer to recognise the
repeat. Every other path sends each message exactly once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from station.cfx import messages
from station.cfx.amqp import BrokerSettings, BrokerUnavailable, Sender
from station.cfx.outbox import CfxQueue
from station.errors import StationError


@dataclass(frozen=True, slots=True)
class PushResult:
    sent: int
    pending: int


class CfxPublisher:
    """Sends one station's CFX outbox to one broker address."""

    def __init__(self, queue: CfxQueue, broker: BrokerSettings, *, batch: int = 100, heartbeat_s: float = 60.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.queue = queue
        self.broker = broker
        self.batch = batch
        self.heartbeat_s = heartbeat_s
        self._clock = clock
        self._sender: Sender | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._last_heartbeat = 0.0
        self.last_error: str | None = None
        self.sent_total = 0
        self.in_doubt_total = 0
        self.reconnects = 0

    # -- one batch --------------------------------------------------------------------------------
    def push_once(self) -> PushResult:
        """Send up to one batch; raises :class:`BrokerUnavailable` (retry later) or ``BrokerRefused``."""
        items = self.queue.head(self.batch)
        if not items:
            return PushResult(0, 0)
        if self._sender is None:
            self._sender = Sender(self.broker)
            self.reconnects += 1
        envelopes = [item.envelope for item in items if item.envelope]
        try:
            self._sender.send_batch(envelopes)
        except BrokerUnavailable:
            self.in_doubt_total += len(envelopes)  # an upper bound: some may have been refused unseen
            self._drop_sender()
            raise
        except StationError:
            self._drop_sender()
            raise
        self.queue.remove_through(items[-1].seq)
        self.sent_total += len(envelopes)
        self.last_error = None
        return PushResult(len(envelopes), self.queue.pending())

    def drain(self, timeout_s: float = 60.0) -> int:
        """Push until the outbox is empty (CLI, tests, a clean shutdown); returns how many were sent."""
        deadline = time.monotonic() + timeout_s
        sent = 0
        while True:
            try:
                result = self.push_once()
            except BrokerUnavailable:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
                continue
            sent += result.sent
            if result.pending == 0:
                return sent
            if time.monotonic() > deadline:
                raise BrokerUnavailable(f"CFX outbox not drained within {timeout_s:.0f} s ({result.pending} pending)")

    def _drop_sender(self) -> None:
        if self._sender is not None:
            self._sender.close()
            self._sender = None

    # -- heartbeat --------------------------------------------------------------------------------
    def heartbeat_if_due(self) -> None:
        """Queue a Heartbeat every ``heartbeat_s``; never a second one while one still waits (a pile of
        stale heartbeats after an outage would tell the MES nothing)."""
        now = self._clock()
        if self.heartbeat_s <= 0 or now - self._last_heartbeat < self.heartbeat_s:
            return
        self._last_heartbeat = now
        if self.queue.pending("Heartbeat") == 0:
            self.queue.put("Heartbeat", messages.heartbeat(self.queue.source, now, self.heartbeat_s))

    # -- background -------------------------------------------------------------------------------
    def start(self, *, interval_s: float = 0.2, max_backoff_s: float = 30.0) -> None:
        """Publish in a daemon thread until :meth:`stop`; outages back off and resume by themselves."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, args=(interval_s, max_backoff_s), name="cfx-publisher",
                                        daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Something was queued: send now instead of at the next interval."""
        self._wake.set()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
        self._drop_sender()

    def _loop(self, interval_s: float, max_backoff_s: float) -> None:
        backoff = interval_s
        while not self._stop.is_set():
            try:
                self.heartbeat_if_due()
                result = self.push_once()
            except StationError as exc:
                self.last_error = str(exc)
                self._stop.wait(backoff)
                backoff = min(max_backoff_s, backoff * 2)
                continue
            backoff = interval_s
            if result.pending == 0:
                self._wake.wait(interval_s)
                self._wake.clear()
