"""Declaring a DUT test script: metadata, ordered steps, their measurements and options.

A script is a module that creates one :class:`Script` and decorates plain functions with
``@script.step(...)``. Steps run in the order they are declared; each asks for the context
(``ctx``) and plugs by parameter name, so the function signature *is* the dependency list and
the runner can check it before the DUT is even powered.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from station.testkit.checks import Check
from station.testkit.conditions import Condition, RunView, as_condition

MAX_RETRIES = 10
"""Retries are capped: a step that fails ten times in a row is not going to pass on the eleventh."""

DEFAULT_TIMEOUT_S = 30.0
"""A step's timeout when neither the step nor the script says otherwise."""

CONTEXT_PARAMETER = "ctx"
RESERVED_STEP_NAMES = frozenset({"meta", "variants"})
ROLES = ("step", "setup", "teardown")


@dataclass(frozen=True, slots=True)
class Measurement:
    """A declared measurement: its name, unit and default check (the limits file may override it).

    ``x`` makes it a series (a curve): ``(x name, x unit)``; the value is then (x, y) points and
    ``unit`` is y's unit.
    """

    name: str
    unit: str = ""
    check: Check = field(default_factory=Check)
    description: str = ""
    x: tuple[str, str] | None = None

    @property
    def is_series(self) -> bool:
        return self.x is not None


def measurement(
    name: str, unit: str = "", check: Check | None = None, description: str = ""
) -> Measurement:
    """Declare a measurement (a small helper that reads well in a step's decorator)."""
    return Measurement(name=name, unit=unit, check=check or Check(), description=description)


def series(name: str, unit: str, *, x: str, x_unit: str = "", check: Check | None = None,
           description: str = "") -> Measurement:
    """Declare a series measurement: y in ``unit`` against ``x`` in ``x_unit`` (a sweep, a curve)."""
    if not x:
        raise ValueError(f"series {name!r} needs the name of its x axis")
    return Measurement(name=name, unit=unit, check=check or Check(), description=description, x=(x, x_unit))


@dataclass(frozen=True, slots=True)
class Step:
    """One step: the function, its measurements, and how it is run.

    ``group`` is the path of step groups it belongs to and ``role`` says whether it is an ordinary
    step or its group's ``setup``/``teardown``; ``conditions`` (its own ``run_if`` and its groups')
    decide whether it runs; ``params`` are the keyword arguments of one instance of a
    parameterised step, whose ``base_name`` is the name it was declared with.
    """

    name: str
    function: Callable[..., Any]
    measurements: tuple[Measurement, ...]
    timeout_s: float
    retries: int
    parameters: tuple[str, ...]
    teardown: bool = False
    description: str = ""
    group: tuple[str, ...] = ()
    role: str = "step"
    conditions: tuple[Condition, ...] = ()
    params: tuple[tuple[str, Any], ...] = ()
    base_name: str = ""
    retry_on_timeout: bool = False

    @property
    def plug_names(self) -> tuple[str, ...]:
        """The plugs this step asks for: every parameter except the context and its own params."""
        own = {k for k, _ in self.params}
        return tuple(p for p in self.parameters if p != CONTEXT_PARAMETER and p not in own)

    @property
    def group_path(self) -> str:
        return "/".join(self.group)

    def measurement(self, name: str) -> Measurement | None:
        for declared in self.measurements:
            if declared.name == name:
                return declared
        return None

    def should_run(self, run: RunView) -> Condition | None:
        """The first condition that does not hold (the step is skipped), or None (it runs)."""
        for condition in self.conditions:
            if not condition.holds(run):
                return condition
        return None


