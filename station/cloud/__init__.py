"""The cloud: an impCentral-v5-compatible client, zone/target sync, enrollment rules, Go Live.

``emulator/`` is a local impCentral-compatible cloud (FastAPI + SQLite), the station's embedded
default and the peer of the cloud tests. See docs/cloud-api.md for the API and our extensions.
"""

from station.cloud.client import CloudCall, CloudClient, new_idempotency_key
from station.cloud.errors import BlessRefused, CloudError, CloudHTTPError, CloudUnavailable
from station.cloud.sync import (
    JsonFileStateCache,
    MemoryStateCache,
    StateCache,
    TargetChange,
    TargetState,
    TargetSync,
)

__all__ = [
    "BlessRefused",
    "CloudCall",
    "CloudClient",
    "CloudError",
    "CloudHTTPError",
    "CloudUnavailable",
    "JsonFileStateCache",
    "MemoryStateCache",
    "StateCache",
    "TargetChange",
    "TargetState",
    "TargetSync",
    "new_idempotency_key",
]
