"""Per-unit PDF report: a printable, signable page (or pages) per run, for QA files and customers.

A small PDF writer of our own rather than a new dependency: the report is text and rules in
the 14 standard fonts (Helvetica), which every PDF reader has, so the file needs no embedded
fonts and stays pure ASCII — it can go through the same text stream as the other exporters
(``station runs export --format pdf --out report.pdf``). Text stays text: searchable and
copyable, unlike a rasterised page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from station.testkit.checks import Check, Outcome
from station.testkit.record import RunRecord, iso
from station.testkit.series import Series

PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
MARGIN = 40.0
COLOURS = {"PASS": (0.0, 0.5, 0.1), "FAIL": (0.8, 0.0, 0.0), "ERROR": (0.55, 0.0, 0.55), "ABORTED": (0.7, 0.45, 0.0),
           "SKIPPED": (0.45, 0.45, 0.45)}
_REPLACE = {"≤": "<=", "≥": ">=", "—": "-", "–": "-", "…": "...", "×": "x", "µ": "u", "°": " deg"}


def _pdf_text(text: str) -> str:
    """Escape for a PDF string in WinAnsi: ASCII as is, Latin-1 as octal, the rest replaced."""
    out = []
    for ch in "".join(_REPLACE.get(c, c) for c in text):
        code = ord(ch)
        if ch in "\\()":
            out.append("\\" + ch)
        elif 32 <= code < 127:
            out.append(ch)
        elif 160 <= code < 256:
            out.append(f"\\{code:03o}")
        else:
            out.append("?")
    return "".join(out)


def _width(text: str, size: float) -> float:
    return len(text) * size * 0.5  # Helvetica averages about half an em per character


class _Document:
    def __init__(self) -> None:
        self.pages: list[list[str]] = []
        self.y = 0.0

    def new_page(self) -> None:
        self.pages.append([])
        self.y = PAGE_H - MARGIN

    def need(self, height: float) -> None:
        if not self.pages or self.y - height < MARGIN:
            self.new_page()

    def text(self, x: float, text: str, *, size: float = 9, bold: bool = False,
             colour: tuple[float, float, float] | None = None, max_chars: int | None = None) -> None:
        if max_chars is not None and len(text) > max_chars:
            text = text[: max_chars - 1] + "…"
        r, g, b = colour or (0, 0, 0)
        self.pages[-1].append(
            f"BT {r:.2f} {g:.2f} {b:.2f} rg /{'F2' if bold else 'F1'} {size:g} Tf {x:.1f} {self.y:.1f} Td "
            f"({_pdf_text(text)}) Tj ET"
        )

    def rule(self, width: float = 0.5) -> None:
        self.pages[-1].append(f"{width:g} w 0.6 G {MARGIN:.1f} {self.y:.1f} m {PAGE_W - MARGIN:.1f} {self.y:.1f} l S")

    def line(self, height: float) -> None:
        self.y -= height

    def render(self) -> str:
        objects: list[str] = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "",  # pages, filled below
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        ]
        kids = []
        for number, ops in enumerate(self.pages, start=1):
            ops = [*ops, f"BT 0.4 0.4 0.4 rg /F1 7 Tf {PAGE_W - MARGIN - 40:.1f} 22 Td (page {number}) Tj ET"]
            stream = "\n".join(ops)
            objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
            content_id = len(objects)
            objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W:g} {PAGE_H:g}] "
                           f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_id} 0 R >>")
            kids.append(f"{len(objects)} 0 R")
        objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
        body = "%PDF-1.4\n"
        offsets = []
        for i, obj in enumerate(objects, start=1):
            offsets.append(len(body))
            body += f"{i} 0 obj\n{obj}\nendobj\n"
        xref = len(body)
        body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
        body += "".join(f"{o:010d} 00000 n \n" for o in offsets)
        body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        return body


def _margin(value: object, low: float | None, high: float | None) -> str:
    """Distance to the nearest limit as a share of the limit band (how close to failing)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or low is None or high is None or high <= low:
        return ""
    return f"{min(value - low, high - value) / (high - low) * 100:.0f} %"


CHART_W, CHART_H = 300.0, 100.0


