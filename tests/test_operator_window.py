"""The operator window on the simulated factory, driven with key events (pytest-qt, offscreen).

Every part under the window is real: the cloud emulator over HTTP on loopback, the fixture
firmware on a pseudo-terminal, the simulated optics enrolling units in the emulator, the station
store in SQLite, and the print queue sending ZPL over TCP to the printer emulator. The tests type
into the scan field and press keys exactly as an operator's scanner and hands do.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station.events import Blessed, Event, LabelJobRecorded, StageChanged
from station.flow.stages import Stage
from station.sim.population import unit_fault
from station.sim.world import SimulatedWorld
from station.ui.operator_dialogs import ConfirmDialog
from station.ui.operator_window import OperatorWindow

WAIT_MS = 60_000  # generous: a loaded CI machine must not turn a slow run into a failure


# -- the world and the window ----------------------------------------------------------------------
def serial_with(fault: str | None, start: int = 1) -> str:
    """The first demo serial whose simulated unit was built with ``fault`` (None: a healthy unit)."""
    n = start
    while True:
        serial = f"DEMO{n:05d}"
        found = unit_fault(serial)
        if (found.name if found else None) == fault:
            return serial
        n += 1


class Line:
    """A simulated world, its printer, its window, and everything that happened on the event bus."""

    def __init__(self, world: SimulatedWorld, window: OperatorWindow) -> None:
        self.world, self.window = world, window
        self.station = world.station
        self.events: list[Event] = []
        self._lock = threading.Lock()
        self.station.bus.subscribe(self._keep)

    def _keep(self, event: Event) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: type) -> list[Any]:
        with self._lock:
            return [e for e in self.events if isinstance(e, kind)]

    def blessed(self, serial: str) -> list[Blessed]:
        run_ids = {e.run_id for e in self.of(StageChanged) if e.serial == serial and e.run_id}
        return [e for e in self.of(Blessed) if e.run_id in run_ids]

    def printed(self, serial: str) -> list[bytes]:
        """Labels the printer emulator on TCP actually printed for this serial."""
        return [zpl for zpl in self.world.printer.printed_zpl() if serial.encode() in zpl]

    def label_jobs(self, serial: str) -> dict[str, str]:
        """The unit's label jobs: job id → its latest status (the queue reports each job's life)."""
        run_ids = {e.run_id for e in self.of(StageChanged) if e.serial == serial and e.run_id}
        return {e.job.job_id: e.job.status for e in self.of(LabelJobRecorded)
                if e.run_id in run_ids}


@contextlib.contextmanager
def open_line(qtbot: Any, slots: int = 1, *, zone: str = "test", script: Path | None = None,
              size: tuple[int, int] = (1400, 900)) -> Iterator[Line]:
    extra = {"script": script} if script is not None else {}
    with SimulatedWorld(slots, zone=zone, **extra) as world:
        window = OperatorWindow(world.station, max_target_age_s=3600.0, sounds=False, station_name="sim-station")
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        line = Line(world, window)
        world.station.start(sync_interval_s=0.5)
        qtbot.waitUntil(lambda: window.state.targets.zone == zone, timeout=WAIT_MS)
        try:
            yield line
        finally:
            window.allow_close()
            window.close()
            QApplication.processEvents()


def type_scan(qtbot: Any, window: OperatorWindow, text: str) -> None:
    """What a keyboard-wedge scanner does: type the characters, then Enter."""
    assert window.scan_field.hasFocus() or QApplication.focusWidget() is window.scan_field
    qtbot.keyClicks(window.scan_field, text)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)


def sign_in(qtbot: Any, line: Line, badge: str = "BADGE-0042") -> None:
    type_scan(qtbot, line.window, badge)
    qtbot.waitUntil(lambda: line.window.state.operator == badge, timeout=WAIT_MS)


def wait_done(qtbot: Any, window: OperatorWindow, slot: int = 1) -> None:
    state = window.state.slots[slot - 1]
    qtbot.waitUntil(lambda: state.stage is Stage.DONE and bool(state.outcome), timeout=WAIT_MS)


def verdict_of(window: OperatorWindow, slot: int = 1) -> str:
    panel = window.panels[slot - 1]
    return panel.verdict.text() if panel.verdict.isVisible() else ""


@pytest.fixture
def line(qtbot: Any) -> Iterator[Line]:
    with open_line(qtbot) as opened:
        yield opened


@pytest.fixture
def prompt_line(qtbot: Any, tmp_path: Path) -> Iterator[Line]:
    with open_line(qtbot, script=prompt_script(tmp_path)) as opened:
        yield opened


# -- acceptance -----------------------------------------------------------------------------------
def test_scan_to_pass_with_its_label_printed(qtbot: Any, line: Line) -> None:
    window = line.window
    window.activateWindow()
    qtbot.waitUntil(lambda: window.scan_field.hasFocus(), timeout=WAIT_MS)
    sign_in(qtbot, line)
    serial = serial_with(None)
    type_scan(qtbot, window, serial)
    wait_done(qtbot, window)
    slot = window.state.slots[0]
    assert (slot.serial, slot.outcome) == (serial, "PASS"), slot.reason
    assert verdict_of(window) == "PASS"
    assert window.panels[0].serial_label.text() == serial
    assert len(line.blessed(serial)) == 1
    qtbot.waitUntil(lambda: list(line.label_jobs(serial).values()) == ["printed"], timeout=WAIT_MS)
    assert len(line.printed(serial)) == 1
    assert "label printed" in window.panels[0].stage.text()
    rows = {r.name: r for r in slot.measurements}
    assert rows["rail_3v3"].outcome == "PASS" and rows["rail_3v3"].limits.startswith("3.2")
    assert window.panels[0].table.rowCount() == len(slot.measurements)
    assert window.scan_field.hasFocus()


def test_limit_failure_shows_reason_and_is_neither_blessed_nor_labelled(qtbot: Any, line: Line) -> None:
    window = line.window
    sign_in(qtbot, line)
    serial = serial_with("weak 3V3 regulator")
    type_scan(qtbot, window, serial)
    wait_done(qtbot, window)
    slot = window.state.slots[0]
    assert slot.outcome == "FAIL"
    assert verdict_of(window) == "FAIL"
    reason = window.panels[0].reason.text()
    assert "rail_3v3" in reason and "red reject bin" in reason
    failed = [r for r in slot.measurements if r.outcome == "FAIL"]
    assert [r.name for r in failed] == ["rail_3v3"]
    assert line.blessed(serial) == []
    assert line.label_jobs(serial) == {} and line.printed(serial) == []


def on_stage(line: Line, stage: Stage, action: Any) -> None:
    """Run ``action`` once, on the slot's thread, the moment a unit enters ``stage``."""
    fired = threading.Event()

    def watch(event: Event) -> None:
        if isinstance(event, StageChanged) and event.stage == stage.value and not fired.is_set():
            fired.set()
            action()

    line.station.bus.subscribe(watch)


