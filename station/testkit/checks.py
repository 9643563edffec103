"""Measurement checks: the rules a measured value is judged by.

A check is data (it comes from the script or from the limits TOML), so it is a frozen dataclass
with a ``judge`` method and a ``describe`` for humans. Numeric ranges support inclusive or
exclusive ends and an inner *marginal* band: a value inside the limits but outside the marginal
band passes and is flagged marginal, the early warning QA watches for drift.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from station.testkit.series import Series, as_curve, interpolate

NO_LIMIT = "no limit: any value passes"


class Outcome(StrEnum):
    """Outcome of a measurement, a step or a run."""

    PASS = "PASS"
    FAIL = "FAIL"
    ERROR = "ERROR"
    ABORTED = "ABORTED"
    UNSET = "UNSET"
    SKIPPED = "SKIPPED"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement of one value: passed or not, marginal or not, and why (for failures)."""

    passed: bool
    marginal: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Check:
    """One measurement's limits. Every field is optional; an empty check passes any set value.

    ``low``/``high`` bound numbers (``low_inclusive``/``high_inclusive`` choose the ends);
    ``marginal_low``/``marginal_high`` bound the comfortable band inside them; ``equals`` compares
    exactly; ``regex`` must match the whole text; ``one_of`` lists the accepted values;
    ``envelope_low``/``envelope_high`` bound a :class:`Series` point by point; ``validator`` is any
    callable judging the value, described for humans (and the record) by ``validator_text``.
    """

    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    marginal_low: float | None = None
    marginal_high: float | None = None
    equals: Any = None
    regex: str | None = None
    one_of: tuple[Any, ...] | None = None
    envelope_low: tuple[tuple[float, float], ...] | None = None
    envelope_high: tuple[tuple[float, float], ...] | None = None
    validator_text: str | None = None
    validator: Callable[[Any], Any] | None = field(default=None, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)
    _json: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.regex is not None:
            object.__setattr__(self, "_pattern", re.compile(self.regex))
        if self.one_of is not None and not isinstance(self.one_of, tuple):
            object.__setattr__(self, "one_of", tuple(self.one_of))
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        for name in ("envelope_low", "envelope_high"):
            object.__setattr__(self, name, as_curve(getattr(self, name), name))
        if self.validator is not None and not callable(self.validator):
            raise ValueError(f"validator must be callable, not {self.validator!r}")
        if self.validator is not None and not self.validator_text:
            object.__setattr__(self, "validator_text", describe_callable(self.validator))

    @property
    def is_numeric(self) -> bool:
        return self.low is not None or self.high is not None

    @property
    def is_empty(self) -> bool:
        """No rule at all: any value passes (flagged at load and in the record)."""
        return not self.to_dict()

    def judge(self, value: Any) -> Verdict:
        """Judge a value against every rule this check has; the first broken rule is the reason."""
        if isinstance(value, Series):
            return self._judge_series(value)
        verdict = self._judge_plain(value)
        if verdict.passed and self.validator is not None:
            return self._judge_validator(value, verdict)
        return verdict

    def _judge_validator(self, value: Any, verdict: Verdict) -> Verdict:
        """A custom validator returns truthy to pass, or (passed, reason); it raising is a script bug."""
        outcome = self.validator(value)  # type: ignore[misc]
        reason = ""
        if isinstance(outcome, tuple):
            outcome, reason = outcome[0], str(outcome[1]) if len(outcome) > 1 else ""
        if outcome:
            return verdict
        return Verdict(False, reason=reason or f"{value!r} fails {self.validator_text}")

    def _judge_series(self, series: Series) -> Verdict:
        if not series.points:
            return Verdict(False, reason="the series has no points")
        marginal = False
        for x, y in series.points:
            if self.is_numeric or self.marginal_low is not None or self.marginal_high is not None:
                verdict = self._judge_range(y)
                if not verdict.passed:
                    return Verdict(False, reason=f"at {series.x_name}={x:g}: {verdict.reason}")
                marginal = marginal or verdict.marginal
            for curve, below in ((self.envelope_low, True), (self.envelope_high, False)):
                if curve is None:
                    continue
                bound = interpolate(curve, x)
                if bound is None:
                    return Verdict(False, reason=f"{series.x_name}={x:g} is outside the envelope's span "
                                                 f"{curve[0][0]:g}..{curve[-1][0]:g}")
                if (below and y < bound) or (not below and y > bound):
                    side = "below the low" if below else "above the high"
                    return Verdict(False, reason=f"at {series.x_name}={x:g}: {y:g} is {side} envelope ({bound:g})")
        if self.validator is not None:
            return self._judge_validator(series, Verdict(True, marginal=marginal))
        return Verdict(True, marginal=marginal)

    def _judge_plain(self, value: Any) -> Verdict:
        if self.is_numeric:
            verdict = self._judge_range(value)
            if not verdict.passed:
                return verdict
        else:
            verdict = Verdict(True)
        if self.equals is not None and value != self.equals:
            return Verdict(False, reason=f"{value!r} is not {self.equals!r}")
        if self._pattern is not None and (
            not isinstance(value, str) or self._pattern.fullmatch(value) is None
        ):
            return Verdict(False, reason=f"{value!r} does not match /{self.regex}/")
        if self.one_of is not None and value not in self.one_of:
            return Verdict(False, reason=f"{value!r} is not one of {list(self.one_of)!r}")
        return verdict

    def _judge_range(self, value: Any) -> Verdict:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return Verdict(False, reason=f"{value!r} is not a number")
        if math.isnan(value):
            return Verdict(False, reason="value is NaN")
        if self.low is not None and (value < self.low or (value == self.low and not self.low_inclusive)):
            return Verdict(False, reason=f"{value:g} is below {'' if self.low_inclusive else 'or at '}{self.low:g}")
        if self.high is not None and (
            value > self.high or (value == self.high and not self.high_inclusive)
        ):
            return Verdict(False, reason=f"{value:g} is above {'' if self.high_inclusive else 'or at '}{self.high:g}")
        marginal = (self.marginal_low is not None and value < self.marginal_low) or (
            self.marginal_high is not None and value > self.marginal_high
        )
        return Verdict(True, marginal=marginal)

    def describe(self) -> str:
        """A short human form, e.g. ``3.2 ≤ x ≤ 3.4`` or ``= 'OK'``."""
        parts: list[str] = []
        if self.is_numeric:
            low = "" if self.low is None else f"{self.low:g} {'≤' if self.low_inclusive else '<'} "
            high = "" if self.high is None else f" {'≤' if self.high_inclusive else '<'} {self.high:g}"
            parts.append(f"{low}x{high}")
        if self.equals is not None:
            parts.append(f"= {self.equals!r}")
        if self.regex is not None:
            parts.append(f"~ /{self.regex}/")
        if self.one_of is not None:
            parts.append(f"in {list(self.one_of)!r}")
        if self.envelope_low is not None or self.envelope_high is not None:
            parts.append("within the envelope")
        if self.validator_text:
            parts.append(self.validator_text)
        return ", ".join(parts) or NO_LIMIT

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON, computed once (the store writes it with every measurement)."""
        if self._json is None:
            object.__setattr__(self, "_json", json.dumps(self.to_dict(), ensure_ascii=False, default=repr))
        return self._json  # type: ignore[return-value]

    def to_dict(self) -> dict[str, Any]:
        """The check as plain data (for the record and the store), without defaults."""
        out: dict[str, Any] = {}
        for name in ("low", "high", "marginal_low", "marginal_high", "equals", "regex"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.one_of is not None:
            out["one_of"] = list(self.one_of)
        for name in ("envelope_low", "envelope_high"):
            curve = getattr(self, name)
            if curve is not None:
                out[name] = [list(p) for p in curve]
        if self.validator_text:
            out["validator_text"] = self.validator_text
        if self.low is not None and not self.low_inclusive:
            out["low_inclusive"] = False
        if self.high is not None and not self.high_inclusive:
            out["high_inclusive"] = False
        return out


CHECK_FIELDS = frozenset(
    {"low", "high", "low_inclusive", "high_inclusive", "marginal_low", "marginal_high", "equals", "regex", "one_of",
     "envelope_low", "envelope_high"}
)
"""The fields a limits file may set (a validator is code: it lives in the script)."""


def describe_callable(fn: Callable[..., Any]) -> str:
    """A readable description of a validator: its own docstring's first line, else its name."""
    doc = getattr(fn, "__doc__", None)
    if doc and doc is not type(fn).__doc__:  # its own, not one inherited from its type
        return doc.strip().splitlines()[0].strip()
    name = getattr(fn, "__name__", type(fn).__name__)
    return "custom check (lambda)" if name == "<lambda>" else f"{name}()"


