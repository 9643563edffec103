"""The ``fixture`` and ``dut`` plugs: one slot's view of a shared serial fixture.

A station has one fixture port and several slots; every slot's plugs share one
:class:`~station.drivers.fixture.FixtureClient` (it is thread-safe and matches replies by id)
and carry their slot number, so a script says ``fixture.voltage("3V3")`` and never which slot.
"""

from __future__ import annotations

import contextlib

from station.drivers.fixture import FixtureClient, FixtureError, LidState, PowerState
from station.testkit.plugs import Plug


class SlotFixture(Plug):
    """The ``fixture`` plug: power, rails, current and relays of this run's slot."""

    def __init__(self, client: FixtureClient, slot: int) -> None:
        self.client = client
        self.slot = slot

    def power(self, on: bool, current_limit_ma: float | None = None) -> PowerState:
        limit = None if current_limit_ma is None else int(current_limit_ma)
        return self.client.power(self.slot, on, limit)

    def voltage(self, rail: str) -> float:
        return self.client.voltage(rail, self.slot)

    def current_ma(self) -> float:
        return self.client.current_ma(self.slot)

    def relay(self, n: int, on: bool | None = None) -> bool:
        return self.client.relay(n, on)

    def lid(self) -> LidState:
        return self.client.lid()

    def tear_down(self) -> None:
        """Leave the slot unpowered even when the script forgot to; a lost fixture is not our error here."""
        with contextlib.suppress(FixtureError):
            self.client.power(self.slot, False)


class DutConsole(Plug):
    """The ``dut`` plug: the DUT's factory-firmware console, through the fixture's UART pass-through.

    A silent DUT raises :class:`~station.drivers.fixture.DutNoReply`, a ``DutFault``: the step
    fails the unit, not the station.
    """

    def __init__(self, client: FixtureClient, slot: int) -> None:
        self.client = client
        self.slot = slot

    def query(self, command: str, timeout_s: float = 1.0) -> str:
        return self.client.uart(self.slot, command, timeout_s)


def fixture_plugs(client: FixtureClient) -> dict[str, object]:
    """Plug factories for a plug registry, all on ``client``."""
    return {
        "fixture": lambda env: SlotFixture(client, env.slot),
        "dut": lambda env: DutConsole(client, env.slot),
    }
