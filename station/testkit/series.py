"""Series measurements: a curve (y against x, each with a unit), judged point by point.

A sweep — current against dimmer level, gain against frequency — is one measurement whose value is
a :class:`Series`. Its limits apply to every point: a flat ``low``/``high`` on y, and/or an
*envelope* (``envelope_low``/``envelope_high``: piecewise-linear curves of (x, y) corners) that y must
stay within at each x. The record keeps every point, so QA sees the whole curve.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

SERIES_KIND = "series"


@dataclass(slots=True)
class Series:
    """Points (x, y) of one sweep, with the x axis's name and unit (y's unit is the measurement's)."""

    x_name: str
    x_unit: str
    points: list[tuple[float, float]] = field(default_factory=list)

    def add(self, x: float, y: float) -> None:
        self.points.append((float(x), float(y)))

    @property
    def xs(self) -> list[float]:
        return [p[0] for p in self.points]

    @property
    def ys(self) -> list[float]:
        return [p[1] for p in self.points]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": SERIES_KIND, "x_name": self.x_name, "x_unit": self.x_unit,
                "points": [[x, y] for x, y in self.points]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Series:
        return cls(str(data.get("x_name", "x")), str(data.get("x_unit", "")),
                   [(float(x), float(y)) for x, y in data.get("points", [])])

    @classmethod
    def of(cls, value: Any, x_name: str, x_unit: str) -> Series:
        """A Series from what a step passed to ``ctx.measure``: a Series or (x, y) pairs."""
        if isinstance(value, Series):
            return value
        if isinstance(value, dict):
            return cls.from_dict(value)
        try:
            return cls(x_name, x_unit, [(float(x), float(y)) for x, y in value])
        except (TypeError, ValueError):
            raise ValueError(f"a series measurement takes (x, y) pairs, got {value!r}") from None

    def __str__(self) -> str:
        return f"{len(self.points)} points"


def revive(value: Any) -> Any:
    """A stored value back as a Series when it is one (the store keeps values as JSON)."""
    if isinstance(value, dict) and value.get("kind") == SERIES_KIND:
        return Series.from_dict(value)
    return value


def plain(value: Any) -> Any:
    """A measured value as JSON-ready data."""
    return value.to_dict() if isinstance(value, Series) else value


def as_curve(points: Iterable[Sequence[float]] | None, what: str) -> tuple[tuple[float, float], ...] | None:
    """Validate an envelope curve: at least two (x, y) corners with rising x."""
    if points is None:
        return None
    try:
        curve = tuple((float(x), float(y)) for x, y in points)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a list of [x, y] corners") from None
    if len(curve) < 2:
        raise ValueError(f"{what} needs at least two [x, y] corners")
    if any(b[0] <= a[0] for a, b in zip(curve, curve[1:], strict=False)):
        raise ValueError(f"{what}: x must rise from corner to corner")
    return curve


def interpolate(curve: tuple[tuple[float, float], ...], x: float) -> float | None:
    """y of the piecewise-linear curve at x; None outside its x span."""
    if x < curve[0][0] or x > curve[-1][0] or math.isnan(x):
        return None
    for (x0, y0), (x1, y1) in zip(curve, curve[1:], strict=False):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return None
