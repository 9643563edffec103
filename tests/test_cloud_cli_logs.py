"""``station cloud logs`` and ``station cloud restart`` against a real emulator on 127.0.0.1."""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

import json

import pytest

from station.cli import main
from tests.cloud_fixtures import TEST_DUT, TEST_FIXTURE, calls, client, emulator, make_duts


@pytest.fixture
def env(emulator, monkeypatch):
    monkeypatch.setenv("STATION_CLOUD_ENDPOINT", emulator.url)
    monkeypatch.setenv("STATION_CLOUD_LOGIN_KEY", emulator.login_key)
    return emulator


def test_cli_restart_then_logs(env, client, capsys):
    a, b = make_duts(env, client, TEST_FIXTURE, 2)
    assert main(["cloud", "restart", "--device", a]) == 0
    assert f"restarted device {a}" in capsys.readouterr().out
    assert main(["cloud", "restart", "--group", TEST_DUT, "--conditional", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"restarted": TEST_DUT, "conditional": True}
    assert main(["cloud", "logs", b, "--lines", "2", "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert len(lines) == 2 and "SHUTDOWN_NEWSQUIRREL" in lines[-1]["msg"]
    assert main(["cloud", "logs", a]) == 0
    assert "device restarting" in capsys.readouterr().out
    assert main(["cloud", "restart", "--device", "0c2a69ffffff"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["cloud", "logs", a, "--lines", "-1"]) == 2


def test_cli_logs_follow_prints_stored_then_stops(env, client, capsys):
    [dut] = make_duts(env, client, TEST_FIXTURE)
    assert main(["cloud", "logs", dut, "--follow", "--seconds", "1", "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out and out[0]["msg"] == "device enrolled (factory token)" and out[0]["live"] is False
    assert main(["cloud", "logs", "no-such-device", "--follow", "--seconds", "10"]) == 2
    assert "no-such-device" in capsys.readouterr().err
