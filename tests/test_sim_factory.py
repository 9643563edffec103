"""``station sim factory`` as a subprocess: the peers are separate processes a real-line config
points at; the operator scans through a pty scanner and places units at POWER ON; fixture-LED
BlinkUp on four slots at once enrolls four units; SIGTERM and SIGKILL of the factory leave no peer."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from station.blinkup import BlinkUpPayload
from station.cloud.client import CloudClient
from station.cloud.enrollment import build_payload
from station.cloud.sync import TargetSync
from station.config import load_config
from station.drivers.fixture import FixtureClient
from station.drivers.fixture_blinkup import FixtureLedProvisioner
from station.drivers.scanner import Scanner, SerialPortScanner, SerialRule
from station.runner.runner import AbortSignal
from tests.conftest import eventually

pytestmark = [pytest.mark.timeout(240), pytest.mark.slow]
READY_TIMEOUT_S = 120.0


@dataclass
class Factory:
    proc: subprocess.Popen[str]
    folder: Path
    lines: list[str]

    @property
    def peers(self) -> dict:
        return json.loads((self.folder / "peers.json").read_text())

    def peer_pids(self) -> list[int]:
        p = self.peers
        pids = [p["cloud"]["pid"], p["fixture"]["pid"], p["printer"]["pid"]]
        return pids + _children(p["fixture"]["pid"])  # the firmware under the fixture simulator

    def say(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, only not yet reaped


def start_factory(folder: Path, *extra: str) -> Factory:
    proc = subprocess.Popen(
        [sys.executable, "-m", "station.cli", "sim", "factory", "--dir", str(folder), "--slots", "4",
         "--time-scale", "0.05", *extra],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
    )
    lines: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    factory = Factory(proc, folder, lines)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not (folder / "ready").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"station sim factory did not get ready: {lines[-10:]}")
        time.sleep(0.1)
    eventually(lambda: f"ready {folder / 'line.toml'}" in lines, "the ready line on stdout", 10)
    return factory


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Factory]:
    f = start_factory(tmp_path_factory.mktemp("factory"))
    try:
        yield f
    finally:
        if f.proc.poll() is None:
            f.proc.kill()
            f.proc.wait(10)


def test_line_config_points_at_the_peers_and_holds_no_secret(factory: Factory) -> None:
    cfg = load_config(factory.folder / "line.toml")
    peers = factory.peers
    assert cfg.blinkup.provisioner == "fixture-led"
    assert cfg.cloud.endpoint == peers["cloud"]["url"] and cfg.cloud.login_key_env == "STATION_CLOUD_LOGIN_KEY"
    assert cfg.fixture.port == peers["fixture"]["port"] and cfg.scanner.port == peers["scanner"]["port"]
    assert cfg.scanner.camera == "fixture-sim" and cfg.scanner.serial_pattern == "^DEMO[0-9]{5}$"
    assert cfg.printer.url == f"tcp://127.0.0.1:{peers['printer']['port']}"
    assert cfg.store.url == f"sqlite:///{factory.folder / 'station.db'}"
    assert Path(cfg.test.script).is_file()
    assert peers["cloud"]["admin_login_key"] not in (factory.folder / "line.toml").read_text()
    env = (factory.folder / "line.env").read_text()
    assert f"STATION_CLOUD_LOGIN_KEY={peers['cloud']['admin_login_key']}\n" in env
    assert "STATION_WIFI_PASSWORD=" in env
    assert (factory.folder / "line.env").stat().st_mode & 0o777 == 0o600


def test_each_peer_answers(factory: Factory) -> None:
    peers = factory.peers
    with CloudClient(peers["cloud"]["url"], peers["cloud"]["admin_login_key"], timeout=10) as cloud:
        group = load_config(factory.folder / "line.toml").cloud.fixture_group
        assert TargetSync(cloud, fixture_group_id=group).refresh().zone == "test"
    with FixtureClient.open(peers["fixture"]["port"]) as fx:
        assert fx.identify().model == "SimFixture" and fx.slots == 4
    with socket.create_connection((peers["printer"]["host"], peers["printer"]["port"]), timeout=5) as sock:
        sock.sendall(b"~HS")
        reply = b""
        while reply.count(b"\x03") < 3:
            reply += sock.recv(1024)
        assert reply.startswith(b"\x02")


def test_fixture_led_flash_on_four_slots_at_once_enrolls_four_units(factory: Factory) -> None:
    peers = factory.peers
    group = load_config(factory.folder / "line.toml").cloud.fixture_group
    assert group is not None
    with CloudClient(peers["cloud"]["url"], peers["cloud"]["admin_login_key"], timeout=10) as cloud, \
            FixtureClient.open(peers["fixture"]["port"]) as fx:
        dut_target = TargetSync(cloud, fixture_group_id=group).refresh().dut_target_id
        led = FixtureLedProvisioner(fx)  # fast, 142 Hz
        macs = []
        for slot in range(1, 5):
            fx.power(slot, True)
            macs.append(fx.uart(slot, "MAC"))
        payloads = []
        for _ in range(4):  # what station/flow/provisioning.py builds for each unit
            p = build_payload("dut", ssid="factory-sim", password="pw-from-line-env",
                              grant=cloud.enroll("dut", group), fixture_group_id=group)
            payloads.append(BlinkUpPayload(p.ssid, p.password, p.plan_id or "", p.enrollment_token or ""))
        errors: list[BaseException] = []

        def flash(slot: int) -> None:
            try:
                led.flash(slot, payloads[slot - 1], AbortSignal())
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=flash, args=(s,)) for s in range(1, 5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []

        def enrolled() -> bool:
            try:
                return all(cloud.device(mac).group_id == dut_target for mac in macs)
            except Exception:  # noqa: BLE001 - not there yet
                return False

        eventually(enrolled, "four units in the DUT target", 30)
        for slot in range(1, 5):
            fx.power(slot, False)


def test_operator_scans_and_the_next_power_on_places_the_unit(factory: Factory) -> None:
    peers = factory.peers
    rule = SerialRule(r"DEMO[0-9]{5}")
    reader = SerialPortScanner(peers["scanner"]["port"], Scanner(rule))
    try:
        factory.say("badge OP-LEAD")
        factory.say("scan DEMO00042")
        first = reader.read(10.0)
        assert first is not None and first.raw == "OP-LEAD"  # a badge: not a serial (the station signs in)
        scanned = reader.read(10.0)
        assert scanned is not None and scanned.accepted and scanned.serial == "DEMO00042"
        eventually(lambda: "scan DEMO00042" in factory.lines, "the operator to queue the unit", 10)
        with FixtureClient.open(peers["fixture"]["port"]) as fx:
            fx.power(3, True)
            from station.sim.fixture_host import dut_identity

            mac, device_id = dut_identity("DEMO00042")
            assert fx.uart(3, "MAC") == mac
            fx.power(3, False)
        units_log = Path(peers["units_log"])
        eventually(lambda: units_log.read_text().strip() != "", "units.jsonl to record the placement", 10)
        unit = json.loads(units_log.read_text().splitlines()[-1])
        assert (unit["slot"], unit["serial"], unit["mac"], unit["device_id"]) == (3, "DEMO00042", mac, device_id)
        assert {"time", "faults", "dead_led"} <= set(unit)
        factory.say("frobnicate")
        eventually(lambda: any(line.startswith("error: unknown command 'frobnicate'") for line in factory.lines),
                   "a clear error for a bad operator command", 10)
    finally:
        reader.close()


def _host_status(peers: dict) -> bytes:
    with socket.create_connection((peers["printer"]["host"], peers["printer"]["port"]), timeout=5) as sock:
        sock.sendall(b"~HS")
        reply = b""
        while reply.count(b"\x03") < 3:
            reply += sock.recv(1024)
    return reply


def test_printer_states_are_switched_from_the_factory(factory: Factory) -> None:
    from station.labels.zpl import parse_host_status

    factory.say("printer paper-out")
    eventually(lambda: parse_host_status(_host_status(factory.peers)).paper_out, "the printer to run out of paper", 10)
    factory.say("printer ready")
    eventually(lambda: not parse_host_status(_host_status(factory.peers)).paper_out, "paper loaded again", 10)


def test_sigterm_stops_every_peer(factory: Factory) -> None:
    pids = factory.peer_pids()
    assert len(pids) == 4 and all(_alive(p) for p in pids)
    factory.proc.send_signal(signal.SIGTERM)
    assert factory.proc.wait(30) == 0
    eventually(lambda: not any(_alive(p) for p in pids), "every peer to stop", 15)
    assert not (factory.folder / "ready").exists()


def test_feeding_operator_fills_free_slots_then_sigkill_leaves_no_orphan(tmp_path: Path) -> None:
    """--feed: badge first, then one unit whenever a slot is free (a slot is free again once its
    run switched it off: test teardown, then the station); firmware under MicroPython here."""
    f = start_factory(tmp_path / "k", "--interpreter", "micropython", "--slots", "2", "--feed", "3")
    peers = f.peers
    reader = SerialPortScanner(peers["scanner"]["port"], Scanner(SerialRule(r"DEMO[0-9]{5}")))
    units_log = Path(peers["units_log"])
    try:
        def next_scan() -> str:
            result = reader.read(20.0)
            assert result is not None, f"the operator scanned nothing: {f.lines[-5:]}"
            return result.raw

        def placed() -> list[tuple[int, str]]:
            return [(u["slot"], u["serial"]) for u in map(json.loads, units_log.read_text().splitlines())]

        assert next_scan() == "OP-SIM"
        with FixtureClient.open(peers["fixture"]["port"]) as fx:
            assert next_scan() == "DEMO00001"
            fx.power(2, True)
            assert next_scan() == "DEMO00002"
            fx.power(1, True)
            eventually(lambda: placed() == [(2, "DEMO00001"), (1, "DEMO00002")], "two units placed", 10)
            assert reader.read(0.5) is None  # both slots busy: the operator waits
            fx.power(2, False)  # the test's teardown ...
            fx.power(2, False)  # ... then the station: slot 2 is free
            assert next_scan() == "DEMO00003"
            fx.power(2, True)
            eventually(lambda: placed()[-1] == (2, "DEMO00003"), "the third unit in slot 2", 10)
        eventually(lambda: "fed 3 units" in f.lines, "the feed to finish", 10)
    finally:
        reader.close()
    pids = f.peer_pids()
    assert len(pids) == 4 and all(_alive(p) for p in pids)
    os.kill(f.proc.pid, signal.SIGKILL)
    f.proc.wait(10)
    eventually(lambda: not any(_alive(p) for p in pids), "every peer to die with the factory", 15)


def test_bad_options_are_refused_before_anything_starts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from station.cli import main

    for options, words in [(["--time-scale", "0"], "--time-scale must be more than 0"),
                           (["--slots", "17"], "--slots must be 1-16"),
                           (["--faults", "slot9:brownout"], "no slot")]:
        assert main(["sim", "factory", "--dir", str(tmp_path / "b"), *options]) == 2
        assert words in capsys.readouterr().err
    assert not (tmp_path / "b").exists()
