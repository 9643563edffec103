"""A real line's station, composed from its config: the fixture port, the cloud endpoint with the
login key from the environment, the label printer, the screen flasher, the central database.

Same composition as the simulated factory (:func:`station.flow.compose.compose_station`); only
the parts differ. It lives in the UI package because its provisioner is the Qt screen flasher.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from platformdirs import user_data_dir

from station.cloud.credentials import resolve_login_key
from station.config import StationConfig
from station.drivers.camera import open_camera
from station.drivers.camera_plug import CameraPlug
from station.drivers.fixture import FixtureClient
from station.drivers.printer import open_printer
from station.errors import InputError
from station.flow.compose import compose_station
from station.flow.station import SerialValidator, Station
from station.flow.unit import FlowSettings
from station.store import Store
from station.store.database import APP_NAME
from station.ui.screen_provisioner import ScreenProvisioner


def open_line(config: StationConfig, validate_serial: SerialValidator,
              stack: contextlib.ExitStack) -> Station:
    """Open every part the config names (closed by ``stack``); errors say which setting is wrong."""
    if config.cloud.endpoint == "emulator" or config.fixture.port == "sim":
        raise InputError(f"{config.path}: a real line needs a cloud endpoint and a fixture port, not the "
                         "simulated factory's 'emulator' / 'sim' (use station demo or station gui on config/demo.toml)")
    if not config.cloud.fixture_group:
        raise InputError(f"{config.path}: cloud.fixture_group is not set: the station blesses for that group only")
    wifi_password = os.environ.get(config.blinkup.password_env, "")
    if not wifi_password:
        raise InputError(f"the Wi-Fi password for BlinkUp is not set: export {config.blinkup.password_env}")
    login_key = resolve_login_key(config.cloud.login_key_env, endpoint=config.cloud.endpoint)
    store = Store.open(config.store.url)
    stack.callback(store.close)
    fixture = FixtureClient.open(config.fixture.port)
    stack.callback(fixture.close)
    data = Path(user_data_dir(APP_NAME, appauthor=False))
    settings = FlowSettings(station=config.station.name, fixture_group_id=config.cloud.fixture_group,
                            ssid=config.blinkup.ssid, wifi_password=wifi_password, blinkup_mode=config.blinkup.mode)
    station = compose_station(
        settings=settings, slots=config.station.slots, script=config.resolve(config.test.script),
        limits=config.resolve(config.test.limits) if config.test.limits else None, variant=config.test.variant,
        store=store, fixture=fixture, cloud_endpoint=config.cloud.endpoint, login_key=login_key,
        provisioner=ScreenProvisioner(config.station.slots, mode=config.blinkup.mode, fps=config.blinkup.fps),
        printer=open_printer(config.printer.url), label_template=config.resolve(config.printer.template),
        spool=data / f"labels-{config.station.name}.db", validate_serial=validate_serial,
        max_target_age_s=config.cloud.max_target_age_s, cloud_timeout_s=config.cloud.timeout_s,
        camera=(lambda env: CameraPlug(open_camera(config.scanner.camera or ""))) if config.scanner.camera else None,
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
