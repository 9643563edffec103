"""Webhook delivery: a background worker that POSTs queued events, retrying with backoff.

Deliveries are rows in the emulator's database, queued in the same transaction as the blessing that
caused them, so a blessing and its webhook are never separated; every attempt is logged for the
delivery log endpoint.
"""

from __future__ import annotations

import json
import threading
import time
from urllib.parse import urlencode

import requests

from station.cloud.emulator.service import CloudService, now_iso


class WebhookWorker:
    """Delivers pending webhook events until stopped."""

    def __init__(self, service: CloudService) -> None:
        self.service = service
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="emulator-webhooks", daemon=True)
        self._session = requests.Session()

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self.service.webhook_wakeup.set()
        self._thread.join(timeout)
        self._session.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.service.webhook_wakeup.wait(timeout=0.1)
            self.service.webhook_wakeup.clear()
            while not self._stop.is_set() and self.deliver_due() > 0:
                pass

    def deliver_due(self, limit: int = 50) -> int:
        """Attempt every delivery that is due; returns how many were attempted."""
        db = self.service.db
        rows = db.all(
            "SELECT d.*, w.url, w.content_type FROM deliveries d JOIN webhooks w ON w.id=d.webhook_id "
            "WHERE d.status='pending' AND d.next_attempt_at<=? ORDER BY d.next_attempt_at LIMIT ?",
            (time.time(), limit),
        )
        cfg = self.service.config
        for row in rows:
            payload = json.loads(row["payload"])
            if row["content_type"] == "application/json":
                data, ctype = json.dumps(payload), "application/json"
            else:
                data, ctype = urlencode(payload), "application/x-www-form-urlencoded"
            code: int | None = None
            error: str | None = None
            try:
                resp = self._session.post(
                    row["url"], data=data, headers={"Content-Type": ctype}, timeout=cfg.webhook_timeout_s
                )
                code = resp.status_code
                if not 200 <= code < 300:
                    error = f"HTTP {code}"
            except requests.RequestException as exc:
                error = f"{type(exc).__name__}: {exc}"[:300]
            attempts = row["attempts"] + 1
            with db.tx() as c:
                c.execute(
                    "INSERT INTO delivery_attempts(delivery_id,at,status_code,error) VALUES (?,?,?,?)",
                    (row["id"], now_iso(), code, error),
                )
                if error is None:
                    c.execute(
                        "UPDATE deliveries SET status='delivered', attempts=?, delivered_at=?, "
                        "last_error=NULL WHERE id=?",
                        (attempts, now_iso(), row["id"]),
                    )
                else:
                    failed = attempts >= cfg.webhook_max_attempts
                    delay = min(cfg.webhook_backoff_max_s, cfg.webhook_backoff_s * 2 ** (attempts - 1))
                    c.execute(
                        "UPDATE deliveries SET status=?, attempts=?, next_attempt_at=?, last_error=? "
                        "WHERE id=?",
                        ("failed" if failed else "pending", attempts, time.time() + delay, error, row["id"]),
                    )
        return len(rows)
