"""The emulator's rules: impCentral's group, target, assignment and factory behaviour.

Every public method is one transaction. Rules raise :class:`ApiError` with an ``errors[]`` entry that
names the problem, so a client (and a person reading the emulator's answers) knows what to fix.
Rules come from shared/reference/impcentral.md; where impCentral leaves the station's bless call
undefined we follow docs/cloud-api.md.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from station.cloud import models as m
from station.cloud.emulator import filters as flt
from station.cloud.emulator import jsonapi as j
from station.cloud.emulator import otp
from station.cloud.emulator.changes import check_tags
from station.cloud.emulator.db import Database, dumps
from station.cloud.emulator.jsonapi import ApiError, same_secret
from station.cloud.emulator.logstreams import LogHub

LOG_CALL = re.compile(r'server\.(log|error)\(\s*"((?:[^"\\\n]|\\.)*)"\s*\)')
MAC_RE = re.compile(r"^[0-9a-fA-F]{2}([:-]?)[0-9a-fA-F]{2}(?:\1[0-9a-fA-F]{2}){4}$")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def normalize_mac(value: str, field: str = "mac_address") -> str:
    """``0c2a690a1b2c``, ``0c:2a:..`` or ``0c-2a-..`` → 12 lower-case hex digits, else a 422."""
    if not isinstance(value, str) or not MAC_RE.match(value.strip()):
        raise ApiError(
            422,
            "Invalid MAC address",
            f"{field} {value!r} is not a MAC address (12 hex digits, optionally separated by ':' or '-')",
            "INVALID_MAC",
        )
    return re.sub(r"[:-]", "", value.strip()).lower()


def meant_as_mac(value: str) -> bool:
    """Colons, or dashes between pairs (``0c-2a-…``): a MAC, so a malformed one is a 422 saying so.
    Anything else that is not found (``nope-1``, an agent ID with a dash) is simply not found (404)."""
    parts = value.strip().split("-")
    return ":" in value or (len(parts) > 1 and all(len(p) == 2 for p in parts))


def looks_like_mac(value: str) -> bool:
    return (":" in value or "-" in value) and len(value) <= 17 and not value.startswith("acct")


@dataclass
class EmulatorConfig:
    """Knobs tests turn: token lifetime, rate limit, webhook retry policy, page sizes."""

    token_ttl_s: float = 3600.0
    enroll_token_ttl_s: float = 900.0
    rate_limit_per_s: float | None = None
    webhook_backoff_s: float = 0.5
    webhook_backoff_max_s: float = 30.0
    webhook_max_attempts: int = 8
    webhook_timeout_s: float = 5.0
    page_size_default: int = 20
    page_size_max: int = 100


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    plan_id: str
    unbless_key: str


class CloudService:
    """The emulated impCloud for one database."""

    def __init__(self, db: Database, config: EmulatorConfig | None = None) -> None:
        self.db = db
        self.config = config or EmulatorConfig()
        self.log_hub = LogHub()
        self.webhook_wakeup = threading.Event()
        self._forced_expiry = 0.0

    # ---------------------------------------------------------------- accounts and tokens
    def create_account(self, username: str, password: str, *, login_key: str | None = None) -> dict[str, str]:
        account = {
            "id": f"acct-{uuid.uuid4()}",
            "username": username,
            "password": password,
            "login_key": login_key or secrets.token_hex(20),
            "plan_id": secrets.token_hex(8),  # BlinkUp carries a plan ID as 8 bytes
            "unbless_key": secrets.token_hex(16),
        }
        with self.db.tx() as c:
            c.execute(
                "INSERT INTO accounts VALUES (:id,:username,:password,:login_key,:plan_id,:unbless_key)",
                account,
            )
            c.execute(
                "INSERT INTO login_keys(id, account_id, key, description, created_at) VALUES (?,?,?,?,?)",
                (account["login_key"], account["id"], account["login_key"], "initial key", now_iso()),
            )
        return account

    def account_row(self, account_id: str) -> sqlite3.Row:
        row = self.db.one("SELECT * FROM accounts WHERE id=?", (account_id,))
        if row is None:
            raise ApiError(401, "Unauthorized", "the account of this token no longer exists", "AUTH_INVALID")
        return row

    def _issue(self, c: sqlite3.Connection, account_id: str, *, with_refresh: bool) -> dict[str, Any]:
        access = secrets.token_urlsafe(32)
        ttl = self.config.token_ttl_s
        expires = time.time() + ttl
        c.execute("INSERT INTO tokens(token,kind,account_id,expires_at,created_at) VALUES (?,?,?,?,?)",
                  (access, "access", account_id, expires, now_iso()))
        body: dict[str, Any] = {
            "access_token": access,
            "expires_in": ttl,
            "expires_at": datetime.fromtimestamp(expires, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
        }
        if with_refresh:
            refresh = secrets.token_urlsafe(32)
            c.execute("INSERT INTO tokens(token,kind,account_id,expires_at,created_at) VALUES (?,?,?,?,?)",
                      (refresh, "refresh", account_id, None, now_iso()))
            body["refresh_token"] = refresh
        return body

    def login_password(self, user: str, password: str) -> dict[str, Any]:
        row = self.db.one("SELECT * FROM accounts WHERE username=?", (user,))
        if row is None or not same_secret(row["password"], password):
            raise ApiError(401, "Unauthorized", "unknown user or wrong password", "AUTH_FAILED")
        with self.db.tx() as c:
            challenge = otp.challenge(c, row["id"])
            if challenge is None:
                return self._issue(c, row["id"], with_refresh=True)
        raise challenge  # two-factor account: 403 carrying the login token (committed above)

    def login_otp(self, login_token: str, code: str | None) -> dict[str, Any]:
        """The second step of a two-factor login: the login token of step one plus the current OTP."""
        with self.db.tx() as c:
            account_id = otp.verify(c, login_token, code)
            return self._issue(c, account_id, with_refresh=True)

    def login_key(self, key: str) -> dict[str, Any]:
        row = self.db.one("SELECT * FROM login_keys WHERE key=? AND revoked=0", (key,))
        if row is None:
            raise ApiError(401, "Unauthorized", "the login key is not valid", "AUTH_INVALID_KEY")
        with self.db.tx() as c:
            c.execute("UPDATE login_keys SET last_used_at=? WHERE id=?", (now_iso(), row["id"]))
            return self._issue(c, row["account_id"], with_refresh=True)

    def refresh(self, token: str) -> dict[str, Any]:
        row = self.db.one("SELECT * FROM tokens WHERE token=? AND kind='refresh'", (token,))
        if row is None:
            raise ApiError(401, "Unauthorized", "the refresh token is not valid", "AUTH_INVALID_REFRESH")
        with self.db.tx() as c:
            return self._issue(c, row["account_id"], with_refresh=False)

    def authenticate(self, authorization: str | None) -> Account:
        if not authorization or not authorization.startswith("Bearer "):
            raise ApiError(
                401, "Unauthorized", "missing 'Authorization: Bearer <access token>' header", "AUTH_MISSING"
            )
        token = authorization[len("Bearer ") :].strip()
        row = self.db.one("SELECT * FROM tokens WHERE token=? AND kind='access'", (token,))
        if row is None:
            raise ApiError(401, "Unauthorized", "the access token is not valid", "AUTH_INVALID")
        if row["expires_at"] <= time.time() or row["expires_at"] <= self._forced_expiry:
            raise ApiError(401, "Unauthorized", "the access token has expired; refresh it", "AUTH_EXPIRED")
        acct = self.account_row(row["account_id"])
        return Account(acct["id"], acct["username"], acct["plan_id"], acct["unbless_key"])

    def expire_all_tokens(self) -> None:
        """Admin: make every access token issued so far expired (tests of the 401 path)."""
        with self.db.tx() as c:
            c.execute("UPDATE tokens SET expires_at=? WHERE kind='access'", (time.time() - 1,))

    # ---------------------------------------------------------------- lookups
    def _product(self, c: sqlite3.Connection, acct: Account, product_id: str) -> sqlite3.Row:
        row = c.execute(
            "SELECT * FROM products WHERE id=? AND account_id=?", (product_id, acct.id)
        ).fetchone()
        if row is None:
            raise ApiError(404, "Not Found", f"product {product_id!r} does not exist", "PRODUCT_NOT_FOUND")
        return row

    def _group(
        self, c: sqlite3.Connection, acct: Account, group_id: str, what: str = "device group"
    ) -> sqlite3.Row:
        row = c.execute(
            "SELECT g.* FROM groups g JOIN products p ON p.id=g.product_id WHERE g.id=? AND p.account_id=?",
            (group_id, acct.id),
        ).fetchone()
        if row is None:
            raise ApiError(404, "Not Found", f"{what} {group_id!r} does not exist", "DEVICEGROUP_NOT_FOUND")
        return row

    def _device(self, c: sqlite3.Connection, acct: Account, ident: str) -> sqlite3.Row:
        """A device by ID, MAC address or agent ID (impCentral accepts all three)."""
        # Agent IDs are base64url and may contain '-': try the exact identifiers before reading a MAC.
        row = c.execute(
            "SELECT * FROM devices WHERE (id=? OR mac=? OR agent_id=?) AND account_id=?",
            (ident, ident.lower(), ident, acct.id),
        ).fetchone()
        if row is None and looks_like_mac(ident) and meant_as_mac(ident):
            mac = normalize_mac(ident, "device identifier")
            row = c.execute("SELECT * FROM devices WHERE mac=? AND account_id=?", (mac, acct.id)).fetchone()
        if row is None:
            raise ApiError(404, "Not Found", f"device {ident!r} does not exist", "DEVICE_NOT_FOUND")
        return row

    def check_group_ref(self, acct: Account, ref: dict[str, Any], name: str = "devicegroup") -> str:
        """A relationship to a device group: its ``type`` must be the group's real type (or the generic
        ``devicegroup``), as impCentral checks it. Returns the group ID."""
        with self.db.tx() as c:
            row = self._group(c, acct, str(ref.get("id")))
        stated = ref.get("type")
        if stated not in (row["type"], "devicegroup"):
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"relationships.{name}.type is {stated!r} but device group {row['id']} is a {row['type']}",
                "RELATIONSHIP_TYPE_MISMATCH",
            )
        return str(row["id"])

    def _types(self, c: sqlite3.Connection) -> dict[str, str]:
        return {r["id"]: r["type"] for r in c.execute("SELECT id, type FROM groups")}

    def _group_type(self, c: sqlite3.Connection, group_id: str | None) -> str | None:
        if not group_id:
            return None
        row = c.execute("SELECT type FROM groups WHERE id=?", (group_id,)).fetchone()
        return row["type"] if row else None

    def _history(
        self, c: sqlite3.Connection, device_id: str, event: str, acct_id: str | None, **details: Any
    ) -> None:
        c.execute(
            "INSERT INTO device_history(device_id,timestamp,event,owner_id,actor_id,details) "
            "VALUES (?,?,?,?,?,?)",
            (device_id, now_iso(), event, acct_id, acct_id, dumps(details)),
        )

    def _log(self, c: sqlite3.Connection, device_id: str, msg: str, type_: str = "status") -> None:
        ts = now_iso()
        c.execute(
            "INSERT INTO device_logs(device_id,ts,type,msg) VALUES (?,?,?,?)",
            (device_id, ts, type_, msg),
        )
        self.db.after_commit(lambda: self.log_hub.publish(device_id, ts, type_, msg))

    def _booted(self, c: sqlite3.Connection, device_id: str, group_id: str | None, why: str) -> None:
        """The simulated device (re)starts: it runs its group's current deployment and logs so."""
        dep = None
        if group_id:
            row = c.execute(
                "SELECT d.id, d.sha FROM groups g JOIN deployments d ON d.id=g.current_deployment WHERE g.id=?",
                (group_id,),
            ).fetchone()
            dep = row
        at = now_iso()
        c.execute(
            "UPDATE devices SET deployment_id=?, state_changed_at=?, online=1"
            + (", last_enrolled_at=?" if why == "enrolled" else "")
            + " WHERE id=?",
            (dep["id"] if dep else None, at, *((at,) if why == "enrolled" else ()), device_id),
        )
        code = f"deployment {dep['sha'][:12]}" if dep else "no code (no deployment in its group)"
        self._log(c, device_id, f"device booted ({why}); running {code}", "status")
        if dep:
            # The simulated imp "runs" its code as far as logging goes: each literal server.log("...") /
            # server.error("...") of the device and agent code shows in its log, as a real one's would.
            src = c.execute("SELECT device_code, agent_code FROM deployments WHERE id=?", (dep["id"],)).fetchone()
            for side, code_text in (("server", src["device_code"]), ("agent", src["agent_code"])):
                for kind, text in LOG_CALL.findall(code_text)[:20]:
                    self._log(c, device_id, re.sub(r"\\(.)", r"\1", text)[:500],
                              f"{side}.{'error' if kind == 'error' else 'log'}")

    # ---------------------------------------------------------------- pagination
    def page(
        self, sql: str, params: tuple[Any, ...], number: int, size: int
    ) -> tuple[list[sqlite3.Row], bool]:
        """Rows of one page and whether a next page exists."""
        rows = self.db.all(f"{sql} LIMIT ? OFFSET ?", (*params, size + 1, (number - 1) * size))
        return rows[:size], len(rows) > size

    # ---------------------------------------------------------------- products
    def list_products(
        self, acct: Account, number: int, size: int, filters: flt.Filters | None = None
    ) -> tuple[list[dict[str, Any]], bool]:
        clauses, args = flt.where("products", filters or {})
        rows, more = self.page(
            f"SELECT p.* FROM products p WHERE p.account_id=?{clauses} ORDER BY p.rowid", (acct.id, *args),
            number, size
        )
        return [j.product_resource(r) for r in rows], more

    def get_product(self, acct: Account, product_id: str) -> dict[str, Any]:
        with self.db.tx() as c:
            return j.product_resource(self._product(c, acct, product_id))

    def create_product(self, acct: Account, name: str, description: str = "") -> dict[str, Any]:
        name = _require_name(name)
        with self.db.tx() as c:
            if c.execute("SELECT 1 FROM products WHERE account_id=? AND name=?", (acct.id, name)).fetchone():
                raise ApiError(
                    409, "Conflict", f"a product named {name!r} already exists", "PRODUCT_NAME_TAKEN"
                )
            pid = str(uuid.uuid4())
            c.execute("INSERT INTO products VALUES (?,?,?,?,?)", (pid, acct.id, name, description, now_iso()))
            return j.product_resource(self._product(c, acct, pid))

    def update_product(self, acct: Account, product_id: str, attrs: dict[str, Any]) -> dict[str, Any]:
        with self.db.tx() as c:
            row = self._product(c, acct, product_id)
            name = _require_name(attrs["name"]) if attrs.get("name") is not None else row["name"]
            clash = c.execute(
                "SELECT 1 FROM products WHERE account_id=? AND name=? AND id<>?", (acct.id, name, product_id)
            ).fetchone()
            if clash:
                raise ApiError(
                    409, "Conflict", f"a product named {name!r} already exists", "PRODUCT_NAME_TAKEN"
                )
            desc = attrs.get("description") if attrs.get("description") is not None else row["description"]
            c.execute("UPDATE products SET name=?, description=? WHERE id=?", (name, desc, product_id))
            return j.product_resource(self._product(c, acct, product_id))

    def delete_product(self, acct: Account, product_id: str) -> None:
        with self.db.tx() as c:
            self._product(c, acct, product_id)
            if c.execute("SELECT 1 FROM groups WHERE product_id=?", (product_id,)).fetchone():
                raise ApiError(
                    409,
                    "Conflict",
                    f"product {product_id!r} still has device groups; delete them first",
                    "PRODUCT_NOT_EMPTY",
                )
            c.execute("DELETE FROM products WHERE id=?", (product_id,))

    # ---------------------------------------------------------------- device groups
    def list_groups(
        self,
        acct: Account,
        number: int,
        size: int,
        filters: flt.Filters | None = None,
    ) -> tuple[list[dict[str, Any]], bool]:
        clauses, args = flt.where("devicegroups", filters or {})
        sql = "SELECT g.* FROM groups g JOIN products p ON p.id=g.product_id WHERE p.account_id=?" + clauses
        rows, more = self.page(sql + " ORDER BY g.rowid", (acct.id, *args), number, size)
        with self.db.tx() as c:
            types = self._types(c)
        return [j.group_resource(r, types) for r in rows], more

    def get_group(self, acct: Account, group_id: str) -> dict[str, Any]:
        with self.db.tx() as c:
            return j.group_resource(self._group(c, acct, group_id), self._types(c))

    def _check_target(
        self,
        c: sqlite3.Connection,
        acct: Account,
        fixture_type: str,
        product_id: str,
        name: str,
        target: dict[str, Any] | None,
    ) -> str:
        """A fixture group's target must exist, be in its product and be of the matching type."""
        if fixture_type not in m.FIXTURE_TYPES:
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"{name} can only be set on fixture groups "
                f"({m.PRE_FIXTURE}, {m.FIXTURE}), not on a {fixture_type}",
                "TARGET_NOT_ALLOWED",
            )
        if not target or not target.get("id"):
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"a {fixture_type} requires the relationship {name}",
                "TARGET_REQUIRED",
            )
        want = (m.DUT_TARGET_TYPE if name == "dut_target" else m.PRODUCTION_TARGET_TYPE)[fixture_type]
        row = self._group(c, acct, str(target["id"]), what=f"{name} group")
        if row["type"] != want:
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"{name} of a {fixture_type} must be a {want}; group {row['id']!r} is a {row['type']}",
                "TARGET_WRONG_TYPE",
            )
        if target.get("type") not in (row["type"], "devicegroup"):
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"relationships.{name}.type is {target.get('type')!r} but group {row['id']!r} is a {row['type']}",
                "RELATIONSHIP_TYPE_MISMATCH",
            )
        if row["product_id"] != product_id:
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"{name} {row['id']!r} belongs to another product",
                "TARGET_WRONG_PRODUCT",
            )
        return row["id"]

    def create_group(
        self, acct: Account, type_: str, attrs: dict[str, Any], rels: dict[str, dict[str, Any]]
    ) -> dict[str, Any]:
        if type_ not in m.GROUP_TYPES:
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"type {type_!r} is not a device group type; one of " + ", ".join(m.GROUP_TYPES),
                "INVALID_GROUP_TYPE",
            )
        name = _require_name(attrs.get("name"))
        product = rels.get("product")
        if not product or not product.get("id"):
            raise ApiError(
                422, "Unprocessable Entity", "relationships.product is required", "PRODUCT_REQUIRED"
            )
        lcab = attrs.get("load_code_after_blessing")
        if lcab is not None and type_ not in m.PRODUCTION_TYPES:
            raise ApiError(
                422,
                "Unprocessable Entity",
                "load_code_after_blessing is only allowed on production "
                f"and pre_production groups, not on a {type_}",
                "ATTRIBUTE_NOT_ALLOWED",
            )
        if attrs.get("region") is not None and type_ not in m.PRODUCTION_TYPES:
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"region is only allowed on production and pre_production groups, not on a {type_}",
                "ATTRIBUTE_NOT_ALLOWED",
            )
        if type_ in m.PRODUCTION_TYPES and lcab is None:
            lcab = True
        with self.db.tx() as c:
            prod = self._product(c, acct, str(product["id"]))
            dut = prod_t = None
            if type_ in m.FIXTURE_TYPES:
                dut = self._check_target(c, acct, type_, prod["id"], "dut_target", rels.get("dut_target"))
                prod_t = self._check_target(
                    c, acct, type_, prod["id"], "production_target", rels.get("production_target")
                )
            else:
                for name_ in ("dut_target", "production_target"):
                    if rels.get(name_):
                        self._check_target(c, acct, type_, prod["id"], name_, rels[name_])
            if c.execute("SELECT 1 FROM groups WHERE product_id=? AND name=?", (prod["id"], name)).fetchone():
                raise ApiError(
                    409,
                    "Conflict",
                    f"a device group named {name!r} already exists in this product",
                    "DEVICEGROUP_NAME_TAKEN",
                )
            gid = str(uuid.uuid4())
            c.execute(
                "INSERT INTO groups(id,product_id,type,name,description,env_vars,region,"
                "load_code_after_blessing,dut_target,production_target,created_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    gid,
                    prod["id"],
                    type_,
                    name,
                    attrs.get("description") or "",
                    dumps(attrs.get("env_vars") or {}),
                    attrs.get("region"),
                    None if lcab is None else int(bool(lcab)),
                    dut,
                    prod_t,
                    now_iso(),
                ),
            )
            return j.group_resource(self._group(c, acct, gid), self._types(c))

    def update_group(
        self,
        acct: Account,
        group_id: str,
        type_: str | None,
        attrs: dict[str, Any],
        rels: dict[str, dict[str, Any]],
    ) -> dict[str, Any]:
        with self.db.tx() as c:
            row = self._group(c, acct, group_id)
            if type_ and type_ not in (row["type"], "devicegroup"):
                raise ApiError(
                    409,
                    "Conflict",
                    f"group {group_id!r} is a {row['type']}; its type cannot change to {type_}",
                    "TYPE_MISMATCH",
                )
            if "region" in attrs and attrs["region"] is not None:
                raise ApiError(
                    422,
                    "Unprocessable Entity",
                    "region can only be set when a group is created",
                    "ATTRIBUTE_NOT_ALLOWED",
                )
            name = _require_name(attrs["name"]) if attrs.get("name") is not None else row["name"]
            if c.execute(
                "SELECT 1 FROM groups WHERE product_id=? AND name=? AND id<>?",
                (row["product_id"], name, group_id),
            ).fetchone():
                raise ApiError(
                    409,
                    "Conflict",
                    f"a device group named {name!r} already exists in this product",
                    "DEVICEGROUP_NAME_TAKEN",
                )
            lcab = row["load_code_after_blessing"]
            if attrs.get("load_code_after_blessing") is not None:
                if row["type"] not in m.PRODUCTION_TYPES:
                    raise ApiError(
                        422,
                        "Unprocessable Entity",
                        "load_code_after_blessing is only allowed on "
                        f"production and pre_production groups, not on a {row['type']}",
                        "ATTRIBUTE_NOT_ALLOWED",
                    )
                lcab = int(bool(attrs["load_code_after_blessing"]))
            dut, prod_t = row["dut_target"], row["production_target"]
            if rels.get("dut_target") is not None:
                dut = self._check_target(
                    c, acct, row["type"], row["product_id"], "dut_target", rels["dut_target"]
                )
            if rels.get("production_target") is not None:
                prod_t = self._check_target(
                    c, acct, row["type"], row["product_id"], "production_target", rels["production_target"]
                )
            desc = attrs["description"] if attrs.get("description") is not None else row["description"]
            env = dumps(attrs["env_vars"]) if attrs.get("env_vars") is not None else row["env_vars"]
            c.execute(
                "UPDATE groups SET name=?, description=?, env_vars=?, load_code_after_blessing=?, "
                "dut_target=?, production_target=? WHERE id=?",
                (name, desc, env, lcab, dut, prod_t, group_id),
            )
            return j.group_resource(self._group(c, acct, group_id), self._types(c))

    def delete_group(self, acct: Account, group_id: str) -> None:
        with self.db.tx() as c:
            self._group(c, acct, group_id)
            user = c.execute(
                "SELECT id, name FROM groups WHERE dut_target=? OR production_target=?", (group_id, group_id)
            ).fetchone()
            if user:
                raise ApiError(
                    409,
                    "Conflict",
                    f"device group {group_id!r} is a target of fixture group "
                    f"{user['name']!r} ({user['id']}); retarget or delete that group first",
                    "DEVICEGROUP_IS_TARGET",
                )
            if c.execute("SELECT 1 FROM devices WHERE group_id=?", (group_id,)).fetchone():
                raise ApiError(
                    409,
                    "Conflict",
                    f"device group {group_id!r} still has devices; unassign them first",
                    "DEVICEGROUP_NOT_EMPTY",
                )
            c.execute("DELETE FROM deployments WHERE group_id=?", (group_id,))
            c.execute("DELETE FROM webhooks WHERE group_id=?", (group_id,))
            c.execute("DELETE FROM groups WHERE id=?", (group_id,))

    # ---------------------------------------------------------------- devices
    def list_devices(
        self,
        acct: Account,
        number: int,
        size: int,
        filters: flt.Filters | None = None,
    ) -> tuple[list[dict[str, Any]], bool]:
        clauses, args = flt.where("devices", filters or {})
        sql = (
            "SELECT d.*, g.type AS gtype FROM devices d LEFT JOIN groups g ON g.id=d.group_id "
            "WHERE d.account_id=?" + clauses
        )
        rows, more = self.page(sql + " ORDER BY d.rowid", (acct.id, *args), number, size)
        return [j.device_resource(r, r["gtype"]) for r in rows], more

    def get_device(self, acct: Account, ident: str) -> dict[str, Any]:
        with self.db.tx() as c:
            row = self._device(c, acct, ident)
            return j.device_resource(row, self._group_type(c, row["group_id"]))

    def rename_device(self, acct: Account, ident: str, name: str | None) -> dict[str, Any]:
        with self.db.tx() as c:
            row = self._device(c, acct, ident)
            if name is not None:
                c.execute("UPDATE devices SET name=? WHERE id=?", (name[:200], row["id"]))
            row = self._device(c, acct, row["id"])
            return j.device_resource(row, self._group_type(c, row["group_id"]))

    def device_history(
        self, acct: Account, ident: str, number: int, size: int
    ) -> tuple[list[dict[str, Any]], bool]:
        with self.db.tx() as c:
            dev = self._device(c, acct, ident)
        rows, more = self.page(
            "SELECT * FROM device_history WHERE device_id=? ORDER BY id", (dev["id"],), number, size
        )
        return [
            {
                "timestamp": r["timestamp"],
                "event": r["event"],
                "owner_id": r["owner_id"],
                "actor_id": r["actor_id"],
                "details": json.loads(r["details"]),
            }
            for r in rows
        ], more

    def device_logs(
        self, acct: Account, ident: str, number: int, size: int
    ) -> tuple[list[dict[str, Any]], bool]:
        with self.db.tx() as c:
            dev = self._device(c, acct, ident)
        rows, more = self.page(
            "SELECT * FROM device_logs WHERE device_id=? ORDER BY id", (dev["id"],), number, size
        )
        return [{"ts": r["ts"], "type": r["type"], "msg": r["msg"]} for r in rows], more

    def _unbless_check(self, acct: Account, group: sqlite3.Row, key: str | None) -> None:
        if group["type"] == m.PRODUCTION:
            if not key:
                raise ApiError(
                    403,
                    "Forbidden",
                    "removing a device from a production group unblesses it and "
                    "needs the account's unblessing key in X-Electricimp-Key",
                    "UNBLESS_KEY_REQUIRED",
                )
            if not same_secret(key, acct.unbless_key):
                raise ApiError(
                    403,
                    "Forbidden",
                    "the unblessing key in X-Electricimp-Key is wrong",
                    "UNBLESS_KEY_INVALID",
                )

    def delete_device(self, acct: Account, ident: str, key: str | None) -> None:
        """Remove a device from the account; for a (test-)blessed device this is unblessing."""
        with self.db.tx() as c:
            row = self._device(c, acct, ident)
            if row["group_id"]:
                group = c.execute("SELECT * FROM groups WHERE id=?", (row["group_id"],)).fetchone()
                self._unbless_check(acct, group, key)
            self._history(c, row["id"], "deleted", acct.id, devicegroup=row["group_id"])
            c.execute(
                "UPDATE devices SET account_id=NULL, group_id=NULL, blessed_zone=NULL WHERE id=?",
                (row["id"],),
            )

    # ---------------------------------------------------------------- assignment
    def _assign_one(self, c: sqlite3.Connection, acct: Account, target: sqlite3.Row, ident: str) -> str:
        dev = self._device(c, acct, ident)
        current = (
            c.execute("SELECT * FROM groups WHERE id=?", (dev["group_id"],)).fetchone()
            if dev["group_id"]
            else None
        )
        if current is not None and current["id"] == target["id"]:
            return dev["id"]
        if target["type"] in m.PRODUCTION_TYPES:
            ok = (
                current is not None
                and dev["blessed_zone"]
                and current["type"] == target["type"]
                and current["product_id"] == target["product_id"]
            )
            if not ok:
                raise ApiError(
                    409,
                    "Conflict",
                    f"device {dev['id']} cannot be assigned to {target['type']} "
                    f"{target['name']!r} by hand: the only way into a production group is blessing, "
                    "except a blessed device moving between production groups of its own product",
                    "PRODUCTION_ASSIGN_REFUSED",
                    meta={"device_id": dev["id"]},
                )
        elif current is not None and current["type"] in m.PRODUCTION_TYPES:
            raise ApiError(
                409,
                "Conflict",
                f"device {dev['id']} is blessed (in {current['type']} "
                f"{current['name']!r}); it leaves production groups only by unblessing",
                "BLESSED_DEVICE_MOVE_REFUSED",
                meta={"device_id": dev["id"]},
            )
        c.execute("UPDATE devices SET group_id=? WHERE id=?", (target["id"], dev["id"]))
        self._history(
            c,
            dev["id"],
            "reassigned" if current is not None else "assigned",
            acct.id,
            devicegroup=target["id"],
            previous=current["id"] if current is not None else None,
        )
        return dev["id"]

    def assign(self, acct: Account, group_id: str, idents: list[str]) -> dict[str, Any]:
        """Not atomic, like impCentral: each device moves or fails on its own; failures are reported."""
        moved: list[str] = []
        failures: list[ApiError] = []
        with self.db.tx() as c:
            target = self._group(c, acct, group_id)
            for ident in idents:
                try:
                    with _savepoint(c):
                        moved.append(self._assign_one(c, acct, target, ident))
                except ApiError as exc:
                    failures.append(exc)
        return _partial(moved, failures, target["type"])

    def unassign(self, acct: Account, group_id: str, idents: list[str], key: str | None) -> dict[str, Any]:
        moved: list[str] = []
        failures: list[ApiError] = []
        with self.db.tx() as c:
            group = self._group(c, acct, group_id)
            if group["type"] in m.PRODUCTION_TYPES:
                self._unbless_check(acct, group, key)
            for ident in idents:
                try:
                    with _savepoint(c):
                        dev = self._device(c, acct, ident)
                        if dev["group_id"] != group_id:
                            raise ApiError(
                                404,
                                "Not Found",
                                f"device {dev['id']} is not in device group {group_id}",
                                "DEVICE_NOT_IN_GROUP",
                                meta={"device_id": dev["id"]},
                            )
                        c.execute(
                            "UPDATE devices SET group_id=NULL, blessed_zone=NULL WHERE id=?", (dev["id"],)
                        )
                        if group["type"] in m.PRODUCTION_TYPES:
                            self._history(c, dev["id"], "unblessed", acct.id, devicegroup=group_id)
                            self._log(c, dev["id"], "device unblessed")
                        self._history(c, dev["id"], "unassigned", acct.id, devicegroup=group_id)
                        moved.append(dev["id"])
                except ApiError as exc:
                    failures.append(exc)
        return _partial(moved, failures, None)

    # ---------------------------------------------------------------- rows owned through a group
    @staticmethod
    def _group_owned_sql(table: str) -> str:
        """Rows of ``table`` (deployments, webhooks) whose group belongs to the account, with the group's type."""
        return (f"SELECT t.*, t.rowid AS seq, g.type AS gtype FROM {table} t JOIN groups g ON g.id=t.group_id "
                "JOIN products p ON p.id=g.product_id WHERE p.account_id=?")

    def _list_group_owned(self, table: str, acct: Account, number: int, size: int,
                          filters: flt.Filters, order: str) -> tuple[list[sqlite3.Row], bool]:
        clauses, args = flt.where(table, filters)
        sql = self._group_owned_sql(table) + clauses
        return self.page(f"{sql} ORDER BY {order}", (acct.id, *args), number, size)

    def _one_group_owned(self, c: sqlite3.Connection, table: str, acct: Account, ident: str, what: str,
                         code: str) -> sqlite3.Row:
        row = c.execute(self._group_owned_sql(table) + " AND t.id=?", (acct.id, ident)).fetchone()
        if row is None:
            raise ApiError(404, "Not Found", f"{what} {ident!r} does not exist", code)
        return row

    # ---------------------------------------------------------------- deployments
    def list_deployments(
        self, acct: Account, number: int, size: int, filters: flt.Filters | None = None
    ) -> tuple[list[dict[str, Any]], bool]:
        rows, more = self._list_group_owned("deployments", acct, number, size, filters or {}, "t.rowid DESC")
        return [j.deployment_resource(r, r["gtype"]) for r in rows], more

    def _deployment(self, c: sqlite3.Connection, acct: Account, dep_id: str) -> sqlite3.Row:
        return self._one_group_owned(c, "deployments", acct, dep_id, "deployment", "DEPLOYMENT_NOT_FOUND")

    def get_deployment(self, acct: Account, dep_id: str) -> dict[str, Any]:
        with self.db.tx() as c:
            row = self._deployment(c, acct, dep_id)
            return j.deployment_resource(row, row["gtype"])

    def create_deployment(self, acct: Account, attrs: dict[str, Any], group_id: str) -> dict[str, Any]:
        for name in ("device_code", "agent_code"):
            if not isinstance(attrs.get(name), str):
                raise ApiError(
                    422, "Unprocessable Entity", f"attributes.{name} is required (a string)", "CODE_REQUIRED"
                )
        tags = check_tags(attrs.get("tags") or [])
        # Content-addressed: the same code has the same SHA wherever it is deployed (Go Live relies on it).
        sha = hashlib.sha1((attrs["device_code"] + "\0" + attrs["agent_code"]).encode()).hexdigest()
        with self.db.tx() as c:
            group = self._group(c, acct, group_id)
            dep_id = str(uuid.uuid4())
            c.execute(
                "INSERT INTO deployments(id,group_id,sha,description,device_code,agent_code,origin,flagged,tags,"
                "created_at,creator_id,flagger_id,env_vars,updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    dep_id,
                    group["id"],
                    sha,
                    attrs.get("description") or "",
                    attrs["device_code"],
                    attrs["agent_code"],
                    attrs.get("origin"),
                    int(bool(attrs.get("flagged"))),
                    dumps(tags),
                    now_iso(),
                    acct.id,
                    acct.id if attrs.get("flagged") else None,
                    dumps(attrs.get("env_vars") or {}),
                    now_iso(),
                ),
            )
            c.execute("UPDATE groups SET current_deployment=? WHERE id=?", (dep_id, group["id"]))
            row = self._deployment(c, acct, dep_id)
            return j.deployment_resource(row, row["gtype"])

    def set_min_deployment(self, acct: Account, group_id: str, dep_id: str) -> dict[str, Any]:
        with self.db.tx() as c:
            group = self._group(c, acct, group_id)
            dep = self._deployment(c, acct, dep_id)
            if dep["group_id"] != group_id:
                raise ApiError(
                    422,
                    "Unprocessable Entity",
                    f"deployment {dep_id} belongs to another device group",
                    "DEPLOYMENT_WRONG_GROUP",
                )
            if group["min_deployment"]:
                cur = self._deployment(c, acct, group["min_deployment"])
                if dep["seq"] <= cur["seq"]:
                    raise ApiError(
                        409,
                        "Conflict",
                        f"the minimum supported deployment only moves forward: "
                        f"{dep_id} is not newer than the current minimum {cur['id']}",
                        "MIN_DEPLOYMENT_BACKWARDS",
                    )
            c.execute("UPDATE groups SET min_deployment=? WHERE id=?", (dep_id, group_id))
            return j.group_resource(self._group(c, acct, group_id), self._types(c))

    # ---------------------------------------------------------------- webhooks
    def list_webhooks(
        self, acct: Account, number: int, size: int, filters: flt.Filters | None = None
    ) -> tuple[list[dict[str, Any]], bool]:
        rows, more = self._list_group_owned("webhooks", acct, number, size, filters or {}, "t.rowid")
        return [j.webhook_resource(r, r["gtype"]) for r in rows], more

    def _webhook(self, c: sqlite3.Connection, acct: Account, hook_id: str) -> sqlite3.Row:
        return self._one_group_owned(c, "webhooks", acct, hook_id, "webhook", "WEBHOOK_NOT_FOUND")

    def get_webhook(self, acct: Account, hook_id: str) -> dict[str, Any]:
        with self.db.tx() as c:
            row = self._webhook(c, acct, hook_id)
            return j.webhook_resource(row, row["gtype"])

    def create_webhook(self, acct: Account, attrs: dict[str, Any], group_id: str) -> dict[str, Any]:
        url, event, ctype = (
            attrs.get("url"),
            attrs.get("event"),
            attrs.get("content_type", "application/json"),
        )
        if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url):
            raise ApiError(
                422, "Unprocessable Entity", f"attributes.url {url!r} is not an http(s) URL", "INVALID_URL"
            )
        if event not in ("blessing", "blinkup", "deployment"):
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"attributes.event {event!r} must be blessing, blinkup or deployment",
                "INVALID_EVENT",
            )
        if ctype not in ("application/json", "application/x-www-form-urlencoded"):
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"attributes.content_type {ctype!r} must be "
                "application/json or application/x-www-form-urlencoded",
                "INVALID_CONTENT_TYPE",
            )
        with self.db.tx() as c:
            self._group(c, acct, group_id)
            hid = str(uuid.uuid4())
            c.execute(
                "INSERT INTO webhooks VALUES (?,?,?,?,?,?)", (hid, group_id, url, event, ctype, now_iso())
            )
            row = self._webhook(c, acct, hid)
            return j.webhook_resource(row, row["gtype"])

    def delete_webhook(self, acct: Account, hook_id: str) -> None:
        with self.db.tx() as c:
            self._webhook(c, acct, hook_id)
            c.execute("DELETE FROM webhooks WHERE id=?", (hook_id,))

    def webhook_deliveries(
        self, acct: Account, hook_id: str, number: int, size: int
    ) -> tuple[list[dict[str, Any]], bool]:
        with self.db.tx() as c:
            self._webhook(c, acct, hook_id)
        rows, more = self.page(
            "SELECT * FROM deliveries WHERE webhook_id=? ORDER BY rowid", (hook_id,), number, size
        )
        out = []
        for r in rows:
            attempts = self.db.all(
                "SELECT at, status_code, error FROM delivery_attempts WHERE delivery_id=? ORDER BY id",
                (r["id"],),
            )
            out.append(
                {
                    "type": "webhook_delivery",
                    "id": r["id"],
                    "attributes": {
                        "event": r["event"],
                        "device_id": r["device_id"],
                        "payload": json.loads(r["payload"]),
                        "status": r["status"],
                        "attempts": r["attempts"],
                        "last_error": r["last_error"],
                        "created_at": r["created_at"],
                        "delivered_at": r["delivered_at"],
                        "log": [dict(a) for a in attempts],
                    },
                    "relationships": {"webhook": {"type": "webhook", "id": hook_id}},
                }
            )
        return out, more

    # ---------------------------------------------------------------- factory: enrollment and blessing
    def issue_enrollment(self, acct: Account, purpose: str, fixture_group_id: str | None) -> dict[str, Any]:
        """Factory tokens for DUTs (tied to a fixture group); the developer plan ID for fixtures/dev."""
        if purpose not in ("dut", "fixture", "development"):
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"attributes.purpose {purpose!r} must be dut, fixture or development",
                "INVALID_PURPOSE",
            )
        with self.db.tx() as c:
            fixture = None
            if purpose == "dut":
                if not fixture_group_id:
                    raise ApiError(
                        422,
                        "Unprocessable Entity",
                        "a factory enrollment token for DUTs needs "
                        "relationships.devicegroup: the fixture group",
                        "FIXTURE_GROUP_REQUIRED",
                    )
                fixture = self._group(c, acct, fixture_group_id, what="fixture group")
                if fixture["type"] not in m.FIXTURE_TYPES:
                    raise ApiError(
                        422,
                        "Unprocessable Entity",
                        f"device group {fixture_group_id} is a {fixture['type']}, not a fixture group",
                        "NOT_A_FIXTURE_GROUP",
                    )
            kind = "factory" if purpose == "dut" else "development"
            # 8 bytes as 16 hex digits: what BlinkUp's TLV 5 carries (shared/reference/impcentral.md §3.2).
            token = secrets.token_hex(8)
            expires = time.time() + self.config.enroll_token_ttl_s
            c.execute(
                "INSERT INTO enroll_tokens VALUES (?,?,?,?,?,?)",
                (token, kind, fixture["id"] if fixture else None, acct.id, expires, now_iso()),
            )
            return self._enrollment_resource(acct, token, kind, fixture, expires)

    def lookup_enrollment(self, acct: Account, token: str) -> dict[str, Any]:
        """An enrollment token this account was granted, as issued: its kind, plan ID and fixture group.

        The station's payload builders take a token's kind and group from here (or from the grant),
        never from whoever holds the token.
        """
        with self.db.tx() as c:
            tok = c.execute(
                "SELECT * FROM enroll_tokens WHERE token=? AND account_id=?", (token.lower(), acct.id)
            ).fetchone()
            if tok is None or tok["expires_at"] < time.time():
                raise ApiError(404, "Not Found", "the enrollment token is unknown or expired",
                               "ENROLL_TOKEN_NOT_FOUND")
            fixture = None
            if tok["fixture_group_id"]:
                fixture = c.execute("SELECT * FROM groups WHERE id=?", (tok["fixture_group_id"],)).fetchone()
            return self._enrollment_resource(acct, tok["token"], tok["kind"], fixture, tok["expires_at"])

    @staticmethod
    def _enrollment_resource(
        acct: Account, token: str, kind: str, fixture: sqlite3.Row | None, expires: float
    ) -> dict[str, Any]:
        rels = {}
        if fixture is not None:
            rels["devicegroup"] = {"type": fixture["type"], "id": fixture["id"]}
        return {
            "type": "enrollment",
            "id": token,
            "attributes": {
                "token": token,
                "token_kind": kind,
                "plan_id": acct.plan_id if kind == "development" else None,
                "plan_kind": "developer" if kind == "development" else None,
                "expires_at": datetime.fromtimestamp(expires, UTC).isoformat(timespec="seconds"),
            },
            "relationships": rels,
        }

    def enroll_device(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """A device reporting in after BlinkUp (what the simulated DUT/fixture calls).

        A factory token lands the device in the fixture group's current ``dut_target``; a development
        token with the developer plan ID keeps it a development device. The plan-ID rules of
        shared/seeds/plan-ids-and-activation.txt are enforced: enrollment fails as the real cloud's would.
        """
        mac = normalize_mac(str(attrs.get("mac_address", "")))
        flashed_by = attrs.get("fixture_device_id")
        claimed_id = attrs.get("device_id")
        if claimed_id is not None and not re.fullmatch(r"[0-9a-f]{16}", str(claimed_id)):
            raise ApiError(422, "Invalid device ID", f"device_id {claimed_id!r} is not 16 lower-case hex digits",
                           "INVALID_DEVICE_ID")
        token = attrs.get("enrollment_token")
        plan_id = attrs.get("plan_id")
        imp_type = str(attrs.get("imp_type") or "imp005")[:32]
        with self.db.tx() as c:
            tok = c.execute("SELECT * FROM enroll_tokens WHERE token=?", (str(token),)).fetchone()
            if tok is None or tok["expires_at"] < time.time():
                raise ApiError(
                    403, "Forbidden", "the enrollment token is unknown or expired", "ENROLL_TOKEN_INVALID"
                )
            acct_row = c.execute("SELECT * FROM accounts WHERE id=?", (tok["account_id"],)).fetchone()
            dev = c.execute("SELECT * FROM devices WHERE mac=?", (mac,)).fetchone()
            blessed = dev is not None and dev["blessed_zone"] is not None
            if tok["kind"] == "factory":
                self._refuse_factory_token_misuse(c, dev, tok, flashed_by)
                if plan_id:
                    raise ApiError(
                        422,
                        "Unprocessable Entity",
                        "a factory enrollment carries no plan ID of its own; "
                        "DUTs are provisioned with the factory enrollment token only",
                        "PLAN_ID_NOT_ALLOWED",
                    )
                if blessed:
                    raise ApiError(
                        409,
                        "Conflict",
                        f"device {dev['id']} is already blessed; it cannot go through "
                        "factory BlinkUp again until it is unblessed",
                        "ALREADY_BLESSED",
                    )
                fixture = c.execute("SELECT * FROM groups WHERE id=?", (tok["fixture_group_id"],)).fetchone()
                if fixture is None:
                    raise ApiError(
                        409,
                        "Conflict",
                        "the fixture group of this token no longer exists",
                        "FIXTURE_GROUP_GONE",
                    )
                group_id = fixture["dut_target"]
            else:
                if plan_id != acct_row["plan_id"]:
                    raise ApiError(
                        403,
                        "Forbidden",
                        "a development enrollment needs the account's developer plan ID",
                        "PLAN_ID_INVALID",
                    )
                if blessed:
                    raise ApiError(
                        403,
                        "Forbidden",
                        "Do not pass a developer plan ID to a blessed device: its enrollment will fail.",
                        "DEVELOPER_PLAN_ID_ON_BLESSED_DEVICE",
                    )
                group_id = (
                    dev["group_id"] if dev is not None and dev["account_id"] == acct_row["id"] else None
                )
            if claimed_id is not None:
                other = c.execute("SELECT mac FROM devices WHERE id=?", (claimed_id,)).fetchone()
                if other is not None and other["mac"] != mac:
                    raise ApiError(409, "Conflict", f"device {claimed_id} is known with another MAC address",
                                   "DEVICE_ID_MAC_MISMATCH")
            if dev is None:
                # A real imp reports the ID burned into it; a device that does not gets one made up.
                dev_id = claimed_id or secrets.token_hex(2) + mac
                c.execute(
                    "INSERT INTO devices(id,mac,agent_id,imp_type,name,online,group_id,account_id,plan_id,"
                    "created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        dev_id,
                        mac,
                        secrets.token_urlsafe(9),
                        imp_type,
                        "",
                        1,
                        group_id,
                        acct_row["id"],
                        plan_id or acct_row["plan_id"],
                        now_iso(),
                    ),
                )
            else:
                dev_id = dev["id"]
                c.execute(
                    "UPDATE devices SET group_id=?, account_id=?, online=1, plan_id=? WHERE id=?",
                    (group_id, acct_row["id"], plan_id or acct_row["plan_id"], dev_id),
                )
            self._history(c, dev_id, "enrolled", acct_row["id"], token_kind=tok["kind"], devicegroup=group_id)
            if group_id and (dev is None or dev["group_id"] != group_id):
                self._history(c, dev_id, "assigned", acct_row["id"], devicegroup=group_id)
            self._log(c, dev_id, f"device enrolled ({tok['kind']} token)")
            self._booted(c, dev_id, group_id, "enrolled")
            row = c.execute("SELECT * FROM devices WHERE id=?", (dev_id,)).fetchone()
            return j.device_resource(row, self._group_type(c, group_id))

    def _refuse_factory_token_misuse(
        self, c: sqlite3.Connection, dev: sqlite3.Row | None, tok: sqlite3.Row, flashed_by: Any
    ) -> None:
        """A factory (DUT) token used where it must not be, refused as the real cloud would.

        * A device in a fixture group is a BlinkUp fixture: a factory token would move it into a DUT
          target and make it blessable. "If the device is a BlinkUp fixture, always use a developer
          plan ID. This device must not be blessed." (shared/seeds/plan-ids-and-activation.txt)
        * A DUT flashed by a fixture (``fixture_device_id``, what the real cloud knows from the fixture
          that ran factory BlinkUp) must carry a token of that fixture's group, not another's.
        """
        if dev is not None and dev["group_id"]:
            group = c.execute("SELECT * FROM groups WHERE id=?", (dev["group_id"],)).fetchone()
            if group is not None and group["type"] in m.FIXTURE_TYPES:
                raise ApiError(
                    403,
                    "Forbidden",
                    f"device {dev['id']} is a BlinkUp fixture of {group['type']} {group['name']!r}; a factory "
                    "(DUT) enrollment token would make it a DUT. If the device is a BlinkUp fixture, always "
                    "use a developer plan ID. This device must not be blessed.",
                    "FIXTURE_WITH_FACTORY_TOKEN",
                )
        if flashed_by is None:
            return
        fixture = c.execute(
            "SELECT * FROM devices WHERE id=? OR mac=?", (str(flashed_by), str(flashed_by))
        ).fetchone()
        group = c.execute("SELECT * FROM groups WHERE id=?", (fixture["group_id"],)).fetchone() if (
            fixture is not None and fixture["group_id"]) else None
        if group is None or group["type"] not in m.FIXTURE_TYPES:
            raise ApiError(
                403,
                "Forbidden",
                f"device {flashed_by} is not a BlinkUp fixture (not in a fixture group); "
                "factory BlinkUp works only from a fixture",
                "NOT_A_FACTORY_FIXTURE",
            )
        if group["id"] != tok["fixture_group_id"]:
            raise ApiError(
                403,
                "Forbidden",
                f"the factory enrollment token belongs to fixture group {tok['fixture_group_id']}, but the "
                f"fixture that flashed this device is in {group['type']} {group['name']!r} ({group['id']}): "
                "a token of another fixture group",
                "FIXTURE_GROUP_MISMATCH",
            )

    def bless(
        self,
        acct: Account,
        ident: str,
        passed: bool,
        fixture_group_id: str,
        test_record: dict[str, Any],
        idempotency_key: str | None,
    ) -> tuple[int, dict[str, Any]]:
        """Move a passing DUT from the fixture's DUT target to its production target, exactly once.

        Everything, including the stored answer for the idempotency key, commits in one transaction,
        so a retry after a dropped response sees the first answer and never blesses twice.
        """
        path = f"bless:{ident}"
        h = _hash(ident, passed, fixture_group_id, test_record)
        err: ApiError | None = None
        with self.db.tx() as c:
            if idempotency_key:
                stored = self._replay(c, acct, idempotency_key, "POST", path, h)
                if stored is not None:
                    return stored
            try:
                with _savepoint(c):
                    status, doc = self._bless(
                        c, acct, ident, passed, fixture_group_id, test_record, idempotency_key
                    )
            except ApiError as exc:
                if exc.status in (404, 409, 422) and idempotency_key:
                    self._remember(c, acct, idempotency_key, "POST", path, h, exc.status, exc.document())
                err = exc
            else:
                if idempotency_key:
                    self._remember(c, acct, idempotency_key, "POST", path, h, status, doc)
        if err is not None:
            raise err
        if status < 300:
            self.webhook_wakeup.set()
        return status, doc

    def replay(
        self, acct: Account, key: str, method: str, path: str, request_hash: str
    ) -> tuple[int, dict[str, Any]] | None:
        """The stored answer for an idempotency key, or None; another request under the key is a 422."""
        with self.db.tx() as c:
            return self._replay(c, acct, key, method, path, request_hash)

    def _replay(
        self, c: sqlite3.Connection, acct: Account, key: str, method: str, path: str, request_hash: str
    ) -> tuple[int, dict[str, Any]] | None:
        row = c.execute("SELECT * FROM idempotency WHERE account_id=? AND key=?", (acct.id, key)).fetchone()
        if row is None:
            return None
        if row["method"] != method or row["path"] != path or row["request_hash"] != request_hash:
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"Idempotency-Key {key!r} was already used for a different request",
                "IDEMPOTENCY_KEY_REUSED",
            )
        return row["status"], json.loads(row["body"])

    def remember(
        self,
        acct: Account,
        key: str,
        method: str,
        path: str,
        request_hash: str,
        status: int,
        doc: dict[str, Any],
    ) -> None:
        with self.db.tx() as c:
            self._remember(c, acct, key, method, path, request_hash, status, doc)

    def _remember(
        self,
        c: sqlite3.Connection,
        acct: Account,
        key: str,
        method: str,
        path: str,
        request_hash: str,
        status: int,
        doc: dict[str, Any],
    ) -> None:
        c.execute(
            "INSERT OR IGNORE INTO idempotency VALUES (?,?,?,?,?,?,?,?)",
            (acct.id, key, method, path, request_hash, status, dumps(doc), now_iso()),
        )

    def _bless(
        self,
        c: sqlite3.Connection,
        acct: Account,
        ident: str,
        passed: bool,
        fixture_group_id: str,
        test_record: dict[str, Any],
        key: str | None,
    ) -> tuple[int, dict[str, Any]]:
        dev = self._device(c, acct, ident)
        fixture = self._group(c, acct, fixture_group_id, what="fixture group")
        if fixture["type"] not in m.FIXTURE_TYPES:
            raise ApiError(
                422,
                "Unprocessable Entity",
                f"device group {fixture_group_id} is a {fixture['type']}, not a fixture group",
                "NOT_A_FIXTURE_GROUP",
            )
        if dev["blessed_zone"]:
            raise ApiError(
                409,
                "Conflict",
                f"device {dev['id']} is already blessed ({dev['blessed_zone']} zone)",
                "ALREADY_BLESSED",
            )
        if dev["group_id"] != fixture["dut_target"]:
            where = f"device group {dev['group_id']}" if dev["group_id"] else "no device group"
            raise ApiError(
                409,
                "Conflict",
                f"device {dev['id']} is in {where}, not in the DUT target "
                f"{fixture['dut_target']} of fixture group {fixture['name']!r}",
                "NOT_IN_DUT_TARGET",
            )
        zone = m.zone_of(fixture["type"]).value
        bless_id = str(uuid.uuid4())
        at = now_iso()
        prod = fixture["production_target"] if passed else None
        c.execute(
            "INSERT INTO blessings VALUES (?,?,?,?,?,?,?,?,?)",
            (bless_id, dev["id"], int(passed), fixture["id"], prod, zone, dumps(test_record), at, key),
        )
        if not passed:
            self._history(c, dev["id"], "blessing_failed", acct.id, fixture_group=fixture["id"])
            self._log(c, dev["id"], "blessing refused: the test did not pass", "server.error")
            return 422, {
                "errors": [
                    j.error_entry(
                        422,
                        "Unprocessable Entity",
                        f"device {dev['id']} did not pass its "
                        "test; the failure is recorded and the device is not blessed",
                        "BLESS_NOT_PASSED",
                    )
                ],
                "meta": {"blessing_id": bless_id},
            }
        c.execute("UPDATE devices SET group_id=?, blessed_zone=? WHERE id=?", (prod, zone, dev["id"]))
        self._history(
            c, dev["id"], "blessed", acct.id, fixture_group=fixture["id"], devicegroup=prod, zone=zone
        )
        self._log(c, dev["id"], f"device blessed into {prod} ({zone} zone)")
        self._booted(c, dev["id"], prod, "blessed")
        payload = {"device_id": dev["id"], "imp_id": _imp_id(dev["mac"])}
        for hook in c.execute("SELECT * FROM webhooks WHERE group_id=? AND event='blessing'", (prod,)):
            c.execute(
                "INSERT INTO deliveries VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    str(uuid.uuid4()),
                    hook["id"],
                    dev["id"],
                    "blessing",
                    dumps(payload),
                    "pending",
                    0,
                    time.time(),
                    None,
                    at,
                    None,
                ),
            )
        row = c.execute("SELECT * FROM blessings WHERE id=?", (bless_id,)).fetchone()
        return 201, {"data": j.blessing_resource(row, self._types(c))}

    def stats(self) -> dict[str, Any]:
        """Admin: counts tests and benchmarks check against."""
        one = self.db.one
        return {
            "blessed_devices": one("SELECT COUNT(*) AS n FROM devices WHERE blessed_zone IS NOT NULL")["n"],
            "blessings": one("SELECT COUNT(*) AS n FROM blessings WHERE passed=1")["n"],
            "failed_blessings": one("SELECT COUNT(*) AS n FROM blessings WHERE passed=0")["n"],
            "deliveries": {
                r["status"]: r["n"]
                for r in self.db.all("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status")
            },
        }


