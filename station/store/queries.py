"""QA's questions as queries that stay fast over millions of runs, on SQLite and PostgreSQL.

Each query is shaped for an index (see models and migration 0002): find-by-identity is three
index probes; the run table pages through ``(started_at)``; yield reads one row per unit from
the trigger-kept ``qa_units``; the failure Pareto reads the covering index
``(outcome, started_at, failure_code)``; a measurement's histogram reads the covering index
``(step_name, name, value_num)`` twice (moments, then bins) and never the table.

Station errors are not the DUT's fault (DESIGN §4): a unit whose first run ended in ERROR or
ABORTED is left out of the first-pass yield's denominator and counted on its own; final yield
judges a unit by its last PASS or FAIL run, so an interrupted retest (ABORTED, or RUNNING left by a
dead station) never turns a unit into a failure.

The CLI (``station qa``) and the QA window ask the same functions here for the same
:class:`Span` (made by :func:`period_span` from "shift", "24h", "7d"… counted back from now), so
they show the same numbers for the same database and window.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, text

from station.errors import InputError

DAY = 86400

SORTABLE = {
    "started_at": "started_at", "serial": "serial", "station": "station", "outcome": "outcome",
    "failure_code": "failure_code", "script_version": "script_version", "device_id": "device_id",
    "duration": "(finished_at - started_at)", "zone": "zone", "operator": "operator",
}
RUN_COLUMNS = (
    "id", "started_at", "finished_at", "serial", "device_id", "mac", "station", "slot", "operator", "outcome",
    "failure_code", "failure_reason", "script_name", "script_version", "zone",
)
_MAC_PLAIN = re.compile(r"^[0-9a-fA-F]{12}$")
OUTCOMES = ("PASS", "FAIL", "ERROR", "ABORTED", "RUNNING")
SHIFT_STARTS_H = (6, 14, 22)
"""Local hours at which the plant's three 8-hour shifts start ("this shift" counts back to the last one)."""
PERIODS = ("shift", "24h", "7d", "30d", "90d")
"""The named periods QA picks from, in the window and on the command line (``--since 7d``)."""


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open time window [since, until) in epoch seconds; None is open-ended."""

    since: float | None = None
    until: float | None = None


def shift_start(now: float, starts_h: tuple[int, ...] = SHIFT_STARTS_H) -> float:
    """The start of the shift ``now`` falls in (local time), e.g. 14:00 today or 22:00 yesterday."""
    local = _dt.datetime.fromtimestamp(now).astimezone()
    candidates = []
    for days_back in (0, 1):
        day = local.date() - _dt.timedelta(days=days_back)
        for hour in starts_h:
            moment = _dt.datetime.combine(day, _dt.time(hour), tzinfo=local.tzinfo)
            if moment <= local:
                candidates.append(moment)
    return max(candidates).timestamp()


def local_utc_offset(at: float | None = None) -> int:
    """This machine's UTC offset in seconds at ``at`` (the plant's time zone): yield days are local days."""
    moment = _dt.datetime.fromtimestamp(time.time() if at is None else at).astimezone()
    offset = moment.utcoffset()
    return int(offset.total_seconds()) if offset else 0


def period_span(period: str, now: float | None = None) -> Span:
    """A named period counted back from ``now``: ``shift`` (since this shift began), ``24h``, ``7d``…

    Open-ended at the top (``until`` None): a run started a second ago is in it, whoever asks.
    """
    now = time.time() if now is None else now
    if period == "shift":
        return Span(shift_start(now), None)
    match = re.fullmatch(r"(\d+)([hd])", period)
    if match is None:
        raise InputError(f"unknown period {period!r}; choose one of {', '.join(PERIODS)} (or a date)")
    seconds = int(match.group(1)) * (3600 if match.group(2) == "h" else DAY)
    return Span(now - seconds, None)


@dataclass(frozen=True, slots=True)
class RunQuery:
    """A filter over runs, with sorting and paging for the QA table. Every field is optional."""

    text: str | None = None  # a serial, device ID or MAC
    since: float | None = None
    until: float | None = None
    station: str | None = None
    outcome: str | None = None  # PASS FAIL ERROR ABORTED RUNNING
    failure_code: str | None = None
    script_name: str | None = None
    script_version: str | None = None
    zone: str | None = None
    sort: str = "started_at"
    descending: bool = True
    offset: int = 0
    limit: int | None = 100


@dataclass(frozen=True, slots=True)
class RunRow:
    id: str
    started_at: float
    finished_at: float | None
    serial: str
    device_id: str | None
    mac: str | None
    station: str
    slot: int
    operator: str
    outcome: str | None
    failure_code: str | None
    failure_reason: str | None
    script_name: str
    script_version: str
    zone: str | None

    @property
    def run_id(self) -> str:
        return self.id

    @property
    def duration_s(self) -> float | None:
        return None if self.finished_at is None else self.finished_at - self.started_at


@dataclass(frozen=True, slots=True)
class YieldRow:
    """Yield of one group (a day, a station or a script version) over the units first tested in it.

    First-pass: of the units whose first run had a verdict (PASS or FAIL), those that passed it.
    Final: of the units with any verdict, those whose last verdict was PASS. Runs that ended in
    ERROR or ABORTED (station faults, interrupted runs) judge nobody.
    """

    key: str
    units: int
    first_pass: int
    final_pass: int
    station_errors: int  # units whose first run was a station ERROR/ABORTED (not the DUT's fault)
    no_verdict: int = 0  # units with no PASS or FAIL run at all (only errors or interrupted runs)

    @property
    def first_pass_yield(self) -> float | None:
        judged = self.units - self.station_errors
        return self.first_pass / judged if judged else None

    @property
    def final_yield(self) -> float | None:
        judged = self.units - self.no_verdict
        return self.final_pass / judged if judged else None


def yield_total(rows: list[YieldRow], key: str = "total") -> YieldRow:
    """The rows summed: each unit is in exactly one group, so the sum is the whole window's yield."""
    return YieldRow(key, sum(r.units for r in rows), sum(r.first_pass for r in rows),
                    sum(r.final_pass for r in rows), sum(r.station_errors for r in rows),
                    sum(r.no_verdict for r in rows))


