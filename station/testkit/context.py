"""The ``ctx`` a step receives: measure, log, attach, prompt, and the DUT's identity.

One context per step attempt, so a retried step starts from a clean slate and the record keeps
only the attempt that counted. A step that outlived its timeout is *abandoned*: anything it does
afterwards is refused, so a late value can never sneak into the record.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from station.errors import StationError
from station.testkit.checks import Check, Outcome
from station.testkit.prompts import Prompts
from station.testkit.record import Attachment, LogLine, MeasurementResult, SubtestResult
from station.testkit.script import Step
from station.testkit.series import Series

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class DutFault(Exception):  # noqa: N818 - named for what it is, like TimeoutError
    """The DUT itself misbehaved: its console stayed silent, it answered garbage, it browned out.

    Raise it (or let a plug raise a subclass) when the *unit* is at fault; the step is then a FAIL
    of the DUT — its unset measurements say which checks it could not meet — not an ERROR of the
    station. Deliberately not a StationError.
    """


class ScriptError(StationError):
    """The script did something the testkit forbids (an undeclared measurement, a late call)."""


class RunIdentity:
    """The DUT's identity as the run learns it; shared by every step of one run."""

    def __init__(self, serial: str, slot: int, variant: str | None) -> None:
        self.serial = serial
        self.slot = slot
        self.variant = variant
        self.device_id: str | None = None
        self.mac: str | None = None


