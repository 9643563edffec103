"""Issue 17: the plan-ID and token rules hold at every door — the Python API, ``station blinkup
encode|video|simulate``, the flow and its ``blinkup`` plug, and the cloud emulator itself.

Each test quotes the rule of shared/seeds/plan-ids-and-activation.txt it enforces. Everything runs
against the real emulator over HTTP; where the cloud must misbehave (a factory grant that names no
fixture group, or another one), a real HTTP proxy in front of it rewrites the grant.
"""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from sqlalchemy import text

from station.cli import main
from station.cloud import enrollment as e
from station.cloud.client import CloudClient
from station.cloud.enrollment import (
    DeviceRole,
    EngineeringOverride,
    EnrollmentRuleError,
    OverrideRecord,
    build_payload,
)
from station.cloud.errors import CloudNotFound
from station.cloud.models import Zone
from station.cloud.sync import TargetSync
from station.flow.provisioning import BlinkUpPlug, Provisioning
from station.runner.runner import AbortSignal
from station.sim.fixture_host import dut_identity
from station.sim.optics import SimulatedOptics
from station.store import Store
from tests.cloud_fixtures import PROD_FIXTURE, TEST_FIXTURE, calls, client, emulator, enroll_device

# The rules, quoted (tests/test_cloud_enrollment.py checks they are verbatim from the seed).
FIXTURE_RULE = "If the device is a BlinkUp fixture, always use a developer plan ID. This device must not be blessed."
BLESSED_DEV_RULE = "Do not pass a developer plan ID to a blessed device: its enrollment will fail."
UNBLESSED_PROD_RULE = "Do not pass a production plan ID to an unblessed device."
assert (FIXTURE_RULE, BLESSED_DEV_RULE, UNBLESSED_PROD_RULE) == (
    e.RULE_FIXTURE_DEVELOPER_PLAN, e.RULE_BLESSED_DEVELOPER_PLAN, e.RULE_UNBLESSED_PRODUCTION_PLAN)


# ------------------------------------------------------------------------------------ Python API
def test_api_takes_a_tokens_kind_from_the_cloud_never_from_the_caller(client) -> None:
    """A DUT's factory token cannot be relabelled "development" to go into a fixture's payload."""
    dut_token = client.enroll("dut", TEST_FIXTURE).token
    with pytest.raises(TypeError):
        build_payload("fixture", ssid="", password="", enrollment_token=dut_token,  # type: ignore[call-arg]
                      token_kind="development")
    looked_up = client.enrollment(dut_token)  # the cloud's word: a factory token of TEST_FIXTURE
    assert looked_up.token_kind == "factory" and looked_up.fixture_group_id == TEST_FIXTURE
    with pytest.raises(EnrollmentRuleError) as exc:
        build_payload("fixture", ssid="", password="", grant=looked_up)
    assert exc.value.rule == FIXTURE_RULE and FIXTURE_RULE in str(exc.value)
    with pytest.raises(EnrollmentRuleError, match="no enrollment grant from the cloud"):
        build_payload("fixture", ssid="", password="", enrollment_token=dut_token)


def test_api_a_development_token_never_passes_for_a_factory_one(client) -> None:
    """A development token (with the developer plan ID) relabelled "factory" is refused for a DUT."""
    dev = client.enroll("development")
    with pytest.raises(EnrollmentRuleError) as exc:
        build_payload("dut", ssid="", password="", grant=client.enrollment(dev.token),
                      fixture_group_id=TEST_FIXTURE)
    assert exc.value.rule == BLESSED_DEV_RULE and "development token" in str(exc.value)
    ok = build_payload("development", ssid="lab", password="pw", grant=client.enrollment(dev.token))
    assert ok.plan_id == dev.plan_id and ok.overridden is None


def test_api_a_developer_plan_id_never_rides_with_a_dut_token(client) -> None:
    """The issue's CLI case in the API: a developer plan ID given with a DUT's factory token."""
    plan = client.enroll("development").plan_id
    grant = client.enroll("dut", TEST_FIXTURE)
    with pytest.raises(EnrollmentRuleError) as exc:
        build_payload("dut", ssid="", password="", grant=grant, plan_id=plan, fixture_group_id=TEST_FIXTURE)
    assert exc.value.rule == BLESSED_DEV_RULE
    with pytest.raises(EnrollmentRuleError) as exc:  # any plan ID the cloud did not hand out: production
        build_payload("development", ssid="", password="", grant=client.enroll("development"),
                      plan_id="0badc0de0badc0de")
    assert exc.value.rule == UNBLESSED_PROD_RULE