def test_fixture_unplugged_is_an_error_of_the_station_not_the_unit(qtbot: Any, line: Line) -> None:
    window = line.window
    sign_in(qtbot, line)
    serial = serial_with(None)
    on_stage(line, Stage.TESTING, line.world.unplug_fixture)
    type_scan(qtbot, window, serial)
    wait_done(qtbot, window)
    slot = window.state.slots[0]
    assert slot.outcome == "ERROR", (slot.outcome, slot.reason)
    assert verdict_of(window) == "ERROR"
    text = window.panels[0].reason.text()
    assert "not the unit" in text and "The fixture did not answer" in text  # plain words for the operator
    assert slot.reason and window.panels[0].reason.toolTip() == slot.reason  # the raw text for the engineer
    assert line.blessed(serial) == [] and line.printed(serial) == []


def test_cloud_down_at_bless_holds_retries_and_blesses_once(qtbot: Any, line: Line) -> None:
    window = line.window
    sign_in(qtbot, line)
    serial = serial_with(None)
    on_stage(line, Stage.BLESSING, lambda: line.world.cloud_down(True))
    type_scan(qtbot, window, serial)
    panel = window.panels[0]
    qtbot.waitUntil(lambda: window.state.slots[0].stage is Stage.HELD, timeout=WAIT_MS)
    assert panel.verdict.isVisible() and panel.verdict.text() == "ON HOLD"
    assert "cloud" in panel.reason.text()
    assert line.blessed(serial) == []
    line.world.cloud_down(False)
    wait_done(qtbot, window)
    assert window.state.slots[0].outcome == "PASS", window.state.slots[0].reason
    blessed = line.blessed(serial)
    assert len(blessed) == 1
    device = line.world.admin.device(blessed[0].device_id)
    assert device.group_id == line.world.admin.device_group(line.world.fixture_group_id).production_target.id
    qtbot.waitUntil(lambda: len(line.printed(serial)) == 1, timeout=WAIT_MS)


