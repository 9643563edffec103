"""Operator prompts a step can ask: confirm, pass/fail (optionally with an image), text, choice.

The step calls ``ctx.prompt.confirm(...)``; who answers depends on where the run happens — the
operator window, a terminal, or scripted answers in CI — through a :class:`PromptResponder`.
Answers are validated here, once, so every responder gets the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from station.errors import StationError

PROMPT_KINDS = ("confirm", "pass_fail", "text", "choice", "numeric", "checkbox", "instructions")


class PromptError(StationError):
    """A prompt could not be answered (no responder, no scripted answer, timed out, invalid)."""


@dataclass(frozen=True, slots=True)
class InstructionPage:
    """One page of a multi-step instruction: what to do, optionally with a picture (PNG/JPEG bytes)."""

    text: str
    image: bytes | None = None


@dataclass(frozen=True, slots=True)
class Prompt:
    key: str
    kind: str
    text: str
    options: tuple[str, ...] = ()
    image: bytes | None = None
    timeout_s: float | None = None
    unit: str = ""  # numeric: the unit the operator reads in
    low: float | None = None  # numeric: the accepted input range (a typo is refused, not recorded)
    high: float | None = None
    pages: tuple[InstructionPage, ...] = ()  # instructions: the steps, in order


class PromptResponder(Protocol):
    """Answers prompts: the UI, a console, or a table of scripted answers."""

    def answer(self, prompt: Prompt) -> Any: ...


def slug(text: str) -> str:
    """A stable key from prompt text, for scripted answers: ``"Is the LED green?"`` → ``is_the_led_green``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:64] or "prompt"


class Prompts:
    """The ``prompts`` plug (also ``ctx.prompt``): asks, waits, validates, records."""

    def __init__(
        self,
        responder: PromptResponder | None,
        on_ask: Callable[[Prompt], None] | None = None,
        on_answer: Callable[[Prompt, Any], None] | None = None,
    ) -> None:
        self._responder = responder
        self._on_ask = on_ask
        self._on_answer = on_answer

    def confirm(self, text: str, *, key: str | None = None, image: bytes | None = None,
                timeout_s: float | None = None) -> bool:
        """Ask the operator to confirm (OK / Cancel); True when confirmed."""
        return bool(self._ask(Prompt(key or slug(text), "confirm", text, (), image, timeout_s)))

    def pass_fail(self, text: str, *, key: str | None = None, image: bytes | None = None,
                  timeout_s: float | None = None) -> bool:
        """Ask the operator to judge by eye (e.g. an LED colour); True for PASS."""
        return bool(self._ask(Prompt(key or slug(text), "pass_fail", text, (), image, timeout_s)))

    def text(self, text: str, *, key: str | None = None, timeout_s: float | None = None) -> str:
        """Ask for free text (e.g. a reading off a gauge)."""
        return str(self._ask(Prompt(key or slug(text), "text", text, (), None, timeout_s)))

    def choice(self, text: str, options: Sequence[str], *, key: str | None = None,
               image: bytes | None = None, timeout_s: float | None = None) -> str:
        """Ask the operator to pick one of ``options``."""
        if not options:
            raise ValueError("a choice prompt needs options")
        return str(self._ask(Prompt(key or slug(text), "choice", text, tuple(options), image, timeout_s)))

    def numeric(self, text: str, *, unit: str = "", low: float | None = None, high: float | None = None,
                key: str | None = None, image: bytes | None = None, timeout_s: float | None = None) -> float:
        """Ask for a number (e.g. a reading off a meter) in ``unit``; an answer outside
        ``low``..``high`` is refused (a typo), so measure the answer against real limits with ``ctx.measure``."""
        if low is not None and high is not None and low > high:
            raise ValueError(f"numeric prompt: low {low} is above high {high}")
        return float(self._ask(Prompt(key or slug(text), "numeric", text, (), image, timeout_s, unit, low, high)))

    def checkbox(self, text: str, options: Sequence[str], *, key: str | None = None, image: bytes | None = None,
                 timeout_s: float | None = None) -> list[str]:
        """Ask the operator to tick every option that applies; the ticked ones, in option order."""
        if not options:
            raise ValueError("a checkbox prompt needs options")
        return list(self._ask(Prompt(key or slug(text), "checkbox", text, tuple(options), image, timeout_s)))

    def instructions(self, text: str, pages: Sequence[str | InstructionPage | tuple[str, bytes | None]], *,
                     key: str | None = None, timeout_s: float | None = None) -> bool:
        """Walk the operator through steps, page by page (each with an optional image); True when
        they confirmed the last page, False when they gave up."""
        built = tuple(p if isinstance(p, InstructionPage) else InstructionPage(p) if isinstance(p, str)
                      else InstructionPage(p[0], p[1]) for p in pages)
        if not built:
            raise ValueError("an instructions prompt needs at least one page")
        return bool(self._ask(Prompt(key or slug(text), "instructions", text, (), None, timeout_s, pages=built)))

    def _ask(self, prompt: Prompt) -> Any:
        if self._responder is None:
            raise PromptError(f"prompt {prompt.key!r} asked but nobody can answer it here")
        if self._on_ask is not None:
            self._on_ask(prompt)
        answer = validate_answer(prompt, self._responder.answer(prompt))
        if self._on_answer is not None:
            self._on_answer(prompt, answer)
        return answer


