"""Engineer actions in one place: reassign, unbless, acknowledge a target change, reprint a label.

The operator window's engineer tools (F3, the F2 dialog) and the CLI (``station cloud reassign``,
``station cloud unbless``, ``station label queue --reprint``) both call these methods, so a rule
cannot hold at one door and not the other (issue 12 found the window writing the audit trail and
the CLI checking the production group, each doing only half). Every action:

- needs the right role (:data:`~station.flow.roles.ENGINEER` for anything that moves a unit or
  prints a second label; acknowledging a Production Zone change too);
- needs a reason and an audit trail, and is written to it (``station.store.audit``) *after* the
  cloud or the printer accepted it, so the trail never claims what did not happen;
- checks the cloud's own rules first so a refusal is ours and says why in plain words: only a
  blessed unit (in a production group) is reassigned or unblessed, only into a production group of
  the same zone and product, and unblessing a Production Device needs the account's unblessing key,
  read from the environment (never a file, a field or a log).

No Qt here: the window runs these on its action worker, the CLI calls them directly.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from station.cloud import models as m
from station.cloud.client import CloudClient
from station.errors import InputError
from station.flow.roles import Actor
from station.records import LabelJob

UNBLESS_KEY_ENV = "STATION_CLOUD_UNBLESS_KEY"


class EngineerRefused(InputError):
    """An engineer action broke a rule (role, reason, group, key); nothing was changed."""


class Audit(Protocol):
    def record(self, actor: str, action: str, subject: str, reason: str, details: dict[str, Any] | None = None
               ) -> Any: ...


class LabelJobs(Protocol):
    """What reprinting needs of the print queue (:class:`station.drivers.print_queue.PrintQueue`)."""

    def jobs(self, status: str | None = None) -> list[LabelJob]: ...
    def reprint(self, job_id: str, *, operator: str, reason: str) -> LabelJob: ...


class Targets(Protocol):
    """What acknowledging needs of :class:`station.cloud.sync.TargetSync`."""

    pending: Any
    state: Any

    def acknowledge(self) -> None: ...


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What an action did, in a sentence for the screen or the terminal, and as data for ``--json``."""

    action: str
    subject: str
    message: str
    details: Mapping[str, Any] = field(default_factory=dict)


def is_production_change(pending: Any) -> bool:
    """Whether a pending target change touches the Production Zone (before or after)."""
    zones = {getattr(pending.current, "zone", None), getattr(getattr(pending, "previous", None), "zone", None)}
    return "production" in zones


