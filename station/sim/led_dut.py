"""The simulated DUTs' light sensors under the fixture's BlinkUp LEDs, and what the DUTs do next.

The fixture firmware (under CPython or the MicroPython VM) keeps the wire protocol and the LED
timing; when a slot's LED has finished (or was stopped) its simulated hardware reports the light
it gave off on the host runner's report channel (``FLASH <slot> <rate> <powered> <mac> <device_id>
<levels> <symbols>``). MicroPython has neither numpy nor HTTP, so the DUT's side runs here, in
CPython: the light goes through the project's channel model (:mod:`station.blinkup.channel`, the
sensor stage only, with a linear LED instead of a gamma-2.2 screen), the DUT's decoder turns it into
a payload, and the DUT reports in to the cloud exactly as :class:`station.sim.optics.SimulatedOptics`
makes a screen-provisioned unit do (POST /v5/enroll/device with its token, plan ID, MAC and
device ID).

An LED on a hardware timer drops and repeats no frames, so the channel has none of those (the
decoders would survive them anyway); sensor gain, offset, noise, rise time and timer jitter stay.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import requests

from station.blinkup import BlinkUpPayload, DecodeError, decode
from station.blinkup.channel import ChannelParams
from station.sim.blinkup_dut import ReportInFailed, report_in, sense_frames

log = logging.getLogger("station.sim.led_dut")

#: The light sensor under a fixture LED: the screen defaults of issue 5, but a linear source
#: (light is PWM duty), a hardware timer (±0.2 ms jitter) and no dropped or repeated frames.
LED_CHANNEL = ChannelParams(gamma=1.0, jitter=0.0002, p_drop=0.0, p_repeat=0.0)
#: The simulated DUT firmware understands both framings; each decoder refuses rather than guess.
DUT_FRAMINGS = ("fast", "blinkup-js")
LIGHT_FULL = 1000
#: A real device keeps trying to reach the cloud after BlinkUp (5xx, 429, no answer); ours for this long.
REPORT_IN_PATIENCE_S = 30.0


@dataclass(frozen=True, slots=True)
class Flash:
    """One ``FLASH`` report of the fixture firmware: what a slot's LED showed to the DUT under it."""

    slot: int
    rate_hz: float
    powered: bool
    mac: str
    device_id: str
    light: tuple[float, ...]  #: light of each frame, 0–1 of the LED's full output

    @classmethod
    def parse(cls, line: str) -> Flash:
        """Parse a report line; ValueError on anything malformed (a firmware bug, not a DUT fault)."""
        parts = line.split()
        if len(parts) != 8 or parts[0] != "FLASH":
            raise ValueError(f"not a FLASH report: {line[:80]!r}")
        levels = [int(v) / LIGHT_FULL for v in parts[6].split(",")]
        symbols = "" if parts[7] == "-" else parts[7]
        return cls(slot=int(parts[1]), rate_hz=float(parts[2]), powered=parts[3] == "1", mac=parts[4],
                   device_id=parts[5], light=tuple(levels[int(c)] for c in symbols))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the DUT made of a flash: ``enrolled``, ``unpowered``, ``undecoded`` or ``refused``."""

    slot: int
    mac: str
    device_id: str
    result: str
    detail: str = ""


class LedDuts:
    """Receives FLASH reports; each DUT senses, decodes and (given a cloud URL) enrolls, in a thread
    of its own so every slot's unit reports in at once as real ones do."""

    def __init__(self, cloud_url: str | None, *, params: ChannelParams = LED_CHANNEL, seed: int = 1,
                 on_outcome: Callable[[Outcome], None] | None = None) -> None:
        self.cloud_url = cloud_url.rstrip("/") if cloud_url else None
        self.params = params
        self.on_outcome = on_outcome
        self._rng = np.random.default_rng(seed)
        self._lock = threading.Lock()
        self._session = requests.Session()
        self._threads: list[threading.Thread] = []

    def handle(self, line: str) -> None:
        """A FLASH report line from the firmware; the DUT's work runs on its own thread."""
        flash = Flash.parse(line)
        with self._lock:
            seed = int(self._rng.integers(1 << 31))
            self._threads = [t for t in self._threads if t.is_alive()]
            thread = threading.Thread(target=self._receive, args=(flash, seed), name=f"led-dut-{flash.slot}",
                                      daemon=True)
            self._threads.append(thread)
        thread.start()

    def join(self, timeout: float = 10.0) -> None:
        """Wait for the DUTs still decoding or reporting in (tests, shutdown)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)

    def receive(self, flash: Flash, seed: int = 0) -> Outcome:
        """Sense, decode and report in, synchronously; returns what happened."""
        if not flash.powered:
            return Outcome(flash.slot, flash.mac, flash.device_id, "unpowered", "an unpowered DUT sees nothing")
        payload = self._decode(flash, np.random.default_rng(seed))
        if payload is None:
            return Outcome(flash.slot, flash.mac, flash.device_id, "undecoded",
                           f"{len(flash.light)} frames at {flash.rate_hz:g} Hz held no payload")
        if self.cloud_url is None:
            return Outcome(flash.slot, flash.mac, flash.device_id, "decoded", payload.token)
        return self._report_in(flash, payload)

    def close(self) -> None:
        self.join()
        self._session.close()

    # -- internals -------------------------------------------------------------------------------
    def _receive(self, flash: Flash, seed: int) -> None:
        try:
            outcome = self.receive(flash, seed)
        except Exception as exc:  # noqa: BLE001 - a simulated DUT's bug must not stop the fixture
            log.exception("simulated DUT in slot %d failed", flash.slot)
            outcome = Outcome(flash.slot, flash.mac, flash.device_id, "refused", f"simulator fault: {exc}")
        log.info("slot %d DUT %s: %s %s", outcome.slot, outcome.mac, outcome.result, outcome.detail)
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    def _decode(self, flash: Flash, rng: np.random.Generator) -> BlinkUpPayload | None:
        if len(flash.light) < 2:
            return None
        period = 1.0 / flash.rate_hz
        times = [i * period for i in range(len(flash.light) + 1)]
        samples = sense_frames(times, [*flash.light, 0.0], self.params, rng)
        for framing in DUT_FRAMINGS:
            try:
                return decode(framing, samples, self.params.rate, flash.rate_hz)
            except DecodeError:
                continue
        return None

    def _report_in(self, flash: Flash, payload: BlinkUpPayload) -> Outcome:
        assert self.cloud_url is not None
        try:
            report_in(self._session, self.cloud_url, flash.mac, flash.device_id, payload,
                      patience_s=REPORT_IN_PATIENCE_S)
        except ReportInFailed as exc:
            return Outcome(flash.slot, flash.mac, flash.device_id, "refused", str(exc))
        return Outcome(flash.slot, flash.mac, flash.device_id, "enrolled")
