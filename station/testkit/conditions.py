"""Conditional steps: ``run_if=`` decides, when a step is reached, whether it runs or is SKIPPED.

A condition gets a :class:`RunView` — what the run knows so far (serial, slot, variant, every
finished step's outcome and values) — so a step can depend on an earlier one (HardPy's case
dependencies), on the product variant, or on any value measured before. A skipped step is
recorded as SKIPPED with the condition's description, never silently left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from station.testkit.checks import Outcome, describe_callable
from station.testkit.record import StepResult


class RunView:
    """The run so far, read-only, as a condition sees it."""

    def __init__(self, serial: str, slot: int, variant: str | None, steps: Sequence[StepResult]) -> None:
        self.serial = serial
        self.slot = slot
        self.variant = variant
        self._steps = {s.name: s for s in steps}

    def outcome(self, step: str) -> Outcome | None:
        """The step's outcome, or None if it has not run."""
        found = self._steps.get(step)
        return None if found is None else found.outcome

    def passed(self, *steps: str) -> bool:
        """Every named step ran and passed."""
        return all(self.outcome(s) is Outcome.PASS for s in steps)

    def value(self, step: str, measurement: str, default: Any = None) -> Any:
        """A value an earlier step measured (``default`` if it was not)."""
        found = self._steps.get(step)
        if found is not None:
            for m in found.measurements:
                if m.name == measurement and m.value is not None:
                    return m.value
        return default


@dataclass(frozen=True, slots=True)
class Condition:
    """A test on the run so far and its description (the record says why a step was skipped)."""

    test: Callable[[RunView], Any]
    text: str

    def holds(self, run: RunView) -> bool:
        return bool(self.test(run))


def as_condition(value: Condition | Callable[[RunView], Any]) -> Condition:
    if isinstance(value, Condition):
        return value
    if not callable(value):
        raise ValueError(f"run_if wants a callable taking the run so far, got {value!r}")
    return Condition(value, describe_callable(value))


def passed(*steps: str) -> Condition:
    """Run only if every named step passed (a dependency between steps)."""
    if not steps:
        raise ValueError("passed() needs at least one step name")
    return Condition(lambda run: run.passed(*steps), f"only if {', '.join(steps)} passed")


def variant_in(*variants: str | None) -> Condition:
    """Run only for these product variants (None: the base product)."""
    return Condition(lambda run: run.variant in variants, f"only for variant {' or '.join(map(str, variants))}")
