"""`station demo` runs the example product on the simulated factory and records every unit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from station.sim.population import unit_fault
from tests.conftest import REPO

EXPECTED_CODE = {
    "weak 3V3 regulator": "power_on.rail_3v3",
    "self-test failure": "self_test.self_test",
    "silent console": "boot.firmware",
}


def test_demo_records_every_unit_and_fails_exactly_the_faulty_ones(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = subprocess.run(
        [sys.executable, "-m", "station.cli", "demo", "--units", "30", "--quiet", "--db", str(db)],
        capture_output=True, text=True, timeout=180, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "30 units" in result.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "station.cli", "runs", "list", "--json", "--limit", "100", "--db", str(db)],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    runs = json.loads(listed.stdout)
    assert len(runs) == 30
    for run in runs:
        fault = unit_fault(run["serial"])
        if fault is None:
            assert run["outcome"] == "PASS", run
        else:
            assert run["outcome"] == "FAIL", run
            assert run["failure_code"] == EXPECTED_CODE[fault.name]
    assert any(r["outcome"] == "FAIL" for r in runs), "the first 30 demo units include faulty ones"
