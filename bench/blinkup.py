"""BlinkUp: seconds on screen at 60 Hz for a typical payload, blinkup-js vs fast, and success rates.

Typical payload: SSID of 12 characters, password of 16, an 8-byte plan ID and an 8-byte token.
Success is measured through the default light channel (station/blinkup/channel.py) on random
payloads of the same shape; the fast framing is also run with lost symbols (a timer-paced sender).
"""

from __future__ import annotations

import random
import string
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from station.blinkup import DecodeError, decode, get_mode  # noqa: E402
from station.blinkup.channel import ChannelParams, transmit  # noqa: E402
from station.blinkup.payload import BlinkUpPayload  # noqa: E402

FPS = 60.0
TEXT = string.ascii_letters + string.digits + string.punctuation


def typical(r: random.Random) -> BlinkUpPayload:
    return BlinkUpPayload(
        "".join(r.choice(TEXT) for _ in range(12)),
        "".join(r.choice(TEXT) for _ in range(16)),
        f"{r.getrandbits(64):016x}",
        f"{r.getrandbits(64):016x}",
    )


def success(mode: str, n: int, params: ChannelParams, seed: int) -> tuple[float, int, float]:
    r, rng, m = random.Random(seed), np.random.default_rng(seed), get_mode(mode)
    ok = wrong = 0
    t0 = time.perf_counter()
    for _ in range(n):
        p = typical(r)
        try:
            got = decode(mode, transmit(m.pixel_values(m.encode(p)), FPS, params, rng), params.rate, FPS)
        except DecodeError:
            continue
        ok += got == p
        wrong += got != p
    return ok / n, wrong, (time.perf_counter() - t0) / n


def main() -> None:
    p = typical(random.Random(0))
    seconds = {mode: len(get_mode(mode).encode(p)) / FPS for mode in ("blinkup-js", "fast")}
    for mode, s in seconds.items():
        print(f"{mode:11s} {len(get_mode(mode).encode(p)):4d} frames  {s:6.2f} s at {FPS:g} Hz")
    rates = {}
    for mode, params, label, n in (
        ("blinkup-js", ChannelParams(), "default", 1000),
        ("fast", ChannelParams(), "default", 1000),
        ("fast", ChannelParams(drop_loses_symbol=True), "lost-symbols", 1000),
        ("blinkup-js", ChannelParams(drop_loses_symbol=True), "lost-symbols", 200),
    ):
        rate, wrong, per = success(mode, n, params, seed=11)
        rates[(mode, label)] = rate
        print(f"{mode:11s} channel={label:12s} n={n:4d} success {rate * 100:6.2f} %  wrong payloads {wrong}  "
              f"decode {per * 1000:.1f} ms")
    print(f"BENCH blinkup_js_60hz_seconds {seconds['blinkup-js']:.2f} s")
    print(f"BENCH blinkup_fast_60hz_seconds {seconds['fast']:.2f} s")
    print(f"BENCH blinkup_fast_speedup_vs_js {seconds['blinkup-js'] / seconds['fast']:.2f} x")
    print(f"BENCH blinkup_fast_success_default_channel {rates[('fast', 'default')] * 100:.1f} %")
    print(f"BENCH blinkup_js_success_default_channel {rates[('blinkup-js', 'default')] * 100:.1f} %")
    print(f"BENCH blinkup_fast_success_lost_symbols {rates[('fast', 'lost-symbols')] * 100:.1f} %")


if __name__ == "__main__":
    main()
