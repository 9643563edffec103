"""The slot flasher on a real X server (Xvfb): 4 regions flash at once, and the frames grabbed back
from the screen, region by region, decode to each slot's payload.

Runs tests/xvfb_flash.py under ``xvfb-run`` (a Qt application cannot change platform in-process,
and the other tests run offscreen). Skipped, saying so, where Xvfb is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from station.blinkup import decode
from station.blinkup.channel import transmit

HELPER = Path(__file__).with_name("xvfb_flash.py")


@pytest.fixture(scope="module")
def xvfb_run() -> str:
    path = shutil.which("xvfb-run")
    if path is None:
        pytest.skip("xvfb-run is not installed (apt-get install -y xvfb)")
    return path


def run(xvfb_run: str, out: Path, *extra: str) -> dict:
    subprocess.run([xvfb_run, "-a", "-s", "-screen 0 800x600x24", sys.executable, str(HELPER), "--out", str(out),
                    *extra], check=True, timeout=180, capture_output=True)
    return json.loads(out.read_text())


def test_four_regions_flash_at_once_and_each_decodes_to_its_slot_from_the_screen(xvfb_run, tmp_path) -> None:
    data = run(xvfb_run, tmp_path / "out.json", "--capture", "--stop-slot", "2", "--stop-after", "40",
               "--short-slot", "4")
    frames = data["frames"]
    assert data["failed"] == {"2": "operator pressed Abort"} and sorted(data["finished"]) == ["1", "3", "4"]
    for slot in (1, 3, 4):
        pixels = data["pixels"][str(slot)]
        r = slot - 1
        # the frames in which this region showed its symbols: the last uninterrupted pass 0…n-1
        shown = [(f["index"][r], f["captured"][r]) for f in frames if f["state"][r] == "flashing"]
        start = max(i for i, (index, _) in enumerate(shown) if index == 0)
        run_ = shown[start:start + len(pixels)]
        assert [index for index, _ in run_] == list(range(len(pixels)))
        captured = [value for _, value in run_]
        assert captured == [round(p * 255) for p in pixels]  # what the screen showed, frame by frame
        got = decode("fast", transmit([v / 255 for v in captured], 60.0, rng=np.random.default_rng(slot)),
                     1000.0, 60.0)
        assert (got.ssid, got.token) == (f"line1-slot{slot}", f"{slot:02x}23456789abcdef")
    # in the same frames: while slot 1 flashed, 3 and 4 flashed too (not one after the other)
    together = [f for f in frames if f["state"][0] == f["state"][2] == f["state"][3] == "flashing"]
    assert len(together) >= len(data["pixels"]["4"]) - 2
    # the aborted region is black from the abort on, while the others still flash
    after_stop = [f for f in frames if f["state"][1] == "stopped"]
    assert after_stop and all(f["captured"][1] == 0 for f in after_stop[1:])
    assert any(f["captured"][0] > 0 for f in after_stop)
    # slot 4 (shorter payload) finished first and went black while 1 and 3 went on
    after_4 = [f for f in frames if f["state"][3] == "done"]
    assert after_4 and all(f["captured"][3] == 0 for f in after_4[1:]) and any(f["captured"][0] for f in after_4)
