"""Putting a station together from its parts: one place, used by the GUI, the demo and the tests.

A real line and the simulated factory differ only in the parts handed in (the fixture port, the
cloud endpoint, the provisioner, the label queue); everything else — runner, store, target sync,
audit, prompts — is composed the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from station.cloud.client import CloudCall, CloudClient
from station.cloud.sync import TargetSync
from station.drivers.fixture import FixtureClient, FixtureEvent
from station.drivers.fixture_plugs import fixture_plugs
from station.drivers.print_queue import PrintQueue
from station.drivers.printer import Printer
from station.events import DeviceStatus, EventBus, LabelJobRecorded
from station.flow.provisioning import BlinkUpPlug, Provisioning
from station.flow.station import SerialValidator, Station
from station.flow.unit import FlowParts, FlowSettings, Provisioner
from station.labels.template import load_template
from station.runner.loader import load_script
from station.runner.plugs import PlugRegistry
from station.runner.runner import Runner
from station.store import Store
from station.store.audit import Audit
from station.testkit.limits import default_limits_path, load_limits
from station.testkit.plugs import PlugEnv


class StoreStateCache:
    """Target sync's cache kept in the station database (survives restarts, as QA expects)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, key: str) -> dict[str, Any] | None:
        return self._store.get_state(key)

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._store.put_state(key, value)


def _label_event(bus: EventBus, job: dict[str, Any]) -> None:
    """A label job changed: into its run's record, and the printer lamp follows what the queue learned."""
    bus.emit(LabelJobRecorded(job["run_id"], job=job))
    if job["status"] in ("printed", "held"):
        bus.emit(DeviceStatus("", device="printer", ok=job["status"] == "printed", detail=job["reason"] or "ready"))
    elif job["reason"]:
        bus.emit(DeviceStatus("", device="printer", ok=False, detail=job["reason"]))


def _fixture_event(bus: EventBus, event: FixtureEvent) -> None:
    if event.name == "DISCONNECTED":
        bus.emit(DeviceStatus("", device="fixture", ok=False, detail=" ".join(event.args) or "disconnected"))
    elif event.name == "CONNECTED":
        bus.emit(DeviceStatus("", device="fixture", ok=True, detail="connected"))


def _reporting(camera: Callable[[PlugEnv], object], bus: EventBus) -> Callable[[PlugEnv], object]:
    """The camera plug factory, with the camera lamp following whether the camera opens."""

    def open_camera(env: PlugEnv) -> object:
        try:
            plug = camera(env)
        except Exception as exc:
            bus.emit(DeviceStatus("", device="camera", ok=False, detail=str(exc)))
            raise
        bus.emit(DeviceStatus("", device="camera", ok=True, detail=f"slot {env.slot}: camera open"))
        return plug

    return open_camera


def compose_station(
    *,
    settings: FlowSettings,
    slots: int,
    script: str | Path,
    limits: str | Path | None,
    variant: str | None,
    store: Store,
    fixture: FixtureClient,
    cloud_endpoint: str,
    login_key: str,
    provisioner: Provisioner,
    printer: Printer,
    label_template: str | Path,
    spool: Path,
    validate_serial: SerialValidator,
    max_target_age_s: float = 600.0,
    cloud_timeout_s: float = 10.0,
    bus: EventBus | None = None,
    camera: Callable[[PlugEnv], object] | None = None,
    slot_scripts: dict[int, str | Path] | None = None,
) -> Station:
    """The station; ``slot_scripts`` makes a mixed line: those slots run their own script (with its
    default limits file) instead of ``script``."""
    bus = bus or EventBus()
    bus.subscribe(store.writer, critical=True)
    labels = PrintQueue(spool, printer, load_template(label_template), on_job=lambda job: _label_event(bus, job))
    fixture.on_event(lambda event: _fixture_event(bus, event))
    def new_cloud_client(on_call: Callable[[CloudCall], None] | None = None) -> CloudClient:
        return CloudClient(cloud_endpoint, login_key, timeout=cloud_timeout_s, on_call=on_call)

    sync = TargetSync(new_cloud_client(), fixture_group_id=settings.fixture_group_id,
                      cache=StoreStateCache(store), max_age_s=max_target_age_s)

    def blinkup_plug(env: PlugEnv) -> BlinkUpPlug:
        provisioning = Provisioning(new_cloud_client(), sync, provisioner, settings.fixture_group_id,
                                    settings.ssid, settings.wifi_password, settings.enroll_timeout_s)
        return BlinkUpPlug(provisioning, env.slot)

    def registry() -> PlugRegistry:
        return PlugRegistry({**fixture_plugs(fixture), "blinkup": blinkup_plug,
                             "cloud": lambda env: new_cloud_client(),  # closed as the plug's teardown
                             **({"camera": _reporting(camera, bus)} if camera is not None else {})})

    loaded = load_script(script)
    limits_path = Path(limits) if limits else default_limits_path(Path(script))
    runner = Runner(loaded, load_limits(limits_path, loaded.script, variant), registry(), bus)
    slot_runners: dict[int, Runner] = {}
    for slot, other in (slot_scripts or {}).items():
        other_loaded = load_script(other)
        slot_runners[slot] = Runner(other_loaded, load_limits(default_limits_path(Path(other)), other_loaded.script),
                                    registry(), bus)
    parts = FlowParts(
        runner=runner, bus=bus, fixture=fixture, sync=sync, provisioner=provisioner, labels=labels,
        settings=settings, new_cloud_client=new_cloud_client, audit=Audit(store, station=settings.station),
        slot_runners=slot_runners,
    )
    return Station(parts, slots, validate_serial)
