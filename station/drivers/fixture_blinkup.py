"""Fixture-LED BlinkUp: the fixture flashes each slot's payload on the LED above that slot.

This is how impCentral's factory fixtures provision DUTs (``server.factoryblinkup``): no screen,
every slot at once, 60 Hz (142 Hz in the fast flag). The provisioner loads the slot's symbols and
their light levels into the fixture (``BLINK <slot> CLEAR|LEVELS|LOAD``), starts the LED
(``BLINK <slot> START``) and waits for ``! BLINK <slot> DONE``; an abort stops the LED.

Light levels: a screen shows a symbol as a pixel value and emits light ≈ value^2.2; an LED's light
is linear in its PWM duty. So each symbol's level is the *light* the screen would give off for the
framing's pixel value (fast: 0, ¼, ½, ¾, 1 — evenly spaced light, as fast is designed; blinkup-js:
black, the SDK grey #9f9f9f ≈ 0.354, white). The decoders learn the levels from the preamble, so
only their order and spacing matter.

Default rates: 60 Hz for blinkup-js (what Electric Imp fixtures use), 142 Hz for fast (Electric
Imp's ``BLINKUP_FAST`` factory rate, shared/reference/impcentral.md §2; our fast framing decodes
through the LED channel model at that rate, see tests/test_fixture_blinkup.py).

Implements the flow's ``Provisioner`` protocol (``flash(slot, payload, abort)``) without importing
the flow: drivers sit below it.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

from station.blinkup import BlinkUpPayload, get_mode
from station.drivers.fixture import FixtureClient, FixtureError, FixtureEvent
from station.errors import InputError, StationError

DEFAULT_FPS = {"blinkup-js": 60.0, "fast": 142.0}
#: A screen's gamma: the light a pixel value gives off, which the LED reproduces linearly.
SCREEN_GAMMA = 2.2
LIGHT_FULL = 1000
#: How long after the announced duration ``! BLINK DONE`` may take before the fixture is at fault.
DONE_MARGIN_S = 2.0
POLL_S = 0.05


class AbortLike(Protocol):
    """What the flow's ``AbortSignal`` offers (duck-typed: drivers do not import the runner)."""

    reason: str

    def is_set(self) -> bool: ...


class FixtureBlinkUpError(StationError):
    """The fixture could not flash the BlinkUp LED (link lost, firmware refused, no DONE): a station
    ERROR, never a FAIL of the unit."""


def led_levels(mode: str) -> list[int]:
    """Light of each symbol of ``mode`` in thousandths of the LED's full output."""
    codec = get_mode(mode)
    return [round(codec.pixel(s) ** SCREEN_GAMMA * LIGHT_FULL) for s in range(codec.levels)]


class FixtureLedProvisioner:
    """Provision the unit in a slot through the fixture's BlinkUp LED above it."""

    def __init__(self, fixture: FixtureClient, *, mode: str = "fast", fps: float | None = None) -> None:
        get_mode(mode)  # an unknown mode is an InputError now, not at the first unit
        self.fixture = fixture
        self.mode = mode
        self.fps = float(fps) if fps is not None else DEFAULT_FPS[mode]
        if not 1.0 <= self.fps <= 1000.0:
            raise InputError(f"fixture LED rate must be 1-1000 Hz, not {self.fps:g}")
        self.levels = led_levels(mode)

    def symbols(self, payload: BlinkUpPayload) -> str:
        """The digits the fixture plays for ``payload``, one per frame."""
        return "".join(str(s) for s in get_mode(self.mode).encode(payload))

    def flash(self, slot: int, payload: BlinkUpPayload, abort: AbortLike) -> None:
        """Flash ``payload`` above ``slot`` and return when the LED is done (or stopped by ``abort``)."""
        symbols = self.symbols(payload)
        done = threading.Event()
        lost: list[str] = []

        def watch(event: FixtureEvent) -> None:
            if event.name == "BLINK" and event.args[:2] == ("DONE", str(slot)):
                done.set()
            elif event.name in ("BOOT", "DISCONNECTED"):
                lost.append(f"{event.name} {' '.join(event.args)}".strip())
                done.set()

        unsubscribe = self.fixture.on_event(watch)
        try:
            try:
                duration = self.fixture.blinkup_led(slot, symbols, self.fps, levels=self.levels)
            except FixtureError as exc:
                raise FixtureBlinkUpError(f"slot {slot} BlinkUp LED: the fixture refused the flash: {exc}") from exc
            self._wait(slot, duration, done, abort)
            if lost:
                raise FixtureBlinkUpError(f"slot {slot} BlinkUp LED: the fixture restarted or was lost during "
                                          f"the flash ({lost[0]})")
        finally:
            unsubscribe()

    def _wait(self, slot: int, duration: float, done: threading.Event, abort: AbortLike) -> None:
        limit = duration + DONE_MARGIN_S + self.fixture.timeout
        deadline = time.monotonic() + limit
        while not done.wait(POLL_S):
            if abort.is_set():
                try:
                    self.fixture.blinkup_stop(slot)
                except FixtureError as exc:
                    raise FixtureBlinkUpError(f"slot {slot} BlinkUp LED: could not stop it on abort: {exc}") from exc
                return
            if time.monotonic() >= deadline:
                raise FixtureBlinkUpError(f"slot {slot} BlinkUp LED: no BLINK DONE from the fixture within "
                                          f"{limit:.1f} s of a {duration:.1f} s flash")
