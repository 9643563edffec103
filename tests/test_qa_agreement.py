"""The QA window and `station qa` agree: same database, same period → same counts, yield and Pareto.

The database has what makes numbers drift apart: retests, runs ABORTED by a dying station, runs
left RUNNING for ever, station errors. Final yield is checked against a brute-force reading of the
runs table (a unit's last PASS/FAIL run decides; interrupted runs judge nobody).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict

import pytest
from sqlalchemy import text

from station.cli import main
from station.sim.generate_runs import generate
from station.store import Store
from station.store.queries import QA, RunQuery, Span, period_span, shift_start, yield_total
from station.ui.qa_window import QAWindow

PERIODS = ("shift", "24h", "7d", "30d")


@pytest.fixture(scope="module")
def line_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('agree') / 'line.db'}"
    with Store.open(url) as store:
        generate(store.engine, 1500, days=20, end=time.time() - 600, seed=11, interrupted=0.04)
        with store.engine.begin() as conn:  # two units whose newest run a dying station cut short
            template = dict(conn.execute(text("SELECT * FROM runs LIMIT 1")).mappings().one())
            start = time.time() - 5 * 3600
            for serial, outcomes in (("SN-FIXED", ("FAIL", "PASS", "ABORTED")), ("SN-BAD", ("FAIL", "ABORTED"))):
                for i, outcome in enumerate(outcomes):
                    row = dict(template, id=f"{serial}-{i}", serial=serial, started_at=start + i * 600,
                               finished_at=start + i * 600 + 30, outcome=outcome,
                               failure_code=None if outcome == "PASS" else "power_on.rail_3v3")
                    conn.execute(text(f"INSERT INTO runs ({', '.join(row)}) VALUES "
                                      f"({', '.join(':' + k for k in row)})"), row)
    return url


def _runs(url: str) -> list[dict]:
    with Store.open(url, recover=False) as store, store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(text("SELECT * FROM runs")).mappings()]


def test_the_data_set_has_retests_and_interrupted_runs(line_db: str) -> None:
    runs = _runs(line_db)
    outcomes = defaultdict(int)
    for r in runs:
        outcomes[r["outcome"]] += 1
    assert outcomes["ABORTED"] >= 10 and outcomes[None] >= 10 and outcomes["ERROR"] >= 1
    assert all(r["finished_at"] is None for r in runs if r["outcome"] is None)
    per_serial = defaultdict(int)
    for r in runs:
        per_serial[r["serial"]] += 1
    assert max(per_serial.values()) >= 2


def test_final_yield_counts_the_last_verdict_and_never_an_interrupted_run(line_db: str) -> None:
    runs = _runs(line_db)
    by_serial: dict[str, list[dict]] = defaultdict(list)
    for r in runs:
        if r["outcome"] is not None:
            by_serial[r["serial"]].append(r)
    units = first_pass = final_pass = errors = no_verdict = 0
    interrupted_last = 0
    for serial_runs in by_serial.values():
        serial_runs.sort(key=lambda r: (r["started_at"], r["id"]))
        verdicts = [r["outcome"] for r in serial_runs if r["outcome"] in ("PASS", "FAIL")]
        units += 1
        first_pass += serial_runs[0]["outcome"] == "PASS"
        errors += serial_runs[0]["outcome"] in ("ERROR", "ABORTED")
        final_pass += bool(verdicts) and verdicts[-1] == "PASS"
        no_verdict += not verdicts
        interrupted_last += serial_runs[-1]["outcome"] in ("ABORTED", "ERROR") and bool(verdicts)
    with Store.open(line_db, recover=False) as store:
        total = yield_total(QA(store.engine).yield_by("day"))
    assert interrupted_last >= 2  # units whose last run was cut short after a verdict: the case that went wrong
    assert (total.units, total.first_pass, total.final_pass, total.station_errors, total.no_verdict) == (
        units, first_pass, final_pass, errors, no_verdict)
    assert total.final_yield == final_pass / (units - no_verdict)
    assert total.final_yield >= total.first_pass_yield  # type: ignore[operator]
    with Store.open(line_db, recover=False) as store:
        qa = QA(store.engine)
        fixed = yield_total(qa.yield_by("day", since=time.time() - 5 * 3600 - 1, until=time.time() - 5 * 3600 + 1))
    assert (fixed.units, fixed.first_pass, fixed.final_pass, fixed.no_verdict) == (2, 0, 1, 0)  # SN-FIXED passes
    with Store.open(line_db, recover=False) as store:
        for row in QA(store.engine).yield_by("station"):
            assert row.final_pass >= row.first_pass  # no unit here passed and then failed


@pytest.mark.parametrize("period", PERIODS)
def test_window_and_cli_show_the_same_numbers(qtbot, line_db: str, period: str,  # type: ignore[no-untyped-def]
                                              capsys: pytest.CaptureFixture[str]) -> None:
    window = QAWindow(line_db)
    qtbot.addWidget(window)
    window.set_period(period)
    window.show_tab("yield")
    qtbot.waitUntil(lambda: window.summary is not None and not window.busy(), timeout=15000)
    s = window.summary
    assert s is not None

    assert main(["qa", "summary", "--since", period, "--top", "12", "--db", line_db, "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["runs"] == s.counts.runs and cli["units"] == s.counts.units and cli["failures"] == s.failures
    assert [(y["key"], y["units"], y["first_pass"], y["final_pass"], y["station_errors"], y["no_verdict"])
            for y in cli["yield"]] == [(y.key, y.units, y.first_pass, y.final_pass, y.station_errors, y.no_verdict)
                                       for y in s.yields]
    assert cli["total"]["final_yield"] == s.total.final_yield
    assert cli["total"]["first_pass_yield"] == s.total.first_pass_yield

    assert main(["qa", "pareto", "--since", period, "--top", "12", "--db", line_db, "--json"]) == 0
    pareto = json.loads(capsys.readouterr().out)
    assert [(p["failure_code"], p["count"]) for p in pareto] == [(p.failure_code, p.count) for p in s.pareto]
    assert [p["count"] for p in pareto] == [int(b) for b in window.pareto_chart.data.bars]
    assert f"{s.failures} failures" in window.pareto_chart.data.title

    assert main(["qa", "yield", "--since", period, "--db", line_db, "--json"]) == 0
    assert [y["key"] for y in json.loads(capsys.readouterr().out)] == window.yield_chart.data.labels

    window.show_tab("runs")  # the runs table counts the same runs as the summary
    qtbot.waitUntil(lambda: not window.busy() and window.total == s.counts.total, timeout=15000)
    window.close()


def test_cli_names_the_periods_like_the_window(line_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["qa", "summary", "--since", "shift", "--db", line_db]) == 0
    out = capsys.readouterr().out
    assert "runs" in out and "units first tested" in out
    assert main(["qa", "yield", "--since", "7d", "--db", line_db]) == 0
    out = capsys.readouterr().out
    assert "no verdict" in out and "total" in out
    assert main(["qa", "pareto", "--since", "fortnight", "--db", line_db]) == 2
    assert "cannot read time" in capsys.readouterr().err


def test_periods_count_back_from_now() -> None:
    now = time.time()
    assert period_span("24h", now) == Span(now - 86400, None)
    assert period_span("7d", now) == Span(now - 7 * 86400, None)
    local = dt.datetime.now().astimezone()
    at = local.replace(hour=15, minute=30, second=0, microsecond=0)
    assert shift_start(at.timestamp()) == at.replace(hour=14, minute=0).timestamp()
    early = local.replace(hour=3, minute=0, second=0, microsecond=0)
    yesterday_22 = (early - dt.timedelta(days=1)).replace(hour=22)
    assert shift_start(early.timestamp()) == yesterday_22.timestamp()
    on_the_hour = local.replace(hour=6, minute=0, second=0, microsecond=0)
    assert shift_start(on_the_hour.timestamp()) == on_the_hour.timestamp()
    with pytest.raises(Exception, match="unknown period"):
        period_span("fortnight", now)
    with Store.open("sqlite://") as store:  # an empty database answers zeros, not errors
        qa = QA(store.engine)
        assert qa.summary(period_span("shift")).counts.total == 0
        assert qa.count(RunQuery(since=period_span("shift").since)) == 0
