"""IPC-CFX over AMQP 1.0 against the real RabbitMQ on 127.0.0.1:5672 (its AMQP 1.0 plugin enabled).

A shift of runs goes through the real runner and store; the CFX endpoint queues from the event bus
and the run-finishing trigger, the publisher sends over AMQP 1.0, and a receiver on the same queue
reads what the MES would. The outage test puts a TCP proxy between publisher and broker and cuts
it (every connection reset, new ones refused) instead of stopping the shared broker.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import uuid
from collections.abc import Iterator

import pytest

from station.cfx import CfxSettings, attach_cfx
from station.cfx.amqp import BrokerSettings, BrokerUnavailable
from station.cfx.listen import Listener, Received
from station.cfx.messages import check_envelope
from station.cli import main
from station.config import CfxSection
from station.events import DeviceStatus, EventBus
from station.store import Store
from station.testkit import Script, in_range, measurement
from tests.conftest import eventually
from tests.runner_helpers import run_script
from tests.test_outbox import CuttableProxy

BROKER = ("127.0.0.1", 5672)
USER, PASSWORD = "guest", "guest"

pytestmark = pytest.mark.cfx


def _amqp10_available() -> bool:
    try:
        with socket.create_connection(BROKER, timeout=2) as s:
            s.sendall(b"AMQP\x03\x01\x00\x00")  # SASL layer header: the 1.0 plugin echoes it
            return s.recv(8) == b"AMQP\x03\x01\x00\x00"
    except OSError:
        return False


@pytest.fixture(scope="module")
def broker() -> None:
    if not _amqp10_available():
        pytest.skip("no AMQP 1.0 broker on 127.0.0.1:5672 (.ci/run enables RabbitMQ's rabbitmq_amqp1_0 plugin)")


@pytest.fixture(scope="module")
def expiring_test_queues(broker: None) -> None:
    """Test queues delete themselves a minute after their last use (a RabbitMQ policy on ``cfx-test-*``,
    set once: one rabbitmqctl call per module rather than one per queue)."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(["rabbitmqctl", "-q", "set_policy", "cfx-test-expiry", "^cfx-(test|bench)-",
                        '{"expires": 60000}', "--apply-to", "queues"], timeout=60, capture_output=True)


@pytest.fixture
def queue(expiring_test_queues: None) -> Iterator[str]:
    """A fresh queue name; the test declares it by attaching a receiver to ``/queue/NAME``."""
    yield f"cfx-test-{uuid.uuid4().hex[:10]}"


def listener(name: str) -> Listener:
    return Listener(BrokerSettings(f"amqp://{BROKER[0]}:{BROKER[1]}", f"/queue/{name}", USER, PASSWORD))


def settings(name: str, port: int = BROKER[1]) -> CfxSettings:
    return CfxSettings(handle="factory.line1.station7",
                       broker=BrokerSettings(f"amqp://127.0.0.1:{port}", f"/amq/queue/{name}", USER, PASSWORD,
                                             timeout_s=5.0),
                       heartbeat_s=0)


def script() -> Script:
    """PASS, FAIL (rail out of limits) or ERROR (the script raises) by the serial's number."""
    s = Script("cfx", product="p", version="1.0")

    @s.step(measurements=[measurement("rail", "V", in_range(3.2, 3.4))])
    def power(ctx):
        n = int(ctx.serial[-3:])
        if n % 7 == 3:
            raise RuntimeError("fixture relay stuck")
        ctx.measure("rail", 3.1 if n % 5 == 4 else 3.3)

    return s


def expected_result(i: int) -> str:
    return "Inconclusive" if i % 7 == 3 else "Failed" if i % 5 == 4 else "Passed"


def receive_all(name: str, idle_s: float = 2.0) -> list[Received]:
    rx = listener(name)
    try:
        return list(rx.messages(idle_s=idle_s))
    finally:
        rx.close()


def by_name(items: list[Received], short: str) -> list[dict]:
    return [r.envelope for r in items if r.envelope and r.envelope["MessageName"].endswith("." + short)]


