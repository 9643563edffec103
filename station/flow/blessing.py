"""Asking the cloud to bless a unit: one loop, used by the live pipeline and by crash recovery.

The intent — the exact request and its idempotency key — is committed before the first call
(:class:`~station.events.BlessIntended` is a store barrier), so whatever instant the station dies
at, the next start replays the same request and the cloud answers with its first result. The
answer is committed (:class:`~station.events.Blessed`, also a barrier) before the caller may queue
the label. While the cloud is down, rate-limits, or the targets changed and wait for an
acknowledgement, the unit is held and retried with backoff, bounded by ``hold_limit_s``.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from station.cloud.client import CloudClient
from station.cloud.errors import BlessRefused, CloudError, CloudHTTPError
from station.cloud.sync import TargetSync
from station.errors import StationError
from station.events import Blessed, BlessIntended, Event
from station.records import BlessIntent, BlessResult
from station.runner.runner import AbortSignal, Verdict
from station.testkit.checks import Outcome


class BlessNotDone(Exception):  # noqa: N818 - carries the verdict of a bless that cannot happen
    """The unit cannot be blessed (refused, aborted, held too long); ``verdict`` says how the run ends."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.failure_reason)
        self.verdict = verdict


@dataclass(frozen=True, slots=True)
class BlessPolicy:
    retry_first_s: float = 1.0
    retry_max_s: float = 30.0
    hold_limit_s: float = 1800.0


def abort_wait(abort: AbortSignal, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not abort.is_set() and time.monotonic() < deadline:
        time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))


def record_intent(run_id: str, intent: BlessIntent, publish: Callable[[Event], bool]) -> None:
    """Commit the intent before any call; a run whose intent cannot be stored must not bless."""
    if not publish(BlessIntended(run_id, intent=intent)):
        raise BlessNotDone(Verdict(Outcome.ERROR, "station:record", "the bless intent could not be recorded"))


def bless(
    *,
    run_id: str,
    intent: BlessIntent,
    cloud: CloudClient,
    sync: TargetSync,
    policy: BlessPolicy,
    publish: Callable[[Event], bool],
    abort: AbortSignal,
    acknowledged: threading.Event,
    on_hold: Callable[[str], None],
    replayed: bool = False,
) -> BlessResult:
    """Bless the intent's device (the intent is already committed); the result is committed on return."""
    delay = policy.retry_first_s
    held_since: float | None = None
    while True:
        if abort.is_set():
            raise BlessNotDone(Verdict(Outcome.ABORTED, "aborted", abort.reason))
        with contextlib.suppress(StationError):  # never bless into targets changed since the last sync
            sync.refresh()
        allowed, why = sync.can_bless()
        if allowed:
            try:
                blessing = cloud.bless(intent.device_id, intent.fixture_group_id, passed=True,
                                       test_record=dict(intent.test_record), idempotency_key=intent.idempotency_key)
            except BlessRefused as exc:
                raise BlessNotDone(Verdict(Outcome.ERROR, f"bless:{exc.code or exc.status}", str(exc))) from exc
            except CloudHTTPError as exc:
                if exc.status < 500 and exc.status not in (401, 429):
                    raise BlessNotDone(Verdict(Outcome.ERROR, f"bless:{exc.code or exc.status}", str(exc))) from exc
                why = f"cloud error, retrying: {exc}"
            except CloudError as exc:
                why = f"cloud unreachable, retrying: {exc}"
            else:
                result = BlessResult(device_id=intent.device_id, production_group_id=blessing.production_group_id or "",
                                     zone=blessing.zone, blessing_id=blessing.id, replayed=replayed)
                if not publish(Blessed(run_id, device_id=result.device_id, production_target=result.production_group_id,
                                       zone=result.zone, replayed=replayed)):
                    raise BlessNotDone(Verdict(Outcome.ERROR, "station:record",
                                               "blessed, but the result could not be recorded: the label is held "
                                               "back; the next start settles the run from its intent"))
                return result
        now = time.monotonic()
        held_since = held_since or now
        if now - held_since > policy.hold_limit_s:
            raise BlessNotDone(Verdict(Outcome.ERROR, "bless:held-too-long",
                                       f"held {policy.hold_limit_s:g} s without blessing: {why}"))
        on_hold(why)
        if "not acknowledged" in why:
            acknowledged.wait(timeout=delay)
        else:
            abort_wait(abort, delay)
        delay = min(delay * 2, policy.retry_max_s)


def audit_blessing(audit: object | None, actor: str, run_id: str, serial: str, result: BlessResult) -> None:
    """The audit trail's ``bless`` event for a run (the pipeline and crash recovery write the same one)."""
    if audit is None:
        return
    audit.record(actor, "bless", result.device_id, "passed every limit",  # type: ignore[attr-defined]
                 {"run_id": run_id, "serial": serial, "zone": result.zone,
                  "production_group": result.production_group_id, "replayed": result.replayed})
