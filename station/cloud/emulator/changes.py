"""Changing and deleting deployments, changing webhooks (impCentral PATCH/DELETE on these).

A deployment's code is immutable: PATCH changes only ``description``, ``flagged`` and ``tags``
(shared/reference/impcentral.md §1.9). A **flagged** deployment cannot be deleted until it is
unflagged — that is what flagging is for. A deployment that is a group's minimum supported
deployment cannot be deleted either (devices would have no floor); deleting a group's current
deployment makes the group's newest remaining deployment current. A webhook's PATCH changes only
``url`` and ``content_type`` (§1.10).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from station.cloud.emulator import jsonapi as j
from station.cloud.emulator.db import dumps
from station.cloud.emulator.jsonapi import ApiError

if TYPE_CHECKING:
    from station.cloud.emulator.service import Account, CloudService

TAG_RE = re.compile(r"[A-Za-z0-9_\-*.]+")


def check_tags(tags: list[str]) -> list[str]:
    if len(",".join(tags)) > 500 or any(not TAG_RE.fullmatch(t) for t in tags):
        raise ApiError(422, "Unprocessable Entity",
                       "tags must match [A-Za-z0-9_-*.] and total at most 500 characters", "INVALID_TAGS")
    return tags


def update_deployment(service: CloudService, acct: Account, dep_id: str, attrs: dict[str, Any]) -> dict[str, Any]:
    from station.cloud.emulator.service import now_iso

    with service.db.tx() as c:
        row = service._deployment(c, acct, dep_id)
        description = attrs["description"] if attrs.get("description") is not None else row["description"]
        tags = dumps(check_tags(attrs["tags"])) if attrs.get("tags") is not None else row["tags"]
        flagged, flagger = row["flagged"], row["flagger_id"]
        if attrs.get("flagged") is not None and bool(attrs["flagged"]) != bool(row["flagged"]):
            flagged = int(bool(attrs["flagged"]))
            flagger = acct.id if flagged else None
        c.execute("UPDATE deployments SET description=?, tags=?, flagged=?, flagger_id=?, updated_at=? WHERE id=?",
                  (description, tags, flagged, flagger, now_iso(), dep_id))
        row = service._deployment(c, acct, dep_id)
        return j.deployment_resource(row, row["gtype"])


def delete_deployment(service: CloudService, acct: Account, dep_id: str) -> None:
    with service.db.tx() as c:
        row = service._deployment(c, acct, dep_id)
        if row["flagged"]:
            raise ApiError(409, "Conflict", f"deployment {dep_id} is flagged; unflag it before deleting it",
                           "DEPLOYMENT_FLAGGED")
        floor = c.execute("SELECT id, name FROM groups WHERE min_deployment=?", (dep_id,)).fetchone()
        if floor is not None:
            raise ApiError(409, "Conflict", f"deployment {dep_id} is the minimum supported deployment of device "
                           f"group {floor['name']!r}; move the minimum forward first", "DEPLOYMENT_IS_MINIMUM")
        c.execute("DELETE FROM deployments WHERE id=?", (dep_id,))
        c.execute(
            "UPDATE groups SET current_deployment=(SELECT id FROM deployments WHERE group_id=groups.id "
            "ORDER BY rowid DESC LIMIT 1) WHERE current_deployment=?", (dep_id,))
        c.execute("UPDATE devices SET deployment_id=NULL WHERE deployment_id=?", (dep_id,))


def update_webhook(service: CloudService, acct: Account, hook_id: str, attrs: dict[str, Any]) -> dict[str, Any]:
    with service.db.tx() as c:
        row = service._webhook(c, acct, hook_id)
        url = attrs["url"] if attrs.get("url") is not None else row["url"]
        ctype = attrs["content_type"] if attrs.get("content_type") is not None else row["content_type"]
        if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url):
            raise ApiError(422, "Unprocessable Entity", f"attributes.url {url!r} is not an http(s) URL",
                           "INVALID_URL")
        if ctype not in ("application/json", "application/x-www-form-urlencoded"):
            raise ApiError(422, "Unprocessable Entity", f"attributes.content_type {ctype!r} must be "
                           "application/json or application/x-www-form-urlencoded", "INVALID_CONTENT_TYPE")
        c.execute("UPDATE webhooks SET url=?, content_type=? WHERE id=?", (url, ctype, hook_id))
        row = service._webhook(c, acct, hook_id)
        return j.webhook_resource(row, row["gtype"])
