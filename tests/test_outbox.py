"""The outbox: runs and audit events reach the central PostgreSQL in order, exactly once, across outages.

The central database sits behind a TCP proxy on 127.0.0.1 that the test cuts and restores, so
the replicator sees what it would see when the plant network drops: refused and reset
connections, including in the middle of a batch.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from station.events import EventBus
from station.store import Store
from station.store.audit import Audit
from station.store.outbox import CentralUnavailable, Replicator
from station.store.queries import QA
from station.testkit import Script, in_range, measurement
from tests.conftest import POSTGRES_URL, _postgres_schema_url, eventually
from tests.runner_helpers import run_script

pytestmark = pytest.mark.postgres


class CuttableProxy:
    """A TCP forwarder to PostgreSQL that can drop every connection and refuse new ones."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up = False
        with self._lock:
            for s in self._open:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self._open.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self._closed = True
        self.cut()
        self.listener.close()


@pytest.fixture
def central_url() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("STATION_TEST_POSTGRES_URL is not set (CI sets it; .ci/run starts PostgreSQL)")
    yield from _postgres_schema_url()


@pytest.fixture
def proxy(central_url: str) -> Iterator[CuttableProxy]:
    url = make_url(central_url)
    p = CuttableProxy((url.host or "127.0.0.1", url.port or 5432))
    yield p
    p.close()


def via(proxy: CuttableProxy, central_url: str) -> str:
    return make_url(central_url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


def script() -> Script:
    s = Script("outbox", product="p", version="1.0")

    @s.step(measurements=[measurement("rail", "V", in_range(3.2, 3.4)), measurement("current", "mA", in_range(0, 50))])
    def power(ctx):
        ctx.measure("rail", 3.3)
        ctx.measure("current", 42.0)
        ctx.log("powered")

    return s




def test_outage_during_500_runs_every_run_arrives_once_in_order(
    tmp_path, central_url: str, proxy: CuttableProxy
) -> None:
    central = create_engine(central_url)
    s = script()
    with Store.open(f"sqlite:///{tmp_path / 'station.db'}") as store:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        audit = Audit(store, station="test-station")
        replicator = Replicator(store, via(proxy, central_url), batch=50)
        expected: list[tuple[str, str]] = []

        def one_run(i: int) -> None:
            record, _ = run_script(s, bus=bus, serial=f"SN{i:05d}")
            expected.append(("run", record.run_id))
            if i % 50 == 0:
                ev = audit.record("qa", "reprint", f"SN{i:05d}", "label smudged", {"copies": 1})
                expected.append(("audit", f"{ev.source}:{ev.seq}"))

        replicator.start(interval_s=0.05, max_backoff_s=0.2)
        try:
            for i in range(10):
                one_run(i)
            eventually(lambda: replicator.pending() == 0, "the first runs to replicate", 60)

            proxy.cut()
            for i in range(10, 510):  # 500 runs while the central database is unreachable
                one_run(i)
            eventually(lambda: replicator.last_error is not None, "the replicator to notice the outage", 30)
            assert replicator.pending() == 510 - 10 + 10  # 500 runs + 10 audit events, all kept locally

            proxy.restore()
            eventually(lambda: replicator.pending() < 300, "the backlog to start draining", 120)
            proxy.cut()  # a second outage in the middle of the backlog, likely mid-batch
            time.sleep(0.3)
            proxy.restore()
            eventually(lambda: replicator.pending() == 0, "the backlog to drain", 120)
        finally:
            replicator.close()

    with central.connect() as conn:
        ingested = conn.execute(text("SELECT seq, kind, key FROM central_ingest ORDER BY id")).all()
        runs = conn.execute(text("SELECT id, COUNT(*) FROM runs GROUP BY id")).all()
        measurements = conn.execute(text("SELECT COUNT(*) FROM measurements")).scalar()
        units = conn.execute(text("SELECT COUNT(*), SUM(run_count) FROM qa_units")).one()
    central.dispose()
    assert [(k, key) for _seq, k, key in ingested] == expected  # in order, each exactly once
    assert [seq for seq, _k, _key in ingested] == sorted({seq for seq, _k, _key in ingested})
    assert len(runs) == 510 and all(n == 1 for _id, n in runs)
    assert measurements == 510 * 2
    assert tuple(units) == (510, 510)


def test_central_database_sees_every_station_and_verifies_their_chains(tmp_path, central_url: str) -> None:
    s = script()
    for name in ("st-a", "st-b"):
        with Store.open(f"sqlite:///{tmp_path / (name + '.db')}") as store:
            bus = EventBus()
            bus.subscribe(store.writer, critical=True)
            for i in range(3):
                run_script(s, bus=bus, serial=f"{name}-SN{i}")
            Audit(store, station=name).record("qa", "bless", f"{name}-SN0", "passed")
            replicator = Replicator(store, central_url)
            try:
                assert replicator.drain(timeout_s=60) == 4
                assert replicator.drain(timeout_s=60) == 0  # nothing twice
            finally:
                replicator.close()
    with Store.open(central_url) as central:
        assert QA(central.engine).count() == 6
        assert len(QA(central.engine).find("st-b-SN2")) == 1
        verification = Audit(central).verify()
        assert verification.ok and verification.sources == 2 and verification.checked == 2
        assert QA(central.engine).trace("st-a-SN0").audit[0]["action"] == "bless"


def test_unreachable_central_is_a_clear_station_error_and_loses_nothing(tmp_path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with Store.open(f"sqlite:///{tmp_path / 'station.db'}") as store:
        Audit(store).record("qa", "sign_in", "qa", "shift start")
        replicator = Replicator(store, f"postgresql+psycopg://postgres@127.0.0.1:{port}/none?connect_timeout=2")
        with pytest.raises(CentralUnavailable, match="central database unavailable"):
            replicator.push_once()
        assert replicator.pending() == 1
