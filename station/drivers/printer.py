"""Label printers: raw ZPL over TCP 9100 with ``~HS`` status, Brother QL, CUPS, and a folder printer.

Every transport answers two questions: *can you print now* (:meth:`status`, with the reason in
plain words when not) and *take this label* (:meth:`send`). The print queue
(:mod:`station.drivers.print_queue`) decides when to ask which; a printer never decides to drop
a label.

Transports, by URL (:func:`open_printer`):

- ``tcp://host[:9100]`` — a Zebra-style printer taking raw ZPL; ``~HS`` answers the status.
- ``file:///folder[?preview=png|pdf]`` — each label as ``NNNNNN.zpl`` (plus a preview), for the demo.
- ``cups://QUEUE`` — ``lp -d QUEUE -o raw`` (the CUPS client must be installed; ``lpstat`` is asked
  whether the queue is enabled).
- ``brother://host[:9100]?model=QL-820NWB&label=62x29`` or ``brother:///dev/usb/lp0?model=…`` —
  a Brother QL through the optional ``brother-ql-next`` package (``pip install factory-station[brother]``):
  the ZPL is drawn with the station's preview renderer and sent as a QL raster.
"""

from __future__ import annotations

import contextlib
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from station.errors import InputError, StationError
from station.labels.zpl import HostStatusError, parse_host_status

DEFAULT_TIMEOUT_S = 3.0


class PrinterError(StationError):
    """The printer cannot take or print a label now; the message says why (paper out, no answer…)."""


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    ready: bool
    problems: tuple[str, ...] = ()
    formats_in_buffer: int = 0

    def __str__(self) -> str:
        return "ready" if self.ready else ", ".join(self.problems)


class Printer(Protocol):
    url: str

    def status(self) -> PrinterStatus: ...

    def send(self, data: bytes) -> None: ...


class ZplTcpPrinter:
    """A ZPL printer on raw TCP (port 9100 unless given)."""

    def __init__(self, host: str, port: int = 9100, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.host, self.port, self.timeout_s = host, port, timeout_s
        self.url = f"tcp://{host}:{port}"

    def _connect(self) -> socket.socket:
        try:
            return socket.create_connection((self.host, self.port), timeout=self.timeout_s)
        except OSError as exc:
            raise PrinterError(f"printer {self.url} unreachable: {exc.strerror or exc}") from None

    def status(self) -> PrinterStatus:
        """``~HS``: no complete answer within the timeout means the printer is in error."""
        with self._connect() as conn:
            try:
                conn.sendall(b"~HS")
                reply = b""
                deadline = time.monotonic() + self.timeout_s
                while reply.count(b"\x03") < 3:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError
                    conn.settimeout(remaining)
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
            except TimeoutError:
                raise PrinterError(
                    f"printer {self.url} does not answer its status request (~HS) within {self.timeout_s:g} s: "
                    "a Zebra printer stays silent while out of paper or ribbon, with the head open or "
                    "overheated; check the printer") from None
            except OSError as exc:
                raise PrinterError(f"printer {self.url}: {exc.strerror or exc}") from None
        try:
            status = parse_host_status(reply)
        except HostStatusError as exc:
            raise PrinterError(f"printer {self.url} answered a malformed status: {exc}") from None
        return PrinterStatus(status.ready, tuple(status.problems), status.formats_in_buffer)

    def send(self, data: bytes) -> None:
        with self._connect() as conn:
            try:
                conn.sendall(data)
            except OSError as exc:
                raise PrinterError(f"printer {self.url}: sending failed: {exc.strerror or exc}") from None


class FolderPrinter:
    """Writes each label into a folder as ``NNNNNN.zpl`` (the demo's printer, or a spool for a CUPS bridge).

    With ``preview="png"`` or ``"pdf"`` a preview of each label is written next to it, so the demo
    shows real labels without a printer.
    """

    def __init__(self, folder: Path, preview: str | None = None, dpi: int = 203) -> None:
        if preview not in (None, "png", "pdf"):
            raise InputError(f"folder printer preview must be png or pdf, not {preview!r}")
        self.folder = folder
        self.preview = preview
        self.dpi = dpi
        self.url = f"file://{folder}" + (f"?preview={preview}" if preview else "")
        folder.mkdir(parents=True, exist_ok=True)

    def status(self) -> PrinterStatus:
        if not self.folder.is_dir():
            return PrinterStatus(False, (f"folder {self.folder} is missing",))
        return PrinterStatus(True)

    def send(self, data: bytes) -> None:
        number = len(list(self.folder.glob("*.zpl"))) + 1
        path = self.folder / f"{number:06d}.zpl"
        tmp = path.with_suffix(".tmp")
        try:
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as exc:
            raise PrinterError(f"cannot write label to {path}: {exc.strerror}") from None
        if self.preview:
            self._write_preview(path, data)

    def _write_preview(self, path: Path, data: bytes) -> None:
        """The label is already written: a preview that fails is noted beside it, never a failed job
        (the queue would send the label again and print it twice)."""
        from station.labels import preview as render  # lazy: Pillow only when previews are wanted

        try:
            image = render.render_image(data.decode("ascii", errors="replace"), dpi=self.dpi)
            encoded = render.to_png(image, self.dpi) if self.preview == "png" else render.to_pdf(image, self.dpi)
            target = path.with_suffix("." + self.preview)
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(encoded)
            tmp.replace(target)
        except (InputError, OSError) as exc:
            with contextlib.suppress(OSError):
                path.with_suffix(".preview-error.txt").write_text(f"{exc}\n", encoding="utf-8")


def open_printer(url: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> Printer:
    """A printer from its URL; see the module docstring for the schemes."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if parts.scheme == "tcp":
        if not parts.hostname:
            raise InputError(f"printer URL {url!r} names no host")
        return ZplTcpPrinter(parts.hostname, parts.port or 9100, timeout_s)
    if parts.scheme == "file":
        if not parts.path:
            raise InputError(f"printer URL {url!r} names no folder: use file:///path/to/folder")
        dpi = query.get("dpi", "203")
        if not dpi.isdigit():
            raise InputError(f"printer URL {url!r}: dpi must be a number of dots per inch, not {dpi!r}")
        return FolderPrinter(Path(parts.path), preview=query.get("preview"), dpi=int(dpi))
    if parts.scheme == "cups":
        from station.drivers.printer_cups import CupsPrinter  # lazy: only stations with CUPS need it

        return CupsPrinter(unquote(parts.netloc or parts.path.strip("/")), timeout_s=max(timeout_s, 10.0))
    if parts.scheme == "brother":
        from station.drivers.printer_brother import BrotherQlPrinter  # lazy: brother-ql-next is optional

        model, label = query.get("model"), query.get("label")
        if not model or not label:
            raise InputError(f"printer URL {url!r}: a Brother QL needs ?model=QL-…&label=… (e.g. 62x29)")
        if parts.netloc:
            if not parts.hostname:
                raise InputError(f"printer URL {url!r} names no host")
            return BrotherQlPrinter(f"tcp://{parts.hostname}:{parts.port or 9100}", model=model, label=label,
                                    backend="network", timeout_s=timeout_s)
        if parts.path:
            return BrotherQlPrinter(parts.path, model=model, label=label, backend="linux_kernel",
                                    timeout_s=timeout_s)
        raise InputError(f"printer URL {url!r} names neither a host nor a device")
    raise InputError(f"unknown printer URL {url!r}: use tcp://host:9100, file:///folder, cups://QUEUE "
                     "or brother://host?model=…&label=…")
