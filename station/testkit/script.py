"""Declaring a DUT test script: metadata, ordered steps, their measurements and options.

A script is a module that creates one :class:`Script` and decorates plain functions with
``@script.step(...)``. Steps run in the order they are declared; each asks for the context
(``ctx``) and plugs by parameter name, so the function signature *is* the dependency list and
the runner can check it before the DUT is even powered.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from station.testkit.checks import Check

MAX_RETRIES = 10
"""Retries are capped: a step that fails ten times in a row is not going to pass on the eleventh."""

CONTEXT_PARAMETER = "ctx"
RESERVED_STEP_NAMES = frozenset({"meta", "variants"})


@dataclass(frozen=True, slots=True)
class Measurement:
    """A declared measurement: its name, unit and default check (the limits file may override it)."""

    name: str
    unit: str = ""
    check: Check = field(default_factory=Check)
    description: str = ""


def measurement(
    name: str, unit: str = "", check: Check | None = None, description: str = ""
) -> Measurement:
    """Declare a measurement (a small helper that reads well in a step's decorator)."""
    return Measurement(name=name, unit=unit, check=check or Check(), description=description)


@dataclass(frozen=True, slots=True)
class Step:
    """One step: the function, its measurements, and how it is run."""

    name: str
    function: Callable[..., Any]
    measurements: tuple[Measurement, ...]
    timeout_s: float
    retries: int
    parameters: tuple[str, ...]
    teardown: bool = False
    description: str = ""

    @property
    def plug_names(self) -> tuple[str, ...]:
        """The plugs this step asks for: every parameter except the context."""
        return tuple(p for p in self.parameters if p != CONTEXT_PARAMETER)

    def measurement(self, name: str) -> Measurement | None:
        for declared in self.measurements:
            if declared.name == name:
                return declared
        return None


class Script:
    """A DUT test script: metadata plus ordered steps.

    ``stop_on_fail`` (the default) ends the run at the first failing step; teardown steps
    (``@script.teardown``) always run last, whatever happened, like a ``finally``.
    """

    def __init__(
        self,
        name: str,
        *,
        product: str,
        version: str,
        stop_on_fail: bool = True,
        default_timeout_s: float = 30.0,
        description: str = "",
    ) -> None:
        if not name or not product or not version:
            raise ValueError("a script needs a name, a product and a version")
        self.name = name
        self.product = product
        self.version = version
        self.stop_on_fail = stop_on_fail
        self.default_timeout_s = default_timeout_s
        self.description = description
        self._steps: list[Step] = []

    @property
    def steps(self) -> tuple[Step, ...]:
        """Ordinary steps in declared order (teardown steps excluded)."""
        return tuple(s for s in self._steps if not s.teardown)

    @property
    def teardown_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self._steps if s.teardown)

    @property
    def all_steps(self) -> tuple[Step, ...]:
        return self.steps + self.teardown_steps

    def step(
        self,
        function: Callable[..., Any] | None = None,
        *,
        name: str | None = None,
        measurements: Iterable[Measurement | str] = (),
        timeout_s: float | None = None,
        retries: int = 0,
        description: str = "",
    ) -> Any:
        """Decorate a function as the next step. Usable bare (``@script.step``) or with options."""

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._add(fn, name, measurements, timeout_s, retries, description, teardown=False)
            return fn

        return decorate(function) if function is not None else decorate

    def teardown(
        self,
        function: Callable[..., Any] | None = None,
        *,
        name: str | None = None,
        timeout_s: float | None = None,
    ) -> Any:
        """Decorate a function that always runs at the end (power off, release the clamp)."""

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._add(fn, name, (), timeout_s, 0, "", teardown=True)
            return fn

        return decorate(function) if function is not None else decorate

    def _add(
        self,
        fn: Callable[..., Any],
        name: str | None,
        measurements: Iterable[Measurement | str],
        timeout_s: float | None,
        retries: int,
        description: str,
        *,
        teardown: bool,
    ) -> None:
        step_name = name or fn.__name__
        if step_name in RESERVED_STEP_NAMES:
            raise ValueError(f"step name {step_name!r} is reserved")
        if any(s.name == step_name for s in self._steps):
            raise ValueError(f"step {step_name!r} is declared twice")
        if not 0 <= retries <= MAX_RETRIES:
            raise ValueError(f"step {step_name!r}: retries must be 0..{MAX_RETRIES}, not {retries}")
        declared = tuple(m if isinstance(m, Measurement) else Measurement(m) for m in measurements)
        names = [m.name for m in declared]
        if len(set(names)) != len(names):
            raise ValueError(f"step {step_name!r} declares a measurement twice: {names}")
        timeout = self.default_timeout_s if timeout_s is None else timeout_s
        if timeout <= 0:
            raise ValueError(f"step {step_name!r}: timeout_s must be positive")
        parameters = tuple(inspect.signature(fn).parameters)
        self._steps.append(
            Step(
                name=step_name,
                function=fn,
                measurements=declared,
                timeout_s=timeout,
                retries=retries,
                parameters=parameters,
                teardown=teardown,
                description=description or (inspect.getdoc(fn) or "").split("\n")[0],
            )
        )

    def __repr__(self) -> str:
        return f"Script({self.name!r}, product={self.product!r}, version={self.version!r}, steps={len(self._steps)})"
