"""The simulated factory, whole: cloud emulator, fixture firmware on a pty, optics, printer, a line feed.

``make demo``, the headless demo, the operator-window tests and the station benchmark all run on
this. Every part is the real product part or its documented emulator, talking over real
transports (HTTP on loopback, a pseudo-terminal, TCP 9100); the station composed on top is the
same :func:`~station.flow.compose.compose_from_config` a real line uses, from a config that points
at these peers. The world's temporary folder (emulator and station databases, label spool) is
removed when the world closes.

Fault switches for tests and training: :meth:`unplug_fixture`, :meth:`cloud_down`,
:meth:`retarget` (the cloud moves the fixture group's production target), and the printer
emulator's own states (``world.printer.set_state(paper_out=True)``).
"""

from __future__ import annotations

import contextlib
import random
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from station.cloud.client import CloudClient
from station.cloud.emulator.server import EmulatorServer
from station.cloud.emulator.service import EmulatorConfig
from station.cloud.libelium.emulator import DEMO_ORDER, LibeliumEmulator
from station.cloud.models import Ref
from station.cloud.particle.emulator import (
    DEMO_PLATFORM,
    DEMO_PRODUCTION_PRODUCT,
    DEMO_TEST_PRODUCT,
    ParticleEmulator,
)
from station.config import StationConfig
from station.drivers.scanner import SerialRule
from station.errors import InputError
from station.events import Event, PromptRequested, StageChanged
from station.flow.compose import Peers, compose_from_config
from station.flow.stages import Stage
from station.flow.station import Station
from station.runner.loader import load_script
from station.sim.dut_cloud_log import DutCloudLog
from station.sim.dut_model import model_for_script
from station.sim.factory import SimulatedFactory
from station.sim.line_clouds import FIXTURE_GROUPS, identify_by, particle_device_id
from station.sim.optics import SimulatedOptics
from station.sim.printer import PrinterEmulator
from station.store import Store

EXAMPLE_SCRIPT = Path(__file__).resolve().parents[2] / "dut_tests" / "imp_sensor" / "imp_sensor.py"
DEMO_SERIALS = SerialRule(r"DEMO\d{5}")
BACKENDS = ("impcentral", "particle", "libelium")
LABEL_TEMPLATES = {"impcentral": "product", "particle": "particle", "libelium": "libelium"}


def demo_serials(start: int = 1) -> Iterator[str]:
    n = start
    while True:
        yield f"DEMO{n:05d}"
        n += 1


