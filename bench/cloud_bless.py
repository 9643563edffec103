"""Blessings per second and bless-call latency against the cloud emulator on loopback.

The emulator runs in-process (uvicorn thread, SQLite file in a temp folder, WAL); the client is the
station's real CloudClient. Each bless is a full station-side call: Idempotency-Key, JSON:API body,
typed answer. Run: ``.venv/bin/python bench/cloud_bless.py [N]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from station.cloud.client import CloudClient, new_idempotency_key
from station.cloud.emulator.seed import DEMO_TEST_FIXTURE_GROUP
from station.cloud.emulator.server import EmulatorServer


def mint(server: EmulatorServer, client: CloudClient, count: int) -> list[str]:
    grant = client.enroll("dut", DEMO_TEST_FIXTURE_GROUP)
    resp = requests.post(
        server.root + "/_admin/devices", json={"count": count, "enrollment_token": grant.token}, timeout=120
    )
    resp.raise_for_status()
    return [d["id"] for d in resp.json()["data"]]


def bless_all(server: EmulatorServer, devices: list[str], workers: int) -> tuple[float, list[float]]:
    clients = [CloudClient(server.url, server.login_key, timeout=10) for _ in range(workers)]
    for c in clients:
        c.login()
    latencies: list[float] = []

    def work(index: int) -> None:
        client = clients[index % workers]
        for dev in devices[index::workers]:
            t0 = time.perf_counter()
            client.bless(
                dev,
                DEMO_TEST_FIXTURE_GROUP,
                test_record={"bench": True},
                idempotency_key=new_idempotency_key(),
            )
            latencies.append((time.perf_counter() - t0) * 1000.0)

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(work, range(workers)))
    elapsed = time.perf_counter() - started
    for c in clients:
        c.close()
    return elapsed, latencies


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp, EmulatorServer(str(Path(tmp) / "cloud.db")) as server:
        setup = CloudClient(server.url, server.login_key)
        serial = mint(server, setup, n)
        parallel = mint(server, setup, n)
        setup.close()
        t1, lat1 = bless_all(server, serial, workers=1)
        t4, lat4 = bless_all(server, parallel, workers=4)
        stats = server.service.stats()
        assert stats["blessed_devices"] == 2 * n, stats
    print(
        f"{n} blessings, 1 client:  {n / t1:7.1f}/s  p50 {statistics.median(lat1):.2f} ms  "
        f"p99 {p(lat1, 0.99):.2f} ms"
    )
    print(
        f"{n} blessings, 4 clients: {n / t4:7.1f}/s  p50 {statistics.median(lat4):.2f} ms  "
        f"p99 {p(lat4, 0.99):.2f} ms"
    )
    print(f"BENCH cloud_bless_per_s {n / t1:.1f} /s")
    print(f"BENCH cloud_bless_p99 {p(lat1, 0.99):.2f} ms")
    print(f"BENCH cloud_bless_4clients_per_s {n / t4:.1f} /s")
    print(f"BENCH cloud_bless_4clients_p99 {p(lat4, 0.99):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
