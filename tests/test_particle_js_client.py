"""Particle's own JavaScript client (particle-api-js, pinned in tests/node/particle) drives the emulator.

The Node test file makes every call the station uses; this starts a fresh emulator on 127.0.0.1,
makes its devices, and fails with Node's report if any call is answered differently from Particle.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess

import pytest
import requests

from station.cloud.particle import rules
from station.cloud.particle.emulator import DEMO_PLATFORM, DEMO_TEST_PRODUCT, ParticleEmulator
from tests.conftest import REPO

NODE_DIR = REPO / "tests" / "node" / "particle"


def test_particle_api_js_drives_the_emulator() -> None:
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "particle-api-js").is_dir():
        pytest.fail("particle-api-js is not installed: run `make setup` (npm ci --prefix tests/node/particle)")
    with ParticleEmulator() as emu:
        made = requests.post(emu.url + "/_admin/devices", json={"count": 2}, timeout=5).json()["devices"]
        made += requests.post(emu.url + "/_admin/devices", json={"count": 1, "platform_id": 12},
                              timeout=5).json()["devices"]
        peer = {"url": emu.url, "product": str(DEMO_TEST_PRODUCT), "token": emu.token(),
                "owner_token": emu.seed["owner_token"], "devices": made,
                "binary_v8": base64.b64encode(rules.firmware_binary(DEMO_PLATFORM, 8)).decode()}
        proc = subprocess.run([node, "--test", "--test-reporter=spec", "station_calls.test.js"], cwd=NODE_DIR,
                              env={**os.environ, "STATION_PARTICLE_PEER": json.dumps(peer)},
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "pass 7" in proc.stdout and "fail 0" in proc.stdout
