"""``station line`` against ``station sim factory``, every part its own process: a shift with
fixture-LED BlinkUp on 4 slots, and a station killed with SIGKILL at the instants that hurt most
while the cloud drops half of its bless answers after committing them.
"""

from __future__ import annotations

import random
import subprocess
import time
from collections import Counter, deque
from pathlib import Path

import pytest

from station.sim.population import unit_fault
from tests.conftest import REPO, eventually
from tests.line_harness import LineProcess, SimFactoryProcess, Truth, station_argv

SHIFT_UNITS = {"impcentral": 52, "particle": 16, "libelium": 16}


@pytest.mark.timeout(900)
@pytest.mark.parametrize("backend", sorted(SHIFT_UNITS))
def test_a_shift_of_the_real_line_code_against_separate_peers(tmp_path: Path, backend: str) -> None:
    units = SHIFT_UNITS[backend]
    factory = SimFactoryProcess(tmp_path / "line", slots=4, feed=units, backend=backend)
    try:
        line = LineProcess(factory)
        eventually(lambda: len([r for r in Truth.read(factory.folder).runs if r["outcome"]]) >= units,
                   f"{units} units to finish", timeout_s=600)
        assert line.terminate() == 0, "\n".join(line.lines[-30:])
        truth = Truth.read(factory.folder)  # while the cloud still answers
    finally:
        factory.stop()
    assert truth.problems() == []
    runs = truth.runs
    assert len(runs) == units, [r["serial"] for r in runs]
    passed = [r for r in runs if r["outcome"] == "PASS"]
    failed = [r for r in runs if r["outcome"] == "FAIL"]
    if backend == "impcentral":
        assert {b["run_id"] for b in truth.blessings} == {r["id"] for r in passed}, "every PASS blessed once"
    else:  # imported and locked once / registered with one activation code, named by the unit's serial
        assert sorted(b["serial"] for b in truth.blessings) == sorted(r["serial"] for r in passed)
    assert {s: n for s, n in truth.labels.items()} == {r["serial"]: 1 for r in passed}, "every PASS labelled once"
    assert failed, "the population has faulty units: some must FAIL"
    made_products = {b.get("serial") for b in truth.blessings} | {b["device_id"] for b in truth.blessings}
    assert not any(r["device_id"] in made_products or r["serial"] in made_products or r["serial"] in truth.labels
                   for r in failed)
    if backend == "libelium":  # each label carries the activation code SCM holds for that unit
        printed = [p.read_text() for p in (factory.folder / "printed").glob("label-*.zpl")]
        for b in truth.blessings:
            [label] = [zpl for zpl in printed if f"Serial ID {b['device_id']}" in zpl]
            assert pretty_code(b["code"]) in label, (b, label)
    for placed in factory.placed():  # a healthy unit passes; a unit built with a fault does not
        outcome = next(r["outcome"] for r in runs if r["serial"] == placed["serial"])
        assert (outcome == "PASS") == (unit_fault(placed["serial"]) is None), (placed, outcome)
    assert (line.lines and "line stopped" in line.lines[-1]), line.lines[-5:]


def test_a_particle_product_line_finds_units_by_the_id_their_console_reports(tmp_path: Path) -> None:
    """The asset tracker reports its 24-hex Particle device ID: the line identifies units by it
    (``identify_by = "device_id"``) and spends none of Particle's 50-an-hour serial lookups."""
    units = 12
    script = REPO / "dut_tests" / "particle_tracker" / "particle_tracker.py"
    factory = SimFactoryProcess(tmp_path / "line", slots=4, feed=units, backend="particle", script=script)
    try:
        assert 'identify_by = "device_id"' in (factory.folder / "line.toml").read_text()
        line = LineProcess(factory)
        eventually(lambda: len([r for r in Truth.read(factory.folder).runs if r["outcome"]]) >= units,
                   f"{units} units to finish", timeout_s=300)
        assert line.terminate() == 0, "\n".join(line.lines[-30:])
        truth, stats = Truth.read(factory.folder), factory.cloud_stats()
    finally:
        factory.stop()
    assert truth.problems() == [], truth.problems()
    assert stats.get("serial_lookups", 0) == 0, stats
    passed = {r["serial"]: r for r in truth.runs if r["outcome"] == "PASS"}
    assert passed and len(passed) < units, "the tracker population has faulty units too"
    products = {b["serial"]: b for b in truth.blessings}
    assert set(products) == set(passed), (sorted(products), sorted(passed))
    for serial, product in products.items():  # the device the console reported is the one imported and locked
        assert product["device_id"] == passed[serial]["device_id"], (product, passed[serial])
        assert (product["imports"], product["flashes"]) == (1, 1), product
    assert {s: n for s, n in truth.labels.items()} == {s: 1 for s in passed}


def pretty_code(code: str) -> str:
    from station.cloud.libelium import codes

    return codes.pretty(code)


KILL_STAGES = ("provisioning", "enrolling", "testing", "blessing", "labelling")
#: backend -> (units, the cloud's faults: answers dropped after the cloud committed them). Particle's
#: "make it a product" is several calls (import, name and group, lock and flash, verify): 30 % of the
#: device calls dropped; and its serial lookup allows 50 an hour, so its shift is shorter.
KILL_SHIFTS = {
    "impcentral": (48, {"drop_rate": 0.5, "match": "/bless", "seed": 5}),
    "particle": (36, {"drop_rate": 0.3, "match": "/devices/", "seed": 5}),
}


