"""``station new-script NAME --product P``: scaffold a DUT script, its limits, its simulated DUT and a test.

What a new test engineer needs to run a first script on the simulator within minutes: every file
it writes works as written (the scaffold passes ``station run … --sim --strict`` and its own test),
so the engineer changes a working script instead of debugging an empty one.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from station.errors import InputError

SCRIPT = '''"""Factory test of the {product}: power and rails, then the DUT's console.

    station run {folder}/{name}.py --serial SN1 --sim
"""

from station.testkit import Script, matches, measurement

script = Script("{name}", product="{product}", version="0.1.0")


@script.step(timeout_s=5, measurements=[measurement("rail_3v3", "V"), measurement("idle_current", "mA")])
def power_on(ctx, fixture):
    """Power the slot with a current limit, then read a rail and the current drawn."""
    fixture.power(True, current_limit_ma=250)
    ctx.measure("rail_3v3", fixture.voltage("3V3"))
    ctx.measure("idle_current", fixture.current_ma())


FIRMWARE = matches(r"{product}-fw \\d+\\.\\d+\\.\\d+")


@script.step(timeout_s=5, retries=2, measurements=[measurement("firmware", check=FIRMWARE)])
def boot(ctx, dut):
    """The factory firmware answers on the console."""
    ctx.measure("firmware", dut.query("VERSION", timeout_s=2.0))


@script.teardown
def power_off(ctx, fixture):
    """Always leave the slot unpowered."""
    fixture.power(False)
'''

LIMITS = '''# Limits of {name}, keyed by step and measurement (docs/authoring.md, "Limits and variants").

[power_on.rail_3v3]
unit = "V"
low = 3.20
high = 3.40

[power_on.idle_current]
unit = "mA"
low = 10
high = 80
'''

MODEL = '''# The simulated {product} (docs/authoring.md, "Modelling a simulated DUT").
product = "{product}"
boot_ms = 20

[rails]
VBUS = 5.0
"3V3" = 3.3

[current]
idle = {{ mean = 40.0, sigma = 1.0 }}

[commands.VERSION]
reply = "{product}-fw 0.1.0"

[commands.MAC]
reply = "{{mac}}"

[commands.DEVICEID]
reply = "{{device_id}}"

[faults.silent_console]
title = "silent console"
one_in = 50
uart_silent = true
'''

TEST = '''"""{name} on the simulated factory: a healthy unit passes, a silent one fails."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "{name}.py"


def run(tmp_path, *extra):
    result = subprocess.run([sys.executable, "-m", "station.cli", "run", str(SCRIPT), "--serial", "SN1", "--sim",
                             "--strict", "--json", "--quiet", "--db", f"sqlite:///{{tmp_path / 'runs.db'}}", *extra],
                            capture_output=True, text=True, timeout=120)
    return json.loads(result.stdout)


def test_a_healthy_unit_passes(tmp_path):
    assert run(tmp_path)["outcome"] == "PASS"


def test_a_silent_console_fails_the_unit(tmp_path):
    record = run(tmp_path, "--sim-faults", "slot1:silent_console")
    assert record["outcome"] == "FAIL" and record["failure_code"] == "boot.firmware"
'''


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("new-script", help="scaffold a DUT script, its limits, its simulated DUT and a test")
    p.add_argument("name", help="script name: lower-case letters, digits and _ (e.g. thermostat)")
    p.add_argument("--product", required=True, help="the product it tests (e.g. thermostat-v2)")
    p.add_argument("--dir", default="dut_tests", help="parent folder (default dut_tests); the files go in DIR/NAME")
    p.set_defaults(func=new_script_command)


def scaffold(name: str, product: str, parent: Path) -> list[Path]:
    """Write the four files into ``parent/name``; refuses to overwrite anything."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise InputError(f"script name {name!r}: lower-case letters, digits and _, starting with a letter")
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", product):
        raise InputError(f"product {product!r}: lower-case letters, digits, '.' and '-'")
    folder = parent / name
    files = {folder / f"{name}.py": SCRIPT, folder / "limits.toml": LIMITS, folder / "sim_dut.toml": MODEL,
             folder / f"test_{name}.py": TEST}
    existing = [str(p) for p in files if p.exists()]
    if existing:
        raise InputError(f"not overwriting {', '.join(existing)}")
    folder.mkdir(parents=True, exist_ok=True)
    for path, template in files.items():
        path.write_text(template.format(name=name, product=product, folder=folder.as_posix()), encoding="utf-8")
    return list(files)


def new_script_command(args: argparse.Namespace) -> int:
    for path in scaffold(args.name, args.product, Path(args.dir)):
        print(f"wrote {path}")
    print(f"next: station run {Path(args.dir) / args.name / (args.name + '.py')} --serial SN1 --sim")
    return 0
