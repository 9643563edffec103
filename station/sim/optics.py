"""The simulated optical link: the units in the slots watch a (virtual) screen and enroll in the cloud.

Headless runs have no screen, so this provisioner renders what the flasher would show frame by
frame at the display's rate, runs it through the light-sensor channel model, and lets the
simulated DUT in that slot decode it — exactly what :mod:`station.sim.blinkup_dut` does with a
real Qt flasher's recorded frames. A unit that decoded its payload then does what a real DUT does
next: it joins Wi-Fi and reports in to the cloud with the factory enrollment token it received,
its MAC and the device ID burned into it (POST /v5/enroll/device on the cloud emulator).

Only the flash's duration is scaled (``time_scale``), so a demo of hundreds of units finishes in
minutes; the symbols, the channel and the decoding are the real ones.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import requests

from station.blinkup import BlinkUpPayload, DecodeError, get_mode
from station.blinkup.channel import ChannelParams
from station.flow.unit import ProvisioningError
from station.runner.runner import AbortSignal
from station.sim.blinkup_dut import ReportInFailed, SimulatedBlinkUpDut, report_in
from station.sim.dut_model import DutModel
from station.sim.fixture_host import dut_identity


class SimulatedOptics:
    """A provisioner for the simulated factory; knows which serial sits in which slot."""

    def __init__(self, cloud_url: str, *, mode: str = "fast", fps: float = 60.0, time_scale: float = 0.02,
                 seed: int = 1, params: ChannelParams | None = None) -> None:
        self.cloud_url = cloud_url.rstrip("/")
        self.mode = mode
        self.fps = fps
        self.time_scale = time_scale
        self.params = params or ChannelParams()
        self._rng = np.random.default_rng(seed)
        self._serials: dict[int, str] = {}
        self._models: dict[int, DutModel | None] = {}
        self._lock = threading.Lock()
        self._session = requests.Session()
        self.waited_s = 0.0  # time spent being the simulated display and DUT (benchmarks subtract it)

    def insert(self, slot: int, serial: str, model: DutModel | None = None) -> None:
        """The unit with this serial (of ``model``'s product; default the imp-sensor) now sits in
        ``slot`` (the fixture simulator has it too)."""
        with self._lock:
            self._serials[slot] = serial
            self._models[slot] = model

    def flash(self, slot: int, payload: BlinkUpPayload, abort: AbortSignal) -> None:
        started = time.perf_counter()
        try:
            self._flash(slot, payload, abort)
        finally:
            with self._lock:
                self.waited_s += time.perf_counter() - started

    def _flash(self, slot: int, payload: BlinkUpPayload, abort: AbortSignal) -> None:
        codec = get_mode(self.mode)
        values = [*codec.pixel_values(codec.encode(payload)), 0.0]  # the last entry: the screen after the flash
        period = 1.0 / self.fps
        times = [i * period for i in range(len(values))]
        with self._lock:
            serial = self._serials.get(slot)
            model = self._models.get(slot)
            seed = int(self._rng.integers(1 << 31))
        if serial is None:
            raise ProvisioningError(f"no unit in slot {slot} to watch the flash")
        self._wait(times[-1] * self.time_scale, abort)
        try:
            received = SimulatedBlinkUpDut(self.mode, self.fps, self.params, seed=seed).receive(times, values)
        except DecodeError as exc:
            raise ProvisioningError(f"the unit in slot {slot} could not decode the BlinkUp: {exc}") from exc
        mac, device_id = dut_identity(serial, model=model)
        self._report_in(mac, device_id, received)

    def _report_in(self, mac: str, device_id: str, received: BlinkUpPayload) -> None:
        try:
            report_in(self._session, self.cloud_url, mac, device_id, received)
        except ReportInFailed as exc:
            raise ProvisioningError(str(exc)) from exc

    @staticmethod
    def _wait(seconds: float, abort: AbortSignal) -> None:
        deadline = time.monotonic() + seconds
        while not abort.is_set() and time.monotonic() < deadline:
            time.sleep(min(0.02, max(0.0, deadline - time.monotonic())))

    def close(self) -> None:
        self._session.close()
