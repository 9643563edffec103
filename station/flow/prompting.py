"""Prompts answered by whoever watches the event stream (the operator window, a test).

The step's thread blocks in :meth:`EventPrompts.answer` until :meth:`EventPrompts.respond` is called
with the same prompt key from another thread, or the prompt's timeout passes.
"""

from __future__ import annotations

import threading
from typing import Any

from station.testkit.prompts import Prompt, PromptError

DEFAULT_PROMPT_TIMEOUT_S = 600.0


class EventPrompts:
    """A prompt responder fed from outside; one per slot (a slot asks one question at a time)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._waiting: Prompt | None = None
        self._answer: Any = None
        self._answered = False
        self._cancelled = ""

    @property
    def waiting(self) -> Prompt | None:
        return self._waiting

    def answer(self, prompt: Prompt) -> Any:
        timeout = prompt.timeout_s or DEFAULT_PROMPT_TIMEOUT_S
        with self._cond:
            self._waiting, self._answered, self._cancelled = prompt, False, ""
            try:
                if not self._cond.wait_for(lambda: self._answered or bool(self._cancelled), timeout):
                    raise PromptError(f"prompt {prompt.key!r} was not answered within {timeout:g} s")
                if self._cancelled:
                    raise PromptError(f"prompt {prompt.key!r} cancelled: {self._cancelled}")
                return self._answer
            finally:
                self._waiting = None

    def respond(self, key: str, answer: Any) -> bool:
        """Answer the prompt now waiting, if its key matches; False if nothing was asking."""
        with self._cond:
            if self._waiting is None or self._waiting.key != key:
                return False
            self._answer, self._answered = answer, True
            self._cond.notify_all()
            return True

    def cancel(self, reason: str) -> None:
        with self._cond:
            if self._waiting is not None:
                self._cancelled = reason
                self._cond.notify_all()
