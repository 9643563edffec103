"""The label print queue: a durable spool that never loses a label and never prints one twice.

A job is written to the spool (SQLite, WAL) before anything is sent. One worker thread prints
jobs in order: it asks the printer's status first and sends only to a printer that says it is
ready; a job the printer cannot take now stays queued with the reason (paper out, head open, no
answer) and goes out when the printer is back. After sending, the status is read again: a job that
landed in a printer which then stopped is *held in the printer* (it prints when the paper is
loaded) and is not sent again. A job caught mid-send by a crash is marked ``check`` at the next
start: whether it came out is a question for the operator, never a silent reprint. Every reprint
is a new job that names the original, who asked and why.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from station.drivers.printer import Printer, PrinterError, PrinterStatus
from station.errors import InputError
from station.labels.template import LabelTemplate
from station.records import LabelJob

JobEvent = Callable[[LabelJob], None]
#: A camera watching the printer's output: returns a picture (PIL image or array) of the label that just came out.
OutputCamera = Callable[[], Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    run_id TEXT NOT NULL,
    template TEXT NOT NULL,
    fields_json TEXT NOT NULL,
    zpl BLOB NOT NULL,
    status TEXT NOT NULL,          -- queued | sending | held | printed | check
    reason TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    operator TEXT NOT NULL DEFAULT '',
    reprint_of TEXT,
    reprint_reason TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    printed_at REAL
);
"""
_COLUMNS = ("id", "run_id", "template", "status", "reason", "attempts", "operator", "reprint_of",
            "reprint_reason", "created_at", "printed_at")


