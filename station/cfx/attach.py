"""Wire CFX to a station: one call from whatever composes it (the line, the demo, tests).

``attach_cfx(bus, store, settings)`` subscribes the recorder to the event bus, queues
EndpointConnected and starts the publisher thread; the returned :class:`CfxEndpoint` stops it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from station.cfx import messages
from station.cfx.amqp import BrokerSettings
from station.cfx.outbox import CfxQueue, CfxRecorder
from station.cfx.publisher import CfxPublisher
from station.events import Event, EventBus
from station.store import Store

if TYPE_CHECKING:
    from station.config import CfxSection


@dataclass(frozen=True, slots=True)
class CfxSettings:
    """The endpoint's CFX handle, and where and how its messages go."""

    handle: str
    broker: BrokerSettings
    heartbeat_s: float = 60.0

    @classmethod
    def from_config(cls, section: CfxSection, env: Mapping[str, str] | None = None) -> CfxSettings:
        """From ``[cfx]``; credentials from the environment variables the section names."""
        env = os.environ if env is None else env
        return cls(handle=section.handle,
                   broker=BrokerSettings(url=section.broker, address=section.address,
                                         user=env.get(section.user_env) or None,
                                         password=env.get(section.password_env) or None),
                   heartbeat_s=section.heartbeat_s)


class CfxEndpoint:
    """A running CFX endpoint: the recorder on the bus and the publisher draining to the broker."""

    def __init__(self, bus: EventBus, store: Store, settings: CfxSettings) -> None:
        self.bus = bus
        self.settings = settings
        self.queue = CfxQueue(store, settings.handle)
        self.recorder = CfxRecorder(self.queue)
        self.publisher = CfxPublisher(self.queue, settings.broker, heartbeat_s=settings.heartbeat_s)

    def _on_event(self, event: Event) -> None:
        if self.recorder(event):
            self.publisher.poke()

    def start(self) -> CfxEndpoint:
        self.queue.enable({"handle": self.settings.handle, "broker": self.settings.broker.display(),
                           "address": self.settings.broker.address})
        self.bus.subscribe(self._on_event)
        self.queue.put("EndpointConnected", messages.endpoint_connected(
            self.settings.handle, time.time(), broker=self.settings.broker.display(),
            address=self.settings.broker.address))
        self.publisher.start()
        return self

    def close(self, drain_s: float = 0.0) -> None:
        """Stop listening and publishing; with ``drain_s``, first try that long to empty the outbox
        (what is left stays queued for the next start)."""
        self.bus.unsubscribe(self._on_event)
        self.publisher.stop()
        if drain_s > 0:
            with contextlib.suppress(Exception):  # the broker is away: the outbox keeps it for next time
                self.publisher.drain(timeout_s=drain_s)
            self.publisher.stop()


def attach_cfx(bus: EventBus, store: Store, settings: CfxSettings) -> CfxEndpoint:
    """Make the station a CFX endpoint; call :meth:`CfxEndpoint.close` when the station stops."""
    return CfxEndpoint(bus, store, settings).start()
