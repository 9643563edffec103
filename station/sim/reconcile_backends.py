"""The end-of-shift check for a Particle or a Libelium line: the station's records against the cloud.

Particle: every PASS imported into the product once, named after its serial, locked to the released
firmware and running it (one OTA), with one label job printed once; no other unit in the product.
Libelium: every PASS registered in the sales order with exactly one activation code, the label that
came out of the printer decodes (zxing-cpp, from the rendered preview) to exactly that serial ID and
code; no other unit registered.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import zxingcpp

from station.labels import preview

if TYPE_CHECKING:
    from station.sim.world import SimulatedWorld


def reconcile_backend(world: SimulatedWorld) -> list[str]:
    world.store.writer.flush()
    records = [world.store.load_record(result.run_id) for result in world.station.results()]
    labels = world.printer.printed_zpl()
    return _particle(world, records, labels) if world.backend == "particle" else _libelium(world, records, labels)


def _particle(world: SimulatedWorld, records: list, labels: list[bytes]) -> list[str]:
    problems: list[str] = []
    service = world.particle.service
    by_serial = {d.serial: d for d in service.devices.values()}  # Particle knows each unit by its serial
    product = world.particle_product
    version = service.products[product].default_version
    passed = set()
    for record in records:
        outcome = record.outcome.value if record.outcome else "RUNNING"
        device = by_serial.get(record.serial)
        jobs = len({job.job_id for job in record.label_jobs})
        printed = sum(1 for zpl in labels if record.serial.encode() in zpl)
        if outcome == "PASS":
            passed.add(record.serial)
            if device is None or device.product_id != product:
                problems.append(f"{record.serial}: PASS but not in product {product}")
                continue
            if device.imports != 1 or device.flashes != 1:
                problems.append(f"{record.serial}: PASS but imported {device.imports}, flashed {device.flashes} times")
            if (device.desired, device.firmware_version, device.name) != (version, version, record.serial):
                problems.append(f"{record.serial}: PASS but locked to {device.desired}, running "
                                f"{device.firmware_version}, named {device.name!r}")
            if jobs != 1 or printed != 1:
                problems.append(f"{record.serial}: PASS with {jobs} label job(s), printed {printed} times")
        else:
            if device is not None and device.product_id is not None:
                problems.append(f"{record.serial}: {outcome} yet imported into product {device.product_id}")
            if jobs or printed:
                problems.append(f"{record.serial}: {outcome} yet {jobs} label job(s), {printed} printed")
    for device in service.devices.values():
        if device.product_id == product and device.serial not in passed:
            problems.append(f"product {product} holds {device.serial}, which no PASS run of this station names")
    return problems


def _libelium(world: SimulatedWorld, records: list, labels: list[bytes]) -> list[str]:
    from station.cloud.libelium import codes

    problems: list[str] = []
    service = world.libelium.service
    passed = set()
    decoded = [_decode(zpl) for zpl in labels]
    for record in records:
        outcome = record.outcome.value if record.outcome else "RUNNING"
        serial_id = (record.device_id or "").upper()
        device = service.devices.get(serial_id)
        jobs = len({job.job_id for job in record.label_jobs})
        mine = [d for d in decoded if d.get("serial_id") == serial_id]
        if outcome == "PASS":
            passed.add(serial_id)
            if device is None:
                problems.append(f"{record.serial}: PASS but serial ID {serial_id} is not registered")
                continue
            used = [c for c, what in service.used_codes.items() if what == f"unit:{serial_id}"]
            if len(used) != 1:
                problems.append(f"{record.serial}: PASS with {len(used)} activation codes")
            if jobs != 1 or len(mine) != 1:
                problems.append(f"{record.serial}: PASS with {jobs} label job(s), {len(mine)} printed")
            elif mine[0].get("code") != codes.pretty(device.code) or mine[0].get("text_code") != codes.pretty(
                    device.code):
                problems.append(f"{record.serial}: its label says {mine[0]} but SCM holds {codes.pretty(device.code)}")
        else:
            if device is not None:
                problems.append(f"{record.serial}: {outcome} yet registered in SCM")
            if jobs or mine:
                problems.append(f"{record.serial}: {outcome} yet {jobs} label job(s), {len(mine)} printed")
    for serial_id in service.devices:
        if serial_id not in passed:
            problems.append(f"SCM holds {serial_id}, which no PASS run of this station names")
    return problems


def _decode(zpl: bytes) -> dict[str, str]:
    """What a printed Libelium label says: its QR and Code 128 decoded from the rendered preview, and the
    activation code printed as text."""
    text = zpl.decode("utf-8", "replace")
    found = {b.format.name: b.text for b in zxingcpp.read_barcodes(preview.render_image(text).convert("L"))}
    qr = dict(part.split("=", 1) for part in found.get("QRCode", "").split(";") if "=" in part)
    printed = re.search(r"\^FD([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\^FS", text)
    out = {"serial_id": qr.get("SERIAL", ""), "code": qr.get("CODE", ""), "barcode": found.get("Code128", ""),
           "text_code": printed.group(1) if printed else ""}
    if out["barcode"] != out["serial_id"]:
        out["serial_id"] = f"{out['serial_id']}≠{out['barcode']}"  # Code 128 and QR disagree: never matches
    return out
