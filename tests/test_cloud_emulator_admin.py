"""The emulator's ``/_admin/faults`` validates its body (issue 11, item 8): wrong types or values are a
422 whose ``errors[]`` names every bad field, and nothing changes — before, a string rate was stored and
then crashed every request the fault middleware rolled for."""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import pytest
import requests

from station.cloud.emulator.faults import FaultSettingsError
from tests.cloud_fixtures import TEST_FIXTURE, calls, client, emulator


def _faults(emulator) -> dict:
    resp = requests.get(emulator.root + "/_admin/faults", timeout=5)
    assert resp.status_code == 200
    return resp.json()["faults"]


def test_wrong_types_are_a_422_naming_each_field_and_nothing_changes(emulator, client) -> None:
    before = _faults(emulator)
    resp = requests.put(emulator.root + "/_admin/faults", timeout=5,
                        json={"error_rate": "0.5", "burst_429": True, "latency_ms": -1, "bogus": 1, "drop_rate": 0.3})
    assert resp.status_code == 422
    errors = resp.json()["errors"]
    assert sorted(e["source"]["pointer"] for e in errors) == ["/bogus", "/burst_429", "/error_rate", "/latency_ms"]
    assert all(e["code"] == "INVALID_FAULTS" and e["status"] == "422" for e in errors)
    detail = {e["source"]["pointer"]: e["detail"] for e in errors}
    assert detail["/error_rate"] == 'error_rate: must be a probability, a number from 0 to 1, got "0.5"'
    assert "unknown fault setting" in detail["/bogus"]
    assert _faults(emulator) == before  # drop_rate 0.3 was fine, but a bad body changes nothing
    assert client.device_group(TEST_FIXTURE).id == TEST_FIXTURE  # and the API still answers


@pytest.mark.parametrize("body", ['[1, 2]', '"error_rate=1"', '{"error_rate": NaN}', '{"match": ""}',
                                  '{"rate_limit_per_s": 0}', '{"seed": 1.5}', '{"error_rate": 1.01}'])
def test_other_bad_bodies_are_refused(emulator, body: str) -> None:
    before = _faults(emulator)
    resp = requests.put(emulator.root + "/_admin/faults", data=body, timeout=5,
                        headers={"Content-Type": "application/json"})
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0]["detail"]
    assert _faults(emulator) == before


def test_good_settings_apply_and_the_python_api_checks_the_same(emulator) -> None:
    resp = requests.put(emulator.root + "/_admin/faults", json={"latency_ms": 5, "match": "/bless", "seed": 3},
                        timeout=5)
    assert resp.status_code == 200 and resp.json()["faults"]["match"] == "/bless"
    assert _faults(emulator)["latency_ms"] == 5
    with pytest.raises(FaultSettingsError, match="error_rate: must be a probability"):
        emulator.set_faults(error_rate="high")
