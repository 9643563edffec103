"""``station fixture sim`` and ``station fixture console`` as a person would use them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from station.cli import main
from station.drivers.fixture import FixtureClient
from station.sim.fixture_host import SimulatedFixture

pytestmark = pytest.mark.timeout(60)


def test_console_runs_commands_and_reports_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with SimulatedFixture(slots=2) as sim:
        rc = main(["fixture", "console", sim.port, "-c", "POWER 1 ON 250", "-c", "UART 1 500 LED GREEN",
                   "-c", "POWER 5", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 2  # one command failed: a station-side error
    assert out[0] == {"command": "POWER 1 ON 250", "ok": True, "values": ["ON", "250"]}
    assert out[1]["values"] == ["GREEN"]
    assert out[2]["ok"] is False and out[2]["code"] == 6


def test_sim_serves_on_a_link_until_terminated(tmp_path: Path) -> None:
    link = tmp_path / "fx.port"
    proc = subprocess.Popen(
        [sys.executable, "-m", "station.cli", "fixture", "sim", "--slots", "2", "--link", str(link),
         "--interpreter", "micropython", "--faults", "slot2:uart_silent"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == str(link.absolute())
        with FixtureClient.open(str(link)) as fx:
            assert fx.slots == 2
            fx.power(1, True)
            assert fx.uart(1, "VERSION") == "imp-sensor-fw 2.4.1"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    assert not link.exists()


def test_sim_rejects_a_bad_fault_spec(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fixture", "sim", "--faults", "slot7:brownout", "--slots", "2"]) == 2
    assert "no slot" in capsys.readouterr().err
