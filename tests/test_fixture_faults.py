"""Link and fixture faults end in a specific error or a recovered command — never a hang, never a
DUT FAIL — and DUT faults show up as facts about the DUT (values, TRIP, BROWNOUT, silence)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from station.drivers.fixture import (
    DutNoReply,
    FixtureClient,
    FixtureDisconnected,
    FixtureError,
    FixtureEvent,
    FixtureTimeout,
)
from station.errors import StationError
from station.sim.fixture_host import SimulatedFixture

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(params=["cpython", "micropython"])
def sim(request: pytest.FixtureRequest) -> Iterator[SimulatedFixture]:
    with SimulatedFixture(slots=4, interpreter=request.param) as fixture:
        yield fixture


@pytest.fixture
def fx(sim: SimulatedFixture) -> Iterator[FixtureClient]:
    with FixtureClient.open(sim.port, timeout=0.5) as client:
        yield client


def _events(client: FixtureClient) -> tuple[list[FixtureEvent], threading.Event]:
    seen: list[FixtureEvent] = []
    changed = threading.Event()

    def add(ev: FixtureEvent) -> None:
        seen.append(ev)
        changed.set()

    client.on_event(add)
    return seen, changed


def _wait_for(seen: list[FixtureEvent], name: str, timeout: float = 3.0) -> FixtureEvent:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for ev in list(seen):
            if ev.name == name:
                return ev
        time.sleep(0.01)
    raise AssertionError(f"no {name} event in {seen}")


def test_garbage_and_half_lines_are_recovered(fx: FixtureClient, sim: SimulatedFixture) -> None:
    for _ in range(3):
        sim.noise(60)
        assert abs(fx.voltage("VREF") - 2.5) < 0.05
        sim.half_line()
        assert fx.protocol_version() == "1.1"
    assert fx.stats["garbage"] >= 3


def test_bad_crc_either_way_is_retried_for_queries(fx: FixtureClient, sim: SimulatedFixture) -> None:
    sim.control("CORRUPT OUT")  # the reply is damaged on the way to the station
    time.sleep(0.05)
    assert fx.lid().closed
    sim.control("CORRUPT IN")  # the request is damaged on the way to the fixture: ERR 2
    time.sleep(0.05)
    assert fx.buttons() == (False,) * 4
    assert fx.stats["crc_errors"] >= 2 and fx.stats["retries"] >= 2


def test_bad_crc_on_a_non_idempotent_command_is_a_specific_error(fx: FixtureClient, sim: SimulatedFixture) -> None:
    fx.power(1, True)
    sim.control("CORRUPT IN")
    time.sleep(0.05)
    with pytest.raises(FixtureError, match="bad CRC") as info:
        fx.uart(1, "MAC")
    assert info.value.code == 2


def test_two_second_stall_ends_in_timeout_or_recovery() -> None:
    with SimulatedFixture(slots=2) as sim, FixtureClient.open(sim.port, timeout=0.9, retries=2) as fx:
        fx.power(1, True)
        sim.stall(2000)
        time.sleep(0.05)
        assert abs(fx.voltage("VREF") - 2.5) < 0.05  # third attempt lands after the stall
        sim.stall(2000)
        time.sleep(0.05)
        with pytest.raises(FixtureTimeout, match="did not answer UART"):
            fx.uart(1, "MAC", timeout=0.3)  # not repeated: the DUT may have seen it
        time.sleep(1.0)
        assert fx.uart(1, "MAC").startswith("0c:2a:69:")


def test_unplug_mid_command_then_reconnect(fx: FixtureClient, sim: SimulatedFixture) -> None:
    seen, _ = _events(fx)
    sim.inject("slot2:uart_silent")
    fx.power(2, True)
    outcome: list[BaseException] = []

    def in_flight() -> None:
        try:
            fx.uart(2, "MAC", timeout=5.0)
        except BaseException as exc:  # noqa: BLE001
            outcome.append(exc)

    worker = threading.Thread(target=in_flight)
    worker.start()
    time.sleep(0.2)
    sim.unplug()
    worker.join(5)
    assert not worker.is_alive()
    # Disconnected, not timed out: the unplug itself ended the command, not its 5 s UART timeout.
    assert len(outcome) == 1 and isinstance(outcome[0], FixtureDisconnected)
    assert "fixture disconnected" in str(outcome[0])
    assert fx.state == "disconnected"
    with pytest.raises(FixtureDisconnected, match="fixture disconnected"):
        fx.identify()
    _wait_for(seen, "DISCONNECTED")
    sim.replug()
    assert fx.wait_connected(10)
    assert fx.identify().model == "SimFixture"
    assert fx.stats["reconnects"] == 1
    _wait_for(seen, "CONNECTED")


def test_fixture_restart_mid_run(fx: FixtureClient, sim: SimulatedFixture) -> None:
    seen, _ = _events(fx)
    sim.inject("slot3:uart_silent")
    fx.power(3, True)
    fx.power(1, True)
    outcome: list[BaseException] = []

    def in_flight() -> None:
        try:
            fx.uart(3, "MAC", timeout=5.0)
        except BaseException as exc:  # noqa: BLE001
            outcome.append(exc)

    worker = threading.Thread(target=in_flight)
    worker.start()
    time.sleep(0.2)
    sim.restart()
    worker.join(5)
    assert len(outcome) == 1 and isinstance(outcome[0], FixtureError)
    assert "restarted" in str(outcome[0])
    _wait_for(seen, "BOOT")
    assert fx.power_state(1).state == "OFF"  # the restart dropped DUT power: the run must know
    assert fx.stats["restarts"] >= 1


def test_dut_faults_are_facts_about_the_dut() -> None:
    faults = "slot1:rail_3v3=3.1,slot2:brownout,slot3:overcurrent=900,slot4:flaky=1.0"
    with SimulatedFixture(slots=4, faults=faults, interpreter="micropython") as sim, \
            FixtureClient.open(sim.port) as fx:
        seen, _ = _events(fx)
        assert fx.power(1, True).on
        assert fx.voltage("3V3", 1) == pytest.approx(3.1, abs=0.02)  # a limit will FAIL this DUT
        brown = fx.power(2, True)
        assert brown.state == "BROWNOUT" and brown.value is not None and brown.value < 2.97
        trip = fx.power(3, True, current_limit_ma=250)
        assert trip.state == "TRIP" and trip.value is not None and trip.value > 250
        assert fx.power_state(3).state == "TRIP"
        assert _wait_for(seen, "TRIP").args[0] == "3"
        assert _wait_for(seen, "BROWNOUT").args[0] == "2"
        sim.inject("slot4:flaky=0")
        time.sleep(0.05)
        assert fx.power(4, True).on
        sim.inject("slot4:flaky=1.0")
        time.sleep(0.05)
        assert fx.voltage("3V3", 4) < 0.05  # open contact
        with pytest.raises(DutNoReply):
            fx.uart(4, "MAC", timeout=0.2)
        sim.clear_faults(4)
        time.sleep(0.05)
        assert fx.voltage("3V3", 4) > 3.2


def test_every_fixture_error_is_a_station_fault() -> None:
    for cls in (FixtureError, FixtureDisconnected, FixtureTimeout):
        assert issubclass(cls, StationError)
    assert not issubclass(DutNoReply, StationError)
    assert "fixture disconnected" in str(FixtureDisconnected("x"))


def test_open_a_missing_port_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(FixtureDisconnected, match="fixture disconnected: cannot open"):
        FixtureClient.open(str(tmp_path / "nope"))


def test_micropython_and_bad_options_are_reported() -> None:
    from station.errors import InputError

    with pytest.raises(InputError, match="no slot"):
        SimulatedFixture(slots=2, faults="slot5:brownout")
    with pytest.raises(InputError, match="interpreter"):
        SimulatedFixture(interpreter="jython")


def test_a_run_whose_fixture_vanished_ends_error_not_fail() -> None:
    """Through the real runner: the fixture is unplugged mid-step; the record says ERROR and why."""
    from station.testkit import Script, measurement
    from station.testkit.checks import Outcome
    from tests.runner_helpers import run_script

    script = Script("vanish", product="sim", version="1")
    with SimulatedFixture(slots=1) as sim, FixtureClient.open(sim.port, reconnect=False) as fx:

        @script.step(timeout_s=10, measurements=[measurement("rail_3v3", "V")])
        def power_on(ctx, fixture):
            fixture.power(1, True)
            sim.unplug()
            ctx.measure("rail_3v3", fixture.voltage("3V3", 1))

        record, _ = run_script(script, plugs={"fixture": fx})
    assert record.outcome == Outcome.ERROR
    assert "fixture disconnected" in (record.failure_reason or "")


def test_a_dead_status_led_is_seen_only_by_a_camera(fx: FixtureClient, sim: SimulatedFixture) -> None:
    """The console says GREEN; SIM LIGHT (what a camera above the slot sees) says DARK, so a simulated
    camera in another process than the factory sees the broken LED too."""
    from station.drivers.camera_plug import led_colour
    from station.sim.led_camera import SimulatedLedCamera

    sim.inject("slot2:dead_led")
    for slot in (1, 2):
        fx.power(slot, True)
        assert fx.uart(slot, "LED GREEN") == "GREEN"
    assert fx.request("SIM", "LIGHT", "1") == ["GREEN"]
    assert fx.request("SIM", "LIGHT", "2") == ["DARK"]
    assert led_colour(SimulatedLedCamera(fx, 1, ask_simulator=True).read()) == "GREEN"
    assert led_colour(SimulatedLedCamera(fx, 2, ask_simulator=True).read()) != "GREEN"
