"""What the QA window shows besides numbers: times (local, UTC on hover), periods, drill-downs.

Kept apart from the window so the rules are one place each: a time on screen is local (the
plant's clock, what a QA engineer compares with a shift log) and its UTC form is the tooltip
(what the records, the CLI's ``--json`` and other sites use).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP

from station.store.queries import Span

PERIOD_CHOICES: tuple[tuple[str, str], ...] = (
    ("shift", QT_TRANSLATE_NOOP("QAWindow", "This shift")),
    ("24h", QT_TRANSLATE_NOOP("QAWindow", "Last 24 h")),
    ("7d", QT_TRANSLATE_NOOP("QAWindow", "Last 7 days")),
    ("30d", QT_TRANSLATE_NOOP("QAWindow", "Last 30 days")),
    ("90d", QT_TRANSLATE_NOOP("QAWindow", "Last 90 days")),
    ("all", QT_TRANSLATE_NOOP("QAWindow", "All time")),
    ("custom", QT_TRANSLATE_NOOP("QAWindow", "From … to …")),
)
DEFAULT_PERIOD = "90d"
"""The same default as ``station qa yield/pareto/summary`` (``--since 90d``): both agree unasked."""


def local_text(ts: float | None, seconds: bool = True) -> str:
    """``2026-11-30 14:05:09`` in this machine's (the plant's) time zone; empty for None."""
    if ts is None:
        return ""
    moment = dt.datetime.fromtimestamp(ts).astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def utc_text(ts: float | None) -> str:
    """``2026-11-30 13:05:09.123 UTC`` (the tooltip of every local time)."""
    if ts is None:
        return ""
    moment = dt.datetime.fromtimestamp(ts, tz=dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d} UTC"


def zone_name() -> str:
    """The local zone's abbreviation and offset, e.g. ``CET, UTC+01:00``."""
    moment = dt.datetime.now().astimezone()
    offset = moment.strftime("%z")
    return f"{moment.tzname()}, UTC{offset[:3]}:{offset[3:]}"


def local_day_span(day: str) -> Span:
    """The local calendar day ``YYYY-MM-DD`` as [midnight, next midnight) (a yield bar's runs)."""
    start = dt.datetime.fromisoformat(day).astimezone()
    end = (start + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0)
    return Span(start.timestamp(), end.astimezone().timestamp())


@dataclass(frozen=True, slots=True)
class Drill:
    """A narrowing of the runs table that came from a click elsewhere (a chart bar, a trace row).

    ``span`` replaces the window's period for the runs table (a day, or all time for one unit);
    ``script_name`` narrows to one script (a yield-per-script bar). The runs tab names it and
    offers to clear it.
    """

    label: str
    span: Span | None = None
    script_name: str | None = None
