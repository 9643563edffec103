"""The AMQP 1.0 side of CFX: connect to the broker, send envelopes as a *data* section, receive.

python-qpid-proton's blocking API does the protocol. Two facts from measuring RabbitMQ's plugin
(shared/reference/cfx-amqp.md) shape this module: a ``bytes`` body must go out with
``inferred=True`` or it is wrapped as an amqp-value that an AMQP 0-9-1 consumer receives with
AMQP encoding around the JSON; and ``message-id``/``creation-time`` carry the envelope's
UniqueID and TimeStamp, as the CFX SDK does. TLS (``amqps://``) verifies the broker's name.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from proton import Delivery, Message, SSLDomain
from proton.utils import BlockingConnection

from station.cfx.messages import to_bytes
from station.errors import StationError


class BrokerUnavailable(StationError):
    """The broker cannot be reached or dropped the connection; the outbox keeps the messages."""


class BrokerRefused(StationError):
    """The broker refused a message or the address (wrong address, no permission): needs a person."""


@dataclass(frozen=True, slots=True)
class BrokerSettings:
    """Where CFX goes: ``url`` (amqp:// or amqps://), the AMQP 1.0 target ``address``, credentials."""

    url: str
    address: str
    user: str | None = None
    password: str | None = None
    timeout_s: float = 10.0

    def display(self) -> str:
        """The broker URL for logs and messages: never the credentials."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}"


def connect(settings: BrokerSettings) -> BlockingConnection:
    kwargs: dict[str, Any] = {"timeout": settings.timeout_s}
    if settings.user:
        kwargs.update(user=settings.user, password=settings.password or "", allowed_mechs="PLAIN")
    if settings.url.startswith("amqps://"):
        domain = SSLDomain(SSLDomain.MODE_CLIENT)
        domain.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)
        kwargs["ssl_domain"] = domain
    try:
        return BlockingConnection(settings.url, **kwargs)
    except Exception as exc:  # proton raises several types (ConnectionException, Timeout, OSError…)
        raise BrokerUnavailable(f"CFX broker {settings.display()} unavailable: {_reason(exc)}") from None


def to_message(envelope: dict[str, Any]) -> Message:
    """The envelope's UTF-8 JSON as an AMQP *data* section, with the CFX SDK's message-id/creation-time."""
    msg = Message(body=to_bytes(envelope), inferred=True, durable=True, content_type="application/json",
                  subject=str(envelope.get("MessageName", "")))
    msg.id = str(envelope.get("UniqueID", ""))
    stamp = envelope.get("TimeStamp")
    if isinstance(stamp, str):
        msg.creation_time = datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    return msg


def from_message(msg: Message) -> Any:
    """The JSON a received message carries, whatever body section the sender used."""
    body = msg.body
    if isinstance(body, memoryview):
        body = body.tobytes()
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    if not isinstance(body, str):
        raise ValueError(f"the message body is {type(body).__name__}, not JSON text")
    return json.loads(body)


class Sender:
    """One open link to the CFX address; :meth:`send_batch` pipelines and waits for every outcome."""

    def __init__(self, settings: BrokerSettings) -> None:
        self.settings = settings
        self.connection = connect(settings)
        try:
            self.link = self.connection.create_sender(settings.address)
        except Exception as exc:
            self.close()
            raise _classify(exc, settings) from None

    def send_batch(self, envelopes: list[dict[str, Any]]) -> int:
        """Send all, in order, then wait until the broker settled each; return how many it accepted
        from the first one on (the stream stops at the first message it did not accept).

        Raises :class:`BrokerUnavailable` when the connection fails before every outcome came back:
        messages sent but not settled are then *in doubt* (the broker may or may not have them).
        """
        deliveries: list[Delivery] = []
        try:
            for envelope in envelopes:
                deliveries.append(self.link.link.send(to_message(envelope)))
            self.connection.wait(lambda: all(d.settled for d in deliveries), timeout=self.settings.timeout_s,
                                 msg="waiting for the CFX broker to accept messages")
        except Exception as exc:
            raise _classify(exc, self.settings) from None
        accepted = 0
        for delivery in deliveries:
            state = delivery.remote_state
            delivery.settle()
            if state != Delivery.ACCEPTED:
                condition = delivery.remote.condition  # the broker's reason, when it gave one
                raise BrokerRefused(f"CFX broker {self.settings.display()} did not accept message "
                                    f"{accepted + 1} of the batch ({state}{f': {condition}' if condition else ''})")
            accepted += 1
        return accepted

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a dead connection: nothing left to tell anyone
            self.connection.close()


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _classify(exc: BaseException, settings: BrokerSettings) -> StationError:
    if isinstance(exc, StationError):
        return exc
    text = _reason(exc)
    if any(word in text for word in ("not-found", "precondition-failed", "unauthorized", "not-allowed",
                                     "invalid-field")):
        return BrokerRefused(f"CFX broker {settings.display()} refused address {settings.address!r}: {text}")
    return BrokerUnavailable(f"CFX broker {settings.display()} unavailable: {text}")
