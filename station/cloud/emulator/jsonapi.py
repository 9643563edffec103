"""JSON:API documents and ``errors[]`` of the emulator, in impCentral v5's shapes."""

from __future__ import annotations

import hmac
import json
import sqlite3
from typing import Any

JSONAPI = "application/vnd.api+json"


def same_secret(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets of any characters (a header may carry non-ASCII)."""
    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))


class ApiError(Exception):
    """One or more JSON:API errors; the HTTP status is the first error's unless given."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        code: str,
        *,
        meta: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        extra: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.headers = headers or {}
        self.meta = meta
        first = {"status": str(status), "title": title, "detail": detail, "code": code}
        self.errors: list[dict[str, Any]] = [first, *(extra or [])]

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"errors": self.errors}
        if self.meta:
            doc["meta"] = self.meta
        return doc


def error_entry(status: int, title: str, detail: str, code: str, **more: Any) -> dict[str, Any]:
    return {"status": str(status), "title": title, "detail": detail, "code": code, **more}


def ref(type_: str | None, id_: str | None) -> dict[str, str] | None:
    if not id_:
        return None
    return {"type": type_ or "", "id": id_}


def product_resource(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "type": "product",
        "id": row["id"],
        "attributes": {
            "name": row["name"],
            "description": row["description"],
            "created_at": row["created_at"],
        },
        "relationships": {"owner": {"type": "account", "id": row["account_id"]}},
    }


def group_resource(row: sqlite3.Row, types: dict[str, str]) -> dict[str, Any]:
    """``types`` maps group ids to their type strings so target refs carry concrete types."""
    attrs: dict[str, Any] = {
        "name": row["name"],
        "description": row["description"],
        "env_vars": json.loads(row["env_vars"]),
        "created_at": row["created_at"],
    }
    if row["load_code_after_blessing"] is not None:
        attrs["load_code_after_blessing"] = bool(row["load_code_after_blessing"])
    if row["region"]:
        attrs["region"] = row["region"]
    rels: dict[str, Any] = {"product": {"type": "product", "id": row["product_id"]}}
    for name, column in (
        ("dut_target", "dut_target"),
        ("production_target", "production_target"),
    ):
        if row[column]:
            rels[name] = {"type": types.get(row[column], "devicegroup"), "id": row[column]}
    if row["current_deployment"]:
        rels["current_deployment"] = {"type": "deployment", "id": row["current_deployment"]}
    if row["min_deployment"]:
        rels["min_supported_deployment"] = {"type": "deployment", "id": row["min_deployment"]}
    return {"type": row["type"], "id": row["id"], "attributes": attrs, "relationships": rels}


def device_resource(row: sqlite3.Row, group_type: str | None) -> dict[str, Any]:
    rels: dict[str, Any] = {}
    if row["group_id"]:
        rels["devicegroup"] = {"type": group_type or "devicegroup", "id": row["group_id"]}
    return {
        "type": "device",
        "id": row["id"],
        "attributes": {
            "name": row["name"],
            "mac_address": row["mac"],
            "agent_id": row["agent_id"],
            "imp_type": row["imp_type"],
            "device_online": bool(row["online"]),
            "plan_id": row["plan_id"],
            "created_at": row["created_at"],
            **_device_runtime(row),
        },
        "relationships": rels,
    }


def _device_runtime(row: sqlite3.Row) -> dict[str, Any]:
    """What impCentral shows of a live device (attributes seen in SQ/impt; shared/reference §1.8).

    The simulated radio figures are fixed per device (derived from its MAC), so two reads agree.
    """
    keys = row.keys()
    mac = row["mac"]
    seed = int(mac[-4:], 16)
    online = bool(row["online"])
    return {
        "agent_url": f"https://agent.electricimp.com/{row['agent_id']}",
        "agent_running": online and bool(row["group_id"]) and bool("deployment_id" in keys and row["deployment_id"]),
        "swversion": "43.0.0-emulated",
        "ip_address": f"10.{(seed >> 8) % 256}.{seed % 256}.{(seed % 200) + 20}",
        "rssi": -40 - seed % 40,
        "free_memory": 80_000 + seed % 10_000,
        "last_enrolled_at": row["last_enrolled_at"] if "last_enrolled_at" in keys else None,
        "device_state_changed_at": row["state_changed_at"] if "state_changed_at" in keys else None,
    }


def deployment_resource(row: sqlite3.Row, group_type: str | None) -> dict[str, Any]:
    return {
        "type": "deployment",
        "id": row["id"],
        "attributes": {
            "sha": row["sha"],
            "description": row["description"],
            "device_code": row["device_code"],
            "agent_code": row["agent_code"],
            "origin": row["origin"],
            "flagged": bool(row["flagged"]),
            "tags": json.loads(row["tags"]),
            "env_vars": json.loads(row["env_vars"] or "{}"),
            "created_at": row["created_at"],
            "updated_at": row["updated_at"] or row["created_at"],
        },
        "relationships": _deployment_rels(row, group_type),
    }


def _deployment_rels(row: sqlite3.Row, group_type: str | None) -> dict[str, Any]:
    rels: dict[str, Any] = {"devicegroup": {"type": group_type or "devicegroup", "id": row["group_id"]}}
    if row["creator_id"]:
        rels["creator"] = {"type": "account", "id": row["creator_id"]}
    if row["flagger_id"]:
        rels["flagger"] = {"type": "account", "id": row["flagger_id"]}
    return rels


def webhook_resource(row: sqlite3.Row, group_type: str | None) -> dict[str, Any]:
    return {
        "type": "webhook",
        "id": row["id"],
        "attributes": {
            "url": row["url"],
            "event": row["event"],
            "content_type": row["content_type"],
            "created_at": row["created_at"],
        },
        "relationships": {"devicegroup": {"type": group_type or "devicegroup", "id": row["group_id"]}},
    }


def blessing_resource(row: sqlite3.Row, types: dict[str, str]) -> dict[str, Any]:
    rels: dict[str, Any] = {
        "device": {"type": "device", "id": row["device_id"]},
        "fixture_group": {
            "type": types.get(row["fixture_group_id"], "devicegroup"),
            "id": row["fixture_group_id"],
        },
    }
    if row["production_group_id"]:
        rels["production_group"] = {
            "type": types.get(row["production_group_id"], "devicegroup"),
            "id": row["production_group_id"],
        }
    return {
        "type": "blessing",
        "id": row["id"],
        "attributes": {
            "passed": bool(row["passed"]),
            "zone": row["zone"],
            "blessed_at": row["blessed_at"],
            "device_id": row["device_id"],
        },
        "relationships": rels,
    }
