"""QA queries over 1,000,000 runs (~20 measurements each) on SQLite and PostgreSQL: p50 and p95.

The data set is generated once (station.sim.generate_runs; several minutes on 2 cores) and cached:
SQLite in /tmp/factory-station-bench/, PostgreSQL in the schema ``qa_bench_<runs>`` of
$STATION_BENCH_POSTGRES_URL, else $STATION_TEST_POSTGRES_URL, else the local server. Later runs
start at once. PostgreSQL is skipped with a note when no server answers. Targets (issue 8):
find-by-serial p95 ≤ 20 ms, the others ≤ 1 s.

    .venv/bin/python bench/qa_queries.py [--runs 1000000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from station.sim.generate_runs import ensure_dataset  # noqa: E402
from station.store import Store  # noqa: E402
from station.store.queries import QA  # noqa: E402

CACHE = Path(os.environ.get("QA_BENCH_DIR", "/tmp/factory-station-bench"))
PG_URL = (os.environ.get("STATION_BENCH_POSTGRES_URL") or os.environ.get("STATION_TEST_POSTGRES_URL")
          or "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_url(runs: int) -> str | None:
    base = make_url(PG_URL)
    if base.get_driver_name() in ("", "psycopg2"):
        base = base.set(drivername="postgresql+psycopg")
    schema = f"qa_bench_{runs}"
    try:
        engine = create_engine(base, connect_args={"connect_timeout": 3})
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any reason PostgreSQL is not there is a skip, said plainly
        print(f"PostgreSQL not available ({str(exc).splitlines()[0]}); skipping it", flush=True)
        return None
    return base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def timed(fn: Callable[[], object], n: int) -> tuple[float, float]:
    fn()  # warm the cache: QA asks the same database all day
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def bench(label: str, url: str, runs: int) -> list[tuple[str, float, float]]:
    with Store.open(url, recover=False) as store:
        ensure_dataset(store.engine, runs, log=lambda m: print(f"[{label}] {m}", flush=True))
        qa = QA(store.engine)
        with store.engine.connect() as conn:
            first, last = conn.execute(text("SELECT MIN(started_at), MAX(started_at) FROM runs")).one()
            serials = [s for (s,) in conn.execute(text(
                "SELECT serial FROM qa_units WHERE first_started_at >= :t ORDER BY first_started_at LIMIT 2000"),
                {"t": first + (last - first) / 2})]
        rng = random.Random(1)
        day = 86400.0
        end_day = last - last % day

        def a_day() -> tuple[float, float]:
            start = end_day - rng.randrange(0, 300) * day
            return start, start + day

        results = []
        cases: list[tuple[str, Callable[[], object], int]] = [
            ("find_serial", lambda: qa.find(rng.choice(serials)), 200),
            ("last_100_fails_of_a_day", lambda: qa.last_failures(*a_day(), limit=100), 50),
            ("daily_fpy_90d", lambda: qa.yield_by("day", since=last - 90 * day, until=last + 1), 20),
            ("failure_pareto_90d", lambda: qa.pareto(since=last - 90 * day, until=last + 1), 20),
            ("histogram_all_time", lambda: qa.histogram("power_on", "rail_3v3", bins=40), 10),
        ]
        for name, fn, n in cases:
            p50, p95 = timed(fn, n)
            print(f"[{label}] {name:<26} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms", flush=True)
            results.append((name, p50, p95))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1_000_000)
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    all_results: list[tuple[str, str, float, float]] = []
    targets = [("sqlite", f"sqlite:///{CACHE / f'qa_{args.runs}.db'}"), ("postgresql", postgres_url(args.runs))]
    for label, url in targets:
        if url is None:
            continue
        all_results += [(label, *r) for r in bench(label, url, args.runs)]
    for label, name, p50, p95 in all_results:
        print(f"BENCH qa_{label}_{name}_p50 {p50:.2f} ms")
        print(f"BENCH qa_{label}_{name}_p95 {p95:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
