"""Camera scanning: labels rendered by the station, distorted as a camera sees them, decoded exactly.

Frames are made with OpenCV from the label preview (the same pixels the printer gets): tilted at
many angles, warped in perspective, drowned in noise, and combinations; the virtual camera feeds
them from memory, an image folder and a Motion-JPEG video file.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp

from station.drivers.camera import CameraError, decode_frame, open_camera, scan
from station.errors import InputError
from station.labels import load_template
from station.sim import camera as virtual

SERIAL = "SN-C^~_9>Q"
QR = "SN=SN-C^~_9;CITY=Zürich;€"
BOTH = ("QRCode", "Code128")


@pytest.fixture(scope="module")
def label_frame() -> np.ndarray:
    label = load_template("product").fill(
        {"serial": SERIAL, "device_id": "0c2a69ffee0001", "mac": "0c:2a:69:00:00:01", "qr": QR})
    return virtual.label_frame(np.array(label.image().convert("L")))


def payloads(codes) -> dict[str, str]:
    return {c.format: c.text for c in codes}


def test_a_clean_frame_decodes_to_the_exact_payloads(label_frame):
    codes = decode_frame(label_frame, expect=BOTH)
    assert payloads(codes) == {"QRCode": QR, "Code128": SERIAL}
    assert {c.via for c in codes} == {"plain"}


@pytest.mark.parametrize("degrees", [7, 30, -45, 60, 135, 200, -100])
def test_rotated_labels_decode(label_frame, degrees):
    assert payloads(decode_frame(virtual.rotate(label_frame, degrees), expect=BOTH)) == {
        "QRCode": QR, "Code128": SERIAL}


@pytest.mark.parametrize("seed", range(4))
def test_perspective_warped_labels_decode(label_frame, seed):
    frame = virtual.perspective(label_frame, 0.15, seed=seed)
    assert payloads(decode_frame(frame, expect=BOTH)) == {"QRCode": QR, "Code128": SERIAL}


@pytest.mark.parametrize("sigma", [25, 50, 70])
def test_noisy_labels_decode(label_frame, sigma):
    frame = virtual.noisy(label_frame, sigma, seed=sigma)
    assert payloads(decode_frame(frame, expect=BOTH)) == {"QRCode": QR, "Code128": SERIAL}


def test_tilted_warped_and_noisy_together(label_frame):
    frame = virtual.noisy(virtual.perspective(virtual.rotate(label_frame, 25), 0.08, seed=1), 30, seed=2)
    codes = decode_frame(frame, expect=BOTH)
    assert payloads(codes) == {"QRCode": QR, "Code128": SERIAL}
    # Corners are given in the frame's own coordinates even when read from a turned copy.
    h, w = frame.shape
    for code in codes:
        assert all(-5 <= x <= w + 5 and -5 <= y <= h + 5 for x, y in code.corners)


def test_a_colour_frame_and_a_datamatrix_decode():
    text = "SN-DM^~_42"
    dm = np.array(zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.DataMatrix),
                                                  scale=6))
    frame = cv2.cvtColor(virtual.rotate(virtual.label_frame(dm, margin=80), 33), cv2.COLOR_GRAY2BGR)
    assert payloads(decode_frame(frame, expect=("DataMatrix",))) == {"DataMatrix": text}


def test_formats_restrict_what_is_read_and_unknown_formats_are_refused(label_frame):
    assert payloads(decode_frame(label_frame, formats=("Code128",))) == {"Code128": SERIAL}
    with pytest.raises(InputError, match="unknown code format 'EAN13'"):
        decode_frame(label_frame, formats=("EAN13",))
    with pytest.raises(InputError, match="grayscale, BGR or BGRA"):
        decode_frame(np.zeros((4, 4, 2), np.uint8))


def test_an_empty_frame_reads_nothing():
    assert decode_frame(np.full((200, 300), 255, np.uint8), expect=BOTH) == []


def test_scan_reads_frames_until_a_label_appears(label_frame):
    blank = np.full_like(label_frame, 235)
    source = virtual.ImageSource([blank, blank, virtual.rotate(label_frame, 40), blank])
    result = scan(source, expect=BOTH, timeout_s=30)
    assert result is not None and result.frame_index == 2 and result.frames_read == 3
    assert payloads(result.codes) == {"QRCode": QR, "Code128": SERIAL}
    assert scan(virtual.ImageSource([blank]), expect=BOTH, timeout_s=30) is None


def test_virtual_camera_from_a_video_file_and_an_image_folder(tmp_path: Path, label_frame):
    blank = np.full_like(label_frame, 235)
    frames = [blank, virtual.blurred(virtual.noisy(virtual.rotate(label_frame, -20), 20, seed=3))]
    video = virtual.write_video([cv2.cvtColor(f, cv2.COLOR_GRAY2BGR) for f in frames], tmp_path / "line.avi")
    result = scan(open_camera(str(video)), expect=BOTH, timeout_s=30)
    assert result is not None and result.frame_index == 1
    assert payloads(result.codes) == {"QRCode": QR, "Code128": SERIAL}

    folder = tmp_path / "shots"
    folder.mkdir()
    cv2.imwrite(str(folder / "b.png"), virtual.perspective(label_frame, 0.1, seed=5))
    cv2.imwrite(str(folder / "a.png"), blank)
    (folder / "notes.txt").write_text("not an image")
    result = scan(open_camera(str(folder)), expect=BOTH, timeout_s=30)
    assert result is not None and result.frame_index == 1  # a.png first, then b.png
    single = scan(open_camera(str(folder / "b.png")), timeout_s=30)
    assert single is not None and payloads(single.codes)["Code128"] == SERIAL


@pytest.mark.parametrize(("source", "message"), [
    ("", "no camera given"),
    ("/nonexistent/clip.avi", "does not exist"),
])
def test_bad_camera_sources_are_clear_errors(source, message):
    with pytest.raises(InputError, match=message):
        open_camera(source)


def test_unreadable_files_and_missing_devices_are_clear_errors(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError, match="unknown file type '.txt'"):
        open_camera(str(tmp_path / "notes.txt"))
    (tmp_path / "broken.png").write_bytes(b"not a png")
    with pytest.raises(InputError, match="cannot read image"):
        open_camera(str(tmp_path / "broken.png"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no images"):
        open_camera(str(tmp_path / "empty"))
    (tmp_path / "broken.avi").write_bytes(b"not a video")
    with pytest.raises(CameraError, match="cannot open video"):
        open_camera(str(tmp_path / "broken.avi"))
    with pytest.raises(CameraError, match="cannot open camera /dev/video987"):
        open_camera("/dev/video987")
