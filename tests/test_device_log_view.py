"""The engineer tools show the live cloud log of the unit in a slot (issue 14), on the simulated
factory: a real station, fixture, cloud emulator and window (offscreen). With
``STATION_SCREENSHOTS=1`` (under Xvfb) it also writes docs/screenshots/engineer_device_log.png."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.test_operator_screenshots import visual_script
from tests.test_operator_window import WAIT_MS, open_line, serial_with, type_scan, wait_done

REPO = Path(__file__).resolve().parent.parent


def test_engineer_tools_follow_the_cloud_log_of_the_unit_in_a_slot(qtbot: Any, tmp_path: Path) -> None:
    with open_line(qtbot, script=visual_script(tmp_path)) as line:
        window = line.window
        type_scan(qtbot, window, "ENG-7")
        qtbot.waitUntil(lambda: window.state.role == "engineer", timeout=WAIT_MS)
        type_scan(qtbot, window, serial_with(None))
        # the unit waits at the LED question: it is enrolled, its device ID read by the flow
        qtbot.waitUntil(lambda: window.prompt_dialog is not None and window.prompt_dialog.isVisible(),
                        timeout=WAIT_MS)
        device_id = line.world.station.views()[0].device_id
        assert device_id

        window.open_engineer_tools()
        tools = window.engineer_tools
        tools.tabs.setCurrentWidget(tools.device_log)
        view = tools.device_log
        qtbot.waitUntil(lambda: view.following == device_id, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "device enrolled (factory token)" in view.log.toPlainText(), timeout=WAIT_MS)
        assert device_id in view.slot_box.currentText()
        # the unit itself logs its self-test as the fixture drives it (the simulated factory's DutCloudLog)
        qtbot.waitUntil(lambda: "self-test: power_on PASS" in view.log.toPlainText(), timeout=WAIT_MS)

        qtbot.keyClick(window.prompt_dialog, Qt.Key.Key_P)  # the LED is green: the run goes on to bless
        wait_done(qtbot, window)
        assert window.state.slots[0].outcome == "PASS", window.state.slots[0].reason
        qtbot.waitUntil(lambda: "device blessed into" in view.log.toPlainText(), timeout=WAIT_MS)
        assert "live" in view.status.text()
        if os.environ.get("STATION_SCREENSHOTS") == "1":
            tools.resize(1200, 560)
            QApplication.processEvents()
            assert tools.grab().save(str(REPO / "docs" / "screenshots" / "engineer_device_log.png"))

        view.stop_clicked()
        assert not view.follow_slot.isChecked() and "stopped" in view.status.text()
        tools.close()
        qtbot.waitUntil(lambda: window.engineer_tools is None, timeout=WAIT_MS)
