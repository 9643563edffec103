"""The sales-order manifest: every unit's serial ID and activation code, as the customer email holds.

Libelium emails each customer the activation codes of a sales order (shared/seeds/libelium-scm.txt).
The station writes what it registered, read back from SCM (not from its own memory), as CSV for
systems and as a one-page-per-50-units PDF for people. The PDF uses the station's own small PDF writer
(:mod:`station.store.export_pdf`), so it needs no new dependency.
"""

from __future__ import annotations

import csv
import io

from station.cloud.libelium.client import ScmOrder
from station.store.export_pdf import MARGIN, PAGE_W, _Document

CSV_HEADER = ("sales_order", "serial_id", "activation_code")


def manifest_csv(order: ScmOrder) -> str:
    """One row per unit; the Group Activation Code on a row of its own (serial ID ``*``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerow((order.id, "*", order.group_activation_code))
    for serial_id, code in order.units:
        writer.writerow((order.id, serial_id, code))
    return out.getvalue()


def manifest_pdf(order: ScmOrder, title: str = "Libelium Services Cloud Manager - activation codes") -> str:
    doc = _Document()
    per_page = 50
    chunks = [order.units[i:i + per_page] for i in range(0, len(order.units), per_page)] or [()]
    for number, chunk in enumerate(chunks, start=1):
        doc.new_page()
        doc.text(MARGIN, title, size=14, bold=True)
        doc.line(20)
        doc.text(MARGIN, f"Sales order {order.id}" + (f"  -  {order.customer}" if order.customer else "")
                 + f"  -  {len(order.units)} unit(s)  -  sheet {number} of {len(chunks)}", size=10)
        doc.line(16)
        doc.text(MARGIN, f"Group Activation Code (adds every unit of the order): {order.group_activation_code}",
                 size=10, bold=True)
        doc.line(14)
        doc.rule()
        doc.line(14)
        doc.text(MARGIN, "Serial ID", size=9, bold=True)
        doc.text(PAGE_W / 2, "Single Activation Code", size=9, bold=True)
        doc.line(12)
        for serial_id, code in chunk:
            doc.text(MARGIN, serial_id, size=9)
            doc.text(PAGE_W / 2, code, size=9)
            doc.line(12)
        doc.line(6)
        doc.text(MARGIN, "Whoever enters a code first owns the device; a code already used starts a claim.", size=8)
    return doc.render()
