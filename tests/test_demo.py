"""`station demo` runs the example product on the simulated factory and records every unit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_demo_records_every_unit_with_realistic_failures(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = subprocess.run(
        [sys.executable, "-m", "station.cli", "demo", "--units", "24", "--quiet", "--db", str(db)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "24 units" in result.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "station.cli", "runs", "list", "--json", "--limit", "100", "--db", str(db)],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    runs = json.loads(listed.stdout)
    assert len(runs) == 24
    outcomes = {r["outcome"] for r in runs}
    assert outcomes == {"PASS", "FAIL"}, "the simulated population has passing units and weak regulators"
    assert {r["failure_code"] for r in runs if r["outcome"] == "FAIL"} == {"power_on.rail_3v3"}