class _Container:
    """What scripts and step groups share: declaring steps and groups in order."""

    def __init__(self, script: Script | None, path: tuple[str, ...], conditions: tuple[Condition, ...]) -> None:
        self._script = script
        self._path = path
        self._conditions = conditions
        self._items: list[Step | StepGroup] = []

    @property
    def _owner(self) -> Script:
        assert self._script is not None
        return self._script

    def step(
        self,
        function: Callable[..., Any] | None = None,
        *,
        name: str | None = None,
        measurements: Iterable[Measurement | str] = (),
        timeout_s: float | None = None,
        retries: int = 0,
        description: str = "",
        run_if: Condition | Callable[[RunView], Any] | None = None,
        params: Iterable[Mapping[str, Any]] | Mapping[str, Sequence[Any]] | None = None,
        retry_on_timeout: bool = False,
    ) -> Any:
        """Decorate a function as the next step. Usable bare (``@script.step``) or with options.

        ``retries`` re-runs a step that failed or raised, and — with ``retry_on_timeout=True`` — one
        that timed out (opt-in: the timed-out attempt's thread is abandoned, not killed, so only a
        step whose plugs tolerate a stray late call should retry after a timeout); ``run_if`` skips
        it unless a condition on the run so far holds;
        ``params`` makes one step per parameter set — a list of dicts, or ``{"name": [values]}`` —
        each named ``step[name=value]`` and called with those keyword arguments.
        """

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            conditions = self._conditions + ((as_condition(run_if),) if run_if is not None else ())
            base = name or fn.__name__
            for instance, kwargs in _instances(base, params):
                step = self._owner._make(fn, instance, measurements, timeout_s, retries, description, role="step",
                                         group=self._path, conditions=conditions, params=kwargs, base_name=base,
                                         retry_on_timeout=retry_on_timeout)
                self._items.append(step)
            return fn

        return decorate(function) if function is not None else decorate

    def group(self, name: str, *, run_if: Condition | Callable[[RunView], Any] | None = None,
              description: str = "") -> StepGroup:
        """A group of steps with its own setup and teardown (``@group.setup``, ``@group.teardown``):
        the setup runs before the group's first step; if it fails the group's steps are skipped;
        the teardown runs after the group whenever the setup ran, whatever happened, like a
        ``finally``. Groups nest; ``run_if`` skips the whole group."""
        if not name or "/" in name:
            raise ValueError(f"group name {name!r}: non-empty, without '/'")
        conditions = self._conditions + ((as_condition(run_if),) if run_if is not None else ())
        group = StepGroup(self._owner, (*self._path, name), conditions, description)
        self._items.append(group)
        return group

    def _flat(self) -> list[Step]:
        out: list[Step] = []
        for item in self._items:
            out.extend([item] if isinstance(item, Step) else item._flat())
        return out


class StepGroup(_Container):
    """Steps that belong together, with their own setup and teardown (see :meth:`Script.group`)."""

    def __init__(self, script: Script, path: tuple[str, ...], conditions: tuple[Condition, ...],
                 description: str = "") -> None:
        super().__init__(script, path, conditions)
        self.name = path[-1]
        self.description = description
        self._setup: Step | None = None
        self._teardown: Step | None = None

    def setup(self, function: Callable[..., Any] | None = None, *, name: str | None = None,
              timeout_s: float | None = None, measurements: Iterable[Measurement | str] = ()) -> Any:
        """Decorate the group's setup (e.g. switch in a load bank)."""

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            if self._setup is not None:
                raise ValueError(f"group {self.name!r} already has a setup")
            self._setup = self._owner._make(fn, name or fn.__name__, measurements, timeout_s, 0, "", role="setup",
                                            group=self._path, conditions=self._conditions)
            return fn

        return decorate(function) if function is not None else decorate

    def teardown(self, function: Callable[..., Any] | None = None, *, name: str | None = None,
                 timeout_s: float | None = None) -> Any:
        """Decorate the group's teardown: runs after the group whenever its setup ran."""

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            if self._teardown is not None:
                raise ValueError(f"group {self.name!r} already has a teardown")
            self._teardown = self._owner._make(fn, name or fn.__name__, (), timeout_s, 0, "", role="teardown",
                                               group=self._path, conditions=self._conditions)
            return fn

        return decorate(function) if function is not None else decorate

    def _flat(self) -> list[Step]:
        inner = super()._flat()
        return ([self._setup] if self._setup else []) + inner + ([self._teardown] if self._teardown else [])


