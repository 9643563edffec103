"""The provisioning payload builder: what a device is told at BlinkUp, and the combinations we refuse.

Who a device belongs to is decided at BlinkUp by its plan ID and enrollment token. Getting it wrong
does not fail loudly at the station; it fails later, in the cloud, as an enrollment that never
completes. So the builder refuses the combinations Electric Imp's guide says will fail
(shared/seeds/plan-ids-and-activation.txt) and quotes the guide's rule in the refusal:

* DUTs get a **factory enrollment token** (tied to the fixture group) and no plan ID of their own;
* fixtures and development devices get the account's **developer plan ID**;
* never a developer plan ID to a blessed device, never a production plan ID to an unblessed one.

What a token *is* — factory or development, and which fixture group it belongs to — is the cloud's
word, never the caller's: :func:`build_payload` takes the cloud's :class:`EnrollmentGrant` (from
``CloudClient.enroll`` for a new token, ``CloudClient.enrollment(token)`` to look up one in hand)
and has no parameter for a token's kind. A DUT's factory token relabelled "development" or a
development token relabelled "factory" cannot get through, and neither can a factory grant that
names no fixture group or another one than the station's.

A lab sometimes needs a payload the rules refuse (a fixture re-flashed by hand, a decoder test).
:class:`EngineeringOverride` allows it, on the record: it names who and why, is written to the audit
trail (through its ``audit`` sink) before the payload is handed out, and is refused outright in the
Production Zone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from station.cloud.models import EnrollmentGrant, Zone, zone_of
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
        self.refusal = message
        quoted = f' The rule ({SOURCE}): "{rule}"' if rule else ""
        super().__init__(message + quoted)


@dataclass(frozen=True)
class OverrideRecord:
    """What an engineering override let through; the audit sink gets it before the payload exists."""

    actor: str
    reason: str
    role: str
    refused: str  # the refusal the override set aside, with its rule
    rule: str | None
    token_kind: str | None  # as the cloud's grant says, or None when there was no grant
    fixture_group_id: str | None
    zone: str | None


@dataclass(frozen=True)
class EngineeringOverride:
    """Lab use only: build a payload the rules refuse, named, explained and audited.

    ``audit`` must durably record the :class:`OverrideRecord` (the CLI writes an
    ``engineering_override`` audit event); if it raises, no payload is built. ``zone`` is the zone of
    the station config it is used under, when there is one: a Production Zone config refuses any
    override, and so does a grant whose fixture group is in the Production Zone.
    """

    actor: str
    reason: str
    audit: Callable[[OverrideRecord], None] = field(repr=False)
    zone: Zone | None = None

    def __post_init__(self) -> None:
        if not self.actor.strip() or not self.reason.strip():
            raise StationError("an engineering override needs who (actor) and why (reason)")


@dataclass(frozen=True)
class ProvisioningPayload:
    """What the BlinkUp encoder flashes. The Wi-Fi password is kept out of ``repr``.

    ``overridden`` is the refusal an engineering override set aside (None for a payload within the rules).
    """

    role: DeviceRole
    ssid: str
    password: str = field(repr=False)
    plan_id: str | None
    enrollment_token: str | None
    token_kind: TokenKind | None
    fixture_group_id: str | None = None
    overridden: str | None = None


def build_payload(
    role: DeviceRole | str,
    *,
    ssid: str,
    password: str,
    grant: EnrollmentGrant | None = None,
    plan_id: str | None = None,
    enrollment_token: str | None = None,
    device_blessed: bool = False,
    fixture_group_id: str | None = None,
    override: EngineeringOverride | None = None,
) -> ProvisioningPayload:
    """Build a payload, or raise :class:`EnrollmentRuleError` saying which rule it would break.

    ``grant`` is the cloud's word on the token: ``CloudClient.enroll(...)`` for a new one,
    ``CloudClient.enrollment(token)`` for one in hand. ``plan_id`` may restate the grant's plan ID;
    any other plan ID is one the cloud did not hand out and is refused. ``enrollment_token``, when
    given with a grant, must be the grant's token; without a grant it needs ``override``.
    ``fixture_group_id`` is the station's fixture group: a DUT's factory token must belong to it.
    """
    try:
        role = DeviceRole(role)
    except ValueError:
        raise StationError(f"unknown device role {role!r}; one of dut, fixture, development") from None
    _check_wifi(ssid, password)
    if override is not None and override.zone is Zone.PRODUCTION:
        raise EnrollmentRuleError(
            "refused: the engineering override is for the lab; this is a Production Zone station, "
            "where every payload follows the rules"
        )
    if grant is None:
        if not enrollment_token:
            raise StationError("a payload needs an enrollment token: the cloud's grant (CloudClient.enroll)")
        refusal = EnrollmentRuleError(
            "refused: no enrollment grant from the cloud, so nothing says what kind of token this is or "
            "which fixture group it belongs to (a token's kind is never taken on the caller's word; "
            "look it up with CloudClient.enrollment(token))."
        )
        if override is None:
            raise refusal
        payload = ProvisioningPayload(role, ssid, password, plan_id or None, enrollment_token, None,
                                      fixture_group_id, overridden=str(refusal))
        return _overridden(override, refusal, payload, None)
    if enrollment_token and enrollment_token.strip().lower() != grant.token.lower():
        raise StationError("the enrollment token given is not the token of the cloud's grant")
    try:
        tk = TokenKind(grant.token_kind)
    except ValueError:
        raise StationError(f"the cloud's grant has an unknown token kind {grant.token_kind!r}") from None
    granted_plan = grant.plan_id if grant.plan_kind == PlanKind.DEVELOPER else None
    given_plan = (plan_id or "").strip().lower()
    foreign_plan = bool(given_plan) and (granted_plan is None or given_plan != granted_plan.lower())
    chosen_plan = plan_id if foreign_plan else granted_plan
    refusal = _refusal(role, tk, granted_plan, foreign_plan, grant, device_blessed, fixture_group_id)
    payload = ProvisioningPayload(
        role, ssid, password,
        None if role is DeviceRole.DUT and refusal is None else chosen_plan,
        grant.token, tk,
        grant.fixture_group_id if role is DeviceRole.DUT else None,
    )
    if refusal is None:
        return payload
    if override is None:
        raise refusal
    return _overridden(override, refusal, payload, grant)


def _refusal(
    role: DeviceRole,
    tk: TokenKind,
    granted_plan: str | None,
    foreign_plan: bool,
    grant: EnrollmentGrant,
    device_blessed: bool,
    fixture_group_id: str | None,
) -> EnrollmentRuleError | None:
    """The first rule this combination breaks, or None. Every fact here came from the cloud's grant."""
    if role is not DeviceRole.DUT:
        if device_blessed and granted_plan and not foreign_plan:
            return EnrollmentRuleError(
                "refused: this device is blessed and would get a developer plan ID.", RULE_BLESSED_DEVELOPER_PLAN
            )
        if foreign_plan:
            return EnrollmentRuleError(
                f"refused: this {role.value} device would get a plan ID the cloud did not hand out with this "
                "token (the station only ever passes the account's developer plan ID, so any other is a "
                "production plan ID).",
                RULE_UNBLESSED_PRODUCTION_PLAN,
            )
    if role is DeviceRole.DUT:
        if device_blessed:
            return EnrollmentRuleError(
                "refused: this device is already blessed; a blessed device does not go "
                "through factory BlinkUp again until it is unblessed.",
                RULE_BLESSED_TAKE_PRODUCTION,
            )
        if foreign_plan:
            return EnrollmentRuleError(
                "refused: a DUT is on its way to being blessed and takes no plan ID of its own, only the "
                "factory enrollment token (a production plan ID must not go to an unblessed device either).",
                RULE_BLESSED_DEVELOPER_PLAN,
            )
        if tk is not TokenKind.FACTORY:
            if granted_plan:
                return EnrollmentRuleError(
                    f"refused: the cloud says this is a {tk.value} token with the developer plan ID; a DUT "
                    "is on its way to being blessed, so it must not get the developer plan ID; DUTs take a "
                    "factory enrollment token.",
                    RULE_BLESSED_DEVELOPER_PLAN,
                )
            return EnrollmentRuleError(
                f"refused: a DUT needs a factory enrollment token from its fixture group; the cloud says "
                f"this is a {tk.value} token."
            )
        if not grant.fixture_group_id:
            return EnrollmentRuleError(
                "refused: the cloud's factory grant names no fixture group, so nobody can say which DUT "
                "target the unit lands in or which production group it would be blessed into."
            )
        if fixture_group_id and grant.fixture_group_id != fixture_group_id:
            return EnrollmentRuleError(
                f"refused: the factory token belongs to fixture group {grant.fixture_group_id}, not to "
                f"this station's fixture group {fixture_group_id}."
            )
        return None
    rule = RULE_FIXTURE_DEVELOPER_PLAN if role is DeviceRole.FIXTURE else RULE_DEVELOPMENT_DEVELOPER_PLAN
    if tk is TokenKind.FACTORY:
        return EnrollmentRuleError(
            f"refused: the cloud says this is a factory enrollment token (fixture group "
            f"{grant.fixture_group_id or 'unknown'}); it would make this {role.value} a DUT that gets blessed.",
            rule,
        )
    if tk is TokenKind.PRODUCTION:
        return EnrollmentRuleError(
            f"refused: a production enrollment token is for end-users' devices; a {role.value} device "
            "is not blessed.",
            RULE_UNBLESSED_PRODUCTION_PLAN,
        )
    if not granted_plan:
        return EnrollmentRuleError(f"refused: a {role.value} device needs the account's developer plan ID.", rule)
    return None


