"""Limits as TOML data beside the script: overrides, variants, and errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from station.errors import InputError
from station.testkit import Outcome, Script, in_range, measurement
from station.testkit.limits import default_limits_path, load_limits
from tests.runner_helpers import run_script


def make_script() -> Script:
    script = Script("lim", product="p", version="1")

    @script.step(measurements=[measurement("rail", "V", in_range(0, 10)), measurement("fw")])
    def power(ctx):
        ctx.measure("rail", 3.3)
        ctx.measure("fw", "1.2.3")

    return script


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "limits.toml"
    path.write_text(text)
    return path


def test_file_replaces_script_default_and_records_sha(tmp_path: Path) -> None:
    script = make_script()
    text = '[power.rail]\nunit = "V"\nlow = 3.2\nhigh = 3.4\n'
    path = write(tmp_path, text + '[power.fw]\nregex = "1\\\\.2\\\\.\\\\d+"\n')
    limits = load_limits(path, script)
    assert limits.sha256 is not None and len(limits.sha256) == 64
    record, _ = run_script(script, limits=limits)
    assert record.outcome is Outcome.PASS
    rail = record.steps[0].measurements[0]
    assert (rail.check.low, rail.check.high) == (3.2, 3.4)


def test_same_script_other_limits_file_fails_without_code_change(tmp_path: Path) -> None:
    script = make_script()
    limits = load_limits(write(tmp_path, "[power.rail]\nlow = 3.5\nhigh = 3.6\n"), script)
    record, _ = run_script(script, limits=limits)
    assert record.outcome is Outcome.FAIL and record.failure_code == "power.rail"


def test_variant_overrides_single_fields(tmp_path: Path) -> None:
    script = make_script()
    text = '[power.rail]\nlow = 3.2\nhigh = 3.4\n\n[variants."SKU-EU".power.rail]\nhigh = 3.25\n'
    path = write(tmp_path, text)
    base = load_limits(path, script)
    eu = load_limits(path, script, "SKU-EU")
    assert base.checks[("power", "rail")].high == 3.4
    assert eu.checks[("power", "rail")].low == 3.2 and eu.checks[("power", "rail")].high == 3.25
    record, _ = run_script(script, limits=eu)
    assert record.outcome is Outcome.FAIL
    with pytest.raises(InputError, match="unknown variant 'SKU-US' \\(the file defines: SKU-EU\\)"):
        load_limits(path, script, "SKU-US")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("[power.rail]\nlow = 1\n\n[power.current]\nhigh = 2\n", "unknown measurement 'current' in step 'power'", 4),
        ("# comment\n[powr.rail]\nlow = 1\n", "unknown step 'powr'", 2),
        ("[power.rail]\nlow = 1\nhgh = 2\n", "unknown field(s) ['hgh']", 1),
        ('[power.rail]\nunit = "mV"\n', "unit 'mV' disagrees with the script's 'V'", 1),
        ("[power.rail]\nlow = 3\nhigh = 1\n", "low 3 is above high 1", 1),
        ("[power]\nrail = { low = 1, high = \n", "malformed TOML", 2),
        ("[power.rail]\nlow = 1\n[variants.X.power.nope]\nlow = 1\n", "unknown measurement 'nope'", 3),
    ],
)
def test_bad_limits_name_file_and_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_limits(path, make_script())
    assert message in str(info.value)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_missing_limits_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="limits file not found"):
        load_limits(tmp_path / "nope.toml", make_script())


def test_default_limits_path_prefers_script_specific_file(tmp_path: Path) -> None:
    script_path = tmp_path / "board.py"
    script_path.write_text("")
    assert default_limits_path(script_path) is None
    (tmp_path / "limits.toml").write_text("")
    assert default_limits_path(script_path) == tmp_path / "limits.toml"
    (tmp_path / "board.limits.toml").write_text("")
    assert default_limits_path(script_path) == tmp_path / "board.limits.toml"