def test_api_unknown_tokens_are_not_found(client) -> None:
    with pytest.raises(CloudNotFound):
        client.enrollment("00112233aabbccdd")


def test_override_is_audited_first_and_refused_in_the_production_zone(client) -> None:
    records: list[OverrideRecord] = []
    lab = EngineeringOverride(actor="eng-1", reason="re-flash a bench fixture by hand", audit=records.append)
    dut_grant = client.enroll("dut", TEST_FIXTURE)
    payload = build_payload("fixture", ssid="", password="", grant=dut_grant, override=lab)
    assert payload.overridden and FIXTURE_RULE in payload.overridden
    assert [(r.actor, r.rule, r.token_kind, r.fixture_group_id, r.zone) for r in records] == [
        ("eng-1", FIXTURE_RULE, "factory", TEST_FIXTURE, "test")]
    # A token of a Production Zone fixture group, or a Production Zone station: never.
    with pytest.raises(EnrollmentRuleError, match="never applies in the Production Zone"):
        build_payload("fixture", ssid="", password="", grant=client.enroll("dut", PROD_FIXTURE), override=lab)
    prod_station = EngineeringOverride(actor="eng-1", reason="x", audit=records.append, zone=Zone.PRODUCTION)
    with pytest.raises(EnrollmentRuleError, match="Production Zone station"):
        build_payload("dut", ssid="", password="", grant=dut_grant, override=prod_station)

    def failing_audit(record: OverrideRecord) -> None:
        raise OSError("audit trail unavailable")

    with pytest.raises(OSError):  # no audit, no payload
        build_payload("fixture", ssid="", password="", grant=dut_grant,
                      override=EngineeringOverride(actor="eng-1", reason="x", audit=failing_audit))
    assert len(records) == 1


# ------------------------------------------------------------------------------------------- CLI
@pytest.fixture
def env(emulator, monkeypatch):
    monkeypatch.setenv("STATION_CLOUD_ENDPOINT", emulator.url)
    monkeypatch.setenv("STATION_CLOUD_LOGIN_KEY", emulator.login_key)
    return emulator


def test_cli_encode_refuses_a_developer_plan_id_with_a_dut_token(env, client, capsys) -> None:
    plan = client.enroll("development").plan_id
    token = client.enroll("dut", TEST_FIXTURE).token
    base = ["blinkup", "encode", "--mode", "fast", "--ssid", "line-3", "--token", token]
    assert main([*base, "--plan-id", plan]) == 2
    err = capsys.readouterr().err
    assert BLESSED_DEV_RULE in err
    assert main([*base, "--role", "fixture"]) == 2
    assert FIXTURE_RULE in capsys.readouterr().err
    assert main([*base, "--fixture-group", PROD_FIXTURE]) == 2
    assert f"belongs to fixture group {TEST_FIXTURE}, not to this station's fixture group {PROD_FIXTURE}" in (
        capsys.readouterr().err)
    assert main([*base, "--fixture-group", TEST_FIXTURE]) == 0  # within the rules: encoded
    assert json.loads(capsys.readouterr().out)["symbols"]


def test_cli_video_write_and_simulate_follow_the_same_rules(env, client, tmp_path: Path, capsys) -> None:
    token = client.enroll("dut", TEST_FIXTURE).token
    video = tmp_path / "flash.avi"
    assert main(["blinkup", "video", "--mode", "fast", str(video), "--write", "--token", token,
                 "--role", "development"]) == 2
    assert "factory enrollment token" in capsys.readouterr().err and not video.exists()
    out = tmp_path / "s.txt"
    assert main(["blinkup", "simulate", "--mode", "fast", "--ssid", "x", "--token", "00112233aabbccdd",
                 "--out", str(out)]) == 2
    assert "the cloud does not know enrollment token" in capsys.readouterr().err and not out.exists()


