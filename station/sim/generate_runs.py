"""A synthetic production history for QA: N runs of about 20 measurements each, bulk-loaded.

QA's queries must answer in seconds over millions of runs; this fills a station database with a
plausible year of a line (several stations, script versions that change over time, failing
units that come back for a retest, a few station errors) fast enough to benchmark on a laptop:
executemany in big transactions for SQLite, COPY for PostgreSQL, secondary indexes and the
run trigger set aside during the load and rebuilt once at the end (one sort instead of twenty
million random B-tree inserts).

Values are seeded, so the same arguments give the same database.
"""

from __future__ import annotations

import json
import math
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Engine, Index, text

from station.store import models
from station.store.qa_units import rebuild_units

DAY = 86400.0

# (step, measurement, unit, mean, sigma, low, high): ~0.15 % of values fall outside each limit pair,
# which with 20 measurements gives a first-pass yield near 97 % — a believable line.
PLAN: tuple[tuple[str, str, str, float, float, float, float], ...] = (
    ("power_on", "rail_3v3", "V", 3.30, 0.030, 3.20, 3.40),
    ("power_on", "rail_1v8", "V", 1.80, 0.016, 1.75, 1.85),
    ("power_on", "idle_current", "mA", 42.0, 2.5, 34.0, 50.0),
    ("power_on", "boot_time", "ms", 850.0, 40.0, 700.0, 1000.0),
    ("rf", "wifi_rssi", "dBm", -45.0, 3.0, -55.0, -35.0),
    ("rf", "wifi_tx_power", "dBm", 17.0, 0.6, 15.0, 19.0),
    ("rf", "ble_rssi", "dBm", -50.0, 3.5, -62.0, -38.0),
    ("rf", "freq_error", "ppm", 0.0, 3.0, -10.0, 10.0),
    ("sensors", "temperature", "degC", 24.0, 1.2, 20.0, 28.0),
    ("sensors", "humidity", "%RH", 45.0, 3.0, 35.0, 55.0),
    ("sensors", "light", "lux", 300.0, 15.0, 250.0, 350.0),
    ("sensors", "accel_z", "g", 1.0, 0.015, 0.95, 1.05),
    ("leds", "red_intensity", "cd", 120.0, 6.0, 100.0, 140.0),
    ("leds", "green_intensity", "cd", 140.0, 7.0, 117.0, 163.0),
    ("leds", "blue_intensity", "cd", 90.0, 4.5, 75.0, 105.0),
    ("leds", "led_current", "mA", 18.0, 0.9, 15.0, 21.0),
    ("self_test", "flash_crc_errors", "", 0.0, 0.3, -1.0, 1.0),
    ("self_test", "ram_test_ms", "ms", 120.0, 6.0, 100.0, 140.0),
    ("self_test", "vbat", "V", 3.00, 0.05, 2.85, 3.15),
    ("self_test", "rtc_drift", "ppm", 0.0, 5.0, -16.0, 16.0),
)
STEPS: tuple[str, ...] = tuple(dict.fromkeys(p[0] for p in PLAN))
STATIONS = ("line1-st1", "line1-st2", "line1-st3", "line2-st1", "line2-st2", "line2-st3")
SCRIPT_VERSIONS = ("1.0.0", "1.1.0", "1.2.0", "1.3.0")
ERROR_RATE = 0.004
RETEST_PROBABILITY = 0.85


@dataclass(frozen=True)
class Generated:
    runs: int
    measurements: int
    units: int
    seconds: float


def _limits_json(low: float, high: float) -> str:
    return json.dumps({"low": low, "high": high})


