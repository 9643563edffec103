"""The simulated factory as separate processes: the peers a real line talks to, and an operator.

``station sim factory --dir DIR`` starts, each as its own OS process:

* the cloud emulator of the line's backend (``station cloud emulator [--api particle|libelium]``,
  FastAPI/uvicorn on a free 127.0.0.1 port; impCentral's keeps its cloud in SQLite in DIR),
* the fixture simulator (``station fixture sim --world``: the real firmware on a pty, one BlinkUp LED
  per slot, simulated DUTs that decode the LED and enroll with the impCentral emulator over HTTP;
  Particle and Libelium units are not provisioned by light),
* the printer emulator (``python -m station.sim.printer``, ZPL over TCP),

and keeps, in its own process, a **simulated operator** with a USB-CDC scanner (a pty the station
reads with pyserial) and a conveyor: to scan unit X it puts X at the head of the fixture's placement
queue, then types ``X\\r\\n`` on the scanner; the next POWER ON of an unpowered slot takes X. It waits
until X is placed before scanning the next, so slot assignment is deterministic.

It writes DIR/line.toml (a real-line station config pointing at the peers, no secrets),
DIR/line.env (the secrets, mode 0600), DIR/peers.json, DIR/units.jsonl (every unit placed), and
DIR/ready once everything answers. The station under test (``station line --config DIR/line.toml``)
runs the real-line code against peers that survive its death. No peer outlives the factory: each is
started with PR_SET_PDEATHSIG, the fixture simulator also stops when its stdin (our pipe) closes.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from station.errors import InputError, StationError
from station.sim.dut_model import DutModel, model_for_script
from station.sim.fixture_host import die_with_parent, validate_faults
from station.sim.led_camera import SIMULATED_CAMERA
from station.sim.line_clouds import FIXTURE_GROUPS, LABEL_TEMPLATES, LineCloud, identify_by
from station.sim.line_clouds import toml_string as _q
from station.sim.operator import Operator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_SCRIPT = ROOT / "dut_tests" / "imp_sensor" / "imp_sensor.py"
LABEL_TEMPLATE = ROOT / "config" / "labels" / "imp_sensor.zpl"
SERIAL_PATTERN = "^DEMO[0-9]{5}$"
WIFI_PASSWORD_ENV = "STATION_WIFI_PASSWORD"
#: ``[scanner] camera`` of line.toml: the composition makes it
#: ``station.sim.led_camera.SimulatedLedCamera(fixture, slot, ask_simulator=True)``.
SIM_CAMERA = SIMULATED_CAMERA
START_TIMEOUT_S = 60.0


@dataclass
class FactoryOptions:
    folder: Path
    slots: int = 4
    zone: str = "test"
    faults: str = ""
    interpreter: str = "cpython"
    time_scale: float = 1.0
    feed: int = 0
    seed: int = 1
    #: The device cloud the line builds for: impcentral, particle or libelium.
    backend: str = "impcentral"
    #: The line's DUT scripts (line.toml's [test] script, then [test] mixed: slot N runs the
    #: ((N - 1) mod count)-th); the fixture simulator's DUTs are their products' models.
    scripts: list[Path] = field(default_factory=lambda: [EXAMPLE_SCRIPT])

    def models(self) -> list[DutModel]:
        """Each script's product's simulated DUT model, once per product, in the scripts' order
        (a script that does not load, or a product without a model, is a clear error)."""
        from station.runner.loader import load_script

        found: dict[str, DutModel] = {}
        for script in self.scripts:
            product = load_script(script).script.product
            if product not in found:
                found[product] = model_for_script(script, product)
        return list(found.values())

    def slot_products(self) -> dict[int, str]:
        """{slot: product} of a mixed line (empty for a line of one script)."""
        if len(self.scripts) < 2:
            return {}
        from station.runner.loader import load_script

        products = [load_script(s).script.product for s in self.scripts]
        return {slot: products[(slot - 1) % len(products)] for slot in range(1, self.slots + 1)}

    def cloud(self) -> LineCloud:
        return LineCloud(self.backend, self.zone, identify_by=identify_by(self.backend, self.models()[0]))

    def unit_maker(self, url: str) -> Callable[[str], None]:
        """What the simulated world does before the operator scans a unit (see :meth:`LineCloud.unit_made`):
        units are built as the line's first product (the operator's population)."""
        return functools.partial(self.cloud().unit_made, url, model=self.models()[0])

    def check(self) -> None:
        if self.zone not in FIXTURE_GROUPS:
            raise InputError(f"--zone must be test or production, not {self.zone!r}")
        LineCloud(self.backend, self.zone)  # a backend it does not know is a clear error
        if not 1 <= self.slots <= 16:
            raise InputError(f"--slots must be 1-16, not {self.slots}")
        if not 0.0 < self.time_scale <= 1.0:
            raise InputError(f"--time-scale must be more than 0 and at most 1, not {self.time_scale}")
        if self.feed < 0 or self.feed > 99999:
            raise InputError(f"--feed must be 0-99999 units, not {self.feed}")
        if not self.scripts:
            raise InputError("the simulated line needs at least one script")
        self.scripts = [Path(s).resolve() for s in self.scripts]
        for script in self.scripts:
            if not script.is_file():
                raise InputError(f"--script {script}: no such file")
        validate_faults(self.faults, self.slots, self.models())


@dataclass
class Peer:
    """A child process and what it told us when it started."""

    name: str
    proc: subprocess.Popen[str]
    log_path: Path

    @property
    def pid(self) -> int:
        return self.proc.pid


def _spawn(name: str, argv: list[str], folder: Path, *, stdin: bool = False) -> Peer:
    log_path = folder / "logs" / f"{name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with open(log_path, "ab") as err:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            text=True, bufsize=1, env=env, cwd=str(folder), preexec_fn=die_with_parent, close_fds=True,
        )
    return Peer(name, proc, log_path)


def _drain_to_log(peer: Peer) -> None:
    """After start-up, whatever the peer prints goes to its log (a full pipe would stall it)."""
    def drain() -> None:
        assert peer.proc.stdout is not None
        with contextlib.suppress(OSError, ValueError), open(peer.log_path, "a") as log:
            for line in peer.proc.stdout:
                log.write(line)
                log.flush()

    threading.Thread(target=drain, name=f"{peer.name}-stdout", daemon=True).start()


def _wait_answering(peer: Peer, url: str, timeout_s: float) -> None:
    """The emulator prints its URL before uvicorn listens: wait until it answers HTTP."""
    import requests

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            requests.get(url, timeout=2).raise_for_status()
            return
        except requests.RequestException as exc:
            if peer.proc.poll() is not None or time.monotonic() > deadline:
                raise StationError(f"the {peer.name} does not answer on {url}: {exc}") from None
            time.sleep(0.1)


def _read_until(peer: Peer, pattern: re.Pattern[str], timeout_s: float) -> re.Match[str]:
    """Read the peer's stdout until a line matches (its start-up announcement)."""
    assert peer.proc.stdout is not None
    found: list[re.Match[str]] = []
    done = threading.Event()

    def read() -> None:
        assert peer.proc.stdout is not None
        for line in peer.proc.stdout:
            match = pattern.search(line)
            if match:
                found.append(match)
                break
        done.set()

    threading.Thread(target=read, daemon=True).start()
    if not done.wait(timeout_s) or not found:
        tail = peer.log_path.read_text(errors="replace")[-600:] if peer.log_path.exists() else ""
        raise StationError(f"the {peer.name} did not start within {timeout_s:g} s: {tail.strip() or 'no output'}")
    return found[0]


