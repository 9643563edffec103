"""Simulated DUT models (issue 15): the firmware runs each product's model on both interpreters;
relays switch loads, named faults and behaviour classes work; products without a model get a
clear error; the smart plug passes on --sim and beside the imp-sensor in the headless demo."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from station.drivers.fixture import FixtureClient
from station.errors import InputError
from station.sim.dut_model import load_dut_model, model_for_script
from station.sim.fixture_host import SimulatedFixture
from station.sim.population import unit_fault
from station.testkit import Outcome
from tests.conftest import REPO, eventually

pytestmark = pytest.mark.timeout(120)
PLUG = REPO / "dut_tests" / "smart_plug"
IMP = REPO / "dut_tests" / "imp_sensor"

BEHAVIOUR = '''
class Behaviour:
    """Counts the commands it saw; answers COUNT itself, and doubles the idle draw after 3 commands."""

    def __init__(self, dut):
        self.dut = dut
        self.seen = 0

    def answer(self, verb, arg):
        self.seen += 1
        if verb == "COUNT":
            return str(self.seen)
        return None

    def current_ma(self, mean):
        return mean * 2 if self.seen >= 3 else mean
'''


@pytest.fixture(params=["cpython", "micropython"])
def plug_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[SimulatedFixture, FixtureClient]]:
    folder = tmp_path / "counter"
    folder.mkdir()
    (folder / "sim_dut.py").write_text(BEHAVIOUR)
    (folder / "sim_dut.toml").write_text(
        'product = "counter"\nbehaviour = "sim_dut.py"\n[rails]\nVBUS = 5.0\n"3V3" = 3.3\n'
        '[current]\nidle = { mean = 10.0, sigma = 0.0 }\n[commands.PING]\nreply = "PONG"\n')
    models = [load_dut_model(PLUG / "sim_dut.toml"), load_dut_model(folder / "sim_dut.toml")]
    with (SimulatedFixture(slots=2, interpreter=request.param, models=models) as sim,
          FixtureClient.open(sim.port, timeout=2.0) as client):
        yield sim, client


def settle(client: FixtureClient) -> None:
    client.protocol_version()  # orders the side-channel controls before the next request


def test_a_relay_switching_a_load_changes_the_current_and_the_dimmer_scales_it(plug_fixture) -> None:
    sim, fx = plug_fixture
    sim.insert_dut(1, "SP-1", "smart-plug")
    settle(fx)
    fx.power(1, True, 800)
    assert fx.uart(1, "VERSION", 2.0) == "smart-plug-fw 1.3.0"
    idle = fx.current_ma(1)
    assert 25 < idle < 40
    fx.relay(1, True)
    assert fx.current_ma(1) < 45, "the plug's own relay is still open: no load current"
    assert fx.uart(1, "OUTPUT ON", 1.0) == "ON"
    full = fx.current_ma(1)
    assert 430 < full < 475  # 400 mA load + the plug + its relay coil
    assert fx.uart(1, "DIM 50", 1.0) == "50"
    assert 230 < fx.current_ma(1) < 275
    assert abs(float(fx.uart(1, "METER", 1.0)) - 200.0) < 10
    fx.relay(1, False)
    assert fx.current_ma(1) < 70
    assert fx.uart(1, "DIM 150", 1.0).startswith("ERR DIM out of range")
    assert fx.voltage("1V8", 1) < 0.05, "the plug has no 1V8 rail"


def test_named_faults_of_a_model_apply_on_the_firmware(plug_fixture) -> None:
    sim, fx = plug_fixture
    sim.insert_dut(2, "SP-2", "smart-plug")
    sim.inject("slot2:stuck_relay")
    settle(fx)
    fx.power(2, True, 800)
    fx.relay(2, True)
    assert fx.uart(2, "OUTPUT ON", 1.0) == "ON", "the firmware believes it closed the relay"
    assert fx.current_ma(2) < 70, "but the stuck relay lets no load current through"
    with pytest.raises(InputError, match="slot faults are"):
        sim.inject("slot2:no_such_fault")


def test_a_behaviour_class_runs_inside_the_firmware(plug_fixture) -> None:
    sim, fx = plug_fixture
    sim.insert_dut(1, "C-1", "counter")
    settle(fx)
    fx.power(1, True, 250)
    assert fx.uart(1, "PING", 2.0) == "PONG"
    assert fx.uart(1, "COUNT", 1.0) == "2"
    assert 9 < fx.current_ma(1) < 11
    assert fx.uart(1, "NOPE", 1.0) == "ERR unknown command NOPE"
    assert 19 < fx.current_ma(1) < 21, "the behaviour doubled the draw after three commands"


def test_a_product_without_a_model_gets_an_error_naming_the_file(tmp_path: Path) -> None:
    script = tmp_path / "thermostat.py"
    script.write_text("from station.testkit import Script\nscript = Script('t', product='thermostat', version='1')\n"
                      "@script.step\ndef one(ctx):\n    pass\n")
    with pytest.raises(InputError, match=f"no simulated DUT for product 'thermostat': write {tmp_path}/sim_dut.toml"):
        model_for_script(script, "thermostat")
    result = subprocess.run([sys.executable, "-m", "station.cli", "run", str(script), "--serial", "T1", "--sim",
                             "--db", f"sqlite:///{tmp_path / 'r.db'}"], capture_output=True, text=True, cwd=REPO,
                            timeout=60)
    assert result.returncode == 2 and "sim_dut.toml" in result.stderr


def test_model_mistakes_name_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "sim_dut.toml"
    bad.write_text('product = "x"\n\n[commands.LED]\nstate = "led"\n')
    with pytest.raises(InputError, match="'led' is not declared in \\[state\\]") as err:
        load_dut_model(bad)
    assert err.value.line == 3
    bad.write_text('product = "x"\n[faults.nothing]\none_in = 3\n')
    with pytest.raises(InputError, match="changes nothing"):
        load_dut_model(bad)


def test_the_population_draws_each_products_faults_at_its_rates() -> None:
    plug = load_dut_model(PLUG / "sim_dut.toml")
    serials = [f"DEMO{n:05d}" for n in range(1, 3001)]
    stuck = sum(1 for s in serials if (f := unit_fault(s, plug)) and f.key == "stuck_relay")
    assert 3000 / 15 * 0.7 < stuck < 3000 / 15 * 1.3
    assert unit_fault("DEMO00013", plug).name == "relay stuck open"  # type: ignore[union-attr]
    assert model_for_script(IMP / "imp_sensor.py", "imp-sensor").fault("weak_3v3") is not None


def test_the_smart_plug_passes_on_sim_and_its_faults_fail_it(tmp_path: Path) -> None:
    def run(*extra: str) -> dict:
        result = subprocess.run([sys.executable, "-m", "station.cli", "run", str(PLUG / "smart_plug.py"), "--serial",
                                 "SP1", "--sim", "--json", "--quiet", "--strict", *extra,
                                 "--db", f"sqlite:///{tmp_path / 'r.db'}"],
                                capture_output=True, text=True, cwd=REPO, timeout=60)
        return json.loads(result.stdout)

    record = run()
    assert record["outcome"] == "PASS", record["failure_reason"]
    sweep = next(m for s in record["steps"] for m in s["measurements"] if m["name"] == "dim_sweep")
    assert sweep["value"]["x_unit"] == "%" and len(sweep["value"]["points"]) == 5
    assert {s["name"]: s["group"] for s in record["steps"]}["dimmer_sweep"] == "load"
    shown = subprocess.run([sys.executable, "-m", "station.cli", "runs", "show", record["run_id"], "--db",
                            f"sqlite:///{tmp_path / 'r.db'}"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert "dim_sweep = 5 points mA  [within the envelope]" in shown.stdout, shown.stdout
    assert "[meter within 10 % of the fixture's reading]" in shown.stdout
    assert run("--sim-faults", "slot1:stuck_relay")["failure_code"] == "relay_on.load_current"
    assert run("--sim-faults", "slot1:meter_drift")["failure_code"] == "dimmer_sweep.meter_vs_fixture"


def test_the_headless_demo_runs_a_mixed_line(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = subprocess.run(
        [sys.executable, "-m", "station.cli", "demo", "--headless", "--units", "8", "--slots", "2",
         "--script", str(IMP / "imp_sensor.py"), "--script", str(PLUG / "smart_plug.py"), "--db", str(db)],
        capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mixed line: slot 1 imp-sensor, slot 2 smart-plug" in " ".join(result.stdout.split())
    assert "agree" in result.stdout
    listed = subprocess.run([sys.executable, "-m", "station.cli", "runs", "list", "--json", "--db", str(db)],
                            capture_output=True, text=True, timeout=60, cwd=REPO)
    runs = json.loads(listed.stdout)
    assert len(runs) == 8
    assert {r["slot"] for r in runs} == {1, 2}


def test_new_script_scaffolds_a_script_that_passes_on_sim_and_refuses_to_overwrite(tmp_path: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "station.cli", *args], capture_output=True, text=True,
                              cwd=REPO, timeout=120)

    made = cli("new-script", "thermo", "--product", "thermostat", "--dir", str(tmp_path))
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "thermo"
    assert {p.name for p in folder.iterdir()} == {"thermo.py", "limits.toml", "sim_dut.toml", "test_thermo.py"}
    run = cli("run", str(folder / "thermo.py"), "--serial", "T1", "--sim", "--strict", "--quiet",
              "--db", f"sqlite:///{tmp_path / 'r.db'}")
    assert run.returncode == 0, run.stdout + run.stderr
    again = cli("new-script", "thermo", "--product", "thermostat", "--dir", str(tmp_path))
    assert again.returncode == 2 and "not overwriting" in again.stderr


@pytest.mark.parametrize("interpreter", ["cpython", "micropython"])
def test_the_smart_plug_script_passes_on_both_interpreters(interpreter: str) -> None:
    from station.events import EventBus
    from station.runner.loader import load_script
    from station.runner.prompts import ScriptedResponder
    from station.runner.runner import Runner, RunOptions
    from station.sim.factory import SimulatedFactory
    from station.testkit.limits import default_limits_path, load_limits

    loaded = load_script(PLUG / "smart_plug.py")
    model = model_for_script(PLUG / "smart_plug.py", "smart-plug")
    with SimulatedFactory(slots=2, interpreter=interpreter, models=[model]) as factory:
        factory.insert_unit(2, "SP-7", product="smart-plug")
        runner = Runner(loaded, load_limits(default_limits_path(PLUG / "smart_plug.py"), loaded.script),
                        factory.registry(), EventBus(), responder=ScriptedResponder(model.operator_answers),
                        strict=True)
        record = runner.run(RunOptions(serial="SP-7", slot=2, sim=True))
    assert record.outcome is Outcome.PASS, record.failure_reason
    sweep = next(m for s in record.steps for m in s.measurements if m.name == "dim_sweep")
    ys = sweep.value.ys
    assert ys == sorted(ys) and ys[-1] - ys[0] > 350, "the load current follows the dimmer on relay 2 (slot 2)"


@pytest.mark.parametrize("interpreter", ["cpython", "micropython"])
def test_the_placement_queue_places_units_of_the_slots_product(interpreter: str) -> None:
    """``station sim factory``'s conveyor: a queued unit takes the product the slot holds (a mixed
    line) or the one named; its named faults apply; a model's dead LED is dark to the camera."""
    reports: list[str] = []
    models = [load_dut_model(IMP / "sim_dut.toml"), load_dut_model(PLUG / "sim_dut.toml")]
    with (SimulatedFixture(slots=2, interpreter=interpreter, models=models, on_report=reports.append) as sim,
          FixtureClient.open(sim.port, timeout=2.0) as fx):
        sim.insert_dut(2, "1-2", "smart-plug")
        sim.queue_unit("DEMO00007", "stuck_relay")
        eventually(lambda: any(r.startswith("QUEUED DEMO00007 ") for r in reports), "DEMO00007 queued", 30)
        fx.power(2, True, 800)
        eventually(lambda: any(r.startswith("PLACED 2 DEMO00007 ") for r in reports), "DEMO00007 placed", 5)
        placed = next(r for r in reports if r.startswith("PLACED 2 DEMO00007 ")).split()
        assert placed[5:] == ["stuck_relay", "smart-plug"]
        assert fx.uart(2, "VERSION", 1.0).startswith("smart-plug-fw")
        fx.relay(2, True)
        assert fx.uart(2, "OUTPUT ON", 1.0) == "ON" and fx.current_ma(2) < 70, "the stuck relay holds"
        sim.queue_unit("DEMO00008", "dead_led", "imp-sensor")
        eventually(lambda: any(r.startswith("QUEUED DEMO00008 ") for r in reports), "DEMO00008 queued", 30)
        fx.power(1, True)
        eventually(lambda: any(r.startswith("PLACED 1 DEMO00008 ") for r in reports), "DEMO00008 placed", 5)
        assert fx.uart(1, "LED GREEN", 1.0) == "GREEN"
        assert fx.request("SIM", "LIGHT", "1") == ["DARK"]
        with pytest.raises(InputError, match="no simulated DUT model of product"):
            sim.queue_unit("DEMO00009", "", "toaster")


