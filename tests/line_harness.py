"""Driving ``station sim factory`` and ``station line`` as the separate processes they are.

The factory's peers (cloud emulator, fixture simulator, printer emulator) outlive the station; the
truth about a shift is read from what each of them kept: the cloud's database, the labels the
printer emulator printed (``DIR/printed``), the station's database.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from station.sim.fixture_host import die_with_parent
from tests.conftest import REPO

SERIAL_IN_LABEL = re.compile(rb"DEMO\d{5}")
SERIAL_ID_IN_LABEL = re.compile(rb"Serial ID ([0-9A-F]{16})")  # a Libelium label names the unit by its serial ID


def station_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "station.cli", *args]


class SimFactoryProcess:
    """``station sim factory`` in its own process; commands go to its stdin."""

    def __init__(self, folder: Path, *, slots: int = 4, feed: int | None = None, time_scale: float = 0.02,
                 seed: int = 1, backend: str = "impcentral", script: Path | None = None) -> None:
        self.folder = folder
        args = ["sim", "factory", "--dir", str(folder), "--slots", str(slots), "--time-scale", str(time_scale),
                "--seed", str(seed), "--backend", backend, *(["--script", str(script)] if script else [])]
        if feed:
            args += ["--feed", str(feed)]
        self.proc = subprocess.Popen(station_argv(*args), cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                                     preexec_fn=die_with_parent)  # a test that dies leaves no factory behind
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 120
        while not (folder / "ready").exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the simulated factory did not start:\n{''.join(self.lines)}")
            time.sleep(0.1)
        self.peers = json.loads((folder / "peers.json").read_text())

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    def command(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def cloud_faults(self, **faults: object) -> None:
        import requests

        reply = requests.put(f"{self.peers['cloud']['origin']}/_admin/faults", json=faults, timeout=10)
        reply.raise_for_status()

    def cloud_stats(self) -> dict:
        """The emulator's own counters (``/_admin/stats``: Particle counts its serial lookups there)."""
        import requests

        reply = requests.get(f"{self.peers['cloud']['origin']}/_admin/stats", timeout=10)
        return reply.json() if reply.ok else {}

    def env(self) -> dict[str, str]:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        for line in (self.folder / "line.env").read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                env[key.strip()] = value.strip().strip("'\"")
        return env

    def placed(self) -> list[dict]:
        path = self.folder / "units.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class LineProcess:
    """``station line --config DIR/line.toml --plain`` in its own process; its event lines collected."""

    def __init__(self, factory: SimFactoryProcess, *extra: str) -> None:
        self.proc = subprocess.Popen(
            station_argv("line", "--config", str(factory.folder / "line.toml"), "--plain", *extra), cwd=REPO,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=factory.env(), preexec_fn=die_with_parent)
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._ended = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._ended = True
            self._cond.notify_all()

    def wait_for(self, pattern: str, *, start: int = 0, timeout_s: float = 120.0) -> tuple[int, re.Match[str]]:
        """The index and match of the first line from ``start`` on that matches ``pattern``."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while True:
                for i in range(start, len(self.lines)):
                    found = regex.search(self.lines[i])
                    if found:
                        return i, found
                if self._ended:
                    raise AssertionError(f"station line exited ({self.proc.returncode}) before {pattern!r}:\n"
                                         + "\n".join(self.lines[-40:]))
                if time.monotonic() > deadline:
                    raise AssertionError(f"no line matching {pattern!r} in {timeout_s:g} s:\n"
                                         + "\n".join(self.lines[-40:]))
                self._cond.wait(0.2)

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def terminate(self, timeout_s: float = 120.0) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout_s)


@dataclass
class Truth:
    """What the cloud, the printer and the station's database say after a shift.

    ``blessings`` are the units the cloud made products, whichever cloud: impCentral's blessings (each
    names the run whose test record it carries), the Particle product's devices (each named after its
    serial; ``times``: how often it was imported or flashed), or the units registered in Libelium's SCM
    (``times``: how many activation codes were registered for it)."""

    runs: list[dict] = field(default_factory=list)
    blessings: list[dict] = field(default_factory=list)
    labels: Counter = field(default_factory=Counter)  # serial -> labels printed
    #: serial -> status of its label jobs in the station's print spool ("check": the station died while
    #: sending it, so it waits for a person to look at the printer — never sent twice by itself)
    label_jobs: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> Truth:
        runs: list[dict] = []
        if (folder / "station.db").exists():
            with sqlite3.connect(folder / "station.db") as db:
                db.row_factory = sqlite3.Row
                try:
                    runs = [dict(r) for r in db.execute("SELECT id, serial, device_id, outcome, failure_code, "
                                                        "failure_reason, started_at FROM runs ORDER BY started_at")]
                except sqlite3.OperationalError:  # the station has not made its schema yet
                    runs = []
        cloud = json.loads((folder / "peers.json").read_text())["cloud"]
        serial_of = {(r["device_id"] or "").upper(): r["serial"] for r in runs}  # Libelium: serial ID -> serial
        backend = cloud.get("backend", "impcentral")
        blessings = (particle_products(cloud) if backend == "particle" else
                     libelium_registrations(cloud, serial_of) if backend == "libelium" else
                     impcentral_blessings(folder))
        labels: Counter = Counter()
        for path in sorted((folder / "printed").glob("label-*.zpl")):
            zpl = path.read_bytes()
            found, serial_id = SERIAL_IN_LABEL.search(zpl), SERIAL_ID_IN_LABEL.search(zpl)
            labels[found.group().decode() if found else
                   serial_of.get(serial_id.group(1).decode(), "?") if serial_id else "?"] += 1
        jobs: dict[str, list[str]] = {}
        for spool in folder.glob("labels-*.db"):
            with sqlite3.connect(spool) as db, contextlib.suppress(sqlite3.OperationalError):  # not made yet
                for fields_json, status in db.execute("SELECT fields_json, status FROM jobs"):
                    jobs.setdefault(json.loads(fields_json).get("serial", "?"), []).append(status)
        return cls(runs, blessings, labels, jobs)

    def unlabelled(self, passed: set[str]) -> list[str]:
        """PASS units with no printed label whose job is not waiting for a person's check (a label the
        station was sending when it was killed is not resent blindly: it may have printed)."""
        return sorted(s for s in passed if not self.labels.get(s) and "check" not in self.label_jobs.get(s, []))

    def problems(self) -> list[str]:
        """Every way the cloud, the printer and the records disagree (empty: they agree)."""
        found: list[str] = []
        by_id = {r["id"]: r for r in self.runs}
        pass_serials = {r["serial"] for r in self.runs if r["outcome"] == "PASS"}
        blessed = Counter(b["device_id"] for b in self.blessings)
        for b in self.blessings:
            blessed[b["device_id"]] += b.get("times", 1) - 1
        found += [f"device {d} blessed {n} times" for d, n in blessed.items() if n > 1]
        for b in self.blessings:
            if "serial" in b:  # Particle: the device is named after the unit's serial
                if b["serial"] not in pass_serials:
                    found.append(f"device {b['device_id']} ({b['serial']}) is a product without a PASS run")
                continue
            run = by_id.get(b["run_id"])
            if run is None or run["outcome"] != "PASS":
                found.append(f"device {b['device_id']} blessed for run {b['run_id']} whose record is "
                             f"{run['outcome'] if run else 'missing'}")
        found += [f"{serial}: {n} labels" for serial, n in self.labels.items() if n > 1]
        found += [f"{serial}: label printed without a PASS run" for serial in self.labels
                  if serial not in pass_serials]
        found += [f"run {r['id']} of {r['serial']} left open" for r in self.runs if r["outcome"] is None]
        return found


def impcentral_blessings(folder: Path) -> list[dict]:
    """impCentral's blessings, from the emulator's own database."""
    with sqlite3.connect(folder / "cloud.db") as db:
        db.row_factory = sqlite3.Row
        return [{"device_id": r["device_id"], "run_id": json.loads(r["test_record"]).get("run_id")}
                for r in db.execute("SELECT device_id, test_record FROM blessings WHERE passed=1")]


def particle_products(cloud: dict) -> list[dict]:
    """The devices of the line's Particle product, asked of the emulator's simulated world: imported
    ``imports`` times, flashed ``flashes`` times (once each is right)."""
    import requests

    reply = requests.get(f"{cloud['origin']}/_admin/devices", timeout=10)
    reply.raise_for_status()
    return [{"device_id": d["id"], "serial": d["name"] or d["serial_number"], "imports": d["imports"],
             "flashes": d["flashes"], "times": max(d["imports"], d["flashes"], 1), "firmware": d["firmware_version"],
             "desired": d["desired_firmware_version"]}
            for d in reply.json()["devices"] if d["product_id"] == cloud["product"]]


def libelium_registrations(cloud: dict, serial_of: dict[str, str]) -> list[dict]:
    """The units registered in the line's sales order, asked of the SCM emulator: ``codes`` activation
    codes registered for each (one is right); ``serial``: the scanned serial of the run that tested it."""
    import requests

    reply = requests.get(f"{cloud['origin']}/_admin/devices", timeout=10)
    reply.raise_for_status()
    return [{"device_id": d["serial_id"], "serial": serial_of.get(d["serial_id"], d["serial_id"]), "code": d["code"],
             "times": max(d["codes"], 1)}
            for d in reply.json()["devices"] if d["sales_order"] == cloud["sales_order"]]
