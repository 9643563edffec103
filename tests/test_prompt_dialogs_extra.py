"""The operator window's dialogs for numeric, checkbox and instruction prompts (keyboard first)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from station.testkit.prompts import InstructionPage, Prompt  # noqa: E402
from station.ui.operator_state import PendingPrompt  # noqa: E402
from station.ui.prompt_dialogs_extra import ExtraPromptDialog, prompt_dialog_for  # noqa: E402


def pending(detail: Prompt) -> PendingPrompt:
    return PendingPrompt(2, "run-1", detail.key, detail.kind, detail.text, detail.options, detail.image, detail)


def answers_of(dialog) -> list:  # type: ignore[no-untyped-def]
    got: list = []
    dialog.answered.connect(lambda slot, key, answer: got.append((slot, key, answer)))
    return got


def test_a_numeric_prompt_refuses_a_typo_and_answers_a_number(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = prompt_dialog_for(pending(Prompt("torque", "numeric", "Torque?", unit="N·m", low=0, high=5)))
    assert isinstance(dialog, ExtraPromptDialog)
    qtbot.addWidget(dialog)
    got = answers_of(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.number, "55")
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    assert got == [] and "Outside" in dialog.problem.text()
    dialog.number.clear()
    qtbot.keyClicks(dialog.number, "2,5")
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    assert got == [(2, "torque", 2.5)]


def test_a_checkbox_prompt_ticks_with_number_keys(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = prompt_dialog_for(pending(Prompt("seen", "checkbox", "Tick what you see", ("scratch", "dent", "label"))))
    qtbot.addWidget(dialog)
    got = answers_of(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    qtbot.keyClick(dialog, Qt.Key.Key_3)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # never an answer
    assert got == []
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert got == [(2, "seen", ["scratch", "label"])]


def test_instructions_walk_page_by_page_and_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    pages = (InstructionPage("Open the lid"), InstructionPage("Press the gasket in"), InstructionPage("Close it"))
    dialog = prompt_dialog_for(pending(Prompt("gasket", "instructions", "Fit the gasket", pages=pages)))
    qtbot.addWidget(dialog)
    got = answers_of(dialog)
    dialog.show()
    assert "1 / 3" in dialog.page_text.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Backspace)
    assert "1 / 3" in dialog.page_text.text()
    for _ in range(2):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert "3 / 3" in dialog.page_text.text() and got == []
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert got == [(2, "gasket", True)]


def test_older_kinds_are_answered_in_their_slot_panel() -> None:
    for prompt in (Prompt("led", "pass_fail", "LED blue?"), Prompt("ok", "confirm", "Seated?"),
                   Prompt("colour", "choice", "Colour?", ("red", "blue")), Prompt("note", "text", "Note?")):
        assert prompt_dialog_for(pending(prompt)) is None


EXTRA_SCRIPT = '''
from station.testkit import Script, in_range, measurement, one_of

script = Script("extra_prompts", product="imp-sensor", version="1.0.0")


@script.step(timeout_s=120, measurements=[measurement("torque", "N*m", in_range(1, 3)),
                                           measurement("ticked", check=one_of("dent"))])
def operator_checks(ctx):
    assert ctx.prompt.instructions("Fit the gasket", ["Open the lid", "Close it"], key="gasket")
    ctx.measure("torque", ctx.prompt.numeric("Torque?", unit="N*m", low=0, high=5, key="torque"))
    ctx.measure("ticked", ",".join(ctx.prompt.checkbox("Tick what you see", ["scratch", "dent"], key="seen")))
'''


def test_the_window_asks_the_newer_kinds_in_their_dialog(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """In the operator window: the slot panel shows the question and the dialog takes the answer."""
    from tests.test_operator_window import WAIT_MS, open_line, serial_with, sign_in, type_scan, wait_done

    script = tmp_path / "extra_prompts.py"
    script.write_text(EXTRA_SCRIPT, encoding="utf-8")
    with open_line(qtbot, script=script) as line:
        window = line.window
        sign_in(qtbot, line)
        type_scan(qtbot, window, serial_with(None))

        def dialog_of(kind: str) -> ExtraPromptDialog:
            qtbot.waitUntil(lambda: window.prompt_dialog is not None and window.prompt_dialog.prompt.kind == kind
                            and window.prompt_dialog.isVisible(), timeout=WAIT_MS)
            box = window.panels[0].prompt_box
            assert box.isVisible() and box.prompt.kind == kind and "window" in box.keys.text()
            return window.prompt_dialog

        steps = dialog_of("instructions")
        qtbot.keyClick(steps, Qt.Key.Key_Return)
        qtbot.keyClick(steps, Qt.Key.Key_Return)
        number = dialog_of("numeric")
        qtbot.keyClicks(number.number, "2.5")
        qtbot.keyClick(number.number, Qt.Key.Key_Return)
        ticks = dialog_of("checkbox")
        qtbot.keyClick(ticks, Qt.Key.Key_2)
        qtbot.keyClick(ticks, Qt.Key.Key_Return)
        wait_done(qtbot, window)
        rows = {r.name: r for r in window.state.slots[0].measurements}
        assert (rows["torque"].value, rows["ticked"].value) == ("2.5", "dent")  # as the panel shows them
        assert window.state.slots[0].outcome == "PASS", window.state.slots[0].reason
        assert window.prompt_dialog is None
