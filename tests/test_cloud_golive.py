"""Go Live and the engineer commands, through ``station.cli.main`` against the emulator."""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import json

import pytest

from station.cli import main
from station.cloud import models as m
from station.cloud.client import new_idempotency_key
from station.cloud.golive import GoLiveConflict, GoLiveFailed, apply_go_live, plan_go_live, production_name
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


# ------------------------------------------------------------------- issue 17: conflicts and rollback
def _snapshot(client) -> list[tuple]:
    """Everything Go Live could touch in the product: groups (type, name, targets, code) and webhooks."""
    out = []
    for g in client.device_groups(product_id=PRODUCT):
        sha = client.deployment(g.current_deployment.id).sha if g.current_deployment else None
        hooks = sorted((w.url, w.event) for w in client.webhooks(group_id=g.id))
        out.append((g.id, g.type, g.name, g.dut_target, g.production_target, sha, tuple(hooks)))
    return sorted(out)


def test_go_live_refuses_a_live_fixture_wired_elsewhere_in_the_dry_run(env, client, capsys):
    """The measured hole: `Fixture Gamma` already live, targeting other groups; no DUT/Production yet."""
    fixture = _test_setup(client)
    old_dut = client.create_device_group(m.DUT, "Old DUT", PRODUCT)
    old_prod = client.create_device_group(m.PRODUCTION, "Old Production", PRODUCT)
    live = client.create_device_group(m.FIXTURE, "Fixture Gamma", PRODUCT, dut_target=m.Ref(old_dut.type, old_dut.id),
                                      production_target=m.Ref(old_prod.type, old_prod.id))
    client.create_deployment(live, "// the live fixture's own code", "// agent")
    before = _snapshot(client)
    with pytest.raises(GoLiveConflict) as exc:
        plan_go_live(client, fixture.id)
    text = str(exc.value)
    assert "'Fixture Gamma'" in text and "'Old DUT'" in text and "a new group 'DUT Gamma'" in text
    assert "'Old Production'" in text and "wired to nothing" in text
    assert "is live with code" in text and "overwrite" in text  # the test fixture's code over a live one
    assert len(exc.value.conflicts) == 3
    assert main(["cloud", "go-live", "--fixture-group", fixture.id, "--apply"]) == 2
    err = capsys.readouterr().err
    assert "refused; nothing was changed" in err and "'Fixture Gamma'" in err
    assert _snapshot(client) == before  # nothing created, nothing deployed


def test_go_live_refuses_two_groups_with_one_name_in_the_dry_run(env, client, capsys):
    fixture = _test_setup(client)
    before = _snapshot(client)
    with pytest.raises(GoLiveConflict, match="the production and dut groups would both be named 'Same'"):
        plan_go_live(client, fixture.id, {"production": "Same", "dut": "Same"})
    assert main(["cloud", "go-live", "--fixture-group", fixture.id, "--apply", "--production-name", "Same",
                 "--dut-name", "Same"]) == 2
    assert "both be named 'Same'" in capsys.readouterr().err
    assert _snapshot(client) == before


def test_go_live_rolls_back_an_injected_failure_half_way(emulator, client):
    fixture = _test_setup(client)
    before = _snapshot(client)
    plan = plan_go_live(client, fixture.id)
    emulator.set_faults(match="/webhooks", error_rate=1.0)  # the production group exists and has its code
    try:
        with pytest.raises(GoLiveFailed, match="the product is as it was") as exc:
            apply_go_live(client, plan)
    finally:
        emulator.set_faults(match=None, error_rate=0.0)
    assert exc.value.left == []
    assert _snapshot(client) == before


def test_go_live_rolls_back_when_the_last_group_fails(emulator, client):
    """Between the dry run and --apply someone creates `Fixture Gamma`: DUT and Production are removed again."""
    fixture = _test_setup(client)
    plan = plan_go_live(client, fixture.id)
    client.create_device_group(m.DEVELOPMENT, "Fixture Gamma", PRODUCT)
    before = _snapshot(client)
    with pytest.raises(GoLiveFailed) as exc:
        apply_go_live(client, plan)
    assert "2 group(s) and 1 webhook(s) it had created were removed" in str(exc.value)
    assert _snapshot(client) == before
