"""The emulator answers Electric Imp's own Node.js client, imp-central-api 1.7.0 (issue 14).

A real emulator on 127.0.0.1; ``node tests/node/imp-central/conformance.js`` drives it through the
library for every route the issue lists, errors included, and reports each check as JSON. Nothing
of the library is mocked: what passes here is what the vendor's client sees. ``make setup`` installs
the pinned package (``npm ci``).
"""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from station.cloud.client import new_idempotency_key
from station.cloud.emulator import accounts
from tests.cloud_fixtures import (
    PROD_FIXTURE,
    PRODUCT,
    PRODUCTION,
    TEST_DUT,
    TEST_FIXTURE,
    TEST_PRODUCTION,
    calls,
    client,
    emulator,
    make_duts,
)

NODE_DIR = Path(__file__).parent / "node" / "imp-central"
SCRIPT = NODE_DIR / "conformance.js"

# Every route of issue 14, by the check that covers it (the script's check names).
REQUIRED = [
    "POST /auth/token (login key)",
    "GET /accounts/{id}",
    "POST /auth (password), refresh tokens list/delete",
    "login keys list/create/update/delete (password re-check)",
    "POST /auth two-factor: 403 login_token, loginWithOTP",
    "GET /products filter[owner.id]",
    "GET /devicegroups filter[owner.id] filter[product.id] filter[type]",
    "GET /devices every filter",
    "unknown filter refused: 400 naming it",
    "device group env_vars keep numbers as given",
    "relationship type checked against the real group type",
    "POST /devicegroups/{id}/relationships/devices: 400 with one 404 per unknown device",
    "DELETE /devicegroups/{id}/relationships/devices: 404 for a device not in the group",
    "POST /devicegroups/{id}/restart and conditional_restart",
    "GET /devices/{id} attributes (agent_url...) by id and by MAC",
    "POST /devices/{id}/restart and conditional_restart; logs and history show it",
    "deployments: filters product.id flagged tags sha creator.id flagger.id owner.id",
    "PATCH/DELETE /deployments/{id}: flagged ones are protected",
    "PATCH /webhooks/{id}",
    "log stream: create, add/remove devices, events",
]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the imp-central-api conformance test needs Node.js 18+")
    if not (NODE_DIR / "node_modules" / "imp-central-api").is_dir():
        pytest.fail(f"imp-central-api is not installed in {NODE_DIR}: run `make setup` (npm ci)")
    return node


def test_imp_central_api_drives_every_route(emulator, client):
    node = _node()
    service = emulator.service
    service.create_account("line-lead", "otp-password")
    secret = accounts.enable_two_factor(service, "line-lead")
    duts = make_duts(emulator, client, TEST_FIXTURE, 2)
    [blessed] = make_duts(emulator, client, PROD_FIXTURE, 1)
    client.bless(blessed, PROD_FIXTURE, idempotency_key=new_idempotency_key())
    config = {
        "endpoint": emulator.url,
        "login_key": emulator.login_key,
        "username": "demo",
        "password": emulator.account["password"],
        "unbless_key": emulator.account["unbless_key"],
        "otp_user": "line-lead",
        "otp_password": "otp-password",
        "otp_secret": secret,
        "product": PRODUCT,
        "test_dut": TEST_DUT,
        "test_production": TEST_PRODUCTION,
        "production": PRODUCTION,
        "duts": duts,
        "blessed": blessed,
    }
    proc = subprocess.run([node, str(SCRIPT), json.dumps(config)], cwd=NODE_DIR, capture_output=True,
                          text=True, timeout=120)
    assert proc.stdout.strip(), f"no output from node (exit {proc.returncode}): {proc.stderr[-2000:]}"
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "fatal" not in report, report.get("fatal")
    failed = [f"{r['name']}: {r['detail']}" for r in report["results"] if not r["ok"]]
    assert not failed, "imp-central-api checks failed:\n" + "\n".join(failed)
    assert [r["name"] for r in report["results"]] == REQUIRED
    assert proc.returncode == 0
