"""Go Live: Production Zone duplicates of a Test Fixture group and its targets.

impCentral's UI does this in a few clicks; the API has no single call for it, so (like the reference
notes infer) it is client-side composition: create the production, DUT and fixture groups with the
fixture's targets, deploy the same code the Test Zone groups run, copy the blessing webhooks.

It is planned in full first (a dry run that changes nothing) and idempotent: groups that already
exist with the right type, targets and deployment are left alone, so running it twice does nothing the
second time. Every conflict is found by the plan, before anything is applied, and all of them are
refused together, each naming its group — we never "fix" a live production setup:

* two roles given the same name (the second create would fail half-way with a 409);
* a same-named group of the wrong type;
* an existing Production Zone fixture group whose targets are not the DUT and production groups Go
  Live would use — including when those do not exist yet (new groups wired to nothing, and the test
  fixture's code deployed over a live fixture);
* an existing group whose code differs from the Test Zone group's (Go Live would overwrite live code).

Applying records what it creates; a failure half-way deletes it again (newest first), so the product
is left as it was. Deployments are made to new groups, or to existing groups that have no code yet,
and those come last: the API cannot delete a deployment, so one that is left is named in the error.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from station.cloud import models as m
from station.cloud.client import CloudClient
from station.cloud.errors import CloudError
from station.errors import StationError


class GoLiveConflict(StationError):
    """The dry run found conflicts; ``conflicts`` names each one and its group. Nothing was changed."""

    def __init__(self, fixture_name: str, conflicts: list[str]) -> None:
        self.conflicts = conflicts
        lines = "\n".join(f"  - {c}" for c in conflicts)
        super().__init__(f"go-live of {fixture_name!r} refused; nothing was changed:\n{lines}")


class GoLiveFailed(StationError):
    """Applying failed half-way; what it had created was rolled back (``left`` says what could not be)."""

    def __init__(self, message: str, left: list[str]) -> None:
        self.left = left
        super().__init__(message)


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
    conflicts: list[str] = []
    for name, count in Counter(chosen.values()).items():
        if count > 1:
            roles = " and ".join(r for r in ROLES if chosen[r] == name)
            conflicts.append(f"the {roles} groups would both be named {name!r}; each needs its own name")
    in_product = {g.name: g for g in client.device_groups(product_id=fixture.product_id)}
    existing: dict[str, m.DeviceGroup | None] = {}
    for role in ROLES:
        want_type = m.GO_LIVE_TYPE[sources[role].type]
        found = in_product.get(chosen[role])
        if found is not None and found.type != want_type:
            conflicts.append(
                f"go-live would create {want_type} {chosen[role]!r}, but a {found.type} with that "
                "name already exists in the product; choose another name"
            )
            found = None
        existing[role] = found
    live_fixture = existing["fixture"]
    if live_fixture is not None:
        conflicts += _wiring_conflicts(client, live_fixture, existing["dut"], existing["production"], chosen)
    deployments = {
        role: client.deployment(g.current_deployment.id) if g.current_deployment else None
        for role, g in sources.items()
    }
    current_shas: dict[str, str | None] = {}
    for role in ROLES:
        group = existing[role]
        current_shas[role] = (
            client.deployment(group.current_deployment.id).sha
            if group is not None and group.current_deployment is not None else None
        )
        source_dep = deployments[role]
        if group is not None and current_shas[role] and source_dep is not None and current_shas[role] != source_dep.sha:
            conflicts.append(
                f"{group.type} {group.name!r} ({group.id}) is live with code {current_shas[role][:12]}; go-live "
                f"would overwrite it with the Test Zone's {source_dep.sha[:12]} — deploy it deliberately instead"
            )
    if conflicts:
        raise GoLiveConflict(fixture.name, conflicts)
    plan = GoLivePlan(fixture, sources, chosen, existing, deployments)
    for role in ROLES:
        want_type = m.GO_LIVE_TYPE[sources[role].type]
        group = existing[role]
        if group is None:
            plan.steps.append(
                Step("create_group", role, want_type, chosen[role],
                     f"duplicate of {sources[role].type} {sources[role].name!r}")
            )
        else:
            plan.steps.append(Step("keep", role, want_type, chosen[role], f"exists ({group.id})"))
        source_dep = deployments[role]
        if source_dep is not None and current_shas[role] != source_dep.sha:
            plan.steps.append(Step("deploy", role, want_type, chosen[role], f"deploy {source_dep.sha[:12]}"))
        if role == "production":
            have = {(w.url, w.event) for w in client.webhooks(group_id=group.id)} if group else set()
            for hook in client.webhooks(group_id=sources[role].id):
                if (hook.url, hook.event) not in have:
                    plan.steps.append(
                        Step("create_webhook", role, want_type, chosen[role], f"{hook.event} webhook → {hook.url}")
                    )
    return plan


def _wiring_conflicts(
    client: CloudClient,
    live: m.DeviceGroup,
    dut: m.DeviceGroup | None,
    production: m.DeviceGroup | None,
    chosen: dict[str, str],
) -> list[str]:
    """An existing production fixture group must already target exactly the groups Go Live uses."""
    out = []
    for role, target, group in (("dut", live.dut_target, dut), ("production", live.production_target, production)):
        if target is not None and group is not None and target.id == group.id:
            continue
        now = "nothing"
        if target is not None:
            try:
                now = f"{client.device_group(target.id).name!r} ({target.id})"
            except CloudError:
                now = target.id
        then = f"{group.name!r} ({group.id})" if group is not None else f"a new group {chosen[role]!r}"
        out.append(
            f"{live.type} {live.name!r} ({live.id}) is live and its {role} target is {now}, not {then}; "
            "go-live will not leave new groups wired to nothing nor retarget a live fixture group"
        )
    return out


def apply_go_live(client: CloudClient, plan: GoLivePlan) -> dict[str, m.DeviceGroup]:
    """Carry out a plan; returns the Production Zone groups by role. All or nothing (see the module)."""
    created_groups: list[m.DeviceGroup] = []
    created_hooks: list[m.Webhook] = []
    deployed_existing: list[str] = []
    try:
        groups = _apply(client, plan, created_groups, created_hooks, deployed_existing)
    except (CloudError, StationError) as exc:
        left = _roll_back(client, created_groups, created_hooks)
        left += [f"a deployment to existing group {name!r} (the API cannot delete deployments)"
                 for name in deployed_existing]
        undone = f"{len(created_groups)} group(s) and {len(created_hooks)} webhook(s) it had created were removed"
        raise GoLiveFailed(
            f"go-live of {plan.test_fixture.name!r} failed half-way ({exc}); "
            + (f"{undone}, but these are left: {'; '.join(left)}" if left else f"{undone}: the product is as it was"),
            left,
        ) from exc
    return groups


def _apply(
    client: CloudClient,
    plan: GoLivePlan,
    created_groups: list[m.DeviceGroup],
    created_hooks: list[m.Webhook],
    deployed_existing: list[str],
) -> dict[str, m.DeviceGroup]:
    groups: dict[str, m.DeviceGroup] = {}
    product_id = plan.test_fixture.product_id or ""
    later: list[tuple[str, m.DeviceGroup]] = []  # deployments to groups that already existed: last
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
            created_groups.append(group)
        groups[role] = group
        for step in plan.steps:
            if step.role != role:
                continue
            if step.action == "deploy":
                if plan.existing[role] is None:
                    _deploy(client, plan, role, group)
                else:
                    later.append((role, group))
            elif step.action == "create_webhook":
                for hook in client.webhooks(group_id=source.id):
                    if f"{hook.event} webhook → {hook.url}" == step.detail:
                        created_hooks.append(client.create_webhook(group, hook.url, hook.event, hook.content_type))
    for role, group in later:
        _deploy(client, plan, role, group)
        deployed_existing.append(group.name)
    return groups


def _deploy(client: CloudClient, plan: GoLivePlan, role: str, group: m.DeviceGroup) -> None:
    dep = plan.source_deployments[role]
    assert dep is not None
    full = client.deployment(dep.id)
    client.create_deployment(
        group, full.device_code or "", full.agent_code or "",
        description=f"go-live copy of {dep.sha[:12]}", origin="go-live",
    )


def _roll_back(client: CloudClient, groups: list[m.DeviceGroup], hooks: list[m.Webhook]) -> list[str]:
    """Delete what was created, newest first (the fixture before its targets); what could not be, named."""
    left: list[str] = []
    for hook in reversed(hooks):
        if hook.devicegroup_id in {g.id for g in groups}:
            continue  # goes with its group
        try:
            client.delete_webhook(hook.id)
        except CloudError as exc:
            left.append(f"webhook {hook.id} → {hook.url} ({exc})")
    for group in reversed(groups):
        try:
            client.delete_device_group(group.id)
        except CloudError as exc:
            left.append(f"{group.type} {group.name!r} ({group.id}): {exc}")
    return left