@pytest.mark.timeout(900)
@pytest.mark.parametrize("backend", sorted(KILL_SHIFTS))
def test_kill_9_at_the_worst_instants_decides_nothing_twice(tmp_path: Path, backend: str) -> None:
    """Kills at random moments and right after a slot enters blessing and labelling; then a clean run."""
    rng = random.Random(11)
    units, faults = KILL_SHIFTS[backend]
    factory = SimFactoryProcess(tmp_path / "line", slots=4, time_scale=0.02, seed=3, backend=backend)
    factory.cloud_faults(**faults)
    todo = deque(f"DEMO{n:05d}" for n in range(1, units + 1))
    kills: list[str] = []
    plans = ["blessing", "labelling"] * 4 + ["random"] * 4
    rng.shuffle(plans)
    try:
        while True:  # the last pass is a clean run that settles and finishes every unit left
            plan = plans.pop() if plans else None
            line = LineProcess(factory)
            start, _ = line.wait_for(r"line running")
            eventually(lambda: all(r["outcome"] for r in Truth.read(factory.folder).runs),
                       "the interrupted runs to be settled", timeout_s=120)
            factory.command("badge OP-SIM")
            line.wait_for(r"operator OP-SIM signed in", start=start)
            todo = deque(undecided(factory.folder, units))
            if plan is None or not todo:  # the final clean run: every unit left gets its verdict
                run_until(factory, line, todo, None)
                assert line.terminate() == 0
                break
            stage = plan if plan != "random" else rng.choice(KILL_STAGES)
            killed = run_until(factory, line, todo, stage, delay_s=rng.uniform(0, 0.3) if plan == "random" else 0)
            kills.append(f"{plan}:{stage}:{killed}")
        truth = Truth.read(factory.folder)  # while the cloud still answers
        stats = factory.cloud_stats()
    finally:
        factory.stop()
    audit = subprocess.run(station_argv("audit", "verify", "--db", f"sqlite:///{factory.folder / 'station.db'}"),
                           cwd=REPO, capture_output=True, text=True, env=factory.env())
    outcomes = {r["serial"]: r["outcome"] for r in truth.runs}  # the last run of each serial
    print(f"\n{backend} kills: {len(kills)} {kills}\nunits: {len(outcomes)}, runs: {len(truth.runs)}, "
          f"blessings: {len(truth.blessings)}, labels: {sum(truth.labels.values())} "
          f"(+{sum('check' in j for j in truth.label_jobs.values())} held for a person's check), "
          f"outcomes: {dict(Counter(outcomes.values()))}, cloud: {stats}")
    assert len([k for k in kills if not k.endswith(":nothing")]) >= 12, kills
    assert truth.problems() == [], truth.problems()
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert set(outcomes) == {f"DEMO{n:05d}" for n in range(1, units + 1)}
    assert all(outcome in ("PASS", "FAIL", "ERROR") for outcome in outcomes.values()), outcomes
    passed = {serial for serial, outcome in outcomes.items() if outcome == "PASS"}
    if backend == "particle":  # every PASS imported, named, locked and running the released firmware, once
        products = {b["serial"]: b for b in truth.blessings}
        assert set(products) == passed, (sorted(products), sorted(passed))
        assert all((b["imports"], b["flashes"], b["firmware"], b["desired"]) == (1, 1, 7, 7)
                   for b in products.values()), products
    assert set(truth.labels) <= passed and all(n == 1 for n in truth.labels.values()), truth.labels
    assert truth.unlabelled(passed) == [], (truth.unlabelled(passed), truth.label_jobs)


def undecided(folder: Path, units: int) -> list[str]:
    """Serials without a verdict yet: never run, or whose last run was aborted by a kill."""
    last = {r["serial"]: r["outcome"] for r in Truth.read(folder).runs}
    return [s for s in (f"DEMO{n:05d}" for n in range(1, units + 1)) if last.get(s) in (None, "ABORTED")]


def scan(factory: SimFactoryProcess, line: LineProcess, serial: str) -> None:
    """The operator scans one unit and it is placed in the slot the station powers."""
    placed = len([u for u in factory.placed() if u["serial"] == serial])
    factory.command(f"scan {serial}")
    deadline = time.monotonic() + 120
    while len([u for u in factory.placed() if u["serial"] == serial]) <= placed:
        if time.monotonic() > deadline:
            raise AssertionError(f"{serial} was never placed; the line said:\n" + "\n".join(line.lines[-30:])
                                 + "\nthe factory said:\n" + "".join(factory.lines[-15:]))
        time.sleep(0.05)


def run_until(factory: SimFactoryProcess, line: LineProcess, todo: deque, stage: str | None,
              delay_s: float = 0.0) -> str:
    """Keep the slots busy; when a unit enters ``stage``, SIGKILL the station (after ``delay_s``) and say which.
    With no stage, run every unit to its verdict."""
    busy: set[str] = set()
    seen = len(line.lines)
    wanted = rf"slot \d (DEMO\d{{5}}) ({stage}|done)" if stage else r"slot \d (DEMO\d{5}) (done)"
    while todo or busy:
        while todo and len(busy) < 4:
            serial = todo.popleft()
            scan(factory, line, serial)
            busy.add(serial)
        index, found = line.wait_for(wanted, start=seen, timeout_s=180)
        seen = index + 1
        if found.group(2) == "done":
            busy.discard(found.group(1))
            continue
        if delay_s:
            time.sleep(delay_s)
        line.kill9()
        return found.group(1)
    if stage:
        line.kill9()  # every unit got its verdict before the instant came
    return "nothing"
