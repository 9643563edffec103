"""Fixture-LED BlinkUp: the per-slot BLINK commands of the real firmware (CPython and MicroPython
VM, over a real pty), the FixtureLedProvisioner, and the simulated DUTs under the LEDs who decode
what they saw through the channel model and enroll with the real cloud emulator over HTTP."""

# ruff: noqa: F811
from __future__ import annotations

import threading

import numpy as np
import pytest

from station.blinkup import BlinkUpPayload, get_mode
from station.cloud.client import CloudClient
from station.cloud.emulator.server import EmulatorServer
from station.cloud.enrollment import build_payload
from station.config import load_config
from station.drivers.fixture import FixtureClient, FixtureError, FixtureEvent
from station.drivers.fixture_blinkup import DEFAULT_FPS, FixtureBlinkUpError, FixtureLedProvisioner, led_levels
from station.errors import InputError
from station.runner.runner import AbortSignal
from station.sim.fixture_host import SimulatedFixture, firmware_module
from station.sim.led_dut import LED_CHANNEL, Flash, LedDuts
from tests.cloud_fixtures import TEST_DUT, TEST_FIXTURE, calls, client, emulator  # noqa: F401
from tests.conftest import eventually

pytestmark = pytest.mark.timeout(90)
INTERPRETERS = ["cpython", "micropython"]
TIME_SCALE = 0.05


class Events:
    def __init__(self, fx: FixtureClient) -> None:
        self.seen: list[FixtureEvent] = []
        self._lock = threading.Lock()
        fx.on_event(self._add)

    def _add(self, event: FixtureEvent) -> None:
        with self._lock:
            self.seen.append(event)

    def done(self) -> dict[str, str]:
        with self._lock:
            return {ev.args[1]: ev.args[2] for ev in self.seen if ev.name == "BLINK" and ev.args[:1] == ("DONE",)}


@pytest.fixture(params=INTERPRETERS)
def interpreter(request: pytest.FixtureRequest) -> str:
    return request.param


# ---------------------------------------------------------------- the firmware, per slot


def test_every_slot_flashes_at_once_each_at_its_own_rate(interpreter: str) -> None:
    reports: list[str] = []
    with SimulatedFixture(slots=4, interpreter=interpreter, time_scale=0.2, on_report=reports.append) as sim, \
            FixtureClient.open(sim.port) as fx:
        events = Events(fx)
        fast = led_levels("fast")
        rates = {1: 60, 2: 142, 3: 60, 4: 142}
        lengths = {1: 40, 2: 90, 3: 12, 4: 200}
        for slot, rate in rates.items():
            symbols = "".join(str(i % 5) for i in range(lengths[slot]))
            duration = fx.blinkup_led(slot, symbols, rate, levels=fast)
            assert duration == pytest.approx(lengths[slot] / rate * 0.2, abs=0.002)
        assert fx.blinkup_status(4)[0] == "RUNNING"  # the longest is still going while others ran
        eventually(lambda: len(events.done()) == 4, "BLINK DONE of all four slots", 10)
        assert events.done() == {str(s): str(n) for s, n in lengths.items()}
        assert [fx.blinkup_status(s) for s in range(1, 5)] == [("IDLE", lengths[s]) for s in range(1, 5)]
        eventually(lambda: sum(r.startswith("FLASH ") for r in reports) == 4, "four FLASH reports", 10)
        flashes = {f.slot: f for f in (Flash.parse(r) for r in reports if r.startswith("FLASH "))}
        assert flashes[2].rate_hz == 142 and flashes[1].rate_hz == 60
        assert flashes[4].light[:6] == (0.0, 0.25, 0.5, 0.75, 1.0, 0.0)  # the light levels, frame by frame


