"""Acceptance through the default light channel: ≥ 99.9 % decoded, never a wrong payload."""

from __future__ import annotations

import random
import string

import numpy as np
import pytest

from station.blinkup import DecodeError, decode, encode, get_mode
from station.blinkup.channel import ChannelParams, display, sense, transmit
from station.blinkup.payload import BlinkUpPayload

TEXT = string.ascii_letters + string.digits + string.punctuation + " "


def random_payload(r: random.Random) -> BlinkUpPayload:
    return BlinkUpPayload(
        ssid="".join(r.choice(TEXT) for _ in range(r.randint(1, 32))),
        password="".join(r.choice(TEXT) for _ in range(r.randint(0, 48))),
        plan_id=f"{r.getrandbits(64):016x}",
        token=f"{r.getrandbits(64):016x}",
    )


def run_many(mode: str, n: int, seed: int, params: ChannelParams) -> tuple[int, int, int, int]:
    r = random.Random(seed)
    rng = np.random.default_rng(seed)
    m = get_mode(mode)
    ok = wrong = failed = events = 0
    for _ in range(n):
        payload = random_payload(r)
        shown = display(m.pixel_values(m.encode(payload)), 60.0, params, rng)
        events += shown.drops + shown.repeats
        try:
            got = decode(mode, sense(shown, params, rng), params.rate, 60.0)
        except DecodeError:
            failed += 1
            continue
        if got == payload:
            ok += 1
        else:
            wrong += 1
    return ok, wrong, failed, events


@pytest.mark.parametrize("mode", ["blinkup-js", "fast"])
def test_thousand_random_payloads_through_the_default_channel(mode):
    ok, wrong, failed, events = run_many(mode, 1000, seed=2026, params=ChannelParams())
    assert wrong == 0
    assert ok >= 999, f"{failed} of 1000 failed to decode"
    assert events > 300  # the channel really did drop and repeat frames


def test_fast_survives_lost_symbols_too():
    """A timer-paced sender loses the symbol of a missed refresh; the fast framing still decodes."""
    ok, wrong, failed, _ = run_many("fast", 300, seed=7, params=ChannelParams(drop_loses_symbol=True))
    assert wrong == 0 and ok >= 299


def test_channel_honours_its_parameters():
    rng = np.random.default_rng(1)
    params = ChannelParams(p_drop=0, p_repeat=0, noise=0, jitter=0, gain=(1, 1), offset=(0, 0), lead=(0.1, 0.1))
    shown = display([0.0, 1.0, 0.0], 50.0, params, rng)
    assert shown.drops == shown.repeats == 0
    assert np.allclose(np.diff(shown.times), 0.02)
    x = sense(shown, params, rng)
    # black reads `dark`, white reads dark + swing once the 2 ms sensor has settled
    i_white = int((shown.times[1] + 0.015) * params.rate)
    assert abs(x[i_white] - (params.dark + params.swing)) < 1e-3
    assert abs(x[5] - params.dark) < 1e-9


def test_gamma_makes_grey_darker_than_its_pixel_value():
    params = ChannelParams(p_drop=0, p_repeat=0, noise=0, jitter=0, gain=(1, 1), offset=(0, 0))
    x = transmit([0.5] * 10, 50.0, params, np.random.default_rng(0))
    assert abs(x.max() - (params.dark + params.swing * 0.5**2.2)) < 1e-3


def test_flat_light_is_a_clear_error():
    with pytest.raises(DecodeError, match="no flashing found"):
        decode("fast", np.full(5000, 0.3), 1000.0)


def test_truncated_flash_is_an_error_not_a_guess():
    payload = random_payload(random.Random(3))
    m = get_mode("fast")
    x = transmit(m.pixel_values(encode("fast", payload)), 60.0, rng=np.random.default_rng(3))
    with pytest.raises(DecodeError):
        decode("fast", x[: len(x) // 2], 1000.0)


def test_wrong_mode_is_an_error():
    payload = random_payload(random.Random(4))
    m = get_mode("fast")
    x = transmit(m.pixel_values(encode("fast", payload)), 60.0, rng=np.random.default_rng(4))
    with pytest.raises(DecodeError):
        decode("blinkup-js", x, 1000.0)
