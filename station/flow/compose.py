"""Putting a station together from its config: one place for every caller.

:func:`compose_from_config` is the only way a station is built — by the window (``station gui``),
the headless line (``station line``), the simulated factory (``station demo``, the tests) and the
benchmarks. A real line and the simulated factory differ only in what the config points at and in
the few parts a caller hands in (:class:`Peers`: the Qt screen flasher, an already open simulated
fixture); everything else — store, runner, target sync, print queue, audit, unit history, crash
recovery, replication — is composed here and nowhere else.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy.engine import make_url

from station.cloud.backend import DeviceCloud
from station.cloud.backend_sync import BackendSync
from station.cloud.calls import CallRouter
from station.cloud.client import CloudCall, CloudClient
from station.cloud.credentials import resolve_login_key
from station.cloud.impcentral import ImpCentralBackend
from station.cloud.sync import TargetSync
from station.config import StationConfig
from station.drivers.camera import open_camera
from station.drivers.camera_plug import CameraPlug
from station.drivers.fixture import FixtureClient, FixtureEvent
from station.drivers.fixture_plugs import fixture_plugs
from station.drivers.print_queue import PrintQueue
from station.drivers.printer import Printer, open_printer
from station.drivers.scanner import SerialRule
from station.errors import InputError
from station.events import DeviceStatus, EventBus, LabelJobRecorded
from station.flow.cloud_backend import BackendBuilder, backend_factory, group_id
from station.flow.provisioning import BlinkUpPlug
from station.flow.recovery import UnitHistory
from station.flow.station import SerialValidator, Station
from station.flow.unit import FlowParts, FlowSettings, Provisioner, new_provisioning
from station.labels.template import load_template
from station.records import LabelJob
from station.runner.loader import LoadedScript, load_script
from station.runner.plugs import PlugRegistry
from station.runner.runner import Runner
from station.sim.led_camera import SIMULATED_CAMERA, SimulatedLedCamera
from station.store import Store
from station.store.audit import Audit
from station.store.database import APP_NAME
from station.testkit.limits import Limits, default_limits_path, load_limits
from station.testkit.plugs import PlugEnv


class StoreStateCache:
    """Target sync's cache kept in the station database (survives restarts, as QA expects)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, key: str) -> dict[str, Any] | None:
        return self._store.get_state(key)

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._store.put_state(key, value)


def _label_event(bus: EventBus, job: LabelJob) -> None:
    """A label job changed: into its run's record, and the printer lamp follows what the queue learned."""
    bus.emit(LabelJobRecorded(job.run_id, job=job))
    if job.status in ("printed", "held"):
        bus.emit(DeviceStatus("", device="printer", ok=job.status == "printed", detail=job.reason or "ready"))
    elif job.reason:
        bus.emit(DeviceStatus("", device="printer", ok=False, detail=job.reason))


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


def _assemble(
    *,
    settings: FlowSettings,
    slots: int,
    script: LoadedScript,
    limits: Limits,
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
    cloud_backend: BackendBuilder | None = None,
    slot_scripts: dict[int, tuple[LoadedScript, Limits]] | None = None,
) -> Station:
    """The station; ``slot_scripts`` makes a mixed line: those slots run their own script and limits
    instead of ``script``."""
    bus = bus or EventBus()
    bus.subscribe(store.writer, critical=True)
    labels = PrintQueue(spool, printer, load_template(label_template), on_job=lambda job: _label_event(bus, job))
    fixture.on_event(lambda event: _fixture_event(bus, event))
    def new_cloud_client(on_call: Callable[[CloudCall], None] | None = None) -> CloudClient:
        return CloudClient(cloud_endpoint, login_key, timeout=cloud_timeout_s, on_call=on_call)

    calls = CallRouter()
    sync: TargetSync | BackendSync
    if cloud_backend is None:  # impCentral: the backend around the fixture group's target sync
        sync = TargetSync(new_cloud_client(), fixture_group_id=settings.fixture_group_id,
                          cache=StoreStateCache(store), max_age_s=max_target_age_s)
        backend: DeviceCloud = ImpCentralBackend(new_cloud_client(calls), sync, settings.fixture_group_id,
                                                 ssid=settings.ssid, wifi_password=settings.wifi_password)
    else:
        backend = cloud_backend(calls, StoreStateCache(store))
        sync = BackendSync(backend, settings.fixture_group_id)

    def blinkup_plug(env: PlugEnv) -> BlinkUpPlug:
        provisioning = new_provisioning(settings, new_cloud_client(), sync, provisioner)
        return BlinkUpPlug(provisioning, env.slot)

    def registry() -> PlugRegistry:
        return PlugRegistry({**fixture_plugs(fixture), "blinkup": blinkup_plug,
                             "cloud": lambda env: new_cloud_client(),  # closed as the plug's teardown
                             **({"camera": _reporting(camera, bus)} if camera is not None else {})})

    runner = Runner(script, limits, registry(), bus)
    slot_runners = {slot: Runner(other, other_limits, registry(), bus)
                    for slot, (other, other_limits) in (slot_scripts or {}).items()}
    parts = FlowParts(
        runner=runner, bus=bus, fixture=fixture, sync=sync, provisioner=provisioner, labels=labels,
        settings=settings, new_cloud_client=new_cloud_client, backend=backend, calls=calls,
        audit=Audit(store, station=settings.station),
        history=UnitHistory(store.engine, settings.station), slot_runners=slot_runners,
    )
    return Station(parts, slots, validate_serial)


