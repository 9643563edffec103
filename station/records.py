"""Typed side channels of a run record: cloud calls, the bless intent, label jobs.

These facts decide durability and safety (a bless intent is what makes a killed station replay
rather than bless twice; a label job is what proves a unit was labelled once), so they travel as
frozen dataclasses that every consumer — the store writer, crash recovery, the window — reads by
attribute. A renamed field is then an error at the first run, not a barrier that silently
became write-behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CloudCall:
    """One HTTP attempt, as the run record keeps it. Holds no secret."""

    method: str
    path: str
    status: int | None
    duration_ms: float
    request_id: str | None
    idempotency_key: str | None
    ok: bool
    error: str | None
    attempt: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class BlessIntent:
    """What the station is about to ask the cloud to bless, written (and committed) before the call.

    It holds the exact request — device, fixture group, idempotency key and the test summary sent
    as the body — so a station restarted after a kill replays the very same request and the cloud
    answers with its first result instead of blessing twice.
    """

    device_id: str
    fixture_group_id: str
    idempotency_key: str
    test_record: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"device_id": self.device_id, "fixture_group_id": self.fixture_group_id,
                "idempotency_key": self.idempotency_key, "test_record": dict(self.test_record)}


@dataclass(frozen=True, slots=True)
class BlessResult:
    """The cloud's answer to a bless, committed before any label of the unit may be printed."""

    device_id: str
    production_group_id: str
    zone: str
    blessing_id: str = ""
    replayed: bool = False  # settled after a restart from a stored intent


@dataclass(frozen=True, slots=True)
class LabelJob:
    """A label job as the print queue reports it: queued, sending, held, printed, check or failed."""

    job_id: str
    run_id: str
    status: str
    reason: str = ""
    attempts: int = 0
    operator: str = ""
    template: str = ""
    printer: str = ""
    reprint_of: str | None = None
    reprint_reason: str | None = None
    created_at: float | None = None
    printed_at: float | None = None

    @classmethod
    def from_mapping(cls, job: Mapping[str, Any]) -> LabelJob:
        return cls(
            job_id=str(job.get("job_id") or ""), run_id=str(job.get("run_id") or ""),
            status=str(job.get("status") or ""), reason=str(job.get("reason") or ""),
            attempts=int(job.get("attempts") or 0), operator=str(job.get("operator") or ""),
            template=str(job.get("template") or ""), printer=str(job.get("printer") or ""),
            reprint_of=job.get("reprint_of"), reprint_reason=job.get("reprint_reason"),
            created_at=job.get("created_at"), printed_at=job.get("printed_at"),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
