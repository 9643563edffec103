"""`station run` and `station runs` as a person uses them: real subprocesses, real SQLite files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

EXAMPLE = REPO / "dut_tests" / "imp_sensor" / "imp_sensor.py"


def station(*args: str, db: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station.cli", *args, "--db", str(db)],
        capture_output=True, text=True, timeout=timeout, cwd=REPO,
    )


def runs(db: Path, *args: str) -> list[dict]:
    result = station("runs", "list", "--json", *args, db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_example_script_passes_with_full_json_record(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = station("run", str(EXAMPLE), "--serial", "SN1", "--sim", "--json", db=db)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["outcome"] == "PASS" and record["serial"] == "SN1"
    assert len(record["steps"]) >= 6
    assert len(record["script"]["sha256"]) == 64 and len(record["limits"]["sha256"]) == 64
    rail = next(m for s in record["steps"] for m in s["measurements"] if m["name"] == "rail_3v3")
    assert rail["unit"] == "V" and rail["limits"]["low"] == 3.2 and rail["limits"]["high"] == 3.4
    assert record["mac"] and record["device_id"]
    # the same record comes back from the store
    shown = station("runs", "show", record["run_id"][:8], "--json", db=db)
    assert json.loads(shown.stdout) == record


def test_failing_limits_file_exits_1_naming_the_measurement(tmp_path: Path) -> None:
    limits = tmp_path / "tight.toml"
    tight = '\n[variants.tight.power_on.rail_3v3]\nlow = 3.39\n'
    limits.write_text((EXAMPLE.parent / "limits.toml").read_text() + tight)
    db = tmp_path / "s.db"
    result = station("run", str(EXAMPLE), "--serial", "SN2", "--sim", "--json", "--limits", str(limits),
                     "--variant", "tight", db=db)
    assert result.returncode == 1, result.stderr
    record = json.loads(result.stdout)
    assert record["outcome"] == "FAIL"
    assert record["failure_code"] == "power_on.rail_3v3"
    assert record["steps"][-1]["name"] == "power_off", "teardown still ran"


def test_step_that_raises_exits_2_as_error(tmp_path: Path) -> None:
    script = tmp_path / "broken.py"
    script.write_text(
        "from station.testkit import Script\n"
        "script = Script('broken', product='p', version='1')\n"
        "@script.step\n"
        "def explode(ctx):\n"
        "    raise RuntimeError('relay K3 welded')\n"
    )
    db = tmp_path / "s.db"
    result = station("run", str(script), "--serial", "SN3", "--json", db=db)
    assert result.returncode == 2
    record = json.loads(result.stdout)
    assert record["outcome"] == "ERROR" and "relay K3 welded" in record["failure_reason"]
    assert runs(db)[0]["outcome"] == "ERROR"


@pytest.mark.parametrize(
    ("case", "expect"),
    [
        ("missing_script", "nope.py: script not found"),
        ("syntax_error", "bad.py:3: syntax error"),
        ("unknown_measurement", "limits.toml:5: unknown measurement 'rail_5v'"),
        ("malformed_toml", "limits.toml:2: malformed TOML"),
        ("import_error", "imports.py:2: the script raised ModuleNotFoundError"),
    ],
)
def test_bad_input_exits_2_naming_file_and_line_and_records_nothing(tmp_path: Path, case: str, expect: str) -> None:
    args: list[str]
    if case == "missing_script":
        args = [str(tmp_path / "nope.py")]
    elif case == "syntax_error":
        (tmp_path / "bad.py").write_text("from station.testkit import Script\n\ndef oops(:\n")
        args = [str(tmp_path / "bad.py")]
    elif case == "import_error":
        (tmp_path / "imports.py").write_text("from station.testkit import Script\nimport no_such_module_here\n")
        args = [str(tmp_path / "imports.py")]
    else:
        limits = tmp_path / "limits.toml"
        limits.write_text(
            "[power_on.rail_3v3]\nlow = 3.2\nhigh = 3.4\n\n[power_on.rail_5v]\nlow = 1\n"
            if case == "unknown_measurement"
            else "[power_on.rail_3v3]\nlow = = 3\n"
        )
        args = [str(EXAMPLE), "--limits", str(limits), "--sim"]
    db = tmp_path / "s.db"
    result = station("run", *args, "--serial", "SNX", db=db)
    assert result.returncode == 2
    assert expect in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert runs(db) == [], "bad input never creates a run, let alone a PASS"


def test_kill_9_mid_run_leaves_an_aborted_run_with_finished_steps(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    script = tmp_path / "slow.py"
    script.write_text(
        "import pathlib, time\n"
        "from station.testkit import Script, measurement\n"
        "script = Script('slow', product='p', version='1')\n"
        "@script.step(measurements=[measurement('v', 'V')])\n"
        "def first(ctx):\n"
        "    ctx.measure('v', 1.25)\n"
        "@script.step(measurements=['n'])\n"
        "def second(ctx):\n"
        "    ctx.measure('n', 2)\n"
        "@script.step(timeout_s=120)\n"
        "def hang(ctx):\n"
        f"    pathlib.Path({str(ready)!r}).write_text('x')\n"
        "    time.sleep(120)\n"
    )
    db = tmp_path / "s.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "station.cli", "run", str(script), "--serial", "SN-KILL", "--db", str(db), "--quiet"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "the script never reached its hanging step"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    listed = runs(db)
    assert len(listed) == 1
    assert listed[0]["outcome"] == "ABORTED"
    assert "after step 'second'" in listed[0]["failure_reason"]
    shown = json.loads(station("runs", "show", listed[0]["run_id"], "--json", db=db).stdout)
    assert [s["name"] for s in shown["steps"]] == ["first", "second"]
    assert shown["steps"][0]["measurements"][0]["value"] == 1.25
    assert all(s["outcome"] == "PASS" for s in shown["steps"])


def test_runs_export_csv_and_json(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    for serial in ("E1", "E2"):
        assert station("run", str(EXAMPLE), "--serial", serial, "--sim", "--quiet", db=db).returncode == 0
    out = tmp_path / "runs.csv"
    result = station("runs", "export", "--format", "csv", "--out", str(out), "--serial", "E2", db=db)
    assert result.returncode == 0, result.stderr
    lines = out.read_text().splitlines()
    assert lines[0].startswith("run_id,serial,")
    assert all(",E2," in line for line in lines[1:]) and len(lines) > 10
    exported = json.loads(station("runs", "export", "--format", "json", db=db).stdout)
    assert {r["serial"] for r in exported} == {"E1", "E2"}


def test_runs_list_rejects_bad_time(tmp_path: Path) -> None:
    result = station("runs", "list", "--since", "yesterday-ish", db=tmp_path / "s.db")
    assert result.returncode == 2 and "cannot read time 'yesterday-ish'" in result.stderr


def test_sim_faults_make_the_simulated_unit_fail_for_that_reason(tmp_path: Path) -> None:
    result = station("run", str(EXAMPLE), "--serial", "SN9", "--sim", "--sim-faults", "slot1:dut_selftest_fail",
                     "--json", "--quiet", db=tmp_path / "s.db")
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["failure_code"] == "self_test.self_test"


def test_an_engineer_runs_single_steps_and_teardown_still_runs(tmp_path: Path) -> None:
    result = station("run", str(EXAMPLE), "--serial", "SN10", "--sim", "--step", "power_on", "--step", "radio",
                     "--json", "--quiet", db=tmp_path / "s.db")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert [s["name"] for s in record["steps"]] == ["power_on", "radio", "power_off"]
    assert any("engineer run" in line["message"] for line in record["logs"])
    bad = station("run", str(EXAMPLE), "--serial", "SN10", "--sim", "--step", "nope", db=tmp_path / "s.db")
    assert bad.returncode == 2 and "no step 'nope'" in bad.stderr
