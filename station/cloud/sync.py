"""Zone and target sync: which cloud groups this station works for, kept fresh and never guessed.

The station blesses into whatever its fixture group's ``production_target`` is *in the cloud*. If an
engineer retargets the fixture, or the fixture goes live (moves to a Production Zone fixture group),
the station must notice, tell the operator, and refuse to bless until somebody acknowledges it. It
also refuses while the targets are unknown or older than the configured age.

State is cached through a tiny :class:`StateCache` protocol so the station store can hold it; an
in-memory and a JSON-file implementation ship here.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Protocol

from station.cloud import models as m
from station.cloud.client import CloudClient
from station.cloud.errors import CloudError
from station.cloud.periodic import PeriodicSync
from station.errors import InputError, StationError

CACHE_KEY = "cloud.targets"
# Changes to these fields change where DUTs go: blessing stops until a person acknowledges them.
ACK_FIELDS = frozenset(
    {"zone", "fixture_group_id", "fixture_group_type", "dut_target_id", "production_target_id", "product_id"}
)


class StateCache(Protocol):
    """Where the last known targets survive a restart (the station store implements this too)."""

    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, value: dict[str, Any]) -> None: ...


class MemoryStateCache:
    def __init__(self) -> None:
        self._data: dict[str, dict[str, Any]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        value = self._data.get(key)
        return json.loads(json.dumps(value)) if value is not None else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._data[key] = json.loads(json.dumps(value))


class JsonFileStateCache:
    """One JSON object per file, written atomically (temp file + rename) so a crash never leaves half."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def _read(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"cloud state cache is not valid JSON: {exc.msg}", path=str(self.path), line=exc.lineno
            ) from exc
        if not isinstance(data, dict):
            raise InputError("cloud state cache must hold a JSON object", path=str(self.path))
        return data

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            value = self._read().get(key)
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        with self._lock:
            data = self._read()
            data[key] = value
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".cloud-state-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(data, fh, indent=2, sort_keys=True)
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise


@dataclass(frozen=True)
class TargetState:
    """Everything the station needs to bless correctly, as last read from the cloud."""

    zone: str
    product_id: str | None
    fixture_group_id: str
    fixture_group_name: str
    fixture_group_type: str
    fixture_deployment_sha: str | None
    dut_target_id: str
    dut_target_name: str
    dut_deployment_sha: str | None
    production_target_id: str
    production_target_name: str
    production_deployment_sha: str | None
    synced_at: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TargetState:
        names = {f.name for f in fields(cls)}
        missing = names - set(data)
        if missing:
            raise ValueError(f"cached target state lacks {', '.join(sorted(missing))}")
        return cls(**{k: data[k] for k in names})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class TargetChange:
    """Emitted when the cloud's answer differs from what the station last knew."""

    kind: str  # "gone_live" | "retargeted" | "fixture_group_changed" | "deployment_changed" | "renamed"
    previous: TargetState | None
    current: TargetState
    changes: tuple[FieldChange, ...]
    requires_ack: bool

    def describe(self) -> str:
        """The change in words a person checks against impCentral: groups by name, code by short SHA.

        An ID that changed is shown as the old and new group *names* (with the new ID, which an
        engineer may need); a name change that only follows an ID change is not repeated.
        """
        by_field = {c.field: c for c in self.changes}
        parts: list[str] = []
        for c in self.changes:
            if c.field.endswith("_name") and f"{c.field[:-5]}_id" in by_field:
                continue  # told with its ID below
            if c.field.endswith("_id") and c.field[:-3] in _GROUP_WORDS:
                role = c.field[:-3]
                before = getattr(self.previous, f"{role}_name", None) if self.previous else None
                after = getattr(self.current, f"{role}_name", None)
                parts.append(f"{_GROUP_WORDS[role]}: {before or c.old!r} → {after or c.new!r} [{c.new}]")
            elif c.field.endswith("_sha"):
                parts.append(f"{c.field}: {_short(c.old)} → {_short(c.new)}")
            else:
                parts.append(f"{c.field}: {c.old!r} → {c.new!r}")
        return f"{self.kind}: " + "; ".join(parts)


_GROUP_WORDS = {"fixture_group": "fixture group", "dut_target": "DUTs land in (dut_target)",
                "production_target": "blessed units go to (production_target)"}


def _short(sha: Any) -> str:
    return str(sha)[:12] if sha else "(none)"


def _diff(old: TargetState, new: TargetState) -> tuple[FieldChange, ...]:
    out = []
    for f in fields(TargetState):
        if f.name == "synced_at":
            continue
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a != b:
            out.append(FieldChange(f.name, a, b))
    return tuple(out)


def _kind(changes: tuple[FieldChange, ...]) -> str:
    names = {c.field for c in changes}
    if "zone" in names:
        return "gone_live"
    if names & {"dut_target_id", "production_target_id"}:
        return "retargeted"
    if names & {"fixture_group_id", "fixture_group_type", "product_id"}:
        return "fixture_group_changed"
    if any(n.endswith("_sha") for n in names):
        return "deployment_changed"
    return "renamed"


