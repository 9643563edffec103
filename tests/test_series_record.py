"""Series, groups, subtests and the no-limit flag survive the store and reach every export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from station.events import EventBus
from station.store import Store
from station.store.exports import EXPORTERS
from station.testkit import DutFault, Outcome, Script, Series, envelope, measurement, series, validator
from tests.runner_helpers import run_script


def build() -> Script:
    script = Script("rec", product="p", version="1", stop_on_fail=False)
    group = script.group("load")

    @group.setup
    def up(ctx):
        pass

    @group.step(measurements=[series("curve", "mA", x="dim", x_unit="%",
                                     check=envelope(low=[(0, 0), (100, 90)], high=[(0, 20), (100, 110)])),
                              measurement("free", "V"),
                              measurement("even", check=validator(lambda v: v % 2 == 0, "an even count"))])
    def sweep(ctx):
        ctx.measure("curve", [(0, 10), (50, 55), (100, 100)])
        ctx.measure("free", 1.5)
        with ctx.subtest("count"):
            ctx.measure("even", 4)
        with ctx.subtest("dead"):
            raise DutFault("no answer")

    return script


def test_the_record_survives_the_store_and_every_export_carries_the_series(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'runs.db'}")
    try:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        record, _ = run_script(build(), bus=bus)
        store.writer.flush()
        loaded = store.load_record(record.run_id)
    finally:
        store.close()
    assert record.outcome is Outcome.FAIL
    sweep = next(s for s in loaded.steps if s.name == "sweep")
    assert (sweep.group, sweep.role) == ("load", "step")
    assert next(s for s in loaded.steps if s.name == "up").role == "setup"
    assert [(t.name, t.outcome) for t in sweep.subtests] == [("count", Outcome.PASS), ("dead", Outcome.FAIL)]
    curve, free, even = sweep.measurements
    assert isinstance(curve.value, Series) and curve.value.points == [(0, 10), (50, 55), (100, 100)]
    assert curve.check.envelope_low == ((0, 0), (100, 90))
    assert free.no_limit and free.check.describe() == "no limit: any value passes"
    assert even.check.validator_text == "an even count"
    assert loaded.to_dict() == record.to_dict() | {"logs": loaded.to_dict()["logs"]}

    exported = {}
    for name in ("json", "csv", "cfx", "pdf"):
        out = io.StringIO()
        assert EXPORTERS[name]([loaded], out) == 1
        exported[name] = out.getvalue()
    points = [[0.0, 10.0], [50.0, 55.0], [100.0, 100.0]]
    as_json = json.loads(exported["json"])[0]
    json_curve = as_json["steps"][1]["measurements"][0]
    assert json_curve["value"]["points"] == points and json_curve["value"]["x_unit"] == "%"
    assert as_json["steps"][1]["measurements"][1]["no_limit"] is True
    rows = list(csv.DictReader(io.StringIO(exported["csv"])))
    csv_curve = next(r for r in rows if r["measurement"] == "curve")
    assert json.loads(csv_curve["value"])["points"] == points
    assert next(r for r in rows if r["measurement"] == "free")["limits"] == "no limit: any value passes"
    assert '\\"points\\": [[0.0, 10.0], [50.0, 55.0], [100.0, 100.0]]' in exported["cfx"]
    pdf = exported["pdf"]
    assert pdf.startswith("%PDF-1.4") and " re S" in pdf and "0.1 0.35 0.8 RG" in pdf  # the chart: frame and curve
    assert "[3 2] 0 d" in pdf  # the envelope, dashed
    assert "no limit: any value passes" in pdf
