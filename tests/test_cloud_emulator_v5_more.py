"""The emulator's rules added for issue 14, through the station's client and raw HTTP on 127.0.0.1:
filters, env_vars, two-factor login, login keys, refresh tokens, restarts, deployment and webhook
changes, error shapes, relationship types and log streams."""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import json
import threading

import pytest
import requests

from station.cloud import models as m
from station.cloud.client import CloudClient, new_idempotency_key
from station.cloud.emulator import accounts, otp
from station.cloud.errors import CloudAuthError, CloudConflict, CloudInvalid, CloudNotFound
from station.cloud.logstream import DeviceLogFollower, LogLine, sse_events
from tests.cloud_fixtures import (
    DEVELOPMENT,
    PRODUCT,
    TEST_DUT,
    TEST_FIXTURE,
    TEST_PRODUCTION,
    calls,
    client,
    emulator,
    make_duts,
    raw,
)
from tests.conftest import eventually

JSONAPI = "application/vnd.api+json"


def _deploy(emulator, client, group=DEVELOPMENT, group_type=m.DEVELOPMENT, **attrs):
    body = {"data": {"type": "deployment", "attributes": {"device_code": "d", "agent_code": "a", **attrs},
                     "relationships": {"devicegroup": {"type": group_type, "id": group}}}}
    resp = raw(emulator, client, "POST", "/deployments", body=body)
    assert resp.status_code == 201, resp.text
    return resp.json()["data"]


def _ids(resp: requests.Response) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [r["id"] for r in resp.json()["data"]]


# ---------------------------------------------------------------------------- filters


def test_unknown_filters_are_refused_naming_each(emulator, client):
    resp = raw(emulator, client, "GET", "/devices?filter[colour]=red&filter[devicegroup.id]=x&filterz=1")
    assert resp.status_code == 400
    details = [e["detail"] for e in resp.json()["errors"]]
    assert len(details) == 2 and "filter[colour]" in details[0] and "filterz" in details[1]
    assert "filter[devicegroup.id]" in details[0]  # the known ones are listed to help
    assert raw(emulator, client, "GET", "/webhooks?filter[sha]=1").status_code == 400
    many = "&".join(f"filter[sha]={i}" for i in range(101))
    assert raw(emulator, client, "GET", f"/deployments?{many}").status_code == 400
    tags = ",".join(f"t{i}" for i in range(51))
    assert raw(emulator, client, "GET", f"/deployments?filter[tags]={tags}").status_code == 400


def test_owner_filters_match_the_account(emulator, client):
    me = raw(emulator, client, "GET", "/accounts/me").json()["data"]["id"]
    assert PRODUCT in _ids(raw(emulator, client, "GET", f"/products?filter[owner.id]={me}"))
    assert _ids(raw(emulator, client, "GET", "/products?filter[owner.id]=acct-x")) == []
    assert _ids(raw(emulator, client, "GET", "/devicegroups?filter[owner.id]=acct-x")) == []
    assert len(_ids(raw(emulator, client, "GET", f"/devicegroups?filter[owner.id]={me}"))) == 7


def test_device_filters_unassigned_and_group_owner(emulator, client):
    [dut] = make_duts(emulator, client, TEST_FIXTURE)
    me = raw(emulator, client, "GET", "/accounts/me").json()["data"]["id"]
    client.unassign_devices(TEST_DUT, [dut])
    assert dut in _ids(raw(emulator, client, "GET", "/devices?filter[devicegroup.owner.id]=null"))
    assert dut not in _ids(raw(emulator, client, "GET", f"/devices?filter[devicegroup.owner.id]={me}"))
    assert dut in _ids(raw(emulator, client, "GET", "/devices?filter[devicegroup.id]=null"))