_TRUE = {"1", "true", "yes", "y", "ok", "pass", "p"}
_FALSE = {"0", "false", "no", "n", "cancel", "fail", "f"}


def validate_answer(prompt: Prompt, answer: Any) -> Any:
    """Coerce and check an answer for its prompt kind; a wrong answer is a PromptError."""
    if prompt.kind in ("confirm", "pass_fail", "instructions"):
        if isinstance(answer, bool):
            return answer
        text = str(answer).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise PromptError(f"prompt {prompt.key!r} wants yes/no (pass/fail), got {answer!r}")
    if prompt.kind == "choice":
        if answer not in prompt.options:
            raise PromptError(f"prompt {prompt.key!r}: {answer!r} is not one of {list(prompt.options)}")
        return answer
    if prompt.kind == "text":
        return str(answer)
    if prompt.kind == "numeric":
        return _numeric(prompt, answer)
    if prompt.kind == "checkbox":
        return _ticked(prompt, answer)
    raise PromptError(f"unknown prompt kind {prompt.kind!r}")


def _numeric(prompt: Prompt, answer: Any) -> float:
    try:
        value = float(str(answer).strip()) if not isinstance(answer, (int, float)) or isinstance(answer, bool) \
            else float(answer)
    except ValueError:
        raise PromptError(f"prompt {prompt.key!r} wants a number{' in ' + prompt.unit if prompt.unit else ''}, "
                          f"got {answer!r}") from None
    if value != value or (prompt.low is not None and value < prompt.low) or (
            prompt.high is not None and value > prompt.high):
        low = "-inf" if prompt.low is None else f"{prompt.low:g}"
        high = "inf" if prompt.high is None else f"{prompt.high:g}"
        raise PromptError(f"prompt {prompt.key!r}: {value:g} {prompt.unit} is outside the accepted {low}..{high}")
    return value


def _ticked(prompt: Prompt, answer: Any) -> list[str]:
    """A checkbox answer: a list, or comma-separated text ("" for none ticked)."""
    if isinstance(answer, str):
        items = [a.strip() for a in answer.split(",") if a.strip()]
    elif isinstance(answer, (list, tuple, set, frozenset)):
        items = [str(a) for a in answer]
    else:
        raise PromptError(f"prompt {prompt.key!r} wants the ticked options, got {answer!r}")
    unknown = [a for a in items if a not in prompt.options]
    if unknown:
        raise PromptError(f"prompt {prompt.key!r}: {unknown!r} not among {list(prompt.options)}")
    return [o for o in prompt.options if o in items]