def test_changed_targets_need_acknowledgement_before_the_next_bless(qtbot: Any, line: Line) -> None:
    window, world = line.window, line.world
    sign_in(qtbot, line)
    fixture_group = world.admin.device_group(world.fixture_group_id)
    old_target = fixture_group.production_target.id
    new_target = world.admin.create_device_group(
        "pre_production_devicegroup", "Test Production B", fixture_group.product_id).id

    def retarget_and_sync() -> None:
        world.retarget(new_target)
        world.station.parts.sync.refresh()  # what the periodic sync does within the next interval

    on_stage(line, Stage.TESTING, retarget_and_sync)
    serial = serial_with(None)
    type_scan(qtbot, window, serial)
    qtbot.waitUntil(lambda: window.ack_dialog is not None and window.ack_dialog.isVisible(), timeout=WAIT_MS)
    dialog = window.ack_dialog
    assert "production_target" in dialog.change_label.text()
    assert "'Test Production B'" in dialog.change_label.text()  # groups by name, not by UUID
    assert window.banner.colour() == "#c62828"  # red: blessing blocked
    qtbot.waitUntil(lambda: window.state.slots[0].stage is Stage.HELD, timeout=WAIT_MS)
    assert "not acknowledged" in window.state.slots[0].detail
    # Esc does not clear it; nothing is blessed while it waits
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and line.blessed(serial) == []
    qtbot.keyClick(dialog, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.ack_dialog is None, timeout=WAIT_MS)
    wait_done(qtbot, window)
    assert window.state.slots[0].outcome == "PASS", window.state.slots[0].reason
    blessed = line.blessed(serial)
    assert len(blessed) == 1 and blessed[0].production_target == new_target != old_target
    assert window.banner.colour() == "#ef6c00"
    qtbot.waitUntil(lambda: window.scan_field.hasFocus(), timeout=WAIT_MS)


PROMPT_SCRIPT = '''
"""A visual check answered by the operator: pass/fail with a picture, then a choice."""
from pathlib import Path

from station.testkit import Script, measurement, one_of

script = Script("led_check", product="imp-sensor", version="1.0.0")


@script.step(timeout_s=120, measurements=[measurement("led_seen", check=one_of("GREEN")),
                                           measurement("enclosure", check=one_of("grey", "white"))])
def led_colour(ctx, dut):
    dut.query("LED GREEN")
    green = ctx.prompt.pass_fail("Is the status LED green?", key="led_green",
                                 image=Path(__file__).with_name("led.png").read_bytes())
    ctx.measure("led_seen", "GREEN" if green else "NOT GREEN")
    ctx.measure("enclosure", ctx.prompt.choice("Enclosure colour?", ["black", "grey", "white"], key="enclosure"))
'''


def prompt_script(folder: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (160, 120), (40, 200, 60)).save(folder / "led.png")
    path = folder / "led_check.py"
    path.write_text(PROMPT_SCRIPT, encoding="utf-8")
    return path


def wait_question(qtbot: Any, window: OperatorWindow, kind: str, slot: int = 1) -> Any:
    """The question box of ``slot`` once it shows a question of ``kind``."""
    box = window.panels[slot - 1].prompt_box
    qtbot.waitUntil(lambda: box.isVisible() and box.prompt is not None and box.prompt.kind == kind,
                    timeout=WAIT_MS)
    return box


