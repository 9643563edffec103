"""The one engineer API (station.flow.engineer) on the simulated factory, headless: rules and audit.

The window (tests/test_operator_trust.py) and the CLI (tests/test_cloud_golive.py,
tests/test_labels_cli.py) call this same API; here its rules are checked one by one against the
real cloud emulator and the station's own audit trail.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from station.cloud.emulator.seed import DEMO_PRODUCTION_FIXTURE_GROUP
from station.flow.engineer import EngineerActions, EngineerRefused
from station.flow.roles import Actor, BadgePolicy
from station.sim.world import SimulatedWorld

ENGINEER = Actor("ENG-7", "engineer")
OPERATOR = Actor("BADGE-0042", "operator")


@pytest.fixture(scope="module")
def world() -> Iterator[SimulatedWorld]:
    with SimulatedWorld(1, population_faults=False) as opened:
        opened.station.start(sync_interval_s=60)
        opened.feed(1, timeout_s=120)
        yield opened


def blessed_device(world: SimulatedWorld) -> str:
    record = world.station.results()[0]
    assert record.outcome is not None and record.outcome.value == "PASS", record.failure_reason
    assert record.device_id
    return record.device_id


def audited(world: SimulatedWorld, action: str) -> list[tuple[str, str, str]]:
    return [(e.actor, e.subject, e.reason) for e in world.station.parts.audit.events() if e.action == action]


def test_roles_come_from_the_badge_rule() -> None:
    policy = BadgePolicy.from_env({"STATION_ENGINEER_BADGES": "LEAD-1, LEAD-2"})
    assert policy.role_of("ENG-9") == policy.role_of("LEAD-2") == "engineer"
    assert policy.role_of("BADGE-0042") == "operator"


def test_reassign_rules_then_audit(world: SimulatedWorld) -> None:
    api: EngineerActions = world.station.engineer
    device = blessed_device(world)
    source = world.admin.device(device).group_id
    product = world.admin.device_group(source).product_id or ""
    other = world.admin.create_device_group("pre_production_devicegroup", "Test Production variant B", product).id
    with pytest.raises(EngineerRefused, match="engineer"):
        api.reassign(OPERATOR, device, other, "variant")
    with pytest.raises(EngineerRefused, match="reason"):
        api.reassign(ENGINEER, device, other, "  ")
    with pytest.raises(EngineerRefused, match="not a production group"):
        api.reassign(ENGINEER, device, world.fixture_group_id, "variant")
    production_zone = world.admin.device_group(DEMO_PRODUCTION_FIXTURE_GROUP).production_target.id
    with pytest.raises(EngineerRefused, match="zone"):
        api.reassign(ENGINEER, device, production_zone, "variant")
    assert world.admin.device(device).group_id == source and audited(world, "reassign") == []
    result = api.reassign(ENGINEER, device, other, "variant B build")
    assert world.admin.device(device).group_id == other
    assert "Test Production variant B" in result.message
    assert audited(world, "reassign") == [("ENG-7", device, "variant B build")]


def test_no_audit_trail_no_action(world: SimulatedWorld) -> None:
    bare = EngineerActions(new_client=lambda: world.station.parts.new_cloud_client(None), audit=None)
    with pytest.raises(EngineerRefused, match="audit trail"):
        bare.unbless(ENGINEER, blessed_device(world), "reuse")


def test_acknowledge_needs_something_to_acknowledge(world: SimulatedWorld) -> None:
    with pytest.raises(EngineerRefused, match="nothing to acknowledge"):
        world.station.engineer.acknowledge_targets(ENGINEER)


def test_unbless_in_the_test_zone_then_audit(world: SimulatedWorld) -> None:
    api = world.station.engineer
    device = blessed_device(world)
    api.unbless(ENGINEER, device, "golden sample")
    assert world.admin.device(device).group_id is None
    assert audited(world, "unbless") == [("ENG-7", device, "golden sample")]
    with pytest.raises(EngineerRefused, match="not in any group"):
        api.unbless(ENGINEER, device, "again")