def test_deployment_filters_flagged_tags_product(emulator, client):
    tagged = _deploy(emulator, client, tags=["line-3", "v1"], flagged=True)
    plain = _deploy(emulator, client, tags=["line-3"])
    flagged = _ids(raw(emulator, client, "GET", "/deployments?filter[flagged]=true"))
    assert tagged["id"] in flagged and plain["id"] not in flagged
    assert plain["id"] in _ids(raw(emulator, client, "GET", "/deployments?filter[flagged]=false"))
    both = _ids(raw(emulator, client, "GET", "/deployments?filter[tags]=line-3,v1"))
    assert both == [tagged["id"]]
    repeated = _ids(raw(emulator, client, "GET", "/deployments?filter[tags]=line-3&filter[tags]=v1"))
    assert repeated == [tagged["id"]]
    assert len(_ids(raw(emulator, client, "GET", "/deployments?filter[tags]=line-3"))) == 2
    by_product = _ids(raw(emulator, client, "GET", f"/deployments?filter[product.id]={PRODUCT}&page[size]=100"))
    assert tagged["id"] in by_product and len(by_product) == 7 + 2
    assert _ids(raw(emulator, client, "GET", "/deployments?filter[product.id]=other")) == []
    bad = raw(emulator, client, "GET", "/deployments?filter[flagged]=yes")
    assert bad.status_code == 400 and "true, false or any" in bad.json()["errors"][0]["detail"]


# ---------------------------------------------------------------------------- types and shapes


def test_env_vars_keep_numbers_and_booleans(emulator, client):
    env = {"count": 5, "ratio": 0.25, "on": True, "name": "5"}
    body = {"data": {"type": m.DEVELOPMENT, "attributes": {"name": "env", "env_vars": env},
                     "relationships": {"product": {"type": "product", "id": PRODUCT}}}}
    got = raw(emulator, client, "POST", "/devicegroups", body=body).json()["data"]["attributes"]["env_vars"]
    assert got == env and type(got["count"]) is int and type(got["name"]) is str
    dep = _deploy(emulator, client, env_vars={"retries": 3})
    assert dep["attributes"]["env_vars"] == {"retries": 3}
    nested = dict(body, data=dict(body["data"], attributes={"name": "env2", "env_vars": {"a": {"b": 1}}}))
    assert raw(emulator, client, "POST", "/devicegroups", body=nested).status_code == 422


def test_relationship_type_must_be_the_groups_real_type(emulator, client):
    body = {"data": {"type": "deployment", "attributes": {"device_code": "d", "agent_code": "a"},
                     "relationships": {"devicegroup": {"type": m.DUT, "id": TEST_DUT}}}}
    resp = raw(emulator, client, "POST", "/deployments", body=body)
    assert resp.status_code == 422 and resp.json()["errors"][0]["code"] == "RELATIONSHIP_TYPE_MISMATCH"
    assert m.PRE_DUT in resp.json()["errors"][0]["detail"]
    with pytest.raises(CloudInvalid) as exc:
        client.create_device_group(m.PRE_FIXTURE, "F9", PRODUCT, dut_target=m.Ref(m.DUT, TEST_DUT),
                                   production_target=m.Ref(m.PRE_PRODUCTION, TEST_PRODUCTION))
    assert exc.value.code == "RELATIONSHIP_TYPE_MISMATCH"


def test_several_unknown_devices_are_a_400_with_one_404_each(emulator, client):
    [dut] = make_duts(emulator, client, TEST_FIXTURE)
    body = {"data": [{"type": "device", "id": "nope-1"}, {"type": "device", "id": dut},
                     {"type": "device", "id": "nope-2"}]}
    resp = raw(emulator, client, "POST", f"/devicegroups/{DEVELOPMENT}/relationships/devices", body=body)
    assert resp.status_code == 400
    errors = resp.json()["errors"]
    assert [e["status"] for e in errors] == ["404", "404"] and "nope-2" in errors[1]["detail"]
    assert resp.json()["meta"]["moved"] == [dut]  # not atomic: the known device moved
    one = raw(emulator, client, "POST", f"/devicegroups/{DEVELOPMENT}/relationships/devices",
              body={"data": [{"type": "device", "id": "nope-3"}]})
    assert one.status_code == 404


def test_device_shows_agent_url_and_runtime_attributes(emulator, client):
    [dut] = make_duts(emulator, client, TEST_FIXTURE)
    attrs = raw(emulator, client, "GET", f"/devices/{dut}").json()["data"]["attributes"]
    assert attrs["agent_url"] == f"https://agent.electricimp.com/{attrs['agent_id']}"
    assert attrs["agent_running"] is True and attrs["last_enrolled_at"] and attrs["device_state_changed_at"]
    assert isinstance(attrs["rssi"], int) and attrs["swversion"]


