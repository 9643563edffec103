"""The plug registry: which object a step gets for ``fixture``, ``dut``, ``camera``, ...

The registry maps a plug name to a factory taking a :class:`PlugEnv`. The station composes it
from configuration (real hardware) or from the simulated factory (``--sim``); scripts never know
which. ``open_plugs`` creates exactly the plugs a script asks for, once, and returns a closer
that tears them down in reverse order, whatever happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from station.errors import InputError, StationError
from station.testkit.plugs import PlugEnv, tear_down

PlugFactory = Callable[[PlugEnv], Any]


class PlugError(StationError):
    """A plug could not be created (the fixture is not there, the camera is busy)."""

    def __init__(self, name: str, cause: BaseException) -> None:
        self.name = name
        super().__init__(f"plug {name!r} could not be opened: {cause}")


class PlugRegistry:
    def __init__(self, factories: dict[str, PlugFactory] | None = None) -> None:
        self._factories: dict[str, PlugFactory] = dict(factories or {})

    def register(self, name: str, factory: PlugFactory) -> None:
        self._factories[name] = factory

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._factories))

    def check(self, wanted: Iterable[tuple[str, str]]) -> None:
        """Refuse a script whose steps ask for plugs nobody provides: ``(step, plug)`` pairs."""
        for step_name, plug_name in wanted:
            if plug_name not in self._factories:
                available = ", ".join(self.names()) or "none"
                raise InputError(
                    f"step {step_name!r} asks for plug {plug_name!r}, which this station does not provide "
                    f"(available: {available})"
                )

    def open(self, names: Iterable[str], env: PlugEnv, *, extra: dict[str, Any] | None = None) -> OpenPlugs:
        """Create each named plug once; on a failure, tear down the ones already made and raise."""
        plugs = OpenPlugs()
        for name in dict.fromkeys(names):
            if extra and name in extra:
                plugs.add(name, extra[name], owned=False)
                continue
            try:
                plugs.add(name, self._factories[name](env), owned=True)
            except Exception as exc:
                plugs.close()
                raise PlugError(name, exc) from exc
        return plugs


class OpenPlugs:
    """The live plugs of one run; ``close`` tears the owned ones down in reverse order."""

    def __init__(self) -> None:
        self._plugs: dict[str, Any] = {}
        self._owned: list[str] = []

    def add(self, name: str, plug: Any, *, owned: bool) -> None:
        self._plugs[name] = plug
        if owned:
            self._owned.append(name)

    def __getitem__(self, name: str) -> Any:
        return self._plugs[name]

    def close(self) -> list[tuple[str, BaseException]]:
        """Tear down every owned plug; returns the failures instead of raising (all must be tried)."""
        failures: list[tuple[str, BaseException]] = []
        while self._owned:
            name = self._owned.pop()
            try:
                tear_down(self._plugs[name])
            except Exception as exc:
                failures.append((name, exc))
        return failures
