"""The Particle backend against the Particle emulator over real HTTP on 127.0.0.1.

PASS makes the unit a product once (imported, named, grouped, locked to the released firmware and
running it); FAIL is noted only on product devices; a cloud that is down or loses 30 % of its answers
after committing still ends with exactly one import and one OTA; bad input is refused clearly with
nothing half-done.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from station.cloud.backend import DeviceCloud, ProductIntent, ProductRefused, Unit
from station.cloud.client import CloudCall
from station.cloud.errors import CloudAuthError, CloudError
from station.cloud.particle.backend import ParticleBackend, ParticleSettings
from station.cloud.particle.client import ParticleClient
from station.cloud.particle.emulator import (
    DEMO_PRODUCTION_PRODUCT,
    DEMO_TEST_PRODUCT,
    OTHER_ACCOUNT,
    ParticleEmulator,
)
from tests.backend_helpers import settle


@pytest.fixture
def emu() -> Iterator[ParticleEmulator]:
    with ParticleEmulator() as server:
        yield server


@pytest.fixture
def calls() -> list[CloudCall]:
    return []


def backend_for(emu: ParticleEmulator, calls: list[CloudCall], product: int = DEMO_TEST_PRODUCT,
                identify_by: str = "serial", **settings: Any) -> ParticleBackend:
    client = ParticleClient(emu.url, emu.token(product), product, timeout=2.0, on_call=calls.append,
                            backoff_s=0.01, backoff_max_s=0.05, max_rate_wait_s=0.05, max_attempts=6)
    backend = ParticleBackend(client, ParticleSettings(str(product), hardware_group="hw-rev-b", platform_id=13,
                                                       verify_poll_s=0.01, identify_by=identify_by, **settings))
    backend.refresh()
    return backend


@pytest.fixture
def backend(emu: ParticleEmulator, calls: list[CloudCall]) -> Iterator[ParticleBackend]:
    b = backend_for(emu, calls)
    yield b
    b.close()


def manufacture(emu: ParticleEmulator, count: int = 1, **kw: Any) -> list[dict[str, Any]]:
    resp = requests.post(emu.url + "/_admin/devices", json={"count": count, **kw}, timeout=5)
    resp.raise_for_status()
    return resp.json()["devices"]


def world(emu: ParticleEmulator, device_id: str) -> dict[str, Any]:
    return requests.get(f"{emu.url}/_admin/devices/{device_id}", timeout=5).json()


def test_backend_satisfies_the_interface(backend: ParticleBackend) -> None:
    assert isinstance(backend, DeviceCloud)
    view = backend.zone()
    assert view is not None and view.zone == "test" and "31001" in view.product
    assert "v7" in view.destination and backend.readiness().ok


def test_pass_makes_the_unit_a_product_once(emu: ParticleEmulator, backend: ParticleBackend) -> None:
    device = manufacture(emu)[0]
    intent = backend.new_intent(Unit(device["serial_number"]))
    assert intent.device_id == device["id"] and intent.firmware_version == 7
    assert intent.groups[0].endswith("_0040") and len(intent.groups[0]) == 13 and intent.groups[1] == "hw-rev-b"
    result = backend.make_product(intent, {"run_id": "r1"})
    state = world(emu, device["id"])
    assert (state["product_id"], state["name"], state["firmware_version"]) == (31001, device["serial_number"], 7)
    assert state["desired_firmware_version"] == 7 and sorted(state["groups"]) == sorted(intent.groups)
    assert state["imports"] == 1 and state["flashes"] == 1 and state["development"] is False
    assert result.label.serial == device["serial_number"] and result.label.device_id == device["id"]
    assert backend.confirm(intent) == result
    # the same intent again (a replay after a crash) changes nothing
    assert backend.make_product(intent, {}) == result
    again = world(emu, device["id"])
    assert again["imports"] == 1 and again["flashes"] == 1


def test_serial_lookups_are_cached_and_the_product_list_preferred(emu: ParticleEmulator,
                                                                  backend: ParticleBackend) -> None:
    device = manufacture(emu)[0]
    unit = Unit(device["serial_number"])
    backend.make_product(backend.new_intent(unit), {})
    backend.client._serials.clear()  # a fresh station: the unit is in the product now
    assert backend.enrolled_device(unit) == device["id"]
    assert backend.enrolled_device(unit) == device["id"]
    stats = requests.get(emu.url + "/_admin/stats", timeout=5).json()
    assert stats["serial_lookups"] == 1  # only the first lookup, before the import


def test_a_restarted_station_remembers_the_serials_it_looked_up(emu: ParticleEmulator, tmp_path) -> None:
    """Particle allows 50 serial lookups an hour: a station that restarts (a crash, a shift change) must
    not spend them again on units it already looked up but did not import (an interrupted test)."""
    from station.flow.compose import StoreStateCache
    from station.store import Store

    devices = manufacture(emu, 3)
    url = f"sqlite:///{tmp_path / 'station.db'}"

    def lookups() -> int:
        return requests.get(emu.url + "/_admin/stats", timeout=5).json().get("serial_lookups", 0)

    for start in range(2):  # the same station database, two station processes' lifetimes
        store = Store.open(url)
        try:
            client = ParticleClient(emu.url, emu.token(), DEMO_TEST_PRODUCT, timeout=2.0,
                                    serial_cache=StoreStateCache(store))
            assert [client.device_id_for_serial(d["serial_number"]) for d in devices] == [d["id"] for d in devices]
            assert lookups() == 3, f"start {start}: the second start looked up again"
            client.close()
        finally:
            store.close()
    store = Store.open(url)
    try:  # a corrupt entry is not trusted: looked up again
        store.put_state("particle.device_id_of_serial:" + devices[0]["serial_number"], {"device_id": "nonsense"})
        client = ParticleClient(emu.url, emu.token(), DEMO_TEST_PRODUCT, timeout=2.0,
                                serial_cache=StoreStateCache(store))
        assert client.device_id_for_serial(devices[0]["serial_number"]) == devices[0]["id"] and lookups() == 4
        client.close()
    finally:
        store.close()


def test_device_id_reported_by_the_unit_needs_no_lookup(emu: ParticleEmulator, calls: list[CloudCall]) -> None:
    device = manufacture(emu)[0]
    backend = backend_for(emu, calls, identify_by="device_id")
    with pytest.raises(ProductRefused, match="24-hex"):
        backend.new_intent(Unit("SN1", device_id="0c2a690000000001"))  # an imp ID is not a Particle ID
    with pytest.raises(ProductRefused, match="reported no device ID"):
        backend.new_intent(Unit("SN1"))
    backend.make_product(backend.new_intent(Unit(device["serial_number"], device_id=device["id"].upper())), {})
    assert "serial_lookups" not in requests.get(emu.url + "/_admin/stats", timeout=5).json()


def test_fail_is_noted_only_on_product_devices(emu: ParticleEmulator, backend: ParticleBackend) -> None:
    fresh, member = manufacture(emu, 2)
    report = backend.report_failure(Unit(fresh["serial_number"], fresh["id"]), {"run_id": "r9"})
    assert not report.sent and world(emu, fresh["id"])["product_id"] is None
    backend.make_product(backend.new_intent(Unit(member["serial_number"])), {})
    report = backend.report_failure(Unit(member["serial_number"], member["id"]), {"run_id": "r10"})
    assert report.sent and "r10" in world(emu, member["id"])["notes"]


def test_cloud_down_is_held_then_done_once(emu: ParticleEmulator, backend: ParticleBackend) -> None:
    device = manufacture(emu)[0]
    intent = backend.new_intent(Unit(device["serial_number"], device["id"]))
    emu.set_faults(error_rate=1.0)
    with pytest.raises(CloudError):
        backend.make_product(intent, {})
    assert world(emu, device["id"])["product_id"] is None
    emu.set_faults(error_rate=0.0)
    result, _ = settle(backend, intent)
    state = world(emu, device["id"])
    assert result.device_id == device["id"] and state["imports"] == 1 and state["flashes"] == 1


def test_offline_device_is_pending_until_it_takes_the_firmware(emu: ParticleEmulator,
                                                               backend: ParticleBackend) -> None:
    device = manufacture(emu)[0]
    requests.post(f"{emu.url}/_admin/devices/{device['id']}/online", json={"online": False}, timeout=5)
    intent = backend.new_intent(Unit(device["serial_number"], device["id"]))
    with pytest.raises(CloudError, match="waiting for it to take the firmware"):
        backend.make_product(intent, {})
    assert backend.confirm(intent) is None
    requests.post(f"{emu.url}/_admin/devices/{device['id']}/handshake", timeout=5)  # it comes online
    assert backend.make_product(intent, {}).evidence[0] == ("firmware_version", "7")
    assert world(emu, device["id"])["flashes"] == 1


def test_thirty_percent_of_answers_dropped_after_commit_still_exactly_once(
        emu: ParticleEmulator, calls: list[CloudCall]) -> None:
    devices = manufacture(emu, 8)
    backend = backend_for(emu, calls)
    intents = [backend.new_intent(Unit(d["serial_number"], d["id"])) for d in devices]
    emu.set_faults(drop_rate=0.3, seed=1313)
    for intent in intents:
        settle(backend, intent)
    emu.set_faults(drop_rate=0.0)
    dropped = requests.get(emu.url + "/_admin/faults", timeout=5).json()["counters"]["dropped"]
    assert dropped > 0
    for d in devices:
        state = world(emu, d["id"])
        assert (state["imports"], state["flashes"], state["firmware_version"]) == (1, 1, 7), state
    assert any(c.status is None for c in calls)  # the drops were really seen by the client


def test_bad_input_is_refused_clearly_and_nothing_is_half_done(emu: ParticleEmulator,
                                                               backend: ParticleBackend) -> None:
    photon = manufacture(emu, platform_id=6)[0]  # wrong platform for a Boron product
    with pytest.raises(ProductRefused, match="wrong platform") as refused:
        backend.make_product(backend.new_intent(Unit(photon["serial_number"], photon["id"])), {})
    assert refused.value.code == "invalid-device" and world(emu, photon["id"])["product_id"] is None

    with pytest.raises(ProductRefused, match="knows no device with serial") as refused:
        backend.new_intent(Unit("P000NOSUCH"))
    assert refused.value.code == "unknown-serial"

    owned = manufacture(emu, owner=OTHER_ACCOUNT)[0]
    with pytest.raises(ProductRefused, match="owned by another") as refused:
        backend.make_product(backend.new_intent(Unit(owned["serial_number"], owned["id"])), {})
    assert refused.value.code == "owned-by-another"
    state = world(emu, owned["id"])
    assert state["product_id"] is None and state["name"] is None and state["groups"] == []

    in_production = manufacture(emu)[0]
    other = backend_for(emu, [], DEMO_PRODUCTION_PRODUCT)
    other.make_product(other.new_intent(Unit(in_production["serial_number"], in_production["id"])), {})
    with pytest.raises(ProductRefused, match="owned by another account or product"):
        backend.make_product(backend.new_intent(Unit(in_production["serial_number"], in_production["id"])), {})
    assert world(emu, in_production["id"])["product_id"] == DEMO_PRODUCTION_PRODUCT


def test_rework_release_unclaims_before_removing_and_reassign_moves_products(
        emu: ParticleEmulator, backend: ParticleBackend) -> None:
    device = manufacture(emu)[0]
    unit = Unit(device["serial_number"], device["id"])
    backend.make_product(backend.new_intent(unit), {})
    requests.post(f"{emu.url}/_admin/devices/{device['id']}/claim", json={"customer": "c@x.example"}, timeout=5)
    backend.release(unit)
    state = world(emu, device["id"])
    assert state["product_id"] is None and state["owner"] is None and state["desired_firmware_version"] is None

    backend.make_product(backend.new_intent(unit), {})
    with pytest.raises(ProductRefused, match=r"org API user\); nothing changed"):
        backend.reassign(unit, str(DEMO_PRODUCTION_PRODUCT))  # a product-scoped token cannot reach it
    assert world(emu, device["id"])["product_id"] == DEMO_TEST_PRODUCT
    org = ParticleBackend(ParticleClient(emu.url, emu.seed["owner_token"], DEMO_TEST_PRODUCT),
                          ParticleSettings(str(DEMO_TEST_PRODUCT)))
    org.reassign(unit, str(DEMO_PRODUCTION_PRODUCT))
    assert world(emu, device["id"])["product_id"] == DEMO_PRODUCTION_PRODUCT


def test_gate_refuses_while_unsynced_wrong_platform_or_changed(emu: ParticleEmulator, calls: list[CloudCall]) -> None:
    client = ParticleClient(emu.url, emu.token(), DEMO_TEST_PRODUCT)
    fresh = ParticleBackend(client, ParticleSettings(str(DEMO_TEST_PRODUCT)))
    assert not fresh.readiness().ok and "not synced" in fresh.readiness().reason
    argon = ParticleBackend(ParticleClient(emu.url, emu.token(), DEMO_TEST_PRODUCT),
                            ParticleSettings(str(DEMO_TEST_PRODUCT), platform_id=12))
    argon.refresh()
    assert not argon.readiness().ok and "platform 13 (boron)" in argon.readiness().reason
    unreleased = ParticleBackend(ParticleClient(emu.url, emu.token(), DEMO_TEST_PRODUCT),
                                 ParticleSettings(str(DEMO_TEST_PRODUCT), firmware_version=1))
    unreleased.refresh()
    assert "not released" in unreleased.readiness().reason
    # the owner releases v1 as the product default: what the station locks units to changed, so it
    # must be acknowledged; Particle first wants v1 running on a product device
    hdr = {"Authorization": f"Bearer {emu.seed['owner_token']}"}
    backend = backend_for(emu, calls)
    release = {"version": 1, "product_default": True}
    url = f"{emu.url}/v1/products/{DEMO_TEST_PRODUCT}/firmware/release"
    r = requests.put(url, json=release, headers=hdr, timeout=5)
    assert r.status_code == 400 and "running on at least one device" in r.json()["error"]
    golden = manufacture(emu, firmware_version=1)[0]
    requests.post(f"{emu.url}/v1/products/{DEMO_TEST_PRODUCT}/devices", data={"id": golden["id"]}, headers=hdr,
                  timeout=5).raise_for_status()
    r = requests.put(url, json=release, headers=hdr, timeout=5)
    assert r.status_code == 200, r.text
    backend.refresh()
    assert not backend.readiness().ok and "not acknowledged" in backend.readiness().reason
    backend.acknowledge()
    assert backend.readiness().ok and backend.zone() is not None and "v1" in backend.zone().destination


def test_bad_token_is_never_retried(emu: ParticleEmulator, calls: list[CloudCall]) -> None:
    client = ParticleClient(emu.url, "not-a-token", DEMO_TEST_PRODUCT, on_call=calls.append)
    with pytest.raises(CloudAuthError, match="invalid"):
        client.product_info()
    assert len(calls) == 1 and calls[0].status == 401


def test_intent_survives_the_record(backend: ParticleBackend, emu: ParticleEmulator) -> None:
    device = manufacture(emu)[0]
    intent = backend.new_intent(Unit(device["serial_number"]))
    assert ProductIntent.from_dict(intent.to_dict()) == intent
