"""impCentral behind the backend interface: the same cloud calls as before, through DeviceCloud.

Against the impCentral emulator on 127.0.0.1: the zone view comes from target sync, provisioning
gets a factory token, the unit is seen in the DUT target, PASS blesses once (also with 30 % of the
answers lost), confirm reads the production group back, FAIL is recorded, refusals are typed.
"""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import pytest

from station.cloud.backend import DeviceCloud, ProductRefused, Unit
from station.cloud.client import CloudClient
from station.cloud.impcentral import ImpCentralBackend
from station.cloud.sync import TargetSync
from tests.backend_helpers import settle
from tests.cloud_fixtures import TEST_FIXTURE, TEST_PRODUCTION, calls, client, emulator, make_duts


@pytest.fixture
def backend(emulator, client) -> ImpCentralBackend:
    sync = TargetSync(client, fixture_group_id=TEST_FIXTURE)
    b = ImpCentralBackend(client, sync, TEST_FIXTURE, ssid="line-wifi", wifi_password="secret")
    b.refresh()
    return b


def test_zone_and_gate_come_from_target_sync(backend) -> None:
    assert isinstance(backend, DeviceCloud)
    view = backend.zone()
    assert view is not None and view.zone == "test" and view.backend.value == "impcentral"
    assert ("production_target", TEST_PRODUCTION) in view.facts and backend.readiness().ok
    grant = backend.provisioning_grant(Unit("SN1"))
    assert grant.optical and grant.enrollment_token and grant.plan_id is None
    assert grant.fixture_group_id == TEST_FIXTURE


def test_pass_blesses_once_and_confirm_reads_it_back(emulator, client, backend) -> None:
    device_id = make_duts(emulator, client, TEST_FIXTURE)[0]
    device = client.device(device_id)
    unit = Unit("SN-100", device_id=device_id, mac=device.mac_address)
    assert backend.enrolled_device(unit) == device_id
    intent = backend.new_intent(unit)
    assert backend.confirm(intent) is None
    result = backend.make_product(intent, {"run_id": "r1"})
    assert result.target == TEST_PRODUCTION and result.zone == "test" and result.label.device_id == device_id
    assert backend.make_product(intent, {"run_id": "r1"}).device_id == device_id  # replay: the same answer
    assert backend.confirm(intent) is not None
    assert emulator.service.stats()["blessings"] == 1


def test_dropped_answers_still_bless_exactly_once(emulator, client, backend) -> None:
    devices = make_duts(emulator, client, TEST_FIXTURE, count=10)
    intents = [backend.new_intent(Unit(f"SN-{i}", device_id=d)) for i, d in enumerate(devices)]
    emulator.set_faults(drop_rate=0.3, match="/bless", seed=7)
    for intent in intents:
        settle(backend, intent)
    emulator.set_faults(drop_rate=0.0)
    stats = emulator.service.stats()
    assert stats["blessings"] == 10 and stats["blessed_devices"] == 10


def test_fail_is_recorded_and_refusals_are_typed(emulator, client, backend) -> None:
    device_id = make_duts(emulator, client, TEST_FIXTURE)[0]
    assert backend.report_failure(Unit("SN-F", device_id=device_id), {"run_id": "r2"}).sent
    intent = backend.new_intent(Unit("SN-P", device_id=device_id))
    backend.make_product(intent, {})
    again = backend.new_intent(Unit("SN-P", device_id=device_id))  # a second run of a blessed unit
    with pytest.raises(ProductRefused) as refused:
        backend.make_product(again, {})
    assert refused.value.code == "ALREADY_BLESSED"
    with pytest.raises(ProductRefused, match="no device ID"):
        backend.new_intent(Unit("SN-none"))
