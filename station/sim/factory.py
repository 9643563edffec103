"""The simulated factory for headless runs: the real fixture firmware on a pseudo-terminal,
driven by the real driver, with the simulated DUT population inserted unit by unit.

The station cannot tell it from a real line: the plugs are the same :mod:`fixture_plugs` over
the same :class:`FixtureClient`, only the port is a pty.
"""

from __future__ import annotations

from types import TracebackType

from station.drivers.camera_plug import CameraPlug
from station.drivers.fixture import FixtureClient
from station.drivers.fixture_plugs import fixture_plugs
from station.runner.plugs import PlugRegistry
from station.sim.dut_model import DutModel
from station.sim.fixture_host import SimulatedFixture
from station.sim.led_camera import SimulatedLedCamera
from station.sim.population import fault_spec, unit_fault
from station.testkit.plugs import PlugEnv


class SimulatedFactory:
    """A context manager: start the fixture simulator, open the driver, hand out plugs."""

    def __init__(self, slots: int = 1, *, interpreter: str = "cpython", models: list[DutModel] | None = None) -> None:
        self.fixture_sim = SimulatedFixture(slots=slots, interpreter=interpreter, models=models)
        self.models = {m.product: m for m in self.fixture_sim.models}
        self.client: FixtureClient | None = None
        self.dead_leds: set[int] = set()  # slots whose unit has a broken status LED

    def __enter__(self) -> SimulatedFactory:
        self.fixture_sim.__enter__()
        try:
            self.client = FixtureClient.open(self.fixture_sim.port)
        except BaseException:
            self.fixture_sim.stop()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.client is not None:
            self.client.close()
        self.fixture_sim.stop()

    def model(self, product: str | None) -> DutModel:
        """The loaded model of ``product`` (None: the first, the simulator's default)."""
        return self.models[product] if product else next(iter(self.models.values()))

    def insert_from_population(self, slot: int, serial: str, product: str | None = None) -> None:
        """Put the unit with this serial, of ``product``, built with whatever fault its model's
        population gave it."""
        model = self.model(product)
        fault = unit_fault(serial, model)
        self.insert_unit(slot, serial, fault_spec(serial, slot, model), dead_led=fault is not None and fault.dead_led,
                         product=product)

    def registry(self) -> PlugRegistry:
        assert self.client is not None, "use SimulatedFactory as a context manager"
        return PlugRegistry({**fixture_plugs(self.client), "camera": self.camera_plug})

    def camera_plug(self, env: PlugEnv) -> CameraPlug:
        assert self.client is not None
        return CameraPlug(SimulatedLedCamera(self.client, env.slot, self.dead_leds))

    def insert_unit(self, slot: int, serial: str, faults: str = "", *, dead_led: bool = False,
                    product: str | None = None) -> None:
        """Put a healthy unit with this serial (of ``product``; default the first model) into ``slot``,
        or one with ``faults`` (a fixture-simulator fault spec such as ``slot1:uart_silent``)."""
        assert self.client is not None
        self.fixture_sim.clear_faults(slot)
        self.dead_leds.discard(slot)
        self.fixture_sim.insert_dut(slot, serial, product)
        model = self.model(product)
        named = {part.partition(":")[2].partition("=")[0].strip() for part in faults.split(",")}
        dead_led = dead_led or any((f := model.fault(name)) is not None and f.dead_led for name in named)
        if faults:
            self.fixture_sim.inject(faults)
        if dead_led:
            self.dead_leds.add(slot)
        # The controls travel on a side channel; one round trip on the serial line orders them
        # before the test's first command (the simulator reads controls queued before a request
        # no later than in the loop iteration that answers it).
        self.client.protocol_version()
