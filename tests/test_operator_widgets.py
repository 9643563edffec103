"""The operator window's parts without a station: event folding, banner colours, panels, translations, CLI.

Events here are the real event types the flow emits, built by hand so each rule is checked on
its own; the window on the real simulated factory is in test_operator_window.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station.cli import main as cli_main
from station.events import (
    DeviceStatus,
    LabelJobRecorded,
    MeasurementTaken,
    PromptAnswered,
    PromptRequested,
    RunFinished,
    RunStarted,
    StageChanged,
    StepFinished,
    TargetsUpdated,
)
from station.flow.stages import STAGE_WORDS, Stage
from station.records import LabelJob
from station.testkit.checks import Outcome, in_range
from station.testkit.record import MeasurementResult, RunRecord, StepResult
from station.ui.app import install_language
from station.ui.i18n import build as i18n
from station.ui.operator_banner import DeviceStrip, ZoneBanner
from station.ui.operator_slot import SlotPanel
from station.ui.operator_state import OperatorState
from station.ui.operator_theme import DANGER_RED, MARKED_STAGE_WORDS, PRODUCTION_GREEN, TEST_ORANGE

REPO = Path(__file__).resolve().parent.parent


def record(slot: int, serial: str, run_id: str) -> RunRecord:
    return RunRecord(run_id=run_id, serial=serial, station="st", slot=slot, operator="op", script_name="s",
                     script_version="1", product="p", script_path="s.py", script_sha256="0", limits_path=None,
                     limits_sha256=None, variant=None, started_at=time.time())


def measured(value: float, outcome: Outcome, marginal: bool = False) -> MeasurementTaken:
    m = MeasurementResult("rail_3v3", value, "V", in_range(3.2, 3.4), outcome, marginal)
    return MeasurementTaken("r2", step="power_on", measurement=m)


def test_a_run_folds_into_its_slot_by_run_id() -> None:
    state = OperatorState(2)
    state.apply(StageChanged("", slot=2, stage="scanned", serial="DEMO00001"))
    state.apply(RunStarted("r2", record=record(2, "DEMO00001", "r2"), planned_steps=("a", "b", "c"), pid=1,
                           hostname="h"))
    changed = state.apply(measured(3.25, Outcome.PASS, marginal=True))
    assert changed == {"slot:2"}
    state.apply(measured(3.18, Outcome.FAIL))  # the same measurement again replaces its row
    now = time.time()
    state.apply(StepFinished("r2", result=StepResult("power_on", 0, Outcome.FAIL, now, now)))
    slot = state.slots[1]
    assert (slot.planned_steps, slot.finished_steps) == (3, 1)
    assert [(r.name, r.value, r.outcome, r.limits) for r in slot.measurements] == [
        ("rail_3v3", "3.18", "FAIL", "3.20–3.40 V")]
    changed = state.apply(RunFinished("r2", outcome=Outcome.FAIL, failure_code="power_on.rail_3v3",
                                      failure_reason="rail_3v3 = 3.18 V, limits 3.2 ≤ x ≤ 3.4", finished_at=now))
    assert "sound:FAIL" in changed
    state.apply(StageChanged("r2", slot=2, stage="done", detail="FAIL", serial="DEMO00001"))
    assert (slot.stage, slot.outcome, slot.failure_code) == (Stage.DONE, "FAIL", "power_on.rail_3v3")
    assert state.slots[0].serial == ""  # the other slot saw nothing
    state.apply(StageChanged("", slot=2, stage="scanned", serial="DEMO00002"))  # the next unit forgets the last
    assert (slot.serial, slot.outcome, slot.measurements) == ("DEMO00002", "", [])


def test_a_station_fault_outside_a_run_is_an_error_with_its_reason() -> None:
    state = OperatorState(1)
    state.apply(StageChanged("", slot=1, stage="scanned", serial="DEMO00003"))
    state.apply(StageChanged("", slot=1, stage="done", detail="station fault: disk full", serial="DEMO00003"))
    assert (state.slots[0].outcome, state.slots[0].reason) == ("ERROR", "station fault: disk full")


def test_prompts_queue_and_go_away_when_answered_or_the_run_ends() -> None:
    state = OperatorState(2)
    for n in (1, 2):
        state.apply(RunStarted(f"r{n}", record=record(n, f"S{n}", f"r{n}"), planned_steps=("a",), pid=1,
                               hostname="h"))
        state.apply(PromptRequested(f"r{n}", prompt_id="led", kind="pass_fail", text="LED green?"))
    assert [(p.slot, p.prompt_id) for p in state.prompts] == [(1, "led"), (2, "led")]
    assert state.apply(PromptAnswered("r1", prompt_id="led", answer=True)) == {"prompts"}
    state.apply(RunFinished("r2", outcome=Outcome.ABORTED, failure_code="aborted", failure_reason="pulled",
                            finished_at=time.time()))
    assert state.prompts == []


def test_label_status_follows_the_print_queue() -> None:
    state = OperatorState(1)
    state.apply(RunStarted("r1", record=record(1, "S1", "r1"), planned_steps=(), pid=1, hostname="h"))
    state.apply(LabelJobRecorded("r1", job=LabelJob("j", "r1", "queued")))
    assert state.slots[0].label_status == "queued"
    state.apply(LabelJobRecorded("r1", job=LabelJob("j", "r1", "printed")))
    assert state.slots[0].label_status == "printed"


def targets(zone: str | None, *, age: float = 5.0, needs_ack: bool = False) -> TargetsUpdated:
    return TargetsUpdated("", zone=zone, fixture_group="g", fixture_group_name="Test Fixture", dut_target="d",
                          dut_target_name="Test DUT", production_target="p", production_target_name="Test Production",
                          synced_at=time.time() - age, needs_ack=needs_ack, change="retargeted: x")


@pytest.mark.parametrize(("zone", "extra", "colour", "words"), [  # targets made when the test runs, not at import
    ("test", {}, TEST_ORANGE, "TEST ZONE"),
    ("production", {}, PRODUCTION_GREEN, "PRODUCTION ZONE"),
    (None, {}, DANGER_RED, "TARGETS UNKNOWN"),
    ("test", {"age": 4000}, DANGER_RED, "TEST ZONE"),
    ("production", {"needs_ack": True}, DANGER_RED, "PRODUCTION ZONE"),
])
def test_banner_colour_says_whether_blessing_can_go_on(qtbot: Any, zone: str | None, extra: dict, colour: str,
                                                        words: str) -> None:
    event = targets(zone, **extra)
    state = OperatorState(1)
    state.apply(event)
    banner = ZoneBanner(max_age_s=600)
    qtbot.addWidget(banner)
    banner.show_targets(state.targets)
    assert banner.colour() == colour
    assert banner.zone_label.text().startswith(words)
    if event.zone is not None:
        assert "Test Production" in banner.groups_label.text()
    blocked = banner.blocked_label.text()
    assert ("blocked" in blocked) == (colour == DANGER_RED and event.zone is not None)
    assert re.search(r"synced \d+ (s|min|h) ago", banner.sync_label.text())


def test_device_strip_lamps_carry_the_detail(qtbot: Any) -> None:
    state = OperatorState(1)
    state.apply(DeviceStatus("", device="printer", ok=False, detail="paper out"))
    strip = DeviceStrip()
    qtbot.addWidget(strip)
    strip.show_devices(state.devices)
    assert "paper out" in strip.lamps["printer"].toolTip() and strip.lamps["printer"].property("ok") is False
    assert strip.lamps["camera"].property("ok") is None
    assert "paper out" in strip.problems.text()  # the reason is on screen, not only in a tooltip


def test_slot_panel_error_blames_the_station(qtbot: Any) -> None:
    state = OperatorState(1)
    state.apply(StageChanged("", slot=1, stage="scanned", serial="DEMO00009"))
    state.apply(RunStarted("r1", record=record(1, "DEMO00009", "r1"), planned_steps=("a",), pid=1, hostname="h"))
    state.apply(RunFinished("r1", outcome=Outcome.ERROR, failure_code="fixture", failure_reason="fixture disconnected",
                            finished_at=time.time()))
    state.apply(StageChanged("r1", slot=1, stage="done", detail="ERROR", serial="DEMO00009"))
    panel = SlotPanel(1)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_state(state.slots[0])
    assert panel.verdict.text() == "ERROR" and "#8e24aa" in panel.verdict.styleSheet()
    # the operator reads plain words; the raw reason stays in the record and the tooltip
    assert "The fixture did not answer" in panel.reason.text() and "not the unit" in panel.reason.text()
    assert panel.reason.toolTip() == "fixture disconnected"


def test_every_flow_stage_word_is_marked_for_translation() -> None:
    assert set(STAGE_WORDS.values()) == MARKED_STAGE_WORDS


@pytest.mark.parametrize(("language", "passed", "zone"),
                         [("es", "PASA", "ZONA DE PRUEBA"), ("zh_CN", "合格", "测试区")])
def test_translations_reach_the_panel_and_banner(qtbot: Any, language: str, passed: str, zone: str) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    install_language(app, language)
    try:
        state = OperatorState(1)
        state.apply(targets("test"))
        state.apply(StageChanged("", slot=1, stage="scanned", serial="DEMO00001"))
        state.apply(RunStarted("r1", record=record(1, "DEMO00001", "r1"), planned_steps=(), pid=1, hostname="h"))
        state.apply(RunFinished("r1", outcome=Outcome.PASS, failure_code=None, failure_reason=None,
                                finished_at=time.time()))
        state.apply(StageChanged("r1", slot=1, stage="done", detail="PASS", serial="DEMO00001"))
        panel, banner = SlotPanel(1), ZoneBanner()
        qtbot.addWidget(panel)
        qtbot.addWidget(banner)
        panel.show_state(state.slots[0])
        banner.show_targets(state.targets)
        assert panel.verdict.text() == passed
        assert banner.zone_label.text() == zone
    finally:
        install_language(app, "en")
    with pytest.raises(ValueError, match="one of en, zh_CN, es"):
        install_language(app, "fr")


def test_translation_files_are_complete_and_current(tmp_path: Path) -> None:
    """lupdate over today's sources finds nothing untranslated in zh_CN and es, and the .qm are compiled."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists() and shutil.which("pyside6-lupdate") is None:
        pytest.fail("pyside6-lupdate is missing from the environment (PySide6 ships it)")
    for language in ("zh_CN", "es"):
        ts = tmp_path / f"operator_{language}.ts"
        shutil.copy(i18n.HERE / ts.name, ts)
        subprocess.run([i18n.tool("pyside6-lupdate"), *map(str, i18n.sources()), "-no-obsolete", "-ts", str(ts)],
                       check=True, capture_output=True)
        text = ts.read_text(encoding="utf-8")
        untranslated = re.findall(r"<source>(.*?)</source>\s*<translation type=\"unfinished\"", text, re.S)
        assert untranslated == [], f"{language}: untranslated {untranslated}"
        assert (i18n.HERE / f"operator_{language}.qm").stat().st_mtime >= (i18n.HERE / ts.name).stat().st_mtime - 1


