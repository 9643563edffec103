"""The runner: one DUT through one script — plugs, steps, timeouts, retries, teardown, record.

Outcome rules (DESIGN §4): FAIL only when the DUT missed a limit (or left a declared measurement
unset); ERROR when anything else went wrong — an exception, a timeout, a plug that would not
open, a record that could not be saved; ABORTED when someone stopped the run. The failure code
names the first failing step and measurement so QA can Pareto on it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from station.errors import InputError, StationError
from station.events import (
    AttachmentAdded,
    EventBus,
    IdentitySet,
    LogRecorded,
    MeasurementTaken,
    PromptAnswered,
    PromptRequested,
    RunFinished,
    RunStarted,
    StepFinished,
    StepStarted,
)
from station.runner.loader import LoadedScript
from station.runner.plugs import OpenPlugs, PlugError, PlugRegistry
from station.runner.watchdog import Overrun, Watch
from station.testkit.checks import NO_LIMIT, Outcome
from station.testkit.conditions import RunView
from station.testkit.context import DutFault, RunIdentity, StepContext
from station.testkit.limits import Limits
from station.testkit.plugs import PlugEnv
from station.testkit.prompts import Prompt, PromptResponder, Prompts
from station.testkit.record import LogLine, MeasurementResult, RunRecord, StepResult
from station.testkit.script import CONTEXT_PARAMETER, Step

log = logging.getLogger(__name__)


@dataclass(slots=True)
class RunOptions:
    """Who, where and what for one run; all but the serial have sensible defaults."""

    serial: str
    station: str = field(default_factory=socket.gethostname)
    slot: int = 1
    operator: str = ""
    sim: bool = False
    run_id: str | None = None
    zone: str | None = None
    fixture_group: str | None = None
    dut_target: str | None = None
    production_target: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    extra_plugs: dict[str, Any] = field(default_factory=dict)
    responder: PromptResponder | None = None  # who answers this run's prompts (else the runner's)
    only_steps: tuple[str, ...] = ()  # an engineer running single steps (teardown still runs); empty: all


class AbortSignal:
    """Set from any thread (the operator's Abort button, Ctrl-C) to stop a run between waits."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason = ""

    def set(self, reason: str = "aborted by the operator") -> None:
        self.reason = reason
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()


class Runner:
    """Runs a loaded script with resolved limits; reusable for many runs of the same script."""

    def __init__(
        self,
        loaded: LoadedScript,
        limits: Limits,
        plugs: PlugRegistry,
        bus: EventBus,
        *,
        responder: PromptResponder | None = None,
        clock: Callable[[], float] = time.time,
        strict: bool = False,
    ) -> None:
        self.loaded = loaded
        self.script = loaded.script
        self.limits = limits
        self.plugs = plugs
        self.bus = bus
        self.responder = responder
        self.clock = clock
        self._checks = {
            step.name: {m.name: limits.check_for(step.name, m.name, m.check, step.base_name) for m in step.measurements}
            for step in self.script.all_steps
        }
        self.unlimited = tuple(f"{step}.{name}" for step, checks in self._checks.items()
                               for name, check in checks.items() if check.is_empty)
        """Measurements with no limit at all ("step.measurement"): flagged at load and in every record."""
        if strict and self.unlimited:
            raise InputError(f"--strict: {len(self.unlimited)} measurement(s) have no limit ({NO_LIMIT}): "
                             f"{', '.join(self.unlimited)}; give them limits in the script or the limits file",
                             path=str(loaded.path))
        plugs.check(
            (step.name, name)
            for step in self.script.all_steps
            for name in step.plug_names
            if name != "prompts"
        )

    def run(self, options: RunOptions, abort: AbortSignal | None = None) -> RunRecord:
        """One whole run: begin, test, finish with the test's verdict."""
        run = self.begin(options, abort)
        return run.finish(run.test()) if run.started else run.finish(run.start_failure())

    def begin(self, options: RunOptions, abort: AbortSignal | None = None) -> RunHandle:
        """Start a run the caller finishes itself (the station flow provisions, blesses and labels
        around the test); the record exists in the store when this returns."""
        run = RunHandle(self, options, abort or AbortSignal())
        try:
            run.begin()
            run.started = True
        except _RecordFault:
            run.started = False
        return run


@dataclass(frozen=True, slots=True)
class Verdict:
    """How a run (or its test part) ended, and why."""

    outcome: Outcome
    failure_code: str | None = None
    failure_reason: str | None = None


class _RecordFault(Exception):
    """Persisting an event failed: the run cannot be trusted to be recorded, so it must end."""


class RunHandle:
    """One run in progress: :meth:`Runner.begin` returns it; ``test`` then ``finish`` it."""

    def __init__(self, runner: Runner, options: RunOptions, abort: AbortSignal) -> None:
        self.runner = runner
        self.options = options
        self.abort = abort
        self.run_id = options.run_id or str(uuid.uuid4())
        self.identity = RunIdentity(options.serial, options.slot, runner.limits.variant)
        self.record = RunRecord(
            run_id=self.run_id,
            serial=options.serial,
            station=options.station,
            slot=options.slot,
            operator=options.operator,
            script_name=runner.script.name,
            script_version=runner.script.version,
            product=runner.script.product,
            script_path=str(runner.loaded.path),
            script_sha256=runner.loaded.sha256,
            limits_path=None if runner.limits.path is None else str(runner.limits.path),
            limits_sha256=runner.limits.sha256,
            variant=runner.limits.variant,
            started_at=runner.clock(),
            zone=options.zone,
            fixture_group=options.fixture_group,
            dut_target=options.dut_target,
            production_target=options.production_target,
        )
        self.prompts = Prompts(options.responder or runner.responder, on_ask=self._on_ask,
                               on_answer=self._on_answer)
        self.record_fault: str | None = None
        self.started = False
        self._progress = _Progress()
        self._plan: tuple[Step, ...] = ()

    def set_identity(self, device_id: str | None, mac: str | None) -> bool:
        """The flow learned who the unit is (before the script does); False if it could not be stored."""
        self.identity.device_id, self.identity.mac = device_id, mac
        try:
            self._on_identity(device_id, mac)
        except _RecordFault:
            return False
        return True

    def start_failure(self) -> Verdict:
        return self._record_fault_verdict()

    def publish(self, event: Any) -> bool:
        """Emit a flow event that belongs to this run; False (and the run is doomed) if it could not be stored."""
        try:
            self.emit(event)
        except _RecordFault:
            return False
        return True

    # -- event plumbing ---------------------------------------------------------------------
    def emit(self, event: Any) -> None:
        try:
            self.runner.bus.emit(event)
        except Exception as exc:
            self.record_fault = f"the run could not be recorded: {type(exc).__name__}: {exc}"
            raise _RecordFault(self.record_fault) from exc

    def log(self, message: str, level: str = "INFO", step: str | None = None) -> None:
        line = LogLine(ts=self.runner.clock(), level=level, message=message, step=step)
        self.record.logs.append(line)
        self.emit(LogRecorded(self.run_id, line=line))

    def _on_measure(self, step: str, result: MeasurementResult) -> None:
        self.emit(MeasurementTaken(self.run_id, step=step, measurement=result))

    def _on_log(self, line: LogLine) -> None:
        self.record.logs.append(line)
        self.emit(LogRecorded(self.run_id, line=line))

    def _on_attach(self, attachment: Any) -> None:
        self.record.attachments.append(attachment)
        self.emit(AttachmentAdded(self.run_id, attachment=attachment))

    def _on_identity(self, device_id: str | None, mac: str | None) -> None:
        self.record.device_id, self.record.mac = device_id, mac
        self.emit(IdentitySet(self.run_id, device_id=device_id, mac=mac))

    def _on_ask(self, prompt: Prompt) -> None:
        self.emit(
            PromptRequested(self.run_id, prompt_id=prompt.key, kind=prompt.kind, text=prompt.text,
                            options=prompt.options, image=prompt.image, prompt=prompt)
        )

    def _on_answer(self, prompt: Prompt, answer: Any) -> None:
        self.emit(PromptAnswered(self.run_id, prompt_id=prompt.key, answer=answer))

    # -- the run ------------------------------------------------------------------------------
    # -- the run: begin, test, finish ---------------------------------------------------------
    def begin(self) -> None:
        """Record that the run exists (a barrier: it is stored before the DUT is touched)."""
        self.emit(
            RunStarted(self.run_id, record=self.record,
                       planned_steps=tuple(s.name for s in self.runner.script.all_steps),
                       pid=os.getpid(), hostname=socket.gethostname())
        )
        if self.runner.unlimited:
            self.log(f"{NO_LIMIT}: {', '.join(self.runner.unlimited)}", "WARNING")

    def test(self) -> Verdict:
        """Open the plugs, run the steps and the teardown; the test's verdict (nothing is finished yet)."""
        script = self.runner.script
        plugs: OpenPlugs | None = None
        verdict: Verdict | None = None
        try:
            env = PlugEnv(serial=self.options.serial, slot=self.options.slot, sim=self.options.sim,
                          settings=self.options.settings)
            wanted = [n for s in script.all_steps for n in s.plug_names if n != "prompts"]
            try:
                plugs = self.runner.plugs.open(wanted, env, extra={**self.options.extra_plugs})
            except PlugError as exc:
                verdict = Verdict(Outcome.ERROR, f"plug:{exc.name}", str(exc))
                self.log(str(exc), "ERROR")
            if plugs is not None:
                plugs.add("prompts", self.prompts, owned=False)
                steps = script.steps
                if self.options.only_steps:
                    steps = _only(steps, self.options.only_steps)
                    self.log(f"engineer run of step(s) {', '.join(s.name for s in steps)} only", "WARNING")
                self._plan = steps
                verdict = Verdict(*self._run_steps(steps, plugs))
                self._record_skipped(steps, verdict)
        except _RecordFault:
            verdict = self._record_fault_verdict()
        finally:
            teardown_verdict = self._teardown(plugs)
        if teardown_verdict is not None and (verdict is None or verdict.outcome is Outcome.PASS):
            verdict = Verdict(*teardown_verdict)
        if self.record_fault is not None:
            verdict = self._record_fault_verdict()
        assert verdict is not None
        return verdict

    def finish(self, verdict: Verdict) -> RunRecord:
        """Close the record with the run's final verdict (the flow's, after blessing and labelling)."""
        if self.record_fault is not None:
            verdict = self._record_fault_verdict()
        self.record.outcome = verdict.outcome
        self.record.failure_code = verdict.failure_code
        self.record.failure_reason = verdict.failure_reason
        self.record.finished_at = self.runner.clock()
        try:
            self.emit(RunFinished(self.run_id, outcome=verdict.outcome, failure_code=verdict.failure_code,
                                  failure_reason=verdict.failure_reason, finished_at=self.record.finished_at))
        except _RecordFault:
            verdict = self._record_fault_verdict()
            self.record.outcome = verdict.outcome
            self.record.failure_code = verdict.failure_code
            self.record.failure_reason = verdict.failure_reason
        return self.record

    def _record_fault_verdict(self) -> Verdict:
        return Verdict(Outcome.ERROR, "station:record", self.record_fault or "the run could not be recorded")

    def _run_steps(self, steps: tuple[Step, ...], plugs: OpenPlugs) -> tuple[Outcome, str | None, str | None]:
        """The ordinary steps: all on one worker thread, watched by this thread (see :mod:`watchdog`).

        Step groups: a group is *entered* when its setup or first step starts; its teardown runs
        when reached, or — if the run stops early (a failure, a timeout, an abort) — in the teardown
        phase, innermost first. A failed group setup skips the rest of the group. A step that timed
        out with retries left is tried again on a fresh worker.
        """
        progress = self._progress

        def sequence(watch: Watch) -> tuple[Outcome, str | None, str | None]:
            while progress.index < len(steps):
                index = progress.index
                step = steps[index]
                if self.abort.is_set():
                    return Outcome.ABORTED, "aborted", self.abort.reason
                skipped = self._skip_reason(step, progress)
                if skipped is not None:
                    if skipped:
                        self._record_skip(step, index, skipped)
                    progress.index += 1
                    continue
                for depth in range(1, len(step.group) + 1):
                    if step.group[:depth] not in progress.entered:
                        progress.entered.append(step.group[:depth])
                first, started = progress.attempt, progress.started
                progress.attempt, progress.started = 1, None
                result = self._run_step(step, index, plugs, watch, first_attempt=first, started=started)
                progress.index += 1
                if step.role == "teardown":
                    progress.entered.remove(step.group)
                if result.outcome is Outcome.PASS:
                    continue
                if result.outcome is Outcome.ABORTED:
                    return Outcome.ABORTED, "aborted", self.abort.reason
                verdict = _failure_of(result)
                if step.role == "setup":
                    progress.skip = step.group
                if result.outcome is Outcome.ERROR:
                    return verdict
                progress.first_failure = progress.first_failure or verdict
                if self.runner.script.stop_on_fail:
                    return verdict
            return progress.first_failure or (Outcome.PASS, None, None)

        while True:
            outcome = self._watched(sequence, honour_abort=True, progress=progress)
            if outcome is not _RETRY:
                return outcome

    def _skip_reason(self, step: Step, progress: _Progress) -> str | None:
        """Why ``step`` does not run ("" for a group teardown with nothing to tear down), or None."""
        if step.role == "teardown":
            return None if step.group in progress.entered else ""
        skip = progress.skip
        if skip is not None and step.group[:len(skip)] == skip:
            return f"skipped: the setup of group {'/'.join(skip)!r} failed"
        if not step.conditions:
            return None
        view = RunView(self.options.serial, self.options.slot, self.identity.variant, self.record.steps)
        failed = step.should_run(view)
        return None if failed is None else f"skipped: {failed.text}"

    def _record_skip(self, step: Step, index: int, reason: str) -> None:
        now = self.runner.clock()
        result = StepResult(name=step.name, index=index, outcome=Outcome.SKIPPED, started_at=now, finished_at=now,
                            attempts=0, error=reason, teardown=step.teardown, group=step.group_path, role=step.role)
        self.record.steps.append(result)
        self.emit(StepFinished(self.run_id, result=result))

    def _record_skipped(self, steps: tuple[Step, ...], verdict: Verdict) -> None:
        """Steps the run stopped before are part of the record as SKIPPED: QA sees what was never tested."""
        ran = {r.index for r in self.record.steps if not r.teardown}
        now = self.runner.clock()
        for index, step in enumerate(steps):
            if index in ran or step.role == "teardown":  # a group's teardown runs in the teardown phase if needed
                continue
            why = f"not run: the run stopped with {verdict.outcome.value}"
            if verdict.failure_code:
                why += f" ({verdict.failure_code})"
            result = StepResult(name=step.name, index=index, outcome=Outcome.SKIPPED, started_at=now,
                                finished_at=now, attempts=0, error=why, group=step.group_path, role=step.role)
            self.record.steps.append(result)
            self.emit(StepFinished(self.run_id, result=result))

    def _watched(self, sequence: Any, *, honour_abort: bool, progress: _Progress | None = None) -> Any:
        """Run ``sequence`` on a worker thread; turn an overrun or an abort into a recorded step (or,
        with ``progress`` and retries left, into :data:`_RETRY`: the sequence resumes on a new worker)."""
        watch = Watch(f"steps-slot{self.options.slot}")
        outcome = watch.run(sequence, self.abort if honour_abort else None)
        if isinstance(outcome, Overrun):
            step, index, ctx, started, attempt = outcome.token
            ctx.close()
            if (progress is not None and not outcome.aborted and step.retry_on_timeout and attempt <= step.retries
                    and not self.abort.is_set()):
                self.log(f"attempt {attempt} of step {step.name!r} timed out after {step.timeout_s:g} s; its thread "
                         "is abandoned; retrying", "WARNING", step.name)
                progress.index, progress.attempt, progress.started = index, attempt + 1, started
                return _RETRY
            if progress is not None:
                progress.index = index + 1
                if step.role == "teardown" and step.group in progress.entered:
                    progress.entered.remove(step.group)
            if outcome.aborted:
                result_outcome, error = Outcome.ABORTED, self.abort.reason
            else:
                result_outcome, error = Outcome.ERROR, f"step {step.name!r} timed out after {step.timeout_s:g} s"
                self.log(f"{error}; its thread is abandoned", "ERROR", step.name)
            result = StepResult(name=step.name, index=index, outcome=result_outcome, started_at=started,
                                finished_at=self.runner.clock(), attempts=attempt, error=error,
                                teardown=step.teardown, measurements=ctx.results(), group=step.group_path,
                                role=step.role, subtests=ctx.subtests())
            self.record.steps.append(result)
            self.emit(StepFinished(self.run_id, result=result))
            if outcome.aborted:
                return Outcome.ABORTED, "aborted", self.abort.reason
            return _failure_of(result)
        return outcome

    def _teardown(self, plugs: OpenPlugs | None) -> tuple[Outcome, str, str] | None:
        """Teardown steps, then plug teardown: always, and never raising."""
        verdict: tuple[Outcome, str, str] | None = None
        if plugs is not None:
            start = len(self.runner.script.steps)
            pending = [s for path in reversed(self._progress.entered) for s in self._plan
                       if s.role == "teardown" and s.group == path]
            self._progress.entered.clear()
            for offset, step in enumerate([*pending, *self.runner.script.teardown_steps]):

                def sequence(watch: Watch, step: Step = step, index: int = start + offset) -> Any:
                    result = self._run_step(step, index, plugs, watch)
                    return None if result.outcome is Outcome.PASS else _failure_of(result)

                try:
                    failed = self._watched(sequence, honour_abort=False)
                except _RecordFault:
                    return Outcome.ERROR, "station:record", self.record_fault or "record fault"
                if failed is not None and verdict is None:
                    verdict = (Outcome.ERROR, step.name, f"teardown step {step.name!r}: {failed[2]}")
            for name, exc in plugs.close():
                message = f"plug {name!r} failed to tear down: {type(exc).__name__}: {exc}"
                with contextlib.suppress(_RecordFault):
                    self.log(message, "ERROR")
        return verdict

    def _run_step(self, step: Step, index: int, plugs: OpenPlugs, watch: Watch, *, first_attempt: int = 1,
                  started: float | None = None) -> StepResult:
        """Run one step with its retries, on the worker thread; record and return its result."""
        clock = self.runner.clock
        started = clock() if started is None else started
        attempt = first_attempt - 1
        params = dict(step.params)
        while True:
            attempt += 1
            self.emit(StepStarted(self.run_id, step=step.name, index=index, attempt=attempt))
            ctx = StepContext(step, self.runner._checks[step.name], self.identity, self.prompts, self._on_measure,
                              self._on_log, self._on_attach, self._on_identity, clock)
            kwargs = {p: ctx if p == CONTEXT_PARAMETER else params[p] if p in params else plugs[p]
                      for p in step.parameters}
            error = watch.call(step.function, kwargs, step.timeout_s, (step, index, ctx, started, attempt), ctx.close)
            ctx.close()
            if error is not None:
                if isinstance(error, _RecordFault):
                    raise error
                if self.record_fault is not None:
                    raise _RecordFault(self.record_fault)
                if self.abort.is_set():  # a prompt cancelled or a plug interrupted by the abort itself
                    outcome, message = Outcome.ABORTED, self.abort.reason
                elif isinstance(error, DutFault):  # the unit's fault: FAIL, not a station ERROR
                    self.log(f"step {step.name!r}: DUT fault: {error}", "WARNING", step.name)
                    outcome, message = Outcome.FAIL, f"DUT fault: {error}"
                else:
                    trace = "".join(traceback.format_exception(error))
                    self.log(f"step {step.name!r} raised:\n{trace}", "ERROR", step.name)
                    # A station error already speaks plain words; anything else is a bug: name its type.
                    plain = isinstance(error, StationError)
                    outcome, message = Outcome.ERROR, str(error) if plain else f"{type(error).__name__}: {error}"
            else:
                outcome, message = Outcome.PASS, ""
            measurements = ctx.results()
            subtests = ctx.subtests()
            if outcome is Outcome.PASS and any(m.outcome is not Outcome.PASS for m in measurements):
                outcome = Outcome.FAIL
            failed_subtests = [t for t in subtests if t.outcome is not Outcome.PASS]
            if outcome is Outcome.PASS and failed_subtests:
                outcome = Outcome.FAIL
                message = "; ".join(f"subtest {t.name!r}: {t.error}" for t in failed_subtests)
            if outcome is Outcome.PASS or attempt > step.retries or self.abort.is_set():
                break
            self.log(f"attempt {attempt} of step {step.name!r} ended {outcome.value}; retrying", "WARNING",
                     step.name)
        result = StepResult(name=step.name, index=index, outcome=outcome, started_at=started,
                            finished_at=clock(), attempts=attempt, error=message, teardown=step.teardown,
                            measurements=measurements, group=step.group_path, role=step.role, subtests=subtests)
        self.record.steps.append(result)
        self.emit(StepFinished(self.run_id, result=result))
        return result


_RETRY = object()
"""What :meth:`RunHandle._watched` returns when a timed-out step is to be tried again."""


@dataclass(slots=True)
class _Progress:
    """Where the ordinary steps are (shared by the successive workers of one run)."""

    index: int = 0
    attempt: int = 1
    started: float | None = None
    entered: list[tuple[str, ...]] = field(default_factory=list)  # groups entered, teardown not yet run
    skip: tuple[str, ...] | None = None  # the group whose setup failed
    first_failure: tuple[Outcome, str, str] | None = None


def _only(steps: tuple[Step, ...], names: tuple[str, ...]) -> tuple[Step, ...]:
    """An engineer's selection of steps, with the setup and teardown of the groups they are in."""
    groups = {s.group[:d] for s in steps if s.name in names for d in range(1, len(s.group) + 1)}
    return tuple(s for s in steps if s.name in names or (s.role != "step" and s.group in groups))


def _failure_of(result: StepResult) -> tuple[Outcome, str, str]:
    """The failure code and a plain-words reason for a step that did not pass."""
    if result.outcome is Outcome.FAIL:
        for m in result.measurements:
            if m.outcome is not Outcome.PASS:
                if result.error:  # a DUT fault left this measurement unset: the fault is the reason
                    return Outcome.FAIL, f"{result.name}.{m.name}", f"{result.error} in step {result.name!r}"
                value = "unset" if m.outcome is Outcome.UNSET else f"{m.value!r}{(' ' + m.unit) if m.unit else ''}"
                return (
                    Outcome.FAIL,
                    f"{result.name}.{m.name}",
                    f"{m.name} {value}: {m.reason} (limits {m.check.describe()}) in step {result.name!r}",
                )
        return Outcome.FAIL, result.name, f"{result.error} in step {result.name!r}"
    return result.outcome, result.name, result.error or f"step {result.name!r} ended {result.outcome.value}"