def validator(fn: Callable[[Any], Any], description: str | None = None) -> Check:
    """Judge the value with any callable: truthy passes, or return ``(passed, reason)``.

    ``description`` (else the function's docstring, else its name) is what the record says the
    limit was, e.g. ``validator(is_prime, "a prime number")``.
    """
    if not callable(fn):
        raise ValueError(f"validator wants a callable, got {fn!r}")
    return Check(validator=fn, validator_text=description or describe_callable(fn))


def envelope(low: Iterable[Sequence[float]] | None = None, high: Iterable[Sequence[float]] | None = None,
             ) -> Check:
    """Limits of a series: y must stay above ``low`` and below ``high``, each a list of (x, y)
    corners joined by straight lines (for limits per point, give a corner at each point's x)."""
    if low is None and high is None:
        raise ValueError("an envelope needs a low curve, a high curve or both")
    return Check(envelope_low=tuple(map(tuple, low)) if low is not None else None,  # type: ignore[arg-type]
                 envelope_high=tuple(map(tuple, high)) if high is not None else None)  # type: ignore[arg-type]


def in_range(
    low: float | None = None,
    high: float | None = None,
    *,
    marginal_low: float | None = None,
    marginal_high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> Check:
    """A numeric range, optionally with a marginal band inside it."""
    return Check(
        low=low,
        high=high,
        marginal_low=marginal_low,
        marginal_high=marginal_high,
        low_inclusive=low_inclusive,
        high_inclusive=high_inclusive,
    )


def equals(value: Any) -> Check:
    """The value must equal ``value`` exactly."""
    return Check(equals=value)


def matches(regex: str) -> Check:
    """The text must match ``regex`` in full."""
    return Check(regex=regex)


def one_of(*values: Any) -> Check:
    """The value must be one of ``values``."""
    return Check(one_of=tuple(values))
