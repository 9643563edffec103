"""The emulator's impCentral rules, driven through the real client over HTTP on 127.0.0.1."""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import pytest

from station.cloud import models as m
from station.cloud.client import new_idempotency_key
from station.cloud.errors import (
    BlessRefused,
    CloudAuthError,
    CloudConflict,
    CloudInvalid,
    CloudNotFound,
)
from tests.cloud_fixtures import (
    DEVELOPMENT,
    DUT,
    PROD_FIXTURE,
    PRODUCT,
    PRODUCTION,
    TEST_DUT,
    TEST_FIXTURE,
    TEST_PRODUCTION,
    WebhookReceiver,
    calls,
    client,
    emulator,
    enroll_device,
    make_duts,
    raw,
)
from tests.conftest import eventually

# ---------------------------------------------------------------------------- target rules


def test_fixture_group_requires_both_targets(client):
    with pytest.raises(CloudInvalid) as exc:
        client.create_device_group(m.PRE_FIXTURE, "F2", PRODUCT, dut_target=m.Ref(m.PRE_DUT, TEST_DUT))
    assert exc.value.code == "TARGET_REQUIRED" and "production_target" in exc.value.detail


def test_fixture_targets_must_match_zone(client):
    with pytest.raises(CloudInvalid) as exc:
        client.create_device_group(
            m.PRE_FIXTURE,
            "F2",
            PRODUCT,
            dut_target=m.Ref(m.DUT, DUT),
            production_target=m.Ref(m.PRE_PRODUCTION, TEST_PRODUCTION),
        )
    assert exc.value.code == "TARGET_WRONG_TYPE" and m.PRE_DUT in exc.value.detail
    with pytest.raises(CloudInvalid) as exc:
        client.create_device_group(
            m.FIXTURE,
            "F3",
            PRODUCT,
            dut_target=m.Ref(m.DUT, DUT),
            production_target=m.Ref(m.PRE_PRODUCTION, TEST_PRODUCTION),
        )
    assert exc.value.code == "TARGET_WRONG_TYPE" and m.PRODUCTION in exc.value.detail


def test_targets_only_on_fixture_groups(client):
    with pytest.raises(CloudInvalid) as exc:
        client.create_device_group(m.DUT, "D2", PRODUCT, production_target=m.Ref(m.PRODUCTION, PRODUCTION))
    assert exc.value.code == "TARGET_NOT_ALLOWED"
    prod = client.device_group(PRODUCTION)
    with pytest.raises(CloudInvalid):
        client.update_device_group(prod, dut_target=m.Ref(m.DUT, DUT))


def test_valid_fixture_group_and_retarget(client):
    new_dut = client.create_device_group(m.PRE_DUT, "Test DUT 2", PRODUCT)
    fixture = client.create_device_group(
        m.PRE_FIXTURE,
        "Test Fixture 2",
        PRODUCT,
        dut_target=m.Ref(m.PRE_DUT, TEST_DUT),
        production_target=m.Ref(m.PRE_PRODUCTION, TEST_PRODUCTION),
    )
    assert fixture.dut_target == m.Ref(m.PRE_DUT, TEST_DUT)
    moved = client.update_device_group(fixture, dut_target=m.Ref(m.PRE_DUT, new_dut.id))
    assert moved.dut_target is not None and moved.dut_target.id == new_dut.id
    assert moved.zone is m.Zone.TEST


def test_group_that_is_a_target_cannot_be_deleted(client):
    with pytest.raises(CloudConflict) as exc:
        client.delete_device_group(TEST_PRODUCTION)
    assert exc.value.code == "DEVICEGROUP_IS_TARGET"
    spare = client.create_device_group(m.PRE_PRODUCTION, "Spare", PRODUCT)
    client.delete_device_group(spare.id)
    with pytest.raises(CloudNotFound):
        client.device_group(spare.id)


def test_all_seven_group_types_and_duplicate_names(client):
    types = {g.type for g in client.device_groups(product_id=PRODUCT)}
    assert types == set(m.GROUP_TYPES)
    with pytest.raises(CloudConflict) as exc:
        client.create_device_group(m.DEVELOPMENT, "Development", PRODUCT)
    assert exc.value.code == "DEVICEGROUP_NAME_TAKEN"
    with pytest.raises(CloudInvalid):
        client.create_device_group(m.DUT, "D9", PRODUCT, load_code_after_blessing=True)


