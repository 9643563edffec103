"""The runner: outcomes, failure codes, timeouts, retries, teardown, prompts, plugs, abort."""

from __future__ import annotations

import threading
import time

import pytest

from station.events import EventBus, MeasurementTaken, RunFinished, StepFinished, StepStarted
from station.runner.runner import AbortSignal
from station.testkit import Outcome, Plug, Script, in_range, measurement, one_of
from tests.runner_helpers import run_script


class CountingPlug(Plug):
    def __init__(self) -> None:
        self.torn_down = 0
        self.powered = False

    def tear_down(self) -> None:
        self.torn_down += 1
        self.powered = False


def new_script(**kwargs: object) -> Script:
    return Script("t", product="p", version="1", **kwargs)  # type: ignore[arg-type]


def test_passing_run_records_steps_measurements_and_order() -> None:
    script = new_script()
    order: list[str] = []

    @script.step(measurements=[measurement("v", "V", in_range(1, 2))])
    def first(ctx):
        order.append("first")
        ctx.measure("v", 1.5)

    @script.step
    def second(ctx):
        order.append("second")
        ctx.log("hello")

    record, events = run_script(script)
    assert record.outcome is Outcome.PASS
    assert order == ["first", "second"]
    assert [s.name for s in record.steps] == ["first", "second"]
    assert record.steps[0].measurements[0].value == 1.5
    assert record.steps[0].measurements[0].unit == "V"
    assert [e.step for e in events.of(StepStarted)] == ["first", "second"]
    assert len(events.of(MeasurementTaken)) == 1
    assert events.of(RunFinished)[0].outcome is Outcome.PASS
    assert any(line.message == "hello" and line.step == "second" for line in record.logs)


def test_limit_miss_is_fail_with_code_naming_step_and_measurement() -> None:
    script = new_script()

    @script.step(measurements=[measurement("rail", "V", in_range(3.2, 3.4))])
    def power(ctx):
        ctx.measure("rail", 2.9)

    @script.step
    def never(ctx):
        raise AssertionError("must not run after a failure by default")

    record, _ = run_script(script)
    assert record.outcome is Outcome.FAIL
    assert record.failure_code == "power.rail"
    assert "2.9 is below 3.2" in (record.failure_reason or "")
    assert [(s.name, s.outcome) for s in record.steps] == [("power", Outcome.FAIL), ("never", Outcome.SKIPPED)]
    assert record.steps[1].error == "not run: the run stopped with FAIL (power.rail)"


def test_unset_measurement_fails_its_step() -> None:
    script = new_script()

    @script.step(measurements=["set_one", "forgotten"])
    def partial(ctx):
        ctx.measure("set_one", 1)

    record, _ = run_script(script)
    assert record.outcome is Outcome.FAIL
    assert record.failure_code == "partial.forgotten"
    forgotten = record.steps[0].measurements[1]
    assert forgotten.outcome is Outcome.UNSET and forgotten.value is None


def test_continue_on_fail_runs_every_step_and_reports_first_failure() -> None:
    script = new_script(stop_on_fail=False)
    ran: list[str] = []

    @script.step(measurements=[measurement("a", check=one_of("ok"))])
    def one(ctx):
        ran.append("one")
        ctx.measure("a", "bad")

    @script.step(measurements=[measurement("b", check=one_of("ok"))])
    def two(ctx):
        ran.append("two")
        ctx.measure("b", "bad")

    record, _ = run_script(script)
    assert ran == ["one", "two"]
    assert record.outcome is Outcome.FAIL and record.failure_code == "one.a"


def test_exception_is_error_with_traceback_in_log_and_stops() -> None:
    script = new_script(stop_on_fail=False)

    @script.step
    def broken(ctx):
        raise RuntimeError("fixture relay stuck")

    @script.step
    def after(ctx):
        raise AssertionError("an ERROR always stops the run")

    record, _ = run_script(script)
    assert record.outcome is Outcome.ERROR
    assert record.failure_code == "broken"
    assert "RuntimeError: fixture relay stuck" in (record.failure_reason or "")
    assert any("Traceback" in line.message and line.level == "ERROR" for line in record.logs)
    assert [(s.name, s.outcome) for s in record.steps] == [("broken", Outcome.ERROR), ("after", Outcome.SKIPPED)]