def _rows(
    runs: int, days: float, end: float, seed: int, first_step_id: int, interrupted: float = 0.0
) -> Iterator[tuple[list, list, list]]:
    """Yield (runs, steps, measurements) row tuples in chunks, in time order.

    ``interrupted`` is the share of runs a dying station cuts short: half end ABORTED (settled at
    the next start), half stay RUNNING for ever (a station that never came back). They draw from
    their own random stream, so with 0 the data set is exactly what it always was.
    """
    rng = np.random.default_rng(seed)
    irng = np.random.default_rng(seed + 7919)
    means = np.array([p[3] for p in PLAN])
    sigmas = np.array([p[4] for p in PLAN])
    lows = np.array([p[5] for p in PLAN])
    highs = np.array([p[6] for p in PLAN])
    limits = [_limits_json(p[5], p[6]) for p in PLAN]
    step_of = [STEPS.index(p[0]) for p in PLAN]
    start = end - days * DAY
    gap = days * DAY / runs
    retests: dict[int, str] = {}
    serial_no = 0
    step_id = first_step_id
    chunk = 20000
    uuid4 = uuid.uuid4
    for base in range(0, runs, chunk):
        n = min(chunk, runs - base)
        values = rng.normal(means, sigmas, size=(n, len(PLAN)))
        bad = (values < lows) | (values > highs)
        errors = rng.random(n) < ERROR_RATE
        stations = rng.integers(0, len(STATIONS), n)
        come_back = rng.integers(5, 60, n)
        retest_roll = rng.random(n)
        cut = irng.random(n) if interrupted > 0 else np.ones(n)
        run_rows: list[tuple] = []
        step_rows: list[tuple] = []
        meas_rows: list[tuple] = []
        for j in range(n):
            i = base + j
            serial = retests.pop(i, None)
            if serial is None:
                serial_no += 1
                serial = f"SN{serial_no:09d}"
            started = start + i * gap
            version = SCRIPT_VERSIONS[min(len(SCRIPT_VERSIONS) - 1, int(i * len(SCRIPT_VERSIONS) / runs))]
            run_id = str(uuid4())
            row_bad = bad[j]
            first_bad = int(np.argmax(row_bad)) if row_bad.any() else -1
            last_step = step_of[first_bad] if first_bad >= 0 else len(STEPS) - 1
            error_step = -1
            if errors[j]:
                error_step = int(come_back[j]) % len(STEPS)
                last_step = min(last_step, error_step)
            cut_step = int(come_back[j]) % len(STEPS) if cut[j] < interrupted and error_step < 0 else -1
            if cut_step > last_step:
                cut_step = -1  # the run was over before the station died
            if cut_step >= 0:
                last_step = cut_step - 1  # the step in flight was never recorded
            t = started
            step_ids: dict[int, int] = {}
            step_outcomes: dict[int, str] = {}
            for s in range(last_step + 1):
                outcome = "PASS"
                err = ""
                if s == error_step:
                    outcome, err = "ERROR", "fixture did not answer MEAS within 2.0 s"
                elif first_bad >= 0 and step_of[first_bad] == s:
                    outcome = "FAIL"
                step_ids[s] = step_id
                step_outcomes[s] = outcome
                step_rows.append((step_id, run_id, s, STEPS[s], outcome, t, t + 1.5, 1, err, False))
                step_id += 1
                t += 1.5
            for k, (step_name, name, unit, *_rest) in enumerate(PLAN):
                s = step_of[k]
                if s not in step_ids or step_outcomes[s] == "ERROR":
                    continue
                v = round(float(values[j, k]), 4)
                meas_rows.append((
                    run_id, step_ids[s], step_name, name, repr(v), v, unit, limits[k], float(lows[k]),
                    float(highs[k]), "FAIL" if row_bad[k] else "PASS", False, "",
                ))
            finished: float | None = t
            if cut_step >= 0 and cut[j] < interrupted / 2:
                outcome, code, reason, finished = None, None, None, None  # RUNNING for ever
            elif cut_step >= 0:
                outcome, code = "ABORTED", "aborted:station-stopped"
                reason = "the station process stopped without finishing the run (killed, crashed or powered off)"
            elif error_step >= 0:
                outcome, code = "ERROR", f"error:{STEPS[error_step]}.fixture-timeout"
                reason = "fixture did not answer MEAS within 2.0 s"
            elif first_bad >= 0:
                outcome, code = "FAIL", f"{PLAN[first_bad][0]}.{PLAN[first_bad][1]}"
                reason = f"{PLAN[first_bad][1]} = {values[j, first_bad]:.4g} outside its limits"
            else:
                outcome, code, reason = "PASS", None, None
            if outcome in ("FAIL", "ERROR"):  # the runner lists the steps it never ran (a dead station cannot)
                for s in range(last_step + 1, len(STEPS)):
                    step_rows.append((step_id, run_id, s, STEPS[s], "SKIPPED", t, t, 0,
                                      f"not run: the run stopped with {outcome} ({code})", False))
                    step_id += 1
            if outcome != "PASS" and retest_roll[j] < RETEST_PROBABILITY:
                retests[i + int(come_back[j])] = serial
            station = STATIONS[int(stations[j])]
            unit_no = int(serial[2:])
            mac = f"0c:2a:69:{(unit_no >> 16) & 255:02x}:{(unit_no >> 8) & 255:02x}:{unit_no & 255:02x}"
            run_rows.append((
                run_id, station, 0, f"op{int(stations[j]) + 1:02d}", serial, f"30000c2a69{unit_no:06x}", mac,
                None, "production", "factoryfixture", "dut", "production", "imp-sensor", "imp_sensor", version,
                "dut_tests/imp_sensor/script.py", "a" * 64, "dut_tests/imp_sensor/limits.toml", "b" * 64,
                started, finished, outcome, code, reason, "generator", 1,
            ))
        yield run_rows, step_rows, meas_rows


