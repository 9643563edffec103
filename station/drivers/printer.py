"""Label printers: raw ZPL over TCP 9100 with ``~HS`` status, and a folder printer for the demo.

Every transport answers two questions: *can you print now* (:meth:`status`, with the reason in
plain words when not) and *take this label* (:meth:`send`). The print queue
(:mod:`station.drivers.print_queue`) decides when to ask which; a printer never decides to drop
a label.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

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
                raise PrinterError(f"printer {self.url} does not answer its status request (~HS)") from None
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
    """Writes each label into a folder as ``NNNNNN.zpl`` (the demo's printer, or a spool for a CUPS bridge)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.url = f"file://{folder}"
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


def open_printer(url: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> Printer:
    """``tcp://host[:port]`` (raw ZPL, port 9100 by default) or ``file:///folder``."""
    parts = urlsplit(url)
    if parts.scheme == "tcp":
        if not parts.hostname:
            raise InputError(f"printer URL {url!r} names no host")
        return ZplTcpPrinter(parts.hostname, parts.port or 9100, timeout_s)
    if parts.scheme == "file":
        return FolderPrinter(Path(parts.path))
    raise InputError(f"unknown printer URL {url!r}: use tcp://host:9100 or file:///folder")
