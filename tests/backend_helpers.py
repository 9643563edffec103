"""What the flow does with a backend around "make it a product", for backend tests below the flow.

The station flow (station/flow/unit.py) holds a unit on any cloud fault that is not a refusal and
retries the *same recorded intent*; these helpers do the same, so each backend's tests prove the
intent is done exactly once however often the answer is lost.
"""

from __future__ import annotations

from typing import Any

from station.cloud.backend import DeviceCloud, ProductIntent, ProductRefused, ProductResult
from station.cloud.errors import CloudError


def settle(backend: DeviceCloud, intent: ProductIntent, summary: dict[str, Any] | None = None,
           attempts: int = 40) -> tuple[ProductResult, int]:
    """Run the intent until the cloud confirms it (held + retried as the flow does); (result, tries)."""
    last: Exception | None = None
    for tried in range(1, attempts + 1):
        try:
            return backend.make_product(intent, summary or {}), tried
        except ProductRefused:
            raise
        except CloudError as exc:  # held: the flow retries the same intent
            last = exc
            confirmed = _confirm(backend, intent)
            if confirmed is not None:
                return confirmed, tried
    raise AssertionError(f"not settled after {attempts} tries: {last}")


def _confirm(backend: DeviceCloud, intent: ProductIntent) -> ProductResult | None:
    try:
        return backend.confirm(intent)
    except CloudError:
        return None