def _overridden(
    override: EngineeringOverride,
    refusal: EnrollmentRuleError,
    payload: ProvisioningPayload,
    grant: EnrollmentGrant | None,
) -> ProvisioningPayload:
    """Let a refused payload through for the lab: never in the Production Zone, always audited first."""
    grant_zone = None
    if grant is not None and grant.fixture_group_type:
        try:
            grant_zone = zone_of(grant.fixture_group_type)
        except ValueError:
            grant_zone = None
    if Zone.PRODUCTION in (override.zone, grant_zone):
        raise EnrollmentRuleError(
            "refused: the engineering override is for the lab and never applies in the Production Zone "
            f"(it would have set aside: {refusal})"
        )
    zone = override.zone or grant_zone
    override.audit(
        OverrideRecord(
            actor=override.actor,
            reason=override.reason,
            role=payload.role.value,
            refused=str(refusal),
            rule=refusal.rule,
            token_kind=payload.token_kind.value if payload.token_kind else None,
            fixture_group_id=grant.fixture_group_id if grant is not None else payload.fixture_group_id,
            zone=zone.value if zone else None,
        )
    )
    return ProvisioningPayload(
        payload.role, payload.ssid, payload.password, payload.plan_id, payload.enrollment_token,
        payload.token_kind, payload.fixture_group_id, overridden=str(refusal),
    )


def _check_wifi(ssid: str, password: str) -> None:
    if len(ssid.encode("utf-8")) > 32:
        raise StationError(f"Wi-Fi SSID {ssid!r} is longer than 32 bytes")
    if len(password.encode("utf-8")) > 64:
        raise StationError("Wi-Fi password is longer than 64 bytes")
    if not ssid and password:
        raise StationError(
            "a Wi-Fi password without an SSID; leave both empty for Ethernet or cellular devices"
        )
