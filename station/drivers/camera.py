"""Camera scanning: frames from OpenCV capture (or a virtual source), codes decoded with zxing-cpp.

Why zxing-cpp and not OpenCV's detectors: ``cv2.barcode`` reads EAN/UPC only (no Code 128) and
``cv2.QRCodeDetector`` reads QR only; zxing-cpp reads QR, Code 128 and DataMatrix in one call
(shared/reference/peripherals.md §2). OpenCV is used for capture and for the clean-up a camera
frame needs before a 1D code reads:

- zxing-cpp scans 1D codes along rows and columns only, so a label tilted by 30° yields its QR
  but not its Code 128. The QR's orientation tells the label's tilt: the frame is turned upright
  by that angle and read again. With no QR to go by, a sweep of angles is tried.
- Sensor noise breaks 1D bars before it breaks a QR; a median (then Gaussian) filtered copy is
  read when the plain frame misses codes.

Every frame source (:class:`FrameSource`) gives BGR or grayscale ``numpy`` arrays; the station
cannot tell a real camera from :mod:`station.sim.camera`'s images or video files.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
import zxingcpp

from station.errors import InputError, StationError

#: The symbologies the station's labels use.
FORMATS: dict[str, zxingcpp.BarcodeFormat] = {
    "QRCode": zxingcpp.BarcodeFormat.QRCode,
    "Code128": zxingcpp.BarcodeFormat.Code128,
    "DataMatrix": zxingcpp.BarcodeFormat.DataMatrix,
}
#: Angles tried, in order, when no QR code shows how the label is tilted.
SWEEP_DEGREES = (15, -15, 30, -30, 45, -45, 60, -60, 75, -75)


class CameraError(StationError):
    """The camera cannot be opened or stopped giving frames; the message names the source."""


@dataclass(frozen=True)
class Decoded:
    """One code read from a frame: symbology name (``QRCode``, ``Code128``, ``DataMatrix``) and text."""

    format: str
    text: str
    #: Corner points (x, y) in the frame as given, clockwise from the code's top-left.
    corners: tuple[tuple[int, int], ...] = ()
    #: How the frame was treated to read it: ``plain``, ``denoised``, ``upright``, ``sweep``.
    via: str = "plain"


class FrameSource(Protocol):
    """Anything that gives frames: a camera, a folder of images, a video file."""

    name: str

    def read(self) -> np.ndarray | None:
        """The next frame, or ``None`` when the source has no more (a finished file)."""
        ...

    def close(self) -> None: ...


# --- decoding ----------------------------------------------------------------------------------


def _formats(names: Iterable[str]) -> zxingcpp.BarcodeFormats:
    chosen = []
    for name in names:
        if name not in FORMATS:
            raise InputError(f"unknown code format {name!r}; use {', '.join(FORMATS)}")
        chosen.append(FORMATS[name])
    if not chosen:
        raise InputError("no code formats to look for")
    return zxingcpp.BarcodeFormats(chosen)


def _gray(frame: np.ndarray) -> np.ndarray:
    if frame.ndim == 2:
        return frame
    if frame.ndim == 3 and frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    if frame.ndim == 3 and frame.shape[2] == 3:
        return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    raise InputError(f"a frame must be a grayscale, BGR or BGRA image, not an array of shape {frame.shape}")


def _rotate(gray: np.ndarray, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """``gray`` turned by ``degrees`` (counter-clockwise) on a canvas that holds it all, and the
    inverse affine map back to the original frame's coordinates."""
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos) + 1, int(h * cos + w * sin) + 1
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    turned = cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)
    return turned, cv2.invertAffineTransform(m)


def _read(image: np.ndarray, formats: zxingcpp.BarcodeFormats, via: str,
          back: np.ndarray | None = None) -> list[tuple[Decoded, int]]:
    out = []
    for code in zxingcpp.read_barcodes(image, formats=formats):
        if not code.valid:
            continue
        pos = code.position
        pts = np.array([[p.x, p.y] for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)],
                       dtype=np.float64)
        if back is not None:
            pts = pts @ back[:, :2].T + back[:, 2]
        corners = tuple((int(round(x)), int(round(y))) for x, y in pts)
        out.append((Decoded(code.format.name, code.text, corners, via), int(code.orientation)))
    return out


