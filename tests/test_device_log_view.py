"""The engineer tools show the live cloud log of the unit in a slot (issue 14), on the simulated
factory: a real station, fixture, cloud emulator and window (offscreen). With
``STATION_SCREENSHOTS=1`` (under Xvfb) it also writes docs/screenshots/engineer_device_log.png."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.test_operator_screenshots import visual_script
from tests.test_operator_window import (
    WAIT_MS,
    answer_key,
    open_line,
    serial_with,
    type_scan,
    wait_done,
    wait_question,
)

REPO = Path(__file__).resolve().parent.parent


def test_engineer_tools_follow_the_cloud_log_of_the_unit_in_a_slot(qtbot: Any, tmp_path: Path) -> None:
    with open_line(qtbot, script=visual_script(tmp_path, ())) as line:
        window = line.window
        type_scan(qtbot, window, "ENG-7")
        qtbot.waitUntil(lambda: window.state.role == "engineer", timeout=WAIT_MS)
        type_scan(qtbot, window, serial_with(None))
        # the unit waits at the LED question: it is enrolled, its device ID read by the flow
        wait_question(qtbot, window, "pass_fail")
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

        answer_key(qtbot, window, Qt.Key.Key_P)  # the LED is green: the run goes on to bless
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


@pytest.mark.parametrize("language", ["en", "es", "zh_CN"], indirect=True)
def test_on_a_particle_line_the_device_log_says_it_is_impcentral_only(qtbot: Any, language: str) -> None:
    """Particle keeps no per-unit log stream the station could follow: the tab says so and asks nothing
    of the cloud (it used to open an impCentral session against Particle's URL and show its errors)."""
    from station.sim.world import SimulatedWorld
    from station.ui.device_log_view import DeviceLogView

    with SimulatedWorld(1, backend="particle", population_faults=False) as world:
        view = DeviceLogView(world.station)
        qtbot.addWidget(view)
        assert not view.available and not view.slot_box.isEnabled() and not view.device_edit.isEnabled()
        assert "impCentral" in view.status.text() and "Particle" in view.status.text()
        if os.environ.get("STATION_SCREENSHOTS") == "1":
            view.resize(1200, 560)
            view.show()
            QApplication.processEvents()
            assert view.grab().save(str(REPO / "docs" / "screenshots" / f"engineer_device_log_particle_{language}.png"))
        view.device_edit.setText("e00fce68aaaaaaaaaaaaaaaa")
        view.follow_typed()
        view.follow("e00fce68aaaaaaaaaaaaaaaa")
        assert view.following == "" and view._follower is None and view._client is None
        view.stop()
