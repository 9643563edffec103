"""Shared pytest fixtures for the cloud tests: a real emulator on 127.0.0.1 and a real client.

Import the fixtures you use in a test module (``from cloud_fixtures import emulator, client``).
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from station.cloud.client import CloudCall, CloudClient
from station.cloud.emulator.seed import DEMO_PRODUCTION_FIXTURE_GROUP, DEMO_TEST_FIXTURE_GROUP, demo_id
from station.cloud.emulator.server import EmulatorServer
from station.cloud.emulator.service import EmulatorConfig

TEST_FIXTURE = DEMO_TEST_FIXTURE_GROUP
PROD_FIXTURE = DEMO_PRODUCTION_FIXTURE_GROUP
TEST_DUT = demo_id("Test DUT")
TEST_PRODUCTION = demo_id("Test Production")
DUT = demo_id("DUT")
PRODUCTION = demo_id("Production")
DEVELOPMENT = demo_id("Development")
PRODUCT = demo_id("Demo Sensor")


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    """A fresh demo cloud (in-memory SQLite) on a free loopback port; fast webhook retries."""
    server = EmulatorServer(
        ":memory:", config=EmulatorConfig(webhook_backoff_s=0.05, webhook_backoff_max_s=0.2)
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def calls() -> list[CloudCall]:
    return []


@pytest.fixture
def client(emulator: EmulatorServer, calls: list[CloudCall]) -> Iterator[CloudClient]:
    c = CloudClient(
        emulator.url,
        emulator.login_key,
        timeout=5.0,
        on_call=calls.append,
        backoff_s=0.01,
        backoff_max_s=0.05,
    )
    try:
        yield c
    finally:
        c.close()


def raw(
    emulator: EmulatorServer,
    client: CloudClient,
    method: str,
    path: str,
    *,
    body: Any = None,
    data: bytes | None = None,
    content_type: str = "application/vnd.api+json",
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """A hand-made request with the client's token, for bad-input tests."""
    client.login()
    hdrs = {"Authorization": f"Bearer {client._token()}", "Content-Type": content_type, **(headers or {})}
    payload = data if data is not None else (json.dumps(body).encode() if body is not None else None)
    return requests.request(method, emulator.url + path, data=payload, headers=hdrs, timeout=5)


def make_duts(emulator: EmulatorServer, client: CloudClient, fixture_group: str, count: int = 1) -> list[str]:
    """DUTs that went through factory BlinkUp at ``fixture_group``: they sit in its DUT target."""
    grant = client.enroll("dut", fixture_group)
    resp = requests.post(
        emulator.root + "/_admin/devices", json={"count": count, "enrollment_token": grant.token}, timeout=30
    )
    resp.raise_for_status()
    return [d["id"] for d in resp.json()["data"]]


def enroll_device(
    emulator: EmulatorServer, token: str, mac: str | None = None, plan_id: str | None = None
) -> requests.Response:
    """What a device does after BlinkUp: report in with its enrollment token."""
    body = {
        "data": {
            "type": "device_enrollment",
            "attributes": {
                "mac_address": mac or "0c2a69" + secrets.token_hex(3),
                "enrollment_token": token,
                "plan_id": plan_id,
            },
        }
    }
    return requests.post(
        emulator.url + "/enroll/device",
        json=body,
        timeout=5,
        headers={"Content-Type": "application/vnd.api+json"},
    )


class WebhookReceiver:
    """A real HTTP server on 127.0.0.1 that records every webhook POST."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"{}")
                with outer.lock:
                    outer.received.append(payload)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
