"""The provisioning payload builder: what a device is told at BlinkUp, and the combinations we refuse.

Who a device belongs to is decided at BlinkUp by its plan ID and enrollment token. Getting it wrong
does not fail loudly at the station; it fails later, in the cloud, as an enrollment that never
completes. So the builder refuses the combinations Electric Imp's guide says will fail
(shared/seeds/plan-ids-and-activation.txt) and quotes the guide's rule in the refusal:

* DUTs get a **factory enrollment token** (tied to the fixture group) and no plan ID of their own;
* fixtures and development devices get the account's **developer plan ID**;
* never a developer plan ID to a blessed device, never a production plan ID to an unblessed one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from station.cloud.models import EnrollmentGrant
from station.errors import StationError

# Quoted verbatim from shared/seeds/plan-ids-and-activation.txt (a test checks they still match).
RULE_BLESSED_DEVELOPER_PLAN = "Do not pass a developer plan ID to a blessed device: its enrollment will fail."
RULE_BLESSED_TAKE_PRODUCTION = (
    "All blessed devices take a production plan ID — only blessed devices should be distributed to end-users."
)
RULE_UNBLESSED_PRODUCTION_PLAN = "Do not pass a production plan ID to an unblessed device."
RULE_DEVELOPMENT_DEVELOPER_PLAN = (
    "If it is a prototype or other development device, always use a developer plan ID."
)
RULE_FIXTURE_DEVELOPER_PLAN = (
    "If the device is a BlinkUp fixture, always use a developer plan ID. This device must not be blessed."
)
SOURCE = "shared/seeds/plan-ids-and-activation.txt"


class DeviceRole(StrEnum):
    DUT = "dut"
    FIXTURE = "fixture"
    DEVELOPMENT = "development"


class PlanKind(StrEnum):
    DEVELOPER = "developer"
    PRODUCTION = "production"


class TokenKind(StrEnum):
    FACTORY = "factory"
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class EnrollmentRuleError(StationError):
    """A plan-ID/token combination that would fail enrollment; ``rule`` is the guide's sentence."""

    def __init__(self, message: str, rule: str | None = None) -> None:
        self.rule = rule
        quoted = f' The rule ({SOURCE}): "{rule}"' if rule else ""
        super().__init__(message + quoted)


@dataclass(frozen=True)
class ProvisioningPayload:
    """What the BlinkUp encoder flashes. The Wi-Fi password is kept out of ``repr``."""

    role: DeviceRole
    ssid: str
    password: str = field(repr=False)
    plan_id: str | None
    enrollment_token: str | None
    token_kind: TokenKind | None
    fixture_group_id: str | None = None


def build_payload(
    role: DeviceRole | str,
    *,
    ssid: str,
    password: str,
    grant: EnrollmentGrant | None = None,
    plan_id: str | None = None,
    plan_kind: PlanKind | str | None = None,
    enrollment_token: str | None = None,
    token_kind: TokenKind | str | None = None,
    device_blessed: bool = False,
    fixture_group_id: str | None = None,
) -> ProvisioningPayload:
    """Build a payload, or raise :class:`EnrollmentRuleError` saying which rule it would break.

    Pass the cloud's ``grant`` (from ``CloudClient.enroll``) or the plan ID / token with their kinds.
    ``fixture_group_id``, when given, must match the factory token's group: a DUT provisioned with
    another fixture's token would land in — and be blessed into — the wrong groups.
    """
    try:
        role = DeviceRole(role)
    except ValueError:
        raise StationError(f"unknown device role {role!r}; one of dut, fixture, development") from None
    token_group = None
    if grant is not None:
        plan_id = plan_id or grant.plan_id
        plan_kind = plan_kind or grant.plan_kind
        enrollment_token = enrollment_token or grant.token
        token_kind = token_kind or grant.token_kind
        token_group = grant.fixture_group_id
    pk = PlanKind(plan_kind) if plan_kind else None
    tk = TokenKind(token_kind) if token_kind else None
    if plan_id and pk is None:
        raise StationError("a plan ID needs its kind (developer or production) so the rules can be checked")
    if enrollment_token and tk is None:
        raise StationError("an enrollment token needs its kind (factory, development or production)")
    _check_wifi(ssid, password)

    if device_blessed and pk is PlanKind.DEVELOPER:
        raise EnrollmentRuleError(
            "refused: this device is blessed and would get a developer plan ID.", RULE_BLESSED_DEVELOPER_PLAN
        )
    if not device_blessed and pk is PlanKind.PRODUCTION:
        raise EnrollmentRuleError(
            f"refused: this {role.value} device is not blessed and would get a production plan ID.",
            RULE_UNBLESSED_PRODUCTION_PLAN,
        )
    if role is DeviceRole.DUT:
        if device_blessed:
            raise EnrollmentRuleError(
                "refused: this device is already blessed; a blessed device does not go "
                "through factory BlinkUp again until it is unblessed.",
                RULE_BLESSED_TAKE_PRODUCTION,
            )
        if pk is PlanKind.DEVELOPER:
            raise EnrollmentRuleError(
                "refused: a DUT is on its way to being blessed, so it must not get the "
                "developer plan ID; DUTs take a factory enrollment token.",
                RULE_BLESSED_DEVELOPER_PLAN,
            )
        if tk is not TokenKind.FACTORY or not enrollment_token:
            raise EnrollmentRuleError(
                "refused: a DUT needs a factory enrollment token from its fixture group "
                f"(got {tk.value + ' token' if tk else 'no token'})."
            )
        if fixture_group_id and token_group and token_group != fixture_group_id:
            raise EnrollmentRuleError(
                f"refused: the factory token belongs to fixture group {token_group}, not to "
                f"this station's fixture group {fixture_group_id}."
            )
        return ProvisioningPayload(
            role, ssid, password, None, enrollment_token, tk, token_group or fixture_group_id
        )

    rule = RULE_FIXTURE_DEVELOPER_PLAN if role is DeviceRole.FIXTURE else RULE_DEVELOPMENT_DEVELOPER_PLAN
    if tk is TokenKind.FACTORY:
        raise EnrollmentRuleError(
            f"refused: a factory enrollment token would make this {role.value} a DUT that gets blessed.", rule
        )
    if pk is not PlanKind.DEVELOPER or not plan_id:
        raise EnrollmentRuleError(
            f"refused: a {role.value} device needs the account's developer plan ID.", rule
        )
    return ProvisioningPayload(role, ssid, password, plan_id, enrollment_token, tk, None)


def _check_wifi(ssid: str, password: str) -> None:
    if len(ssid.encode("utf-8")) > 32:
        raise StationError(f"Wi-Fi SSID {ssid!r} is longer than 32 bytes")
    if len(password.encode("utf-8")) > 64:
        raise StationError("Wi-Fi password is longer than 64 bytes")
    if not ssid and password:
        raise StationError(
            "a Wi-Fi password without an SSID; leave both empty for Ethernet or cellular devices"
        )
