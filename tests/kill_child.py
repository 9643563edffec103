"""A station process that dies (os._exit, as kill -9 would leave it) at a chosen instant of a unit.

Run by tests/test_unit_transaction.py as ``python -m tests.kill_child CONFIG_JSON``; its peers (the
cloud emulator, the printer emulator) live in the test process and outlive it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path

from station.config import StationConfig
from station.events import Blessed, BlessIntended, CloudCallRecorded, Event, LabelJobRecorded, StepFinished
from station.flow.compose import Peers, compose_from_config
from station.sim.factory import SimulatedFactory
from station.sim.optics import SimulatedOptics


def dies_here(kill_at: str, event: Event) -> bool:
    if kill_at == "testing":
        return isinstance(event, StepFinished)
    if kill_at == "intent":
        return isinstance(event, BlessIntended)
    if kill_at == "cloud-blessed":  # the cloud blessed it; the station never learned the answer
        return isinstance(event, CloudCallRecorded) and event.call.path.endswith("/bless") and event.call.ok
    if kill_at == "blessed":
        return isinstance(event, Blessed)
    if kill_at == "label":
        return isinstance(event, LabelJobRecorded) and event.job.status == "queued"
    raise SystemExit(f"unknown kill point {kill_at!r}")


def main() -> int:
    spec = json.loads(sys.argv[1])
    config = StationConfig.model_validate(spec["config"])
    with contextlib.ExitStack() as stack:
        factory = stack.enter_context(SimulatedFactory(1))
        optics = SimulatedOptics(config.cloud.endpoint, time_scale=0.01)
        stack.callback(optics.close)
        station = compose_from_config(config, stack, peers=Peers(
            provisioner=optics, fixture=factory.client, login_key=spec["login_key"], wifi_password="wifi",
            spool=Path(spec["spool"]), camera=factory.camera_plug))
        # subscribed after the store writer: a barrier event is committed when this sees it
        station.bus.subscribe(lambda event: dies_here(spec["kill_at"], event) and os._exit(9))
        station.start(sync_interval_s=60.0)
        station.sign_in("OP-KILL")
        factory.insert_unit(1, spec["serial"])
        optics.insert(1, spec["serial"])
        station.scan(spec["serial"])
        deadline = time.monotonic() + 120
        while not station.results() and time.monotonic() < deadline:
            time.sleep(0.02)
    return 3  # the unit finished: the kill point was never reached


if __name__ == "__main__":
    sys.exit(main())
