"""The CFX stream of the outbox, without a broker: what is queued when, on SQLite and PostgreSQL.

A finished run queues its UnitsTested and WorkCompleted in the transaction that finishes it, also
when crash recovery finishes it; a finished run that merely arrives (replication, bulk import) is
not reported again. Heartbeats never pile up while the broker is away.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from station.cfx.amqp import BrokerSettings
from station.cfx.messages import check_envelope
from station.cfx.outbox import CfxQueue, CfxRecorder
from station.cfx.publisher import CfxPublisher
from station.events import EventBus
from station.store import Store, models
from station.store.database import HOSTNAME
from tests.runner_helpers import run_script
from tests.test_cfx import script

DEAD_PID = 2**22 + 4321  # above the default pid_max: no such process


def test_a_run_queues_work_started_then_its_two_reports(db_url: str) -> None:
    with Store.open(db_url) as store:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        queue = CfxQueue(store, "line1.st7")
        run_script(script(), bus=bus, serial="SN00002")
        store.writer.flush()
        assert queue.pending() == 0  # not a CFX endpoint yet: nothing is queued
        queue.enable({"handle": "line1.st7"})
        bus.subscribe(CfxRecorder(queue))
        record, _ = run_script(script(), bus=bus, serial="SN00003")  # n % 7 == 3: the script raises → ERROR
        store.writer.flush()
        items = queue.head(10)
        assert [i.kind for i in items] == ["WorkStarted", "UnitsTested", "WorkCompleted"]
        for item in items:
            check_envelope(item.envelope)
            assert item.envelope["Source"] == "line1.st7"
        tested = items[1].envelope["MessageBody"]
        assert tested["TransactionId"] == record.run_id
        assert tested["TestedUnits"][0]["OverallResult"] == "Inconclusive"  # a station ERROR, not a failed unit
        assert items[2].envelope["MessageBody"]["Result"] == "Failed"
        assert queue.head(10) == items  # reading twice builds the same messages (same UniqueIDs)
        queue.remove_through(items[-1].seq)
        assert queue.pending() == 0


def test_crash_recovery_reports_the_aborted_run_and_an_imported_finished_run_is_not_reported(db_url: str) -> None:
    runs = models.runs_table
    with Store.open(db_url) as store:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        run_script(script(), bus=bus, serial="SN00001")
        store.writer.flush()
        queue = CfxQueue(store, "line1.st7")
        queue.enable({"handle": "line1.st7"})
        with store.engine.begin() as conn:
            row = dict(conn.execute(select(runs)).mappings().one())
            conn.execute(insert(runs).values({**row, "id": "interrupted-run", "outcome": None, "finished_at": None,
                                              "pid": DEAD_PID, "hostname": HOSTNAME}))
            conn.execute(insert(runs).values({**row, "id": "imported-run"}))  # arrives already finished
        assert queue.pending() == 0
        assert store.recover_interrupted() == ["interrupted-run"]
        items = queue.head(10)
        assert [(i.kind, i.envelope["MessageBody"].get("TransactionId") or i.envelope["MessageBody"]["TransactionID"])
                for i in items] == [("UnitsTested", "interrupted-run"), ("WorkCompleted", "interrupted-run")]
        assert items[0].envelope["MessageBody"]["TestedUnits"][0]["OverallResult"] == "Aborted"
        assert items[1].envelope["MessageBody"]["Result"] == "Aborted"
        assert CfxQueue.disable(store) == 2 and queue.pending() == 0


def test_heartbeats_do_not_pile_up_while_the_broker_is_away(tmp_path) -> None:
    now = [1000.0]
    with Store.open(f"sqlite:///{tmp_path / 'station.db'}") as store:
        queue = CfxQueue(store, "line1.st7")
        publisher = CfxPublisher(queue, BrokerSettings("amqp://127.0.0.1:1", "/amq/queue/x"), heartbeat_s=60,
                                 clock=lambda: now[0])
        for _ in range(10):  # ten minutes without a broker
            publisher.heartbeat_if_due()
            now[0] += 61
        assert queue.pending("Heartbeat") == 1
        (beat,) = queue.head(5)
        assert beat.envelope["MessageBody"] == {"CFXHandle": "line1.st7", "HeartbeatFrequency": "00:01:00"}
