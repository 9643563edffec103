"""The Particle emulator's rules, over real HTTP: what Particle documents, answered as Particle answers.

Platform per product, firmware versions 1–65535 matching the binary, the OTA precedence, scopes,
the 50/h serial lookup, group names, the partitioned import, release only after a device runs it,
and the client's 429 back-off.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from station.cloud.client import CloudCall
from station.cloud.errors import CloudRateLimited
from station.cloud.particle import rules
from station.cloud.particle.client import ParticleClient
from station.cloud.particle.emulator import DEMO_PLATFORM, DEMO_TEST_PRODUCT, ParticleEmulator
from station.cloud.particle.service import SERIAL_LOOKUPS_PER_HOUR

P = f"/v1/products/{DEMO_TEST_PRODUCT}"


@pytest.fixture(scope="module")
def emu() -> Iterator[ParticleEmulator]:
    with ParticleEmulator() as server:
        yield server


def owner(emu: ParticleEmulator) -> dict[str, str]:
    return {"Authorization": f"Bearer {emu.seed['owner_token']}"}


def call(emu: ParticleEmulator, method: str, path: str, **kw: Any) -> requests.Response:
    kw.setdefault("headers", owner(emu))
    return requests.request(method, emu.url + path, timeout=5, **kw)


def manufacture(emu: ParticleEmulator, count: int = 1, **kw: Any) -> list[dict[str, Any]]:
    return requests.post(emu.url + "/_admin/devices", json={"count": count, **kw}, timeout=5).json()["devices"]


def upload(emu: ParticleEmulator, version: object, binary: bytes, title: str = "fw") -> requests.Response:
    return call(emu, "POST", P + "/firmware", data={"version": str(version), "title": title},
                files={"binary": ("firmware.bin", binary)})


def test_firmware_versions_are_16_bit_and_must_match_the_binary(emu: ParticleEmulator) -> None:
    for bad in (0, 65536, "seven"):
        r = upload(emu, bad, rules.firmware_binary(DEMO_PLATFORM, 9))
        assert r.status_code == 400 and r.json()["ok"] is False
    r = upload(emu, 9, rules.firmware_binary(DEMO_PLATFORM, 8))
    assert r.status_code == 400 and "does not match the binary's PRODUCT_VERSION(8)" in r.json()["error"]
    r = upload(emu, 9, rules.firmware_binary(12, 9))  # an Argon binary into a Boron product
    assert r.status_code == 400 and "platform 12" in r.json()["error"]
    r = upload(emu, 9, b"not a product binary")
    assert r.status_code == 400 and "PRODUCT_VERSION" in r.json()["error"]
    r = upload(emu, 65535, rules.firmware_binary(DEMO_PLATFORM, 65535), "max")
    assert r.status_code == 201 and r.json()["version"] == 65535
    assert upload(emu, 65535, rules.firmware_binary(DEMO_PLATFORM, 65535)).status_code == 400  # no reuse


def test_one_platform_per_product_on_import(emu: ParticleEmulator) -> None:
    argon, boron = manufacture(emu, platform_id=12)[0], manufacture(emu)[0]
    r = call(emu, "POST", P + "/devices", json={"ids": [argon["id"], boron["serial_number"], "nonsense"]})
    body = r.json()
    assert body["invalidDeviceIds"] == [argon["id"], "nonsense"]
    assert body["updatedDeviceIds"] == [boron["id"]] and body["updated"] == 1
    again = call(emu, "POST", P + "/devices", files={"file": ("ids.txt", f"{boron['id']}\n".encode())}).json()
    assert again["existingDeviceIds"] == [boron["id"]] and again["updated"] == 0


def test_ota_precedence_development_locked_group_default(emu: ParticleEmulator) -> None:
    assert upload(emu, 20, rules.firmware_binary(DEMO_PLATFORM, 20)).status_code == 201
    d = manufacture(emu, firmware_version=20)[0]
    call(emu, "POST", P + "/devices", data={"id": d["id"]}).raise_for_status()  # runs v20: it may be released
    call(emu, "POST", P + "/groups", json={"name": "beta"}).raise_for_status()
    assert call(emu, "PUT", P + "/firmware/release", json={"version": 20, "groups": ["beta"]}).status_code == 200
    dev = P + f"/devices/{d['id']}"
    assert call(emu, "GET", dev).json()["targeted_firmware_release_version"] == 7  # the product default
    call(emu, "PUT", dev, json={"groups": ["beta"]}).raise_for_status()
    assert call(emu, "GET", dev).json()["targeted_firmware_release_version"] == 20  # group release
    call(emu, "PUT", dev, json={"desired_firmware_version": 1}).raise_for_status()
    assert call(emu, "GET", dev).json()["targeted_firmware_release_version"] == 1  # locked beats group, downwards
    call(emu, "PUT", dev, json={"development": True}).raise_for_status()
    record = call(emu, "GET", dev).json()
    assert record["targeted_firmware_release_version"] is None  # development beats everything
    assert rules.targeted_version(development=False, locked=None, group_releases=[3, 9], product_default=4) == 9


def test_lock_without_flash_waits_for_the_handshake(emu: ParticleEmulator) -> None:
    d = manufacture(emu)[0]
    call(emu, "POST", P + "/devices", data={"id": d["id"]}).raise_for_status()
    dev = P + f"/devices/{d['id']}"
    call(emu, "PUT", dev, data={"desired_firmware_version": "7"}).raise_for_status()
    assert call(emu, "GET", dev).json()["firmware_version"] == 1
    requests.post(f"{emu.url}/_admin/devices/{d['id']}/handshake", timeout=5).raise_for_status()
    assert call(emu, "GET", dev).json()["firmware_version"] == 7


def test_refused_update_changes_nothing(emu: ParticleEmulator) -> None:
    d = manufacture(emu)[0]
    call(emu, "POST", P + "/devices", data={"id": d["id"]}).raise_for_status()
    dev = P + f"/devices/{d['id']}"
    r = call(emu, "PUT", dev, json={"name": "unit-1", "desired_firmware_version": 4242, "flash": True})
    assert r.status_code == 404 and "4242 does not exist" in r.json()["error"]
    r = call(emu, "PUT", dev, json={"name": "unit-1", "groups": ["Bad Name!"]})
    assert r.status_code == 400 and "a–z" in r.json()["error"]
    record = call(emu, "GET", dev).json()
    assert record["name"] is None and record["groups"] == [] and record["desired_firmware_version"] is None
    assert rules.shipment_group("{date}_{count:04d}", __import__("datetime").date(2026, 11, 30), 40) == "20261130_0040"


def test_scopes_and_tokens_as_particle_answers(emu: ParticleEmulator) -> None:
    r = call(emu, "GET", P, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"
    station = {"Authorization": f"Bearer {emu.token()}"}
    r = call(emu, "POST", P + "/firmware/release", headers=station, json={"version": 7})
    assert r.status_code in (403, 405)
    r = call(emu, "PUT", P + "/firmware/release", headers=station, json={"version": 7})
    assert r.status_code == 403 and "firmware:release" in r.json()["error_description"]
    r = call(emu, "GET", "/v1/products/31002", headers=station)  # a product-scoped token sees one product
    assert r.status_code == 404


def test_serial_lookup_is_limited_to_50_an_hour(emu: ParticleEmulator) -> None:
    token = requests.post(emu.url + "/_admin/tokens", json={"user": "lookup-user", "product_id": DEMO_TEST_PRODUCT},
                          timeout=5).json()["token"]
    d = manufacture(emu)[0]
    hdr = {"Authorization": f"Bearer {token}"}
    for _ in range(SERIAL_LOOKUPS_PER_HOUR):
        r = call(emu, "GET", f"/v1/serial_numbers/{d['serial_number']}", headers=hdr)
        assert r.json()["device_id"] == d["id"]
    r = call(emu, "GET", f"/v1/serial_numbers/{d['serial_number']}", headers=hdr)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 3000
    calls: list[CloudCall] = []
    client = ParticleClient(emu.url, token, DEMO_TEST_PRODUCT, on_call=calls.append, max_rate_wait_s=0.01,
                            max_attempts=2)
    with pytest.raises(CloudRateLimited):
        client.device_id_for_serial(d["serial_number"])
    assert [c.status for c in calls][-2:] == [429, 429]  # backed off once, then gave up
    requests.post(emu.url + "/_admin/clock", json={"advance_s": 3601}, timeout=5)
    assert client.device_id_for_serial(d["serial_number"]) == d["id"]
    r = call(emu, "GET", "/v1/serial_numbers/NOPE", headers=hdr)
    assert r.status_code == 404 and r.json() == {"ok": False, "error": "Serial number not found",
                                                 "error_description": "no device has serial number 'NOPE'"}


def test_client_backs_off_a_429_burst(emu: ParticleEmulator) -> None:
    calls: list[CloudCall] = []
    client = ParticleClient(emu.url, emu.token(), DEMO_TEST_PRODUCT, on_call=calls.append, max_rate_wait_s=0.01)
    emu.set_faults(burst_429=2)
    try:
        assert client.product_info().id == DEMO_TEST_PRODUCT
    finally:
        emu.set_faults(burst_429=0)
    assert [c.status for c in calls] == [429, 429, 200]


def test_remove_unclaims_a_customer_device_and_groups_batch(emu: ParticleEmulator) -> None:
    a, b = manufacture(emu, 2)
    call(emu, "POST", P + "/devices", json={"ids": [a["id"], b["id"]]}).raise_for_status()
    r = call(emu, "PUT", P + "/devices", json={"action": "groups", "devices": [a["id"], b["id"]],
                                               "metadata": {"add": ["20261130_0002"]}})
    assert r.status_code == 200
    assert call(emu, "GET", P + "/groups/20261130_0002").json()["group"]["device_count"] == 2
    requests.post(f"{emu.url}/_admin/devices/{a['id']}/claim", json={"customer": "c@x.example"}, timeout=5)
    assert call(emu, "DELETE", P + f"/devices/{a['id']}").status_code == 204
    gone = requests.get(f"{emu.url}/_admin/devices/{a['id']}", timeout=5).json()
    assert gone["product_id"] is None and gone["owner"] is None
    assert call(emu, "GET", P + f"/devices/{a['id']}").status_code == 404
