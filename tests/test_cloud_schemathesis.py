"""schemathesis against the emulator's own OpenAPI: whatever it is sent, it never answers 5xx,
and every 4xx carries ``errors[]``.

Bounded: a few examples per operation, so the whole run takes seconds.
"""
# ruff: noqa: F401, F811 - pytest fixtures are imported and then requested by name

from __future__ import annotations

from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.cloud_fixtures import calls, client, emulator

EXAMPLES_PER_OPERATION = 20


def _fuzz(
    op: Any, base_url: str, headers: dict[str, str], session: requests.Session, failures: list[str]
) -> None:
    label = f"{op.method.upper()} {op.path}"

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=op.as_strategy())
    def run(case: Any) -> None:
        resp = case.call(base_url=base_url, headers=headers, session=session, timeout=10)
        if resp.status_code >= 500:
            failures.append(f"{label}: {resp.status_code} {resp.text[:200]}")
        elif resp.status_code >= 400 and not resp.json().get("errors"):
            failures.append(f"{label}: a {resp.status_code} without errors[]")

    run()


def test_no_server_errors_for_generated_requests(emulator, client):
    client.login()
    auth = {"Authorization": f"Bearer {client._token()}"}
    schema = schemathesis.openapi.from_url(emulator.root + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 54  # issue 14 added accounts, login keys, restarts, log streams...
    failures: list[str] = []
    with requests.Session() as session:
        for op in operations:
            _fuzz(op, emulator.root, auth, session, failures)
    assert failures == []