class NothingOptical:
    """The provisioner of a Particle or Libelium line: their units are not provisioned by BlinkUp."""

    def __init__(self, backend: str) -> None:
        self.backend = backend

    def flash(self, slot: int, payload: object, abort: object) -> None:
        raise InputError(f"a {self.backend} line provisions nothing by BlinkUp (the blinkup plug is for impCentral)")


@dataclass
class Peers:
    """Parts a caller hands in instead of letting the config open them.

    The window hands in the Qt screen flasher (the core never imports Qt); the in-process simulated
    factory hands in its already open fixture, its optics and LED camera, the emulator's key."""

    provisioner: Provisioner | None = None
    fixture: FixtureClient | None = None
    camera: Callable[[PlugEnv], object] | None = None
    login_key: str | None = None
    cloud_secret: str | None = None  # the Particle token or Libelium factory key of a simulated cloud
    wifi_password: str | None = None
    store: Store | None = None
    spool: Path | None = None
    bus: EventBus | None = None


def settings_from_config(config: StationConfig) -> FlowSettings:
    flow = config.flow
    try:
        group = group_id(config.cloud)
    except InputError as exc:
        raise InputError(f"{config.path}: {exc}") from None
    return FlowSettings(
        station=config.station.name, fixture_group_id=group, ssid=config.blinkup.ssid,
        wifi_password="", current_limit_ma=flow.current_limit_ma, enroll_timeout_s=flow.enroll_timeout_s,
        enroll_poll_s=flow.enroll_poll_s, bless_retry_first_s=flow.bless_retry_first_s,
        bless_retry_max_s=flow.bless_retry_max_s, hold_limit_s=flow.hold_limit_s,
        cloud_retry_limit_s=flow.cloud_retry_limit_s,
    )