RUN_COLS = (
    "id", "station", "slot", "operator", "serial", "device_id", "mac", "variant", "zone", "fixture_group",
    "dut_target", "production_target", "product", "script_name", "script_version", "script_path", "script_sha256",
    "limits_path", "limits_sha256", "started_at", "finished_at", "outcome", "failure_code", "failure_reason",
    "hostname", "pid",
)
STEP_COLS = ("id", "run_id", "idx", "name", "outcome", "started_at", "finished_at", "attempts", "error", "teardown")
MEAS_COLS = (
    "run_id", "step_id", "step_name", "name", "value_json", "value_num", "unit", "limits_json", "low", "high",
    "outcome", "marginal", "reason",
)
_BULK_TABLES = ("runs", "steps", "measurements")


def _secondary_indexes() -> list[Index]:
    return [ix for name in _BULK_TABLES for ix in models.Base.metadata.tables[name].indexes]


def generate(
    engine: Engine,
    runs: int,
    *,
    days: float = 365.0,
    end: float | None = None,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
    interrupted: float = 0.0,
) -> Generated:
    """Append ``runs`` synthetic runs to a migrated store database (SQLite or PostgreSQL).

    ``interrupted`` (0–1): the share of runs cut short by a dying station (ABORTED or left RUNNING).
    """
    t0 = time.perf_counter()
    end = time.time() if end is None else end
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        first_step_id = int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM steps")).scalar() or 0) + 1
        before = int(conn.execute(text("SELECT COUNT(*) FROM runs")).scalar() or 0)
        for ix in _secondary_indexes():
            conn.execute(text(f"DROP INDEX IF EXISTS {ix.name}"))
        triggers: list[str] = []
        if postgres:
            conn.execute(text("ALTER TABLE runs DISABLE TRIGGER USER"))
        else:
            triggers = list(conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger'")).scalars())
            for name in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars().all():
                conn.execute(text(f"DROP TRIGGER {name}"))
    raw = engine.raw_connection()
    measurements = 0
    done = 0
    try:
        cur = raw.cursor()
        if not postgres:
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA cache_size=-400000")
        for run_rows, step_rows, meas_rows in _rows(runs, days, end, seed, first_step_id, interrupted):
            if postgres:
                _copy(cur, "runs", RUN_COLS, run_rows)
                _copy(cur, "steps", STEP_COLS, step_rows)
                _copy(cur, "measurements", MEAS_COLS, meas_rows)
            else:
                cur.executemany(_insert_sql("runs", RUN_COLS), run_rows)
                cur.executemany(_insert_sql("steps", STEP_COLS), step_rows)
                cur.executemany(_insert_sql("measurements", MEAS_COLS), meas_rows)
            raw.commit()
            measurements += len(meas_rows)
            done += len(run_rows)
            if progress:
                progress(done)
        if postgres:
            cur.execute("SELECT setval(pg_get_serial_sequence('steps', 'id'), (SELECT MAX(id) FROM steps))")
            raw.commit()
        else:
            cur.execute("PRAGMA synchronous=NORMAL")
    finally:
        raw.close()
    with engine.begin() as conn:
        for ix in _secondary_indexes():
            ix.create(conn, checkfirst=False)
        units = rebuild_units(conn)
        if postgres:
            conn.execute(text("ALTER TABLE runs ENABLE TRIGGER USER"))
        else:
            for sql in triggers:
                conn.execute(text(sql))
        if before == 0:  # a fresh bench database has nothing to replicate
            conn.execute(text("DELETE FROM outbox"))
    if postgres:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return Generated(runs=runs, measurements=measurements, units=units, seconds=time.perf_counter() - t0)


def _insert_sql(table: str, cols: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"


def _copy(cur, table: str, cols: tuple[str, ...], rows: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    """COPY in PostgreSQL's text format (tabs; ``\\N`` for NULL; our strings hold no tab or newline)."""
    lines = "".join("\t".join("\\N" if v is None else str(v) for v in row) + "\n" for row in rows)
    with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
        copy.write(lines)


def expected_fail_fraction() -> float:
    """Rough share of first runs that FAIL, from the plan's sigmas (for sanity checks)."""
    p_ok = 1.0
    for _s, _n, _u, mean, sigma, low, high in PLAN:
        z_lo, z_hi = (low - mean) / sigma, (high - mean) / sigma
        p_ok *= 0.5 * (math.erf(z_hi / math.sqrt(2)) - math.erf(z_lo / math.sqrt(2)))
    return 1.0 - p_ok


DATASET_KEY = "qa_generated_dataset"


def ensure_dataset(engine: Engine, runs: int, *, seed: int = 1, log: Callable[[str], None] = print) -> dict:
    """Generate ``runs`` runs into an empty store once; later calls find the marker and return at once.

    The marker lives in the store's ``state`` table, so a cached benchmark database says what it
    holds; a database that holds other runs is refused rather than mixed with synthetic ones.
    """
    with engine.connect() as conn:
        raw = conn.execute(text("SELECT value_json FROM state WHERE key = :k"), {"k": DATASET_KEY}).scalar()
        existing = int(conn.execute(text("SELECT COUNT(*) FROM runs")).scalar() or 0)
    if raw is not None:
        marker = json.loads(raw)
        if marker.get("runs") == runs and marker.get("seed") == seed:
            return marker
    if existing:
        raise ValueError(f"the database already holds {existing} runs that are not a generated data set of {runs}")
    log(f"generating {runs} runs (once; cached in the database) ...")
    last = [time.perf_counter()]

    def progress(done: int) -> None:
        if time.perf_counter() - last[0] > 15:
            last[0] = time.perf_counter()
            log(f"  {done} runs")

    result = generate(engine, runs, seed=seed, progress=progress)
    marker = {"runs": runs, "seed": seed, "measurements": result.measurements, "units": result.units,
              "generated_at": time.time(), "seconds": round(result.seconds, 1)}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO state (key, value_json, updated_at) VALUES (:k, :v, :t)"),
                     {"k": DATASET_KEY, "v": json.dumps(marker), "t": time.time()})
    log(f"generated {runs} runs, {result.measurements} measurements in {result.seconds:.0f} s")
    return marker
