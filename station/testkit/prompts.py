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

PROMPT_KINDS = ("confirm", "pass_fail", "text", "choice")


class PromptError(StationError):
    """A prompt could not be answered (no responder, no scripted answer, timed out, invalid)."""


@dataclass(frozen=True, slots=True)
class Prompt:
    key: str
    kind: str
    text: str
    options: tuple[str, ...] = ()
    image: bytes | None = None
    timeout_s: float | None = None


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
    if prompt.kind in ("confirm", "pass_fail"):
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
    raise PromptError(f"unknown prompt kind {prompt.kind!r}")
