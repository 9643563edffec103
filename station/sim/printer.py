"""A Zebra-style label printer on TCP 9100, for the tests and the demo.

It speaks what the station uses of a real one: raw ZPL formats (``^XA … ^XZ``) are printed, and
``~HS`` is answered with the three host-status lines. It can be put in the states a line sees —
paper out, head open, paused — or made silent (it accepts connections and never answers). As a
real printer does, it keeps formats that arrive while it cannot print in its buffer and prints
them when the problem is cleared; ``~HS`` counts them as formats in buffer.

``quiet_when_faulted=True`` emulates newer Zebra firmware, which sends *no* ``~HS`` reply while
the media is out or the head is open (docs.zebra.com, ``~HS``): the station must then treat
silence as "printer in error", not as a lost network.

Run it standalone for the demo or a manual check: ``python -m station.sim.printer --port 9100``.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from station.labels.zpl import HostStatus, format_host_status

LABEL_LENGTH_DOTS = 406


@dataclass(frozen=True, slots=True)
class PrintedLabel:
    zpl: bytes
    sequence: int


class PrinterEmulator:
    """Listens on 127.0.0.1 (a free port unless given); a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, quiet_when_faulted: bool = False) -> None:
        self.quiet_when_faulted = quiet_when_faulted
        self._server = socket.create_server((host, port))
        self._server.settimeout(0.2)
        self.host, self.port = self._server.getsockname()[:2]
        self._lock = threading.Lock()
        self._status = HostStatus(paper_out=False, paused=False, label_length_dots=LABEL_LENGTH_DOTS,
                                  formats_in_buffer=0, buffer_full=False, head_open=False, ribbon_out=False,
                                  labels_remaining=0)
        self.silent = False
        self.printed: list[PrintedLabel] = []
        self._buffer: list[bytes] = []
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="printer-emulator", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    # -- states ------------------------------------------------------------------------------
    def set_state(self, *, paper_out: bool | None = None, head_open: bool | None = None,
                  paused: bool | None = None, silent: bool | None = None) -> None:
        with self._lock:
            changes = {k: v for k, v in (("paper_out", paper_out), ("head_open", head_open), ("paused", paused))
                       if v is not None}
            self._status = replace(self._status, **changes)
            if silent is not None:
                self.silent = silent
            self._print_buffer()

    def ready(self) -> None:
        """Load paper, close the head, unpause, answer again: print what waited in the buffer."""
        self.set_state(paper_out=False, head_open=False, paused=False, silent=False)

    def status(self) -> HostStatus:
        with self._lock:
            return replace(self._status, formats_in_buffer=len(self._buffer))

    def printed_zpl(self) -> list[bytes]:
        with self._lock:
            return [label.zpl for label in self.printed]

    # -- life cycle ----------------------------------------------------------------------------
    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._server.close()

    def __enter__(self) -> PrinterEmulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the wire ------------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), name="printer-conn", daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        pending = b""
        with conn:
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                pending = self._consume(conn, pending + chunk)

    def _consume(self, conn: socket.socket, data: bytes) -> bytes:
        """Handle every complete ``~HS`` and ``^XA…^XZ`` in ``data``; return the incomplete rest."""
        while True:
            hs = data.find(b"~HS")
            xa = data.find(b"^XA")
            if hs >= 0 and (xa < 0 or hs < xa):
                data = data[hs + 3:]
                with self._lock:
                    faulted = self._status.paper_out or self._status.head_open
                    silent = self.silent or (self.quiet_when_faulted and faulted)
                if not silent:
                    conn.sendall(format_host_status(self.status()))
                continue
            if xa >= 0:
                xz = data.find(b"^XZ", xa)
                if xz < 0:
                    return data[xa:]
                self._receive(data[xa:xz + 3])
                data = data[xz + 3:]
                continue
            return data[-2:] if data.endswith((b"~", b"~H", b"^", b"^X")) else b""

    def _receive(self, zpl: bytes) -> None:
        with self._lock:
            if self.silent:
                return  # a hung printer takes nothing
            self._buffer.append(zpl)
            self._print_buffer()

    def _print_buffer(self) -> None:
        """Caller holds the lock."""
        s = self._status
        if s.paper_out or s.head_open or s.paused or self.silent:
            return
        while self._buffer:
            self.printed.append(PrintedLabel(self._buffer.pop(0), len(self.printed) + 1))


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted, printing each received label's size; for the demo and manual checks."""
    import argparse
    import time

    parser = argparse.ArgumentParser(prog="python -m station.sim.printer", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--quiet-when-faulted", action="store_true", help="no ~HS reply while faulted")
    parser.add_argument("--control", action="store_true",
                        help="read states from stdin, one per line: paper-out, head-open, paused, silent, ready")
    parser.add_argument("--out", type=Path, help="keep each printed label as OUT/label-NNNNN.zpl (what came out)")
    args = parser.parse_args(argv)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    with PrinterEmulator(args.host, args.port, quiet_when_faulted=args.quiet_when_faulted) as emu:
        print(f"printer emulator on {emu.url} (Ctrl-C to stop)", flush=True)
        if args.control:
            import threading

            threading.Thread(target=_states_from_stdin, args=(emu,), daemon=True).start()
        seen = 0
        try:
            while True:
                time.sleep(0.2)
                labels = emu.printed_zpl()
                for zpl in labels[seen:]:
                    seen += 1
                    if args.out is not None:
                        (args.out / f"label-{seen:05d}.zpl").write_bytes(zpl)
                    print(f"label {seen}: {len(zpl)} bytes of ZPL", flush=True)
        except KeyboardInterrupt:
            print(f"stopped after {seen} label(s)")
    return 0


STATES = {"paper-out": {"paper_out": True}, "head-open": {"head_open": True}, "paused": {"paused": True},
          "silent": {"silent": True}}


def apply_state(emu: PrinterEmulator, word: str) -> None:
    """Put the emulator in a named state (``ready`` clears them all); ValueError for another word."""
    if word == "ready":
        emu.ready()
    elif word in STATES:
        emu.set_state(**STATES[word])
    else:
        raise ValueError(f"unknown printer state {word!r}: {', '.join([*STATES, 'ready'])}")


def _states_from_stdin(emu: PrinterEmulator) -> None:
    import sys

    for line in sys.stdin:
        word = line.strip().lower()
        if not word:
            continue
        try:
            apply_state(emu, word)
            print(f"state {word}", flush=True)
        except ValueError as exc:
            print(f"error: {exc}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
