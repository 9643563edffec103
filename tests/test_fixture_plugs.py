"""The example script through the `fixture` and `dut` plugs on the fixture firmware over a real pty."""

from __future__ import annotations

from station.events import EventBus
from station.runner.loader import load_script
from station.runner.runner import Runner, RunOptions
from station.sim.factory import SimulatedFactory
from station.testkit import Outcome
from station.testkit.limits import default_limits_path, load_limits
from tests.conftest import REPO

EXAMPLE = REPO / "dut_tests" / "imp_sensor" / "imp_sensor.py"


def runner_on(factory: SimulatedFactory) -> Runner:
    loaded = load_script(EXAMPLE)
    return Runner(loaded, load_limits(default_limits_path(EXAMPLE), loaded.script), factory.registry(), EventBus())


def test_units_with_faults_fail_for_the_right_reason_and_good_units_pass() -> None:
    with SimulatedFactory(slots=2) as factory:
        runner = runner_on(factory)
        serials = ["A-1", "B-2", "C-3"]
        factory.insert_unit(1, serials[0], "slot1:uart_silent")
        silent = runner.run(RunOptions(serial=serials[0], slot=1))
        factory.insert_unit(2, serials[1])
        good = runner.run(RunOptions(serial=serials[1], slot=2))
        factory.insert_unit(1, serials[2], "slot1:rail_3v3=3.05")
        low = runner.run(RunOptions(serial=serials[2], slot=1))
    assert good.outcome is Outcome.PASS
    assert good.mac and good.device_id and good.device_id.startswith("30000c2a69")
    assert silent.outcome is Outcome.FAIL, "a silent DUT console is the unit's fault"
    assert silent.failure_code == "boot.firmware" and "did not answer" in (silent.failure_reason or "")
    assert low.outcome is Outcome.FAIL and low.failure_code == "power_on.rail_3v3"


def test_fixture_unplugged_mid_run_is_error_fixture_disconnected() -> None:
    with SimulatedFactory(slots=1) as factory:
        runner = runner_on(factory)
        serial = "U-1"
        factory.insert_unit(1, serial)
        unplugged = []

        def pull_cable(event) -> None:
            from station.events import StepFinished

            if isinstance(event, StepFinished) and event.result.name == "boot" and not unplugged:
                unplugged.append(True)
                factory.fixture_sim.unplug()

        runner.bus.subscribe(pull_cable)
        record = runner.run(RunOptions(serial=serial, slot=1))
    assert record.outcome is Outcome.ERROR
    assert "fixture disconnected" in (record.failure_reason or "")
    assert record.failure_code == "identity"