def test_cli_without_a_cloud_refuses_unless_overridden_and_audited(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("STATION_CLOUD_ENDPOINT", raising=False)
    db = tmp_path / "audit.db"
    base = ["blinkup", "encode", "--mode", "fast", "--ssid", "x", "--token", "00112233aabbccdd", "--db", str(db)]
    assert main(base) == 2
    assert "never from the command line" in capsys.readouterr().err
    assert main([*base, "--engineering-override", "bench decoder test"]) == 2
    assert "needs --operator" in capsys.readouterr().err
    assert main([*base, "--engineering-override", "bench decoder test", "--operator", "eng-7"]) == 0
    capsys.readouterr()
    with Store.open(str(db)) as store, store.engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, action, reason, details_json FROM audit_events")).all()
    assert [(r.actor, r.action, r.reason) for r in rows] == [("eng-7", "engineering_override", "bench decoder test")]
    details = json.loads(rows[0].details_json)
    assert "00112233aabbccdd" not in rows[0].details_json and details["token_sha256_12"]
    assert main(["audit", "verify", "--db", str(db)]) == 0


def test_cli_override_is_refused_under_a_production_zone_config(env, client, tmp_path: Path, capsys) -> None:
    config = tmp_path / "prod.toml"
    config.write_text(
        '[station]\nname = "line1-st7"\n[test]\nscript = "x.py"\n'
        f'[cloud]\nendpoint = "{env.url}"\nfixture_group = "{PROD_FIXTURE}"\n'
    )
    token = client.enroll("dut", TEST_FIXTURE).token
    assert main(["blinkup", "encode", "--mode", "fast", "--ssid", "x", "--token", token, "--role", "fixture",
                 "--config", str(config), "--engineering-override", "lab", "--operator", "eng-1",
                 "--db", str(tmp_path / "a.db")]) == 2
    assert "Production Zone station" in capsys.readouterr().err


# ---------------------------------------------------------------------------- flow and plug
class GrantRewriter:
    """A real HTTP proxy in front of the emulator that rewrites ``POST /v5/enroll`` answers:
    ``mode="strip"`` drops the grant's fixture group, ``mode="swap"`` names another one."""

    def __init__(self, upstream: str, mode: str) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                reply = requests.request(self.command, upstream + self.path, data=body or None, headers=headers,
                                         timeout=10)
                content = reply.content
                if self.command == "POST" and self.path.rstrip("/") == "/v5/enroll" and reply.status_code == 201:
                    doc = reply.json()
                    if proxy.mode == "strip":
                        doc["data"]["relationships"] = {}
                    else:
                        doc["data"]["relationships"]["devicegroup"]["id"] = PROD_FIXTURE
                    content = json.dumps(doc).encode()
                self.send_response(reply.status_code)
                self.send_header("Content-Type", reply.headers.get("Content-Type", "application/json"))
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PATCH = do_DELETE = _forward

        self.mode = mode
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v5"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(params=["strip", "swap"])
def bad_cloud(request, emulator) -> Iterator[tuple[GrantRewriter, CloudClient]]:
    proxy = GrantRewriter(emulator.root, request.param)
    cloud = CloudClient(proxy.url, emulator.login_key, timeout=5.0, backoff_s=0.01, backoff_max_s=0.05)
    try:
        yield proxy, cloud
    finally:
        cloud.close()
        proxy.close()


def _provisioning(emulator, cloud: CloudClient, serial: str) -> tuple[Provisioning, SimulatedOptics]:
    optics = SimulatedOptics(emulator.url, time_scale=0.0)
    optics.insert(1, serial)
    sync = TargetSync(cloud, fixture_group_id=TEST_FIXTURE)
    sync.refresh()
    return Provisioning(cloud, sync, optics, TEST_FIXTURE, "line-3", "pw", enroll_timeout_s=1.0), optics


def test_flow_never_flashes_a_grant_without_its_fixture_group_or_of_another(emulator, client, bad_cloud) -> None:
    """The station's own fixture group is the only one a DUT's factory token may belong to."""
    proxy, cloud = bad_cloud
    provisioning, optics = _provisioning(emulator, cloud, "SN-FLOW-1")
    with pytest.raises(EnrollmentRuleError, match="names no fixture group|not to this station's fixture group"):
        provisioning.flash(1, AbortSignal())
    assert optics.waited_s == 0.0  # nothing was flashed
    mac, _ = dut_identity("SN-FLOW-1")
    with pytest.raises(CloudNotFound):
        client.device(mac)  # and no unit enrolled
    optics.close()


def test_blinkup_plug_refuses_the_same_grants(emulator, client, bad_cloud) -> None:
    proxy, cloud = bad_cloud
    provisioning, optics = _provisioning(emulator, cloud, "SN-PLUG-1")
    plug = BlinkUpPlug(provisioning, 1)
    mac, device_id = dut_identity("SN-PLUG-1")
    with pytest.raises(EnrollmentRuleError):
        plug.provision(mac, device_id)
    assert optics.waited_s == 0.0
    optics.close()


def test_flow_with_an_honest_cloud_flashes_and_the_unit_enrolls(emulator, client) -> None:
    cloud = CloudClient(emulator.url, emulator.login_key, timeout=5.0)
    provisioning, optics = _provisioning(emulator, cloud, "SN-FLOW-OK")
    mac, device_id = dut_identity("SN-FLOW-OK")
    assert BlinkUpPlug(provisioning, 1).provision(mac, device_id) == device_id
    optics.close()
    cloud.close()


# -------------------------------------------------------------------------------------- emulator
def _fixture_device(emulator, client) -> str:
    grant = client.enroll("fixture")
    resp = enroll_device(emulator, grant.token, plan_id=grant.plan_id)
    assert resp.status_code == 201, resp.text
    device_id = resp.json()["data"]["id"]
    client.assign_devices(TEST_FIXTURE, [device_id])
    return device_id


def test_emulator_refuses_a_fixture_enrolling_with_a_dut_token(emulator, client) -> None:
    fixture = _fixture_device(emulator, client)
    mac = client.device(fixture).mac_address
    resp = enroll_device(emulator, client.enroll("dut", TEST_FIXTURE).token, mac=mac)
    assert resp.status_code == 403
    error = resp.json()["errors"][0]
    assert error["code"] == "FIXTURE_WITH_FACTORY_TOKEN" and FIXTURE_RULE in error["detail"]
    assert client.device(fixture).group_id == TEST_FIXTURE  # still a fixture, never in a DUT target


def test_emulator_refuses_a_token_of_another_fixture_group(emulator, client) -> None:
    fixture = _fixture_device(emulator, client)  # a fixture of TEST_FIXTURE ran the factory BlinkUp

    def enroll(token: str, mac: str) -> requests.Response:
        body = {"data": {"type": "device_enrollment", "attributes": {
            "mac_address": mac, "enrollment_token": token, "fixture_device_id": fixture}}}
        return requests.post(emulator.url + "/enroll/device", json=body, timeout=5,
                             headers={"Content-Type": "application/vnd.api+json"})

    other = enroll(client.enroll("dut", PROD_FIXTURE).token, "0c2a69000a01")
    assert other.status_code == 403 and other.json()["errors"][0]["code"] == "FIXTURE_GROUP_MISMATCH"
    assert PROD_FIXTURE in other.json()["errors"][0]["detail"]
    with pytest.raises(CloudNotFound):
        client.device("0c2a69000a01")
    own = enroll(client.enroll("dut", TEST_FIXTURE).token, "0c2a69000a02")
    assert own.status_code == 201, own.text
    dut_target = client.device_group(TEST_FIXTURE).dut_target.id
    assert client.device("0c2a69000a02").group_id == dut_target


def test_emulator_token_lookup_is_the_accounts_own(emulator, client) -> None:
    grant = client.enroll("dut", TEST_FIXTURE)
    resp = requests.get(emulator.url + f"/enroll/{grant.token}", timeout=5)
    assert resp.status_code == 401  # a token's facts are the account's, not anyone's
    found = client.enrollment(grant.token.upper())
    assert (found.token, found.token_kind, found.fixture_group_id, found.fixture_group_type) == (
        grant.token, "factory", TEST_FIXTURE, "pre_factoryfixture_devicegroup")
