"""A DUT script that provisions its unit itself through the ``blinkup`` plug (an engineering script)."""

from station.testkit import Script, matches, measurement

script = Script("reprovision", product="imp-sensor", version="0.1.0")


@script.step(timeout_s=60, measurements=[measurement("device_id", check=matches(r"[0-9a-f]{16}"))])
def provision(ctx, fixture, dut, blinkup):
    fixture.power(True, current_limit_ma=250)
    mac = dut.query("MAC")
    device_id = blinkup.provision(mac=mac, device_id=dut.query("DEVICEID"))
    ctx.measure("device_id", device_id)
    ctx.set_device_id(device_id)
    ctx.set_mac(mac)


@script.teardown
def power_off(ctx, fixture):
    fixture.power(False)
