"""Helper run under Xvfb (``xvfb-run``) by tests/test_slot_flasher_xvfb.py and bench/flasher.py.

Opens one :class:`SlotFlasher` window on a real X server, starts a BlinkUp in several regions at
once and, at every presented frame, grabs the window back from the X server (``QScreen.grabWindow``:
the pixels the screen shows, not what we meant to paint) and samples the middle of each region.
Writes JSON: per frame, the captured 8-bit value and the flasher's own state/index per region.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtWidgets import QApplication  # noqa: E402

from station.blinkup import BlinkUpPayload, get_mode  # noqa: E402
from station.ui.slot_flasher import SlotFlasher  # noqa: E402


def payload(slot: int, short: bool = False) -> BlinkUpPayload:
    return BlinkUpPayload(f"line1-slot{slot}", "" if short else f"pw-slot-{slot}-s3cret", "",
                          f"{slot:02x}23456789abcdef")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", type=int, default=4)
    ap.add_argument("--slots", default="1,2,3,4", help="slots to flash at once")
    ap.add_argument("--mode", default="fast")
    ap.add_argument("--fps", type=float, default=10.0, help="nominal refresh for the dropped-frame check")
    ap.add_argument("--stop-slot", type=int, default=0, help="abort this slot after --stop-after frames")
    ap.add_argument("--stop-after", type=int, default=40)
    ap.add_argument("--short-slot", type=int, default=0, help="this slot gets a shorter payload")
    ap.add_argument("--capture", action="store_true", help="grab every frame back from the X server")
    ap.add_argument("--screenshot", default="", help="save the window as PNG at the middle of the flash")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    app = QApplication.instance() or QApplication([])
    flasher = SlotFlasher(args.regions, fps=args.fps, max_restarts=10)
    flasher.setGeometry(0, 0, 100 * args.regions, 100)
    flasher.show()
    screen = flasher.screen()
    mode = get_mode(args.mode)
    slots = [int(s) for s in args.slots.split(",") if s]
    pixels = {s: mode.pixel_values(mode.encode(payload(s, short=s == args.short_slot))) for s in slots}
    frames: list[dict] = []
    finished: dict[int, int] = {}
    failed: dict[int, str] = {}
    flasher.finished.connect(lambda slot, record: finished.update({slot: len(record.times) - 1}))
    flasher.failed.connect(lambda slot, reason: failed.update({slot: reason}))

    def hook(now: float) -> None:
        entry: dict = {"t": now, "state": [flasher.state(s) for s in range(1, args.regions + 1)],
                       "index": [flasher._tx[s].index if s in flasher._tx else -1  # noqa: SLF001
                                 for s in range(1, args.regions + 1)]}
        if args.capture:
            image = screen.grabWindow(flasher.winId()).toImage()
            entry["captured"] = [image.pixelColor(r.center()).red() for r in flasher.regions()]
        frames.append(entry)
        if args.stop_slot and flasher.frames == args.stop_after:
            flasher.stop(args.stop_slot, "operator pressed Abort")
        if args.screenshot and flasher.frames == 60:
            screen.grabWindow(flasher.winId()).save(args.screenshot)

    flasher.frame_hooks.append(hook)
    for _ in range(20):  # let the window map before the clock starts
        app.processEvents()
        time.sleep(0.01)
    started = time.monotonic()
    for slot in slots:
        flasher.flash(slot, pixels[slot], countdown_s=0.0)
    deadline = started + 120
    while flasher.active() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.0005)
    seconds = time.monotonic() - started
    Path(args.out).write_text(json.dumps({
        "seconds": seconds, "frames": frames, "finished": finished, "failed": failed,
        "pixels": {str(s): p for s, p in pixels.items()},
    }))
    flasher.close()
    return 0 if not flasher.active() else 1


if __name__ == "__main__":
    sys.exit(main())
