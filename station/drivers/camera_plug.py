"""The ``camera`` plug: a step looks at the DUT — the colour of an LED, a code on its label — and
attaches what it saw to the record, so QA can look at the very frame a verdict was made on.
"""

from __future__ import annotations

from collections.abc import Iterable

import cv2
import numpy as np

from station.drivers.camera import CameraError, Decoded, FrameSource, decode_frame
from station.testkit.plugs import Plug

# Hue bands (OpenCV's 0–180 hue) of the LED colours a DUT shows.
LED_HUES = {"RED": ((0, 10), (170, 180)), "GREEN": ((40, 85),), "BLUE": ((95, 130),), "AMBER": ((12, 35),)}
LIT_VALUE = 170        # brightness a lit LED reaches in the frame (0–255)
LIT_SATURATION = 90    # and how coloured it is
MIN_LIT_PIXELS = 12    # fewer lit pixels than this is noise, not an LED


def led_colour(frame: np.ndarray, roi: tuple[int, int, int, int] | None = None) -> str:
    """The colour of the brightest coloured light in ``frame`` (or its ``roi`` x, y, w, h); ``OFF`` if none."""
    if roi is not None:
        x, y, w, h = roi
        frame = frame[y:y + h, x:x + w]
    hsv = cv2.cvtColor(frame, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    lit = (val >= LIT_VALUE) & (sat >= LIT_SATURATION)
    if int(lit.sum()) < MIN_LIT_PIXELS:
        return "OFF"
    counts = {
        name: int(sum(((hue >= lo) & (hue <= hi) & lit).sum() for lo, hi in bands))
        for name, bands in LED_HUES.items()
    }
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] >= MIN_LIT_PIXELS else "OFF"


class CameraPlug(Plug):
    """One camera looking at one slot."""

    def __init__(self, source: FrameSource) -> None:
        self._source = source

    def capture(self) -> np.ndarray:
        frame = self._source.read()
        if frame is None:
            raise CameraError("the camera gave no frame (unplugged, or the video ended)")
        return frame

    @staticmethod
    def png(frame: np.ndarray) -> bytes:
        ok, encoded = cv2.imencode(".png", frame)
        if not ok:
            raise CameraError("could not encode the frame as PNG")
        return encoded.tobytes()

    def led_colour(self, frame: np.ndarray | None = None, roi: tuple[int, int, int, int] | None = None) -> str:
        return led_colour(self.capture() if frame is None else frame, roi)

    def codes(self, frame: np.ndarray | None = None, expect: Iterable[str] = ()) -> list[Decoded]:
        """Barcodes and QR codes in view (the DUT's PCB label, say)."""
        return decode_frame(self.capture() if frame is None else frame, expect=expect)

    def tear_down(self) -> None:
        self._source.close()
