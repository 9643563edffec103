"""The camera check: decode a BlinkUp from a video of the screen — proof that the pixels carry it.

A camera pointed at the flasher records what a DUT's light sensor would see, minus the sensor: each
video frame shows one symbol. This finds the flashing screen in the picture (the pixels whose
brightness changes most over time), averages it per frame, turns the camera's gamma-encoded values
back into light (the display's 2.2 gamma, as the sensor model does), and hands the result to the
same decoders the DUTs use. It also writes such videos from a symbol sequence, so the check runs
without a camera (tests, CI) and engineers can see what a flash looks like.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from station.blinkup import BlinkUpPayload, decode
from station.blinkup.errors import DecodeError
from station.errors import InputError

DISPLAY_GAMMA = 2.2
SAMPLES_PER_FRAME = 16  # the decoders want several sensor samples per displayed frame


def write_flash_video(pixels: list[float], path: str | Path, *, fps: float = 60.0, size: tuple[int, int] = (320, 240),
                      lead_frames: int = 30, noise: float = 4.0, seed: int = 0) -> Path:
    """A video of a screen region flashing ``pixels`` (0–1, one per frame), dark around it."""
    path = Path(path)
    width, height = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    if not writer.isOpened():
        raise InputError(f"cannot write a video to {path}")
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = width // 4, height // 4, 3 * width // 4, 3 * height // 4
    try:
        for value in [0.0] * lead_frames + list(pixels) + [0.0] * lead_frames:
            frame = np.full((height, width, 3), 18, np.float32)
            frame[y0:y1, x0:x1] = round(value * 255)
            frame += rng.normal(0.0, noise, frame.shape)
            writer.write(np.clip(frame, 0, 255).astype(np.uint8))
    finally:
        writer.release()
    return path


def read_frames(path: str | Path) -> tuple[np.ndarray, float]:
    """Every frame as grey levels 0–1 (frames × height × width) and the video's frame rate."""
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise InputError(f"cannot open video {path}")
    fps = capture.get(cv2.CAP_PROP_FPS) or 0.0
    frames = []
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            frames.append(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY).astype(np.float32) / 255.0)
    finally:
        capture.release()
    if len(frames) < 2:
        raise InputError(f"video {path} has {len(frames)} frame(s): nothing to decode")
    return np.stack(frames), fps


def flashing_region(frames: np.ndarray) -> np.ndarray:
    """A mask of the pixels that flash: those whose brightness varies most over time."""
    spread = frames.std(axis=0)
    threshold = spread.max() * 0.5
    mask = spread >= threshold
    if mask.sum() < 4:
        raise DecodeError("no flashing screen found in the video")
    return mask


def screen_levels(frames: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """The flashing region's light per frame (linear, 0–1)."""
    mask = flashing_region(frames) if mask is None else mask
    encoded = frames[:, mask].mean(axis=1)
    return np.clip(encoded, 0.0, 1.0) ** DISPLAY_GAMMA


def decode_video(mode: str, path: str | Path, *, fps: float | None = None) -> BlinkUpPayload:
    """Decode the BlinkUp a video of the screen shows; raises DecodeError (never a wrong payload)."""
    frames, video_fps = read_frames(path)
    rate = fps or video_fps
    if not rate:
        raise InputError(f"video {path} does not say its frame rate; give --fps")
    samples = np.repeat(screen_levels(frames), SAMPLES_PER_FRAME)
    return decode(mode, samples, rate * SAMPLES_PER_FRAME, rate)
