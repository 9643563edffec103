"""CFX over AMQP 1.0: messages per second from the station's CFX outbox to RabbitMQ on 127.0.0.1:5672.

A station database with a shift's worth of runs (each queues UnitsTested — built from the stored
record at send time — and WorkCompleted, next to the WorkStarted the event bus queued) is drained
by the publisher to a fresh queue; a receiver then counts what arrived. Figures: messages per
second through the publisher (batches of 100, one link), and UnitsTested (the heavy message) per
second alone. Needs RabbitMQ's AMQP 1.0 plugin (``rabbitmq-plugins enable rabbitmq_amqp1_0``).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from station.cfx import CfxSettings, attach_cfx, messages  # noqa: E402
from station.cfx.amqp import BrokerSettings, Sender  # noqa: E402
from station.cfx.listen import Listener  # noqa: E402
from station.events import EventBus  # noqa: E402
from station.store import Store  # noqa: E402
from station.testkit import Script, in_range, measurement  # noqa: E402
from tests.runner_helpers import run_script  # noqa: E402

RUNS = int(__import__("os").environ.get("CFX_BENCH_RUNS", "500"))
URL = "amqp://127.0.0.1:5672"


def script() -> Script:
    s = Script("bench_cfx", product="p", version="1.0")

    @s.step(measurements=[measurement(f"m{k}", "V", in_range(0, 10)) for k in range(8)])
    def measure(ctx):
        for k in range(8):
            ctx.measure(f"m{k}", 1.0 + k / 10)

    return s


def amqp_only(queue: str, count: int = 3000, batch: int = 100) -> float:
    """The AMQP side alone: prebuilt envelopes, batches of 100 on one link, each settled by the broker."""
    envelopes = [messages.work_started("bench.station", time.time(), run_id=f"r{i}", serial=f"SN{i:06d}", slot=1)
                 for i in range(count)]
    sender = Sender(BrokerSettings(URL, f"/amq/queue/{queue}", "guest", "guest"))
    started = time.perf_counter()
    for k in range(0, count, batch):
        sender.send_batch(envelopes[k:k + batch])
    seconds = time.perf_counter() - started
    sender.close()
    return count / seconds


def main() -> None:
    queue = f"cfx-bench-{uuid.uuid4().hex[:8]}"
    Listener(BrokerSettings(URL, f"/queue/{queue}", "guest", "guest")).close()  # declare it
    folder = Path(tempfile.mkdtemp(prefix="cfx-bench-"))
    try:
        with Store.open(f"sqlite:///{folder / 'station.db'}") as store:
            bus = EventBus()
            bus.subscribe(store.writer, critical=True)
            settings = CfxSettings("bench.station", BrokerSettings(URL, f"/amq/queue/{queue}", "guest", "guest"),
                                   heartbeat_s=0)
            endpoint = attach_cfx(bus, store, settings)
            endpoint.publisher.stop()  # queue the whole shift first, then measure the drain alone
            early = endpoint.publisher.sent_total  # EndpointConnected, if it left before the stop
            s = script()
            for i in range(RUNS):
                run_script(s, bus=bus, serial=f"SN{i:06d}")
            store.writer.flush()
            total = endpoint.queue.pending()
            started = time.perf_counter()
            sent = endpoint.publisher.drain(timeout_s=600)
            seconds = time.perf_counter() - started
            endpoint.close()
        rx = Listener(BrokerSettings(URL, f"/queue/{queue}", "guest", "guest"), credit=1000)
        arrived = sum(1 for _ in rx.messages(idle_s=2.0))
        rx.close()
        amqp_rate = amqp_only(queue)  # before the queue is deleted (RabbitMQ drops messages to a missing one)
    finally:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(["rabbitmqctl", "-q", "delete_queue", queue], timeout=60, capture_output=True)
    assert sent == total == arrived - early, (sent, total, arrived, early)
    print(f"{RUNS} runs (8 measurements each): {total} CFX messages queued; drained in {seconds:.2f} s; "
          f"{arrived - early} arrived")
    print(f"BENCH cfx_messages_per_s {total / seconds:.0f} msg/s")
    print(f"BENCH cfx_units_tested_per_s {RUNS / seconds:.0f} runs/s")
    print(f"BENCH cfx_amqp_send_per_s {amqp_rate:.0f} msg/s")


if __name__ == "__main__":
    main()
