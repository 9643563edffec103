"""End to end: the station flashes a DUT's provisioning payload on screen; a simulated DUT watches
the flasher through the light-sensor model, decodes it, reports in to the cloud emulator with the
factory enrollment token it received, and lands in the fixture group's DUT target."""

# ruff: noqa: F401, F811
from __future__ import annotations

import pytest
import requests

from station.blinkup import BlinkUpPayload, get_mode
from station.cloud.client import CloudClient
from station.cloud.emulator.server import EmulatorServer
from station.cloud.enrollment import build_payload
from station.sim.blinkup_dut import SimulatedBlinkUpDut
from station.ui.flasher import Flasher
from tests.cloud_fixtures import TEST_DUT, TEST_FIXTURE, calls, client, emulator
from tests.test_flasher import FakeVsync, run_countdown


def flash(qtbot, pixels: list[float]) -> tuple[list[float], list[float]]:
    """Show ``pixels`` on a real Qt flasher, one per (injected) display refresh; return what it presented."""
    clock = FakeVsync()
    flasher = Flasher([pixels], clock=clock, drive_by_display=False, countdown_s=3.0)
    flasher.resize(320, 200)
    qtbot.addWidget(flasher)
    run_countdown(flasher, clock)
    with qtbot.waitSignal(flasher.finished, timeout=5000) as finished:
        while flasher.state == "flashing":
            clock.tick(flasher)
    return finished.args[0].region(0)


@pytest.mark.parametrize("mode", ["blinkup-js", "fast"])
def test_flashed_dut_enrolls_into_the_dut_target(qtbot, mode: str, emulator: EmulatorServer,
                                                client: CloudClient) -> None:
    grant = client.enroll("dut", TEST_FIXTURE)
    provisioning = build_payload("dut", ssid="factory-line1", password="s3cret-Passw0rd!", grant=grant,
                                 fixture_group_id=TEST_FIXTURE)
    assert provisioning.plan_id is None, "a DUT gets the factory token, never a plan ID"
    payload = BlinkUpPayload(provisioning.ssid, provisioning.password, "", provisioning.enrollment_token or "")
    codec = get_mode(mode)

    times, values = flash(qtbot, codec.pixel_values(codec.encode(payload)))
    received = SimulatedBlinkUpDut(mode, seed=7).receive(times, values)
    assert received == payload

    mac = "0c:2a:69:12:34:56"
    reply = requests.post(
        emulator.url + "/enroll/device",
        json={"data": {"type": "device_enrollment",
                       "attributes": {"mac_address": mac, "enrollment_token": received.token}}},
        headers={"Content-Type": "application/vnd.api+json"},
        timeout=5,
    )
    assert reply.status_code == 201, reply.text
    device = client.device(mac)
    assert device.group_id == TEST_DUT


def test_blinkup_js_carries_a_missing_plan_id_as_eight_zero_bytes() -> None:
    from station.blinkup import js

    body = js.body_bytes(BlinkUpPayload("ab", "cd", "", "0123456789abcdef"))
    value5 = body[-16:]
    assert value5[:8] == bytes(8)
    assert value5[8:] == bytes.fromhex("0123456789abcdef")[::-1]
