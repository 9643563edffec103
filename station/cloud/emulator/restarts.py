"""Restarts of the emulator's simulated devices: one device or a whole group, now or conditionally.

impCentral (shared/reference/impcentral.md §1.7, §1.8): ``restart`` restarts now; with
``conditional_restart`` a device already running a deployment at least as new as its group's
``min_supported_deployment`` is only sent ``SHUTDOWN_NEWSQUIRREL`` (its code decides when to
restart), while a device running older code (or code we cannot place) is restarted. A restarted
device runs its group's current deployment; both its logs and its history show what happened.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from station.cloud.emulator.jsonapi import ApiError

if TYPE_CHECKING:
    from station.cloud.emulator.service import Account, CloudService


def _seq(c: sqlite3.Connection, deployment_id: str | None) -> int | None:
    if not deployment_id:
        return None
    row = c.execute("SELECT rowid FROM deployments WHERE id=?", (deployment_id,)).fetchone()
    return None if row is None else int(row["rowid"])


def _restart_one(service: CloudService, c: sqlite3.Connection, acct: Account, dev: sqlite3.Row,
                 conditional: bool) -> str:
    """Restart (or notify) one device; returns what happened: ``restarted`` or ``notified``."""
    if dev["group_id"] is None:
        raise ApiError(409, "Conflict", f"device {dev['id']} is in no device group: it runs no code to restart",
                       "DEVICE_UNASSIGNED", meta={"device_id": dev["id"]})
    if conditional:
        group = c.execute("SELECT min_deployment FROM groups WHERE id=?", (dev["group_id"],)).fetchone()
        running, minimum = _seq(c, dev["deployment_id"]), _seq(c, group["min_deployment"])
        if running is not None and (minimum is None or running >= minimum):
            service._log(c, dev["id"], "SHUTDOWN_NEWSQUIRREL: new code is available; "
                                       "the device's code decides when to restart", "server.status")
            service._history(c, dev["id"], "shutdown_newsquirrel", acct.id, devicegroup=dev["group_id"])
            return "notified"
    service._log(c, dev["id"], "device restarting (requested from the API)", "server.status")
    service._history(c, dev["id"], "restarted", acct.id, devicegroup=dev["group_id"], conditional=conditional)
    service._booted(c, dev["id"], dev["group_id"], "restarted")
    return "restarted"


def restart_device(service: CloudService, acct: Account, ident: str, *, conditional: bool = False) -> str:
    with service.db.tx() as c:
        return _restart_one(service, c, acct, service._device(c, acct, ident), conditional)


def restart_group(service: CloudService, acct: Account, group_id: str, *,
                  conditional: bool = False) -> dict[str, int]:
    """Every device of the group; returns how many were restarted and how many only notified."""
    counts = {"restarted": 0, "notified": 0}
    with service.db.tx() as c:
        service._group(c, acct, group_id)
        for dev in c.execute("SELECT * FROM devices WHERE group_id=? ORDER BY rowid", (group_id,)).fetchall():
            counts[_restart_one(service, c, acct, dev, conditional)] += 1
    return counts
