"""The virtual camera: frames from images or a video file, and the distortions a real camera adds.

A station without a camera (CI, a test engineer's laptop, the demo) scans through the same
:class:`station.drivers.camera.FrameSource` contract as a real one. The distortion helpers turn a
rendered label into what a camera on a line sees — tilted, in perspective, noisy, small on a
cluttered background — so tests and the benchmark decode realistic frames made from our own labels
rather than stored photographs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import cv2
import numpy as np

from station.drivers.camera import CameraError
from station.errors import InputError

VIDEO_SUFFIXES = frozenset({".avi", ".mp4", ".mkv", ".mov", ".webm", ".mjpg", ".mjpeg"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".pgm", ".ppm", ".webp"})


class ImageSource:
    """Frames from images in memory or on disk, in order; ``loop`` repeats them (a camera never ends)."""

    def __init__(self, images: Sequence[np.ndarray], *, name: str = "images", loop: bool = False) -> None:
        if not images:
            raise InputError(f"virtual camera {name!r} has no images")
        self.name = name
        self.loop = loop
        self._images = list(images)
        self._next = 0

    @classmethod
    def from_paths(cls, paths: Iterable[Path], *, loop: bool = False) -> ImageSource:
        images = []
        paths = list(paths)
        for path in paths:
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is None:
                raise InputError(f"cannot read image {path} (missing, or not an image)", path=str(path))
            images.append(image)
        return cls(images, name=", ".join(str(p) for p in paths[:3]) + (" …" if len(paths) > 3 else ""), loop=loop)

    @classmethod
    def from_folder(cls, folder: Path, *, loop: bool = False) -> ImageSource:
        paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not paths:
            raise InputError(f"folder {folder} holds no images ({', '.join(sorted(IMAGE_SUFFIXES))})",
                             path=str(folder))
        return cls.from_paths(paths, loop=loop)

    def read(self) -> np.ndarray | None:
        if self._next >= len(self._images):
            if not self.loop:
                return None
            self._next = 0
        image = self._images[self._next]
        self._next += 1
        return image

    def close(self) -> None:
        self._images = []


class VideoFileSource:
    """Frames of a recorded video (OpenCV's FFmpeg or built-in MJPEG reader)."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self._cap = cv2.VideoCapture(str(path))
        if not self._cap.isOpened():
            self._cap.release()
            raise CameraError(f"cannot open video {path}: not a video OpenCV can read")

    def read(self) -> np.ndarray | None:
        ok, frame = self._cap.read()
        return frame if ok else None

    def close(self) -> None:
        self._cap.release()


def write_video(frames: Iterable[np.ndarray], path: Path, fps: float = 10.0) -> Path:
    """Write frames as a Motion-JPEG AVI (OpenCV writes it without FFmpeg) — a recording for the demo."""
    frames = list(frames)
    if not frames:
        raise InputError("no frames to write")
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (w, h))
    if not writer.isOpened():
        raise CameraError(f"cannot write video {path}")
    try:
        for frame in frames:
            if frame.shape[:2] != (h, w):
                raise InputError(f"every frame must be {w}x{h}; got {frame.shape[1]}x{frame.shape[0]}")
            writer.write(frame if frame.ndim == 3 else cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))
    finally:
        writer.release()
    return path


# --- what a camera does to a label ---------------------------------------------------------------


def label_frame(label: np.ndarray, *, margin: int = 150, background: int = 235) -> np.ndarray:
    """A grayscale label on a slightly darker surround, as a camera framing it would see."""
    gray = label if label.ndim == 2 else cv2.cvtColor(label, cv2.COLOR_BGR2GRAY)
    if gray.dtype == bool:
        gray = gray.astype(np.uint8) * 255
    h, w = gray.shape
    frame = np.full((h + 2 * margin, w + 2 * margin), background, np.uint8)
    frame[margin:margin + h, margin:margin + w] = gray
    return frame


def rotate(frame: np.ndarray, degrees: float, background: int = 235) -> np.ndarray:
    """``frame`` turned ``degrees`` counter-clockwise about its centre, same size."""
    h, w = frame.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(frame, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=background)


def perspective(frame: np.ndarray, strength: float = 0.12, *, seed: int = 0, background: int = 235) -> np.ndarray:
    """A perspective warp: each corner moves inwards by up to ``strength`` of the frame size."""
    h, w = frame.shape[:2]
    rng = np.random.default_rng(seed)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    shift = rng.uniform(0, strength, size=(4, 2)) * np.float32([w, h])
    sign = np.float32([[1, 1], [-1, 1], [-1, -1], [1, -1]])
    dst = (src + shift * sign).astype(np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(frame, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=background)


def noisy(frame: np.ndarray, sigma: float = 30.0, *, seed: int = 0) -> np.ndarray:
    """Gaussian sensor noise of standard deviation ``sigma`` grey levels."""
    rng = np.random.default_rng(seed)
    return np.clip(frame.astype(np.float32) + rng.normal(0, sigma, frame.shape), 0, 255).astype(np.uint8)


def blurred(frame: np.ndarray, kernel: int = 3) -> np.ndarray:
    """Slight defocus."""
    return cv2.GaussianBlur(frame, (kernel | 1, kernel | 1), 0)


def scaled(frame: np.ndarray, factor: float) -> np.ndarray:
    """The label further from (< 1) or nearer to (> 1) the camera."""
    h, w = frame.shape[:2]
    return cv2.resize(frame, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)