# ---------------------------------------------------------------------------- accounts and auth


def test_two_factor_login(emulator, client):
    service = emulator.service
    service.create_account("lead", "pw")
    secret = accounts.enable_two_factor(service, "lead")
    first = requests.post(emulator.url + "/auth", json={"id": "lead", "password": "pw"}, timeout=5)
    assert first.status_code == 403
    token = first.json()["errors"][0]["meta"]["login_token"]
    code = otp.totp(secret)
    wrong = "000000" if code != "000000" else "111111"
    bad = requests.post(emulator.url + "/auth", json={"login_token": token},
                        headers={"X-Electricimp-OTP-Token": wrong}, timeout=5)
    assert bad.status_code == 401 and bad.json()["errors"][0]["code"] == "OTP_INVALID"
    good = requests.post(emulator.url + "/auth", json={"login_token": token},
                         headers={"X-Electricimp-OTP-Token": code}, timeout=5)
    assert good.status_code == 200 and good.json()["access_token"]
    again = requests.post(emulator.url + "/auth", json={"login_token": token},
                          headers={"X-Electricimp-OTP-Token": code}, timeout=5)
    assert again.status_code == 401 and again.json()["errors"][0]["code"] == "LOGIN_TOKEN_INVALID"
    both = requests.post(emulator.url + "/auth", json={"id": "lead", "password": "pw", "login_token": token},
                         timeout=5)
    assert both.status_code == 400


def test_totp_matches_rfc6238_vector():
    # RFC 6238 appendix B, SHA-1 seed "12345678901234567890" at T=59 s: 94287082 (8 digits) -> 287082.
    import base64

    secret = base64.b32encode(b"12345678901234567890").decode()
    assert otp.totp(secret, at=59) == "287082"


def test_login_keys_need_the_password_and_revoke_at_once(emulator, client):
    password = emulator.account["password"]
    hdr = {"X-Electricimp-Password": password}
    doc = {"data": {"type": "login_key", "attributes": {"description": "station 4"}}}
    assert raw(emulator, client, "POST", "/accounts/me/login_keys", body=doc).status_code == 403
    wrong = raw(emulator, client, "POST", "/accounts/me/login_keys", body=doc,
                headers={"X-Electricimp-Password": "nope"})
    assert wrong.status_code == 403 and wrong.json()["errors"][0]["code"] == "PASSWORD_INVALID"
    made = raw(emulator, client, "POST", "/accounts/me/login_keys", body=doc, headers=hdr)
    assert made.status_code == 201
    key = made.json()["data"]["id"]
    assert requests.post(emulator.url + "/auth/token", json={"key": key}, timeout=5).status_code == 200
    assert raw(emulator, client, "DELETE", f"/accounts/me/login_keys/{key}").status_code == 403
    assert raw(emulator, client, "DELETE", f"/accounts/me/login_keys/{key}", headers=hdr).status_code == 204
    assert requests.post(emulator.url + "/auth/token", json={"key": key}, timeout=5).status_code == 401
    assert key not in _ids(raw(emulator, client, "GET", "/accounts/me/login_keys"))


def test_deleted_refresh_token_no_longer_renews(emulator, client):
    login = requests.post(emulator.url + "/auth", json={"id": "demo", "password": emulator.account["password"]},
                          timeout=5).json()
    listed = _ids(raw(emulator, client, "GET", "/accounts/me/refresh_tokens"))
    assert login["refresh_token"] not in listed  # listed by digest, never by value
    for token_id in listed:
        assert raw(emulator, client, "DELETE", f"/accounts/me/refresh_tokens/{token_id}").status_code == 204
    again = requests.post(emulator.url + "/auth/token", json={"token": login["refresh_token"]}, timeout=5)
    assert again.status_code == 401
    assert raw(emulator, client, "GET", "/accounts/me").status_code == 200  # access tokens stay valid


