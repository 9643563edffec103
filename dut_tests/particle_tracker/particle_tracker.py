"""Factory test of the asset tracker: a Particle Boron on a carrier board with a GNSS receiver.

Power, identity (the 24-hex Particle device ID the cloud knows the unit by, and the Device OS and
product firmware it left Particle's factory with), the SIM, the cellular antenna and the GNSS
receiver under the fixture's repeater. A PASS unit is then imported into the Particle product and
locked to its released firmware by the station. Limits in ``limits.toml``; the simulated tracker in
``sim_dut.toml``:

    station run dut_tests/particle_tracker/particle_tracker.py --serial DEMO00001 --sim
"""

from station.testkit import Script, matches, measurement, passed

script = Script("particle_tracker", product="particle-tracker", version="1.0.0")


@script.step(timeout_s=5, measurements=[measurement("vbus", "V"), measurement("rail_3v3", "V"),
                                        measurement("idle_current", "mA")])
def power_on(ctx, fixture):
    """Power the slot with a current limit that allows the modem's inrush, then check the rails."""
    fixture.power(True, current_limit_ma=500)
    ctx.measure("vbus", fixture.voltage("VBUS"))
    ctx.measure("rail_3v3", fixture.voltage("3V3"))
    ctx.measure("idle_current", fixture.current_ma())


@script.step(timeout_s=5, retries=2, measurements=[
    measurement("firmware", check=matches(r"deviceos \d+\.\d+\.\d+ product-fw \d+")),
    measurement("mac", check=matches(r"([0-9a-f]{2}:){5}[0-9a-f]{2}")),
    measurement("device_id", check=matches(r"[0-9a-f]{24}")),
])
def identity(ctx, dut):
    """The Particle device ID goes into the record: the station finds the unit in the cloud by it."""
    ctx.measure("firmware", dut.query("VERSION", timeout_s=2.0))
    mac, device_id = dut.query("MAC").lower(), dut.query("DEVICEID").lower()
    ctx.measure("mac", mac)
    ctx.measure("device_id", device_id)
    ctx.set_mac(mac)
    ctx.set_device_id(device_id)


# The radio checks need the modem on; it is switched off whatever happens (the group's teardown).
radio = script.group("radio", run_if=passed("identity"))


@radio.setup
def modem_on(ctx, dut):
    dut.query("MODEM ON")


@radio.step(timeout_s=5, measurements=[measurement("rail_1v8", "V"), measurement("modem_current", "mA"),
                                       measurement("iccid", check=matches(r"89\d{17}"))])
def cellular(ctx, fixture, dut):
    """The modem's rail and draw, and the SIM's ICCID (an unseated SIM answers an error)."""
    ctx.measure("rail_1v8", fixture.voltage("1V8"))
    ctx.measure("modem_current", fixture.current_ma())
    ctx.measure("iccid", dut.query("ICCID"))


@radio.step(timeout_s=5, measurements=[measurement("signal_quality"), measurement("satellites")])
def antennas(ctx, dut):
    """Signal quality through the cellular antenna, satellites through the GNSS one."""
    ctx.measure("signal_quality", int(dut.query("CSQ")))
    ctx.measure("satellites", int(dut.query("GNSS")))


@radio.teardown
def modem_off(ctx, dut):
    dut.query("MODEM OFF")


@script.teardown
def power_off(ctx, fixture):
    """Always leave the slot unpowered."""
    fixture.power(False)
