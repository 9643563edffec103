"""CFX envelopes and the bodies the station sends (IPC-CFX 2.0 names and shapes).

Every builder is deterministic for its inputs: ``UniqueID`` comes from what the message reports
(a run id, a fault occurrence), so a message sent again after a lost acknowledgement carries the
same ``UniqueID`` and a consumer can recognise the repeat. ``UnitsTested`` reuses the file export's
body (one rule for what a run looks like in CFX; a station ERROR is ``Inconclusive``).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from station.store.export_cfx import CFX_VERSION, units_tested
from station.testkit.checks import Outcome
from station.testkit.record import RunRecord, iso

PREFIX = {
    "EndpointConnected": "CFX.EndpointConnected",
    "Heartbeat": "CFX.Heartbeat",
    "WorkStarted": "CFX.Production.WorkStarted",
    "WorkCompleted": "CFX.Production.WorkCompleted",
    "UnitsTested": "CFX.Production.TestAndInspection.UnitsTested",
    "FaultOccurred": "CFX.ResourcePerformance.FaultOccurred",
    "FaultCleared": "CFX.ResourcePerformance.FaultCleared",
}
ENVELOPE_KEYS = ("MessageName", "Version", "TimeStamp", "UniqueID", "Source", "Target", "RequestID", "MessageBody")
#: CFX WorkResult: the work was done (whatever the unit's verdict), could not be done, or was stopped.
WORK_RESULT = {Outcome.PASS: "Completed", Outcome.FAIL: "Completed", Outcome.ERROR: "Failed",
               Outcome.ABORTED: "Aborted"}


def _uid(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "cfx/" + "/".join(str(p) for p in parts)))


def envelope(kind: str, source: str, ts: float, unique_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """The CFX envelope around ``body``; ``kind`` is the short name (``"WorkStarted"``)."""
    return {"MessageName": PREFIX[kind], "Version": CFX_VERSION, "TimeStamp": iso(ts), "UniqueID": unique_id,
            "Source": source, "Target": None, "RequestID": None, "MessageBody": body}


def _units(serial: str, slot: int) -> list[dict[str, Any]]:
    return [{"UnitIdentifier": serial, "PositionNumber": slot, "PositionName": f"slot {slot}", "X": 0.0,
             "Y": 0.0, "Rotation": 0.0, "FlipX": False, "FlipY": False}]


def endpoint_connected(source: str, ts: float, *, broker: str, address: str) -> dict[str, Any]:
    body = {"CFXHandle": source, "RequestNetworkUri": broker, "RequestTargetAddress": address}
    return envelope("EndpointConnected", source, ts, str(uuid.uuid4()), body)


def heartbeat(source: str, ts: float, interval_s: float) -> dict[str, Any]:
    return envelope("Heartbeat", source, ts, str(uuid.uuid4()),
                    {"CFXHandle": source, "HeartbeatFrequency": timespan(interval_s)})


def work_started(source: str, ts: float, *, run_id: str, serial: str, slot: int) -> dict[str, Any]:
    body = {"PrimaryIdentifier": serial, "HermesIdentifier": None, "TransactionID": run_id, "Lane": 1,
            "Stage": {"StageSequence": slot, "StageName": f"slot {slot}", "StageType": "Work"},
            "Units": _units(serial, slot)}
    return envelope("WorkStarted", source, ts, _uid("work-started", run_id), body)


def work_completed(source: str, record: RunRecord) -> dict[str, Any]:
    outcome = record.outcome or Outcome.ABORTED
    body = {"PrimaryIdentifier": record.serial, "HermesIdentifier": None, "TransactionID": record.run_id,
            "Result": WORK_RESULT.get(outcome, "Failed"), "Units": _units(record.serial, record.slot),
            "PerformanceImpacts": []}
    return envelope("WorkCompleted", source, record.finished_at or record.started_at,
                    _uid("work-completed", record.run_id), body)


def tested(source: str, record: RunRecord) -> dict[str, Any]:
    """UnitsTested for one run, from our CFX export, with this endpoint's handle as Source."""
    message = units_tested(record)
    return {key: message.get(key) for key in ENVELOPE_KEYS} | {"Source": source}


@dataclass(frozen=True, slots=True)
class Fault:
    """One station fault occurrence (a peer of the station went away), as CFX reports it."""

    occurrence_id: str
    device: str
    detail: str
    occurred_at: float


FAULT_CODES = {"fixture": "FIXTURE_DISCONNECTED", "printer": "PRINTER_FAULT", "camera": "CAMERA_FAULT",
               "cloud": "CLOUD_UNAVAILABLE"}


def fault_occurred(source: str, fault: Fault) -> dict[str, Any]:
    body = {"Fault": {"Cause": "MechanicalFailure" if fault.device == "fixture" else "UnknownCause",
                      "Severity": "Error", "FaultCode": FAULT_CODES.get(fault.device, fault.device.upper()),
                      "FaultOccurrenceId": fault.occurrence_id, "Lane": None, "Stage": None,
                      "SideLocation": "Unknown", "AccessType": "Unknown",
                      "Description": f"{fault.device}: {fault.detail}", "DescriptionTranslations": {},
                      "OccurredAt": iso(fault.occurred_at), "DueDateTime": None}}
    return envelope("FaultOccurred", source, fault.occurred_at, _uid("fault", fault.occurrence_id), body)


def fault_cleared(source: str, fault: Fault, ts: float) -> dict[str, Any]:
    body = {"FaultOccurrenceId": fault.occurrence_id, "Operator": None}
    return envelope("FaultCleared", source, ts, _uid("fault-cleared", fault.occurrence_id), body)


def timespan(seconds: float) -> str:
    """A .NET TimeSpan string (``hh:mm:ss``), as CFX writes durations."""
    s = int(round(seconds))
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def to_bytes(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class InvalidEnvelope(ValueError):
    """A received message is not a CFX envelope (what ``station cfx listen`` and tests check)."""


def check_envelope(message: Any) -> dict[str, Any]:
    """Raise :class:`InvalidEnvelope` naming what is missing or malformed; return the message."""
    if not isinstance(message, dict):
        raise InvalidEnvelope(f"a CFX envelope is a JSON object, not {type(message).__name__}")
    missing = [k for k in ENVELOPE_KEYS if k not in message]
    if missing:
        raise InvalidEnvelope(f"missing {', '.join(missing)}")
    if not str(message["MessageName"]).startswith("CFX."):
        raise InvalidEnvelope(f"MessageName {message['MessageName']!r} is not a CFX message")
    try:
        uuid.UUID(str(message["UniqueID"]))
    except ValueError:
        raise InvalidEnvelope(f"UniqueID {message['UniqueID']!r} is not a UUID") from None
    if not isinstance(message["TimeStamp"], str) or "T" not in message["TimeStamp"]:
        raise InvalidEnvelope(f"TimeStamp {message['TimeStamp']!r} is not ISO-8601")
    if not message["Source"]:
        raise InvalidEnvelope("Source (the sender's CFX handle) is empty")
    if not isinstance(message["MessageBody"], dict):
        raise InvalidEnvelope("MessageBody is not an object")
    return message
