"""The run record: everything QA needs to know about one DUT passing through the station once.

Typed dataclasses in the spirit of OpenHTF's TestRecord. The runner builds it as the run goes,
the store persists it and rebuilds it, exporters and ``--json`` print :meth:`RunRecord.to_dict`.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from station.records import BlessIntent, BlessResult, CloudCall, LabelJob
from station.testkit.checks import Check, Outcome
from station.testkit.series import plain


def iso(ts: float | None) -> str | None:
    """A POSIX timestamp as ISO-8601 UTC with milliseconds (None stays None)."""
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class MeasurementResult:
    name: str
    value: Any
    unit: str
    check: Check
    outcome: Outcome
    marginal: bool = False
    reason: str = ""

    @property
    def no_limit(self) -> bool:
        """Measured without any limit: any value passes (flagged, never silent)."""
        return self.check.is_empty

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": plain(self.value),
            "unit": self.unit,
            "limits": self.check.to_dict(),
            "limits_text": self.check.describe(),
            "no_limit": self.no_limit,
            "outcome": self.outcome.value,
            "marginal": self.marginal,
            "reason": self.reason,
        }


@dataclass(slots=True)
class SubtestResult:
    """One subtest inside a step: it can fail without stopping the step (``with ctx.subtest(...)``)."""

    name: str
    outcome: Outcome
    error: str = ""
    measurements: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "outcome": self.outcome.value, "error": self.error,
                "measurements": list(self.measurements)}


@dataclass(slots=True)
class StepResult:
    name: str
    index: int
    outcome: Outcome
    started_at: float
    finished_at: float
    attempts: int = 1
    error: str = ""
    teardown: bool = False
    measurements: list[MeasurementResult] = field(default_factory=list)
    group: str = ""  # the step group path, e.g. "load" or "load/sweep"; "" outside groups
    role: str = "step"  # "step", or its group's "setup" / "teardown"
    subtests: list[SubtestResult] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return self.finished_at - self.started_at

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "index": self.index,
            "outcome": self.outcome.value,
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "duration_s": round(self.duration_s, 6),
            "attempts": self.attempts,
            "error": self.error,
            "teardown": self.teardown,
            "group": self.group,
            "role": self.role,
            "measurements": [m.to_dict() for m in self.measurements],
            "subtests": [t.to_dict() for t in self.subtests],
        }


@dataclass(slots=True)
class LogLine:
    ts: float
    level: str
    message: str
    step: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"ts": iso(self.ts), "level": self.level, "step": self.step, "message": self.message}


@dataclass(slots=True)
class Attachment:
    name: str
    mimetype: str
    sha256: str
    data: bytes
    step: str | None = None

    def to_dict(self, *, with_data: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "step": self.step,
            "mimetype": self.mimetype,
            "sha256": self.sha256,
            "size": len(self.data),
        }
        if with_data:
            out["data_base64"] = base64.b64encode(self.data).decode("ascii")
        return out


@dataclass(slots=True)
class RunRecord:
    run_id: str
    serial: str
    station: str
    slot: int
    operator: str
    script_name: str
    script_version: str
    product: str
    script_path: str
    script_sha256: str
    limits_path: str | None
    limits_sha256: str | None
    variant: str | None
    started_at: float
    finished_at: float | None = None
    outcome: Outcome | None = None
    failure_code: str | None = None
    failure_reason: str | None = None
    device_id: str | None = None
    mac: str | None = None
    zone: str | None = None
    fixture_group: str | None = None
    dut_target: str | None = None
    production_target: str | None = None
    steps: list[StepResult] = field(default_factory=list)
    logs: list[LogLine] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    cloud_calls: list[CloudCall] = field(default_factory=list)
    label_jobs: list[LabelJob] = field(default_factory=list)
    bless_intent: BlessIntent | None = None  # the bless asked for, stored before the call
    blessing: BlessResult | None = None  # the cloud's answer, stored before the label

    def to_dict(self, *, with_attachment_data: bool = False) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "outcome": self.outcome.value if self.outcome else None,
            "failure_code": self.failure_code,
            "failure_reason": self.failure_reason,
            "serial": self.serial,
            "device_id": self.device_id,
            "mac": self.mac,
            "station": self.station,
            "slot": self.slot,
            "operator": self.operator,
            "zone": self.zone,
            "fixture_group": self.fixture_group,
            "dut_target": self.dut_target,
            "production_target": self.production_target,
            "script": {
                "name": self.script_name,
                "version": self.script_version,
                "product": self.product,
                "path": self.script_path,
                "sha256": self.script_sha256,
            },
            "limits": {"path": self.limits_path, "sha256": self.limits_sha256, "variant": self.variant},
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "duration_s": None if self.finished_at is None else round(self.finished_at - self.started_at, 6),
            "steps": [s.to_dict() for s in self.steps],
            "logs": [line.to_dict() for line in self.logs],
            "attachments": [a.to_dict(with_data=with_attachment_data) for a in self.attachments],
            "cloud_calls": [c.to_dict() for c in self.cloud_calls],
            "label_jobs": [j.to_dict() for j in self.label_jobs],
            "bless_intent": self.bless_intent.to_dict() if self.bless_intent else None,
            "blessing": asdict(self.blessing) if self.blessing else None,
        }
