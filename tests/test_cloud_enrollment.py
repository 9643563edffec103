"""The provisioning payload builder refuses what the plan-ID guide says will fail, quoting it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from station.cloud import enrollment as e
from station.cloud.enrollment import DeviceRole, EnrollmentRuleError, build_payload
from station.cloud.models import EnrollmentGrant
from station.errors import StationError

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "plan-ids-and-activation.txt"  # ../shared

FACTORY = EnrollmentGrant("ft_abc", "factory", None, None, "fixture-1", "")
DEVELOPER = EnrollmentGrant("dt_abc", "development", "plan-dev", "developer", None, "")


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not on this machine")
def test_quoted_rules_are_verbatim_from_the_guide():
    text = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))
    for rule in (
        e.RULE_BLESSED_DEVELOPER_PLAN,
        e.RULE_BLESSED_TAKE_PRODUCTION,
        e.RULE_UNBLESSED_PRODUCTION_PLAN,
        e.RULE_DEVELOPMENT_DEVELOPER_PLAN,
        e.RULE_FIXTURE_DEVELOPER_PLAN,
    ):
        assert rule in text


def test_dut_gets_factory_token_and_no_plan_id():
    p = build_payload(
        DeviceRole.DUT, ssid="line-3", password="secret-pw", grant=FACTORY, fixture_group_id="fixture-1"
    )
    assert p.enrollment_token == "ft_abc" and p.plan_id is None and p.fixture_group_id == "fixture-1"
    assert "secret-pw" not in repr(p)


def test_fixture_and_development_devices_get_developer_plan_id():
    for role in (DeviceRole.FIXTURE, DeviceRole.DEVELOPMENT):
        p = build_payload(role, ssid="lab", password="pw", grant=DEVELOPER)
        assert p.plan_id == "plan-dev" and p.enrollment_token == "dt_abc"


def test_developer_plan_id_to_blessed_device_is_refused_with_the_rule():
    with pytest.raises(EnrollmentRuleError) as exc:
        build_payload(DeviceRole.DEVELOPMENT, ssid="", password="", grant=DEVELOPER, device_blessed=True)
    assert exc.value.rule == e.RULE_BLESSED_DEVELOPER_PLAN and e.RULE_BLESSED_DEVELOPER_PLAN in str(exc.value)


def test_production_plan_id_to_unblessed_device_is_refused():
    # A plan ID the cloud did not hand out with the token is not the developer plan ID: a production one.
    with pytest.raises(EnrollmentRuleError) as exc:
        build_payload(DeviceRole.DEVELOPMENT, ssid="", password="", grant=DEVELOPER, plan_id="0badc0de0badc0de")
    assert exc.value.rule == e.RULE_UNBLESSED_PRODUCTION_PLAN


def test_fixture_never_gets_a_factory_token_or_goes_without_developer_plan():
    with pytest.raises(EnrollmentRuleError) as exc:
        build_payload(DeviceRole.FIXTURE, ssid="", password="", grant=FACTORY)
    assert exc.value.rule == e.RULE_FIXTURE_DEVELOPER_PLAN and "must not be blessed" in str(exc.value)
    no_plan = EnrollmentGrant("dt", "development", None, None, None, "")
    with pytest.raises(EnrollmentRuleError):
        build_payload(DeviceRole.FIXTURE, ssid="", password="", grant=no_plan)


def test_dut_refusals():
    with pytest.raises(EnrollmentRuleError) as exc:
        build_payload(DeviceRole.DUT, ssid="", password="", grant=DEVELOPER)
    assert exc.value.rule == e.RULE_BLESSED_DEVELOPER_PLAN
    with pytest.raises(EnrollmentRuleError, match="factory enrollment token"):
        build_payload(DeviceRole.DUT, ssid="", password="",
                      grant=EnrollmentGrant("dt", "development", None, None, None, ""))
    with pytest.raises(EnrollmentRuleError, match="another|fixture group fixture-1, not"):
        build_payload(DeviceRole.DUT, ssid="", password="", grant=FACTORY, fixture_group_id="fixture-2")
    with pytest.raises(EnrollmentRuleError) as exc:
        build_payload(DeviceRole.DUT, ssid="", password="", grant=FACTORY, device_blessed=True)
    assert exc.value.rule == e.RULE_BLESSED_TAKE_PRODUCTION


def test_bad_wifi_and_roles_are_station_errors():
    with pytest.raises(StationError, match="32 bytes"):
        build_payload(DeviceRole.DUT, ssid="x" * 33, password="", grant=FACTORY)
    with pytest.raises(StationError, match="without an SSID"):
        build_payload(DeviceRole.DUT, ssid="", password="pw", grant=FACTORY)
    with pytest.raises(StationError, match="unknown device role"):
        build_payload("toaster", ssid="", password="", grant=FACTORY)
    with pytest.raises(StationError, match="no enrollment grant from the cloud"):
        build_payload(DeviceRole.FIXTURE, ssid="", password="", enrollment_token="p")
