"""From light samples to one brightness value per displayed frame ("slot").

The screen refreshes on a steady clock, so frame boundaries sit on a grid ``phase + k·period`` give
or take the jitter. We find the first rise out of the idle black, lock the grid's phase to it over
one period, then follow the grid in blocks of slots, nudging the phase to where the frame-to-frame
contrast is greatest (both framings change level at every boundary, so contrast peaks when the
averaging windows sit inside the frames). Each slot's value is the mean of the samples well inside
its frame: after the jitter and the sensor's rise have settled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from station.blinkup.errors import DecodeError

BLOCK = 16
#: Smallest brightness change (full scale) we call flashing rather than flicker.
MIN_CONTRAST = 0.02
_TRACK = np.arange(-0.002, 0.00201, 0.00025)  #: phase corrections tried per block (s)


@dataclass(frozen=True)
class Slots:
    """Slot means from the slot before the first rise onwards, and the timing that produced them."""

    means: np.ndarray
    rise_slot: int  #: index in ``means`` of the first slot that rose out of idle
    period: float
    phase: float
    noise: float  #: estimated per-sample noise σ


def _window_means(cs: np.ndarray, rate: float, starts: np.ndarray, lead: float, tail: float, period: float):
    a = np.ceil((starts + lead) * rate).astype(np.int64)
    b = np.floor((starts + period - tail) * rate).astype(np.int64) + 1
    n = len(cs) - 1
    a = np.clip(a, 0, n)
    b = np.clip(b, 0, n)
    b = np.maximum(b, a + 1)
    b = np.minimum(b, n)
    a = np.minimum(a, b - 1)
    return (cs[b] - cs[a]) / (b - a)


def demodulate(samples: np.ndarray, rate: float, fps: float) -> Slots:
    """Find the frames in ``samples`` (taken at ``rate`` Hz of a screen refreshing at about ``fps``)."""
    x = np.asarray(samples, dtype=float)
    period = 1.0 / fps
    if rate * period < 4:
        raise DecodeError(
            f"sample rate {rate:g} Hz gives {rate * period:.1f} samples per frame at {fps:g} fps; need at least 4"
        )
    if len(x) < rate * period * 20:
        raise DecodeError(f"only {len(x)} samples ({len(x) / rate:.3f} s): too short to hold a BlinkUp")
    if not np.all(np.isfinite(x)):
        raise DecodeError("samples contain NaN or infinity")
    noise = float(np.median(np.abs(np.diff(x))) / 0.6745 / math.sqrt(2)) if len(x) > 2 else 0.0
    lead = min(0.0035, 0.3 * period)
    tail = min(0.0012, 0.1 * period)
    cs = np.concatenate([[0.0], np.cumsum(x)])
    # First rise: a frame-long moving average leaves the idle level by a clear margin.
    w = max(1, int(round(0.6 * period * rate)))
    smooth = (cs[w:] - cs[:-w]) / w
    idle_n = max(3, int(0.02 * rate))
    base = float(np.median(x[:idle_n]))
    span = float(np.percentile(smooth, 99) - base)
    threshold = base + max(6 * noise / math.sqrt(w), 0.3 * span)
    above = np.nonzero(smooth > threshold)[0]
    if span <= max(4 * noise / math.sqrt(w), MIN_CONTRAST) or len(above) == 0:
        raise DecodeError("no flashing found in the samples: the light level never rises out of the idle level")
    t_rise = (above[0] + w) / rate  # the moving window ends here; the rise happened within it
    # Lock the phase over one period around the rough rise, by contrast over the next slots.
    k = np.arange(-2, BLOCK)
    deltas = np.arange(-period, 0.25 * period, 0.00025)
    m = _window_means(cs, rate, t_rise + deltas[:, None] + k[None, :] * period, lead, tail, period)
    scores = np.sum(np.abs(np.diff(m, axis=1)), axis=1)
    best = (float(scores.max()), t_rise + float(deltas[int(np.argmax(scores))]))
    phase = best[1] - 2 * period  # grid origin: two slots before the rising slot
    # Follow the grid block by block: a second-order loop on the block's best offset.
    total = int((len(x) / rate - phase) / period)
    anchor_t, anchor_k = phase, 0
    means: list[float] = []
    slot = 0
    while slot < total:
        kk = np.arange(slot - 1, min(slot + BLOCK, total))
        rel = (kk - anchor_k) * period
        m = _window_means(cs, rate, anchor_t + _TRACK[:, None] + rel[None, :], lead, tail, period)
        scores = np.sum(np.abs(np.diff(m, axis=1)), axis=1)
        # Best contrast; among near-ties the smallest correction (plateaus do not move the grid).
        top = np.nonzero(scores >= scores.max() - 1e-12)[0]
        delta = float(_TRACK[top[np.argmin(np.abs(_TRACK[top]))]]) if slot > 0 and len(kk) > 4 else 0.0
        anchor_t += 0.5 * delta
        period += 0.1 * delta / BLOCK
        m = _window_means(cs, rate, anchor_t + (kk - anchor_k) * period, lead, tail, period)
        means.extend(m[1:].tolist())
        slot += BLOCK
        anchor_t += (slot - anchor_k) * period
        anchor_k = slot
    return Slots(means=np.asarray(means), rise_slot=2, period=period, phase=phase, noise=noise)
