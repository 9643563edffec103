"""Settling the runs a killed station left open, from what was durably recorded — never blindly.

| evidence in the store                    | what the next start does                                   |
|------------------------------------------|------------------------------------------------------------|
| no bless intent                          | ABORTED (``Store.open`` does it): never blessed, retest it |
| a bless intent, no blessing recorded     | replay the intent with its idempotency key; the cloud      |
|                                          | answers with its first result → PASS, audit, label once    |
| a bless intent and its blessing          | PASS; the audit event and the label, each once             |

The replay goes through the same gate as a live bless (targets re-read, held while the cloud is down
or a target change waits for acknowledgement), so a restart never blesses into targets nobody saw.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass

from sqlalchemy import Engine

from station.events import CloudCallRecorded, Event, LogRecorded, RunFinished
from station.flow.blessing import BlessNotDone, audit_blessing, bless
from station.flow.unit import FlowParts
from station.runner.runner import AbortSignal
from station.store import transaction
from station.store.transaction import BlessedUnit, InterruptedRun
from station.testkit.checks import Outcome
from station.testkit.record import LogLine


@dataclass(frozen=True, slots=True)
class Settlement:
    run_id: str
    serial: str
    outcome: Outcome
    reason: str


class UnitHistory:
    """The station database's memory of units, as the flow asks it (backed by the store's engine)."""

    def __init__(self, engine: Engine, station: str) -> None:
        self._engine = engine
        self._station = station

    def interrupted(self) -> list[InterruptedRun]:
        return transaction.interrupted_runs(self._engine, station=self._station)

    def blessed_unit(self, serial: str) -> BlessedUnit | None:
        return transaction.blessed_unit(self._engine, serial)

    def audited_blessing(self, run_id: str, device_id: str) -> bool:
        return transaction.audited_blessing(self._engine, run_id, device_id)


def describe_blessed(unit: BlessedUnit) -> str:
    """What the operator reads when they scan a unit we already blessed."""
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(unit.blessed_at))
    return (f"{unit.serial} was blessed by run {unit.run_id[:8]} on {when} ({unit.zone} zone): "
            "reprint the label or send it to rework")


class Settler:
    """Settles interrupted runs one by one; ``settle_all`` returns what became of each."""

    def __init__(self, parts: FlowParts, history: UnitHistory, acknowledged: object, abort: AbortSignal) -> None:
        self.parts = parts
        self.history = history
        self.acknowledged = acknowledged
        self.abort = abort

    def settle_all(self) -> list[Settlement]:
        return [self.settle(run) for run in self.history.interrupted()]

    def settle(self, run: InterruptedRun) -> Settlement:
        try:
            return self._settle(run)
        except Exception as exc:  # noqa: BLE001 - a bug of ours leaves the run open for the next start
            self._log(run.run_id, "settling failed:\n" + "".join(traceback.format_exception(exc)), "ERROR")
            return Settlement(run.run_id, run.serial, Outcome.ERROR, f"settling failed: {exc}")

    def _settle(self, run: InterruptedRun) -> Settlement:
        stopped = (f"the station process (pid {run.pid}) stopped before the run finished "
                   "(killed, crashed or powered off)")
        if run.intent is None:
            return self._finish(run, Outcome.ABORTED, "aborted:station-stopped",
                                f"{stopped}; no bless was asked: the unit may be retested")
        result = run.blessed
        if result is None:
            self._log(run.run_id, f"{stopped} after storing its bless intent: replaying it with idempotency key "
                                  f"{run.intent.idempotency_key}", "WARNING")
            cloud = self.parts.new_cloud_client(lambda call: self._publish(CloudCallRecorded(run.run_id, call=call)))
            try:
                result = bless(run_id=run.run_id, intent=run.intent, cloud=cloud, sync=self.parts.sync,
                               policy=self.parts.settings.bless_policy, publish=self._publish, abort=self.abort,
                               acknowledged=self.acknowledged,  # type: ignore[arg-type]
                               on_hold=lambda why: self._log(run.run_id, f"settling held: {why}", "WARNING"),
                               replayed=True)
            except BlessNotDone as exc:
                v = exc.verdict
                return self._finish(run, v.outcome, v.failure_code, f"settling after a restart: {v.failure_reason}")
            finally:
                cloud.close()
        else:
            self._log(run.run_id, f"{stopped} after the cloud blessed it: finishing the run", "WARNING")
        if not self.history.audited_blessing(run.run_id, result.device_id):
            audit_blessing(self.parts.audit, run.operator or self.parts.settings.station, run.run_id, run.serial,
                           result)
        try:
            self.parts.labels.print_label(run.label_fields(), run_id=run.run_id, operator=run.operator)
        except Exception as exc:  # noqa: BLE001 - blessed: PASS stands, the label is our problem
            self._log(run.run_id, f"label not queued: {type(exc).__name__}: {exc}", "ERROR")
        return self._finish(run, Outcome.PASS, None, "")

    def _finish(self, run: InterruptedRun, outcome: Outcome, code: str | None, reason: str) -> Settlement:
        self._log(run.run_id, f"settled at restart: {outcome.value}" + (f" ({reason})" if reason else ""),
                  "WARNING" if outcome is not Outcome.PASS else "INFO")
        self.parts.bus.emit(RunFinished(run.run_id, outcome=outcome, failure_code=code,
                                        failure_reason=reason or None, finished_at=time.time()))
        return Settlement(run.run_id, run.serial, outcome, reason)

    def _log(self, run_id: str, message: str, level: str) -> None:
        self._publish(LogRecorded(run_id, line=LogLine(time.time(), level, message)))

    def _publish(self, event: Event) -> bool:
        try:
            self.parts.bus.emit(event)
        except Exception:  # noqa: BLE001 - the store failed: the run stays open for the next start
            return False
        return True