class _savepoint:
    """A nested transaction so one failing device in a batch leaves the others' changes intact."""

    _n = 0

    def __init__(self, c: sqlite3.Connection) -> None:
        self.c = c
        _savepoint._n += 1
        self.name = f"sp{_savepoint._n}"

    def __enter__(self) -> None:
        self.c.execute(f"SAVEPOINT {self.name}")

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        if exc_type is not None:
            self.c.execute(f"ROLLBACK TO {self.name}")
        self.c.execute(f"RELEASE {self.name}")
        return False


def _partial(moved: list[str], failures: list[ApiError], group_type: str | None) -> dict[str, Any]:
    doc: dict[str, Any] = {"data": [{"type": "device", "id": d} for d in moved]}
    if failures:
        statuses = {f.status for f in failures}
        # impCentral: a request naming several entities, some missing, is a 400 with one 404 per entity.
        several_missing = len(failures) > 1 and 404 in statuses
        status = statuses.pop() if len(statuses) == 1 and not several_missing else 400
        errors = []
        for f in failures:
            for e in f.errors:
                errors.append({**e, "meta": f.meta} if f.meta else e)
        err = ApiError(
            status, errors[0]["title"], errors[0]["detail"], errors[0]["code"], meta={"moved": moved}
        )
        err.errors = errors
        raise err
    return doc


def _require_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ApiError(
            422, "Unprocessable Entity", "attributes.name is required (a non-empty string)", "NAME_REQUIRED"
        )
    if len(name) > 200:
        raise ApiError(
            422, "Unprocessable Entity", "attributes.name is longer than 200 characters", "NAME_TOO_LONG"
        )
    return name.strip()


def _hash(*parts: Any) -> str:
    return hashlib.sha256(dumps(list(parts)).encode()).hexdigest()


def request_hash(*parts: Any) -> str:
    return _hash(*parts)


def _imp_id(mac: str) -> str:
    """Derived from the MAC but not the MAC, like the real blessing webhook's ``imp_id``."""
    return hashlib.sha1(("imp:" + mac).encode()).hexdigest()[:16]
