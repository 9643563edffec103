"""Who is who at the station: a badge scan's role, the same rule for the window and the CLI.

A badge is an engineer's when it is listed in ``$STATION_ENGINEER_BADGES`` (comma-separated) or
starts with the engineer prefix (``ENG-``); every other badge is an operator's. The rule lives here
(no Qt) so the engineer actions (:mod:`station.flow.engineer`) check the same role whichever door
they come through.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

ENGINEERS_ENV = "STATION_ENGINEER_BADGES"
OPERATOR, ENGINEER = "operator", "engineer"


@dataclass(frozen=True)
class BadgePolicy:
    """How a badge scan is told from a serial, and who is an engineer.

    A scan is a badge when it starts with one of ``prefixes`` (or when nobody is signed in and it
    is not a unit's serial — the window asks the station). The role is ``engineer`` for a badge in
    ``engineers`` or starting with ``engineer_prefix``.
    """

    prefixes: tuple[str, ...] = ("BADGE-", "ENG-")
    engineer_prefix: str = "ENG-"
    engineers: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> BadgePolicy:
        """Engineers named in ``$STATION_ENGINEER_BADGES``, plus the ``ENG-`` prefix."""
        raw = (environ if environ is not None else os.environ).get(ENGINEERS_ENV, "")
        return cls(engineers=frozenset(b.strip() for b in raw.split(",") if b.strip()))

    def is_badge(self, raw: str) -> bool:
        return any(raw.upper().startswith(p.upper()) for p in self.prefixes if p)

    def role_of(self, badge: str) -> str:
        if badge in self.engineers or (self.engineer_prefix and badge.upper().startswith(self.engineer_prefix.upper())):
            return ENGINEER
        return OPERATOR


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks for an action: the badge (kept in the audit trail) and its role."""

    badge: str
    role: str = OPERATOR

    @property
    def is_engineer(self) -> bool:
        return self.role == ENGINEER