def _chart(doc: _Document, series: Series, unit: str, check: Check) -> None:
    """A series as a small vector chart: its points joined (blue), the envelope (grey, dashed)."""
    curves = [c for c in (check.envelope_low, check.envelope_high) if c is not None]
    xs = series.xs + [x for c in curves for x, _ in c]
    ys = series.ys + [y for c in curves for _, y in c] + [v for v in (check.low, check.high) if v is not None]
    x_lo, x_hi, y_lo, y_hi = min(xs), max(xs), min(ys), max(ys)
    x_span, y_span = (x_hi - x_lo) or 1.0, (y_hi - y_lo) or 1.0
    doc.need(CHART_H + 30)
    left, bottom = MARGIN + 50, doc.y - CHART_H - 4

    def at(x: float, y: float) -> str:
        return f"{left + (x - x_lo) / x_span * CHART_W:.1f} {bottom + (y - y_lo) / y_span * CHART_H:.1f}"

    ops = doc.pages[-1]
    ops.append(f"0.5 w 0.3 G {left:.1f} {bottom:.1f} {CHART_W:.1f} {CHART_H:.1f} re S")
    for curve in curves:
        ops.append("[3 2] 0 d 0.8 w 0.55 G " + " ".join(f"{at(x, y)} {'m' if i == 0 else 'l'}"
                                                        for i, (x, y) in enumerate(curve)) + " S [] 0 d")
    ops.append("1.2 w 0.1 0.35 0.8 RG " + " ".join(f"{at(x, y)} {'m' if i == 0 else 'l'}"
                                                  for i, (x, y) in enumerate(series.points)) + " S")
    ops.append("0 G")
    doc.y = bottom + CHART_H
    doc.text(MARGIN, f"{y_hi:g} {unit}", size=7)
    doc.y = bottom
    doc.text(MARGIN, f"{y_lo:g} {unit}", size=7)
    doc.line(10)
    doc.text(left, f"{x_lo:g}", size=7)
    doc.text(left + CHART_W - 20, f"{x_hi:g} {series.x_unit}", size=7)
    doc.text(left + CHART_W / 2 - 20, series.x_name, size=7)
    doc.line(14)


