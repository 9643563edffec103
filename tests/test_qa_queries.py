"""QA queries checked against a brute-force computation over the same generated runs (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter, defaultdict

import pytest
from sqlalchemy import text

from station.cli import main
from station.errors import InputError
from station.sim.generate_runs import generate
from station.store import Store
from station.store.queries import QA, RunQuery, normalise_identity
from tests.conftest import POSTGRES_URL, _postgres_schema_url

END = 1_790_000_000.0  # a fixed "now", so day boundaries are the same every run


def _filled(url: str, runs: int):  # type: ignore[no-untyped-def]
    with Store.open(url) as store:
        generate(store.engine, runs, days=30, end=END, seed=7)
        with store.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(text("SELECT * FROM runs")).mappings()]
        yield store, QA(store.engine), rows


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def qa_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """3,000 generated runs, made once per module and dialect; tests here only read them."""
    if request.param == "sqlite":
        yield from _filled(f"sqlite:///{tmp_path_factory.mktemp('qa') / 'qa.db'}", 3000)
        return
    if not POSTGRES_URL:
        pytest.skip("STATION_TEST_POSTGRES_URL is not set (CI sets it; .ci/run starts PostgreSQL)")
    for url in _postgres_schema_url():
        yield from _filled(url, 3000)


@pytest.fixture
def small_db(db_url: str):  # type: ignore[no-untyped-def]
    yield from _filled(db_url, 300)


def test_find_by_serial_device_id_and_mac(qa_db) -> None:  # type: ignore[no-untyped-def]
    _store, qa, runs = qa_db
    retested = Counter(r["serial"] for r in runs).most_common(1)[0][0]
    expected = sorted((r for r in runs if r["serial"] == retested), key=lambda r: -r["started_at"])
    assert len(expected) >= 2
    assert [r.id for r in qa.find(retested)] == [r["id"] for r in expected]
    one = expected[0]
    assert [r.id for r in qa.find(one["device_id"])] == [r["id"] for r in expected]
    assert [r.id for r in qa.find(one["mac"].replace(":", "").upper())] == [r["id"] for r in expected]
    assert qa.find("no-such-unit") == []
    assert normalise_identity("0C-2A-69-00-00-01") == "0c:2a:69:00:00:01"


def test_filters_sorting_and_paging(qa_db) -> None:  # type: ignore[no-untyped-def]
    _store, qa, runs = qa_db
    fails = sorted((r for r in runs if r["outcome"] == "FAIL" and r["station"] == "line1-st2"),
                   key=lambda r: -r["started_at"])
    q = RunQuery(outcome="fail", station="line1-st2", limit=5)
    assert [r.id for r in qa.runs(q)] == [r["id"] for r in fails[:5]]
    assert qa.count(q) == len(fails)
    page2 = qa.runs(RunQuery(outcome="FAIL", station="line1-st2", limit=5, offset=5))
    assert [r.id for r in page2] == [r["id"] for r in fails[5:10]]
    by_serial = qa.runs(RunQuery(sort="serial", descending=False, limit=10))
    assert [r.serial for r in by_serial] == sorted(r["serial"] for r in runs)[:10]
    code = Counter(r["failure_code"] for r in runs if r["failure_code"]).most_common(1)[0][0]
    assert qa.count(RunQuery(failure_code=code)) == sum(r["failure_code"] == code for r in runs)
    version = runs[0]["script_version"]
    assert qa.count(RunQuery(script_version=version, zone="production")) == sum(
        r["script_version"] == version for r in runs)
    day_start = END - 86400
    last = qa.last_failures(day_start, END, limit=100)
    assert [r.id for r in last] == [r["id"] for r in sorted(
        (r for r in runs if r["outcome"] == "FAIL" and day_start <= r["started_at"] < END),
        key=lambda r: -r["started_at"])][:100]
    with pytest.raises(InputError, match="cannot sort"):
        qa.runs(RunQuery(sort="id; DROP TABLE runs"))


def test_yield_per_day_station_and_script_matches_brute_force(qa_db) -> None:  # type: ignore[no-untyped-def]
    _store, qa, runs = qa_db
    by_serial: dict[str, list[dict]] = defaultdict(list)
    for r in runs:
        by_serial[r["serial"]].append(r)
    expect: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for serial_runs in by_serial.values():
        serial_runs.sort(key=lambda r: (r["started_at"], r["id"]))
        first, last = serial_runs[0], serial_runs[-1]
        day = math.floor(first["started_at"] / 86400)
        row = expect[str(day)]
        row[0] += 1
        row[1] += first["outcome"] == "PASS"
        row[2] += last["outcome"] == "PASS"
        row[3] += first["outcome"] in ("ERROR", "ABORTED")
    got = qa.yield_by("day")
    import datetime as dt

    assert {r.key: [r.units, r.first_pass, r.final_pass, r.station_errors] for r in got} == {
        (dt.date(1970, 1, 1) + dt.timedelta(days=int(k))).isoformat(): v for k, v in expect.items()}
    total = sum(r.units for r in got)
    assert total == len(by_serial)
    assert 0.9 < sum(r.first_pass for r in got) / total < 1.0
    stations = qa.yield_by("station")
    assert sum(r.units for r in stations) == total and len(stations) == 6
    assert {r.key for r in qa.yield_by("script")} <= {f"imp_sensor {v}" for v in ("1.0.0", "1.1.0", "1.2.0", "1.3.0")}
    with pytest.raises(InputError):
        qa.yield_by("operator")


def test_trigger_keeps_units_current_as_runs_finish(small_db) -> None:  # type: ignore[no-untyped-def]
    store, qa, runs = small_db
    serial = runs[0]["serial"]
    before = {r.key: r.units for r in qa.yield_by("station")}
    with store.engine.begin() as conn:  # a retest that is still running, then finishes FAIL
        row = dict(runs[0], id="retest-0001", started_at=END + 10, finished_at=None, outcome=None,
                   failure_code=None, failure_reason=None, station="line2-st3")
        conn.execute(text(f"INSERT INTO runs ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})"), row)
        count_before = conn.execute(text("SELECT run_count FROM qa_units WHERE serial = :s"), {"s": serial}).scalar()
        conn.execute(text("UPDATE runs SET outcome = 'FAIL', finished_at = :t WHERE id = 'retest-0001'"),
                     {"t": END + 20})
        unit = conn.execute(text("SELECT * FROM qa_units WHERE serial = :s"), {"s": serial}).mappings().one()
        queued = conn.execute(text("SELECT key FROM outbox WHERE kind = 'run'")).scalars().all()
    assert unit["run_count"] == count_before + 1
    assert unit["last_run_id"] == "retest-0001" and unit["last_outcome"] == "FAIL"
    assert unit["first_run_id"] != "retest-0001"
    assert queued == ["retest-0001"]
    assert {r.key: r.units for r in qa.yield_by("station")} == before  # a retest is not a new unit


def test_pareto_and_retests(qa_db) -> None:  # type: ignore[no-untyped-def]
    _store, qa, runs = qa_db
    counts = Counter(r["failure_code"] for r in runs if r["outcome"] == "FAIL")
    pareto = qa.pareto(limit=5)
    assert [(p.failure_code, p.count) for p in pareto] == sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    assert pareto[0].share == pytest.approx(pareto[0].count / sum(counts.values()))
    assert pareto[-1].cumulative == pytest.approx(sum(p.count for p in pareto) / sum(counts.values()))
    errors = qa.pareto(outcome="ERROR")
    assert all(p.failure_code.startswith("error:") for p in errors)
    dist, most = qa.retest_counts()
    serial_counts = Counter(r["serial"] for r in runs)
    assert dist == dict(sorted(Counter(serial_counts.values()).items()))
    assert most[0][1] == max(serial_counts.values())


def test_histogram_mean_std_and_cpk(qa_db) -> None:  # type: ignore[no-untyped-def]
    store, qa, _runs = qa_db
    with store.engine.connect() as conn:
        values = [v for (v,) in conn.execute(text(
            "SELECT value_num FROM measurements WHERE step_name = 'power_on' AND name = 'rail_3v3'"))]
    h = qa.histogram("power_on", "rail_3v3", bins=20)
    assert h.n == len(values) and sum(h.counts) == len(values) and len(h.edges) == 21
    assert h.mean == pytest.approx(statistics.fmean(values))
    assert h.std == pytest.approx(statistics.stdev(values), rel=1e-6)
    assert (h.low, h.high, h.unit) == (3.2, 3.4, "V")
    assert h.edges[0] < 3.2 and h.edges[-1] > 3.4  # the limits and a margin each side are in view
    assert (h.minimum, h.maximum) == (min(values), max(values))
    assert h.cpk == pytest.approx(min(3.4 - h.mean, h.mean - 3.2) / (3 * h.std))
    windowed = qa.histogram("power_on", "rail_3v3", since=END - 86400 * 5)
    assert 0 < windowed.n < h.n
    assert ("power_on", "rail_3v3") in qa.measurement_names()
    with pytest.raises(InputError, match="no measurement"):
        qa.histogram("power_on", "nothing")


def test_qa_cli(qa_db, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    store, _qa, runs = qa_db
    db = store.url
    assert main(["qa", "yield", "--by", "station", "--since", "2020-01-01", "--db", db, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 6
    assert main(["qa", "pareto", "--since", "2020-01-01", "--db", db, "--json", "--top", "3"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert main(["qa", "trace", runs[0]["serial"], "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"][0]["serial"] == runs[0]["serial"]
    assert main(["qa", "histogram", "rf.wifi_rssi", "--since", "2020-01-01", "--db", db]) == 0
    assert "Cpk" in capsys.readouterr().out
    assert main(["qa", "trace", "nobody", "--db", db]) == 2
    assert "no unit" in capsys.readouterr().err
    assert main(["qa", "histogram", "no_dot", "--db", db]) == 2