def test_per_slot_blink_errors_and_the_unaddressed_form(interpreter: str) -> None:
    with SimulatedFixture(slots=2, interpreter=interpreter, time_scale=0.5) as sim, \
            FixtureClient.open(sim.port) as fx:
        def code_of(*args: str) -> int | None:
            with pytest.raises(FixtureError) as info:
                fx.request("BLINK", *args)
            return info.value.code

        assert code_of("3", "CLEAR") == 6                         # no slot 3
        assert code_of("1", "LOAD", "0123") == 4                  # 3 default levels: digits 0-2 only
        assert code_of("1", "LEVELS", "0", "1001") == 4           # light is 0-1000
        assert code_of("1", "LEVELS", *["1"] * 11) == 4           # at most 10 levels
        assert code_of("2", "START", "60") == 11                  # nothing loaded
        assert fx.request("BLINK", "1", "LEVELS", "0", "250", "500", "750", "1000") == ["5"]
        assert fx.request("BLINK", "1", "LOAD", "0413") == ["4"]
        assert code_of("1", "LEVELS", "0", "1000") == 11          # loaded digits need more levels
        fx.request("BLINK", "1", "START", "1")                    # 4 s at 1 Hz, 2 s scaled
        assert code_of("1", "LOAD", "0") == 7                     # busy: this slot
        assert fx.request("BLINK", "2", "LOAD", "2") == ["1"]     # the other slot is not
        assert fx.request("BLINK") == ["RUNNING", "0", "4"]       # protocol 1.0 form: slot 1
        fx.request("BLINK", "STOP")
        assert fx.request("BLINK") == ["IDLE", "4"]
        assert fx.request("BLINK", "2") == ["IDLE", "1"]
        fx.reset()
        assert fx.request("BLINK", "1") == ["IDLE", "0"]          # RESET clears every slot


# ---------------------------------------------------------------- the provisioner and the DUTs


def _payload(client: CloudClient) -> BlinkUpPayload:
    """What the flow builds for a unit (station/flow/provisioning.py)."""
    grant = client.enroll("dut", TEST_FIXTURE)
    p = build_payload("dut", ssid="factory-sim", password="sim-wifi-password", grant=grant,
                      fixture_group_id=TEST_FIXTURE)
    return BlinkUpPayload(p.ssid, p.password, p.plan_id or "", p.enrollment_token or "")


# The framing is the provisioner's, not the firmware's: one interpreter covers blinkup-js.
@pytest.mark.parametrize(("interpreter", "mode"), [("cpython", "fast"), ("micropython", "fast"),
                                                   ("cpython", "blinkup-js")])
