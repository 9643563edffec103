"""Zone and target sync against the emulator: change events, acknowledgement, staleness, caches."""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import time

import pytest

from station.cloud import models as m
from station.cloud.client import CloudClient
from station.cloud.sync import CACHE_KEY, JsonFileStateCache, MemoryStateCache, TargetSync
from station.errors import InputError, StationError
from tests.cloud_fixtures import (
    PROD_FIXTURE,
    PRODUCT,
    TEST_DUT,
    TEST_FIXTURE,
    TEST_PRODUCTION,
    calls,
    client,
    emulator,
)


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_unknown_until_first_sync_then_blessing_allowed(client):
    events = []
    sync = TargetSync(client, fixture_group_id=TEST_FIXTURE, on_change=events.append)
    ok, why = sync.can_bless()
    assert not ok and "unknown" in why
    state = sync.refresh()
    assert (
        state.zone == "test"
        and state.dut_target_id == TEST_DUT
        and state.production_target_id == TEST_PRODUCTION
    )
    assert state.fixture_group_name == "Test Fixture" and state.production_target_name == "Test Production"
    assert state.dut_deployment_sha and state.production_deployment_sha and state.fixture_deployment_sha
    assert sync.can_bless() == (True, "")
    assert events == []


def test_retarget_emits_event_and_blocks_until_acknowledged(client):
    events = []
    sync = TargetSync(client, fixture_group_id=TEST_FIXTURE, on_change=events.append)
    sync.refresh()
    other = client.create_device_group(m.PRE_PRODUCTION, "Test Production B", PRODUCT)
    client.update_device_group(
        client.device_group(TEST_FIXTURE), production_target=m.Ref(other.type, other.id)
    )
    sync.refresh()
    assert len(events) == 1 and events[0].kind == "retargeted" and events[0].requires_ack
    assert events[0].current.production_target_id == other.id
    ok, why = sync.can_bless()
    assert not ok and "not acknowledged" in why and other.id in why
    sync.refresh()  # still pending: syncing again does not clear it
    assert not sync.can_bless()[0]
    sync.acknowledge()
    assert sync.can_bless() == (True, "")


def test_deployment_change_is_reported_without_blocking(client):
    events = []
    sync = TargetSync(client, fixture_group_id=TEST_FIXTURE, on_change=events.append)
    sync.refresh()
    client.create_deployment(client.device_group(TEST_DUT), "// DUT firmware v2", "// agent")
    sync.refresh()
    assert events[0].kind == "deployment_changed" and not events[0].requires_ack
    assert sync.can_bless() == (True, "")


def test_fixture_moving_to_production_zone_is_going_live(emulator, client):
    fixtures = client.devices(group_id=TEST_FIXTURE)
    events = []
    sync = TargetSync(client, fixture_device_id=fixtures[0].id, on_change=events.append)
    assert sync.refresh().zone == "test"
    client.assign_devices(PROD_FIXTURE, [fixtures[0].id])
    state = sync.refresh()
    assert state.zone == "production" and events[0].kind == "gone_live"
    assert "zone: 'test' → 'production'" in events[0].describe()
    assert not sync.can_bless()[0]


def test_stale_targets_block_blessing(client):
    clock = Clock()
    sync = TargetSync(client, fixture_group_id=TEST_FIXTURE, max_age_s=60, clock=clock)
    sync.refresh()
    clock.now += 61
    ok, why = sync.can_bless()
    assert not ok and "stale" in why


def test_cloud_fault_keeps_old_state_and_reports(emulator, client):
    clock = Clock()
    sync = TargetSync(client, fixture_group_id=TEST_FIXTURE, max_age_s=60, clock=clock)
    sync.refresh()
    dead = CloudClient("http://127.0.0.1:9/v5", "k", timeout=0.3, max_attempts=1)
    sync.client = dead
    with pytest.raises(StationError):
        sync.refresh()
    assert sync.state is not None and sync.can_bless()[0]
    clock.now += 61
    ok, why = sync.can_bless()
    assert not ok and "last error" in why


def test_not_a_fixture_group_is_refused(client):
    sync = TargetSync(client, fixture_group_id=TEST_DUT)
    with pytest.raises(StationError, match="not a fixture group"):
        sync.refresh()
    assert not sync.can_bless()[0]


def test_state_and_pending_change_survive_restart_in_json_file(client, tmp_path):
    cache = JsonFileStateCache(tmp_path / "cloud.json")
    sync = TargetSync(client, fixture_group_id=TEST_FIXTURE, cache=cache)
    sync.refresh()
    other = client.create_device_group(m.PRE_DUT, "Test DUT B", PRODUCT)
    client.update_device_group(client.device_group(TEST_FIXTURE), dut_target=m.Ref(other.type, other.id))
    sync.refresh()
    again = TargetSync(
        client, fixture_group_id=TEST_FIXTURE, cache=JsonFileStateCache(tmp_path / "cloud.json")
    )
    assert again.state == sync.state
    assert not again.can_bless()[0] and again.pending is not None
    again.acknowledge()
    assert TargetSync(client, fixture_group_id=TEST_FIXTURE, cache=cache).can_bless()[0]


def test_corrupt_cache_file_is_a_clear_error_and_sync_recovers(client, tmp_path):
    path = tmp_path / "cloud.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="cloud.json"):
        JsonFileStateCache(path).get(CACHE_KEY)
    sync = TargetSync(client, fixture_group_id=TEST_FIXTURE, cache=MemoryStateCache())
    sync.refresh()
    assert sync.can_bless()[0]
    broken = TargetSync(client, fixture_group_id=TEST_FIXTURE, cache=JsonFileStateCache(path))
    assert not broken.can_bless()[0] and "unusable" in broken.can_bless()[1]


def test_periodic_sync_thread(client):
    sync = TargetSync(client, fixture_group_id=TEST_FIXTURE)
    sync.start(interval_s=0.05)
    deadline = time.monotonic() + 10
    while sync.state is None and time.monotonic() < deadline:
        time.sleep(0.01)
    sync.stop()
    assert sync.state is not None and sync.can_bless()[0]
