"""The two framings behind one small interface: symbols, pixel values, duration, decoder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from station.blinkup import fast, js
from station.blinkup.decoders import decode_fast, decode_js
from station.blinkup.payload import BlinkUpPayload
from station.errors import InputError


@dataclass(frozen=True)
class Mode:
    """One framing: how to encode, how symbols look on screen, how to decode."""

    name: str
    levels: int
    encode: Callable[[BlinkUpPayload], list[int]]
    decode: Callable[[np.ndarray, float, float], BlinkUpPayload]
    pixel: Callable[[int], float]

    def pixel_values(self, symbols: list[int]) -> list[float]:
        """Pixel values (0–1, before display gamma) of the frames for ``symbols``."""
        return [self.pixel(s) for s in symbols]

    def level_pixels(self) -> list[float]:
        """The pixel value (0–1) of each symbol level, darkest first: what another display must show."""
        return [self.pixel(level) for level in range(self.levels)]


def _js_pixel(symbol: int) -> float:
    return (0.0, js.GREY_CODE / 255.0, 1.0)[symbol]


MODES: dict[str, Mode] = {
    "blinkup-js": Mode("blinkup-js", 3, js.encode, decode_js, _js_pixel),
    "fast": Mode("fast", fast.LEVELS, fast.encode, decode_fast, fast.code_value),
}


def get_mode(name: str) -> Mode:
    try:
        return MODES[name]
    except KeyError:
        raise InputError(f"unknown BlinkUp mode {name!r}; choose one of {', '.join(MODES)}") from None


def duration_s(symbols: list[int], fps: float) -> float:
    """Seconds on screen at one symbol per frame (the countdown not included)."""
    return len(symbols) / fps