def test_four_slots_at_once_enroll_four_units_in_the_dut_target(
        interpreter: str, mode: str, emulator: EmulatorServer, client: CloudClient) -> None:
    with SimulatedFixture(slots=4, interpreter=interpreter, cloud_url=emulator.url, time_scale=TIME_SCALE,
                          seed=11) as sim, FixtureClient.open(sim.port) as fx:
        led = FixtureLedProvisioner(fx, mode=mode)
        assert led.fps == DEFAULT_FPS[mode]
        outcomes: list[object] = []
        sim.led_duts.on_outcome = outcomes.append
        macs = []
        for slot in range(1, 5):
            sim.insert_dut(slot, f"LED{mode}{slot}")
            fx.power(slot, True)
            macs.append(fx.uart(slot, "MAC"))
        payloads = [_payload(client) for _ in range(4)]
        errors: list[BaseException] = []

        def flash(slot: int) -> None:
            try:
                led.flash(slot, payloads[slot - 1], AbortSignal())
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=flash, args=(s,)) for s in range(1, 5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        eventually(lambda: len(outcomes) == 4, "four DUTs to report in", 30)
        assert sorted(o.result for o in outcomes) == ["enrolled"] * 4  # type: ignore[attr-defined]
        for mac in macs:
            assert client.device(mac).group_id == TEST_DUT


def test_abort_stops_the_led_and_the_unit_learns_nothing(emulator: EmulatorServer, client: CloudClient) -> None:
    with SimulatedFixture(slots=1, cloud_url=emulator.url, time_scale=1.0) as sim, \
            FixtureClient.open(sim.port) as fx:
        outcomes: list[object] = []
        sim.led_duts.on_outcome = outcomes.append
        fx.power(1, True)
        abort = AbortSignal()
        threading.Timer(0.3, abort.set).start()
        FixtureLedProvisioner(fx, mode="blinkup-js").flash(1, _payload(client), abort)  # ~15 s unless stopped
        assert fx.blinkup_status(1)[0] == "IDLE"
        eventually(lambda: len(outcomes) == 1, "the DUT's verdict on half a flash", 10)
        assert outcomes[0].result == "undecoded"  # type: ignore[attr-defined]


def test_a_fixture_lost_mid_flash_is_a_station_error(emulator: EmulatorServer, client: CloudClient) -> None:
    with SimulatedFixture(slots=1, time_scale=1.0) as sim, FixtureClient.open(sim.port, reconnect=False) as fx:
        fx.power(1, True)
        threading.Timer(0.3, sim.unplug).start()
        with pytest.raises(FixtureBlinkUpError, match="slot 1 BlinkUp LED"):
            FixtureLedProvisioner(fx, mode="fast").flash(1, _payload(client), AbortSignal())


def test_unpowered_unit_sees_nothing_and_bad_reports_are_refused() -> None:
    duts = LedDuts(None)
    levels = ",".join(str(v) for v in led_levels("fast"))
    dark = Flash.parse(f"FLASH 2 142 0 0c:2a:69:00:00:01 30000c2a69000001 {levels} 0123")
    assert duts.receive(dark).result == "unpowered"
    with pytest.raises(ValueError, match="not a FLASH report"):
        Flash.parse("FLASH 2 142")


def test_fast_decodes_through_the_led_channel_at_142_hz() -> None:
    """Why 142 Hz is the fast default: 50 random channels (gain, offset, noise, rise, jitter) all decode."""
    payload = BlinkUpPayload("factory-sim", "sim-wifi-password", "", "0123456789abcdef")
    symbols = "".join(str(s) for s in get_mode("fast").encode(payload))
    levels = ",".join(str(v) for v in led_levels("fast"))
    flash = Flash.parse(f"FLASH 1 142 1 0c:2a:69:00:00:01 30000c2a69000001 {levels} {symbols}")
    duts = LedDuts(None, params=LED_CHANNEL)
    seeds = np.random.default_rng(5).integers(1 << 31, size=50)
    decoded = [duts.receive(flash, int(s)) for s in seeds]
    assert [o.detail for o in decoded] == [payload.token] * 50


def test_led_levels_are_the_light_a_screen_would_give_off() -> None:
    assert led_levels("fast") == [0, 250, 500, 750, 1000]
    assert led_levels("blinkup-js") == [0, 354, 1000]
    assert firmware_module("protocol").DEFAULT_BLINK_LEVELS == (0, 500, 1000)


def test_queued_unit_is_placed_at_the_next_power_on() -> None:
    reports: list[str] = []
    with SimulatedFixture(slots=2, on_report=reports.append) as sim, FixtureClient.open(sim.port) as fx:
        sim.queue_unit("DEMO00007", "uart_silent")
        eventually(lambda: any(r.startswith("QUEUED DEMO00007 ") for r in reports), "DEMO00007 queued", 30)
        fx.power(2, True)
        eventually(lambda: any(r.startswith("PLACED 2 DEMO00007 ") for r in reports), "DEMO00007 placed", 5)
        from station.drivers.fixture import DutNoReply

        with pytest.raises(DutNoReply):
            fx.uart(2, "MAC", 0.2)
        fx.power(1, True)  # nothing queued: slot 1 keeps its unit
        assert sum(r.startswith("PLACED") for r in reports) == 1
        with pytest.raises(InputError):
            sim.queue_unit("DEMO 1")


def test_config_chooses_the_provisioner(tmp_path) -> None:
    base = '[station]\nname = "s"\n[test]\nscript = "x.py"\n'
    (tmp_path / "a.toml").write_text(base)
    assert load_config(tmp_path / "a.toml").blinkup.provisioner == "screen"
    (tmp_path / "b.toml").write_text(base + '[blinkup]\nprovisioner = "fixture-led"\nled_fps = 60\n')
    cfg = load_config(tmp_path / "b.toml")
    assert (cfg.blinkup.provisioner, cfg.blinkup.led_fps) == ("fixture-led", 60)
    (tmp_path / "c.toml").write_text(base + '[blinkup]\nprovisioner = "lamp"\n')
    with pytest.raises(InputError, match="blinkup.provisioner"):
        load_config(tmp_path / "c.toml")
    assert load_config("config/demo.toml").blinkup.provisioner == "screen"


def test_real_timing_at_60_hz(emulator: EmulatorServer, client: CloudClient) -> None:
    """time_scale 1 (the default): the LED really flashes for frames/60 s and the unit still enrolls."""
    with SimulatedFixture(slots=1, cloud_url=emulator.url) as sim, FixtureClient.open(sim.port) as fx:
        outcomes: list[object] = []
        sim.led_duts.on_outcome = outcomes.append
        fx.power(1, True)
        mac = fx.uart(1, "MAC")
        led = FixtureLedProvisioner(fx, mode="fast", fps=60)
        payload = _payload(client)
        frames = len(led.symbols(payload))
        assert fx.blinkup_led(1, "0", 60, wait=True) == pytest.approx(1 / 60, abs=0.002)  # real time
        led.flash(1, payload, AbortSignal())
        eventually(lambda: len(outcomes) == 2, "the DUT's verdicts", 20)
        assert [o.result for o in outcomes] == ["undecoded", "enrolled"]  # type: ignore[attr-defined]
        assert frames > 200 and client.device(mac).group_id == TEST_DUT
