"""Screen provisioning: time to flash 4 slots at once against 1 slot, on a real X server (Xvfb).

Before, slots took turns at the screen (4 slots = 4× one slot's time); now every slot flashes in its
own region in the same frames. Each case runs tests/xvfb_flash.py under ``xvfb-run`` with the fast
mode's real payloads, paced by the X server's frames (no 60 Hz vsync under Xvfb, so seconds are
shorter than on a monitor; the ratio is the figure). Goal: 4 slots ≤ 1.2 × one slot.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HELPER = Path(__file__).resolve().parents[1] / "tests" / "xvfb_flash.py"
ROUNDS = 3


def flash(slots: str, out: Path) -> tuple[float, int]:
    subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 800x600x24", sys.executable, str(HELPER), "--slots", slots,
                    "--out", str(out)], check=True, timeout=300, capture_output=True)
    data = json.loads(out.read_text())
    if data["failed"] or len(data["finished"]) != len(slots.split(",")):
        raise SystemExit(f"flash of slots {slots} did not finish: {data['failed']}")
    return data["seconds"], len(data["frames"])


def main() -> None:
    if shutil.which("xvfb-run") is None:
        raise SystemExit("xvfb-run is not installed (apt-get install -y xvfb)")
    folder = Path(tempfile.mkdtemp(prefix="bench-flasher-"))
    one, four = [], []
    for k in range(ROUNDS):
        s1, f1 = flash("1", folder / f"one{k}.json")
        s4, f4 = flash("1,2,3,4", folder / f"four{k}.json")
        one.append(s1)
        four.append(s4)
        print(f"round {k + 1}: 1 slot {s1:.2f} s ({f1} frames), 4 slots at once {s4:.2f} s ({f4} frames)")
    best1, best4 = min(one), min(four)
    print(f"taking turns, 4 slots would take {4 * best1:.2f} s")
    print(f"BENCH flasher_4_slots_vs_1 {best4 / best1:.2f} x")
    print(f"BENCH flasher_1_slot_xvfb {best1:.2f} s")


if __name__ == "__main__":
    main()
