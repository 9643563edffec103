"""A real line composed from a config file, against emulated peers over real transports: the cloud
emulator over HTTP, the fixture firmware on a pty, the printer emulator on TCP."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from station.cloud.emulator.seed import DEMO_TEST_FIXTURE_GROUP
from station.cloud.emulator.server import EmulatorServer
from station.config import load_config
from station.errors import InputError
from station.sim.fixture_host import SimulatedFixture
from station.sim.printer import PrinterEmulator
from station.ui.line import open_line
from tests.conftest import REPO


def write_config(tmp_path: Path, cloud: str, fixture: str, printer: str, group: str = DEMO_TEST_FIXTURE_GROUP) -> Path:
    path = tmp_path / "line.toml"
    path.write_text(
        f'[station]\nname = "line-test"\nslots = 2\n\n[test]\nscript = "{REPO}/dut_tests/imp_sensor/imp_sensor.py"\n\n'
        f'[store]\nurl = "sqlite:///{tmp_path}/line.db"\n\n'
        f'[cloud]\nendpoint = "{cloud}"\nlogin_key_env = "LINE_TEST_LOGIN_KEY"\nfixture_group = "{group}"\n\n'
        f'[fixture]\nport = "{fixture}"\n\n'
        f'[printer]\nurl = "{printer}"\ntemplate = "{REPO}/config/labels/product.zpl"\n\n'
        f'[scanner]\ncamera = "{camera_image(tmp_path)}"\n\n'
        f'[blinkup]\npassword_env = "LINE_TEST_WIFI"\n'
    )
    return path


def camera_image(tmp_path: Path) -> Path:
    """What the line's camera sees: a board with a green LED (a still image stands in for the device)."""
    import cv2
    import numpy as np

    frame = np.full((240, 320, 3), (30, 70, 25), np.uint8)
    cv2.circle(frame, (160, 120), 18, (60, 230, 40), -1)
    path = tmp_path / "camera.png"
    cv2.imwrite(str(path), frame)
    return path


@pytest.fixture
def peers(tmp_path: Path):
    with contextlib.ExitStack() as stack:
        cloud = EmulatorServer(str(tmp_path / "cloud.db")).start()
        stack.callback(cloud.stop)
        fixture = stack.enter_context(SimulatedFixture(slots=2))
        printer = stack.enter_context(PrinterEmulator())
        yield cloud, fixture, printer


def test_a_line_opens_every_part_and_is_ready(qtbot, tmp_path: Path, peers, monkeypatch) -> None:
    cloud, fixture, printer = peers
    monkeypatch.setenv("LINE_TEST_LOGIN_KEY", cloud.login_key)
    monkeypatch.setenv("LINE_TEST_WIFI", "line-wifi-secret")
    config = load_config(write_config(tmp_path, cloud.url, fixture.port, printer.url))
    with contextlib.ExitStack() as stack:
        station = open_line(config, stack)
        readiness = {item.name: item for item in station.check_readiness()}
    assert readiness["cloud"].ok and "test zone" in readiness["cloud"].detail
    assert readiness["fixture"].ok and readiness["printer"].ok
    assert "line-wifi-secret" not in config.model_dump_json(), "the secret never sits in the config"


def test_missing_secrets_and_simulated_parts_are_refused_by_name(qtbot, tmp_path: Path, peers, monkeypatch) -> None:
    cloud, fixture, printer = peers
    monkeypatch.setenv("LINE_TEST_LOGIN_KEY", cloud.login_key)
    monkeypatch.delenv("LINE_TEST_WIFI", raising=False)
    config = load_config(write_config(tmp_path, cloud.url, fixture.port, printer.url))
    with contextlib.ExitStack() as stack, pytest.raises(InputError, match="export LINE_TEST_WIFI"):
        open_line(config, stack)
    simulated = load_config(write_config(tmp_path, "emulator", "sim", printer.url))
    with contextlib.ExitStack() as stack, pytest.raises(InputError, match="in-process simulated factory"):
        open_line(simulated, stack)


def test_the_plain_line_says_the_targets_when_they_change_not_at_every_sync() -> None:
    """Every sync publishes the targets (the window's "synced N s ago" follows them); `station line`
    prints them once, again when they change, and a change waiting for acknowledgement."""
    import io

    from station.commands._line_view import LineView
    from station.events import TargetsUpdated

    def targets(production: str, synced_at: float, needs_ack: bool = False) -> TargetsUpdated:
        return TargetsUpdated("", zone="test", fixture_group="fg", fixture_group_name="Test Fixture", dut_target="d",
                              dut_target_name="Test DUT", production_target=production,
                              production_target_name=production, synced_at=synced_at, needs_ack=needs_ack,
                              change="production target → Rework" if needs_ack else "")

    out = io.StringIO()
    view = LineView(1, out, live=False)
    for n in range(5):
        view(targets("Test Production", 1000.0 + n))
    view(targets("Rework", 1005.0, needs_ack=True))
    view(targets("Rework", 1006.0, needs_ack=True))
    view(targets("Rework", 1007.0))
    lines = out.getvalue().splitlines()
    assert len(lines) == 3, lines
    assert "blessed units go to Test Production" in lines[0] and "TARGETS CHANGED" in lines[1]
    assert "blessed units go to Rework" in lines[2]
