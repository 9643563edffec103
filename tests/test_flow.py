"""The station loop end to end on the simulated factory: real cloud emulator over HTTP, the fixture
firmware on a pty, the optical link through the sensor model, the printer emulator over TCP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from station.events import Blessed, Event, StageChanged
from station.flow.stages import Stage
from station.sim.shift import reconcile
from station.sim.world import SimulatedWorld
from station.testkit import Outcome
from tests.conftest import eventually


@pytest.fixture
def world() -> Iterator[SimulatedWorld]:
    with SimulatedWorld(slots=2, population_faults=False) as w:
        w.station.start(sync_interval_s=30.0)
        w.station.sign_in("op-17")
        yield w


def run_one(world: SimulatedWorld, serial: str):
    assert world.station.scan(serial) is not None
    eventually(lambda: any(r.serial == serial for r in world.station.results()), f"{serial} to finish")
    return next(r for r in world.station.results() if r.serial == serial)


def blessings(world: SimulatedWorld) -> list:
    return world.emulator.db.all("SELECT device_id, production_group_id, idempotency_key FROM blessings "
                                 "WHERE passed=1")


def test_pass_is_blessed_once_and_labelled_once(world: SimulatedWorld) -> None:
    events: list[Event] = []
    world.station.bus.subscribe(events.append)
    record = run_one(world, "DEMO00001")
    assert record.outcome is Outcome.PASS, record.failure_reason
    stages = [e.stage for e in events if isinstance(e, StageChanged) and e.slot == 1]
    assert stages[:2] == ["scanned", "provisioning"]
    for stage in ("enrolling", "testing", "blessing", "labelling", "done"):
        assert stage in stages
    [blessing] = blessings(world)
    assert blessing["device_id"] == record.device_id
    stored = world.store.load_record(record.run_id)
    assert stored.bless_intent is not None and stored.blessing is not None
    assert stored.bless_intent.idempotency_key == blessing["idempotency_key"], "the key was recorded before the call"
    assert stored.blessing.device_id == record.device_id
    assert any(c.path.endswith("/bless") and c.status == 201 for c in stored.cloud_calls)
    assert [e.device_id for e in events if isinstance(e, Blessed)] == [record.device_id]
    eventually(lambda: len(world.printer.printed_zpl()) == 1, "the label")
    assert b"DEMO00001" in world.printer.printed_zpl()[0]
    assert {j.status for j in world.store.load_record(record.run_id).label_jobs} >= {"queued", "printed"}
    assert stored.zone == "test" and stored.operator == "op-17"
    assert reconcile(world) == []
    from station.events import DeviceStatus

    lamps = {e.device: e.ok for e in events if isinstance(e, DeviceStatus)}
    assert lamps["camera"] is True, "the camera lamp follows the camera plug opening"
    assert lamps["printer"] is True, "and the printer lamp the label queue"


def test_limit_failure_is_fail_with_reason_no_blessing_no_label(world: SimulatedWorld) -> None:
    world.plan_unit("DEMO00002", "slot{slot}:rail_3v3=3.05")
    record = run_one(world, "DEMO00002")
    assert record.outcome is Outcome.FAIL
    assert record.failure_code == "power_on.rail_3v3"
    assert "below 3.2" in (record.failure_reason or "")
    assert blessings(world) == []
    assert world.printer.printed_zpl() == []
    failed = world.emulator.db.all("SELECT device_id FROM blessings WHERE passed=0")
    assert [row["device_id"] for row in failed] == [record.device_id], "the failure was reported to the cloud"


def test_a_dead_led_only_the_camera_sees_fails_with_the_frame_attached(world: SimulatedWorld) -> None:
    world.plan_unit("DEMO00009", "", dead_led=True)
    record = run_one(world, "DEMO00009")
    assert record.outcome is Outcome.FAIL and record.failure_code == "status_led.led_seen"
    stored = world.store.load_record(record.run_id)
    [frame] = [a for a in stored.attachments if a.name == "status_led.png"]
    assert frame.mimetype == "image/png" and frame.data.startswith(b"\x89PNG")
    assert blessings(world) == []


def test_silent_dut_console_is_a_fail_of_the_unit(world: SimulatedWorld) -> None:
    world.plan_unit("DEMO00003", "slot{slot}:uart_silent")
    record = run_one(world, "DEMO00003")
    assert record.outcome is Outcome.FAIL and record.failure_code == "provision.console"
    assert blessings(world) == []


def test_fixture_unplugged_is_error_never_blessed(world: SimulatedWorld) -> None:
    unplugged = threading.Event()

    def pull_cable(event: Event) -> None:
        if isinstance(event, StageChanged) and event.stage == Stage.TESTING.value and not unplugged.is_set():
            unplugged.set()
            world.unplug_fixture()

    world.station.bus.subscribe(pull_cable)
    record = run_one(world, "DEMO00004")
    assert record.outcome is Outcome.ERROR
    assert "fixture disconnected" in (record.failure_reason or "")
    assert blessings(world) == [] and world.printer.printed_zpl() == []


def test_cloud_down_at_bless_holds_retries_and_blesses_once(world: SimulatedWorld) -> None:
    held = threading.Event()

    def watch(event: Event) -> None:
        if isinstance(event, StageChanged) and event.stage == Stage.BLESSING.value:
            world.cloud_down(True)
        if isinstance(event, StageChanged) and event.stage == Stage.HELD.value and not held.is_set():
            held.set()
            threading.Timer(0.5, world.cloud_down, args=(False,)).start()

    world.station.bus.subscribe(watch)
    record = run_one(world, "DEMO00005")
    assert held.is_set(), "the unit was held while the cloud was down"
    assert record.outcome is Outcome.PASS, record.failure_reason
    assert [b["device_id"] for b in blessings(world)] == [record.device_id]
    assert any("bless held" in line.message for line in record.logs)
    assert reconcile(world) == []


def test_changed_targets_need_acknowledgement_before_the_next_bless(world: SimulatedWorld) -> None:
    first = run_one(world, "DEMO00006")
    assert first.outcome is Outcome.PASS
    new_target = world.retarget()
    held = threading.Event()
    world.station.bus.subscribe(
        lambda e: held.set() if isinstance(e, StageChanged) and e.stage == Stage.HELD.value
        and "not acknowledged" in e.detail else None
    )
    assert world.station.scan("DEMO00007") is not None
    eventually(held.is_set, "the bless to be held for acknowledgement")
    time.sleep(0.3)
    assert len(blessings(world)) == 1, "nothing is blessed into changed targets without acknowledgement"
    world.station.acknowledge_targets()
    eventually(lambda: len(world.station.results()) == 2, "the second unit")
    second = world.station.results()[-1]
    assert second.outcome is Outcome.PASS, second.failure_reason
    rows = {b["device_id"]: b["production_group_id"] for b in blessings(world)}
    assert rows[second.device_id] == new_target


def test_scans_are_validated_and_duplicates_refused(world: SimulatedWorld) -> None:
    from station.events import ScanRejected

    rejected: list[str] = []
    world.station.bus.subscribe(lambda e: rejected.append(e.reason) if isinstance(e, ScanRejected) else None)
    assert world.station.scan("not-a-serial") is None
    world.plan_unit("DEMO00008", "")
    assert world.station.scan("DEMO00008") == 1
    assert world.station.scan("DEMO00008") is None
    assert "does not match the serial pattern" in rejected[0]
    assert "already in slot 1" in rejected[1]


def test_four_slots_at_once_agree_with_the_cloud() -> None:
    with SimulatedWorld(slots=4) as world:
        from station.sim.shift import run_shift

        report = run_shift(world, 40, timeout_s=300)
    assert report.units == 40
    assert report.problems == []
    assert report.outcomes.get("ERROR", 0) == 0
    assert report.outcomes.get("FAIL", 0) > 0, "the population has faulty units"


def test_a_script_provisions_through_the_blinkup_plug() -> None:
    from tests.conftest import REPO

    with SimulatedWorld(slots=1, population_faults=False, script=REPO / "tests" / "scripts" / "reprovision.py") as w:
        w.station.start(sync_interval_s=30.0)
        w.station.sign_in("eng-1")
        record = run_one(w, "DEMO00042")
        assert record.outcome is Outcome.PASS, record.failure_reason
        measured = record.steps[0].measurements[0].value
        assert measured == record.device_id
        device = w.admin.device(record.device_id)
        assert device.group_id != w.station.parts.sync.state.dut_target_id, "blessed: moved on to production"


def test_stopping_the_station_aborts_a_held_unit_promptly() -> None:
    with SimulatedWorld(slots=1, population_faults=False) as w:
        w.station.start(sync_interval_s=30.0)
        w.station.sign_in("op-1")
        w.station.bus.subscribe(
            lambda e: w.cloud_down(True) if isinstance(e, StageChanged) and e.stage == Stage.BLESSING.value else None
        )
        assert w.station.scan("DEMO00050") == 1
        eventually(lambda: w.station.views()[0].stage is Stage.HELD, "the unit to be held")
        w.station.stop(timeout=20)
        [record] = w.station.results()  # without the abort the held unit would still be running here
        assert record.outcome is Outcome.ABORTED and record.failure_reason == "the station was stopped"
        assert blessings(w) == []