def test_undeclared_measurement_is_a_script_error_not_a_dut_fail() -> None:
    script = new_script()

    @script.step(measurements=["a"])
    def typo(ctx):
        ctx.measure("b", 1)

    record, _ = run_script(script)
    assert record.outcome is Outcome.ERROR
    assert "did not declare measurement 'b'" in (record.failure_reason or "")


def test_timeout_ends_run_as_error_and_still_tears_down() -> None:
    script = new_script()
    plug = CountingPlug()
    release = threading.Event()
    teardown_ran: list[bool] = []

    @script.step(timeout_s=0.2, retries=3, measurements=["late"])
    def hangs(ctx, fixture):
        release.wait(5)
        try:
            ctx.measure("late", 1)  # refused: the step was abandoned
        except Exception as exc:  # noqa: BLE001
            teardown_ran.append(type(exc).__name__ == "ScriptError")

    @script.teardown
    def power_off(ctx, fixture):
        fixture.powered = False
        teardown_ran.append(True)

    record, events = run_script(script, plugs={"fixture": plug})
    release.set()
    assert record.outcome is Outcome.ERROR
    assert record.failure_code == "hangs"
    assert "timed out after 0.2 s" in (record.failure_reason or "")
    assert record.steps[0].attempts == 1, "a timed-out step is never retried"
    assert [s.name for s in record.steps] == ["hangs", "power_off"]
    assert record.steps[1].outcome is Outcome.PASS
    assert plug.torn_down == 1
    assert len(events.of(StepStarted)) == 2
    # the abandoned step's late measure is refused, so the record has it UNSET
    assert record.steps[0].measurements[0].outcome is Outcome.UNSET


def test_retries_rerun_a_failing_step_with_fresh_measurements() -> None:
    script = new_script()
    calls = {"n": 0}

    @script.step(retries=3, measurements=[measurement("ok", check=one_of(True))])
    def flaky(ctx):
        calls["n"] += 1
        ctx.measure("ok", calls["n"] >= 3)

    record, events = run_script(script)
    assert record.outcome is Outcome.PASS
    assert record.steps[0].attempts == 3
    assert [e.attempt for e in events.of(StepStarted)] == [1, 2, 3]


def test_retries_are_capped() -> None:
    script = new_script()
    calls = {"n": 0}

    @script.step(retries=2, measurements=[measurement("ok", check=one_of(True))])
    def always_bad(ctx):
        calls["n"] += 1
        ctx.measure("ok", False)

    record, _ = run_script(script)
    assert record.outcome is Outcome.FAIL
    assert calls["n"] == 3 and record.steps[0].attempts == 3
    with pytest.raises(ValueError, match="retries must be 0..10"):
        new_script().step(lambda ctx: None, retries=11)


def test_teardown_runs_after_failure_and_exception() -> None:
    def make(body: str) -> Script:
        script = new_script()

        @script.step(measurements=[measurement("x", check=one_of(1))])
        def work(ctx, fixture):
            fixture.powered = True
            if body == "raise":
                raise OSError("port vanished")
            ctx.measure("x", 2)

        return script

    for body in ("fail", "raise"):
        script = make(body)
        plug = CountingPlug()

        @script.teardown
        def power_off(ctx, fixture):
            fixture.powered = False

        record, _ = run_script(script, plugs={"fixture": plug})
        assert record.outcome is (Outcome.FAIL if body == "fail" else Outcome.ERROR)
        assert record.steps[-1].name == "power_off" and record.steps[-1].outcome is Outcome.PASS
        assert plug.torn_down == 1 and plug.powered is False


