"""Helpers to run in-memory scripts through the real runner, store and event bus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from station.events import Event, EventBus
from station.runner.loader import LoadedScript
from station.runner.plugs import PlugRegistry
from station.runner.prompts import ScriptedResponder
from station.runner.runner import AbortSignal, Runner, RunOptions
from station.testkit.limits import Limits
from station.testkit.record import RunRecord
from station.testkit.script import Script


class Recorder:
    """Collects every event, for assertions on the stream."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


def run_script(
    script: Script,
    *,
    plugs: dict[str, Any] | None = None,
    limits: Limits | None = None,
    answers: dict[str, Any] | None = None,
    bus: EventBus | None = None,
    abort: AbortSignal | None = None,
    serial: str = "SN-TEST",
) -> tuple[RunRecord, Recorder]:
    """Run ``script`` with plug factories returning the given objects; returns record and events."""
    registry = PlugRegistry({name: (lambda env, obj=obj: obj) for name, obj in (plugs or {}).items()})
    loaded = LoadedScript(script=script, path=Path("in-memory.py"), sha256="0" * 64)
    bus = bus or EventBus()
    recorder = Recorder()
    bus.subscribe(recorder)
    runner = Runner(
        loaded,
        limits or Limits(checks={}, path=None, sha256=None, variant=None),
        registry,
        bus,
        responder=ScriptedResponder(answers or {}),
    )
    record = runner.run(RunOptions(serial=serial, station="test-station"), abort)
    return record, recorder
