"""Go Live: Production Zone duplicates of a Test Fixture group and its targets.

impCentral's UI does this in a few clicks; the API has no single call for it, so (like the reference
notes infer) it is client-side composition: create the production, DUT and fixture groups with the
fixture's targets, deploy the same code the Test Zone groups run, copy the blessing webhooks.

It is planned first (a dry run that changes nothing) and idempotent: groups that already exist with
the right type, targets and deployment are left alone, so running it twice does nothing the second time.
A same-named group of the wrong type, or an existing fixture with other targets, is a conflict we
refuse rather than "fix" in a live production setup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from station.cloud import models as m
from station.cloud.client import CloudClient
from station.errors import StationError


def production_name(test_name: str) -> str:
    """``Test Fixture`` → ``Fixture``; other names get `` (Production)``."""
    if test_name.startswith("Test ") and len(test_name) > 5:
        return test_name[5:]
    return f"{test_name} (Production)"


@dataclass(frozen=True)
class Step:
    action: str  # create_group | deploy | create_webhook | keep
    role: str  # production | dut | fixture
    group_type: str
    name: str
    detail: str


@dataclass
class GoLivePlan:
    test_fixture: m.DeviceGroup
    sources: dict[str, m.DeviceGroup]
    names: dict[str, str]
    existing: dict[str, m.DeviceGroup | None]
    source_deployments: dict[str, m.Deployment | None]
    steps: list[Step] = field(default_factory=list)

    @property
    def changes(self) -> list[Step]:
        return [s for s in self.steps if s.action != "keep"]


ROLES = ("production", "dut", "fixture")


def plan_go_live(
    client: CloudClient, fixture_group_id: str, names: dict[str, str] | None = None
) -> GoLivePlan:
    """Work out what Go Live would do; changes nothing."""
    fixture = client.device_group(fixture_group_id)
    if fixture.type != m.PRE_FIXTURE:
        raise StationError(
            f"go-live starts from a Test Fixture group ({m.PRE_FIXTURE}); {fixture.name!r} is a "
            f"{fixture.type}"
        )
    if fixture.dut_target is None or fixture.production_target is None:
        raise StationError(f"test fixture group {fixture.name!r} has no targets to duplicate")
    sources = {
        "fixture": fixture,
        "dut": client.device_group(fixture.dut_target.id),
        "production": client.device_group(fixture.production_target.id),
    }
    chosen = {role: (names or {}).get(role) or production_name(sources[role].name) for role in ROLES}
    in_product = {g.name: g for g in client.device_groups(product_id=fixture.product_id)}
    existing: dict[str, m.DeviceGroup | None] = {}
    for role in ROLES:
        want_type = m.GO_LIVE_TYPE[sources[role].type]
        found = in_product.get(chosen[role])
        if found is not None and found.type != want_type:
            raise StationError(
                f"go-live would create {want_type} {chosen[role]!r}, but a {found.type} with that "
                "name already exists in the product; choose another name"
            )
        existing[role] = found
    deployments = {
        role: client.deployment(g.current_deployment.id) if g.current_deployment else None
        for role, g in sources.items()
    }
    plan = GoLivePlan(fixture, sources, chosen, existing, deployments)
    for role in ROLES:
        want_type = m.GO_LIVE_TYPE[sources[role].type]
        group = existing[role]
        if group is None:
            plan.steps.append(
                Step(
                    "create_group",
                    role,
                    want_type,
                    chosen[role],
                    f"duplicate of {sources[role].type} {sources[role].name!r}",
                )
            )
        elif role == "fixture":
            dut, prod = existing["dut"], existing["production"]
            if (group.dut_target and dut and group.dut_target.id != dut.id) or (
                group.production_target and prod and group.production_target.id != prod.id
            ):
                raise StationError(
                    f"production fixture group {group.name!r} already exists with other targets; "
                    "go-live will not retarget a live fixture group"
                )
            plan.steps.append(Step("keep", role, want_type, chosen[role], f"exists ({group.id})"))
        else:
            plan.steps.append(Step("keep", role, want_type, chosen[role], f"exists ({group.id})"))
        source_dep = deployments[role]
        if source_dep is not None:
            current_sha = None
            if group is not None and group.current_deployment is not None:
                current_sha = client.deployment(group.current_deployment.id).sha
            if current_sha != source_dep.sha:
                plan.steps.append(
                    Step("deploy", role, want_type, chosen[role], f"deploy {source_dep.sha[:12]}")
                )
        if role == "production":
            have = {(w.url, w.event) for w in client.webhooks(group_id=group.id)} if group else set()
            for hook in client.webhooks(group_id=sources[role].id):
                if (hook.url, hook.event) not in have:
                    plan.steps.append(
                        Step(
                            "create_webhook",
                            role,
                            want_type,
                            chosen[role],
                            f"{hook.event} webhook → {hook.url}",
                        )
                    )
    return plan


def apply_go_live(client: CloudClient, plan: GoLivePlan) -> dict[str, m.DeviceGroup]:
    """Carry out a plan; returns the Production Zone groups by role."""
    groups: dict[str, m.DeviceGroup] = {}
    product_id = plan.test_fixture.product_id or ""
    for role in ROLES:
        source = plan.sources[role]
        group = plan.existing[role]
        if group is None:
            if role == "fixture":
                group = client.create_device_group(
                    m.FIXTURE,
                    plan.names[role],
                    product_id,
                    description=f"go-live of {source.id}",
                    dut_target=m.Ref(groups["dut"].type, groups["dut"].id),
                    production_target=m.Ref(groups["production"].type, groups["production"].id),
                )
            else:
                group = client.create_device_group(
                    m.GO_LIVE_TYPE[source.type],
                    plan.names[role],
                    product_id,
                    description=f"go-live of {source.id}",
                    load_code_after_blessing=source.load_code_after_blessing
                    if role == "production"
                    else None,
                )
        groups[role] = group
        for step in plan.steps:
            if step.role != role:
                continue
            if step.action == "deploy":
                dep = plan.source_deployments[role]
                assert dep is not None
                full = client.deployment(dep.id)
                client.create_deployment(
                    group,
                    full.device_code or "",
                    full.agent_code or "",
                    description=f"go-live copy of {dep.sha[:12]}",
                    origin="go-live",
                )
            elif step.action == "create_webhook":
                for hook in client.webhooks(group_id=source.id):
                    if f"{hook.event} webhook → {hook.url}" == step.detail:
                        client.create_webhook(group, hook.url, hook.event, hook.content_type)
    return groups
