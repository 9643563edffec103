"""Read CFX messages from a broker address: what ``station cfx listen`` prints, and what tests check.

Each message is accepted (removed from the queue) once it has been read and parsed. A repeat (a
``UniqueID`` seen before in this session, which only an in-doubt resend can produce) is marked,
not hidden.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from proton import Timeout
from proton.utils import BlockingConnection

from station.cfx.amqp import BrokerSettings, BrokerUnavailable, connect, from_message
from station.cfx.messages import InvalidEnvelope, check_envelope


@dataclass(frozen=True, slots=True)
class Received:
    """One message as it arrived: the envelope (or why it is not one) and the AMQP message-id."""

    envelope: dict[str, Any] | None
    message_id: str | None
    problem: str | None = None
    repeat: bool = False


class Listener:
    """A receiver on one AMQP 1.0 source address (``/amq/queue/NAME`` or ``/queue/NAME``)."""

    def __init__(self, settings: BrokerSettings, *, credit: int = 200) -> None:
        self.settings = settings
        self.connection: BlockingConnection = connect(settings)
        try:
            self.receiver = self.connection.create_receiver(settings.address, credit=credit)
        except Exception as exc:
            self.close()
            raise BrokerUnavailable(f"cannot listen on {settings.address!r}: {exc}") from None
        self._seen: set[str] = set()

    def receive(self, timeout_s: float) -> Received | None:
        """The next message, or None when nothing arrives within ``timeout_s``."""
        try:
            msg = self.receiver.receive(timeout=timeout_s)
        except Timeout:
            return None
        except Exception as exc:  # the connection went away (proton raises several types)
            raise BrokerUnavailable(f"listening on {self.settings.address!r} failed: {exc}") from None
        message_id = None if msg.id is None else str(msg.id)
        try:
            envelope = check_envelope(from_message(msg))
            problem = None
        except (ValueError, InvalidEnvelope) as exc:
            envelope, problem = None, str(exc)
        self.receiver.accept()
        unique = str(envelope["UniqueID"]) if envelope else None
        repeat = unique is not None and unique in self._seen
        if unique is not None:
            self._seen.add(unique)
        return Received(envelope, message_id, problem, repeat)

    def messages(self, *, idle_s: float, limit: int | None = None) -> Iterator[Received]:
        """Messages until ``limit`` or until none arrives for ``idle_s``."""
        count = 0
        while limit is None or count < limit:
            item = self.receive(idle_s)
            if item is None:
                return
            count += 1
            yield item

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a dead connection: nothing to report
            self.connection.close()