def _instances(base: str, params: Iterable[Mapping[str, Any]] | Mapping[str, Sequence[Any]] | None,
               ) -> list[tuple[str, tuple[tuple[str, Any], ...]]]:
    """(name, kwargs) of each instance of a (possibly parameterised) step."""
    if params is None:
        return [(base, ())]
    if isinstance(params, Mapping):
        if len(params) != 1:
            raise ValueError(f"step {base!r}: params={{name: [values]}} takes one name; give a list of dicts for more")
        ((key, values),) = params.items()
        sets: list[Mapping[str, Any]] = [{key: v} for v in values]
    else:
        sets = list(params)
    if not sets:
        raise ValueError(f"step {base!r}: params is empty")
    out = []
    for kwargs in sets:
        if not isinstance(kwargs, Mapping) or not kwargs:
            raise ValueError(f"step {base!r}: each parameter set is a non-empty dict, not {kwargs!r}")
        label = ",".join(f"{k}={v}" for k, v in kwargs.items())
        out.append((f"{base}[{label}]", tuple(kwargs.items())))
    return out


class Script(_Container):
    """A DUT test script: metadata plus ordered steps (and step groups).

    ``stop_on_fail`` (the default) ends the run at the first failing step; teardown steps
    (``@script.teardown``) always run last, whatever happened, like a ``finally``. A step without
    ``timeout_s`` gets ``default_timeout_s`` (30 s unless the script says otherwise).
    """

    def __init__(
        self,
        name: str,
        *,
        product: str,
        version: str,
        stop_on_fail: bool = True,
        default_timeout_s: float = DEFAULT_TIMEOUT_S,
        description: str = "",
    ) -> None:
        if not name or not product or not version:
            raise ValueError("a script needs a name, a product and a version")
        super().__init__(None, (), ())
        self._script = self
        self.name = name
        self.product = product
        self.version = version
        self.stop_on_fail = stop_on_fail
        self.default_timeout_s = default_timeout_s
        self.description = description
        self._teardowns: list[Step] = []
        self._names: set[str] = set()
        self._plan: tuple[Step, ...] | None = None  # the flattened steps, until another is declared

    @property
    def steps(self) -> tuple[Step, ...]:
        """Ordinary steps (with group setups and teardowns) in run order; script teardowns excluded."""
        if self._plan is None:
            self._plan = tuple(self._flat())
        return self._plan

    @property
    def teardown_steps(self) -> tuple[Step, ...]:
        return tuple(self._teardowns)

    @property
    def all_steps(self) -> tuple[Step, ...]:
        return self.steps + self.teardown_steps

    def teardown(
        self,
        function: Callable[..., Any] | None = None,
        *,
        name: str | None = None,
        timeout_s: float | None = None,
    ) -> Any:
        """Decorate a function that always runs at the end (power off, release the clamp)."""

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._teardowns.append(self._make(fn, name or fn.__name__, (), timeout_s, 0, "", role="step",
                                              teardown=True))
            return fn

        return decorate(function) if function is not None else decorate

    def _make(
        self,
        fn: Callable[..., Any],
        step_name: str,
        measurements: Iterable[Measurement | str],
        timeout_s: float | None,
        retries: int,
        description: str,
        *,
        role: str,
        teardown: bool = False,
        group: tuple[str, ...] = (),
        conditions: tuple[Condition, ...] = (),
        params: tuple[tuple[str, Any], ...] = (),
        base_name: str | None = None,
        retry_on_timeout: bool = False,
    ) -> Step:
        if step_name in RESERVED_STEP_NAMES:
            raise ValueError(f"step name {step_name!r} is reserved")
        if step_name in self._names:
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
        missing = [k for k, _ in params if k not in parameters]
        if missing:
            raise ValueError(f"step {step_name!r}: the function takes no parameter {missing[0]!r}")
        self._names.add(step_name)
        self._plan = None  # a new step: flatten again on the next look
        return Step(
            name=step_name,
            function=fn,
            measurements=declared,
            timeout_s=timeout,
            retries=retries,
            parameters=parameters,
            teardown=teardown,
            description=description or (inspect.getdoc(fn) or "").split("\n")[0],
            group=group,
            role=role,
            conditions=conditions,
            params=params,
            base_name=base_name or step_name,
            retry_on_timeout=retry_on_timeout,
        )

    def __repr__(self) -> str:
        return f"Script({self.name!r}, product={self.product!r}, version={self.version!r}, steps={len(self.all_steps)})"