def default_spool(store_url: str, station: str) -> Path:
    """The label spool lives beside a SQLite station database, else in the user data folder."""
    url = make_url(store_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / f"labels-{station}.db"
    return Path(user_data_dir(APP_NAME, appauthor=False)) / f"labels-{station}.db"


def compose_from_config(config: StationConfig, stack: contextlib.ExitStack, *, peers: Peers | None = None,
                        db_url: str | None = None) -> Station:
    """Open every part the config names (each closed by ``stack``) and build the station.

    Errors name the setting that is wrong. The station is not started: ``station.start()`` runs the
    readiness checks, puts every slot in a safe state and settles runs a killed station left open."""
    peers = peers or Peers()
    if config.cloud.endpoint == "emulator" or (config.fixture.port == "sim" and peers.fixture is None):
        raise InputError(f"{config.path}: 'emulator' / 'sim' name the in-process simulated factory: run it with "
                         "station demo or station gui, or start the simulated peers with station sim factory and "
                         "use the line.toml it writes")
    settings = settings_from_config(config)
    wifi_password = peers.wifi_password if peers.wifi_password is not None else os.environ.get(
        config.blinkup.password_env, "")
    if not wifi_password and config.cloud.backend == "impcentral":  # only BlinkUp needs it
        raise InputError(f"the Wi-Fi password for BlinkUp is not set: export {config.blinkup.password_env}")
    settings = replace(settings, wifi_password=wifi_password)
    impcentral = config.cloud.backend == "impcentral"
    login_key = peers.login_key or (resolve_login_key(config.cloud.login_key_env, endpoint=config.cloud.endpoint)
                                    if impcentral else "not-impcentral")  # only the BlinkUp/cloud plugs use it
    cloud_backend = backend_factory(config.cloud, peers.cloud_secret, max_age_s=config.cloud.max_target_age_s)
    validate_serial = SerialRule.from_config(config.scanner)
    script = config.resolve(config.test.script)
    limits = config.resolve(config.test.limits) if config.test.limits else None
    loaded = load_script(script)  # a bad script or limits file fails here, before any port is opened
    test_limits = load_limits(limits or default_limits_path(script), loaded.script, config.test.variant)
    slot_scripts = mixed_line(config, loaded, test_limits)
    store = peers.store
    if store is None:
        store = Store.open(db_url or config.store.url)
        stack.callback(store.close)
    fixture = peers.fixture
    if fixture is None:
        fixture = FixtureClient.open(config.fixture.port, baudrate=config.fixture.baudrate)
        stack.callback(fixture.close)
    provisioner = peers.provisioner
    if provisioner is None and not impcentral:
        provisioner = NothingOptical(config.cloud.backend)
    if provisioner is None:
        if config.blinkup.provisioner != "fixture-led":
            raise InputError(f"{config.path}: blinkup.provisioner = \"screen\" needs the operator window "
                             "(station gui); without a screen set provisioner = \"fixture-led\"")
        from station.drivers.fixture_blinkup import FixtureLedProvisioner

        provisioner = FixtureLedProvisioner(fixture, mode=config.blinkup.mode, fps=config.blinkup.led_fps)
    camera = peers.camera
    if camera is None and config.scanner.camera == SIMULATED_CAMERA:
        def camera(env: PlugEnv) -> object:
            return CameraPlug(SimulatedLedCamera(fixture, env.slot, ask_simulator=True))
    elif camera is None and config.scanner.camera:
        def camera(env: PlugEnv) -> object:
            return CameraPlug(open_camera(config.scanner.camera or ""))
    station = _assemble(
        settings=settings, slots=config.station.slots, script=loaded, limits=test_limits, store=store,
        fixture=fixture, cloud_endpoint=config.cloud.endpoint, login_key=login_key,
        provisioner=provisioner, printer=open_printer(config.printer.url),
        label_template=_template(config), spool=peers.spool or default_spool(store.url, config.station.name),
        validate_serial=validate_serial, max_target_age_s=config.cloud.max_target_age_s,
        cloud_timeout_s=config.cloud.timeout_s, bus=peers.bus, camera=camera, cloud_backend=cloud_backend,
        slot_scripts=slot_scripts,
    )
    stack.callback(station.stop)
    if config.store.central_url:
        from station.store.outbox import Replicator

        replicator = Replicator(store, config.store.central_url)
        replicator.start()
        stack.callback(replicator.stop)
    if config.cfx is not None:
        from station.cfx import CfxSettings, attach_cfx

        stack.callback(attach_cfx(station.bus, store, CfxSettings.from_config(config.cfx)).close)
    else:
        from station.cfx.outbox import CfxQueue

        CfxQueue.disable(store)  # [cfx] removed: nothing keeps queueing for a broker no one sends to
    return station


def line_scripts(config: StationConfig) -> list[Path]:
    """The scripts of the line, ``[test] script`` first then ``[test] mixed``: slot N runs the
    ((N - 1) mod count)-th (one script: every slot runs it)."""
    return [config.resolve(config.test.script), *(config.resolve(p) for p in config.test.mixed)]


def mixed_line(config: StationConfig, loaded: LoadedScript, limits: Limits) -> dict[int, tuple[LoadedScript, Limits]]:
    """The slots of a mixed line that run another script than ``[test] script``, with that script and
    the limits file beside it; loaded now, so a bad one fails before any port is opened."""
    scripts = line_scripts(config)
    if len(scripts) == 1:
        return {}
    others: dict[Path, tuple[LoadedScript, Limits]] = {scripts[0]: (loaded, limits)}
    for path in scripts[1:]:
        if path not in others:
            other = load_script(path)
            others[path] = (other, load_limits(default_limits_path(path), other.script))
    return {slot: others[scripts[(slot - 1) % len(scripts)]] for slot in range(2, config.station.slots + 1)
            if scripts[(slot - 1) % len(scripts)] != scripts[0]}


def _template(config: StationConfig) -> str | Path:
    """A template file from the config, or a built-in template by name (``product``)."""
    path = config.resolve(config.printer.template)
    return path if path.exists() or "/" in config.printer.template else config.printer.template
