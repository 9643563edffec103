"""The measurement features of issue 15 on the runner: validators, series, groups, conditions,
parameterised steps, subtests, retry on timeout, new prompt kinds, no silent limits, --strict."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from station.errors import InputError
from station.events import EventBus, PromptRequested
from station.runner.loader import LoadedScript
from station.runner.plugs import PlugRegistry
from station.runner.prompts import ScriptedResponder
from station.runner.runner import Runner
from station.testkit import (
    DutFault,
    InstructionPage,
    Outcome,
    Script,
    Series,
    envelope,
    in_range,
    measurement,
    passed,
    series,
    validator,
    variant_in,
)
from station.testkit.limits import Limits, load_limits
from tests.runner_helpers import run_script

pytestmark = pytest.mark.timeout(60)


def steps_of(record):
    return {s.name: s for s in record.steps}


def test_a_custom_validator_judges_and_its_description_is_recorded() -> None:
    script = Script("v", product="p", version="1")

    def is_even(value):
        """an even number of pulses"""
        return value % 2 == 0

    @script.step(measurements=[measurement("pulses", check=validator(is_even)),
                               measurement("odd", check=validator(lambda v: (v % 2 == 1, f"{v} is even"),
                                                                  "an odd number"))])
    def count(ctx):
        ctx.measure("pulses", 4)
        ctx.measure("odd", 4)

    record, _ = run_script(script)
    first, second = record.steps[0].measurements
    assert first.outcome is Outcome.PASS and first.to_dict()["limits"] == {"validator_text": "an even number of pulses"}
    assert second.outcome is Outcome.FAIL and second.reason == "4 is even"
    assert record.failure_code == "count.odd" and "an odd number" in (record.failure_reason or "")


def test_a_limits_file_keeps_the_scripts_validator(tmp_path: Path) -> None:
    script = Script("v", product="p", version="1")

    @script.step(measurements=[measurement("x", check=validator(lambda v: v != 5, "not five"))])
    def one(ctx):
        ctx.measure("x", 5)

    limits = tmp_path / "limits.toml"
    limits.write_text("[one.x]\nlow = 0\nhigh = 10\n")
    record, _ = run_script(script, limits=load_limits(limits, script))
    m = record.steps[0].measurements[0]
    assert m.outcome is Outcome.FAIL and m.check.to_dict() == {"low": 0, "high": 10, "validator_text": "not five"}


def test_series_is_judged_point_by_point_against_an_envelope_and_flat_limits() -> None:
    script = Script("s", product="p", version="1", stop_on_fail=False)
    curve = envelope(low=[(0, 0), (100, 90)], high=[(0, 20), (100, 110)])

    @script.step(measurements=[series("good", "mA", x="dim", x_unit="%", check=curve)])
    def sweep_good(ctx):
        s = ctx.series("good")
        for x in (0, 50, 100):
            s.add(x, x + 5)
        ctx.measure("good", s)

    @script.step(measurements=[series("bad", "mA", x="dim", x_unit="%", check=curve),
                               series("flat", "V", x="t", x_unit="s", check=in_range(1, 2))])
    def sweep_bad(ctx):
        ctx.measure("bad", [(0, 5), (50, 20), (100, 100)])  # 20 at 50 % is below the low envelope (45)
        ctx.measure("flat", [(0, 1.5), (1, 2.5)])

    record, _ = run_script(script)
    good = steps_of(record)["sweep_good"].measurements[0]
    assert good.outcome is Outcome.PASS and isinstance(good.value, Series)
    assert good.to_dict()["value"] == {"kind": "series", "x_name": "dim", "x_unit": "%",
                                       "points": [[0.0, 5.0], [50.0, 55.0], [100.0, 105.0]]}
    bad, flat = steps_of(record)["sweep_bad"].measurements
    assert bad.outcome is Outcome.FAIL and bad.reason == "at dim=50: 20 is below the low envelope (45)"
    assert flat.outcome is Outcome.FAIL and flat.reason.startswith("at t=1: 2.5 is above 2")


def test_envelope_limits_come_from_the_limits_file_and_bad_curves_name_the_line(tmp_path: Path) -> None:
    script = Script("s", product="p", version="1")

    @script.step(measurements=[series("curve", "mA", x="v", x_unit="V")])
    def sweep(ctx):
        ctx.measure("curve", [(1, 10), (2, 30)])

    good = tmp_path / "good.toml"
    good.write_text("[sweep.curve]\nenvelope_high = [[0, 20], [2, 25]]\n")
    record, _ = run_script(script, limits=load_limits(good, script))
    assert record.failure_code == "sweep.curve"
    bad = tmp_path / "bad.toml"
    bad.write_text("\n[sweep.curve]\nenvelope_low = [[2, 0], [1, 5]]\n")
    with pytest.raises(InputError, match="x must rise") as err:
        load_limits(bad, script)
    assert err.value.line == 2


def test_a_step_group_has_its_own_setup_and_teardown_even_when_a_step_fails() -> None:
    script = Script("g", product="p", version="1")
    calls: list[str] = []
    outer = script.group("outer")
    inner = outer.group("inner")

    @outer.setup
    def outer_up(ctx):
        calls.append("outer_up")

    @outer.teardown
    def outer_down(ctx):
        calls.append("outer_down")

    @inner.setup
    def inner_up(ctx):
        calls.append("inner_up")

    @inner.teardown
    def inner_down(ctx):
        calls.append("inner_down")

    @inner.step(measurements=[measurement("x", check=in_range(0, 1))])
    def fails(ctx):
        calls.append("fails")
        ctx.measure("x", 5)

    @inner.step
    def never(ctx):
        calls.append("never")

    @script.step
    def after(ctx):
        calls.append("after")

    @script.teardown
    def finally_(ctx):
        calls.append("teardown")

    record, _ = run_script(script)
    assert calls == ["outer_up", "inner_up", "fails", "inner_down", "outer_down", "teardown"]
    assert record.outcome is Outcome.FAIL and record.failure_code == "fails.x"
    s = steps_of(record)
    assert s["fails"].group == "outer/inner" and s["inner_up"].role == "setup" and s["outer_down"].role == "teardown"
    assert s["inner_down"].outcome is Outcome.PASS


def test_a_failed_group_setup_skips_the_group_but_not_its_teardown_or_later_steps() -> None:
    script = Script("g", product="p", version="1", stop_on_fail=False)
    group = script.group("load")
    calls: list[str] = []

    @group.setup
    def up(ctx):
        raise DutFault("the relay did not click")

    @group.step
    def inside(ctx):
        calls.append("inside")

    @group.teardown
    def down(ctx):
        calls.append("down")

    @script.step
    def later(ctx):
        calls.append("later")

    record, _ = run_script(script)
    assert calls == ["down", "later"]
    s = steps_of(record)
    assert s["inside"].outcome is Outcome.SKIPPED and "setup of group 'load' failed" in s["inside"].error
    assert record.outcome is Outcome.FAIL and record.failure_code == "up"


def test_conditional_steps_are_skipped_and_say_why() -> None:
    script = Script("c", product="p", version="1", stop_on_fail=False)

    @script.step(measurements=[measurement("x", check=in_range(0, 1))])
    def first(ctx):
        ctx.measure("x", 3)

    @script.step(run_if=passed("first"))
    def needs_first(ctx):
        raise AssertionError("must not run")

    @script.step(run_if=variant_in("EU"))
    def eu_only(ctx):
        raise AssertionError("must not run")

    @script.step(run_if=lambda run: run.value("first", "x") == 3)
    def sees_the_value(ctx):
        pass

    record, _ = run_script(script)
    s = steps_of(record)
    assert s["needs_first"].outcome is Outcome.SKIPPED and s["needs_first"].error == "skipped: only if first passed"
    assert s["eu_only"].outcome is Outcome.SKIPPED and "variant EU" in s["eu_only"].error
    assert s["sees_the_value"].outcome is Outcome.PASS
    assert record.outcome is Outcome.FAIL and record.failure_code == "first.x"


def test_parameterised_steps_run_once_per_parameter_and_share_limits_by_base_name(tmp_path: Path) -> None:
    script = Script("p", product="p", version="1", stop_on_fail=False)

    @script.step(params={"level": [25, 50, 100]}, measurements=[measurement("current", "mA")])
    def dim(ctx, level):
        ctx.measure("current", level * 4.0)

    limits = tmp_path / "limits.toml"
    limits.write_text('[dim.current]\nunit = "mA"\nlow = 0\nhigh = 300\n\n["dim[level=100]".current]\nhigh = 500\n')
    record, _ = run_script(script, limits=load_limits(limits, script))
    assert [(s.name, s.outcome.value) for s in record.steps] == [
        ("dim[level=25]", "PASS"), ("dim[level=50]", "PASS"), ("dim[level=100]", "PASS")]
    assert record.steps[2].measurements[0].check.high == 500


def test_subtests_fail_without_stopping_the_step() -> None:
    script = Script("t", product="p", version="1")
    seen: list[str] = []

    @script.step(measurements=[measurement("o1", "mA", in_range(0, 10)), measurement("o2", "mA", in_range(0, 10)),
                               measurement("o3", "mA", in_range(0, 10))])
    def outlets(ctx):
        with ctx.subtest("outlet_1"):
            ctx.measure("o1", 5)
        with ctx.subtest("outlet_2"):
            raise DutFault("outlet 2 is dead")
        with ctx.subtest("outlet_3"):
            seen.append("outlet_3")
            ctx.measure("o3", 50)

    record, _ = run_script(script)
    step = record.steps[0]
    assert seen == ["outlet_3"]
    assert [(t.name, t.outcome.value) for t in step.subtests] == [
        ("outlet_1", "PASS"), ("outlet_2", "FAIL"), ("outlet_3", "FAIL")]
    assert step.subtests[1].error == "DUT fault: outlet 2 is dead" and step.subtests[2].measurements == ("o3",)
    assert step.outcome is Outcome.FAIL and record.outcome is Outcome.FAIL
    assert step.to_dict()["subtests"][1]["outcome"] == "FAIL"


def test_retry_on_timeout_runs_the_step_again_on_a_fresh_thread() -> None:
    script = Script("r", product="p", version="1")
    attempts: list[int] = []
    release = threading.Event()

    @script.step(timeout_s=0.2, retries=2, retry_on_timeout=True, measurements=[measurement("x", check=in_range(0, 1))])
    def slow_first(ctx):
        attempts.append(1)
        if len(attempts) == 1:
            release.wait(5)  # the first attempt hangs
        ctx.measure("x", 1)

    record, _ = run_script(script)
    release.set()
    assert record.outcome is Outcome.PASS
    assert record.steps[0].attempts == 2 and len(attempts) == 2
    assert any("timed out" in line.message and "retrying" in line.message for line in record.logs)


def test_new_prompt_kinds_validate_answers_and_carry_their_details() -> None:
    script = Script("q", product="p", version="1")
    got: dict[str, object] = {}

    @script.step
    def ask(ctx, prompts):
        got["torque"] = prompts.numeric("Torque on the screw?", unit="N·m", low=0, high=5, key="torque")
        got["seen"] = prompts.checkbox("Tick what you see", ["scratch", "dent", "label"], key="seen")
        got["done"] = prompts.instructions("Fit the gasket", ["Open the lid", InstructionPage("Press it in", b"png")],
                                           key="gasket")

    bus = EventBus()
    asked: list[PromptRequested] = []
    bus.subscribe(lambda e: asked.append(e) if isinstance(e, PromptRequested) else None)
    record, _ = run_script(script, answers={"torque": "2.5", "seen": "label,scratch", "gasket": "yes"}, bus=bus)
    assert record.outcome is Outcome.PASS
    assert got == {"torque": 2.5, "seen": ["scratch", "label"], "done": True}
    assert asked[0].prompt.unit == "N·m" and asked[0].prompt.high == 5
    assert asked[2].prompt.pages[1].image == b"png"

    record, _ = run_script(script, answers={"torque": "25", "seen": "", "gasket": "yes"})
    assert record.outcome is Outcome.ERROR and "outside the accepted 0..5" in (record.failure_reason or "")


def _runner(script: Script, strict: bool) -> Runner:
    loaded = LoadedScript(script=script, path=Path("in-memory.py"), sha256="0" * 64)
    return Runner(loaded, Limits(checks={}, path=None, sha256=None, variant=None), PlugRegistry(), EventBus(),
                  responder=ScriptedResponder({}), strict=strict)


def test_a_measurement_without_limits_is_flagged_and_strict_refuses_it() -> None:
    script = Script("n", product="p", version="1")

    @script.step(measurements=[measurement("anything", "V"), measurement("bounded", "V", in_range(0, 1))])
    def one(ctx):
        ctx.measure("anything", 42)
        ctx.measure("bounded", 0.5)

    assert _runner(script, strict=False).unlimited == ("one.anything",)
    with pytest.raises(InputError, match=r"--strict: 1 measurement\(s\) have no limit .*one\.anything"):
        _runner(script, strict=True)
    record, _ = run_script(script)
    m = record.steps[0].measurements[0].to_dict()
    assert m["no_limit"] is True and m["limits_text"] == "no limit: any value passes"
    assert record.steps[0].measurements[1].to_dict()["no_limit"] is False
    assert any(line.level == "WARNING" and "no limit: any value passes: one.anything" in line.message
               for line in record.logs)
