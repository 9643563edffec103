"""A simulated DUT's light sensor: what the flasher showed → channel model → decoder → payload.

The station cannot tell this DUT from a real one: it only sees the screen. The sensor stage of the
channel model (gamma, rise time, gain, offset, noise) is applied to the frames the flasher really
presented, with the timestamps it recorded.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
import requests

from station.blinkup import BlinkUpPayload, decode
from station.blinkup.channel import ChannelParams, Displayed, sense


def sense_frames(
    times: Sequence[float],
    values: Sequence[float],
    params: ChannelParams | None = None,
    rng: np.random.Generator | None = None,
    idle_before: float = 0.2,
) -> np.ndarray:
    """Sensor samples for frames presented at ``times`` (the last entry ends the flash)."""
    if len(times) < 2 or len(times) != len(values):
        raise ValueError("need matching frame times and values, the last one marking the end")
    params = params or ChannelParams()
    rng = rng if rng is not None else np.random.default_rng()
    t = np.asarray(times, dtype=float)
    t = t - t[0] + idle_before
    shown = Displayed(times=t[:-1], values=np.asarray(values[:-1], dtype=float), end=float(t[-1]))
    return sense(shown, params, rng)


class SimulatedBlinkUpDut:
    """Watches one region of the flasher and decodes what it saw."""

    def __init__(self, mode: str, fps: float = 60.0, params: ChannelParams | None = None, seed: int | None = None):
        self.mode = mode
        self.fps = fps
        self.params = params or ChannelParams()
        self.rng = np.random.default_rng(seed)

    def receive(self, times: Sequence[float], values: Sequence[float]) -> BlinkUpPayload:
        """Decode the frames; raises :class:`station.blinkup.DecodeError` if they do not hold a payload."""
        samples = sense_frames(times, values, self.params, self.rng)
        return decode(self.mode, samples, self.params.rate, self.fps)


class ReportInFailed(Exception):
    """The unit could not enroll: the cloud refused it, or did not answer for longer than it waits."""


def report_in(session: requests.Session, cloud_url: str, mac: str, device_id: str, received: BlinkUpPayload,
              *, patience_s: float = 30.0) -> None:
    """What a unit does after decoding its BlinkUp: POST /enroll/device with its token, plan ID, MAC and
    burned-in device ID. Like a real device it keeps trying through dropped answers, 5xx and 429
    (enrolling again with the same token is harmless) and gives up on a refusal or after a while."""
    body = {"data": {"type": "device_enrollment", "attributes": {
        "mac_address": mac, "device_id": device_id, "enrollment_token": received.token,
        "plan_id": received.plan_id or None,
    }}}
    deadline = time.monotonic() + patience_s
    delay = 0.1
    while True:
        try:
            reply = session.post(cloud_url + "/enroll/device", json=body, timeout=10,
                                 headers={"Content-Type": "application/vnd.api+json"})
        except requests.RequestException as exc:
            problem = f"the unit could not reach the cloud: {exc}"
        else:
            if reply.status_code == 201:
                return
            problem = f"the cloud refused the unit's enrollment: {reply.status_code} {reply.text[:200]}"
            if reply.status_code < 500 and reply.status_code != 429:
                raise ReportInFailed(problem)  # the cloud said no: trying again will not change its mind
        if time.monotonic() + delay > deadline:
            raise ReportInFailed(problem)
        time.sleep(delay)
        delay = min(delay * 2, 2.0)