def answer_key(qtbot: Any, window: OperatorWindow, key: Qt.Key) -> None:
    """A deliberate key: pressed on its own, with nothing after it (unlike a scanner's burst)."""
    qtbot.wait(window.answer_hold + 20)  # not right after another key
    qtbot.keyClick(window.scan_field, key)


def test_prompts_are_answered_from_the_keyboard(qtbot: Any, prompt_line: Line) -> None:
    line = prompt_line
    window = line.window
    sign_in(qtbot, line)
    serial = serial_with(None)
    type_scan(qtbot, window, serial)
    box = wait_question(qtbot, window, "pass_fail")
    assert box.image_shown and "P" in box.keys.text() and "F" in box.keys.text()
    assert window.scan_field.hasFocus()  # no dialog takes the keyboard: the question sits in slot 1's panel
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Escape)  # not an answer
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)  # never an answer
    qtbot.wait(window.answer_hold + 50)
    assert box.isVisible() and box.prompt.kind == "pass_fail"
    answer_key(qtbot, window, Qt.Key.Key_P)
    choice = wait_question(qtbot, window, "choice")
    assert choice.prompt.options == ("black", "grey", "white")
    answer_key(qtbot, window, Qt.Key.Key_2)
    wait_done(qtbot, window)
    rows = {r.name: r for r in window.state.slots[0].measurements}
    assert (rows["led_seen"].value, rows["enclosure"].value) == ("GREEN", "grey")
    assert window.state.slots[0].outcome == "PASS", window.state.slots[0].reason
    assert not box.isVisible()


def test_no_unit_before_a_badge_and_rejected_scans_say_why(qtbot: Any, line: Line) -> None:
    window = line.window
    type_scan(qtbot, window, "ENG-7")  # the first scan after start is the badge
    qtbot.waitUntil(lambda: window.state.operator == "ENG-7", timeout=WAIT_MS)
    assert window.state.role == "engineer" and "ENG-7" in window.devices.operator_label.text()
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F4)  # sign out
    assert window.signed_in == ""
    type_scan(qtbot, window, "BADGE-0042")
    qtbot.waitUntil(lambda: window.state.operator == "BADGE-0042", timeout=WAIT_MS)
    assert window.state.role == "operator"
    type_scan(qtbot, window, "not-a-serial")
    qtbot.waitUntil(lambda: window.state.last_rejected is not None, timeout=WAIT_MS)
    assert "not-a-serial" in window.message.text() and "does not match the serial pattern" in window.message.text()
    assert window.state.slots[0].stage is Stage.IDLE
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F3)  # an operator has no engineer tools
    assert window.engineer_tools is None and "engineer" in window.message.text()


def test_abort_a_held_slot_from_the_keyboard(qtbot: Any, line: Line) -> None:
    window = line.window
    sign_in(qtbot, line)
    serial = serial_with(None)
    on_stage(line, Stage.BLESSING, lambda: line.world.cloud_down(True))
    type_scan(qtbot, window, serial)
    qtbot.waitUntil(lambda: window.state.slots[0].stage is Stage.HELD, timeout=WAIT_MS)
    # the cloud stays down; the operator pulls the unit: Ctrl+1 asks first (No is the default), Y confirms
    qtbot.keyClick(window.scan_field, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConfirmDialog), timeout=WAIT_MS)
    qtbot.keyClick(QApplication.activeModalWidget(), Qt.Key.Key_N)
    assert window.state.slots[0].stage is Stage.HELD
    qtbot.keyClick(window.scan_field, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConfirmDialog), timeout=WAIT_MS)
    qtbot.keyClick(QApplication.activeModalWidget(), Qt.Key.Key_Y)
    wait_done(qtbot, window)
    assert window.state.slots[0].outcome == "ABORTED", window.state.slots[0].reason
    assert verdict_of(window) == "ABORTED"
    line.world.cloud_down(False)
    assert line.blessed(serial) == [] and line.printed(serial) == []
    qtbot.waitUntil(lambda: window.scan_field.hasFocus(), timeout=WAIT_MS)