class SimulatedWorld:
    """A context manager: the whole simulated factory and a ready (not yet started) :class:`Station`."""

    def __init__(
        self,
        slots: int = 1,
        *,
        zone: str = "test",
        db_url: str | None = None,
        script: str | Path | list[str | Path] = EXAMPLE_SCRIPT,
        time_scale: float = 0.02,
        population_faults: bool = True,
        station_name: str = "sim-station",
        interpreter: str = "cpython",
        blinkup_mode: str = "fast",
        backend: str = "impcentral",
    ) -> None:
        if zone not in FIXTURE_GROUPS:
            raise InputError(f"zone must be 'test' or 'production', not {zone!r}")
        if backend not in BACKENDS:
            raise InputError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        self.backend = backend
        self.slots = slots
        self.zone = zone
        self.fixture_group_id = FIXTURE_GROUPS[zone]
        self._db_url = db_url
        # A mixed line: with several scripts, slot N runs scripts[(N - 1) % len(scripts)].
        self._scripts = [Path(p) for p in (script if isinstance(script, list) else [script])]
        if not self._scripts:
            raise InputError("the simulated line needs at least one script")
        self._script = self._scripts[0]
        self._run_slots: dict[str, int] = {}
        self._time_scale = time_scale
        self._population_faults = population_faults
        self._station_name = station_name
        self._interpreter = interpreter
        self._blinkup_mode = blinkup_mode
        self._closers: list[Callable[[], None]] = []
        self._planned_faults: dict[str, tuple[str, bool]] = {}
        self.station: Station

    # -- life cycle ------------------------------------------------------------------------------
    def __enter__(self) -> SimulatedWorld:
        try:
            self._build()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        while self._closers:
            closer = self._closers.pop()
            with contextlib.suppress(Exception):  # close everything that was opened, whatever fails
                closer()

    def _build(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="station-world-"))
        self._closers.append(lambda: shutil.rmtree(self.folder, ignore_errors=True))  # closed last
        self.emulator = EmulatorServer(str(self.folder / "cloud.db"),
                                       config=EmulatorConfig(webhook_backoff_s=0.05, webhook_backoff_max_s=0.5))
        self.emulator.start()
        self._closers.append(self.emulator.stop)
        loaded = {p: load_script(p).script.product for p in self._scripts}
        self.products = {slot: loaded[self._scripts[(slot - 1) % len(self._scripts)]]
                         for slot in range(1, self.slots + 1)}
        models = {product: model_for_script(p, product) for p, product in loaded.items()}
        self.models = models
        self.factory = SimulatedFactory(self.slots, interpreter=self._interpreter,
                                        models=list(models.values())).__enter__()
        self._closers.append(lambda: self.factory.__exit__(None, None, None))
        self.optics = SimulatedOptics(self.emulator.url, mode=self._blinkup_mode, time_scale=self._time_scale)
        self._closers.append(self.optics.close)
        self.printer = PrinterEmulator()
        self._closers.append(self.printer.close)
        self.store = Store.open(self._db_url or f"sqlite:///{self.folder / 'station.db'}")
        self._closers.append(self.store.close)
        assert self.factory.client is not None
        cloud, secret = self._backend_cloud()
        self.config = StationConfig.model_validate({
            "station": {"name": self._station_name, "slots": self.slots},
            "test": {"script": str(self._script), "mixed": [str(p) for p in self._scripts[1:]]},
            "store": {"url": self.store.url},
            "cloud": cloud,
            "fixture": {"port": self.factory.fixture_sim.port},
            "printer": {"url": f"tcp://{self.printer.host}:{self.printer.port}",
                        "template": LABEL_TEMPLATES[self.backend]},
            "scanner": {"serial_pattern": DEMO_SERIALS.pattern},
            "blinkup": {"ssid": "factory-sim", "mode": self._blinkup_mode},
            "flow": {"enroll_timeout_s": 30.0, "bless_retry_first_s": 0.2, "bless_retry_max_s": 2.0},
        })
        stack = contextlib.ExitStack()
        self._closers.append(stack.close)
        self.station = compose_from_config(self.config, stack, peers=Peers(
            provisioner=self.optics, fixture=self.factory.client, camera=self.factory.camera_plug,
            login_key=self.emulator.login_key, cloud_secret=secret, wifi_password="sim-wifi-password", store=self.store,
            spool=self.folder / "labels.db",
        ))
        self.station.bus.subscribe(self._on_event)
        self._closers.append(self.station.stop)
        self.dut_log: DutCloudLog | None = None
        if self.backend == "impcentral":  # the units log to impCloud as they are tested (imps only)
            self.dut_log = DutCloudLog(self.station.bus, self.emulator.url)
            self._closers.append(self.dut_log.close)
        self.admin = CloudClient(self.emulator.url, self.emulator.login_key, timeout=5.0)
        self._closers.append(self.admin.close)

    def _backend_cloud(self) -> tuple[dict[str, object], str | None]:
        """The ``[cloud]`` config of this world's backend, and its secret; starts its emulator.

        impCentral's emulator always runs (the optics report BlinkUp'd units to it); a Particle or
        Libelium world also runs that cloud's emulator, and ``self.cloud`` is the one the station uses."""
        common = {"max_target_age_s": 3600.0, "timeout_s": 5.0}
        self.cloud: EmulatorServer | ParticleEmulator | LibeliumEmulator = self.emulator
        if self.backend == "particle":
            self.particle = ParticleEmulator().start()
            self._closers.append(self.particle.stop)
            self.cloud = self.particle
            product = DEMO_TEST_PRODUCT if self.zone == "test" else DEMO_PRODUCTION_PRODUCT
            self.particle_product = product
            return {"backend": "particle", "endpoint": self.particle.url, **common,
                    "particle": {"product": str(product), "zone": self.zone, "platform_id": DEMO_PLATFORM,
                                 "hardware_group": "hw-rev-a",
                                 "identify_by": identify_by("particle", self.models[self.products[1]])}}, \
                self.particle.token(product)
        if self.backend == "libelium":
            self.libelium = LibeliumEmulator().start()
            self._closers.append(self.libelium.stop)
            self.cloud = self.libelium
            return {"backend": "libelium", "endpoint": self.libelium.url, **common,
                    "libelium": {"sales_order": DEMO_ORDER, "customer": "Demo Customer", "zone": self.zone}}, \
                self.libelium.factory_key
        return {"endpoint": self.emulator.url, "fixture_group": self.fixture_group_id, **common}, None

    def _on_event(self, event: Event) -> None:
        """The operator put the scanned unit in its slot: the fixture and the optics now see it."""
        if isinstance(event, StageChanged) and event.run_id:
            self._run_slots[event.run_id] = event.slot
        if isinstance(event, PromptRequested):
            self._operator_answers(event)
        if isinstance(event, StageChanged) and event.stage == Stage.SCANNED.value:
            product = self.products[event.slot]
            if self.backend == "particle":  # a Particle-made unit: the cloud knows its serial and device ID
                self.particle.service.manufacture(DEMO_PLATFORM, ids=[(
                    particle_device_id(event.serial, self.models[product]), event.serial)])
            planned = self._planned_faults.pop(event.serial, None)
            if planned is not None:
                faults, dead_led = planned
                self.factory.insert_unit(event.slot, event.serial, faults.format(slot=event.slot), dead_led=dead_led,
                                         product=product)
            elif self._population_faults:
                self.factory.insert_from_population(event.slot, event.serial, product)
            else:
                self.factory.insert_unit(event.slot, event.serial, product=product)
            self.optics.insert(event.slot, event.serial, self.models[product])

    def _operator_answers(self, event: PromptRequested) -> None:
        """The simulated operator answers the prompts the product's model knows (``[operator]``);
        others wait for a real answer. The answer is given once the slot is waiting for it."""
        slot = self._run_slots.get(event.run_id)
        if slot is None:
            return
        answer = self.models[self.products[slot]].operator_answers.get(event.prompt_id)
        if answer is None:
            return
        prompts = self.station.prompts[slot - 1]

        def respond() -> None:
            for _ in range(500):
                if prompts.respond(event.prompt_id, answer):
                    return
                time.sleep(0.002)

        threading.Thread(target=respond, name=f"sim-operator-{slot}", daemon=True).start()

    def plan_unit(self, serial: str, faults: str = "", *, dead_led: bool = False) -> None:
        """The unit with this serial will be built with ``faults`` (``{slot}`` is filled in) and, if
        ``dead_led``, a status LED that never lights; else healthy."""
        self._planned_faults[serial] = (faults, dead_led)

    # -- the line ------------------------------------------------------------------------------
    def feed(self, units: int, serials: Iterator[str] | None = None, operator: str = "demo-operator",
             stop: threading.Event | None = None, timeout_s: float = 3600.0,
             reload_s: tuple[float, float] | float = 0.0) -> None:
        """Scan ``units`` units as slots free up (what a steady operator does), and wait for the last.

        ``reload_s`` is how long the simulated operator takes to unload a nest after its verdict and
        put the next unit in (a number, or a (low, high) range drawn per unit): ``station demo`` on
        a screen passes 2–3 s so each PASS/FAIL stays readable; headless and test callers keep 0.
        """
        station = self.station
        if not station.operator:
            station.sign_in(operator)
        serials = serials or demo_serials()
        low, high = reload_s if isinstance(reload_s, tuple) else (reload_s, reload_s)
        rng = random.Random(7)
        freed_at: dict[int, float] = {}  # slot → when its verdict came (monotonic)

        def note(event: Event) -> None:
            if isinstance(event, StageChanged) and event.stage == Stage.DONE.value:
                freed_at[event.slot] = time.monotonic()

        if high > 0:
            station.bus.subscribe(note)
        deadline = time.monotonic() + timeout_s
        scanned = 0
        pause = rng.uniform(low, high)
        try:
            while scanned < units:
                if stop is not None and stop.is_set():
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError(f"fed {scanned} of {units} units in {timeout_s:g} s")
                last_free = max(freed_at.values(), default=None)
                reloading = last_free is not None and time.monotonic() - last_free < pause
                if not reloading and station.has_free_slot() and station.scan(next(serials)) is not None:
                    scanned += 1
                    pause = rng.uniform(low, high)
                    continue
                time.sleep(0.005)
            while not station.idle():
                if time.monotonic() > deadline:
                    raise TimeoutError("the last units did not finish in time")
                time.sleep(0.01)
        finally:
            if high > 0:
                station.bus.unsubscribe(note)

    # -- fault switches --------------------------------------------------------------------------
    def unplug_fixture(self) -> None:
        self.factory.fixture_sim.unplug()

    def replug_fixture(self) -> None:
        self.factory.fixture_sim.replug()

    def cloud_down(self, down: bool = True) -> None:
        """Every cloud call fails with a 5xx until ``cloud_down(False)``."""
        self.cloud.set_faults(error_rate=1.0 if down else 0.0)

    def retarget(self, production_target: str | None = None) -> str:
        """The cloud moves the fixture group's production target (an engineer did it in impCentral);
        with no target given, a new production group of the same zone is made. Returns its ID."""
        group = self.admin.device_group(self.fixture_group_id)
        current = self.admin.device_group(group.production_target.id if group.production_target else "")
        if production_target is None:
            production_target = self.admin.create_device_group(
                current.type, f"{current.name} (rework)", current.product_id or "",
            ).id
        target = self.admin.device_group(production_target)
        self.admin.update_device_group(group, production_target=Ref(target.type, target.id))
        return target.id