def decode_frame(frame: np.ndarray, formats: Iterable[str] = tuple(FORMATS),
                 expect: Iterable[str] = ()) -> list[Decoded]:
    """Every code in ``frame``; tries harder (denoise, upright, sweep) until ``expect`` formats are found.

    ``expect`` names the formats the caller needs (e.g. both ``QRCode`` and ``Code128`` on a
    product label); when empty, the first treatment that reads anything is enough. The extra
    treatments run only while something expected is missing, so a clean frame costs one read.
    """
    wanted = set(expect)
    fmt = _formats(formats)
    gray = _gray(frame)
    found: dict[tuple[str, str], Decoded] = {}
    tilt: list[int] = []

    def add(results: list[tuple[Decoded, int]]) -> bool:
        for code, orientation in results:
            found.setdefault((code.format, code.text), code)
            if code.format in ("QRCode", "DataMatrix"):
                tilt.append(orientation)
        have = {f for f, _ in found}
        return wanted <= have if wanted else bool(found)

    if add(_read(gray, fmt, "plain")):
        return list(found.values())
    # Noise: a light Gaussian keeps 2-dot bars that a median filter would eat; the median helps
    # against salt-and-pepper specks; a wider Gaussian against heavy noise.
    soft = cv2.GaussianBlur(gray, (3, 3), 0)
    wide = cv2.GaussianBlur(gray, (5, 5), 0)
    for image in (soft, cv2.medianBlur(gray, 3), wide):
        if add(_read(image, fmt, "denoised")):
            return list(found.values())
    # A matrix code's orientation is the label's tilt: turn the frame upright and read the 1D codes.
    for angle in dict.fromkeys(tilt):
        if angle % 90 == 0:
            continue
        for image in (gray, soft, wide):
            turned, back = _rotate(image, angle)
            if add(_read(turned, fmt, "upright", back)):
                return list(found.values())
    for angle in SWEEP_DEGREES:
        turned, back = _rotate(soft, angle)
        if add(_read(turned, fmt, "sweep", back)):
            break
    return list(found.values())


# --- capture -----------------------------------------------------------------------------------


def _backend() -> int:
    """An explicit capture backend: V4L2 on Linux, DirectShow on Windows (MSMF can take minutes to open)."""
    if sys.platform.startswith("linux"):
        return cv2.CAP_V4L2
    if sys.platform == "win32":
        return cv2.CAP_DSHOW
    return cv2.CAP_ANY


class OpenCvCamera:
    """A camera through ``cv2.VideoCapture``: a device index or a ``/dev/video*`` path.

    The buffer is set to one frame so a scan sees the label now, not a second ago.
    """

    def __init__(self, device: int | str, *, width: int | None = None, height: int | None = None) -> None:
        self.name = f"camera {device}"
        self._cap = cv2.VideoCapture(device, _backend())
        if not self._cap.isOpened():
            self._cap.release()
            raise CameraError(f"cannot open {self.name}: no such camera, or another program is using it")
        self._cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        if width and height:
            self._cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
            self._cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)

    def read(self) -> np.ndarray | None:
        ok, frame = self._cap.read()
        if not ok:
            raise CameraError(f"{self.name} stopped giving frames (unplugged?)")
        return frame

    def close(self) -> None:
        self._cap.release()


def open_camera(source: str) -> FrameSource:
    """A frame source from ``--camera`` text.

    ``0``/``1``… or ``/dev/videoN``: a real camera. A video file (``.avi``, ``.mp4``, ``.mkv``,
    ``.webm``), an image file, or a folder of images: the virtual camera of :mod:`station.sim.camera`.
    """
    from station.sim import camera as virtual  # the virtual camera is a product feature (demo, tests)

    text = source.strip()
    if not text:
        raise InputError("no camera given: use a device number (0), /dev/videoN, a video file or images")
    if text.isdigit():
        return OpenCvCamera(int(text))
    path = Path(text)
    if text.startswith("/dev/video"):
        return OpenCvCamera(text)
    if path.is_dir():
        return virtual.ImageSource.from_folder(path)
    if not path.exists():
        raise InputError(f"camera source {text!r} does not exist (a device number, /dev/videoN, a video file, "
                         "an image or a folder of images)")
    if path.suffix.lower() in virtual.VIDEO_SUFFIXES:
        return virtual.VideoFileSource(path)
    if path.suffix.lower() in virtual.IMAGE_SUFFIXES:
        return virtual.ImageSource.from_paths([path])
    raise InputError(f"camera source {text!r}: unknown file type {path.suffix!r}; use a video "
                     f"({', '.join(sorted(virtual.VIDEO_SUFFIXES))}) or an image "
                     f"({', '.join(sorted(virtual.IMAGE_SUFFIXES))})")


@dataclass(frozen=True)
class FrameScan:
    """What a scan saw: the codes of the first frame that had them, which frame, and how long it took."""

    codes: list[Decoded]
    frame_index: int
    frames_read: int
    seconds: float


def frames(source: FrameSource, limit: int | None = None) -> Iterator[np.ndarray]:
    """Frames until the source ends or ``limit`` frames were read."""
    count = 0
    while limit is None or count < limit:
        frame = source.read()
        if frame is None:
            return
        count += 1
        yield frame


def scan(source: FrameSource, *, formats: Iterable[str] = tuple(FORMATS), expect: Iterable[str] = (),
         timeout_s: float = 10.0, max_frames: int | None = None) -> FrameScan | None:
    """Read frames until one holds codes (all of ``expect`` when given); ``None`` on timeout or end."""
    formats, expect = tuple(formats), tuple(expect)
    start = time.monotonic()
    for index, frame in enumerate(frames(source, max_frames)):
        codes = decode_frame(frame, formats, expect)
        have = {c.format for c in codes}
        if codes and (set(expect) <= have):
            return FrameScan(codes, index, index + 1, time.monotonic() - start)
        if time.monotonic() - start > timeout_s:
            break
    return None
