"""What ``station line`` prints: one line per unit event, or a live table when stdout is a terminal.

Plain lines are for automation and logs (one event a line, stable words, a timestamp first); a
terminal gets a rich live table of the slots with the same event lines scrolling above it.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import TextIO

from rich.console import Console
from rich.live import Live
from rich.table import Table

from station.events import (
    DeviceStatus,
    Event,
    OperatorChanged,
    PromptRequested,
    RunFinished,
    RunSettled,
    ScanRejected,
    StageChanged,
    TargetsUpdated,
)
from station.flow.stages import Stage

OUTCOME_STYLE = {"PASS": "bold green", "FAIL": "bold red", "ERROR": "bold magenta", "ABORTED": "bold yellow"}


def describe(event: Event, slot_of_run: dict[str, int], why: dict[str, str]) -> str | None:
    """The event as one line of plain words, or None for events the line does not report."""
    if isinstance(event, StageChanged):
        if event.stage == Stage.DONE.value:
            reason = why.pop(event.run_id, "")
            return f"slot {event.slot} {event.serial} done {event.detail}" + (f" — {reason}" if reason else "")
        detail = f" — {event.detail}" if event.detail else ""
        return f"slot {event.slot} {event.serial} {event.stage}{detail}"
    if isinstance(event, ScanRejected):
        return f"scan refused {event.raw!r}: {event.reason}"
    if isinstance(event, PromptRequested):
        slot = slot_of_run.get(event.run_id, 0)
        return (f"slot {slot} asks: {event.text} — press fixture button 1 for "
                f"{'PASS' if event.kind == 'pass_fail' else 'YES'}, button 2 for "
                f"{'FAIL' if event.kind == 'pass_fail' else 'NO'}")
    if isinstance(event, RunSettled):
        reason = f" ({event.reason})" if event.reason else ""
        return f"settled run {event.run_id[:8]} of {event.serial} after a restart: {event.outcome.value}{reason}"
    if isinstance(event, DeviceStatus):
        return f"{event.device} {'ok' if event.ok else 'DOWN'}: {event.detail}"
    if isinstance(event, OperatorChanged):
        return f"operator {event.operator} signed in ({event.role})" if event.operator else "operator signed out"
    if isinstance(event, TargetsUpdated):
        if event.needs_ack:
            return f"TARGETS CHANGED — blessing held until acknowledged: {event.change}"
        zone = (event.zone or "unknown").upper()
        return (f"{zone} ZONE: fixture group {event.fixture_group_name}, DUTs land in {event.dut_target_name}, "
                f"blessed units go to {event.production_target_name}")
    return None


class LineView:
    """An event-bus subscriber that prints the line's events (plain, or with a live table on a tty)."""

    def __init__(self, slots: int, out: TextIO, *, live: bool) -> None:
        self.out = out
        self._lock = threading.Lock()
        self._slot_of_run: dict[str, int] = {}
        self._why: dict[str, str] = {}  # run → its failure code and reason, until its slot reports done
        self._devices: dict[str, tuple[bool, str]] = {}
        self._targets_said: str | None = None
        self._slots = {n: ("", "idle", "") for n in range(1, slots + 1)}
        self.outcomes: Counter[str] = Counter()
        self._live: Live | None = None
        if live:
            self._console = Console(file=out)
            self._live = Live(self._table(), console=self._console, refresh_per_second=4, transient=False)
            self._live.start()

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()

    def __call__(self, event: Event) -> None:
        with self._lock:
            if isinstance(event, RunFinished) and event.failure_code:
                self._why[event.run_id] = f"{event.failure_code}: {event.failure_reason or ''}".rstrip(": ")
            if isinstance(event, DeviceStatus):
                state = (event.ok, event.detail if not event.ok else "")
                if self._devices.get(event.device) == state:
                    return  # say a device's state when it changes, not at every label
                self._devices[event.device] = state
            if isinstance(event, TargetsUpdated):
                said = describe(event, self._slot_of_run, self._why)
                if said == self._targets_said:
                    return  # every sync publishes the targets: say them when they change
                self._targets_said = said
            if isinstance(event, StageChanged):
                if event.run_id:
                    self._slot_of_run[event.run_id] = event.slot
                stage = event.detail if event.stage == Stage.DONE.value else event.stage
                self._slots[event.slot] = (event.serial, stage, "" if event.stage == Stage.DONE.value else event.detail)
                if event.stage == Stage.DONE.value:
                    self.outcomes[event.detail] += 1
            text = describe(event, self._slot_of_run, self._why)
            if text is None:
                return
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
            if self._live is None:
                self.out.write(f"{stamp} {text}\n")
                self.out.flush()
            else:
                self._console.print(f"[dim]{stamp}[/] {text}", highlight=False, markup=False)
                self._live.update(self._table())

    def message(self, text: str) -> None:
        with self._lock:
            if self._live is None:
                self.out.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {text}\n")
                self.out.flush()
            else:
                self._console.print(text, highlight=False, markup=False)

    def _table(self) -> Table:
        table = Table(title="station line", expand=False)
        for column in ("slot", "serial", "stage", "detail"):
            table.add_column(column)
        for slot, (serial, stage, detail) in sorted(self._slots.items()):
            table.add_row(str(slot), serial, stage, detail[:60], style=OUTCOME_STYLE.get(stage, ""))
        counts = "  ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        table.caption = counts or "no unit finished yet"
        return table
