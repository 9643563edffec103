"""A light sensor watching a screen: the channel every decoder must survive.

Two stages, so the Qt flasher can replace the first with what it really displayed:

1. :func:`display` turns symbols into *displayed frames* (start time, pixel value): one frame slot
   per display refresh, each boundary jittered, and now and then a **dropped** frame (the new image
   misses its refresh and the previous one stays up for it) or a **repeated** frame (the image stays
   up for one extra refresh). A sender paced by frame swaps, like our flasher, shows the symbol it
   missed one refresh late, so nothing is lost (``drop_loses_symbol=False``, the default); a sender
   paced by a timer skips it to keep time, so the symbol is lost (``drop_loses_symbol=True``, the
   harsher case the fast framing is also tested under).
2. :func:`sense` turns displayed frames into light-sensor samples: display gamma, a first-order
   sensor with the given 10–90 % rise time, unknown gain and offset, Gaussian noise, clipping to
   the ADC's 0–1 range.

Defaults are the acceptance conditions of issue 5.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ChannelParams:
    """Everything about the screen and the sensor that the decoder does not get told."""

    rate: float = 1000.0  #: sensor samples per second
    gain: tuple[float, float] = (0.5, 1.5)  #: uniform range of the unknown gain
    offset: tuple[float, float] = (-0.1, 0.1)  #: uniform range of the unknown offset (full scale)
    dark: float = 0.1  #: sensor reading of a black screen at zero offset
    swing: float = 0.6  #: black-to-white reading at gain 1
    gamma: float = 2.2
    rise_time: float = 0.002  #: 10–90 % rise time of the sensor (s)
    noise: float = 0.03  #: Gaussian noise σ, fraction of full scale
    jitter: float = 0.001  #: frame boundary jitter, uniform ± (s)
    p_drop: float = 1 / 300
    p_repeat: float = 1 / 300
    drop_loses_symbol: bool = False  #: True: a timer-paced sender skips the symbol it could not show
    lead: tuple[float, float] = (0.1, 0.4)  #: idle (black) time before the first frame (s)
    tail: float = 0.1  #: idle time after the last frame (s)


@dataclass(frozen=True)
class Displayed:
    """What the screen showed: frame start times (s) and pixel values (0–1); the last frame ends at ``end``."""

    times: np.ndarray
    values: np.ndarray
    end: float
    dropped: tuple[int, ...] = ()  #: indices of symbols whose first refresh was missed (lost if so set)
    repeated: tuple[int, ...] = ()  #: indices of symbols shown for two frames

    @property
    def drops(self) -> int:
        return len(self.dropped)

    @property
    def repeats(self) -> int:
        return len(self.repeated)


def display(
    pixel_values: list[float], fps: float, params: ChannelParams, rng: np.random.Generator
) -> Displayed:
    """Schedule symbols onto display refreshes, with jitter, drops and repeats."""
    shown: list[float] = []
    previous = 0.0  # the idle screen is black
    dropped: list[int] = []
    repeated: list[int] = []
    for i, v in enumerate(pixel_values):
        r = rng.random()
        if r < params.p_drop and params.drop_loses_symbol:
            shown.append(previous)
            dropped.append(i)
        elif r < params.p_drop:
            shown += [previous, v]
            previous = v
            dropped.append(i)
        elif r < params.p_drop + params.p_repeat:
            shown += [v, v]
            previous = v
            repeated.append(i)
        else:
            shown.append(v)
            previous = v
    period = 1.0 / fps
    lead = rng.uniform(*params.lead)
    k = np.arange(len(shown) + 1)
    boundaries = lead + k * period + rng.uniform(-params.jitter, params.jitter, size=len(k))
    return Displayed(
        times=boundaries[:-1],
        values=np.asarray(shown, dtype=float),
        end=float(boundaries[-1]),
        dropped=tuple(dropped),
        repeated=tuple(repeated),
    )


def sense(shown: Displayed, params: ChannelParams, rng: np.random.Generator) -> np.ndarray:
    """Sample the sensor from t=0 to ``shown.end + tail``; the screen is black outside the frames."""
    rate = params.rate
    n = int(math.ceil((shown.end + params.tail) * rate))
    t = (np.arange(n) + rng.random()) / rate
    lum = np.concatenate([[0.0], np.clip(shown.values, 0, 1) ** params.gamma, [0.0]])
    steps_t = np.concatenate([shown.times, [shown.end]])
    # lum[i+1] is shown from steps_t[i]; before steps_t[0] the idle level lum[0].
    idx = np.searchsorted(steps_t, t, side="right")  # number of steps at or before t
    tau = params.rise_time / math.log(9.0)
    y = lum[idx].copy()
    if len(steps_t) > 1:
        min_gap = float(np.min(np.diff(steps_t)))
        lookback = int(math.ceil(20 * tau / max(min_gap, 1e-6))) + 1
    else:
        lookback = 1
    for back in range(lookback):
        j = idx - 1 - back  # index into steps_t of the step being relaxed
        ok = j >= 0
        jj = np.where(ok, j, 0)
        delta = lum[jj + 1] - lum[jj]
        decay = np.exp(-(t - steps_t[jj]) / tau)
        y -= np.where(ok, delta * decay, 0.0)
    gain = rng.uniform(*params.gain)
    offset = rng.uniform(*params.offset)
    reading = params.dark + offset + gain * params.swing * y + rng.normal(0.0, params.noise, size=n)
    return np.clip(reading, 0.0, 1.0)


def transmit(
    pixel_values: list[float],
    fps: float = 60.0,
    params: ChannelParams | None = None,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """Both stages at once: the samples a DUT's sensor would record for these pixel values."""
    params = params or ChannelParams()
    rng = rng if rng is not None else np.random.default_rng()
    return sense(display(pixel_values, fps, params, rng), params, rng)
