"""An ASGI app served by uvicorn on a loopback port, in a thread or in the foreground.

The Particle and Libelium emulators run through this; tests start them on a free port and leave
nothing behind. (The impCentral :class:`~station.cloud.emulator.server.EmulatorServer` predates it and
also owns a database and a webhook worker.)
"""

from __future__ import annotations

import socket
import threading
from dataclasses import asdict
from typing import Any, Self

import uvicorn

from station.cloud.emulator.faults import FaultInjector
from station.errors import StationError


class LoopbackServer:
    """``start()``/``stop()`` (or a ``with`` block) for tests, ``serve_forever()`` for the CLI."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0, name: str = "emulator") -> None:
        self.app = app
        self.host = host
        self.name = name
        self._sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no Nagle x delayed-ACK stalls
        try:
            self._sock.bind((host, port))
        except OSError as exc:
            self._sock.close()
            raise StationError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
        self.port = self._sock.getsockname()[1]
        self._server = uvicorn.Server(
            uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", timeout_keep_alive=30)
        )
        self._thread: threading.Thread | None = None

    @property
    def root(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 10.0) -> LoopbackServer:
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name=self.name, daemon=True)
        self._thread.start()
        started = threading.Event()

        def wait() -> None:
            while not self._server.started and self._thread is not None and self._thread.is_alive():
                threading.Event().wait(0.01)
            started.set()

        threading.Thread(target=wait, daemon=True).start()
        if not started.wait(timeout) or not self._server.started:
            self.stop()
            raise StationError(f"the {self.name} did not start within {timeout:.0f} s")
        return self

    def serve_forever(self) -> None:
        try:
            self._server.run(sockets=[self._sock])
        finally:
            self._sock.close()

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._sock.close()


class FaultyLoopbackEmulator:
    """A cloud emulator's app behind the fault injector, on a loopback port: ``url``, ``set_faults``,
    ``start()``/``stop()`` and a ``with`` block — the life every other-cloud emulator shares."""

    def __init__(self, app: Any, *, prefix: str, error_body: Any, faults: Any = None, host: str = "127.0.0.1",
                 port: int = 0, name: str = "emulator") -> None:
        self.app = app
        self.injector = FaultInjector(app, faults, prefix=prefix, error_body=error_body)
        self.server = LoopbackServer(self.injector, host=host, port=port, name=name)

    @property
    def url(self) -> str:
        return self.server.root

    def set_faults(self, **changes: Any) -> dict[str, Any]:
        return asdict(self.injector.update(**changes))

    def start(self) -> Self:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
