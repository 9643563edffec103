"""Matching observed frames to sent symbols when the display dropped or repeated some.

Both framings change level at every frame boundary, so a slot that shows the *same* level as the
slot before is an event: either a dropped frame (the slot still shows the old image; that symbol is
lost, the rest stay on time) or a repeated frame (the slot is a second copy; the rest arrive one
frame late). Which one it was is not visible locally, so we search: a best-first search over
explanations, cheapest (fewest events) first, where a :class:`Grammar` says which levels a symbol
may take, how long the transmission is once its header is read, and whether a finished candidate
passes the framing's checks. Only a candidate that passes is returned; a failed one costs nothing.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from station.blinkup.errors import DecodeError

T = TypeVar("T")

#: A symbol the search could not observe (its frame was dropped).
ERASED = -1


class Grammar(Protocol[T]):
    """What one framing tells the search."""

    def allowed(self, i: int, level: int, symbols: Sequence[int]) -> bool:
        """May symbol ``i`` be shown as ``level`` given the symbols before it?"""

    def known(self, i: int) -> int | None:
        """The fixed value of symbol ``i`` (preamble, header), or None for data."""

    def targets(self, symbols: Sequence[int]) -> list[int] | None:
        """Total symbol counts this prefix implies, or None while the length is not yet known."""

    def finish(self, symbols: Sequence[int]) -> T | None:
        """The payload if these symbols pass every check of the framing, else None."""


@dataclass(order=True)
class _State:
    cost: int
    depth: int
    order: int
    j: int = field(compare=False)
    symbols: list[int] = field(compare=False)
    target: int | None = field(compare=False)


@dataclass(frozen=True)
class AlignResult(Generic[T]):
    payload: T
    events: int
    candidates: int


def align(
    levels: Sequence[int],
    roots: list[tuple[int, int, list[int]]],
    grammar: Grammar[T],
    *,
    max_events: int = 16,
    max_candidates: int = 3000,
    max_steps: int = 400_000,
    doubtful: Sequence[bool] | None = None,
) -> AlignResult[T]:
    """Search explanations of ``levels`` starting from ``roots`` = (slot, cost, symbols already fixed).

    ``doubtful[j]`` marks a slot whose brightness is so close to the previous slot's that noise may
    have hidden a repeat: it is also tried as an event, at a higher cost.
    """
    counter = itertools.count()
    heap: list[_State] = []
    for j, cost, symbols in roots:
        heapq.heappush(heap, _State(cost, -len(symbols), next(counter), j, list(symbols), None))
    candidates = steps = 0
    n = len(levels)
    while heap:
        st = heapq.heappop(heap)
        j, syms, target, cost = st.j, st.symbols, st.target, st.cost
        while True:
            steps += 1
            if steps > max_steps:
                raise DecodeError(f"gave up after {max_steps} search steps; the frames are too damaged")
            if target is None:
                found = grammar.targets(syms)
                if found is not None:
                    found = [t for t in found if t >= len(syms)]
                    if not found:
                        break
                    for extra in found[1:]:
                        heapq.heappush(heap, _State(cost, -len(syms), next(counter), j, list(syms), extra))
                    target = found[0]
            if target is not None and len(syms) >= target:
                candidates += 1
                payload = grammar.finish(syms)
                if payload is not None:
                    return AlignResult(payload, cost, candidates)
                if candidates >= max_candidates:
                    raise DecodeError(
                        f"no candidate among {candidates} explanations passed the checks; the frames are too damaged"
                    )
                break
            if j >= n:
                break
            i = len(syms)
            level = levels[j]
            fixed = grammar.known(i)
            normal = grammar.allowed(i, level, syms) and (fixed is None or fixed == level)
            event = j > 0 and level == levels[j - 1]
            weight = 1
            if not event and doubtful is not None and j > 0 and doubtful[j]:
                event, weight = True, 2
            if event and cost < max_events:
                # dropped: symbol i lost; repeated: slot j is an extra copy.
                dropped = [*syms, fixed if fixed is not None else ERASED]
                heapq.heappush(heap, _State(cost + weight, -len(dropped), next(counter), j + 1, dropped, target))
                heapq.heappush(heap, _State(cost + weight, -len(syms), next(counter), j + 1, list(syms), target))
            if not normal:
                break
            syms.append(level)
            j += 1
    raise DecodeError(
        f"no explanation of the frames passed the checks ({candidates} candidates tried); "
        "the flash was incomplete or too damaged"
    )