@dataclass(frozen=True, slots=True)
class OutcomeCounts:
    """Runs started in a window by outcome (RUNNING: not finished), and the units first tested in it."""

    runs: dict[str, int]
    units: int

    @property
    def total(self) -> int:
        return sum(self.runs.values())


@dataclass(frozen=True, slots=True)
class ParetoRow:
    failure_code: str
    count: int
    share: float
    cumulative: float


@dataclass(frozen=True, slots=True)
class Summary:
    """One window's counts, yield (per group, and in total) and failure Pareto."""

    span: Span
    counts: OutcomeCounts
    yields: list[YieldRow]
    pareto: list[ParetoRow]
    group: str = "day"

    @property
    def total(self) -> YieldRow:
        return yield_total(self.yields)

    @property
    def failures(self) -> int:
        """FAIL runs in the window (every code, not only the Pareto's top)."""
        return self.counts.runs.get("FAIL", 0)


@dataclass(frozen=True, slots=True)
class Histogram:
    step: str
    name: str
    unit: str
    n: int
    mean: float | None
    std: float | None
    minimum: float | None
    maximum: float | None
    low: float | None
    high: float | None
    edges: list[float] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)

    @property
    def cpk(self) -> float | None:
        """Process capability against the limits; one-sided when only one limit exists."""
        if self.mean is None or not self.std or (self.low is None and self.high is None):
            return None
        sides = []
        if self.high is not None:
            sides.append((self.high - self.mean) / (3 * self.std))
        if self.low is not None:
            sides.append((self.mean - self.low) / (3 * self.std))
        return min(sides)

    @property
    def capability(self) -> str | None:
        """``capable`` (Cpk ≥ 1.33), ``marginal`` (1.0–1.33) or ``incapable`` (< 1.0); None without a Cpk."""
        cpk = self.cpk
        if cpk is None:
            return None
        return "capable" if cpk >= CPK_CAPABLE else "marginal" if cpk >= 1.0 else "incapable"


CPK_CAPABLE = 1.33
"""The usual process-capability bar: below it the process makes out-of-limit units too often to trust."""


@dataclass(slots=True)
class Trace:
    """Everything about one unit: every run, its audit events (bless, reassign, reprint...)."""

    query: str
    runs: list[RunRow]
    audit: list[dict[str, Any]]
    label_jobs: list[dict[str, Any]]
    cloud_calls: list[dict[str, Any]]


def normalise_identity(value: str) -> str:
    """``0C2A69000001`` → ``0c:2a:69:00:00:01`` (MACs are stored colon-separated lower case)."""
    value = value.strip()
    if _MAC_PLAIN.match(value):
        return ":".join(value[i : i + 2] for i in range(0, 12, 2)).lower()
    if len(value) == 17 and value.count(":") + value.count("-") == 5:
        return value.replace("-", ":").lower()
    return value


