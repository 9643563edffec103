"""The operator window in every state an operator meets, in English, Spanish and Chinese.

One simulated line with four slots goes through: idle (signed in), four units testing, the
questions (slot 1 asks, the others wait in their own panels), PASS / FAIL / ERROR side by side,
and a cloud target change waiting for acknowledgement. Each state is checked by what is on screen
(the banner's colour, the verdict colours, the words in the chosen language) and grabbed.

With ``STATION_SCREENSHOTS=1`` the PNGs go to docs/screenshots/operator_<lang>_<W>x<H>_<state>.png.
Take them on a real X server with a window manager so the window opens maximised, e.g.::

    Xvfb :99 -screen 0 1366x768x24 & DISPLAY=:99 openbox &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb STATION_SCREENSHOTS=1 .venv/bin/pytest tests/test_operator_screenshots.py

(Chinese needs a CJK font: ``apt install fonts-noto-cjk``.) Offscreen, as in CI, the window is
resized to 1366×768 — the smallest panel the station supports — and grabbed with its dialog.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication

from station.flow.stages import Stage
from station.ui.operator_theme import DANGER_RED, ERROR_PURPLE, PRODUCTION_GREEN, TEST_ORANGE, words
from tests.test_operator_window import (
    WAIT_MS,
    Line,
    answer_key,
    open_line,
    serial_with,
    sign_in,
    type_scan,
    wait_done,
)

REPO = Path(__file__).resolve().parent.parent
WRITE = os.environ.get("STATION_SCREENSHOTS") == "1"

SCRIPT = '''
"""Rails, the operator judges the LED by eye, then the meter reads the sleep current."""
from pathlib import Path

from station.testkit import Script, in_range, matches, measurement, one_of

script = Script("imp_sensor_visual", product="imp-sensor", version="1.2.0")
BROKEN_METER = {broken!r}  # the units whose run meets a broken instrument (an ERROR, not the unit's fault)


@script.step(timeout_s=5, measurements=[
    measurement("vbus", "V", in_range(4.75, 5.25)), measurement("rail_3v3", "V", in_range(3.2, 3.4)),
    measurement("rail_1v8", "V", in_range(1.71, 1.89)), measurement("idle_current", "mA", in_range(20, 80)),
    measurement("firmware", check=matches(r"imp-sensor-fw \\d+\\.\\d+\\.\\d+"))])
def power_on(ctx, fixture):
    fixture.power(True, current_limit_ma=250)
    ctx.measure("vbus", fixture.voltage("VBUS"))
    ctx.measure("rail_3v3", fixture.voltage("3V3"))
    ctx.measure("rail_1v8", fixture.voltage("1V8"))
    ctx.measure("idle_current", fixture.current_ma())
    ctx.measure("firmware", "imp-sensor-fw 2.4.1")


@script.step(timeout_s=600, measurements=[measurement("led_seen", check=one_of("GREEN"))])
def status_led(ctx, dut):
    dut.query("LED GREEN")
    green = ctx.prompt.pass_fail("Is the status LED green?", key="led_green",
                                 image=Path(__file__).with_name("led.png").read_bytes())
    ctx.measure("led_seen", "GREEN" if green else "NOT GREEN")


@script.step(timeout_s=5, measurements=[measurement("sleep_current", "uA", in_range(0, 15))])
def sleep_current(ctx, fixture):
    if ctx.serial in BROKEN_METER:
        raise RuntimeError("current meter range error: no reading")
    ctx.measure("sleep_current", 8.5)
'''


def visual_script(folder: Path, broken: tuple[str, ...]) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (30, 30, 30))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 280, 160), fill=(70, 70, 70), outline=(120, 120, 120), width=4)
    draw.ellipse((140, 80, 180, 120), fill=(40, 230, 70))
    image.save(folder / "led.png")
    path = folder / "imp_sensor_visual.py"
    path.write_text(SCRIPT.format(broken=broken), encoding="utf-8")
    return path


def screen_size() -> tuple[int, int]:
    if QGuiApplication.platformName() == "xcb":
        size = QGuiApplication.primaryScreen().size()
        return size.width(), size.height()
    return 1366, 768


def grab(line: Line) -> QImage:
    """What the operator sees: the real screen under X; offscreen the window with its dialog on top."""
    QApplication.processEvents()
    QApplication.processEvents()
    if QGuiApplication.platformName() == "xcb":
        return QGuiApplication.primaryScreen().grabWindow(0).toImage()
    base = line.window.grab().toImage()
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        painter = QPainter(base)
        over = dialog.grab().toImage()
        painter.fillRect(base.rect(), QColor(0, 0, 0, 90))
        painter.drawImage((base.width() - over.width()) // 2, (base.height() - over.height()) // 2, over)
        painter.end()
    return base


def shot(line: Line, language: str, state: str, tmp_path: Path) -> QImage:
    image = grab(line)
    width, height = screen_size()
    assert not image.isNull() and image.width() >= 1000
    assert line.window.height() <= height and line.window.width() <= width  # it fits the screen
    folder = REPO / "docs" / "screenshots" if WRITE else tmp_path
    target = folder / f"operator_{language}_{width}x{height}_{state}.png"
    assert image.save(str(target)), target
    return image


def colour_at(widget: Any) -> str:
    image = widget.grab().toImage()
    return QColor(image.pixel(image.width() // 2, min(4, image.height() - 1))).name()


@pytest.mark.parametrize("language", ["en", "es", "zh_CN"], indirect=True)
def test_operator_window_states(qtbot: Any, tmp_path: Path, language: str) -> None:
    serials = [serial_with(None, start=n) for n in (1, 40, 80, 120)]
    failing = serial_with("weak 3V3 regulator")
    serials[1] = failing
    broken = (serials[2],)
    with open_line(qtbot, slots=4, script=visual_script(tmp_path, broken), size=screen_size()) as line:
        window = line.window
        if QGuiApplication.platformName() == "xcb":
            window.show_for_operator()
        else:
            window.resize(*screen_size())
        sign_in(qtbot, line)
        qtbot.waitUntil(lambda: window.devices.lamps["fixture"].property("ok") is True, timeout=WAIT_MS)
        shot(line, language, "idle", tmp_path)
        assert colour_at(window.banner) == TEST_ORANGE
        assert words("TEST ZONE") in window.banner.zone_label.text()

        for serial in serials:
            type_scan(qtbot, window, serial)
            qtbot.waitUntil(lambda s=serial: any(slot.serial == s for slot in window.state.slots), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: all(s.stage is not Stage.IDLE for s in window.state.slots), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: sum(len(s.measurements) >= 3 for s in window.state.slots) >= 2, timeout=WAIT_MS)
        shot(line, language, "testing", tmp_path)

        qtbot.waitUntil(lambda: len(window.state.prompts) == 3, timeout=WAIT_MS)  # the failing unit stopped
        first = window.active_prompt()
        box = window.panels[first.slot - 1].prompt_box
        assert box.isVisible() and box.image_shown
        waiting = [p for p in window.panels if p.prompt_box.isVisible() and p.number != first.slot]
        assert len(waiting) == 2 and all(not p.table.isVisible() for p in waiting)
        shot(line, language, "prompt", tmp_path)

        while window.state.prompts:
            asked = window.active_prompt()
            answer_key(qtbot, window, Qt.Key.Key_P)
            qtbot.waitUntil(lambda a=asked: a not in window.state.prompts, timeout=WAIT_MS)
        for n in range(1, 5):
            wait_done(qtbot, window, n)
        outcomes = {s.serial: s.outcome for s in window.state.slots}
        assert (outcomes[serials[0]], outcomes[failing], outcomes[serials[2]], outcomes[serials[3]]) == \
            ("PASS", "FAIL", "ERROR", "PASS"), [s.reason for s in window.state.slots]
        qtbot.waitUntil(lambda: all(s.label_status == "printed" for s in window.state.slots if s.outcome == "PASS"),
                        timeout=WAIT_MS)
        by_serial = {s.serial: window.panels[s.slot - 1] for s in window.state.slots}
        assert colour_at(by_serial[serials[0]].verdict) == PRODUCTION_GREEN
        assert colour_at(by_serial[failing].verdict) == DANGER_RED
        assert colour_at(by_serial[serials[2]].verdict) == ERROR_PURPLE
        assert words("PASS") == by_serial[serials[0]].verdict.text()
        shot(line, language, "pass_fail_error", tmp_path)

        line.world.retarget()
        line.world.station.parts.sync.refresh()
        qtbot.waitUntil(lambda: window.ack_dialog is not None and window.ack_dialog.isVisible(), timeout=WAIT_MS)
        assert "(rework)" in window.ack_dialog.change_label.text()
        shot(line, language, "targets_changed", tmp_path)
        window.ack_dialog.button.click()  # (F2 itself is tested in test_operator_window)
        qtbot.waitUntil(lambda: window.ack_dialog is None, timeout=WAIT_MS)