def test_other_accounts_are_not_visible(emulator, client):
    me = raw(emulator, client, "GET", "/accounts/me").json()["data"]["id"]
    assert raw(emulator, client, "GET", f"/accounts/{me}").json()["data"]["id"] == me
    assert raw(emulator, client, "GET", "/accounts/acct-other").status_code == 404


# ---------------------------------------------------------------------------- restarts


def test_restart_is_in_logs_and_history(emulator, client):
    [dut] = make_duts(emulator, client, TEST_FIXTURE)
    client.restart_device(dut)
    assert any("restarting" in e.msg for e in client.device_logs(dut))
    assert [h.event for h in client.device_history(dut)][-1] == "restarted"
    with pytest.raises(CloudNotFound):
        client.restart_device("0c2a69ffffff")


def test_conditional_restart_restarts_only_older_code(emulator, client):
    old, new = make_duts(emulator, client, TEST_FIXTURE, 2)
    group = client.device_group(TEST_DUT)
    client.create_deployment(group, "// v2", "// v2 agent")
    client.restart_device(new)  # runs v2 now; `old` still runs the code it enrolled with
    v2 = client.device_group(TEST_DUT).current_deployment.id
    client.set_min_supported_deployment(TEST_DUT, v2)
    client.restart_group(TEST_DUT, conditional=True)
    assert [h.event for h in client.device_history(old)][-1] == "restarted"
    assert [h.event for h in client.device_history(new)][-1] == "shutdown_newsquirrel"
    assert "SHUTDOWN_NEWSQUIRREL" in client.device_logs(new)[-1].msg


def test_unassigned_device_cannot_restart(emulator, client):
    [dut] = make_duts(emulator, client, TEST_FIXTURE)
    client.unassign_devices(TEST_DUT, [dut])
    with pytest.raises(CloudConflict) as exc:
        client.restart_device(dut)
    assert exc.value.code == "DEVICE_UNASSIGNED"


# ---------------------------------------------------------------------------- deployments and webhooks


def test_flagged_deployment_is_protected_from_deletion(emulator, client):
    dep = _deploy(emulator, client, flagged=True)
    resp = raw(emulator, client, "DELETE", f"/deployments/{dep['id']}")
    assert resp.status_code == 409 and resp.json()["errors"][0]["code"] == "DEPLOYMENT_FLAGGED"
    patch = {"data": {"type": "deployment", "id": dep["id"], "attributes": {"flagged": False}}}
    changed = raw(emulator, client, "PATCH", f"/deployments/{dep['id']}", body=patch).json()["data"]
    assert changed["attributes"]["flagged"] is False and "flagger" not in changed["relationships"]
    assert raw(emulator, client, "DELETE", f"/deployments/{dep['id']}").status_code == 204
    # the group's current deployment falls back to the newest remaining one
    current = client.device_group(DEVELOPMENT).current_deployment
    assert current is not None and current.id != dep["id"]


def test_deployment_code_is_immutable_and_ids_must_match(emulator, client):
    dep = _deploy(emulator, client)
    code = {"data": {"type": "deployment", "id": dep["id"], "attributes": {"device_code": "x"}}}
    assert raw(emulator, client, "PATCH", f"/deployments/{dep['id']}", body=code).status_code == 422
    other = {"data": {"type": "deployment", "id": "another", "attributes": {"description": "x"}}}
    assert raw(emulator, client, "PATCH", f"/deployments/{dep['id']}", body=other).status_code == 409


def test_minimum_deployment_cannot_be_deleted(emulator, client):
    dep = _deploy(emulator, client)
    client.set_min_supported_deployment(DEVELOPMENT, dep["id"])
    resp = raw(emulator, client, "DELETE", f"/deployments/{dep['id']}")
    assert resp.status_code == 409 and resp.json()["errors"][0]["code"] == "DEPLOYMENT_IS_MINIMUM"


