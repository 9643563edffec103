"""Bless exactly once: 30% of bless answers are lost after the commit, the client retries, and the
cloud ends with exactly one blessing and one webhook delivery per device."""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

from collections import Counter

from station.cloud.client import CloudClient, new_idempotency_key
from tests.cloud_fixtures import (
    TEST_FIXTURE,
    TEST_PRODUCTION,
    WebhookReceiver,
    emulator,
    make_duts,
)
from tests.conftest import eventually


def test_200_blessings_with_30_percent_dropped_answers(emulator):
    calls = []
    client = CloudClient(
        emulator.url,
        emulator.login_key,
        on_call=calls.append,
        timeout=5,
        max_attempts=12,
        backoff_s=0.001,
        backoff_max_s=0.01,
    )
    with WebhookReceiver() as hook:
        webhook = client.create_webhook(client.device_group(TEST_PRODUCTION), hook.url, "blessing")
        devices = make_duts(emulator, client, TEST_FIXTURE, count=200)
        emulator.set_faults(drop_rate=0.3, match="/bless", seed=42)
        for dev in devices:
            blessing = client.bless(
                dev, TEST_FIXTURE, test_record={"serial": dev}, idempotency_key=new_idempotency_key()
            )
            assert blessing.device_id == dev
        emulator.set_faults(drop_rate=0.0)
        dropped = [c for c in calls if c.path.endswith("/bless") and c.status is None]
        assert len(dropped) > 30  # the fault really happened
        stats = emulator.service.stats()
        assert stats["blessed_devices"] == 200 and stats["blessings"] == 200
        eventually(lambda: len(hook.received) >= 200, "200 webhook deliveries", 30)
        counts = Counter(p["device_id"] for p in hook.received)
        assert set(counts) == set(devices) and max(counts.values()) == 1
        assert len(client.webhook_deliveries(webhook.id)) == 200
        assert {d.id for d in client.devices(group_id=TEST_PRODUCTION)} == set(devices)
    client.close()
