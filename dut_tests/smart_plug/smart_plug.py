"""Factory test of the smart plug: power, identity, its relay switching a real load, a dimmer sweep
measured by the fixture and by the plug's own meter, and the operator's eye on the LED.

Limits live beside this file in ``limits.toml``; the simulated plug in ``sim_dut.toml``:

    station run dut_tests/smart_plug/smart_plug.py --serial SP1 --sim
"""

from station.testkit import Script, matches, measurement, one_of, passed, series, validator

script = Script("smart_plug", product="smart-plug", version="1.0.0")
DIM_LEVELS = (0, 25, 50, 75, 100)


@script.step(timeout_s=5, measurements=[measurement("vbus", "V"), measurement("rail_3v3", "V"),
                                        measurement("idle_current", "mA")])
def power_on(ctx, fixture):
    """Power the slot with a current limit and check the rails before talking to the plug."""
    fixture.power(True, current_limit_ma=800)
    ctx.measure("vbus", fixture.voltage("VBUS"))
    ctx.measure("rail_3v3", fixture.voltage("3V3"))
    ctx.measure("idle_current", fixture.current_ma())


@script.step(timeout_s=5, retries=2, measurements=[
    measurement("firmware", check=matches(r"smart-plug-fw \d+\.\d+\.\d+")),
    measurement("mac", check=matches(r"([0-9a-f]{2}:){5}[0-9a-f]{2}")),
    measurement("device_id", check=matches(r"[0-9a-f]{16}")),
])
def identity(ctx, dut):
    """Firmware and identity; the MAC and device ID go into the record and the label."""
    ctx.measure("firmware", dut.query("VERSION", timeout_s=2.0))
    mac, device_id = dut.query("MAC").lower(), dut.query("DEVICEID").lower()
    ctx.measure("mac", mac)
    ctx.measure("device_id", device_id)
    ctx.set_mac(mac)
    ctx.set_device_id(device_id)


# The load bank of slot N hangs on the fixture relay numbered N; it is connected for the group's
# steps only, and disconnected whatever happens (the group's teardown).
load = script.group("load", run_if=passed("identity"))


@load.setup
def connect_load(ctx, fixture):
    fixture.relay(ctx.slot, True)


def within_10_percent(pair):
    """meter within 10 % of the fixture's reading"""
    meter, fixture_ma = pair
    return abs(meter - fixture_ma) <= 0.1 * max(fixture_ma, 1.0)


@load.step(timeout_s=5, measurements=[measurement("output", check=one_of("ON")),
                                      measurement("load_current", "mA")])
def relay_on(ctx, fixture, dut):
    """The plug's relay closes: the fixture sees the full load (400 mA on top of the plug's own draw)."""
    dut.query("DIM 100")
    ctx.measure("output", dut.query("OUTPUT ON"))
    ctx.measure("load_current", fixture.current_ma())


@load.step(timeout_s=10, measurements=[
    series("dim_sweep", "mA", x="dim", x_unit="%"),
    measurement("meter_vs_fixture", check=validator(within_10_percent)),
])
def dimmer_sweep(ctx, fixture, dut):
    """Sweep the dimmer: the current must follow the envelope in limits.toml, and the plug's own
    meter must agree with the fixture at full load."""
    sweep = ctx.series("dim_sweep")
    for level in DIM_LEVELS:
        dut.query(f"DIM {level}")
        sweep.add(level, fixture.current_ma())
    ctx.measure("dim_sweep", sweep)
    own_draw = sweep.ys[0]  # at 0 % the load draws nothing: what is left is the plug itself
    ctx.measure("meter_vs_fixture", (float(dut.query("METER")), sweep.ys[-1] - own_draw))


@load.teardown
def disconnect_load(ctx, fixture, dut):
    dut.query("OUTPUT OFF")
    fixture.relay(ctx.slot, False)


@script.step(timeout_s=60, measurements=[measurement("led_judged", check=one_of(True))])
def status_led(ctx, dut):
    """The operator judges the LED colour by eye (the plug has no camera window)."""
    dut.query("LED BLUE")
    ctx.measure("led_judged", ctx.prompt.pass_fail("Is the plug's LED blue?", key="led_is_blue"))


@script.teardown
def power_off(ctx, fixture):
    """Always leave the slot unpowered and the load disconnected."""
    fixture.relay(ctx.slot, False)
    fixture.power(False)
