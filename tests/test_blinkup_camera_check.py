"""The camera check: a video of the flashing screen — tilted, noisy, the screen off-centre — decodes
to exactly the payload; a video of something else is refused, never guessed."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from station.blinkup import BlinkUpPayload, get_mode
from station.blinkup.camera_check import decode_video, read_frames, write_flash_video
from station.blinkup.errors import DecodeError

PAYLOAD = BlinkUpPayload("factory-line1", "s3cret-Passw0rd!", "", "0123456789abcdef")


def pixels(mode: str) -> list[float]:
    codec = get_mode(mode)
    return codec.pixel_values(codec.encode(PAYLOAD))


@pytest.mark.parametrize("mode", ["blinkup-js", "fast"])
def test_video_of_the_screen_decodes(tmp_path: Path, mode: str) -> None:
    video = write_flash_video(pixels(mode), tmp_path / "flash.avi")
    assert decode_video(mode, video) == PAYLOAD


def test_tilted_noisy_camera_view_still_decodes(tmp_path: Path) -> None:
    straight = write_flash_video(pixels("fast"), tmp_path / "straight.avi", noise=2.0)
    frames, fps = read_frames(straight)
    h, w = frames.shape[1:]
    warp = cv2.getPerspectiveTransform(
        np.float32([[0, 0], [w, 0], [w, h], [0, h]]),
        np.float32([[30, 12], [w - 8, 40], [w - 40, h - 5], [10, h - 30]]),
    )
    rng = np.random.default_rng(5)
    out = cv2.VideoWriter(str(tmp_path / "tilted.avi"), cv2.VideoWriter_fourcc(*"MJPG"), fps, (w, h))
    for frame in frames:
        seen = cv2.warpPerspective(frame * 255.0, warp, (w, h)) * 0.8 + 10 + rng.normal(0, 5, (h, w))
        out.write(cv2.cvtColor(np.clip(seen, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR))
    out.release()
    assert decode_video("fast", tmp_path / "tilted.avi") == PAYLOAD


def test_a_video_without_a_flash_is_refused(tmp_path: Path) -> None:
    noise_only = write_flash_video([0.0] * 200, tmp_path / "dark.avi")
    with pytest.raises(DecodeError):
        decode_video("fast", noise_only)


def test_cli_writes_and_decodes_a_video(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    video = tmp_path / "flash.avi"
    base = [sys.executable, "-m", "station.cli", "blinkup", "video", "--mode", "blinkup-js", str(video)]
    lab = ["--role", "development", "--engineering-override", "camera check with a made-up token",
           "--operator", "eng-1", "--db", str(tmp_path / "audit.db")]  # no cloud knows this token
    env = {k: v for k, v in os.environ.items() if k != "STATION_CLOUD_ENDPOINT"}
    wrote = subprocess.run([*base, "--write", "--ssid", "net", "--password", "pw", "--token", "00112233aabbccdd",
                            *lab], capture_output=True, text=True, timeout=60, env=env)
    assert wrote.returncode == 0, wrote.stderr
    decoded = subprocess.run(base, capture_output=True, text=True, timeout=60)
    assert decoded.returncode == 0, decoded.stderr
    assert json.loads(decoded.stdout)["token"] == "00112233aabbccdd"
    missing = subprocess.run([*base[:-1], str(tmp_path / "none.avi")], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "cannot open video" in missing.stderr