class StepContext:
    """What a step function gets as ``ctx``."""

    def __init__(
        self,
        step: Step,
        checks: dict[str, Check],
        identity: RunIdentity,
        prompts: Prompts,
        on_measure: Callable[[str, MeasurementResult], None],
        on_log: Callable[[LogLine], None],
        on_attach: Callable[[Attachment], None],
        on_identity: Callable[[str | None, str | None], None],
        clock: Callable[[], float],
    ) -> None:
        self._step = step
        self._checks = checks
        self._identity = identity
        self._on_measure = on_measure
        self._on_log = on_log
        self._on_attach = on_attach
        self._on_identity = on_identity
        self._clock = clock
        self._values: dict[str, MeasurementResult] = {}
        self._declared = {m.name: m for m in step.measurements}
        self._lock = threading.Lock()
        self._closed = False
        self._subtests: list[SubtestResult] = []
        self._in_subtest: list[str] | None = None
        self.prompt = prompts

    # -- who is on the fixture -------------------------------------------------------------
    @property
    def serial(self) -> str:
        return self._identity.serial

    @property
    def slot(self) -> int:
        return self._identity.slot

    @property
    def variant(self) -> str | None:
        return self._identity.variant

    @property
    def device_id(self) -> str | None:
        return self._identity.device_id

    @property
    def mac(self) -> str | None:
        return self._identity.mac

    def set_device_id(self, device_id: str) -> None:
        """Record the cloud device ID the DUT reported (needed to bless it)."""
        self._guard()
        self._identity.device_id = str(device_id)
        self._on_identity(self._identity.device_id, self._identity.mac)

    def set_mac(self, mac: str) -> None:
        """Record the DUT's MAC address (normalised to lower-case, colon-separated)."""
        self._guard()
        hex_digits = "".join(c for c in str(mac).lower() if c in "0123456789abcdef")
        if len(hex_digits) != 12:
            raise ScriptError(f"{mac!r} is not a MAC address (12 hex digits)")
        self._identity.mac = ":".join(hex_digits[i : i + 2] for i in range(0, 12, 2))
        self._on_identity(self._identity.device_id, self._identity.mac)

    # -- measurements ------------------------------------------------------------------------
    def measure(self, name: str, value: Any) -> bool:
        """Set a declared measurement; returns whether it passed its limits (for branching)."""
        self._guard()
        declared = self._declared.get(name)
        if declared is None:
            known = ", ".join(m.name for m in self._step.measurements) or "none"
            raise ScriptError(f"step {self._step.name!r} did not declare measurement {name!r} (declared: {known})")
        if declared.x is not None:
            try:
                value = Series.of(value, *declared.x)
            except ValueError as exc:
                raise ScriptError(f"measurement {name!r}: {exc}") from None
        check = self._checks[name]
        verdict = check.judge(value)
        result = MeasurementResult(
            name=name,
            value=value,
            unit=declared.unit,
            check=check,
            outcome=Outcome.PASS if verdict.passed else Outcome.FAIL,
            marginal=verdict.marginal,
            reason=verdict.reason,
        )
        with self._lock:
            if self._closed:  # closed between the guard and now: the step was abandoned
                raise ScriptError(f"step {self._step.name!r} is over (finished or timed out); call ignored")
            self._values[name] = result
            if self._in_subtest is not None:
                self._in_subtest.append(name)
        self._on_measure(self._step.name, result)
        return verdict.passed

    def series(self, name: str) -> Series:
        """An empty series for the declared series measurement ``name``: ``add(x, y)`` points, then
        ``ctx.measure(name, s)``."""
        declared = self._declared.get(name)
        if declared is None or declared.x is None:
            raise ScriptError(f"step {self._step.name!r} declares no series measurement {name!r}")
        return Series(*declared.x)

    @contextlib.contextmanager
    def subtest(self, name: str) -> Iterator[None]:
        """A part of the step that may fail without ending the step: a DUT fault inside it, or a
        limit it misses, fails the subtest (and so the step) but the step goes on to the next
        subtest. Any other exception is a station/script error: recorded, then raised."""
        self._guard()
        if self._in_subtest is not None:
            raise ScriptError("subtests do not nest; use step groups for structure")
        if any(t.name == name for t in self._subtests):
            raise ScriptError(f"subtest {name!r} ran twice in step {self._step.name!r}")
        measured: list[str] = []
        self._in_subtest = measured
        outcome, error = Outcome.PASS, ""
        try:
            yield
        except DutFault as exc:
            outcome, error = Outcome.FAIL, f"DUT fault: {exc}"
        except Exception as exc:
            self._subtests.append(SubtestResult(name, Outcome.ERROR, f"{type(exc).__name__}: {exc}", tuple(measured)))
            raise
        finally:
            self._in_subtest = None
        if outcome is Outcome.PASS:
            with self._lock:
                failed = [n for n in measured if self._values[n].outcome is not Outcome.PASS]
            if failed:
                outcome, error = Outcome.FAIL, f"{', '.join(failed)} out of limits"
        self._subtests.append(SubtestResult(name, outcome, error, tuple(measured)))
        if outcome is not Outcome.PASS:
            self.log(f"subtest {name!r} {outcome.value}: {error}", "WARNING")

    def subtests(self) -> list[SubtestResult]:
        return list(self._subtests)

    def results(self) -> list[MeasurementResult]:
        """Every declared measurement in declared order; those never set are UNSET."""
        with self._lock:
            values = dict(self._values)
        out = []
        for declared in self._step.measurements:
            result = values.get(declared.name)
            if result is None:
                result = MeasurementResult(
                    name=declared.name,
                    value=None,
                    unit=declared.unit,
                    check=self._checks[declared.name],
                    outcome=Outcome.UNSET,
                    reason="never set by the step",
                )
            out.append(result)
        return out

    # -- logs and attachments -------------------------------------------------------------
    def log(self, message: str, level: str = "INFO") -> None:
        """Add a line to the run's log (kept in the record, shown live)."""
        self._guard()
        level = level.upper()
        if level not in LOG_LEVELS:
            raise ScriptError(f"log level {level!r} is not one of {LOG_LEVELS}")
        self._on_log(LogLine(ts=self._clock(), level=level, message=str(message), step=self._step.name))

    def attach(self, name: str, data: bytes | str | Path, mimetype: str | None = None) -> None:
        """Attach bytes, or a file given by path (camera frames, DUT logs) to the record."""
        self._guard()
        if isinstance(data, (str, Path)):
            path = Path(data)
            try:
                payload = path.read_bytes()
            except OSError as exc:
                raise ScriptError(f"cannot attach {path}: {exc.strerror}") from None
            mimetype = mimetype or mimetypes.guess_type(path.name)[0]
        elif isinstance(data, (bytes, bytearray, memoryview)):
            payload = bytes(data)
        else:
            raise ScriptError(f"attach takes bytes or a file path, not {type(data).__name__}")
        self._on_attach(
            Attachment(
                name=name,
                mimetype=mimetype or "application/octet-stream",
                sha256=hashlib.sha256(payload).hexdigest(),
                data=payload,
                step=self._step.name,
            )
        )

    # -- life cycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Refuse everything from now on (the step finished or was abandoned after a timeout)."""
        with self._lock:
            self._closed = True

    def _guard(self) -> None:
        if self._closed:
            raise ScriptError(f"step {self._step.name!r} is over (finished or timed out); call ignored")
