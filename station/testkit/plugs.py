"""Plugs: the resources a step receives by parameter name (fixture, dut, camera, prompts, ...).

A plug is any object; the runner creates each plug a script asks for once per run, before the
first step, and tears it down after the last — after failures, exceptions and timeouts too. A
plug that needs cleaning up subclasses :class:`Plug` (or just has ``tear_down()`` or ``close()``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STANDARD_PLUGS = ("fixture", "dut", "camera", "blinkup", "cloud", "prompts")


class Plug:
    """Base class for plugs with clean-up; ``tear_down`` is called exactly once per run."""

    def tear_down(self) -> None:
        """Release what the plug holds (power off, close ports). Must not raise for a healthy plug."""


@dataclass(frozen=True, slots=True)
class PlugEnv:
    """What a plug factory knows about the run it serves."""

    serial: str
    slot: int
    sim: bool
    settings: dict[str, Any] = field(default_factory=dict)


def tear_down(plug: Any) -> None:
    """Tear down a plug by whichever clean-up method it has."""
    for method in ("tear_down", "close"):
        fn = getattr(plug, method, None)
        if callable(fn):
            fn()
            return
