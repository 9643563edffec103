"""Optical provisioning: BlinkUp-JS compatible and fast framings, the light channel, decoders.

Public API::

    from station.blinkup import BlinkUpPayload, encode, decode, get_mode, DecodeError
    symbols = encode("fast", payload)            # one symbol per displayed frame
    payload = decode("fast", samples, rate=1000, fps=60)   # or raises DecodeError

Nothing here imports Qt; the flasher (station/ui/flasher.py) only displays what these produce.
"""

from __future__ import annotations

import numpy as np

from station.blinkup.errors import DecodeError
from station.blinkup.modes import MODES, Mode, duration_s, get_mode
from station.blinkup.payload import BlinkUpPayload


def encode(mode: str, payload: BlinkUpPayload) -> list[int]:
    """The frame-by-frame symbols of ``payload`` in ``mode`` ("blinkup-js" or "fast")."""
    return get_mode(mode).encode(payload)


def decode(mode: str, samples: np.ndarray, rate: float, fps: float = 60.0) -> BlinkUpPayload:
    """Light-sensor ``samples`` (0–1) at ``rate`` Hz → the payload, or :class:`DecodeError`."""
    return get_mode(mode).decode(np.asarray(samples, dtype=float), rate, fps)


__all__ = ["MODES", "BlinkUpPayload", "DecodeError", "Mode", "decode", "duration_s", "encode", "get_mode"]
