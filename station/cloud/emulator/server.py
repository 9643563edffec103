"""Running the emulator: in-process on a free port (tests, the embedded demo cloud) or in the foreground.

``EmulatorServer`` owns uvicorn in a thread, the webhook worker and the database, and shuts all three
down cleanly, so a test can start a real cloud on 127.0.0.1 and leave nothing behind.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import asdict
from typing import Any

import uvicorn

from station.cloud.emulator.app import build_app
from station.cloud.emulator.db import Database
from station.cloud.emulator.faults import FaultInjector, Faults
from station.cloud.emulator.seed import seed_demo
from station.cloud.emulator.service import CloudService, EmulatorConfig
from station.cloud.emulator.webhooks import WebhookWorker
from station.errors import StationError


class EmulatorServer:
    """A running emulator. Use as a context manager or call ``start()``/``stop()``."""

    def __init__(
        self,
        db_path: str = ":memory:",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: str = "demo",
        config: EmulatorConfig | None = None,
        faults: Faults | None = None,
    ) -> None:
        if seed not in ("demo", "none"):
            raise StationError(f"unknown emulator seed {seed!r}; use 'demo' or 'none'")
        self.db = Database(db_path)
        self.service = CloudService(self.db, config)
        self.account: dict[str, Any] | None = seed_demo(self.service) if seed == "demo" else None
        holder: dict[str, FaultInjector] = {}
        self.app = build_app(self.service, holder)
        self.injector = FaultInjector(self.app, faults)
        holder["faults"] = self.injector
        self.webhooks = WebhookWorker(self.service)
        self.host = host
        self._sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit this: without it, a kept-alive connection waits ~40 ms per answer
        # (Nagle on our side meets delayed ACK on the client's).
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self._sock.bind((host, port))
        except OSError as exc:
            self._sock.close()
            self.db.close()
            raise StationError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
        self.port = self._sock.getsockname()[1]
        self._server = uvicorn.Server(
            uvicorn.Config(
                self.injector, log_level="warning", access_log=False, lifespan="off", timeout_keep_alive=30,
                timeout_graceful_shutdown=5,  # Ctrl-C ends open log streams rather than waiting on them
            )
        )
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL of the API, ``/v5`` included, as the client wants it."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v5"

    @property
    def root(self) -> str:
        return self.url[: -len("/v5")]

    @property
    def login_key(self) -> str:
        if self.account is None:
            raise StationError("the emulator was started without a seed; there is no demo login key")
        return str(self.account["login_key"])

    def set_faults(self, **changes: Any) -> dict[str, Any]:
        return asdict(self.injector.update(**changes))

    def start(self, timeout: float = 10.0) -> EmulatorServer:
        self.webhooks.start()
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, name="cloud-emulator", daemon=True
        )
        self._thread.start()
        ready = threading.Event()

        def wait() -> None:
            while not self._server.started and self._thread is not None and self._thread.is_alive():
                threading.Event().wait(0.01)
            ready.set()

        threading.Thread(target=wait, daemon=True).start()
        if not ready.wait(timeout) or not self._server.started:
            self.stop()
            raise StationError(f"the cloud emulator did not start within {timeout:.0f} s")
        return self

    def serve_forever(self) -> None:
        """Foreground mode for ``station cloud emulator``; returns on Ctrl-C."""
        self.webhooks.start()
        try:
            self._server.run(sockets=[self._sock])
        finally:
            self.webhooks.stop()
            self._sock.close()
            self.db.close()

    def stop(self, timeout: float = 10.0) -> None:
        self.service.log_hub.close_all()  # open event streams would keep the server from stopping
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.webhooks.stop()
        self._sock.close()
        self.db.close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