def test_plugs_are_created_once_per_run_and_torn_down_once() -> None:
    script = new_script()
    created: list[object] = []

    class Fixture(Plug):
        def __init__(self) -> None:
            created.append(self)
            self.closed = 0

        def tear_down(self) -> None:
            self.closed += 1

    @script.step
    def a(ctx, fixture):
        pass

    @script.step
    def b(fixture, ctx):
        pass

    from pathlib import Path

    from station.runner.loader import LoadedScript
    from station.runner.plugs import PlugRegistry
    from station.runner.runner import Runner, RunOptions
    from station.testkit.limits import Limits

    runner = Runner(
        LoadedScript(script, Path("x.py"), "0" * 64),
        Limits({}, None, None, None),
        PlugRegistry({"fixture": lambda env: Fixture()}),
        EventBus(),
    )
    record = runner.run(RunOptions(serial="S"))
    assert record.outcome is Outcome.PASS
    assert len(created) == 1 and created[0].closed == 1


def test_plug_that_fails_to_open_is_error_and_earlier_plugs_torn_down() -> None:
    script = new_script()
    first = CountingPlug()

    @script.step
    def uses_both(ctx, dut, fixture):
        pass

    from pathlib import Path

    from station.runner.loader import LoadedScript
    from station.runner.plugs import PlugRegistry
    from station.runner.runner import Runner, RunOptions
    from station.testkit.limits import Limits

    def no_fixture(env):
        raise ConnectionError("no fixture on /dev/ttyACM0")

    runner = Runner(
        LoadedScript(script, Path("x.py"), "0" * 64),
        Limits({}, None, None, None),
        PlugRegistry({"dut": lambda env: first, "fixture": no_fixture}),
        EventBus(),
    )
    record = runner.run(RunOptions(serial="S"))
    assert record.outcome is Outcome.ERROR
    assert record.failure_code == "plug:fixture"
    assert "no fixture on /dev/ttyACM0" in (record.failure_reason or "")
    assert first.torn_down == 1


def test_unknown_plug_is_refused_before_running() -> None:
    from station.errors import InputError

    script = new_script()

    @script.step
    def needs(ctx, fixtur):
        pass

    with pytest.raises(InputError, match="asks for plug 'fixtur'"):
        run_script(script)


def test_prompt_answered_headless_is_recorded() -> None:
    script = new_script()

    @script.step(measurements=[measurement("led_ok", check=one_of(True)), measurement("colour")])
    def led(ctx, prompts):
        ctx.measure("led_ok", ctx.prompt.pass_fail("Is the LED green?", image=b"\x89PNG"))
        ctx.measure("colour", prompts.choice("Which colour?", ["red", "green"], key="colour"))

    record, events = run_script(script, answers={"is_the_led_green": "pass", "colour": "green"})
    assert record.outcome is Outcome.PASS
    from station.events import PromptAnswered, PromptRequested

    asked = events.of(PromptRequested)
    assert [p.prompt_id for p in asked] == ["is_the_led_green", "colour"]
    assert asked[0].image == b"\x89PNG"
    assert [a.answer for a in events.of(PromptAnswered)] == [True, "green"]


def test_unanswered_prompt_is_error_naming_the_key() -> None:
    script = new_script()

    @script.step
    def ask(ctx):
        ctx.prompt.confirm("Clamp closed?")

    record, _ = run_script(script)
    assert record.outcome is Outcome.ERROR
    assert "--answer clamp_closed=" in (record.failure_reason or "")


def test_invalid_prompt_answer_is_error() -> None:
    script = new_script()

    @script.step
    def ask(ctx):
        ctx.prompt.choice("Pick", ["a", "b"], key="pick")

    record, _ = run_script(script, answers={"pick": "c"})
    assert record.outcome is Outcome.ERROR
    assert "'c' is not one of ['a', 'b']" in (record.failure_reason or "")


def test_identity_attachments_and_mac_normalisation() -> None:
    script = new_script()

    @script.step
    def ident(ctx):
        ctx.set_mac("0C2A69ABCDEF")
        ctx.set_device_id("30000c2a69abcdef")
        ctx.attach("frame.png", b"png-bytes", "image/png")

    record, _ = run_script(script)
    assert record.mac == "0c:2a:69:ab:cd:ef"
    assert record.device_id == "30000c2a69abcdef"
    assert record.attachments[0].name == "frame.png" and record.attachments[0].data == b"png-bytes"