def test_the_simulated_factory_runs_the_scripts_products(tmp_path: Path) -> None:
    """``station sim factory --script``: the fixture simulator loads each product's model, a mixed
    line's slots hold their script's product, and faults the models name are accepted."""
    from station.sim.line_peers import FactoryOptions

    options = FactoryOptions(folder=tmp_path, slots=3, faults="slot1:meter_drift",
                             scripts=[PLUG / "smart_plug.py", IMP / "imp_sensor.py"])
    options.check()
    assert [m.product for m in options.models()] == ["smart-plug", "imp-sensor"]
    assert options.slot_products() == {1: "smart-plug", 2: "imp-sensor", 3: "smart-plug"}
    assert FactoryOptions(folder=tmp_path, scripts=[IMP / "imp_sensor.py"]).slot_products() == {}
    with pytest.raises(InputError, match="no such file"):
        FactoryOptions(folder=tmp_path, scripts=[tmp_path / "missing.py"]).check()
    with pytest.raises(InputError, match="slot faults are"):
        FactoryOptions(folder=tmp_path, faults="slot1:meter_drift").check()  # the imp-sensor has no meter


TRACKER = REPO / "dut_tests" / "particle_tracker"


@pytest.mark.parametrize("interpreter", ["cpython", "micropython"])
def test_the_particle_tracker_reports_its_particle_device_id_and_its_faults_fail_it(interpreter: str) -> None:
    """A product whose model has 24-hex device IDs (a Particle device's): the console reports one made
    from the unit's serial — what ``station sim factory --backend particle`` registers in the cloud."""
    from station.events import EventBus
    from station.runner.loader import load_script
    from station.runner.runner import Runner, RunOptions
    from station.sim.factory import SimulatedFactory
    from station.sim.fixture_host import dut_identity
    from station.testkit.limits import default_limits_path, load_limits

    script = TRACKER / "particle_tracker.py"
    loaded = load_script(script)
    model = model_for_script(script, "particle-tracker")
    limits = load_limits(default_limits_path(script), loaded.script)
    outcomes = {}
    with SimulatedFactory(slots=1, interpreter=interpreter, models=[model]) as factory:
        for serial, faults in (("DEMO00001", ""), ("DEMO00002", "slot1:no_sim"), ("DEMO00003", "slot1:weak_antenna")):
            factory.insert_unit(1, serial, faults, product="particle-tracker")
            record = Runner(loaded, limits, factory.registry(), EventBus(), strict=True).run(
                RunOptions(serial=serial, slot=1, sim=True))
            outcomes[serial] = (record.outcome, record.failure_code, record.device_id)
    assert outcomes["DEMO00001"] == (Outcome.PASS, None, dut_identity("DEMO00001", model=model)[1])
    assert len(outcomes["DEMO00001"][2]) == 24
    assert outcomes["DEMO00002"][:2] == (Outcome.FAIL, "cellular.iccid")
    assert outcomes["DEMO00003"][:2] == (Outcome.FAIL, "antennas.signal_quality")
