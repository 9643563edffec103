"""Prompt responders for places without the operator window: scripted answers and a terminal.

In CI and headless runs prompts are answered from a table (``--answer key=value``); an
unanswered prompt is a station error that says which key to supply, never a silent default.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from station.testkit.prompts import Prompt, PromptError


class ScriptedResponder:
    """Answers prompts by key from a mapping (answers may be lists, consumed in order)."""

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self._answers = {k: list(v) if isinstance(v, list) else [v] for k, v in answers.items()}

    def answer(self, prompt: Prompt) -> Any:
        queue = self._answers.get(prompt.key)
        if not queue:
            raise PromptError(
                f"no answer for prompt {prompt.key!r} ({prompt.text!r}) in a headless run; "
                f"pass --answer {prompt.key}=..."
            )
        return queue.pop(0) if len(queue) > 1 else queue[0]


class ConsoleResponder:
    """Asks on the terminal; falls back to scripted answers first when given."""

    def __init__(self, scripted: ScriptedResponder | None = None) -> None:
        self._scripted = scripted

    def answer(self, prompt: Prompt) -> Any:
        if self._scripted is not None:
            try:
                return self._scripted.answer(prompt)
            except PromptError:
                pass
        if not sys.stdin or not sys.stdin.isatty():
            raise PromptError(
                f"prompt {prompt.key!r} ({prompt.text!r}) needs an answer but there is no terminal; "
                f"pass --answer {prompt.key}=..."
            )
        if prompt.kind == "instructions":
            for number, page in enumerate(prompt.pages, 1):
                print(f"\n  {number}/{len(prompt.pages)}: {page.text}", file=sys.stderr, flush=True)
        span = f"{prompt.low if prompt.low is not None else ''}..{prompt.high if prompt.high is not None else ''}"
        hint = {"confirm": "[y/n]", "pass_fail": "[pass/fail]", "text": "", "choice": f"{list(prompt.options)}",
                "numeric": f"[{prompt.unit} {span}]".replace(" ]", "]"), "instructions": "[done: y / gave up: n]",
                "checkbox": f"{list(prompt.options)} (comma-separated, empty for none)"}
        print(f"\n? {prompt.text} {hint.get(prompt.kind, '')}", file=sys.stderr, flush=True)
        return input("> ").strip()
