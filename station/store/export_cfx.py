"""IPC-CFX ``UnitsTested`` export: one CFX message per run, for an electronics line's MES.

The shape follows CFX.Production.TestAndInspection.UnitsTested (shared/reference/test-frameworks.md):
an envelope (MessageName, Version, TimeStamp, UniqueID, Source) around a body with TransactionId
(our run id), TestMethod, Tester (the operator), and TestedUnits — UnitIdentifier (serial),
UnitPositionNumber (slot), OverallResult, Tests (one per step) with Measurements (Value,
ValueUnits, Min/MaxAcceptableValue, Result). A station ERROR maps to ``Inconclusive``: CFX has no
"the station broke" result, and a station fault must never read as a failed unit.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import IO, Any

from station.testkit.checks import Outcome
from station.testkit.record import RunRecord, StepResult, iso
from station.testkit.series import plain

CFX_VERSION = "2.0"
RESULT = {Outcome.PASS: "Passed", Outcome.FAIL: "Failed", Outcome.ERROR: "Inconclusive", Outcome.ABORTED: "Aborted"}


def _result(outcome: Outcome | None) -> str:
    return "Inconclusive" if outcome is None else RESULT.get(outcome, "Inconclusive")


def _test(step: StepResult) -> dict[str, Any]:
    measurements = []
    for seq, m in enumerate(step.measurements, start=1):
        numeric = isinstance(m.value, (int, float)) and not isinstance(m.value, bool)
        item: dict[str, Any] = {
            "$type": "CFX.Structures.NumericMeasurement, CFX" if numeric else "CFX.Structures.Measurement, CFX",
            "UniqueIdentifier": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{step.name}/{m.name}/{seq}/{step.started_at}")),
            "MeasurementName": m.name,
            "TimeRecorded": iso(step.finished_at),
            "Sequence": seq,
            "Result": _result(m.outcome),
        }
        if numeric:
            item.update(Value=float(m.value), ValueUnits=m.unit, MinAcceptableValue=m.check.low,
                        MaxAcceptableValue=m.check.high)
        else:
            item["MeasuredValue"] = json.dumps(plain(m.value), ensure_ascii=False, default=repr)  # a series: its points
        measurements.append(item)
    return {
        "UniqueIdentifier": str(uuid.uuid5(uuid.NAMESPACE_URL, f"step/{step.name}/{step.index}/{step.started_at}")),
        "TestName": step.name,
        "TestStartTime": iso(step.started_at),
        "TestEndTime": iso(step.finished_at),
        "Result": _result(step.outcome),
        "SymptomsFound": [] if step.outcome is not Outcome.FAIL else [{"Symptom": step.error or step.name}],
        "DefectsFound": [],
        "Measurements": measurements,
    }


def units_tested(record: RunRecord) -> dict[str, Any]:
    """The CFX message for one run (deterministic: the same record gives the same message)."""
    return {
        "MessageName": "CFX.Production.TestAndInspection.UnitsTested",
        "Version": CFX_VERSION,
        "TimeStamp": iso(record.finished_at or record.started_at),
        "UniqueID": str(uuid.uuid5(uuid.NAMESPACE_URL, f"cfx/{record.run_id}")),
        "Source": record.station,
        "Target": None,
        "MessageBody": {
            "TransactionId": record.run_id,
            "TestMethod": "Functional",
            "SamplingInformation": None,
            "Tester": {"OperatorIdentifier": record.operator, "ActorType": "Human", "LastName": "", "FirstName": "",
                       "LoginName": record.operator},
            "RecipeName": f"{record.script_name} {record.script_version}",
            "RecipeRevision": record.script_sha256,
            "TestedUnits": [{
                "UnitIdentifier": record.serial,
                "UnitPositionNumber": record.slot,
                "OverallResult": _result(record.outcome),
                "Tests": [_test(step) for step in record.steps if not step.teardown],
            }],
        },
    }


def export_cfx(records: Iterable[RunRecord], out: IO[str]) -> int:
    """A JSON array of CFX UnitsTested messages, one per run."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        json.dump(units_tested(record), out, ensure_ascii=False)
        count += 1
    out.write("\n]\n")
    return count
