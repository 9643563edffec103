"""The ``demo`` seed: one product with a Test Zone and a Production Zone factory setup.

IDs are stable (uuid5 of the names) so a demo station config can name the fixture group; the login
key, password-equivalent secrets and plan IDs are generated once per database and printed at start.
"""

from __future__ import annotations

import uuid
from typing import Any

from station.cloud import models as m
from station.cloud.emulator.service import Account, CloudService, now_iso

NAMESPACE = uuid.UUID("6f1c9c52-4f7e-4a51-9c7a-f3c1d0b7e001")
PRODUCT_NAME = "Demo Sensor"


def demo_id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"demo/{name}"))


DEMO_TEST_FIXTURE_GROUP = demo_id("Test Fixture")
DEMO_PRODUCTION_FIXTURE_GROUP = demo_id("Fixture")

_GROUPS: list[tuple[str, str, dict[str, str]]] = [
    ("Development", m.DEVELOPMENT, {}),
    ("Test Production", m.PRE_PRODUCTION, {}),
    ("Test DUT", m.PRE_DUT, {}),
    ("Test Fixture", m.PRE_FIXTURE, {"dut_target": "Test DUT", "production_target": "Test Production"}),
    ("Production", m.PRODUCTION, {}),
    ("DUT", m.DUT, {}),
    ("Fixture", m.FIXTURE, {"dut_target": "DUT", "production_target": "Production"}),
]

_CODE = {
    m.DEVELOPMENT: ("// demo application (development)\n", "// demo agent\n"),
    m.PRE_PRODUCTION: ("// demo application v1.0\n", "// demo application agent v1.0\n"),
    m.PRODUCTION: ("// demo application v1.0\n", "// demo application agent v1.0\n"),
    m.PRE_DUT: ("// DUT firmware: self-test then wait for the station\n", "// DUT agent\n"),
    m.DUT: ("// DUT firmware: self-test then wait for the station\n", "// DUT agent\n"),
    m.PRE_FIXTURE: ("// fixture firmware: factory BlinkUp on request\n", "// fixture agent\n"),
    m.FIXTURE: ("// fixture firmware: factory BlinkUp on request\n", "// fixture agent\n"),
}


def seed_demo(service: CloudService) -> dict[str, Any]:
    """Create the demo account and factory setup if the database is empty; return the account."""
    row = service.db.one("SELECT * FROM accounts WHERE username='demo'")
    if row is not None:
        return dict(row)
    account = service.create_account("demo", "demo-password")
    acct = Account(account["id"], "demo", account["plan_id"], account["unbless_key"])
    product_id = demo_id(PRODUCT_NAME)
    with service.db.tx() as c:
        c.execute(
            "INSERT INTO products VALUES (?,?,?,?,?)",
            (product_id, acct.id, PRODUCT_NAME, "demo product of the Factory Station", now_iso()),
        )
        for name, type_, targets in _GROUPS:
            lcab = 1 if type_ in m.PRODUCTION_TYPES else None
            c.execute(
                "INSERT INTO groups(id,product_id,type,name,description,env_vars,region,"
                "load_code_after_blessing,dut_target,production_target,created_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    demo_id(name),
                    product_id,
                    type_,
                    name,
                    "",
                    "{}",
                    None,
                    lcab,
                    demo_id(targets["dut_target"]) if targets else None,
                    demo_id(targets["production_target"]) if targets else None,
                    now_iso(),
                ),
            )
    for name, type_, _ in _GROUPS:
        device_code, agent_code = _CODE[type_]
        service.create_deployment(
            acct,
            {"device_code": device_code, "agent_code": agent_code, "description": f"demo {name} code"},
            demo_id(name),
        )
    # One BlinkUp fixture per fixture group, enrolled as a developer device and assigned by hand.
    for index, group in enumerate(("Test Fixture", "Fixture")):
        grant = service.issue_enrollment(acct, "fixture", None)
        dev = service.enroll_device(
            {
                "mac_address": f"0c2a69f0000{index}",
                "enrollment_token": grant["attributes"]["token"],
                "plan_id": acct.plan_id,
                "imp_type": "imp005",
            }
        )
        service.assign(acct, demo_id(group), [dev["id"]])
    return account
