"""The unit transaction survives a station killed at the instant that hurts most.

A real station process (tests/kill_child.py) tests one unit and dies with ``os._exit`` — what
kill -9 leaves behind — right after a chosen event was handed to the store; its peers (the cloud
emulator, the printer emulator) live on in this process. A new station then opens the same
database and label spool and settles the interrupted run from what was durably recorded. Then
we ask the cloud, the printer and the database what happened: never a blessing without a PASS
record, a label for a run that is not PASS, a second blessing or label, an open run, or an
audit trail that does not verify.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station.cloud.emulator.seed import DEMO_TEST_FIXTURE_GROUP
from station.cloud.emulator.server import EmulatorServer
from station.config import StationConfig
from station.events import Event, ScanRejected
from station.flow.compose import Peers, compose_from_config
from station.sim.factory import SimulatedFactory
from station.sim.optics import SimulatedOptics
from station.sim.printer import PrinterEmulator
from station.store import Store
from station.store.audit import Audit
from station.testkit import Outcome
from tests.conftest import REPO, eventually

SERIAL = "DEMO00042"


@pytest.fixture
def peers(tmp_path: Path):
    with contextlib.ExitStack() as stack:
        cloud = EmulatorServer(str(tmp_path / "cloud.db")).start()
        stack.callback(cloud.stop)
        printer = stack.enter_context(PrinterEmulator())
        yield cloud, printer


def station_config(tmp_path: Path, cloud: EmulatorServer, printer: PrinterEmulator) -> dict:
    return {
        "station": {"name": "kill-station", "slots": 1},
        "test": {"script": str(REPO / "dut_tests" / "imp_sensor" / "imp_sensor.py")},
        "store": {"url": f"sqlite:///{tmp_path / 'station.db'}"},
        "cloud": {"endpoint": cloud.url, "fixture_group": DEMO_TEST_FIXTURE_GROUP, "timeout_s": 5.0},
        "fixture": {"port": "sim"},
        "printer": {"url": printer.url, "template": "product"},
        "scanner": {"serial_pattern": r"DEMO[0-9]{5}"},
        "flow": {"bless_retry_first_s": 0.2, "bless_retry_max_s": 1.0, "enroll_timeout_s": 30.0},
    }


def kill_station_at(kill_at: str, tmp_path: Path, cloud: EmulatorServer, printer: PrinterEmulator) -> None:
    spec = {"config": station_config(tmp_path, cloud, printer), "login_key": cloud.login_key,
            "spool": str(tmp_path / "labels.db"), "serial": SERIAL, "kill_at": kill_at}
    child = subprocess.run([sys.executable, "-m", "tests.kill_child", json.dumps(spec)], cwd=REPO,
                           env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=180)
    assert child.returncode == 9, f"the station should have died at {kill_at}: {child.returncode}\n{child.stderr}"


@contextlib.contextmanager
def restarted_station(tmp_path: Path, cloud: EmulatorServer, printer: PrinterEmulator):
    """A new station process's view: the same database and spool, a fresh fixture."""
    config = StationConfig.model_validate(station_config(tmp_path, cloud, printer))
    with contextlib.ExitStack() as stack:
        factory = stack.enter_context(SimulatedFactory(1))
        optics = SimulatedOptics(cloud.url, time_scale=0.01)
        stack.callback(optics.close)
        station = compose_from_config(config, stack, peers=Peers(
            provisioner=optics, fixture=factory.client, login_key=cloud.login_key, wifi_password="wifi",
            spool=tmp_path / "labels.db", camera=factory.camera_plug))
        events: list[Event] = []
        station.bus.subscribe(events.append)
        station.start(sync_interval_s=60.0)
        eventually(lambda: not station.settling(), "the interrupted run to be settled")
        yield station, factory, optics, events


def the_truth(tmp_path: Path, cloud: EmulatorServer, printer: PrinterEmulator) -> dict:
    """What the cloud, the printer and the database say about the unit."""
    with Store.open(f"sqlite:///{tmp_path / 'station.db'}", recover=False) as store:
        runs = [store.load_record(r.run_id) for r in store.list_runs()]
        audit = Audit(store)
        blesses = [e for e in audit.events(action="bless")]
        verified = audit.verify().ok
    blessings = cloud.db.all("SELECT device_id, test_record FROM blessings WHERE passed=1")
    return {
        "runs": runs,
        "blessed_devices": [b["device_id"] for b in blessings],
        "blessed_runs": [json.loads(b["test_record"]).get("run_id") for b in blessings],
        "labels": [z for z in printer.printed_zpl() if SERIAL.encode() in z],
        "bless_audits": blesses,
        "audit_ok": verified,
    }


@pytest.mark.parametrize("kill_at", ["intent", "cloud-blessed", "blessed", "label"])
def test_killed_after_the_bless_intent_the_run_ends_pass_blessed_and_labelled_once(
        kill_at: str, tmp_path: Path, peers) -> None:
    cloud, printer = peers
    kill_station_at(kill_at, tmp_path, cloud, printer)
    with Store.open(f"sqlite:///{tmp_path / 'station.db'}") as store:
        [open_run] = store.list_runs()
        assert open_run.outcome is None, "a run with a bless intent is left for the station to settle"
    with restarted_station(tmp_path, cloud, printer) as (station, factory, optics, events):
        eventually(lambda: len(the_truth(tmp_path, cloud, printer)["labels"]) == 1, "the label")
        # the unit comes back to the line: recognised, not failed at BlinkUp with a 409
        factory.insert_unit(1, SERIAL)
        optics.insert(1, SERIAL)
        station.sign_in("OP-NEXT")
        assert station.scan(SERIAL) is None
        [refusal] = [e for e in events if isinstance(e, ScanRejected)]
        assert "was blessed by run" in refusal.reason and "reprint the label or send it to rework" in refusal.reason
    truth = the_truth(tmp_path, cloud, printer)
    [run] = truth["runs"]
    assert run.outcome is Outcome.PASS, (run.failure_code, run.failure_reason)
    assert truth["blessed_devices"] == [run.device_id], "blessed exactly once"
    assert truth["blessed_runs"] == [run.run_id]
    assert len(truth["labels"]) == 1, "labelled exactly once"
    audited = [json.loads(e.details_json)["run_id"] for e in truth["bless_audits"]]
    assert audited == [run.run_id], "one bless audit event"
    assert truth["audit_ok"]
    assert run.blessing is not None and run.blessing.replayed is (kill_at in ("intent", "cloud-blessed"))
    assert any("settled at restart: PASS" in line.message for line in run.logs)


def test_killed_before_any_bless_intent_the_run_is_aborted_and_the_unit_retested(tmp_path: Path, peers) -> None:
    cloud, printer = peers
    kill_station_at("testing", tmp_path, cloud, printer)
    with restarted_station(tmp_path, cloud, printer) as (station, factory, optics, events):
        factory.insert_unit(1, SERIAL)
        optics.insert(1, SERIAL)
        station.sign_in("OP-NEXT")
        assert station.scan(SERIAL) == 1
        eventually(lambda: bool(station.results()), "the retest")
    truth = the_truth(tmp_path, cloud, printer)
    first, retest = sorted(truth["runs"], key=lambda r: r.started_at)
    assert first.outcome is Outcome.ABORTED and first.failure_code == "aborted:station-stopped"
    assert first.bless_intent is None and first.blessing is None
    assert retest.outcome is Outcome.PASS, (retest.failure_code, retest.failure_reason)
    assert truth["blessed_runs"] == [retest.run_id] and len(truth["labels"]) == 1
    assert truth["audit_ok"]