def test_gui_command_refuses_bad_input_and_missing_secrets_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[station]\nname = \"x\"\nslots = 99\n[test]\nscript = \"s.py\"\n", encoding="utf-8")
    assert cli_main(["gui", "--config", str(bad)]) == 2
    assert "bad.toml:3: station.slots" in capsys.readouterr().err
    monkeypatch.delenv("STATION_WIFI_PASSWORD", raising=False)
    assert cli_main(["gui", "--config", str(REPO / "config" / "test-zone.toml")]) == 2
    assert "export STATION_WIFI_PASSWORD" in capsys.readouterr().err


def test_answer_keys_are_deliberate_letters_and_digits_never_enter(qtbot: Any) -> None:
    from station.ui.operator_prompt import PromptBox, answer_for
    from station.ui.operator_state import PendingPrompt

    def prompt(kind: str, options: tuple[str, ...] = ()) -> PendingPrompt:
        return PendingPrompt(1, "r1", "k", kind, "?", options, None)

    assert answer_for(prompt("pass_fail"), "p") == (True, True)
    assert answer_for(prompt("pass_fail"), "F") == (True, False)
    assert answer_for(prompt("confirm"), "y") == (True, True) and answer_for(prompt("confirm"), "n") == (True, False)
    assert answer_for(prompt("choice", ("a", "b")), "2") == (True, "b")
    for kind, key in (("pass_fail", "\r"), ("pass_fail", "Y"), ("confirm", "\r"), ("choice", "3"), ("text", "P")):
        assert answer_for(prompt(kind, ("a", "b")), key) == (False, None), (kind, key)
    box = PromptBox()
    qtbot.addWidget(box)
    sent: list[str] = []
    box.text_submitted.connect(sent.append)
    box.show_prompt(prompt("text"))
    qtbot.keyClicks(box.text_edit, "PCB-77")
    qtbot.keyClick(box.text_edit, Qt.Key.Key_Return)
    assert sent == ["PCB-77"]
