"""What DUT test scripts import: steps, measurements, limits, plugs and prompts.

    from station.testkit import Script, measurement, in_range

    script = Script("imp_sensor", product="imp-sensor", version="1.0.0")

    @script.step(measurements=[measurement("rail_3v3", "V", in_range(3.2, 3.4))])
    def power_on(ctx, fixture):
        fixture.power(True)
        ctx.measure("rail_3v3", fixture.voltage("3V3"))

Small and stable on purpose: scripts written today must run unchanged next year.
"""

from station.testkit.checks import Check, Outcome, envelope, equals, in_range, matches, one_of, validator
from station.testkit.conditions import Condition, RunView, passed, variant_in
from station.testkit.context import DutFault, ScriptError, StepContext
from station.testkit.plugs import Plug, PlugEnv
from station.testkit.prompts import InstructionPage, Prompt, PromptError, Prompts
from station.testkit.script import Measurement, Script, Step, StepGroup, measurement, series
from station.testkit.series import Series

__all__ = [
    "Check",
    "Condition",
    "InstructionPage",
    "RunView",
    "Series",
    "StepGroup",
    "envelope",
    "passed",
    "series",
    "validator",
    "variant_in",
    "DutFault",
    "Measurement",
    "Outcome",
    "Plug",
    "PlugEnv",
    "Prompt",
    "PromptError",
    "Prompts",
    "Script",
    "ScriptError",
    "Step",
    "StepContext",
    "equals",
    "in_range",
    "matches",
    "measurement",
    "one_of",
]