class EngineerActions:
    """The one API for the station's dangerous actions; see the module docstring for the rules."""

    def __init__(
        self,
        *,
        new_client: Callable[[], CloudClient] | None,
        audit: Audit | None,
        targets: Targets | None = None,
        labels: LabelJobs | None = None,
        unbless_key_env: str = UNBLESS_KEY_ENV,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.new_client = new_client
        self.audit = audit
        self.targets = targets
        self.labels = labels
        self.unbless_key_env = unbless_key_env
        self._environ = environ

    # -- the rules ----------------------------------------------------------------------------
    def _check(self, actor: Actor, action: str, reason: str, *, engineer: bool = True) -> str:
        if not actor.badge.strip():
            raise EngineerRefused(f"{action}: nobody is signed in; scan a badge first")
        if engineer and not actor.is_engineer:
            raise EngineerRefused(f"{action} needs an engineer's badge; {actor.badge} is signed in as {actor.role}")
        reason = reason.strip()
        if not reason:
            raise EngineerRefused(f"{action} needs a reason: it goes into the audit trail")
        if self.audit is None:
            raise EngineerRefused(f"{action} refused: this station has no audit trail to record it in")
        return reason

    def _client(self) -> CloudClient:
        if self.new_client is None:
            raise EngineerRefused("no cloud is configured for this station")
        return self.new_client()

    @staticmethod
    def _blessed_group(client: CloudClient, device: m.Device) -> m.DeviceGroup:
        if device.group_id is None:
            raise EngineerRefused(f"device {device.id} is not in any group: it is not blessed")
        group = client.device_group(device.group_id)
        if group.type not in m.PRODUCTION_TYPES:
            raise EngineerRefused(f"device {device.id} is in {group.name!r} ({group.type}), not a production "
                                  "group: it is not blessed")
        return group

    # -- actions ------------------------------------------------------------------------------
    def reassign(self, actor: Actor, device_ref: str, to_group: str, reason: str) -> ActionResult:
        """Move a blessed unit to another production group of the same zone and product."""
        reason = self._check(actor, "reassign", reason)
        if not device_ref.strip() or not to_group.strip():
            raise EngineerRefused("reassign needs the device and the production group to move it to")
        client = self._client()
        try:
            device = client.device(device_ref.strip())
            source = self._blessed_group(client, device)
            target = client.device_group(to_group.strip())
            if target.type not in m.PRODUCTION_TYPES:
                raise EngineerRefused(f"{target.name!r} is a {target.type}, not a production group: a blessed "
                                      "unit can only move between production groups")
            if target.zone is not source.zone:
                raise EngineerRefused(f"{target.name!r} is in the {target.zone.value} zone and the unit in the "
                                      f"{source.zone.value} zone: reassign stays within one zone")
            if source.product_id and target.product_id and source.product_id != target.product_id:
                raise EngineerRefused(f"{target.name!r} belongs to another product than {source.name!r}")
            if target.id == source.id:
                raise EngineerRefused(f"device {device.id} is already in {target.name!r}")
            client.assign_devices(target.id, [device.id])
        finally:
            client.close()
        details = {"from": source.id, "from_name": source.name, "to": target.id, "to_name": target.name,
                   "zone": target.zone.value}
        assert self.audit is not None
        self.audit.record(actor.badge, "reassign", device.id, reason, details)
        return ActionResult("reassign", device.id, f"{device.id} moved from {source.name} to {target.name}", details)

    def unbless(self, actor: Actor, device_ref: str, reason: str) -> ActionResult:
        """Take a blessed unit out of its production group so it can go through the factory again."""
        reason = self._check(actor, "unbless", reason)
        if not device_ref.strip():
            raise EngineerRefused("unbless needs the device")
        client = self._client()
        try:
            device = client.device(device_ref.strip())
            group = self._blessed_group(client, device)
            key = None
            if group.type == m.PRODUCTION:
                environ = self._environ if self._environ is not None else os.environ
                key = (environ.get(self.unbless_key_env) or "").strip()
                if not key:
                    raise EngineerRefused(f"device {device.id} is a Production Device: unblessing it needs the "
                                          f"account's unblessing key in ${self.unbless_key_env}")
            client.unassign_devices(group.id, [device.id], unbless_key=key)
        finally:
            client.close()
        details = {"group": group.id, "group_name": group.name, "zone": group.zone.value}
        assert self.audit is not None
        self.audit.record(actor.badge, "unbless", device.id, reason, details)
        return ActionResult("unbless", device.id, f"{device.id} unblessed from {group.name}: it can be tested again",
                            details)

    def acknowledge_targets(self, actor: Actor, reason: str = "cloud targets acknowledged") -> ActionResult:
        """The operator (an engineer for a Production Zone change) has read what changed."""
        if self.targets is None or self.targets.pending is None:
            raise EngineerRefused("nothing to acknowledge: the cloud targets have not changed")
        pending = self.targets.pending
        reason = self._check(actor, "acknowledging a Production Zone target change", reason,
                             engineer=is_production_change(pending))
        change = pending.describe()
        self.targets.acknowledge()
        state = self.targets.state
        subject = state.fixture_group_id if state is not None else ""
        details = {"change": change, "role": actor.role, **(state.to_dict() if state is not None else {})}
        assert self.audit is not None
        self.audit.record(actor.badge, "config_change", subject, reason, details)
        return ActionResult("acknowledge", subject, f"targets acknowledged by {actor.badge}: {change}", details)

    def reprint(self, actor: Actor, ref: str, reason: str) -> ActionResult:
        """Print a unit's label again: ``ref`` is a run ID or a label job ID (a unique prefix will do)."""
        reason = self._check(actor, "reprint", reason)
        if self.labels is None:
            raise EngineerRefused("this station has no label printer")
        ref = ref.strip()
        if not ref:
            raise EngineerRefused("reprint needs the run or the label job")
        jobs = [j for j in self.labels.jobs() if not j.reprint_of]
        matches = [j for j in jobs if j.run_id == ref] or \
                  [j for j in jobs if j.job_id.startswith(ref) or j.run_id.startswith(ref)]
        if not matches:
            raise EngineerRefused(f"no label was printed for {ref!r}: only a blessed unit has a label")
        if len({j.job_id for j in matches}) > 1 and not any(j.run_id == ref for j in matches):
            raise EngineerRefused(f"{ref!r} matches more than one label job: give more of the ID")
        original = matches[-1]
        job = self.labels.reprint(original.job_id, operator=actor.badge, reason=reason)
        details = {"job_id": job.job_id, "reprint_of": original.job_id, "run_id": original.run_id,
                   "status": job.status}
        assert self.audit is not None
        self.audit.record(actor.badge, "reprint", original.run_id or original.job_id, reason, details)
        return ActionResult("reprint", original.run_id, f"label reprinted ({job.status})", details)
