"""A virtual camera above a fixture slot: it draws the DUT's board with its status LED lit as the
DUT's firmware has set it (asked over the fixture's DUT console), so a step's camera check has a
real picture to judge. A slot's LED can be made dead (a unit with a broken LED) for tests and training.
"""

from __future__ import annotations

import cv2
import numpy as np

from station.drivers.fixture import FixtureClient

BGR = {"RED": (40, 40, 235), "GREEN": (60, 230, 40), "BLUE": (235, 120, 30), "AMBER": (20, 170, 250),
       "WHITE": (245, 245, 245)}



SIMULATED_CAMERA = "fixture-sim"
"""``[scanner] camera`` naming this camera in a line config: it asks the fixture simulator what it sees."""

class SimulatedLedCamera:
    """A :class:`~station.drivers.camera.FrameSource` for one slot; ``dead_slots`` is shared with
    whoever breaks LEDs (the simulated factory)."""

    def __init__(self, client: FixtureClient, slot: int, dead_slots: set[int] | None = None, seed: int = 0,
                 *, ask_simulator: bool = False) -> None:
        self._client = client
        self._slot = slot
        self._dead = dead_slots if dead_slots is not None else set()
        self._rng = np.random.default_rng(seed + slot)
        # A station in another process than the simulated factory cannot share ``dead_slots``: it
        # asks the fixture simulator what a camera would see (``SIM LIGHT <slot>``) instead.
        self._ask_simulator = ask_simulator

    def read(self) -> np.ndarray | None:
        if self._ask_simulator:
            state = self._client.request("SIM", "LIGHT", str(self._slot), idempotent=True)[0].upper()
        else:
            state = self._client.uart(self._slot, "LED", 1.0).strip().upper()
        lit = state in BGR and self._slot not in self._dead
        frame = np.zeros((240, 320, 3), np.float32)
        frame[:] = (30, 70, 25)  # PCB green
        cv2.rectangle(frame, (60, 50), (260, 190), (60, 60, 60), -1)  # the module
        centre = (160, 120)
        if lit:
            cv2.circle(frame, centre, 18, BGR[state], -1)
            cv2.circle(frame, centre, 8, (255, 255, 255), -1)  # the hot centre a camera sees
        else:
            cv2.circle(frame, centre, 18, (70, 70, 70), -1)
        frame += self._rng.normal(0, 6, frame.shape)
        return np.clip(frame, 0, 255).astype(np.uint8)

    def close(self) -> None:
        """The camera is the fixture's; nothing to release."""
