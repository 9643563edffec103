"""Operator trust (issue 12): a scan never answers, a unit never signs in, lamps tell the truth.

Every test drives the real window on the simulated factory (cloud emulator over HTTP, fixture
firmware on a pty, SQLite store, ZPL over TCP), typing into the scan field as a scanner does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station.errors import InputError
from station.events import PromptAnswered, ScanRejected, StageChanged
from station.flow.engineer import EngineerRefused
from station.flow.roles import Actor
from station.flow.stages import Stage
from station.sim.world import SimulatedWorld
from station.ui.operator_engineer import EngineerTools
from station.ui.operator_state import CLOUD_DOWN_AFTER
from station.ui.operator_theme import DANGER_RED, HELD_AMBER, PRODUCTION_GREEN
from station.ui.operator_window import OperatorWindow
from tests.test_operator_window import (
    WAIT_MS,
    Line,
    answer_key,
    on_stage,
    open_line,
    prompt_script,
    serial_with,
    sign_in,
    type_scan,
    wait_done,
    wait_question,
)


@pytest.fixture
def line(qtbot: Any) -> Any:
    with open_line(qtbot) as opened:
        yield opened


# -- item 2: scanner and prompts ------------------------------------------------------------------
def test_a_scanner_burst_at_a_question_answers_nothing(qtbot: Any, tmp_path: Path) -> None:
    with open_line(qtbot, script=prompt_script(tmp_path)) as line:
        window = line.window
        sign_in(qtbot, line)
        type_scan(qtbot, window, serial_with(None))
        box = wait_question(qtbot, window, "pass_fail")
        qtbot.wait(window.answer_hold + 20)
        for burst in ("SNF4412", "PF77", "F", "P"):  # F and P inside and at the start of serials; P/F + Enter
            type_scan(qtbot, window, burst)
            assert "answer the question" in window.message.text()
            assert window.message.text().startswith("Not taken") or burst in window.message.text()
        qtbot.wait(window.answer_hold * 3)
        assert line.of(PromptAnswered) == [] and box.isVisible() and box.prompt.kind == "pass_fail"
        assert window.scan_field.text() == ""
        assert line.station.results() == [] and len(line.of(StageChanged)) > 0
        answer_key(qtbot, window, Qt.Key.Key_F)  # the deliberate key
        qtbot.waitUntil(lambda: len(line.of(PromptAnswered)) == 1, timeout=WAIT_MS)
        assert line.of(PromptAnswered)[0].answer is False
        wait_question(qtbot, window, "choice")
        answer_key(qtbot, window, Qt.Key.Key_1)
        wait_done(qtbot, window)
        assert window.state.slots[0].outcome == "FAIL"


def test_a_unit_scanned_before_a_badge_is_refused_and_never_becomes_the_operator(qtbot: Any, line: Line) -> None:
    window = line.window
    serial = serial_with(None)
    type_scan(qtbot, window, serial)
    assert "scan your badge first" in window.message.text() and serial in window.message.text()
    assert window.signed_in == "" and line.station.operator == ""
    with pytest.raises(InputError, match="scan your badge first"):  # the flow refuses it too
        line.station.sign_in(serial)
    assert line.station.scan(serial) is None
    assert line.of(ScanRejected)[-1].reason == "scan your badge first"
    sign_in(qtbot, line, "BADGE-0042")
    assert line.station.operator == "BADGE-0042"


def test_a_badge_scanned_while_the_window_starts_is_not_lost(qtbot: Any) -> None:
    with SimulatedWorld(1) as world:
        window = OperatorWindow(world.station, max_target_age_s=3600.0, sounds=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.keyClicks(window.scan_field, "BADGE-0007")  # before the station has started
        qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
        world.station.start(sync_interval_s=0.5)
        qtbot.waitUntil(lambda: window.state.operator == "BADGE-0007", timeout=WAIT_MS)
        assert world.station.operator == "BADGE-0007"
        window.allow_close()
        window.close()


# -- item 3: readable from two metres ------------------------------------------------------------
def test_table_and_progress_are_cleared_when_a_new_unit_is_accepted(qtbot: Any, line: Line) -> None:
    window = line.window
    sign_in(qtbot, line)
    type_scan(qtbot, window, serial_with("weak 3V3 regulator"))
    wait_done(qtbot, window)
    panel = window.panels[0]
    assert window.state.slots[0].outcome == "FAIL" and panel.table.rowCount() > 0
    assert "rail_3v3 too low" in panel.reason.text() and "3.20–3.40 V" in panel.reason.text()
    seen: list[tuple[int, int, bool]] = []

    def at_scan(changed: set) -> None:
        if "slot:1" in changed and window.state.slots[0].stage is Stage.SCANNED:
            seen.append((panel.table.rowCount(), panel.progress.value(), panel.verdict.isVisible()))

    window.state_changed.connect(at_scan)
    type_scan(qtbot, window, serial_with(None, start=50))
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
    assert seen[0] == (0, 0, False)
    wait_done(qtbot, window)
    done, total = window.state.slots[0].progress()
    assert done == total == window.state.slots[0].planned_steps + 3  # provisioning and bless are counted
    assert panel.progress.format() == f"{total} of {total}"


def test_the_window_fits_1366x768_with_four_equal_slots(qtbot: Any) -> None:
    with SimulatedWorld(4) as world:
        window = OperatorWindow(world.station, sounds=False)
        qtbot.addWidget(window)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 700, hint
        window.resize(1366, 740)
        window.show()
        QApplication.processEvents()
        widths = {panel.width() for panel in window.panels}
        assert max(widths) - min(widths) <= 1, widths
        window.state.slots[0].serial = "DEMO00001-A-VERY-LONG-SERIAL"
        window.panels[0].show_state(window.state.slots[0])
        QApplication.processEvents()
        assert max(p.width() for p in window.panels) - min(p.width() for p in window.panels) <= 1
        window.allow_close()
        window.close()


def test_a_missing_cjk_font_is_named_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QFontDatabase

    from station.ui import app

    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *_a: []))
    assert "fonts-noto-cjk" in app.font_problem("zh_CN")
    assert app.font_problem("es") == "" and app.font_problem("en") == ""


# -- item 4: lamps from reality ------------------------------------------------------------------
def test_scans_are_refused_while_the_fixture_is_disconnected(qtbot: Any, line: Line) -> None:
    window = line.window
    sign_in(qtbot, line)
    line.world.unplug_fixture()
    qtbot.waitUntil(lambda: window.state.devices["fixture"].ok is False, timeout=WAIT_MS)
    assert window.devices.lamps["fixture"].property("colour") == DANGER_RED
    type_scan(qtbot, window, serial_with(None))
    qtbot.waitUntil(lambda: "Fixture disconnected" in window.message.text(), timeout=WAIT_MS)
    assert "call the line engineer" in window.message.text()
    assert line.station.idle() and line.station.results() == []
    line.world.replug_fixture()
    qtbot.waitUntil(lambda: window.state.devices["fixture"].ok is True, timeout=WAIT_MS)
    type_scan(qtbot, window, serial_with(None))
    wait_done(qtbot, window)
    assert window.state.slots[0].outcome == "PASS", window.state.slots[0].reason


def test_the_cloud_lamp_goes_amber_then_red_on_503s_and_green_again(qtbot: Any, line: Line) -> None:
    window = line.window
    sign_in(qtbot, line)
    on_stage(line, Stage.BLESSING, lambda: line.world.cloud_down(True))
    lamp = window.devices.lamps["cloud"]
    colours: list[str] = []
    window.state_changed.connect(lambda changed: colours.append(lamp.property("colour"))
                                 if "devices" in changed else None)
    type_scan(qtbot, window, serial_with(None))
    qtbot.waitUntil(lambda: HELD_AMBER in colours, timeout=WAIT_MS)
    assert "503" in window.devices.problems.text()
    qtbot.waitUntil(lambda: lamp.property("colour") == DANGER_RED, timeout=WAIT_MS)
    assert window.state.cloud_failures >= CLOUD_DOWN_AFTER
    assert "down" in window.devices.problems.text() and "503" in window.devices.problems.text()
    line.world.cloud_down(False)
    wait_done(qtbot, window)
    assert window.state.slots[0].outcome == "PASS"
    assert lamp.property("colour") == PRODUCTION_GREEN and not window.devices.problems.isVisible()


# -- item 6: the shift ---------------------------------------------------------------------------
def test_the_shift_counts_units_and_names_the_script(qtbot: Any, line: Line) -> None:
    window = line.window
    sign_in(qtbot, line)
    for serial in (serial_with(None), serial_with("weak 3V3 regulator")):
        type_scan(qtbot, window, serial)
        qtbot.waitUntil(lambda s=serial: window.state.slots[0].serial == s, timeout=WAIT_MS)
        wait_done(qtbot, window)
    shift = window.state.shift
    assert (shift.tested, shift.passed, shift.failed, shift.errors) == (2, 1, 1, 0)
    assert shift.first_pass_yield() == 0.5
    text = window.shift.counts.text()
    assert "2 tested" in text and "1 PASS" in text and "1 FAIL" in text and "50%" in text
    assert "imp_sensor" in window.shift.script.text() and "1.0.0" in window.shift.script.text()
    assert window.shift.last.text().count("DEMO") == 2
    assert window.panels[0].elapsed.text().count(":") == 1


# -- item 7: the demo operator takes time to reload a nest ---------------------------------------
def test_the_simulated_operator_waits_before_reloading_a_nest() -> None:
    with SimulatedWorld(1, population_faults=False) as world:
        seen: list[StageChanged] = []
        world.station.bus.subscribe(lambda e: seen.append(e) if isinstance(e, StageChanged) else None)
        world.station.start(sync_interval_s=60)
        world.feed(2, reload_s=0.4, timeout_s=120)
        done = next(e for e in seen if e.stage == Stage.DONE.value)
        second = [e for e in seen if e.stage == Stage.SCANNED.value][1]
        assert second.ts - done.ts >= 0.39


# -- item 8: engineer actions in one place -------------------------------------------------------
def test_engineer_rules_and_audit_from_the_window(qtbot: Any, line: Line) -> None:
    window, world = line.window, line.world
    sign_in(qtbot, line, "ENG-7")
    serial = serial_with(None)
    type_scan(qtbot, window, serial)
    wait_done(qtbot, window)
    device_id = line.blessed(serial)[0].device_id
    run_id = window.state.slots[0].run_id
    production = world.admin.device_group(world.fixture_group_id).production_target.id
    qtbot.waitUntil(lambda: len(line.printed(serial)) == 1, timeout=WAIT_MS)

    operator_tools = EngineerTools(world.station, "BADGE-0042", role="operator")  # the API checks the role
    qtbot.addWidget(operator_tools)
    operator_tools.device_edit.setText(device_id)
    operator_tools.reason_edit.setText("try")
    operator_tools.unbless()
    qtbot.waitUntil(lambda: "engineer" in operator_tools.devices_result.text(), timeout=WAIT_MS)
    operator_tools.close()

    qtbot.keyClick(window.scan_field, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: window.engineer_tools is not None and window.engineer_tools.isVisible(), timeout=WAIT_MS)
    tools = window.engineer_tools
    screen = window.screen().availableGeometry()
    assert screen.contains(tools.frameGeometry()) or screen.contains(tools.geometry())
    tools.device_edit.setText(device_id)
    tools.group_edit.setText(world.fixture_group_id)
    tools.reason_edit.setText("rework")
    tools.reassign()  # a fixture group is no production group
    qtbot.waitUntil(lambda: "not a production group" in tools.devices_result.text(), timeout=WAIT_MS)
    assert world.admin.device(device_id).group_id == production
    tools.reprint_edit.setText(run_id)
    tools.reprint_reason_edit.setText("label smudged")
    tools.reprint()
    qtbot.waitUntil(lambda: "reprinted" in tools.reprint_result.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(line.printed(serial)) == 2, timeout=WAIT_MS)
    actions = [(e.actor, e.action, e.subject, e.reason) for e in world.station.parts.audit.events()
               if e.action in ("reassign", "unbless", "reprint")]
    assert actions == [("ENG-7", "reprint", run_id, "label smudged")]
    tools.close()


def test_a_production_target_change_needs_an_engineer_badge(qtbot: Any) -> None:
    with open_line(qtbot, zone="production") as line:
        window, world = line.window, line.world
        sign_in(qtbot, line, "BADGE-0042")
        world.retarget()
        world.station.parts.sync.refresh()
        qtbot.waitUntil(lambda: window.ack_dialog is not None and window.ack_dialog.isVisible(), timeout=WAIT_MS)
        dialog = window.ack_dialog
        assert dialog.needs_badge and dialog.badge_edit.isVisible()
        assert "(rework)" in dialog.change_label.text()  # the new group by its name
        qtbot.keyClick(dialog, Qt.Key.Key_F2)  # an operator cannot acknowledge a production change
        assert "engineer" in dialog.refusal.text() and world.station.parts.sync.pending is not None
        qtbot.keyClicks(dialog.badge_edit, "BADGE-0099")  # another operator's badge: the flow refuses
        qtbot.keyClick(dialog.badge_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "engineer" in dialog.refusal.text() and "BADGE-0099" in dialog.refusal.text(),
                        timeout=WAIT_MS)
        with pytest.raises(EngineerRefused):
            world.station.engineer.acknowledge_targets(Actor("BADGE-0042", "operator"))
        qtbot.keyClicks(dialog.badge_edit, "ENG-3")
        qtbot.keyClick(dialog.badge_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.ack_dialog is None, timeout=WAIT_MS)
        assert world.station.parts.sync.pending is None
        ack = [e for e in world.station.parts.audit.events() if e.action == "config_change"]
        assert [e.actor for e in ack] == ["ENG-3"] and "(rework)" in ack[0].details["change"]


@pytest.mark.parametrize("backend", ["impcentral", "particle"])
def test_the_banner_follows_every_sync_and_never_goes_stale_while_the_cloud_answers(qtbot: Any,
                                                                                   backend: str) -> None:
    """The banner's "synced N s ago" (and its stale warning that blocks the line's eye) came only from
    syncs that changed something: after max_target_age_s of an unchanged cloud it said the targets were
    stale while the station blessed happily. Every sync now reaches the window."""
    with SimulatedWorld(1, backend=backend, population_faults=False) as world:
        window = OperatorWindow(world.station, max_target_age_s=2.0, sounds=False, station_name="sim-station")
        qtbot.addWidget(window)
        window.show()
        try:
            world.station.start(sync_interval_s=0.3)
            qtbot.waitUntil(lambda: window.state.targets.zone == "test", timeout=WAIT_MS)
            first = window.state.targets.synced_at
            qtbot.wait(3000)  # longer than max_target_age_s: the cloud kept answering, nothing changed
            assert window.state.targets.synced_at > first
            assert window.state.targets.usable(2.0), window.banner.sync_label.text()
            assert window.state.targets.age_s() < 2.0
        finally:
            window.allow_close()
            window.close()
