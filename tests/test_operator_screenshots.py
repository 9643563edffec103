"""The operator window in each zone and state, on the simulated factory, checked by its pixels.

Each state is grabbed from the real window (idle, testing, a prompt, PASS + FAIL, ERROR) in the
Test Zone and the Production Zone, and the banner's pixels must be the zone's colour. Run with
``STATION_SCREENSHOTS=1`` (ideally under Xvfb: ``Xvfb :99 & DISPLAY=:99 QT_QPA_PLATFORM=xcb``) to
also write docs/screenshots/operator_<zone>_<state>.png.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from station.flow.stages import Stage
from station.ui.operator_theme import ERROR_PURPLE, PRODUCTION_GREEN, TEST_ORANGE
from tests.test_operator_window import (
    WAIT_MS,
    Line,
    on_stage,
    open_line,
    serial_with,
    sign_in,
    type_scan,
    wait_done,
)

REPO = Path(__file__).resolve().parent.parent
WRITE = os.environ.get("STATION_SCREENSHOTS") == "1"
ZONE_COLOURS = {"test": TEST_ORANGE, "production": PRODUCTION_GREEN}

SCRIPT = '''
"""Rails, then the operator judges the LED by eye (the unit waits at the question)."""
from pathlib import Path

from station.testkit import Script, in_range, measurement, one_of

script = Script("imp_sensor_visual", product="imp-sensor", version="1.0.0")


@script.step(timeout_s=5, measurements=[
    measurement("vbus", "V", in_range(4.75, 5.25)), measurement("rail_3v3", "V", in_range(3.2, 3.4)),
    measurement("rail_1v8", "V", in_range(1.71, 1.89)), measurement("idle_current", "mA", in_range(20, 80))])
def power_on(ctx, fixture):
    fixture.power(True, current_limit_ma=250)
    ctx.measure("vbus", fixture.voltage("VBUS"))
    ctx.measure("rail_3v3", fixture.voltage("3V3"))
    ctx.measure("rail_1v8", fixture.voltage("1V8"))
    ctx.measure("idle_current", fixture.current_ma())


@script.step(timeout_s=300, measurements=[measurement("led_seen", check=one_of("GREEN"))])
def status_led(ctx, dut):
    dut.query("LED GREEN")
    green = ctx.prompt.pass_fail("Is the status LED green?", key="led_green",
                                 image=Path(__file__).with_name("led.png").read_bytes())
    ctx.measure("led_seen", "GREEN" if green else "NOT GREEN")
'''


def visual_script(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (30, 30, 30))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 280, 160), fill=(70, 70, 70), outline=(120, 120, 120), width=4)
    draw.ellipse((140, 80, 180, 120), fill=(40, 230, 70))
    image.save(folder / "led.png")
    path = folder / "imp_sensor_visual.py"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def shot(image: QImage, zone: str, state: str, tmp_path: Path) -> QImage:
    """Check the banner is the zone's colour, keep the PNG (in docs/ when asked)."""
    assert not image.isNull() and image.width() > 800
    target = (REPO / "docs" / "screenshots" if WRITE else tmp_path) / f"operator_{zone}_{state}.png"
    assert image.save(str(target)), target
    return image


def banner_colour(image: QImage) -> str:
    return QColor(image.pixel(6, 6)).name()


def grab_window(line: Line) -> QImage:
    QApplication.processEvents()
    return line.window.grab().toImage()


def grab_screen(line: Line) -> QImage:
    """The window with its dialog on top (a real screen under Xvfb; composed by hand offscreen)."""
    QApplication.processEvents()
    screen = QGuiApplication.primaryScreen()
    if QGuiApplication.platformName() == "xcb":
        return screen.grabWindow(0).toImage()
    from PySide6.QtGui import QPainter

    base = line.window.grab().toImage()
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        painter = QPainter(base)
        over = dialog.grab().toImage()
        painter.fillRect(base.rect(), QColor(0, 0, 0, 90))
        painter.drawImage((base.width() - over.width()) // 2, (base.height() - over.height()) // 2, over)
        painter.end()
    return base


@pytest.mark.parametrize("zone", ["test", "production"])
def test_operator_window_states_in_each_zone(qtbot: Any, tmp_path: Path, zone: str) -> None:
    colour = ZONE_COLOURS[zone]
    with open_line(qtbot, slots=2, zone=zone, script=visual_script(tmp_path)) as line:
        line.window.resize(1600, 900)
        line.window.move(0, 0)
        sign_in(qtbot, line)
        idle = shot(grab_window(line), zone, "idle", tmp_path)
        assert banner_colour(idle) == colour
        type_scan(qtbot, line.window, serial_with(None))
        window = line.window
        qtbot.waitUntil(lambda: window.prompt_dialog is not None and window.prompt_dialog.isVisible(),
                        timeout=WAIT_MS)
        qtbot.waitUntil(lambda: len(window.state.slots[0].measurements) >= 4, timeout=WAIT_MS)
        assert window.state.slots[0].stage is Stage.TESTING
        testing = shot(grab_window(line), zone, "testing", tmp_path)
        assert banner_colour(testing) == colour
        shot(grab_screen(line), zone, "prompt", tmp_path)
        line.station.abort(1, "screenshot done")
        wait_done(qtbot, window)

    with open_line(qtbot, slots=2, zone=zone) as line:
        window = line.window
        window.resize(1600, 900)
        sign_in(qtbot, line)
        type_scan(qtbot, window, serial_with(None))
        qtbot.waitUntil(lambda: window.state.slots[0].stage is not Stage.IDLE, timeout=WAIT_MS)
        type_scan(qtbot, window, serial_with("weak 3V3 regulator"))
        wait_done(qtbot, window, 1)
        wait_done(qtbot, window, 2)
        qtbot.waitUntil(lambda: window.state.slots[0].label_status == "printed", timeout=WAIT_MS)
        assert [s.outcome for s in window.state.slots] == ["PASS", "FAIL"]
        image = shot(grab_window(line), zone, "pass_fail", tmp_path)
        assert banner_colour(image) == colour

        on_stage(line, Stage.TESTING, line.world.unplug_fixture)
        type_scan(qtbot, window, serial_with(None, start=200))
        qtbot.waitUntil(lambda: window.state.slots[0].outcome == "" or window.state.slots[1].outcome == "",
                        timeout=WAIT_MS)
        qtbot.waitUntil(lambda: any(s.outcome == "ERROR" for s in window.state.slots), timeout=WAIT_MS)
        image = shot(grab_window(line), zone, "error", tmp_path)
        panel = next(p for p, s in zip(window.panels, window.state.slots, strict=True) if s.outcome == "ERROR")
        verdict = panel.verdict.grab().toImage()
        assert QColor(verdict.pixel(verdict.width() // 2, 4)).name() == ERROR_PURPLE