class QA:
    """Read-only QA queries over a station or central database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._pg = engine.dialect.name == "postgresql"

    # -- helpers ----------------------------------------------------------------------------------
    def _floor_int(self, expr: str) -> str:
        return f"CAST(FLOOR({expr}) AS INTEGER)" if self._pg else f"CAST(({expr}) AS INTEGER)"

    def _where(self, q: RunQuery) -> tuple[str, dict[str, Any]]:
        conds: list[str] = []
        params: dict[str, Any] = {}
        if q.text:
            ident = normalise_identity(q.text)
            conds.append("(serial = :ident OR device_id = :ident OR mac = :ident)")
            params["ident"] = ident
        for name in ("station", "failure_code", "script_name", "script_version", "zone"):
            value = getattr(q, name)
            if value:
                conds.append(f"{name} = :{name}")
                params[name] = value
        if q.outcome:
            if q.outcome.upper() == "RUNNING":
                conds.append("outcome IS NULL")
            else:
                conds.append("outcome = :outcome")
                params["outcome"] = q.outcome.upper()
        if q.since is not None:
            conds.append("started_at >= :since")
            params["since"] = q.since
        if q.until is not None:
            conds.append("started_at < :until")
            params["until"] = q.until
        return (" WHERE " + " AND ".join(conds)) if conds else "", params

    # -- runs ------------------------------------------------------------------------------------
    def runs(self, q: RunQuery = RunQuery()) -> list[RunRow]:
        """One page of runs matching ``q``, sorted by a column QA clicked (ties by start time)."""
        if q.sort not in SORTABLE:
            raise InputError(f"cannot sort by {q.sort!r}; choose one of {', '.join(sorted(SORTABLE))}")
        if q.offset < 0 or (q.limit is not None and q.limit <= 0):
            raise InputError("offset must be ≥ 0 and limit positive")
        where, params = self._where(q)
        direction = "DESC" if q.descending else "ASC"
        order = f"{SORTABLE[q.sort]} {direction}"
        if q.sort != "started_at":
            order += f", started_at {direction}"
        sql = f"SELECT {', '.join(RUN_COLUMNS)} FROM runs{where} ORDER BY {order}"
        if q.limit is not None:
            sql += " LIMIT :limit OFFSET :offset"
            params.update(limit=q.limit, offset=q.offset)
        with self.engine.connect() as conn:
            return [RunRow(*row) for row in conn.execute(text(sql), params)]

    def count(self, q: RunQuery = RunQuery()) -> int:
        where, params = self._where(q)
        with self.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT COUNT(*) FROM runs{where}"), params).scalar() or 0)

    def find(self, identity: str, limit: int = 1000) -> list[RunRow]:
        """Every run of a unit by serial, device ID or MAC, newest first (three index probes)."""
        ident = normalise_identity(identity)
        cols = ", ".join(RUN_COLUMNS)
        sql = (
            f"SELECT {cols} FROM runs WHERE serial = :i UNION SELECT {cols} FROM runs WHERE device_id = :i "
            f"UNION SELECT {cols} FROM runs WHERE mac = :i ORDER BY started_at DESC LIMIT :limit"
        )
        with self.engine.connect() as conn:
            return [RunRow(*row) for row in conn.execute(text(sql), {"i": ident, "limit": limit})]

    def last_failures(self, since: float, until: float, limit: int = 100) -> list[RunRow]:
        """The newest FAILs in a window (a day, a shift), newest first."""
        return self.runs(RunQuery(outcome="FAIL", since=since, until=until, limit=limit))

    # -- yield -------------------------------------------------------------------------------------
    def yield_by(
        self,
        group: str = "day",
        *,
        since: float | None = None,
        until: float | None = None,
        station: str | None = None,
        utc_offset_s: int = 0,
    ) -> list[YieldRow]:
        """First-pass and final yield of the units first tested in [since, until), per day/station/script.

        Days are calendar days at ``utc_offset_s`` from UTC (the plant's time zone) and are keyed
        ``YYYY-MM-DD``.
        """
        keys = {
            "day": self._floor_int("(first_started_at + :tz) / 86400"),
            "station": "first_station",
            "script": "first_script",
        }
        if group not in keys:
            raise InputError(f"yield groups by day, station or script, not {group!r}")
        conds, params = [], {"tz": utc_offset_s}
        if since is not None:
            conds.append("first_started_at >= :since")
            params["since"] = since
        if until is not None:
            conds.append("first_started_at < :until")
            params["until"] = until
        if station:
            conds.append("first_station = :station")
            params["station"] = station
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        # A unit's final verdict is its last PASS/FAIL run. qa_units keeps the last finished run,
        # which is that verdict for almost every unit: the main count reads only the covering
        # index. The few units whose last run ended ERROR/ABORTED are looked up apart (one probe
        # of ix_runs_serial_started each) for their newest verdict, if any.
        sql = (
            f"SELECT {keys[group]} AS k, COUNT(*), "
            "SUM(CASE WHEN first_outcome = 'PASS' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN last_outcome = 'PASS' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN first_outcome IN ('ERROR', 'ABORTED') THEN 1 ELSE 0 END) "
            f"FROM qa_units{where} GROUP BY k ORDER BY k"
        )
        unsettled = (
            f"SELECT {keys[group]} AS k, (SELECT r.outcome FROM runs r WHERE r.serial = qa_units.serial "
            "AND r.outcome IN ('PASS', 'FAIL') ORDER BY r.started_at DESC, r.id DESC LIMIT 1) "
            f"FROM qa_units{where}{' AND' if where else ' WHERE'} last_outcome NOT IN ('PASS', 'FAIL')"
        )
        if group != "day":
            params.pop("tz")
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), params).all()
            late: dict[Any, list[int]] = {}
            for k, verdict in conn.execute(text(unsettled), params):
                counts = late.setdefault(k, [0, 0])
                counts[0] += verdict == "PASS"
                counts[1] += verdict is None
        out = []
        for k, units, first_pass, final_pass, errors in rows:
            passed_late, no_verdict = late.get(k, (0, 0))
            key = _day_name(int(k)) if group == "day" else str(k)
            out.append(YieldRow(key, int(units), int(first_pass or 0), int(final_pass or 0) + passed_late,
                                int(errors or 0), no_verdict))
        return out

    def outcome_counts(self, *, since: float | None = None, until: float | None = None) -> OutcomeCounts:
        """Runs started in [since, until) by outcome, and the units first tested there (as yield counts them)."""
        conds, params = [], {}
        if since is not None:
            conds.append("started_at >= :since")
            params["since"] = since
        if until is not None:
            conds.append("started_at < :until")
            params["until"] = until
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        ucond = where.replace("started_at", "first_started_at")
        with self.engine.connect() as conn:
            by = {("RUNNING" if o is None else str(o)): int(n) for o, n in conn.execute(
                text(f"SELECT outcome, COUNT(*) FROM runs{where} GROUP BY outcome"), params)}
            units = int(conn.execute(text(f"SELECT COUNT(*) FROM qa_units{ucond}"), params).scalar() or 0)
        return OutcomeCounts({o: by.get(o, 0) for o in OUTCOMES} | by, units)

    def summary(self, span: Span, *, group: str = "day", pareto_top: int = 20, utc_offset_s: int = 0) -> Summary:
        """Everything the yield and Pareto views show for one window, asked the same way by the CLI and the window."""
        return Summary(
            span=span,
            counts=self.outcome_counts(since=span.since, until=span.until),
            yields=self.yield_by(group, since=span.since, until=span.until, utc_offset_s=utc_offset_s),
            pareto=self.pareto(since=span.since, until=span.until, limit=pareto_top),
            group=group,
        )

    # -- failures --------------------------------------------------------------------------------
    def pareto(
        self,
        *,
        since: float | None = None,
        until: float | None = None,
        outcome: str = "FAIL",
        limit: int = 20,
    ) -> list[ParetoRow]:
        """Failure codes by count, largest first, with share and cumulative share (FAIL or ERROR)."""
        conds, params = ["outcome = :outcome"], {"outcome": outcome.upper()}
        if since is not None:
            conds.append("started_at >= :since")
            params["since"] = since
        if until is not None:
            conds.append("started_at < :until")
            params["until"] = until
        sql = (
            f"SELECT failure_code, COUNT(*) AS n FROM runs WHERE {' AND '.join(conds)} "
            "GROUP BY failure_code ORDER BY n DESC, failure_code"
        )
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), params).all()
        total = sum(int(n) for _c, n in rows)
        out, running = [], 0
        for code, n in rows[:limit]:
            running += int(n)
            out.append(ParetoRow(code or "(none)", int(n), int(n) / total, running / total))
        return out

    def retest_counts(
        self, *, since: float | None = None, until: float | None = None, top: int = 20
    ) -> tuple[dict[int, int], list[tuple[str, int]]]:
        """How many units needed 1, 2, 3... runs, and the serials run most often."""
        conds, params = [], {}
        if since is not None:
            conds.append("first_started_at >= :since")
            params["since"] = since
        if until is not None:
            conds.append("first_started_at < :until")
            params["until"] = until
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        with self.engine.connect() as conn:
            dist = {int(k): int(n) for k, n in conn.execute(
                text(f"SELECT run_count, COUNT(*) FROM qa_units{where} GROUP BY run_count ORDER BY run_count"),
                params)}
            most = [(s, int(n)) for s, n in conn.execute(
                text(f"SELECT serial, run_count FROM qa_units{where}{' AND' if where else ' WHERE'} run_count > 1 "
                     "ORDER BY run_count DESC, serial LIMIT :top"), {**params, "top": top})]
        return dist, most

    # -- measurements ----------------------------------------------------------------------------
    def measurement_names(self) -> list[tuple[str, str]]:
        """The (step, measurement) pairs of the newest runs — what the scripts measure today.

        Read from the last few hundred runs, not all of them: a DISTINCT over every measurement
        ever taken would read tens of millions of index entries to learn twenty names.
        """
        with self.engine.connect() as conn:
            return [(s, n) for s, n in conn.execute(text(
                "SELECT DISTINCT step_name, name FROM measurements WHERE value_num IS NOT NULL AND run_id IN "
                "(SELECT id FROM runs ORDER BY started_at DESC LIMIT 300) ORDER BY step_name, name"))]

    def histogram(
        self,
        step: str,
        name: str,
        *,
        bins: int = 40,
        since: float | None = None,
        until: float | None = None,
    ) -> Histogram:
        """Histogram, mean, standard deviation and Cpk of one numeric measurement (limits: the newest)."""
        if bins < 1 or bins > 1000:
            raise InputError("bins must be between 1 and 1000")
        base = "FROM measurements m"
        params: dict[str, Any] = {"step": step, "name": name}
        conds = ["m.step_name = :step", "m.name = :name", "m.value_num IS NOT NULL"]
        if since is not None or until is not None:
            base += " JOIN runs r ON r.id = m.run_id"
            if since is not None:
                conds.append("r.started_at >= :since")
                params["since"] = since
            if until is not None:
                conds.append("r.started_at < :until")
                params["until"] = until
        where = " WHERE " + " AND ".join(conds)
        with self.engine.connect() as conn:
            head = conn.execute(
                text("SELECT unit, low, high FROM measurements WHERE step_name = :step AND name = :name "
                     "ORDER BY id DESC LIMIT 1"), {"step": step, "name": name}).first()
            if head is None:
                raise InputError(f"no measurement {step}.{name} in this database")
            unit, low, high = head
            if low is not None and high is not None and high > low:
                return self._histogram_one_pass(conn, step, name, unit, low, high, bins, base, where, params)
            n, mean, vmin, vmax = conn.execute(
                text(f"SELECT COUNT(m.value_num), AVG(m.value_num), MIN(m.value_num), MAX(m.value_num){base}{where}"),
                params).one()
            if not n:
                return Histogram(step, name, unit, 0, None, None, None, None, low, high)
            lo = min(x for x in (vmin, low) if x is not None)
            hi = max(x for x in (vmax, high) if x is not None)
            if hi <= lo:
                hi = lo + 1.0
            width = (hi - lo) / bins
            bin_expr = self._floor_int("(m.value_num - :lo) / :width")
            counts = [0] * bins
            ss = 0.0
            for b, c, sq in conn.execute(
                text(f"SELECT {bin_expr} AS b, COUNT(*), SUM((m.value_num - :mean) * (m.value_num - :mean))"
                     f"{base}{where} GROUP BY b"),
                {**params, "lo": lo, "width": width, "mean": mean},
            ):
                counts[min(max(int(b), 0), bins - 1)] += int(c)
                ss += float(sq or 0.0)
        std = math.sqrt(ss / (n - 1)) if n > 1 else None
        edges = [lo + i * width for i in range(bins + 1)]
        return Histogram(step, name, unit, int(n), float(mean), std, vmin, vmax, low, high, edges, counts)

    def _histogram_one_pass(
        self, conn: Any, step: str, name: str, unit: str, low: float, high: float, bins: int, base: str, where: str,
        params: dict[str, Any],
    ) -> Histogram:
        """With both limits known, one read of the index: bins span the limits plus 10 % each side
        (the outermost bins also hold anything beyond), and the moments are summed per bin around
        the band's centre, which keeps the variance exact to double precision."""
        pad = (high - low) * 0.1
        lo, width, centre = low - pad, (high - low + 2 * pad) / bins, (low + high) / 2
        bin_expr = self._floor_int("(m.value_num - :lo) / :width")
        counts = [0] * bins
        n, s1, s2 = 0, 0.0, 0.0
        vmin: float | None = None
        vmax: float | None = None
        for b, c, a1, a2, bmin, bmax in conn.execute(
            text(f"SELECT {bin_expr} AS b, COUNT(*), SUM(m.value_num - :c), "
                 "SUM((m.value_num - :c) * (m.value_num - :c)), "
                 f"MIN(m.value_num), MAX(m.value_num){base}{where} GROUP BY b"),
            {**params, "lo": lo, "width": width, "c": centre},
        ):
            counts[min(max(int(b), 0), bins - 1)] += int(c)
            n += int(c)
            s1 += float(a1)
            s2 += float(a2)
            vmin = bmin if vmin is None else min(vmin, bmin)
            vmax = bmax if vmax is None else max(vmax, bmax)
        if n == 0:
            return Histogram(step, name, unit, 0, None, None, None, None, low, high)
        mean = centre + s1 / n
        std = math.sqrt(max(0.0, (s2 - s1 * s1 / n) / (n - 1))) if n > 1 else None
        edges = [lo + i * width for i in range(bins + 1)]
        return Histogram(step, name, unit, n, mean, std, vmin, vmax, low, high, edges, counts)

    # -- one unit --------------------------------------------------------------------------------
    def trace(self, identity: str) -> Trace:
        """Every run of a unit, its audit events (bless, unbless, reassign, reprint), label jobs, cloud calls."""
        runs = self.find(identity)
        subjects = {normalise_identity(identity)}
        for r in runs:
            subjects.update(x for x in (r.serial, r.device_id, r.mac, r.id) if x)
        run_ids = [r.id for r in runs]
        audit: list[dict[str, Any]] = []
        label_jobs: list[dict[str, Any]] = []
        cloud_calls: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            names = ", ".join(f":s{i}" for i in range(len(subjects)))
            params = {f"s{i}": s for i, s in enumerate(sorted(subjects))}
            for row in conn.execute(
                text("SELECT source, seq, ts, station, actor, action, subject, reason, details_json "
                     f"FROM audit_events WHERE subject IN ({names}) ORDER BY ts, id"), params).mappings():
                audit.append(dict(row))
            if run_ids:
                ids = ", ".join(f":r{i}" for i in range(len(run_ids)))
                rparams = {f"r{i}": r for i, r in enumerate(run_ids)}
                for row in conn.execute(
                    text(f"SELECT run_id, ts, job_id, status, data_json FROM label_jobs WHERE run_id IN ({ids}) "
                         "ORDER BY ts, id"), rparams).mappings():
                    label_jobs.append(dict(row))
                for row in conn.execute(
                    text(f"SELECT run_id, ts, method, path, status, idempotency_key FROM cloud_calls "
                         f"WHERE run_id IN ({ids}) ORDER BY ts, id"), rparams).mappings():
                    cloud_calls.append(dict(row))
        return Trace(identity, runs, audit, label_jobs, cloud_calls)

    def stations(self) -> list[str]:
        """Stations that registered themselves, and those only known from their runs (imports, replicas)."""
        with self.engine.connect() as conn:
            return [s for (s,) in conn.execute(text(
                "SELECT name FROM stations UNION SELECT first_station FROM qa_units ORDER BY 1"))]

    def failure_codes(self, limit: int = 200) -> list[str]:
        with self.engine.connect() as conn:
            return [c for (c,) in conn.execute(text(
                "SELECT DISTINCT failure_code FROM runs WHERE failure_code IS NOT NULL ORDER BY 1 LIMIT :n"),
                {"n": limit})]

    def script_versions(self) -> list[str]:
        with self.engine.connect() as conn:
            return [c for (c,) in conn.execute(text("SELECT DISTINCT script_version FROM runs ORDER BY 1"))]


def _day_name(day: int) -> str:
    import datetime as _dt

    return (_dt.date(1970, 1, 1) + _dt.timedelta(days=day)).isoformat()