def test_min_supported_deployment_only_moves_forward(client):
    group = client.device_group(DEVELOPMENT)
    first = client.create_deployment(group, "// a", "// a agent")
    second = client.create_deployment(group, "// b", "// b agent")
    assert client.device_group(DEVELOPMENT).current_deployment.id == second.id
    client.set_min_supported_deployment(DEVELOPMENT, second.id)
    with pytest.raises(CloudConflict) as exc:
        client.set_min_supported_deployment(DEVELOPMENT, first.id)
    assert exc.value.code == "MIN_DEPLOYMENT_BACKWARDS"


# ---------------------------------------------------------------------------- bless rules


def test_bless_moves_dut_to_production_target_and_records_history(emulator, client):
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    assert client.device(dev).group_id == TEST_DUT
    blessing = client.bless(
        dev, TEST_FIXTURE, test_record={"serial": "SN1"}, idempotency_key=new_idempotency_key()
    )
    assert blessing.passed and blessing.production_group_id == TEST_PRODUCTION and blessing.zone == "test"
    assert client.device(dev).group_id == TEST_PRODUCTION
    events = [h.event for h in client.device_history(dev)]
    assert events[:2] == ["enrolled", "assigned"] and events[-1] == "blessed"
    assert any("blessed" in log.msg for log in client.device_logs(dev))


def test_bless_refuses_second_blessing(emulator, client):
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    client.bless(dev, TEST_FIXTURE, idempotency_key=new_idempotency_key())
    with pytest.raises(BlessRefused) as exc:
        client.bless(dev, TEST_FIXTURE, idempotency_key=new_idempotency_key())
    assert exc.value.code == "ALREADY_BLESSED"


def test_bless_refuses_device_not_in_that_fixtures_dut_target(emulator, client):
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    with pytest.raises(BlessRefused) as exc:
        client.bless(dev, PROD_FIXTURE, idempotency_key=new_idempotency_key())
    assert exc.value.code == "NOT_IN_DUT_TARGET" and DUT in exc.value.detail
    assert client.device(dev).group_id == TEST_DUT  # nothing moved
    with pytest.raises(BlessRefused) as exc:
        client.bless(dev, TEST_DUT, idempotency_key=new_idempotency_key())
    assert exc.value.code == "NOT_A_FIXTURE_GROUP"


def test_failed_test_is_recorded_and_refused(emulator, client):
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    with pytest.raises(BlessRefused) as exc:
        client.bless(dev, TEST_FIXTURE, passed=False, idempotency_key=new_idempotency_key())
    assert exc.value.code == "BLESS_NOT_PASSED"
    client.record_failure(dev, TEST_FIXTURE, idempotency_key=new_idempotency_key())
    assert client.device(dev).group_id == TEST_DUT
    assert [h.event for h in client.device_history(dev)].count("blessing_failed") == 2
    assert emulator.service.stats()["failed_blessings"] == 2