def test_a_shift_sends_one_units_tested_per_run_in_order(tmp_path, queue: str) -> None:
    listener(queue).close()  # declares the queue the station's /amq/queue address needs
    s = script()
    serials = [f"SN{i:05d}" for i in range(40)]
    with Store.open(f"sqlite:///{tmp_path / 'station.db'}") as store:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        endpoint = attach_cfx(bus, store, settings(queue))
        try:
            run_ids = []
            for i, serial in enumerate(serials):
                if i == 10:
                    bus.emit(DeviceStatus("", device="fixture", ok=False, detail="unplugged"))
                if i == 12:
                    bus.emit(DeviceStatus("", device="fixture", ok=True, detail="connected"))
                record, _ = run_script(s, bus=bus, serial=serial)
                run_ids.append(record.run_id)
            store.writer.flush()
            eventually(lambda: endpoint.queue.pending() == 0, "the CFX outbox to drain", 60)
        finally:
            endpoint.close()
    items = receive_all(queue)
    assert all(r.problem is None and not r.repeat for r in items)
    for r in items:
        check_envelope(r.envelope)
        assert r.message_id == r.envelope["UniqueID"]  # AMQP message-id carries the CFX UniqueID
        assert r.envelope["Source"] == "factory.line1.station7" and r.envelope["Version"] == "2.0"
    names = [r.envelope["MessageName"].removeprefix("CFX.") for r in items]
    assert names[0] == "EndpointConnected"
    tested = by_name(items, "UnitsTested")
    assert [m["MessageBody"]["TransactionId"] for m in tested] == run_ids  # exactly one per run, in order
    assert [m["MessageBody"]["TestedUnits"][0]["UnitIdentifier"] for m in tested] == serials
    results = [m["MessageBody"]["TestedUnits"][0]["OverallResult"] for m in tested]
    assert results == [expected_result(i) for i in range(len(serials))]
    fail = tested[4]["MessageBody"]["TestedUnits"][0]["Tests"][0]
    assert fail["Result"] == "Failed" and fail["SymptomsFound"]
    rail = fail["Measurements"][0]
    assert (rail["MeasurementName"], rail["Value"], rail["ValueUnits"], rail["MinAcceptableValue"],
            rail["MaxAcceptableValue"], rail["Result"]) == ("rail", 3.1, "V", 3.2, 3.4, "Failed")
    # per run: WorkStarted, then UnitsTested, then WorkCompleted
    for run_id in run_ids:
        mine = [n for n, r in zip(names, items, strict=True)
                if run_id in (r.envelope["MessageBody"].get("TransactionID"),
                              r.envelope["MessageBody"].get("TransactionId"))]
        assert mine == ["Production.WorkStarted", "Production.TestAndInspection.UnitsTested",
                        "Production.WorkCompleted"]
    completed = by_name(items, "WorkCompleted")
    assert completed[3]["MessageBody"]["Result"] == "Failed"  # the station could not do the work: not the unit
    faults = by_name(items, "FaultOccurred")
    cleared = by_name(items, "FaultCleared")
    assert len(faults) == 1 and len(cleared) == 1
    assert faults[0]["MessageBody"]["Fault"]["FaultCode"] == "FIXTURE_DISCONNECTED"
    assert cleared[0]["MessageBody"]["FaultOccurrenceId"] == faults[0]["MessageBody"]["Fault"]["FaultOccurrenceId"]
    assert names.index("ResourcePerformance.FaultOccurred") < names.index("ResourcePerformance.FaultCleared")


def test_broker_outages_mid_shift_lose_nothing_and_keep_order(tmp_path, queue: str) -> None:
    listener(queue).close()
    proxy = CuttableProxy(BROKER)
    s = script()
    run_ids: list[str] = []
    try:
        with Store.open(f"sqlite:///{tmp_path / 'station.db'}") as store:
            bus = EventBus()
            bus.subscribe(store.writer, critical=True)
            endpoint = attach_cfx(bus, store, settings(queue, proxy.port))
            publisher = endpoint.publisher
            publisher.stop()
            publisher.start(interval_s=0.05, max_backoff_s=0.2)
            try:
                def runs(start: int, stop: int) -> None:
                    for i in range(start, stop):
                        run_ids.append(run_script(s, bus=bus, serial=f"SN{i:05d}")[0].run_id)
                    store.writer.flush()

                runs(0, 20)
                eventually(lambda: endpoint.queue.pending() == 0, "the first runs to be sent", 60)
                proxy.cut()
                runs(20, 220)  # 200 runs while the broker is unreachable
                eventually(lambda: publisher.last_error is not None, "the publisher to notice the outage", 30)
                assert endpoint.queue.pending("UnitsTested") == 200  # all kept in the outbox
                proxy.restore()
                eventually(lambda: endpoint.queue.pending() < 400, "the backlog to start draining", 60)
                proxy.cut()  # a second outage in the middle of the backlog
                runs(220, 230)
                proxy.restore()
                eventually(lambda: endpoint.queue.pending() == 0, "the backlog to drain", 120)
                in_doubt = publisher.in_doubt_total
            finally:
                endpoint.close()
    finally:
        proxy.close()
    items = receive_all(queue)
    assert all(r.problem is None for r in items)
    first_seen = [r.envelope for r in items if not r.repeat]
    tested = by_name([Received(e, None) for e in first_seen], "UnitsTested")
    assert [m["MessageBody"]["TransactionId"] for m in tested] == run_ids  # nothing lost, in order
    repeats = [r for r in items if r.repeat]
    # A repeat can only be a message whose acceptance the cut swallowed, sent again with its UniqueID.
    assert len(repeats) <= in_doubt
    started = by_name([Received(e, None) for e in first_seen], "WorkStarted")
    assert len(started) == len(run_ids) == 230