def _report(doc: _Document, r: RunRecord) -> None:
    doc.new_page()
    outcome = r.outcome.value if r.outcome else "RUNNING"
    doc.text(MARGIN, f"Unit test report - {r.serial}", size=16, bold=True)
    doc.text(PAGE_W - MARGIN - _width(outcome, 16) - 10, outcome, size=16, bold=True, colour=COLOURS.get(outcome))
    doc.line(22)
    if r.failure_code:
        doc.text(MARGIN, f"{r.failure_code}: {r.failure_reason or ''}", size=10, colour=COLOURS.get(outcome),
                 max_chars=100)
        doc.line(16)
    doc.rule()
    doc.line(14)
    fields = [
        ("Run", r.run_id), ("Device ID", r.device_id or "-"), ("MAC", r.mac or "-"),
        ("Station / slot", f"{r.station} / {r.slot}"), ("Operator", r.operator or "-"),
        ("Zone", r.zone or "-"), ("Script", f"{r.script_name} {r.script_version} ({r.product})"),
        ("Script SHA-256", r.script_sha256), ("Limits", f"{r.limits_path or '(script defaults)'}"),
        ("Limits SHA-256", r.limits_sha256 or "-"), ("Started", iso(r.started_at) or "-"),
        ("Finished", iso(r.finished_at) or "-"),
    ]
    for label, value in fields:
        doc.need(13)
        doc.text(MARGIN, label, bold=True)
        doc.text(MARGIN + 95, str(value), max_chars=95)
        doc.line(13)
    # Result first: a reviewer reads down the left edge for anything that is not PASS.
    cols = (MARGIN, MARGIN + 80, MARGIN + 220, MARGIN + 310, MARGIN + 360, MARGIN + 420, MARGIN + 480)
    for step in r.steps:
        doc.need(40)
        doc.line(8)
        so = step.outcome.value
        doc.text(MARGIN, so, size=11, bold=True, colour=COLOURS.get(so))
        doc.text(MARGIN + 80, f"{step.index + 1}. {step.name}", size=11, bold=True)
        if step.outcome is Outcome.SKIPPED:
            doc.text(MARGIN + 300, "not run", size=10, colour=COLOURS.get(so))
        else:
            doc.text(MARGIN + 300, f"{step.duration_s * 1000:.0f} ms"
                     f"{f'  attempts {step.attempts}' if step.attempts > 1 else ''}", size=10)
        doc.line(13)
        if step.error:
            doc.text(MARGIN + 10, step.error, colour=COLOURS.get(so), max_chars=105)
            doc.line(12)
        if step.measurements:
            for x, head in zip(cols, ("result", "measurement", "value", "unit", "low", "high", "margin"), strict=True):
                doc.text(x, head, size=8, bold=True, colour=(0.35, 0.35, 0.35))
            doc.line(11)
        for m in step.measurements:
            doc.need(12)
            value = m.value if not isinstance(m.value, float) else f"{m.value:.6g}"
            low, high = m.check.low, m.check.high
            cells = (m.outcome.value + (" (marg.)" if m.marginal else ""), m.name, str(value), m.unit,
                     "" if low is None else f"{low:g}", "" if high is None else f"{high:g}",
                     _margin(m.value, low, high))
            for i, (x, cell) in enumerate(zip(cols, cells, strict=True)):
                doc.text(x, cell, colour=COLOURS.get(m.outcome.value) if i == 0 else None,
                         max_chars=(26 if i == 1 else 14))
            doc.line(12)
            if not m.check.is_numeric and m.check.describe() != "recorded":
                doc.text(MARGIN + 10, f"limit: {m.check.describe()}", size=8, max_chars=110)
                doc.line(11)
            if isinstance(m.value, Series) and m.value.points:
                _chart(doc, m.value, m.unit, m.check)
    if r.cloud_calls or r.label_jobs:
        doc.need(30)
        doc.line(8)
        doc.text(MARGIN, "Cloud calls and labels", size=11, bold=True)
        doc.line(14)
        for call in r.cloud_calls:
            doc.need(12)
            doc.text(MARGIN, f"{call.method} {call.path} -> {call.status if call.status is not None else '-'}",
                     max_chars=110)
            doc.line(12)
        for job in r.label_jobs:
            doc.need(12)
            doc.text(MARGIN, f"label job {job.job_id}: {job.status}", max_chars=110)
            doc.line(12)
    if r.attachments:
        doc.need(30)
        doc.line(8)
        doc.text(MARGIN, "Attachments", size=11, bold=True)
        doc.line(14)
        for a in r.attachments:
            doc.need(12)
            doc.text(MARGIN, f"{a.name}  {a.mimetype}  {len(a.data)} bytes  sha256 {a.sha256[:16]}", max_chars=110)
            doc.line(12)
    problems = [line for line in r.logs if line.level in ("WARNING", "ERROR", "CRITICAL")]
    if problems:
        doc.need(30)
        doc.line(8)
        doc.text(MARGIN, "Warnings and errors from the log", size=11, bold=True)
        doc.line(14)
        for line in problems[:40]:
            doc.need(12)
            doc.text(MARGIN, f"{(iso(line.ts) or '')[11:23]} {line.level} {line.message}", size=8, max_chars=120)
            doc.line(11)
    doc.need(40)
    doc.line(20)
    doc.rule()
    doc.line(14)
    verdict = {Outcome.PASS: "passed every limit", Outcome.FAIL: "failed a limit"}.get(
        r.outcome, "was not judged (station error or abort: not the unit's fault)") if r.outcome else "is in progress"
    doc.text(MARGIN, f"Unit {r.serial} {verdict}.   Reviewed by: ____________________   Date: __________", size=9)


def export_pdf(records: Iterable[RunRecord], out: IO[str]) -> int:
    """One PDF; each run starts on a new page. Returns the number of runs."""
    doc = _Document()
    count = 0
    for record in records:
        _report(doc, record)
        count += 1
    if count == 0:
        doc.new_page()
        doc.text(MARGIN, "No runs matched the export filter.", size=12)
    out.write(doc.render())
    return count