def test_same_idempotency_key_same_answer_one_blessing(emulator, client):
    [dev] = make_duts(emulator, client, PROD_FIXTURE)
    key = new_idempotency_key()
    first = client.bless(dev, PROD_FIXTURE, idempotency_key=key)
    again = client.bless(dev, PROD_FIXTURE, idempotency_key=key)
    assert first == again and first.zone == "production"
    assert emulator.service.stats()["blessings"] == 1
    resp = raw(
        emulator,
        client,
        "POST",
        f"/devices/{dev}/bless",
        headers={"Idempotency-Key": key},
        body={
            "data": {
                "type": "blessing",
                "attributes": {"passed": True, "test_record": {"other": 1}},
                "relationships": {"fixture_group": {"type": m.FIXTURE, "id": PROD_FIXTURE}},
            }
        },
    )
    assert resp.status_code == 422 and resp.json()["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_blessing_webhook_payload(emulator, client):
    with WebhookReceiver() as hook:
        webhook = client.create_webhook(client.device_group(TEST_PRODUCTION), hook.url, "blessing")
        [dev] = make_duts(emulator, client, TEST_FIXTURE)
        client.bless(dev, TEST_FIXTURE, idempotency_key=new_idempotency_key())
        eventually(lambda: len(hook.received) == 1, "the webhook delivery", 10)
        assert hook.received[0]["device_id"] == dev
        assert hook.received[0]["imp_id"] and hook.received[0]["imp_id"] != client.device(dev).mac_address
        log = client.webhook_deliveries(webhook.id)
        assert log[0]["status"] == "delivered" and log[0]["log"][0]["status_code"] == 200


def test_webhook_retries_with_backoff_until_receiver_is_up(emulator, client):
    receiver = WebhookReceiver()
    port_url = receiver.url
    receiver.server.server_close()  # nobody listens yet: deliveries fail and are retried
    webhook = client.create_webhook(client.device_group(TEST_PRODUCTION), port_url, "blessing")
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    client.bless(dev, TEST_FIXTURE, idempotency_key=new_idempotency_key())
    eventually(lambda: client.webhook_deliveries(webhook.id)[0]["attempts"] >= 2, "a retried delivery", 10)
    delivery = client.webhook_deliveries(webhook.id)[0]
    assert delivery["status"] == "pending" and delivery["last_error"]
    assert all(a["status_code"] is None for a in delivery["log"])


# ---------------------------------------------------------------------------- assign / reassign / unassign


def test_nothing_enters_a_production_group_by_hand(emulator, client):
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    with pytest.raises(CloudConflict) as exc:
        client.assign_devices(TEST_PRODUCTION, [dev])
    assert exc.value.code == "PRODUCTION_ASSIGN_REFUSED"
    assert exc.value.meta.get("moved") == []


def test_blessed_device_moves_between_production_groups_of_its_product(emulator, client):
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    client.bless(dev, TEST_FIXTURE, idempotency_key=new_idempotency_key())
    variant = client.create_device_group(m.PRE_PRODUCTION, "Test Production variant B", PRODUCT)
    client.assign_devices(variant.id, [dev])
    assert client.device(dev).group_id == variant.id
    # but not across zones, and never out to a non-production group
    with pytest.raises(CloudConflict):
        client.assign_devices(PRODUCTION, [dev])
    with pytest.raises(CloudConflict) as exc:
        client.assign_devices(DEVELOPMENT, [dev])
    assert exc.value.code == "BLESSED_DEVICE_MOVE_REFUSED"


def test_assign_is_not_atomic(emulator, client):
    devs = make_duts(emulator, client, TEST_FIXTURE, count=2)
    client.bless(devs[0], TEST_FIXTURE, idempotency_key=new_idempotency_key())
    with pytest.raises(CloudConflict) as exc:
        client.assign_devices(DEVELOPMENT, devs)
    assert exc.value.meta["moved"] == [devs[1]]
    assert client.device(devs[1]).group_id == DEVELOPMENT


def test_unassign_from_production_needs_the_unblessing_key(emulator, client):
    [dev] = make_duts(emulator, client, PROD_FIXTURE)
    client.bless(dev, PROD_FIXTURE, idempotency_key=new_idempotency_key())
    with pytest.raises(CloudAuthError) as exc:
        client.unassign_devices(PRODUCTION, [dev])
    assert exc.value.code == "UNBLESS_KEY_REQUIRED"
    with pytest.raises(CloudAuthError) as exc:
        client.unassign_devices(PRODUCTION, [dev], unbless_key="wrong")
    assert exc.value.code == "UNBLESS_KEY_INVALID"
    assert client.device(dev).group_id == PRODUCTION
    client.unassign_devices(PRODUCTION, [dev], unbless_key=emulator.account["unbless_key"])
    assert client.device(dev).group_id is None
    assert "unblessed" in [h.event for h in client.device_history(dev)]


def test_test_blessed_device_unblessed_and_reused(emulator, client):
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    client.bless(dev, TEST_FIXTURE, idempotency_key=new_idempotency_key())
    client.unassign_devices(TEST_PRODUCTION, [dev])  # Test Zone: no key needed
    mac = client.device(dev).mac_address
    # it can go through the factory again and be test-blessed a second time
    grant = client.enroll("dut", TEST_FIXTURE)
    assert enroll_device(emulator, grant.token, mac=mac).status_code == 201
    assert client.device(dev).group_id == TEST_DUT
    client.bless(dev, TEST_FIXTURE, idempotency_key=new_idempotency_key())
    [other] = make_duts(emulator, client, TEST_FIXTURE)
    with pytest.raises(CloudNotFound) as exc:  # impCentral: 404 for a device not in the group
        client.unassign_devices(TEST_PRODUCTION, [other])
    assert exc.value.code == "DEVICE_NOT_IN_GROUP"


# ---------------------------------------------------------------------------- enrollment


def test_factory_token_lands_dut_in_current_dut_target(emulator, client):
    grant = client.enroll("dut", TEST_FIXTURE)
    assert grant.token_kind == "factory" and grant.plan_id is None and grant.fixture_group_id == TEST_FIXTURE
    resp = enroll_device(emulator, grant.token)
    assert resp.status_code == 201
    assert resp.json()["data"]["relationships"]["devicegroup"]["id"] == TEST_DUT


def test_fixture_enrollment_gets_developer_plan_id_and_blessed_device_refuses_it(emulator, client):
    grant = client.enroll("fixture")
    assert grant.plan_kind == "developer" and grant.plan_id
    resp = enroll_device(emulator, grant.token, plan_id=grant.plan_id)
    assert resp.status_code == 201 and "devicegroup" not in resp.json()["data"]["relationships"]
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    client.bless(dev, TEST_FIXTURE, idempotency_key=new_idempotency_key())
    resp = enroll_device(emulator, grant.token, mac=client.device(dev).mac_address, plan_id=grant.plan_id)
    assert resp.status_code == 403
    assert "Do not pass a developer plan ID to a blessed device" in resp.json()["errors"][0]["detail"]
    with pytest.raises(CloudInvalid):
        client.enroll("dut", TEST_DUT)


# ---------------------------------------------------------------------------- bad input


def test_malformed_json_is_a_400_naming_it(emulator, client):
    resp = raw(emulator, client, "POST", "/products", data=b'{"data": {"type": "product",')
    assert resp.status_code == 400
    err = resp.json()["errors"][0]
    assert err["code"] == "MALFORMED_JSON" and "JSON" in err["detail"]


def test_wrong_content_type_is_a_415(emulator, client):
    resp = raw(emulator, client, "POST", "/products", data=b"name=x", content_type="text/plain")
    assert resp.status_code == 415
    assert "text/plain" in resp.json()["errors"][0]["detail"]


def test_unknown_group_is_a_404_naming_it(emulator, client):
    resp = raw(emulator, client, "GET", "/devicegroups/no-such-group")
    assert resp.status_code == 404
    assert "no-such-group" in resp.json()["errors"][0]["detail"]
    with pytest.raises(CloudNotFound) as exc:
        client.device_group("nope")
    assert exc.value.code == "DEVICEGROUP_NOT_FOUND"


def test_malformed_mac_is_a_422_naming_it(emulator, client):
    grant = client.enroll("dut", TEST_FIXTURE)
    resp = enroll_device(emulator, grant.token, mac="0c:2a:69:zz:00:01")
    assert resp.status_code == 422
    assert "0c:2a:69:zz:00:01" in resp.json()["errors"][0]["detail"]
    with pytest.raises(CloudInvalid) as exc:
        client.device("0c:2a:69:zz")
    assert exc.value.code == "INVALID_MAC"


def test_missing_field_names_the_field(emulator, client):
    resp = raw(
        emulator,
        client,
        "POST",
        f"/devices/{TEST_DUT}/bless",
        body={"data": {"type": "blessing", "attributes": {}, "relationships": {}}},
    )
    assert resp.status_code == 422
    assert any("passed" in e["detail"] for e in resp.json()["errors"])


def test_device_lookup_by_mac_and_agent_id(emulator, client):
    [dev] = make_duts(emulator, client, TEST_FIXTURE)
    d = client.device(dev)
    mac = d.mac_address
    colon = ":".join(mac[i : i + 2] for i in range(0, 12, 2))
    assert client.device(colon).id == dev
    assert client.device(d.agent_id).id == dev
