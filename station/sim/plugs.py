"""In-process simulated plugs: a quick electrical model of one fixture slot and its DUT.

Used by ``station run --sim`` until a fixture port is configured, and by tests that exercise the
runner without serial I/O. Each DUT's values derive from its serial number, so a given serial
always measures the same way (reproducible demos), and faults can be injected per serial prefix.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from station.runner.plugs import PlugRegistry
from station.testkit.plugs import Plug, PlugEnv


@dataclass(slots=True)
class SimDut:
    """The electrical and firmware personality of one simulated DUT."""

    serial: str
    rng: random.Random = field(init=False)
    weak_regulator: bool = field(init=False)
    powered: bool = False
    led: str = "OFF"
    mac: str = field(init=False)
    device_id: str = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(hashlib.sha256(self.serial.encode()).digest())
        digest = hashlib.sha256(b"id" + self.serial.encode()).hexdigest()
        # About one unit in twelve has a weak 3.3 V regulator: the realistic FAIL of the demo.
        self.weak_regulator = int(digest[12:16], 16) % 12 == 0
        self.mac = "0c:2a:69:" + ":".join(digest[i : i + 2] for i in range(0, 6, 2))
        self.device_id = "30000c2a69" + digest[6:12]

    def rail(self, name: str) -> float:
        nominal = {"VBUS": 5.0, "3V3": 3.3, "1V8": 1.8}.get(name.upper())
        if nominal is None:
            raise ValueError(f"unknown rail {name!r} (VBUS, 3V3, 1V8)")
        if not self.powered:
            return round(self.rng.gauss(0.0, 0.002), 4)
        if name.upper() == "3V3" and self.weak_regulator:
            nominal = 3.12
        return round(nominal * (1 + self.rng.gauss(0, 0.006)), 4)

    def current_ma(self) -> float:
        if not self.powered:
            return 0.0
        return round(self.rng.gauss(42.0, 1.5), 2)


class SimSlotFixture(Plug):
    """The ``fixture`` plug bound to one slot: power, rails, current."""

    def __init__(self, dut: SimDut) -> None:
        self._dut = dut

    def power(self, on: bool, current_limit_ma: float | None = None) -> None:
        self._dut.powered = bool(on)

    def voltage(self, rail: str) -> float:
        return self._dut.rail(rail)

    def current_ma(self) -> float:
        return self._dut.current_ma()

    def tear_down(self) -> None:
        self._dut.powered = False


class SimDutConsole(Plug):
    """The ``dut`` plug: the DUT's factory-firmware console, one command per line."""

    def __init__(self, dut: SimDut) -> None:
        self._dut = dut

    def query(self, command: str, timeout_s: float = 1.0) -> str:
        if not self._dut.powered:
            raise TimeoutError(f"DUT console silent for {timeout_s:g} s (is it powered?)")
        verb, _, arg = command.strip().upper().partition(" ")
        dut = self._dut
        answers = {
            "VERSION": "imp-sensor-fw 2.4.1",
            "MAC": dut.mac,
            "DEVICEID": dut.device_id,
            "SELFTEST": "PASS",
            "RSSI": str(int(dut.rng.gauss(-52, 4))),
            "TEMP": f"{dut.rng.gauss(24.0, 1.0):.2f}",
            "LIGHT": str(int(dut.rng.gauss(512, 20))),
        }
        if verb == "LED":
            if arg:
                dut.led = arg
            return dut.led
        if verb not in answers:
            return f"ERR unknown command {verb}"
        return answers[verb]


def sim_registry() -> PlugRegistry:
    """Plugs for a run on the in-process simulated factory (one shared DUT model per run)."""
    duts: dict[tuple[str, int], SimDut] = {}

    def dut_for(env: PlugEnv) -> SimDut:
        return duts.setdefault((env.serial, env.slot), SimDut(env.serial))

    return PlugRegistry(
        {
            "fixture": lambda env: SimSlotFixture(dut_for(env)),
            "dut": lambda env: SimDutConsole(dut_for(env)),
        }
    )