def test_engineer_tools_console_targets_and_unbless_are_audited(qtbot: Any, line: Line) -> None:
    window, world = line.window, line.world
    type_scan(qtbot, window, "ENG-7")
    qtbot.waitUntil(lambda: window.state.role == "engineer", timeout=WAIT_MS)
    serial = serial_with(None)
    type_scan(qtbot, window, serial)
    wait_done(qtbot, window)
    assert window.state.slots[0].outcome == "PASS", window.state.slots[0].reason
    device_id = line.blessed(serial)[0].device_id
    production = world.admin.device_group(world.fixture_group_id).production_target.id

    qtbot.keyClick(window.scan_field, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: window.engineer_tools is not None and window.engineer_tools.isVisible(),
                    timeout=WAIT_MS)
    tools = window.engineer_tools
    tools.tabs.setCurrentIndex(0)
    qtbot.keyClicks(tools.console_input, "IDN")
    qtbot.keyClick(tools.console_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "< OK" in tools.console_log.toPlainText(), timeout=WAIT_MS)
    qtbot.keyClicks(tools.console_input, "NOSUCH 1")
    qtbot.keyClick(tools.console_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "< ERR" in tools.console_log.toPlainText(), timeout=WAIT_MS)
    assert production in tools.targets_view.toPlainText() and "blessing allowed" in tools.targets_view.toPlainText()

    tools.device_edit.setText(device_id)
    tools.group_edit.setText(production)
    tools.unbless()  # no reason given: refused before any cloud call
    qtbot.waitUntil(lambda: "reason" in tools.devices_result.text(), timeout=WAIT_MS)
    assert world.admin.device(device_id).group_id == production
    tools.reason_edit.setText("unit reused for a golden sample")
    tools.unbless()
    qtbot.waitUntil(lambda: "unblessed" in tools.devices_result.text(), timeout=WAIT_MS)
    assert world.admin.device(device_id).group_id != production
    events = world.station.parts.audit.events()
    unbless = [e for e in events if e.action == "unbless"]
    assert [(e.actor, e.subject, e.reason) for e in unbless] == [
        ("ENG-7", device_id, "unit reused for a golden sample")]
    tools.close()
    qtbot.waitUntil(lambda: window.engineer_tools is None, timeout=WAIT_MS)


def test_a_station_that_refuses_typing_takes_only_scanner_bursts(qtbot: Any) -> None:
    with open_line(qtbot) as line:
        window = line.window
        window.allow_typed = False
        type_scan(qtbot, window, "BADGE-0042")  # a badge signs in, typed or scanned
        qtbot.waitUntil(lambda: window.signed_in == "BADGE-0042", timeout=WAIT_MS)
        for ch in "DEMO00031":  # a person typing: 120 ms between keys
            qtbot.keyClick(window.scan_field, ch)
            qtbot.wait(120)
        qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
        assert "typed input is not accepted" in window.message.text()
        assert line.world.station.results() == [] and line.world.station.idle()
        type_scan(qtbot, window, "DEMO00032")  # the scanner's burst
        qtbot.waitUntil(lambda: any(r.serial == "DEMO00032" for r in line.world.station.results()), timeout=WAIT_MS)


def test_window_refuses_non_ascii_badges_and_serials_with_the_reason(qtbot: Any, line: Line) -> None:
    """Issue 11 item 8 through the window: it goes through Station.sign_in/scan and shows why."""
    window = line.window

    def enter(text: str) -> None:  # QTest cannot type non-Latin-1 keys; an input method can enter them
        window.scan_field.setText(text)
        qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)

    enter("BADGE-\u0660\u0660")  # Arabic-Indic digits: no badge anyone printed
    qtbot.waitUntil(lambda: "non-ASCII" in window.message.text(), timeout=WAIT_MS)
    assert window.signed_in == "" and window.state.operator == ""
    sign_in(qtbot, line)
    enter("DEMO\u0660\u0660\u0660\u0660\u0664")
    qtbot.waitUntil(lambda: window.state.last_rejected is not None, timeout=WAIT_MS)
    assert "serial contains non-ASCII character" in window.message.text()
    assert window.state.slots[0].stage is Stage.IDLE
