"""Labels benchmark: render-and-send time per label, and decode time per camera frame.

- *render and send*: fill the product template (escaping, layout check) and send it to the TCP 9100
  printer emulator with ``~HS`` before and after — the exact path of a station printing, without the
  spool (``label_render_send``), and the same through the durable print queue, spool write and
  exactly-once bookkeeping included (``label_queue_print``).
- *preview*: the PNG preview an engineer looks at (``label_preview_png``).
- *decode*: one camera frame made from the rendered label (clean, 30° tilt, perspective, noise),
  decoded for both the QR and the Code 128 (``camera_decode_*``).

Runs standalone: ``.venv/bin/python bench/labels.py``; ends with ``BENCH name value unit`` lines.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from station.drivers.camera import decode_frame  # noqa: E402
from station.drivers.print_queue import PrintQueue  # noqa: E402
from station.drivers.printer import open_printer  # noqa: E402
from station.labels import load_template  # noqa: E402
from station.sim import camera as virtual  # noqa: E402
from station.sim.printer import PrinterEmulator  # noqa: E402

LABELS = 200
QUEUED = 100
FRAMES = 20


def fields(i: int) -> dict[str, str]:
    serial = f"SN-{i:08d}^~_"
    return {"serial": serial, "device_id": f"0c2a69{i:010x}", "mac": "0c:2a:69:00:00:01",
            "qr": f"SN={serial};ORT=Zürich"}


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_render_send(emu: PrinterEmulator) -> float:
    template = load_template("product")
    printer = open_printer(emu.url)
    times = []
    for i in range(LABELS):
        t0 = time.perf_counter()
        label = template.fill(fields(i))
        if not printer.status().ready:
            raise SystemExit("emulator not ready")
        printer.send(label.zpl_bytes)
        if not printer.status().ready:
            raise SystemExit("emulator not ready after the job")
        times.append(time.perf_counter() - t0)
    if len(emu.printed_zpl()) < LABELS:
        raise SystemExit(f"emulator printed {len(emu.printed_zpl())} of {LABELS} labels")
    return median_ms(times)


def bench_queue(emu: PrinterEmulator) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        queue = PrintQueue(Path(tmp) / "spool.db", open_printer(emu.url), load_template("product"), retry_s=0.05)
        try:
            times = []
            for i in range(QUEUED):
                t0 = time.perf_counter()
                job = queue.print_label(fields(i), run_id=f"r{i}", operator="bench")
                times.append(time.perf_counter() - t0)
                if job.status != "printed":
                    raise SystemExit(f"job not printed: {job}")
        finally:
            queue.close()
    return median_ms(times)


def bench_preview() -> float:
    template = load_template("product")
    times = []
    for i in range(50):
        t0 = time.perf_counter()
        template.fill(fields(i)).png()
        times.append(time.perf_counter() - t0)
    return median_ms(times)


def bench_decode() -> dict[str, float]:
    label = load_template("product").fill(fields(7))
    base = virtual.label_frame(np.array(label.image().convert("L")))
    kinds = {
        "clean": lambda s: base,
        "rotated": lambda s: virtual.rotate(base, 30 + s % 5),
        "warped": lambda s: virtual.perspective(base, 0.12, seed=s),
        "noisy": lambda s: virtual.noisy(base, 30, seed=s),
    }
    want = {"QRCode": fields(7)["qr"], "Code128": fields(7)["serial"]}
    result = {}
    for name, make in kinds.items():
        frames = [make(s) for s in range(FRAMES)]
        times = []
        for frame in frames:
            t0 = time.perf_counter()
            codes = decode_frame(frame, expect=("QRCode", "Code128"))
            times.append(time.perf_counter() - t0)
            got = {c.format: c.text for c in codes}
            if got != want:
                raise SystemExit(f"{name} frame decoded to {got}, expected {want}")
        result[name] = median_ms(times)
    result["frame_px"] = base.shape[1] * base.shape[0]
    return result


def main() -> None:
    with PrinterEmulator() as emu:
        render_send = bench_render_send(emu)
    with PrinterEmulator() as emu:
        queued = bench_queue(emu)
    preview = bench_preview()
    decode = bench_decode()
    w_h = int(decode.pop("frame_px"))
    print(f"{LABELS} labels rendered and sent over TCP with ~HS before/after; {QUEUED} through the spool; "
          f"{FRAMES} frames of {w_h / 1e6:.2f} Mpx per decode kind (medians)")
    print(f"BENCH label_render_send {render_send:.2f} ms")
    print(f"BENCH label_queue_print {queued:.2f} ms")
    print(f"BENCH label_preview_png {preview:.2f} ms")
    for name, value in decode.items():
        print(f"BENCH camera_decode_{name} {value:.2f} ms")


if __name__ == "__main__":
    main()
