"""`station demo --headless`: the whole flow on the simulated factory, reconciled with the cloud."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from station.sim.population import unit_fault
from tests.conftest import REPO

EXPECTED_CODE = {
    "weak 3V3 regulator": "power_on.rail_3v3",
    "self-test failure": "self_test.self_test",
    "silent console": "provision.console",
    "dead status LED": "status_led.led_seen",
}


@pytest.mark.parametrize(("backend", "script"), [("particle", None), ("libelium", None),
                                                  ("particle", "dut_tests/particle_tracker/particle_tracker.py")])
def test_headless_demo_of_40_units_reconciles_on_each_other_cloud(tmp_path: Path, backend: str,
                                                                   script: str | None) -> None:
    """The command a newcomer types, on Particle and Libelium: the shift report's reconcile decodes each
    printed label (zxing-cpp) and checks it against what the cloud holds; exit 0 only when they agree.
    The asset tracker reports its own Particle device ID: the line finds units by it, no serial lookup."""
    result = subprocess.run(
        [sys.executable, "-m", "station.cli", "demo", "--headless", "--backend", backend, "--units", "40",
         "--db", str(tmp_path / "demo.db"), *(["--script", str(REPO / script)] if script else [])],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = " ".join(result.stdout.split())  # the report wraps at the terminal's width
    assert f"{backend} cloud" in out and "40 units in" in out and "0 ERROR" in out, out
    assert "the cloud and printed labels agree" in out, out


def test_headless_demo_200_units_4_slots_agrees_with_the_cloud(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = subprocess.run(
        [sys.executable, "-m", "station.cli", "demo", "--headless", "--units", "200", "--slots", "4",
         "--db", str(db)],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "200 units in" in result.stdout
    assert "units/hour" in result.stdout and "first-pass yield" in result.stdout
    assert "agree" in result.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "station.cli", "runs", "list", "--json", "--limit", "1000", "--db", str(db)],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    runs = json.loads(listed.stdout)
    assert len(runs) == 200
    for run in runs:
        fault = unit_fault(run["serial"])
        if fault is None:
            assert run["outcome"] == "PASS", run
        else:
            assert run["outcome"] == "FAIL", run
            assert run["failure_code"] == EXPECTED_CODE[fault.name], run


def test_a_second_demo_on_the_same_database_reconciles_its_own_shift(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "station.cli", "demo", "--headless", "--units", "6", "--slots", "2",
             "--db", str(db)],
            capture_output=True, text=True, timeout=300, cwd=REPO,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "agree" in result.stdout