class SimFactory:
    """Start the peers, write the files, run the operator; :meth:`stop` ends everything."""

    def __init__(self, options: FactoryOptions, say: Callable[[str], None] = print) -> None:
        options.check()
        self.options = options
        self.folder = options.folder.resolve()
        self.say = say
        self.peers: list[Peer] = []
        self.stop_event = threading.Event()
        self._scanner_fds: tuple[int, int] | None = None
        self.operator: Operator | None = None
        self._fixture_lock = threading.Lock()

    # -- life cycle ----------------------------------------------------------------------------
    def start(self) -> None:
        o, folder = self.options, self.folder
        line_cloud = o.cloud()
        folder.mkdir(parents=True, exist_ok=True)
        for stale in ("ready", "units.jsonl", "cloud.db", "cloud.db-wal", "cloud.db-shm"):
            with contextlib.suppress(FileNotFoundError):
                (folder / stale).unlink()
        py = sys.executable
        models = o.models()
        # The three start at once (imports take seconds each on a busy machine); the cloud's port
        # is chosen here so the fixture simulator can be told its URL before the cloud answers.
        cloud_port = _free_port()
        cloud = _spawn("cloud-emulator", [py, "-m", "station.cli", "cloud", "emulator",
                                          *line_cloud.emulator_args(cloud_port, str(folder / "cloud.db"))], folder)
        self.peers.append(cloud)
        printer = _spawn("printer", [py, "-m", "station.sim.printer", "--port", "0", "--control",
                                    "--out", str(folder / "printed")], folder, stdin=True)
        self.peers.append(printer)
        fixture = _spawn("fixture", [
            py, "-m", "station.cli", "fixture", "sim", "--world", "--slots", str(o.slots),
            "--link", str(folder / "fixture.port"), "--interpreter", o.interpreter, "--seed", str(o.seed),
            "--faults", o.faults, "--time-scale", repr(o.time_scale),
            *(("--cloud", f"http://127.0.0.1:{cloud_port}/v5") if line_cloud.optical else ()),
            *(arg for m in models for arg in ("--model", str(m.path))),
        ], folder, stdin=True)
        self.peers.append(fixture)
        url = _read_until(cloud, line_cloud.url_announcement, START_TIMEOUT_S).group(1)
        key = _read_until(cloud, line_cloud.secret_announcement, START_TIMEOUT_S).group(1)
        printer_url = _read_until(printer, re.compile(r"printer emulator on (tcp://\S+)"), START_TIMEOUT_S).group(1)
        self.cloud_url, self.login_key, self.printer_url = url, key, printer_url
        _wait_answering(cloud, line_cloud.origin(url) + "/_admin/faults", START_TIMEOUT_S)
        _drain_to_log(cloud)
        _drain_to_log(printer)
        port = _read_until(fixture, re.compile(r"^PORT (\S+) (\S+)"), START_TIMEOUT_S)
        self.fixture_port, self.fixture_device = port.group(1), port.group(2)
        self._open_scanner()
        assert self._scanner_fds is not None
        self.operator = Operator(self._scanner_fds[0], self._fixture_control, folder / "units.jsonl", o.slots,
                                 say=self.say, models=models, unit_made=o.unit_maker(url))
        for slot, product in o.slot_products().items():  # a mixed line: each slot holds its script's product
            self._fixture_control(f"DUT {slot} {o.seed}-{slot} {product}")
        (folder / "units.jsonl").touch()
        threading.Thread(target=self._fixture_reports, args=(fixture,), name="fixture-reports", daemon=True).start()
        self._write_files()
        (folder / "ready").write_text(str(folder / "line.toml") + "\n")
        self.say(f"ready {folder / 'line.toml'}")

    def stop(self) -> None:
        """Stop every peer (SIGTERM, then SIGKILL after 5 s), close the scanner, remove DIR/ready."""
        self.stop_event.set()
        with contextlib.suppress(FileNotFoundError):
            (self.folder / "ready").unlink()
        for peer in self.peers:
            if peer.proc.stdin is not None:
                with contextlib.suppress(OSError):
                    peer.proc.stdin.close()
            if peer.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    peer.proc.terminate()
        deadline = time.monotonic() + 5.0
        for peer in self.peers:
            try:
                peer.proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                peer.proc.kill()
                peer.proc.wait(5)
        if self._scanner_fds is not None:
            for fd in self._scanner_fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._scanner_fds = None
            with contextlib.suppress(FileNotFoundError):
                (self.folder / "scanner.port").unlink()

    def dead_peer(self) -> Peer | None:
        return next((p for p in self.peers if p.proc.poll() is not None), None)

    # -- the operator's commands (stdin) -------------------------------------------------------
    def command(self, line: str) -> None:
        """``scan SERIAL``, ``badge NAME``, ``stop-feed``, ``printer STATE``; InputError on anything else."""
        words = line.split()
        if not words:
            return
        assert self.operator is not None
        verb = words[0].lower()
        if verb == "scan" and len(words) == 2:
            threading.Thread(target=self.operator.scan, args=(words[1],), kwargs={"stop": self.stop_event},
                             daemon=True).start()
        elif verb == "badge" and len(words) == 2:
            self.operator.badge(words[1])
        elif verb == "printer" and len(words) == 2:
            from station.sim.printer import STATES

            if words[1] not in (*STATES, "ready"):
                raise InputError(f"printer state must be one of {', '.join([*STATES, 'ready'])}, not {words[1]!r}")
            self._write_to("printer", words[1])
            self.say(f"printer {words[1]}")
        elif verb == "stop-feed" and len(words) == 1:
            self.operator.stop_feed.set()
            self.say("feed stopped")
        else:
            raise InputError(f"unknown command {line.strip()!r}: scan SERIAL, badge NAME, stop-feed or "
                             "printer paper-out|head-open|paused|silent|ready")

    def start_feed(self) -> None:
        if self.options.feed and self.operator is not None:
            threading.Thread(target=self.operator.feed, args=(self.options.feed, self.stop_event, self.scanner_device),
                             name="operator-feed", daemon=True).start()

    # -- internals -----------------------------------------------------------------------------
    def _fixture_control(self, line: str) -> None:
        self._write_to("fixture", line)

    def _write_to(self, name: str, line: str) -> None:
        """One control line to a peer's stdin (the fixture simulator's controls, the printer's states)."""
        peer = next(p for p in self.peers if p.name == name)
        assert peer.proc.stdin is not None
        with self._fixture_lock:
            peer.proc.stdin.write(line + "\n")
            peer.proc.stdin.flush()

    def _fixture_reports(self, fixture: Peer) -> None:
        assert fixture.proc.stdout is not None and self.operator is not None
        with open(self.folder / "logs" / "fixture-world.log", "a") as log:
            for line in fixture.proc.stdout:
                log.write(line)
                log.flush()
                self.operator.on_report(line.strip())

    def _open_scanner(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # bytes pass as the scanner sent them: no echo, no CR/LF translation
        self._scanner_fds = (master, slave)
        link = self.folder / "scanner.port"
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(os.ttyname(slave))
        self.scanner_device = os.ttyname(slave)

    def _write_files(self) -> None:
        o, folder = self.options, self.folder
        line_cloud = o.cloud()
        wifi_password = secrets.token_urlsafe(12)
        toml = "\n".join([
            "# A real-line station config for the simulated factory (station sim factory).",
            "# Secrets are in line.env beside it:  set -a; . ./line.env; set +a",
            "",
            "[station]",
            f'name = "sim-line-{o.zone}"',
            f"slots = {o.slots}",
            "",
            "[test]",
            f"script = {_q(o.scripts[0])}",
            *([f"mixed = [{', '.join(_q(s) for s in o.scripts[1:])}]"] if len(o.scripts) > 1 else []),
            "",
            "[store]",
            f"url = {_q('sqlite:///' + str(folder / 'station.db'))}",
            "",
            *line_cloud.toml(self.cloud_url),
            "",
            "[fixture]",
            f"port = {_q(self.fixture_port)}",
            "",
            "[printer]",
            f"url = {_q(self.printer_url)}",
            f"template = {_q(LABEL_TEMPLATES.get(o.backend, LABEL_TEMPLATE))}",
            "",
            "[scanner]",
            f"serial_pattern = {_q(SERIAL_PATTERN)}",
            f"port = {_q(folder / 'scanner.port')}",
            "# the camera above the slots: the simulated one, which asks the fixture simulator what it sees",
            f'camera = "{SIM_CAMERA}"',
            "",
            *([
                "[blinkup]",
                'provisioner = "fixture-led"',
                'ssid = "factory-sim"',
                f'password_env = "{WIFI_PASSWORD_ENV}"',
                "",
            ] if line_cloud.optical else []),
            *([
                "# the simulated factory runs its waits faster than real time (--time-scale): so do the retries",
                "[flow]",
                "bless_retry_first_s = 0.2",
                "bless_retry_max_s = 2.0",
                "",
            ] if o.time_scale < 1.0 else []),
        ])
        (folder / "line.toml").write_text(toml)
        env_path = folder / "line.env"
        fd = os.open(env_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f"{line_cloud.secret_env}={self.login_key}\n"
                    + (f"{WIFI_PASSWORD_ENV}={wifi_password}\n" if line_cloud.optical else ""))
        os.chmod(env_path, 0o600)
        host, _, port = self.printer_url.removeprefix("tcp://").partition(":")
        peers = {
            "folder": str(folder), "zone": o.zone, "slots": o.slots, "time_scale": o.time_scale,
            "interpreter": o.interpreter, "factory_pid": os.getpid(),
            "cloud": {"pid": self._pid("cloud-emulator"), "url": self.cloud_url, "port": _port(self.cloud_url),
                      "origin": line_cloud.origin(self.cloud_url), "admin_login_key": self.login_key,
                      **({"db": str(folder / "cloud.db")} if o.backend == "impcentral" else {}),
                      **line_cloud.peer_facts()},
            "fixture": {"pid": self._pid("fixture"), "port": self.fixture_port, "device": self.fixture_device},
            "printer": {"pid": self._pid("printer"), "host": host, "port": int(port), "url": self.printer_url},
            "scanner": {"port": str(folder / "scanner.port"), "device": self.scanner_device},
            "units_log": str(folder / "units.jsonl"), "config": str(folder / "line.toml"),
            "env_file": str(env_path),
        }
        (folder / "peers.json").write_text(json.dumps(peers, indent=2) + "\n")

    def _pid(self, name: str) -> int:
        return next(p.pid for p in self.peers if p.name == name)


def _free_port() -> int:
    """A free TCP port on 127.0.0.1 (the cloud emulator binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port(url: str) -> int:
    match = re.search(r":(\d+)(/|$)", url.split("//", 1)[-1])
    return int(match.group(1)) if match else 0


def run(options: FactoryOptions, stdin: IO[str] | None = None, say: Callable[[str], None] | None = None) -> int:
    """Run the simulated factory until SIGTERM/SIGINT; operator commands from ``stdin``."""
    def out(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    factory = SimFactory(options, say or out)
    stop = factory.stop_event
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        factory.start()
        factory.start_feed()
        if stdin is not None:
            threading.Thread(target=_commands, args=(factory, stdin), daemon=True).start()
        while not stop.wait(0.5):
            dead = factory.dead_peer()
            if dead is not None:
                raise StationError(f"the {dead.name} stopped (exit {dead.proc.returncode}); see {dead.log_path}")
    finally:
        factory.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def _commands(factory: SimFactory, stdin: IO[str]) -> None:
    for line in stdin:
        try:
            factory.command(line)
        except StationError as exc:
            factory.say(f"error: {exc}")
