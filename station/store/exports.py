"""Exports of run records for QA and MES: our JSON record and a flat CSV (one row per measurement).

More formats (IPC-CFX, PDF) register themselves in :data:`EXPORTERS` from their own modules.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import IO

from station.testkit.record import RunRecord, iso
from station.testkit.series import Series

Exporter = Callable[[Iterable[RunRecord], IO[str]], int]


def export_json(records: Iterable[RunRecord], out: IO[str]) -> int:
    """A JSON array of full records (attachments as metadata: name, type, size, SHA-256)."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        json.dump(record.to_dict(), out, ensure_ascii=False, default=repr)
        count += 1
    out.write("\n]\n")
    return count


CSV_COLUMNS = (
    "run_id", "serial", "device_id", "mac", "station", "slot", "operator", "script", "script_version",
    "script_sha256", "limits_sha256", "variant", "started_at", "finished_at", "run_outcome", "failure_code",
    "step", "step_outcome", "measurement", "value", "unit", "low", "high", "limits", "outcome", "marginal",
)


def export_csv(records: Iterable[RunRecord], out: IO[str]) -> int:
    """One row per measurement (and one per run without measurements), ready for a spreadsheet."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for r in records:
        count += 1
        head = [
            r.run_id, r.serial, r.device_id or "", r.mac or "", r.station, r.slot, r.operator, r.script_name,
            r.script_version, r.script_sha256, r.limits_sha256 or "", r.variant or "", iso(r.started_at),
            iso(r.finished_at) or "", r.outcome.value if r.outcome else "RUNNING", r.failure_code or "",
        ]
        rows = 0
        for step in r.steps:
            for m in step.measurements:
                writer.writerow(
                    head
                    + [
                        step.name, step.outcome.value, m.name, _cell(m.value), m.unit,
                        "" if m.check.low is None else m.check.low, "" if m.check.high is None else m.check.high,
                        m.check.describe(), m.outcome.value, "yes" if m.marginal else "",
                    ]
                )
                rows += 1
        if rows == 0:
            writer.writerow(head + [""] * (len(CSV_COLUMNS) - len(head)))
    return count


def _cell(value: object) -> object:
    """A value for a CSV cell: a series as the JSON of its axis and points, None as empty."""
    if isinstance(value, Series):
        return json.dumps(value.to_dict(), ensure_ascii=False)
    return "" if value is None else value


EXPORTERS: dict[str, Exporter] = {"json": export_json, "csv": export_csv}


def _register_qa_exporters() -> None:
    """IPC-CFX and the per-unit PDF live in their own modules (they import this one's types)."""
    from station.store.export_cfx import export_cfx
    from station.store.export_pdf import export_pdf

    EXPORTERS["cfx"] = export_cfx
    EXPORTERS["pdf"] = export_pdf


_register_qa_exporters()
