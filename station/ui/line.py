"""A real line's station under the window: :func:`station.flow.compose.compose_from_config` with the
Qt screen flasher handed in when the config provisions through the screen.

It lives in the UI package only because the screen provisioner is Qt; the composition itself is
the one every caller uses (``station line``, the simulated factory, the tests).
"""

from __future__ import annotations

import contextlib

from station.config import StationConfig
from station.flow.compose import Peers, compose_from_config
from station.flow.station import Station
from station.ui.screen_provisioner import ScreenProvisioner


def open_line(config: StationConfig, stack: contextlib.ExitStack) -> Station:
    """Open every part the config names (closed by ``stack``); errors say which setting is wrong."""
    peers = Peers()
    if config.blinkup.provisioner == "screen":
        peers.provisioner = ScreenProvisioner(config.station.slots, mode=config.blinkup.mode, fps=config.blinkup.fps)
    return compose_from_config(config, stack, peers=peers)