def test_abort_between_and_during_steps() -> None:
    script = new_script()
    started = threading.Event()

    @script.step
    def long(ctx):
        started.set()
        time.sleep(1.0)

    @script.step
    def never(ctx):
        raise AssertionError("aborted runs stop")

    abort = AbortSignal()
    threading.Thread(target=lambda: (started.wait(5), abort.set("operator pressed Abort")), daemon=True).start()
    record, _ = run_script(script, abort=abort)
    assert record.outcome is Outcome.ABORTED
    assert record.failure_reason == "operator pressed Abort"
    assert [(s.name, s.outcome) for s in record.steps] == [("long", Outcome.ABORTED), ("never", Outcome.SKIPPED)]


def test_a_record_that_cannot_be_saved_ends_the_run_as_error() -> None:
    script = new_script()

    @script.step
    def one(ctx):
        pass

    @script.step
    def two(ctx):
        raise AssertionError("the run must stop once recording failed")

    bus = EventBus()

    def broken_store(event):
        if isinstance(event, StepFinished):
            raise OSError("disk full")

    bus.subscribe(broken_store, critical=True)
    record, _ = run_script(script, bus=bus)
    assert record.outcome is Outcome.ERROR
    assert record.failure_code == "station:record"
    assert "disk full" in (record.failure_reason or "")


def test_a_broken_live_view_does_not_stop_the_run() -> None:
    script = new_script()

    @script.step
    def one(ctx):
        pass

    errors: list[BaseException] = []
    bus = EventBus(on_error=lambda sub, ev, exc: errors.append(exc))
    bus.subscribe(lambda event: 1 / 0)
    record, _ = run_script(script, bus=bus)
    assert record.outcome is Outcome.PASS
    assert errors and isinstance(errors[0], ZeroDivisionError)


def test_step_declaration_errors() -> None:
    script = new_script()
    script.step(lambda ctx: None, name="a")
    with pytest.raises(ValueError, match="declared twice"):
        script.step(lambda ctx: None, name="a")
    with pytest.raises(ValueError, match="reserved"):
        script.step(lambda ctx: None, name="variants")
    with pytest.raises(ValueError, match="measurement twice"):
        script.step(lambda ctx: None, name="b", measurements=["m", "m"])


def test_a_dut_fault_is_a_fail_of_the_unit_not_a_station_error() -> None:
    from station.testkit import DutFault

    script = new_script()

    @script.step(retries=1, measurements=["firmware"])
    def boot(ctx):
        raise DutFault("console silent for 2 s")

    record, _ = run_script(script)
    assert record.outcome is Outcome.FAIL
    assert record.failure_code == "boot.firmware"
    assert record.failure_reason == "DUT fault: console silent for 2 s in step 'boot'"
    assert record.steps[0].attempts == 2, "a DUT fault is retried like any failure"


def test_abort_while_a_prompt_waits_ends_the_run_aborted() -> None:
    from station.flow.prompting import EventPrompts
    from station.runner.runner import RunOptions

    script = new_script()

    @script.step
    def ask(ctx):
        ctx.prompt.confirm("Clamp closed?")

    prompts = EventPrompts()
    abort = AbortSignal()

    def operator_aborts() -> None:
        while prompts.waiting is None:
            time.sleep(0.01)
        abort.set("operator pressed Abort")
        prompts.cancel("operator pressed Abort")

    threading.Thread(target=operator_aborts, daemon=True).start()
    from pathlib import Path

    from station.runner.loader import LoadedScript
    from station.runner.plugs import PlugRegistry
    from station.runner.runner import Runner
    from station.testkit.limits import Limits

    runner = Runner(LoadedScript(script, Path("x.py"), "0" * 64), Limits({}, None, None, None), PlugRegistry(),
                    EventBus())
    record = runner.run(RunOptions(serial="S", responder=prompts), abort)
    assert record.outcome is Outcome.ABORTED
    assert record.failure_code == "aborted" and record.failure_reason == "operator pressed Abort"
