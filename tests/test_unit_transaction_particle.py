"""The kill -9 test of the unit transaction on the Particle backend.

As tests/test_unit_transaction.py does for impCentral: a real station process (tests/kill_child.py)
dies with ``os._exit`` right after a chosen event reached the store — the stored intent, the cloud
having imported and named the unit (not yet locked), the recorded result, the queued label — and a
new station on the same database settles the run. The Particle emulator and the printer live in this
process. Afterwards the unit is in the product, imported once, locked to the released firmware and
flashed once, labelled once, audited once, and a rescan is refused.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station.cloud.particle.emulator import DEMO_PLATFORM, DEMO_RELEASED_VERSION, DEMO_TEST_PRODUCT, ParticleEmulator
from station.config import StationConfig
from station.events import Event, ScanRejected
from station.flow.compose import Peers, compose_from_config
from station.sim.factory import SimulatedFactory
from station.sim.line_clouds import particle_device_id
from station.sim.optics import SimulatedOptics
from station.sim.printer import PrinterEmulator
from station.store import Store
from station.store.audit import Audit
from station.testkit import Outcome
from tests.conftest import REPO, eventually

SERIAL = "DEMO00077"


@pytest.fixture
def peers():
    with contextlib.ExitStack() as stack:
        cloud = stack.enter_context(ParticleEmulator())
        cloud.service.manufacture(DEMO_PLATFORM, ids=[(particle_device_id(SERIAL), SERIAL)])
        printer = stack.enter_context(PrinterEmulator())
        yield cloud, printer


def station_config(tmp_path: Path, cloud: ParticleEmulator, printer: PrinterEmulator) -> dict:
    return {
        "station": {"name": "kill-station", "slots": 1},
        "test": {"script": str(REPO / "dut_tests" / "imp_sensor" / "imp_sensor.py")},
        "store": {"url": f"sqlite:///{tmp_path / 'station.db'}"},
        "cloud": {"backend": "particle", "endpoint": cloud.url, "timeout_s": 5.0,
                  "particle": {"product": str(DEMO_TEST_PRODUCT), "platform_id": DEMO_PLATFORM}},
        "fixture": {"port": "sim"},
        "printer": {"url": printer.url, "template": "particle"},
        "scanner": {"serial_pattern": r"DEMO[0-9]{5}"},
        "flow": {"bless_retry_first_s": 0.2, "bless_retry_max_s": 1.0},
    }


def kill_station_at(kill_at: str, tmp_path: Path, cloud: ParticleEmulator, printer: PrinterEmulator) -> None:
    spec = {"config": station_config(tmp_path, cloud, printer), "login_key": "unused", "cloud_secret": cloud.token(),
            "spool": str(tmp_path / "labels.db"), "serial": SERIAL, "kill_at": kill_at}
    child = subprocess.run([sys.executable, "-m", "tests.kill_child", json.dumps(spec)], cwd=REPO,
                           env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=180)
    assert child.returncode == 9, f"the station should have died at {kill_at}: {child.returncode}\n{child.stderr}"


@pytest.mark.parametrize("kill_at", ["intent", "cloud-product", "blessed", "label"])
def test_particle_station_killed_mid_unit_settles_to_one_import_one_lock_one_label(
        kill_at: str, tmp_path: Path, peers) -> None:
    cloud, printer = peers
    kill_station_at(kill_at, tmp_path, cloud, printer)
    config = StationConfig.model_validate(station_config(tmp_path, cloud, printer))
    with contextlib.ExitStack() as stack:
        factory = stack.enter_context(SimulatedFactory(1))
        optics = SimulatedOptics(cloud.url, time_scale=0.01)
        stack.callback(optics.close)
        station = compose_from_config(config, stack, peers=Peers(
            provisioner=optics, fixture=factory.client, cloud_secret=cloud.token(), wifi_password="wifi",
            spool=tmp_path / "labels.db", camera=factory.camera_plug))
        events: list[Event] = []
        station.bus.subscribe(events.append)
        station.start(sync_interval_s=60.0)
        eventually(lambda: not station.settling(), "the interrupted run to be settled")
        eventually(lambda: len([z for z in printer.printed_zpl() if SERIAL.encode() in z]) == 1, "the label")
        factory.insert_unit(1, SERIAL)
        station.sign_in("OP-NEXT")
        assert station.scan(SERIAL) is None  # recognised: made a product by one of our runs
        [refusal] = [e for e in events if isinstance(e, ScanRejected)]
        assert "was blessed by run" in refusal.reason
    with Store.open(f"sqlite:///{tmp_path / 'station.db'}", recover=False) as store:
        [run] = [store.load_record(r.run_id) for r in store.list_runs()]
        audit = Audit(store)
        audited = [json.loads(e.details_json)["run_id"] for e in audit.events(action="bless")]
        assert audit.verify().ok
    assert run.outcome is Outcome.PASS, (run.failure_code, run.failure_reason)
    assert audited == [run.run_id]
    device = cloud.service.devices[particle_device_id(SERIAL)]
    assert (device.product_id, device.imports, device.flashes) == (DEMO_TEST_PRODUCT, 1, 1)
    assert (device.desired, device.firmware_version, device.name) == (DEMO_RELEASED_VERSION, DEMO_RELEASED_VERSION,
                                                                      SERIAL)
    [label] = [z for z in printer.printed_zpl() if SERIAL.encode() in z]
    assert particle_device_id(SERIAL).encode() in label
    assert run.blessing is not None and run.blessing.replayed is (kill_at in ("intent", "cloud-product"))
