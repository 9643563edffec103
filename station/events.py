"""The event stream: what runner and flow tell the store, the UI and the CLI as a run goes.

Events are immutable and carry plain data, so a consumer on another thread (the Qt bridge) can
keep them. Consumers subscribe to an :class:`EventBus`; delivery is synchronous and serialised,
so the store has committed a finished step before the next step starts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from station.records import BlessIntent, CloudCall, LabelJob
from station.testkit.checks import Outcome
from station.testkit.record import Attachment, LogLine, MeasurementResult, RunRecord, StepResult


@dataclass(frozen=True, slots=True)
class Event:
    run_id: str
    ts: float = field(default_factory=time.time, kw_only=True)


@dataclass(frozen=True, slots=True)
class RunStarted(Event):
    record: RunRecord  # the header fields; steps are empty
    planned_steps: tuple[str, ...]
    pid: int
    hostname: str


@dataclass(frozen=True, slots=True)
class StepStarted(Event):
    step: str
    index: int
    attempt: int


@dataclass(frozen=True, slots=True)
class MeasurementTaken(Event):
    """Live, as the step sets it; the final values of a step come with :class:`StepFinished`."""

    step: str
    measurement: MeasurementResult


@dataclass(frozen=True, slots=True)
class LogRecorded(Event):
    line: LogLine


@dataclass(frozen=True, slots=True)
class AttachmentAdded(Event):
    attachment: Attachment


@dataclass(frozen=True, slots=True)
class IdentitySet(Event):
    device_id: str | None
    mac: str | None


@dataclass(frozen=True, slots=True)
class PromptRequested(Event):
    prompt_id: str
    kind: str
    text: str
    options: tuple[str, ...] = ()
    image: bytes | None = None
    prompt: Any = None  # the whole station.testkit.Prompt (unit, limits, pages of newer kinds)


@dataclass(frozen=True, slots=True)
class PromptAnswered(Event):
    prompt_id: str
    answer: Any


@dataclass(frozen=True, slots=True)
class StepFinished(Event):
    result: StepResult


@dataclass(frozen=True, slots=True)
class CloudCallRecorded(Event):
    call: CloudCall


@dataclass(frozen=True, slots=True)
class BlessIntended(Event):
    """The bless about to be asked, with its idempotency key: committed before the call is made."""

    intent: BlessIntent


@dataclass(frozen=True, slots=True)
class LabelJobRecorded(Event):
    job: LabelJob


@dataclass(frozen=True, slots=True)
class StageChanged(Event):
    """A slot moved to another stage of the station loop (``run_id`` is empty while idle)."""

    slot: int
    stage: str
    detail: str = ""
    serial: str = ""


@dataclass(frozen=True, slots=True)
class ScanRejected(Event):
    """A scan that will not start a test, and why (wrong pattern, bad check digit, duplicate, busy)."""

    raw: str
    reason: str


@dataclass(frozen=True, slots=True)
class DeviceStatus(Event):
    """Health of a station peer: ``cloud``, ``fixture``, ``printer``, ``camera``."""

    device: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class TargetsUpdated(Event):
    """The zone and targets the station works for, as last synced; ``needs_ack`` blocks blessing."""

    zone: str | None
    fixture_group: str | None
    fixture_group_name: str | None
    dut_target: str | None
    dut_target_name: str | None
    production_target: str | None
    production_target_name: str | None
    synced_at: float | None
    needs_ack: bool
    change: str = ""


@dataclass(frozen=True, slots=True)
class Blessed(Event):
    """The cloud blessed the unit; committed before the unit's label may reach a printer."""

    device_id: str
    production_target: str
    zone: str
    replayed: bool = False  # settled after a restart by replaying the stored intent


@dataclass(frozen=True, slots=True)
class RunSettled(Event):
    """At start, a run a killed station left open was settled from its durable evidence."""

    serial: str
    outcome: Outcome
    reason: str


@dataclass(frozen=True, slots=True)
class OperatorChanged(Event):
    operator: str
    role: str


@dataclass(frozen=True, slots=True)
class RunFinished(Event):
    outcome: Outcome
    failure_code: str | None
    failure_reason: str | None
    finished_at: float


Subscriber = Callable[[Event], None]


class EventBus:
    """Fan events out to subscribers, one event at a time, in the order they were emitted.

    A subscriber that raises is reported to ``on_error`` and does not stop the others — except
    that the store subscribes with ``critical=True``: if persisting fails the run must stop,
    because a run the station cannot record must not carry on and bless a unit.
    """

    def __init__(self, on_error: Callable[[Subscriber, Event, BaseException], None] | None = None) -> None:
        self._subscribers: list[tuple[Subscriber, bool]] = []
        self._lock = threading.RLock()
        self._on_error = on_error

    def subscribe(self, subscriber: Subscriber, *, critical: bool = False) -> None:
        with self._lock:
            self._subscribers.append((subscriber, critical))

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers = [(s, c) for s, c in self._subscribers if s is not subscriber]

    def emit(self, event: Event) -> None:
        with self._lock:
            for subscriber, critical in self._subscribers:
                try:
                    subscriber(event)
                except Exception as exc:
                    if critical:
                        raise
                    if self._on_error is not None:
                        self._on_error(subscriber, event, exc)
