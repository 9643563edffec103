"""IPC-CFX: the station as a CFX endpoint, telling the factory's MES what it does over AMQP 1.0.

``messages`` builds the envelopes (pure), ``outbox`` queues them in the store in the order they
happen (events in, rows out), ``publisher`` drains the queue to the broker, ``listen`` reads
them back for line engineers, and :func:`attach_cfx` wires the three to a running station.
"""

from station.cfx.attach import CfxSettings, attach_cfx

__all__ = ["CfxSettings", "attach_cfx"]
