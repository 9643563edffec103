"""The client over real HTTP against the emulator: tokens, pagination, 429, retries, call records."""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import time

import pytest
import requests

from station.cloud.client import CloudClient, new_idempotency_key
from station.cloud.credentials import check_endpoint, resolve_login_key
from station.cloud.emulator.server import EmulatorServer
from station.cloud.emulator.service import EmulatorConfig
from station.cloud.errors import CloudAuthError, CloudConfigError, CloudServerError, CloudUnavailable
from tests.cloud_fixtures import TEST_DUT, TEST_FIXTURE, calls, client, emulator, make_duts


class FakeClock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def _auth_calls(calls):
    return [c for c in calls if c.path == "/auth/token"]


def test_login_key_gets_token_and_refreshes_three_minutes_before_expiry(emulator, calls):
    clock = FakeClock()
    c = CloudClient(emulator.url, emulator.login_key, on_call=calls.append, clock=clock)
    c.device_group(TEST_FIXTURE)
    c.device_group(TEST_FIXTURE)
    assert len(_auth_calls(calls)) == 1
    clock.now += 3600 - 200  # more than 3 minutes left: no refresh
    c.device_group(TEST_FIXTURE)
    assert len(_auth_calls(calls)) == 1
    clock.now += 30  # 170 s left: refresh before the call
    c.device_group(TEST_FIXTURE)
    assert len(_auth_calls(calls)) == 2
    assert calls[-1].status == 200 and calls[-2].path == "/auth/token"


def test_expired_token_gets_401_then_one_refresh_and_retry(emulator, client, calls):
    client.device_group(TEST_FIXTURE)
    requests.post(emulator.root + "/_admin/expire-tokens", timeout=5).raise_for_status()
    group = client.device_group(TEST_FIXTURE)
    assert group.id == TEST_FIXTURE
    statuses = [(c.path, c.status) for c in calls]
    assert statuses[-3:] == [
        (f"/devicegroups/{TEST_FIXTURE}", 401),
        ("/auth/token", 200),
        (f"/devicegroups/{TEST_FIXTURE}", 200),
    ]


def test_real_token_expiry_is_a_401_on_the_wire():
    with EmulatorServer(config=EmulatorConfig(token_ttl_s=0.3)) as server:
        token = requests.post(server.url + "/auth/token", json={"key": server.login_key}, timeout=5).json()
        assert token["expires_in"] == 0.3
        time.sleep(0.5)
        resp = requests.get(
            server.url + "/devicegroups",
            headers={"Authorization": "Bearer " + token["access_token"]},
            timeout=5,
        )
        assert resp.status_code == 401 and resp.json()["errors"][0]["code"] == "AUTH_EXPIRED"
        refreshed = requests.post(
            server.url + "/auth/token", json={"token": token["refresh_token"]}, timeout=5
        )
        assert refreshed.status_code == 200 and refreshed.json()["access_token"] != token["access_token"]


def test_wrong_login_key_is_a_clear_auth_error(emulator):
    c = CloudClient(emulator.url, "not-a-key")
    with pytest.raises(CloudAuthError) as exc:
        c.products()
    assert exc.value.code == "AUTH_INVALID_KEY" and "login key" in str(exc.value)


def test_pagination_over_250_devices(emulator, client, calls):
    made = make_duts(emulator, client, TEST_FIXTURE, count=250)
    calls.clear()
    devices = client.devices(group_id=TEST_DUT, page_size=20)
    assert [d.id for d in devices] == made
    pages = [c for c in calls if c.path.startswith("/devices")]
    assert len(pages) == 13 and all(c.status == 200 for c in pages)
    assert len(client.devices(group_id=TEST_DUT)) == 250  # default page size 100: 3 pages


def test_429_burst_is_waited_out_and_retried(emulator, client, calls):
    client.login()
    emulator.set_faults(burst_429=3)
    assert client.device_group(TEST_FIXTURE).id == TEST_FIXTURE
    assert [c.status for c in calls[-4:]] == [429, 429, 429, 200]


def test_rate_limit_honours_reset_header(emulator, calls):
    waits: list[float] = []

    def sleep(s: float) -> None:
        waits.append(s)
        time.sleep(s)

    c = CloudClient(emulator.url, emulator.login_key, on_call=calls.append, sleep=sleep, max_attempts=10)
    c.login()
    emulator.set_faults(rate_limit_per_s=5)
    for _ in range(12):
        c.device_group(TEST_FIXTURE)
    limited = [x for x in calls if x.status == 429]
    assert limited and all(0 < w <= 1.0 for w in waits)
    assert sum(1 for x in calls if x.status == 200 and x.path.startswith("/devicegroups")) == 12


def test_429_gives_up_after_max_attempts(emulator, calls):
    c = CloudClient(emulator.url, emulator.login_key, max_attempts=2, sleep=lambda s: None)
    c.login()
    emulator.set_faults(burst_429=5)
    with pytest.raises(Exception) as exc:
        c.device_group(TEST_FIXTURE)
    assert "429" in str(exc.value)


def test_get_is_retried_after_injected_5xx_and_dropped_answers(emulator, calls):
    client = CloudClient(emulator.url, emulator.login_key, on_call=calls.append, max_attempts=30,
                         sleep=lambda s: None)
    client.login()
    emulator.set_faults(error_rate=0.5, seed=7)
    for _ in range(10):
        assert client.device_group(TEST_FIXTURE).id == TEST_FIXTURE
    assert any(c.status == 503 for c in calls)
    emulator.set_faults(error_rate=0.0, drop_rate=0.5, seed=3)
    for _ in range(10):
        assert client.device_group(TEST_FIXTURE).id == TEST_FIXTURE
    assert any(c.status is None and c.error for c in calls)


def test_post_without_idempotency_key_is_not_retried(emulator, client, calls):
    client.login()
    emulator.set_faults(error_rate=1.0, match="/enroll")
    with pytest.raises(CloudServerError):
        client.enroll("dut", TEST_FIXTURE)
    assert len([c for c in calls if c.path == "/enroll"]) == 1


def test_dead_endpoint_is_cloud_unavailable():
    c = CloudClient("http://127.0.0.1:9/v5", "k", timeout=0.5, max_attempts=2, sleep=lambda s: None)
    with pytest.raises(CloudUnavailable) as exc:
        c.products()
    assert "no answer" in str(exc.value)


def test_calls_are_recorded_without_secrets(emulator, client, calls):
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    key = new_idempotency_key()
    client.bless(dev, TEST_FIXTURE, idempotency_key=key)
    bless = [c for c in calls if c.path.endswith("/bless")]
    assert bless[-1].idempotency_key == key and bless[-1].status == 201 and bless[-1].request_id
    assert bless[-1].duration_ms >= 0
    text = repr(calls)
    assert emulator.login_key not in text
    assert client._access not in text and (client._refresh or "zz") not in text


def test_endpoint_rules_and_login_key_sources(monkeypatch):
    assert check_endpoint("http://127.0.0.1:8765/v5/") == "http://127.0.0.1:8765/v5"
    assert check_endpoint("https://api.electricimp.com/v5")
    with pytest.raises(CloudConfigError, match="plain http"):
        check_endpoint("http://cloud.example.com/v5")
    with pytest.raises(CloudConfigError):
        check_endpoint("ftp://x")
    monkeypatch.setenv("MY_KEY", "abc")
    assert resolve_login_key("MY_KEY") == "abc"
    monkeypatch.delenv("MY_KEY")
    with pytest.raises(CloudConfigError, match="MY_KEY"):
        resolve_login_key("MY_KEY")
