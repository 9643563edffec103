"""Go Live and the engineer commands, through ``station.cli.main`` against the emulator."""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import json

import pytest

from station.cli import main
from station.cloud import models as m
from station.cloud.client import new_idempotency_key
from station.cloud.golive import apply_go_live, plan_go_live, production_name
from station.errors import StationError
from tests.cloud_fixtures import (
    PRODUCT,
    PRODUCTION,
    TEST_FIXTURE,
    TEST_PRODUCTION,
    calls,
    client,
    emulator,
    make_duts,
)


@pytest.fixture
def env(emulator, monkeypatch):
    monkeypatch.setenv("STATION_CLOUD_ENDPOINT", emulator.url)
    monkeypatch.setenv("STATION_CLOUD_LOGIN_KEY", emulator.login_key)
    return emulator


def _test_setup(client):
    prod = client.create_device_group(m.PRE_PRODUCTION, "Test Prod Gamma", PRODUCT)
    client.create_deployment(prod, "// gamma app", "// gamma agent")
    client.create_webhook(prod, "http://127.0.0.1:9/hook", "blessing")
    dut = client.create_device_group(m.PRE_DUT, "Test DUT Gamma", PRODUCT)
    client.create_deployment(dut, "// gamma dut", "// gamma dut agent")
    fixture = client.create_device_group(
        m.PRE_FIXTURE,
        "Test Fixture Gamma",
        PRODUCT,
        dut_target=m.Ref(dut.type, dut.id),
        production_target=m.Ref(prod.type, prod.id),
    )
    client.create_deployment(fixture, "// gamma fixture", "// gamma fixture agent")
    return fixture


def test_go_live_dry_run_then_apply_then_idempotent(client):
    fixture = _test_setup(client)
    before = len(client.device_groups(product_id=PRODUCT))
    plan = plan_go_live(client, fixture.id)
    assert [s.action for s in plan.changes].count("create_group") == 3
    assert len(client.device_groups(product_id=PRODUCT)) == before  # the dry run changed nothing
    groups = apply_go_live(client, plan)
    live = client.device_group(groups["fixture"].id)
    assert live.type == m.FIXTURE and live.name == "Fixture Gamma"
    assert live.dut_target.id == groups["dut"].id and live.production_target.id == groups["production"].id
    src_sha = client.deployment(client.device_group(plan.sources["production"].id).current_deployment.id).sha
    assert (
        client.deployment(client.device_group(groups["production"].id).current_deployment.id).sha == src_sha
    )
    assert [w.url for w in client.webhooks(group_id=groups["production"].id)] == ["http://127.0.0.1:9/hook"]
    assert plan_go_live(client, fixture.id).changes == []


def test_go_live_refuses_wrong_start_and_name_clash(client):
    with pytest.raises(StationError, match="Test Fixture group"):
        plan_go_live(client, PRODUCTION)
    fixture = _test_setup(client)
    client.create_device_group(m.DEVELOPMENT, "DUT Gamma", PRODUCT)
    with pytest.raises(StationError, match="already exists"):
        plan_go_live(client, fixture.id)
    assert production_name("Test Fixture") == "Fixture" and production_name("Line 3") == "Line 3 (Production)"


def test_cli_go_live_demo_is_already_live(env, capsys):
    assert main(["cloud", "go-live", "--fixture-group", TEST_FIXTURE, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["applied"] is False and all(s["action"] == "keep" for s in out["steps"])


def test_cli_targets_and_devices(env, capsys):
    assert main(["cloud", "targets", "--fixture-group", TEST_FIXTURE, "--json"]) == 0
    state = json.loads(capsys.readouterr().out)
    assert state["zone"] == "test" and state["production_target_id"] == TEST_PRODUCTION
    assert main(["cloud", "targets", "--fixture-group", TEST_FIXTURE]) == 0
    assert "Test Production" in capsys.readouterr().out
    assert main(["cloud", "devices", "--group", TEST_FIXTURE]) == 0
    assert "1 device(s)" in capsys.readouterr().out
    assert main(["cloud", "devices", "--group", "no-such-group"]) == 2
    assert "no-such-group" in capsys.readouterr().err


def _audit(db: str) -> list:
    from station.store import Store
    from station.store.audit import Audit

    store = Store.open(db)
    try:
        return [(e.actor, e.action, e.subject, e.reason) for e in Audit(store).events()]
    finally:
        store.close()


def test_cli_reassign_and_unbless(env, client, capsys, monkeypatch, tmp_path):
    """The CLI goes through the engineer API: engineer badge, reason, the same checks, the audit trail."""
    db = f"sqlite:///{tmp_path / 'station.db'}"
    eng = ["--as", "ENG-7", "--reason", "rework", "--db", db]
    [dev] = make_duts(env, client, TEST_FIXTURE)
    assert main(["cloud", "reassign", dev, "--to", TEST_PRODUCTION, *eng]) == 2
    assert "not blessed" in capsys.readouterr().err
    client.bless(dev, TEST_FIXTURE, idempotency_key=new_idempotency_key())
    # an operator's badge is refused whatever door it comes through; nothing moves, nothing is audited
    assert main(["cloud", "unbless", dev, "--as", "BADGE-0042", "--reason", "x", "--db", db]) == 2
    assert "engineer" in capsys.readouterr().err
    assert client.device(dev).group_id == TEST_PRODUCTION
    assert main(["cloud", "reassign", dev, "--to", TEST_FIXTURE, *eng]) == 2  # not a production group
    assert "not a production group" in capsys.readouterr().err
    assert main(["cloud", "unbless", dev, "--json", *eng]) == 0
    assert json.loads(capsys.readouterr().out)["zone"] == "test"
    assert main(["cloud", "unbless", dev, *eng]) == 2  # nothing left to unbless
    assert "not in any group" in capsys.readouterr().err
    assert _audit(db) == [("ENG-7", "unbless", dev, "rework")]


def test_cli_production_unbless_needs_the_key(env, client, capsys, monkeypatch, tmp_path):
    from tests.cloud_fixtures import PROD_FIXTURE

    eng = ["--as", "ENG-7", "--reason", "golden sample", "--db", f"sqlite:///{tmp_path / 'station.db'}"]
    [dev] = make_duts(env, client, PROD_FIXTURE)
    client.bless(dev, PROD_FIXTURE, idempotency_key=new_idempotency_key())
    monkeypatch.delenv("STATION_CLOUD_UNBLESS_KEY", raising=False)
    assert main(["cloud", "unbless", dev, *eng]) == 2
    assert "STATION_CLOUD_UNBLESS_KEY" in capsys.readouterr().err
    monkeypatch.setenv("LINE_KEY", env.account["unbless_key"])
    assert main(["cloud", "unbless", dev, "--key-env", "LINE_KEY", *eng]) == 0
    assert client.device(dev).group_id is None


def test_cli_without_login_key_is_a_clear_error(emulator, monkeypatch, capsys):
    monkeypatch.setenv("STATION_CLOUD_ENDPOINT", emulator.url)
    monkeypatch.delenv("STATION_CLOUD_LOGIN_KEY", raising=False)
    assert main(["cloud", "targets", "--fixture-group", TEST_FIXTURE]) == 2
    assert "STATION_CLOUD_LOGIN_KEY" in capsys.readouterr().err