class PrintQueue:
    """Durable, ordered, exactly-once label printing for one printer."""

    def __init__(self, spool: Path, printer: Printer, template: LabelTemplate, *,
                 on_job: JobEvent | None = None, retry_s: float = 2.0, wait_s: float = 5.0,
                 output_camera: OutputCamera | None = None) -> None:
        self.printer = printer
        self.output_camera = output_camera
        self.template = template
        self.on_job = on_job
        self.retry_s = retry_s
        self.wait_s = wait_s
        spool.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(spool), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self._wake = threading.Condition()
        self._stop = False
        self.last_status: PrinterStatus | None = None
        with self._lock:  # a job caught mid-send by a crash: ask, never guess
            self._db.execute("UPDATE jobs SET status='check', reason='the station stopped while sending it: "
                             "was it printed? reprint only if not' WHERE status='sending'")
        self._thread = threading.Thread(target=self._work, name="print-queue", daemon=True)
        self._thread.start()

    # -- what the station calls --------------------------------------------------------------------
    def print_label(self, fields: Mapping[str, str], *, run_id: str, operator: str) -> LabelJob:
        """Queue a run's label — once — and wait briefly for it; the job as it stands (printed or queued + why).

        A run that already has a (non-reprint) job gets that job back instead of a second label:
        crash recovery may ask again for a run whose label was queued just before the station died."""
        with self._lock:
            row = self._db.execute("SELECT id FROM jobs WHERE run_id=? AND reprint_of IS NULL ORDER BY seq LIMIT 1",
                                   (run_id,)).fetchone()
        job = self.job(row["id"]) if row is not None else self.submit(fields, run_id=run_id, operator=operator)
        return self.wait(job.job_id, self.wait_s)

    def jobs_for_run(self, run_id: str) -> list[LabelJob]:
        """Every job of a run, reprints included, oldest first."""
        with self._lock:
            rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM jobs WHERE run_id=? ORDER BY seq",
                                    (run_id,)).fetchall()
        return [_label_job(row, self.printer.url) for row in rows]

    def submit(self, fields: Mapping[str, str], *, run_id: str, operator: str,
               reprint_of: str | None = None, reprint_reason: str | None = None) -> LabelJob:
        values = {k: v for k, v in fields.items() if k in self.template.fields}
        if "qr" in self.template.fields and "qr" not in values:
            values["qr"] = ";".join(f"{k.upper()}={fields[k]}" for k in ("serial", "device_id", "mac") if k in fields)
        label = self.template.fill(values)  # a field that cannot be printed is an InputError, now
        now = time.time()
        job_id = uuid.uuid4().hex
        with self._lock:
            self._db.execute(
                "INSERT INTO jobs(id, run_id, template, fields_json, zpl, status, operator, reprint_of, "
                "reprint_reason, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (job_id, run_id, self.template.name, json.dumps(values), label.zpl_bytes, "queued", operator,
                 reprint_of, reprint_reason, now, now),
            )
        job = self.job(job_id)
        self._emit(job)
        with self._wake:
            self._wake.notify_all()
        return job

    def reprint(self, job_id: str, *, operator: str, reason: str) -> LabelJob:
        """A new job with the same label; who and why are recorded (and audited by the caller)."""
        if not operator.strip() or not reason.strip():
            raise InputError("a reprint needs the operator and the reason")
        with self._lock:
            row = self._db.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        if row is None:
            raise InputError(f"no label job {job_id!r}")
        return self.submit(json.loads(row["fields_json"]), run_id=row["run_id"], operator=operator,
                           reprint_of=job_id, reprint_reason=reason)

    def wait(self, job_id: str, timeout_s: float) -> LabelJob:
        """Wait up to ``timeout_s`` for the job to be printed (or held by the printer); its state then."""
        deadline = time.monotonic() + timeout_s
        with self._wake:
            while True:
                job = self.job(job_id)
                if job.status in ("printed", "held") or time.monotonic() >= deadline:
                    return job
                self._wake.wait(min(0.05, max(0.0, deadline - time.monotonic())))

    def job(self, job_id: str) -> LabelJob:
        with self._lock:
            row = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM jobs WHERE id=?", (job_id,)).fetchone()
        if row is None:
            raise InputError(f"no label job {job_id!r}")
        return _label_job(row, self.printer.url)

    def jobs(self, status: str | None = None) -> list[LabelJob]:
        query = f"SELECT {', '.join(_COLUMNS)} FROM jobs"
        params: tuple[Any, ...] = ()
        if status is not None:
            query += " WHERE status=?"
            params = (status,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY seq", params).fetchall()
        return [_label_job(row, self.printer.url) for row in rows]

    def status(self) -> PrinterStatus:
        """The printer's status now (for readiness checks); raises PrinterError when it does not answer."""
        return self.printer.status()

    def close(self) -> None:
        with self._wake:
            self._stop = True
            self._wake.notify_all()
        self._thread.join(10)
        self._db.close()

    # -- the worker ----------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            with self._wake:
                if self._stop:
                    return
            job = self._next()
            if job is None:
                self._settle_held()
                with self._wake:
                    if not self._stop:
                        self._wake.wait(self.retry_s)
                continue
            if not self._print(job):
                with self._wake:
                    if not self._stop:
                        self._wake.wait(self.retry_s)

    def _next(self) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute("SELECT * FROM jobs WHERE status='queued' ORDER BY seq LIMIT 1").fetchone()

    def _print(self, job: sqlite3.Row) -> bool:
        """One attempt; True when the job left the queue (printed or held by the printer)."""
        try:
            before = self.printer.status()
        except PrinterError as exc:
            self._update(job["id"], "queued", str(exc), attempt=True)
            return False
        self.last_status = before
        if not before.ready:
            self._update(job["id"], "queued", f"printer not ready: {before}", attempt=True)
            return False
        self._update(job["id"], "sending", "")
        try:
            self.printer.send(job["zpl"])
        except PrinterError as exc:
            self._update(job["id"], "queued", str(exc), attempt=True)  # a cut-off format is not printed
            return False
        try:
            after = self.printer.status()
        except PrinterError as exc:
            self._update(job["id"], "held", f"sent; the printer stopped answering: {exc}")
            return True
        self.last_status = after
        if after.ready:
            problem = self._check_output(job)
            if problem:
                self._update(job["id"], "check", problem, printed=True)
            else:
                self._update(job["id"], "printed", "", printed=True)
        else:
            self._update(job["id"], "held", f"in the printer's buffer: {after}")
        return True

    def _check_output(self, job: sqlite3.Row) -> str:
        """With a camera on the printer's output: decode the printed label like its rendering was.
        Returns why it does not scan (the job then waits for the operator as ``check``), or ""."""
        if self.output_camera is None:
            return ""
        try:
            label = self.template.fill(json.loads(job["fields_json"]))
            problems = self.template.check_printed(label, self.output_camera())
        except Exception as exc:  # noqa: BLE001 - a broken camera must not pass a label as checked
            return f"printed, but the output camera could not check it: {type(exc).__name__}: {exc}"
        if not problems:
            return ""
        return "printed, but the printed label does not scan: " + "; ".join(str(p) for p in problems)

    def _settle_held(self) -> None:
        """Held jobs are printed once the printer is ready with an empty buffer."""
        with self._lock:
            held = self._db.execute("SELECT id FROM jobs WHERE status='held' ORDER BY seq").fetchall()
        if not held:
            return
        try:
            status = self.printer.status()
        except PrinterError:
            return
        if status.ready and status.formats_in_buffer == 0:
            for row in held:
                self._update(row["id"], "printed", "", printed=True)

    def _update(self, job_id: str, status: str, reason: str, *, attempt: bool = False, printed: bool = False) -> None:
        now = time.time()
        with self._lock:
            previous = self._db.execute("SELECT status, reason FROM jobs WHERE id=?", (job_id,)).fetchone()
            self._db.execute(
                "UPDATE jobs SET status=?, reason=?, attempts=attempts+?, updated_at=?, "
                "printed_at=COALESCE(printed_at, ?) WHERE id=?",
                (status, reason, 1 if attempt else 0, now, now if printed else None, job_id),
            )
        if previous is None or (previous["status"], previous["reason"]) != (status, reason):
            self._emit(self.job(job_id))
        with self._wake:
            self._wake.notify_all()

    def _emit(self, job: LabelJob) -> None:
        if self.on_job is not None:
            self.on_job(job)


def _label_job(row: sqlite3.Row, printer: str) -> LabelJob:
    return LabelJob(
        job_id=row["id"], run_id=row["run_id"], status=row["status"], reason=row["reason"], attempts=row["attempts"],
        operator=row["operator"], template=row["template"], printer=printer, reprint_of=row["reprint_of"],
        reprint_reason=row["reprint_reason"], created_at=row["created_at"], printed_at=row["printed_at"],
    )