def test_webhook_patch_changes_url_and_content_type_only(emulator, client):
    hook = client.create_webhook(client.device_group(TEST_PRODUCTION), "https://example.com/a")
    form = "application/x-www-form-urlencoded"
    body = {"data": {"type": "webhook", "id": hook.id,
                     "attributes": {"url": "https://example.com/b", "content_type": form}}}
    got = raw(emulator, client, "PATCH", f"/webhooks/{hook.id}", body=body).json()["data"]["attributes"]
    assert got["url"] == "https://example.com/b" and got["event"] == "blessing"
    event = {"data": {"type": "webhook", "attributes": {"event": "blinkup"}}}
    assert raw(emulator, client, "PATCH", f"/webhooks/{hook.id}", body=event).status_code == 422


# ---------------------------------------------------------------------------- log streams


def _stream(emulator, client, stream_id: str) -> requests.Response:
    resp = requests.get(f"{emulator.url}/logstream/{stream_id}?format=json", stream=True, timeout=(5, 30))
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/event-stream")
    return resp


def test_log_stream_carries_device_logs_and_state_changes(emulator, client):
    a, b = make_duts(emulator, client, TEST_FIXTURE, 2)
    stream_id = client.open_log_stream()
    resp = _stream(emulator, client, stream_id)
    events = sse_events(resp)
    assert next(events).event == "state_change"  # opened
    client.log_stream_add(stream_id, a)
    added = next(events)
    assert added.event == "state_change" and json.loads(added.data) == {"state": "subscribed", "device_id": a}
    client.restart_device(b)  # not followed: nothing arrives for it
    client.restart_device(a)
    message = next(events)
    assert message.event == "message"
    line = json.loads(message.data)
    assert line["device_id"] == a and "restarting" in line["msg"]
    # a second reader of the same stream is refused; a new stream closes this one
    assert requests.get(f"{emulator.url}/logstream/{stream_id}", timeout=5).status_code == 409
    client.open_log_stream()
    rest = [e for e in events if e.event == "state_change"]
    assert json.loads(rest[-1].data)["state"] == "closed"
    resp.close()
    with pytest.raises(CloudNotFound):
        client.log_stream_add(stream_id, a)


def test_log_stream_keeps_at_most_five_devices(emulator, client):
    duts = make_duts(emulator, client, TEST_FIXTURE, 6)
    stream_id = client.open_log_stream()
    for dut in duts[:5]:
        client.log_stream_add(stream_id, dut)
    resp = raw(emulator, client, "PUT", f"/logstream/{stream_id}/{duts[5]}")
    assert resp.json()["meta"]["dropped"] == duts[0]
    assert resp.json()["data"]["attributes"]["devices"] == duts[1:]
    assert raw(emulator, client, "GET", "/logstream/not-a-stream").status_code == 404


def test_follower_shows_history_then_live_lines(emulator, client):
    [dut] = make_duts(emulator, client, TEST_FIXTURE)
    lines: list[LogLine] = []
    lock = threading.Lock()

    def on_line(line: LogLine) -> None:
        with lock:
            lines.append(line)

    errors: list[str] = []
    watcher = CloudClient(emulator.url, emulator.login_key, timeout=5.0)  # its own session, as the UI's
    follower = DeviceLogFollower(watcher, dut, on_line, errors.append).start()
    try:
        assert follower.opened.wait(10)
        assert errors == []
        assert any(not ln.live and "enrolled" in ln.msg for ln in lines)
        client.bless(dut, TEST_FIXTURE, idempotency_key=new_idempotency_key())
        eventually(lambda: any(ln.live and "blessed" in ln.msg for ln in lines), "the blessing, live")
    finally:
        follower.stop()
        watcher.close()


def test_device_channel_needs_the_units_own_id_and_mac(emulator, client):
    [dut] = make_duts(emulator, client, TEST_FIXTURE)
    mac = client.device(dut).mac_address

    def say(device_id: str, mac_address: str, type_: str = "server.log") -> int:
        body = {"data": {"type": "device_log", "attributes": {"device_id": device_id, "mac_address": mac_address,
                                                              "msg": "self-test: rails PASS", "type": type_}}}
        return requests.post(emulator.url + "/device_channel/logs", json=body, timeout=5,
                             headers={"Content-Type": JSONAPI}).status_code

    assert say(dut, "0c2a69000000") == 404
    assert say(dut, mac, "debug") == 422
    assert say(dut, mac.upper()) == 204
    assert client.device_logs(dut)[-1].msg == "self-test: rails PASS"