def test_station_cfx_listen_prints_what_arrives(tmp_path, queue: str, capsys) -> None:
    listener(queue).close()
    with Store.open(f"sqlite:///{tmp_path / 'station.db'}") as store:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        endpoint = attach_cfx(bus, store, settings(queue))
        try:
            run_script(script(), bus=bus, serial="SN00004")
            store.writer.flush()
            eventually(lambda: endpoint.queue.pending() == 0, "the CFX outbox to drain", 60)
        finally:
            endpoint.close()
    args = ["cfx", "listen", "--address", f"/amq/queue/{queue}", "--count", "4", "--idle", "5"]
    env = {"STATION_CFX_USER": USER, "STATION_CFX_PASSWORD": PASSWORD}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        assert main(args) == 0
        out = capsys.readouterr().out.splitlines()
        assert [line.split()[2] for line in out] == [
            "EndpointConnected", "Production.WorkStarted", "Production.TestAndInspection.UnitsTested",
            "Production.WorkCompleted"]
        assert "SN00004@1=Failed" in out[2]
        assert main([*args[:-4], "--count", "1", "--idle", "1", "--json"]) == 0  # nothing left: exits idle
        assert capsys.readouterr().out == ""


def test_unreachable_broker_is_a_station_error_and_the_outbox_keeps_everything(tmp_path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with Store.open(f"sqlite:///{tmp_path / 'station.db'}") as store:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        endpoint = attach_cfx(bus, store, settings("nowhere", port))
        endpoint.publisher.stop()
        run_script(script(), bus=bus, serial="SN00001")
        store.writer.flush()
        with pytest.raises(BrokerUnavailable, match=f"CFX broker amqp://127.0.0.1:{port} unavailable"):
            endpoint.publisher.push_once()
        assert endpoint.queue.pending() == 4  # EndpointConnected, WorkStarted, UnitsTested, WorkCompleted
        assert endpoint.publisher.in_doubt_total == 0  # nothing was sent, nothing is in doubt
        endpoint.close()


def test_cfx_section_reads_credentials_from_the_environment_and_wants_tls_off_this_machine() -> None:
    section = CfxSection(handle="line1.st7", broker="amqps://mes.plant.example:5671", address="/amq/queue/mes")
    cfg = CfxSettings.from_config(section, {"STATION_CFX_USER": "st7", "STATION_CFX_PASSWORD": "pw"})
    assert (cfg.broker.user, cfg.broker.password, cfg.broker.display()) == ("st7", "pw",
                                                                           "amqps://mes.plant.example:5671")
    assert "pw" not in json.dumps(section.model_dump())
    with pytest.raises(ValueError, match="must be amqps://"):
        CfxSection(handle="h", broker="amqp://mes.plant.example:5672", address="/amq/queue/mes")
    CfxSection(handle="h", broker="amqp://127.0.0.1:5672", address="/amq/queue/mes")


def test_station_demo_publishes_cfx_to_the_broker_it_is_given(tmp_path, queue: str, capsys) -> None:
    listener(queue).close()
    args = ["demo", "--headless", "--units", "4", "--slots", "2", "--db", f"sqlite:///{tmp_path / 'demo.db'}",
            "--cfx-broker", "amqp://127.0.0.1:5672", "--cfx-address", f"/amq/queue/{queue}", "--cfx-handle",
            "plant.sim.st1"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STATION_CFX_USER", USER)
        mp.setenv("STATION_CFX_PASSWORD", PASSWORD)
        assert main(args) == 0
    assert "message(s) sent to amqp://127.0.0.1:5672" in capsys.readouterr().out
    items = receive_all(queue)
    tested = by_name(items, "UnitsTested")
    assert sorted(m["MessageBody"]["TestedUnits"][0]["UnitIdentifier"] for m in tested) == [
        "DEMO00001", "DEMO00002", "DEMO00003", "DEMO00004"]
    assert {r.envelope["Source"] for r in items} == {"plant.sim.st1"}
    assert main([*args[:-6], "--cfx-broker", "amqp://mes.example:5672", "--cfx-address", "/amq/queue/x"]) == 2
    assert "must be amqps://" in capsys.readouterr().err
    assert main([*args[:-6], "--cfx-broker", "amqp://127.0.0.1:5672"]) == 2
    assert "--cfx-broker and --cfx-address go together" in capsys.readouterr().err
