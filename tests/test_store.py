"""The store on SQLite and PostgreSQL: persisted as events arrive, read back whole, recovered after a crash."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import text

from station.events import EventBus, RunStarted
from station.store import RunQuery, Store
from station.store.database import HEAD_REVISION
from station.testkit import Outcome, Script, in_range, measurement, one_of
from station.testkit.record import RunRecord
from tests.runner_helpers import run_script


def sample_script(fail: bool = False) -> Script:
    script = Script("store", product="p", version="2.0")

    @script.step(measurements=[measurement("rail", "V", in_range(3.2, 3.4, marginal_high=3.35)), measurement("fw")])
    def power(ctx):
        ctx.measure("rail", 3.38)
        ctx.measure("fw", {"version": "1.2", "ok": True})
        ctx.log("powered")
        ctx.attach("dump.bin", b"\x00\x01\x02")
        ctx.set_mac("0c2a69000001")
        ctx.set_device_id("30000c2a69000001")

    @script.step(measurements=[measurement("self_test", check=one_of("PASS"))])
    def self_test(ctx):
        ctx.measure("self_test", "FAIL" if fail else "PASS")

    return script


def stored_run(store: Store, script: Script, serial: str = "SN1") -> RunRecord:
    bus = EventBus()
    bus.subscribe(store.writer, critical=True)
    record, _ = run_script(script, bus=bus, serial=serial)
    return record


def test_record_round_trips_through_the_store(db_url: str) -> None:
    with Store.open(db_url) as store:
        record = stored_run(store, sample_script())
        loaded = store.load_record(record.run_id)
    assert loaded.to_dict(with_attachment_data=True) == record.to_dict(with_attachment_data=True)
    assert loaded.outcome is Outcome.PASS
    rail = loaded.steps[0].measurements[0]
    assert rail.marginal and rail.check.high == 3.4
    assert loaded.steps[0].measurements[1].value == {"version": "1.2", "ok": True}
    assert loaded.attachments[0].data == b"\x00\x01\x02"
    assert loaded.mac == "0c:2a:69:00:00:01"


def test_list_filters(db_url: str) -> None:
    with Store.open(db_url) as store:
        good = stored_run(store, sample_script(), "SN-A")
        bad = stored_run(store, sample_script(fail=True), "SN-B")
        assert bad.failure_code == "self_test.self_test"
        assert {r.run_id for r in store.list_runs()} == {good.run_id, bad.run_id}
        assert [r.run_id for r in store.list_runs(RunQuery(text="SN-B"))] == [bad.run_id]
        assert [r.run_id for r in store.list_runs(RunQuery(outcome="fail"))] == [bad.run_id]
        assert [r.run_id for r in store.list_runs(RunQuery(failure_code="self_test.self_test"))] == [bad.run_id]
        assert store.list_runs(RunQuery(since=bad.started_at + 3600)) == []
        assert len(store.list_runs(RunQuery(limit=1))) == 1
        assert store.find_run_id(good.run_id[:8]) == good.run_id


def test_interrupted_run_is_marked_aborted_with_finished_steps_intact(db_url: str) -> None:
    """A run whose process died (a pid that is gone) becomes ABORTED at the next open."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    with Store.open(db_url) as store:
        record = stored_run(store, sample_script())
        with store.engine.begin() as conn:  # make it look as if the run never finished
            conn.execute(text("UPDATE runs SET outcome = NULL, finished_at = NULL, pid = :pid"), {"pid": dead_pid})
            conn.execute(text("DELETE FROM steps WHERE name = 'self_test'"))
    with Store.open(db_url) as store:
        loaded = store.load_record(record.run_id)
        assert store.recover_interrupted() == [], "recovery happens once"
    assert loaded.outcome is Outcome.ABORTED
    assert loaded.failure_code == "aborted:station-stopped"
    assert f"pid {dead_pid}" in (loaded.failure_reason or "") and "after step 'power'" in (loaded.failure_reason or "")
    assert [s.name for s in loaded.steps] == ["power"]
    assert loaded.steps[0].measurements[0].value == 3.38


def test_a_live_run_of_this_host_is_left_alone(db_url: str) -> None:
    with Store.open(db_url) as store:
        record = stored_run(store, sample_script())
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE runs SET outcome = NULL"))  # our own pid: alive
        assert store.recover_interrupted() == []
        assert store.load_record(record.run_id).outcome is None


def test_state_round_trip(db_url: str) -> None:
    with Store.open(db_url) as store:
        assert store.get_state("cloud.targets") is None
        store.put_state("cloud.targets", {"zone": "test", "n": 1})
        store.put_state("cloud.targets", {"zone": "production", "n": 2})
        assert store.get_state("cloud.targets") == {"zone": "production", "n": 2}


def test_migrations_are_applied_and_match_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from station.store.models import Base

    with Store.open(db_url) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_head_revision_constant_is_alembics_head() -> None:
    from pathlib import Path

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import station.store.database as database

    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).parent / "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_bad_database_urls_are_clear_errors(tmp_path) -> None:
    from station.errors import StationError

    with pytest.raises(StationError, match="database folder does not exist"):
        Store.open(f"sqlite:///{tmp_path}/missing/dir/x.db")
    with pytest.raises(StationError, match="not a database URL|cannot use database URL"):
        Store.open("nosuchdb://x")


def test_run_started_event_carries_pid_for_recovery(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        record, events = run_script(sample_script(), bus=bus)
        started = events.of(RunStarted)[0]
        with store.engine.connect() as conn:
            pid = conn.execute(text("SELECT pid FROM runs WHERE id = :id"), {"id": record.run_id}).scalar()
    assert pid == started.pid


def test_a_failing_database_write_ends_the_run_as_error(sqlite_url: str) -> None:
    """The writer commits behind the runner; a failed write still reaches the run before it ends."""
    with Store.open(sqlite_url) as store:
        script = Script("breaks-db", product="p", version="1")

        @script.step(measurements=["a"])
        def sabotage(ctx):
            with store.engine.begin() as conn:
                conn.execute(text("DROP TABLE measurements"))
            ctx.measure("a", 1)

        @script.step(measurements=["b"])
        def later(ctx):
            ctx.measure("b", 2)

        record = stored_run(store, script)
    assert record.outcome is Outcome.ERROR
    assert record.failure_code == "station:record"
    assert "measurements" in (record.failure_reason or "")


def test_writer_group_commits_fast_steps_and_keeps_order(sqlite_url: str) -> None:
    with Store.open(sqlite_url) as store:
        script = Script("many", product="p", version="1")
        for i in range(300):
            script.step(lambda ctx: ctx.measure("v", 1.0), name=f"s{i}", measurements=["v"])
        record = stored_run(store, script)
        loaded = store.load_record(record.run_id)
    assert [s.name for s in loaded.steps] == [f"s{i}" for i in range(300)]
    assert loaded.outcome is Outcome.PASS