class TargetSync(PeriodicSync):
    """Keeps :attr:`state` in step with the cloud and decides whether blessing is allowed.

    Give it the fixture group ID, or the fixture *device* ID (then its current group is followed, so
    moving the fixture to a Production Zone group is seen as going live).
    """

    def __init__(
        self,
        client: CloudClient,
        *,
        fixture_group_id: str | None = None,
        fixture_device_id: str | None = None,
        cache: StateCache | None = None,
        max_age_s: float = 600.0,
        on_change: Callable[[TargetChange], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if bool(fixture_group_id) == bool(fixture_device_id):
            raise StationError("target sync needs exactly one of fixture_group_id or fixture_device_id")
        self.client = client
        self.fixture_group_id = fixture_group_id
        self.fixture_device_id = fixture_device_id
        self.cache = cache or MemoryStateCache()
        self.max_age_s = max_age_s
        super().__init__(on_change)
        self._clock = clock
        self._lock = threading.RLock()
        self.state: TargetState | None = None
        self.pending: TargetChange | None = None
        self.last_error: str | None = None
        self._load()

    # ------------------------------------------------------------------ cache
    def _load(self) -> None:
        try:
            cached = self.cache.get(CACHE_KEY)
            if cached and cached.get("state"):
                self.state = TargetState.from_dict(cached["state"])
                if cached.get("pending"):
                    p = cached["pending"]
                    self.pending = TargetChange(
                        p["kind"],
                        TargetState.from_dict(p["previous"]) if p.get("previous") else None,
                        TargetState.from_dict(p["current"]),
                        tuple(FieldChange(**c) for c in p["changes"]),
                        True,
                    )
        except (StationError, ValueError, KeyError, TypeError) as exc:
            self.state, self.pending = None, None
            self.last_error = f"cached targets unusable ({exc}); waiting for a sync"

    def _save(self) -> None:
        pending = None
        if self.pending is not None:
            pending = {
                "kind": self.pending.kind,
                "current": self.pending.current.to_dict(),
                "previous": self.pending.previous.to_dict() if self.pending.previous else None,
                "changes": [asdict(c) for c in self.pending.changes],
            }
        self.cache.put(CACHE_KEY, {"state": self.state.to_dict() if self.state else None, "pending": pending})

    # ------------------------------------------------------------------ sync
    def fetch(self) -> TargetState:
        """Read the fixture group, its targets and their current deployments from the cloud."""
        group_id = self.fixture_group_id
        if group_id is None:
            device = self.client.device(str(self.fixture_device_id))
            if device.group_id is None:
                raise StationError(f"fixture device {device.id} is not assigned to any device group")
            group_id = device.group_id
        fixture = self.client.device_group(group_id)
        if fixture.type not in m.FIXTURE_TYPES:
            raise StationError(
                f"device group {fixture.name!r} ({fixture.id}) is a {fixture.type}, not a fixture "
                "group; the station cannot bless for it"
            )
        if fixture.dut_target is None or fixture.production_target is None:
            raise StationError(
                f"fixture group {fixture.name!r} has no dut_target/production_target in the cloud"
            )
        dut = self.client.device_group(fixture.dut_target.id)
        prod = self.client.device_group(fixture.production_target.id)
        return TargetState(
            zone=fixture.zone.value,
            product_id=fixture.product_id,
            fixture_group_id=fixture.id,
            fixture_group_name=fixture.name,
            fixture_group_type=fixture.type,
            fixture_deployment_sha=self._sha(fixture),
            dut_target_id=dut.id,
            dut_target_name=dut.name,
            dut_deployment_sha=self._sha(dut),
            production_target_id=prod.id,
            production_target_name=prod.name,
            production_deployment_sha=self._sha(prod),
            synced_at=self._clock(),
        )

    def _sha(self, group: m.DeviceGroup) -> str | None:
        if group.current_deployment is None:
            return None
        return self.client.deployment(group.current_deployment.id).sha

    def refresh(self) -> TargetState:
        """Sync now. On a cloud fault the old state stays (and ages); the error is raised and kept."""
        try:
            new = self.fetch()
        except (CloudError, StationError) as exc:
            with self._lock:
                self.last_error = str(exc)
            raise
        event = None
        with self._lock:
            old = self.state
            self.last_error = None
            if old is not None:
                changes = _diff(old, new)
                if changes:
                    requires_ack = any(c.field in ACK_FIELDS for c in changes)
                    base = self.pending.previous if (self.pending and requires_ack) else old
                    event = TargetChange(_kind(changes), base, new, changes, requires_ack)
                    if requires_ack:
                        self.pending = event
            self.state = new
            self._save()
        self._synced(event, new)
        return new

    def acknowledge(self) -> None:
        """The operator saw the change; blessing may go on with the new targets."""
        with self._lock:
            self.pending = None
            self._save()

    def can_bless(self) -> tuple[bool, str]:
        with self._lock:
            if self.state is None:
                why = f" ({self.last_error})" if self.last_error else ""
                return False, f"cloud targets unknown: not synced yet{why}"
            age = self._clock() - self.state.synced_at
            if age > self.max_age_s:
                why = f"; last error: {self.last_error}" if self.last_error else ""
                return (
                    False,
                    f"cloud targets are stale: last synced {age:.0f} s ago "
                    f"(limit {self.max_age_s:.0f} s){why}",
                )
            if self.pending is not None:
                return False, f"cloud targets changed and are not acknowledged: {self.pending.describe()}"
            return True, ""
