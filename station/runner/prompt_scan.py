"""Which operator prompts a DUT script asks, read from its source without running it.

A station without a window (``station line``) answers prompts with the fixture's buttons, so it
can take yes/no questions only; a script that would ask for text or a choice must be refused at
start, not discovered in the middle of a unit. The scan reads the script's syntax tree for calls
on the prompt object (``ctx.prompt.text(...)``, ``prompts.choice(...)``); the headless responder
refuses any other kind at run time as well, so a prompt the scan cannot see still ends as ERROR.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

BUTTON_KINDS = frozenset({"confirm", "pass_fail"})


@dataclass(frozen=True, slots=True)
class PromptUse:
    kind: str
    line: int


def _is_prompt_object(node: ast.expr) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "prompt"  # ctx.prompt
    return isinstance(node, ast.Name) and node.id == "prompts"  # the prompts plug


def prompt_uses(path: Path) -> list[PromptUse]:
    """Every ``<prompt>.<kind>(...)`` call in the script, in source order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    uses = [
        PromptUse(node.func.attr, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is_prompt_object(node.func.value)
    ]
    return sorted(uses, key=lambda use: use.line)


def unanswerable_by_buttons(path: Path) -> list[PromptUse]:
    """The prompts a buttons-only station cannot answer (anything but confirm and pass/fail)."""
    return [use for use in prompt_uses(path) if use.kind not in BUTTON_KINDS]
