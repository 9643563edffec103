"""Factory test of the imp-sensor board: power, boot, identity, self-test, radio, sensors, LED.

Limits live beside this file in ``limits.toml``; run it headless on the simulated factory:

    station run dut_tests/imp_sensor/imp_sensor.py --serial SN1 --sim
"""

from station.testkit import Script, matches, measurement, one_of

script = Script("imp_sensor", product="imp-sensor", version="1.0.0")


@script.step(
    timeout_s=5,
    measurements=[
        measurement("vbus", "V"),
        measurement("rail_3v3", "V"),
        measurement("rail_1v8", "V"),
        measurement("idle_current", "mA"),
    ],
)
def power_on(ctx, fixture):
    """Power the slot with a current limit and check every rail before talking to the DUT."""
    fixture.power(True, current_limit_ma=250)
    ctx.measure("vbus", fixture.voltage("VBUS"))
    ctx.measure("rail_3v3", fixture.voltage("3V3"))
    ctx.measure("rail_1v8", fixture.voltage("1V8"))
    ctx.measure("idle_current", fixture.current_ma())


FIRMWARE = matches(r"imp-sensor-fw \d+\.\d+\.\d+")


@script.step(timeout_s=5, retries=2, measurements=[measurement("firmware", check=FIRMWARE)])
def boot(ctx, dut):
    """The factory firmware answers on the console (retried: first boot can be slow)."""
    ctx.measure("firmware", dut.query("VERSION", timeout_s=2.0))


@script.step(
    timeout_s=5,
    measurements=[
        measurement("mac", check=matches(r"([0-9a-f]{2}:){5}[0-9a-f]{2}")),
        measurement("device_id", check=matches(r"[0-9a-f]{16}")),
    ],
)
def identity(ctx, dut):
    """Read the identity the cloud will know the unit by; it goes into the record and the label."""
    mac = dut.query("MAC").lower()
    device_id = dut.query("DEVICEID").lower()
    ctx.measure("mac", mac)
    ctx.measure("device_id", device_id)
    ctx.set_mac(mac)
    ctx.set_device_id(device_id)


@script.step(timeout_s=10, measurements=[measurement("self_test", check=one_of("PASS"))])
def self_test(ctx, dut):
    """The DUT's own built-in self-test (flash, sensors, crypto element)."""
    ctx.measure("self_test", dut.query("SELFTEST", timeout_s=5.0))


@script.step(timeout_s=5, measurements=[measurement("rssi", "dBm")])
def radio(ctx, dut):
    """Wi-Fi signal from the fixture's reference access point."""
    ctx.measure("rssi", int(dut.query("RSSI")))


@script.step(timeout_s=5, measurements=[measurement("temperature", "degC"), measurement("light", "counts")])
def sensors(ctx, dut):
    """Temperature and light sensors against the fixture's controlled environment."""
    ctx.measure("temperature", float(dut.query("TEMP")))
    ctx.measure("light", int(dut.query("LIGHT")))


@script.step(
    timeout_s=5,
    measurements=[
        measurement("led", check=one_of("GREEN")),
        measurement("led_seen", check=one_of("GREEN")),
        measurement("active_current", "mA"),
    ],
)
def status_led(ctx, fixture, dut, camera):
    """Drive the status LED green, look at it with the camera (the frame goes into the record) and
    measure the current it draws."""
    ctx.measure("led", dut.query("LED GREEN"))
    frame = camera.capture()
    ctx.attach("status_led.png", camera.png(frame), "image/png")
    ctx.measure("led_seen", camera.led_colour(frame))
    ctx.measure("active_current", fixture.current_ma())


@script.teardown
def power_off(ctx, fixture):
    """Always leave the slot unpowered, whatever happened."""
    fixture.power(False)
