"""A Brother QL label printer through the optional ``brother-ql-next`` package.

Brother QL printers do not speak ZPL; they take a raster. The station keeps one label format (the
ZPL template) for every printer, so the label's ZPL is drawn by the station's own preview renderer
(:mod:`station.labels.preview`, the same pixels an engineer previews) and converted to QL raster
instructions by ``brother-ql-next``. We use that fork, not ``brother_ql`` 0.9.4, which breaks with
Pillow 10+ (shared/reference/peripherals.md §1.3). It is an optional extra
(``pip install 'factory-station[brother]'``) imported lazily, so a station without it still starts
and says what to install when a Brother printer is configured.

Brother QL printers print at 300 dpi. A template written for 300 dpi (``^FX dpi=300``) prints dot
for dot; other templates are scaled by whole-dot nearest neighbour, which keeps barcodes readable
but not pixel-exact, so write Brother templates at 300 dpi. A label that does not fit the tape is
refused with both sizes named, never shrunk: a shrunk barcode may not scan.
"""

from __future__ import annotations

import os
import re
import socket
from typing import Any

from station.drivers.printer import DEFAULT_TIMEOUT_S, PrinterError, PrinterStatus
from station.errors import InputError

MISSING_BROTHER = ("Brother QL support is not installed: pip install 'factory-station[brother]' "
                   "(the brother-ql-next package)")
BROTHER_DPI = 300
_FX_DPI = re.compile(r"\^FX\s*dpi\s*=\s*(\d+)", re.IGNORECASE)


def _library() -> dict[str, Any]:
    """The pieces of brother-ql-next we use; :class:`PrinterError` naming the install when missing."""
    try:
        from brother_ql.backends.helpers import send
        from brother_ql.conversion import convert
        from brother_ql.labels import FormFactor, LabelsManager
        from brother_ql.models import ModelsManager
        from brother_ql.raster import BrotherQLRaster
    except ImportError:
        raise PrinterError(MISSING_BROTHER) from None
    return {"send": send, "convert": convert, "labels": LabelsManager(), "models": ModelsManager(),
            "raster": BrotherQLRaster, "endless": FormFactor.ENDLESS}


class BrotherQlPrinter:
    """A Brother QL on the network (``tcp://host:9100``) or a Linux USB printer device (``/dev/usb/lp0``)."""

    def __init__(self, identifier: str, *, model: str, label: str, backend: str = "network",
                 timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        if backend not in ("network", "linux_kernel"):
            raise InputError(f"Brother QL backend {backend!r} is not supported; use network or linux_kernel")
        self.identifier, self.model, self.label, self.backend = identifier, model, label, backend
        self.timeout_s = timeout_s
        self.url = f"brother+{backend}:{identifier}?model={model}&label={label}"

    # -- status ---------------------------------------------------------------------------------
    def status(self) -> PrinterStatus:
        """Library present, model and label known, printer reachable; the QL network port reads no status back."""
        try:
            lib = _library()
            self._specs(lib)
        except (PrinterError, InputError) as exc:
            return PrinterStatus(False, (str(exc),))
        if self.backend == "network":
            host, port = self._host_port()
            try:
                with socket.create_connection((host, port), timeout=self.timeout_s):
                    pass
            except OSError as exc:
                return PrinterStatus(False, (f"printer {self.url} unreachable: {exc.strerror or exc}",))
        elif not os.access(self.identifier, os.W_OK):
            return PrinterStatus(False, (f"printer device {self.identifier} is missing or not writable",))
        return PrinterStatus(True)

    def _host_port(self) -> tuple[str, int]:
        rest = self.identifier.removeprefix("tcp://")
        host, _, port = rest.rpartition(":")
        return (host, int(port)) if host and port.isdigit() else (rest, 9100)

    def _specs(self, lib: dict[str, Any]) -> Any:
        if self.model not in lib["models"].identifiers():
            raise InputError(f"unknown Brother model {self.model!r}; known: "
                             + ", ".join(lib["models"].identifiers()))
        spec = lib["labels"].get(self.label)
        if spec is None:
            raise InputError(f"unknown Brother label {self.label!r}; known: "
                             + ", ".join(lib["labels"].identifiers()))
        return spec

    # -- printing -------------------------------------------------------------------------------
    def image(self, zpl: bytes):
        """The label drawn at 300 dpi and placed on the tape's printable area (a Pillow ``L`` image)."""
        from PIL import Image

        from station.labels import preview

        lib = _library()
        spec = self._specs(lib)
        text = zpl.decode("ascii", errors="replace")
        match = _FX_DPI.search(text)
        dpi = int(match.group(1)) if match else 203
        try:
            img = preview.render_image(text, dpi=dpi).convert("L")
        except InputError as exc:
            raise PrinterError(f"printer {self.url}: cannot draw the label: {exc}") from None
        if dpi != BROTHER_DPI:
            scale = BROTHER_DPI / dpi
            img = img.resize((round(img.width * scale), round(img.height * scale)), Image.Resampling.NEAREST)
        width, length = spec.dots_printable
        endless = spec.form_factor == lib["endless"]
        if img.width > width and img.height <= width:
            img = img.rotate(90, expand=True)  # a landscape label runs along the tape
        if img.width > width or (not endless and img.height > length):
            raise PrinterError(
                f"printer {self.url}: the label is {img.width}x{img.height} dots at {BROTHER_DPI} dpi and does "
                f"not fit the {self.label} tape ({width}x{length or 'endless'} dots); use a smaller template")
        canvas = Image.new("L", (width, img.height if endless else length), 255)
        canvas.paste(img, ((width - img.width) // 2, 0 if endless else (length - img.height) // 2))
        return canvas

    def raster(self, zpl: bytes) -> bytes:
        """QL raster instructions for a ZPL label (what :meth:`send` writes to the printer)."""
        lib = _library()
        image = self.image(zpl)
        try:
            qlr = lib["raster"](self.model)
            return bytes(lib["convert"](qlr, [image], self.label, rotate="0", threshold=50.0, dither=False,
                                        compress=False, cut=True))
        except Exception as exc:  # noqa: BLE001 - the library raises bare Exception/ValueError for bad input
            raise PrinterError(f"printer {self.url}: cannot convert the label: {type(exc).__name__}: {exc}") from None

    def send(self, data: bytes) -> None:
        instructions = self.raster(data)
        lib = _library()
        try:
            result = lib["send"](instructions, printer_identifier=self.identifier,
                                 backend_identifier=self.backend, blocking=True)
        except Exception as exc:  # noqa: BLE001 - backends raise OSError, usb errors, ValueError…
            raise PrinterError(f"printer {self.url}: sending failed: {exc}") from None
        if result.get("outcome") == "error":
            raise PrinterError(f"printer {self.url}: the printer reported {result.get('printer_state')}")
