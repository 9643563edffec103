"""A real line on the Particle and the Libelium backend, composed from a config file only: the token
or factory key from the environment, the fixture firmware on a pty, the printer on TCP, no BlinkUp."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from station.cloud.libelium.emulator import LibeliumEmulator
from station.cloud.particle.emulator import DEMO_TEST_PRODUCT, ParticleEmulator
from station.config import load_config
from station.errors import InputError
from station.flow.compose import compose_from_config
from station.sim.fixture_host import SimulatedFixture
from station.sim.printer import PrinterEmulator
from tests.conftest import REPO
from tests.test_line import camera_image


def write_config(tmp_path: Path, cloud: str, fixture: str, printer: str) -> Path:
    path = tmp_path / "line.toml"
    path.write_text(
        f'[station]\nname = "line-backend"\n\n[test]\nscript = "{REPO}/dut_tests/imp_sensor/imp_sensor.py"\n\n'
        f'[store]\nurl = "sqlite:///{tmp_path}/line.db"\n\n{cloud}\n'
        f'[fixture]\nport = "{fixture}"\n\n[printer]\nurl = "{printer}"\ntemplate = "particle"\n\n'
        f'[scanner]\ncamera = "{camera_image(tmp_path)}"\n'
    )
    return path


@pytest.mark.parametrize("backend", ["particle", "libelium"])
def test_a_backend_line_is_composed_from_its_config_and_ready(tmp_path: Path, backend: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with contextlib.ExitStack() as peers:
        fixture = peers.enter_context(SimulatedFixture(slots=1))
        printer = peers.enter_context(PrinterEmulator())
        if backend == "particle":
            emu: ParticleEmulator | LibeliumEmulator = peers.enter_context(ParticleEmulator())
            secret, env = emu.token(), "STATION_PARTICLE_TOKEN"
            cloud = (f'[cloud]\nbackend = "particle"\nendpoint = "{emu.url}"\n\n'
                     f'[cloud.particle]\nproduct = "{DEMO_TEST_PRODUCT}"\nplatform_id = 13\n')
        else:
            emu = peers.enter_context(LibeliumEmulator())
            secret, env = emu.factory_key, "STATION_LIBELIUM_KEY"
            cloud = (f'[cloud]\nbackend = "libelium"\nendpoint = "{emu.url}"\n\n'
                     '[cloud.libelium]\nsales_order = "SO-L1"\n')
        config = load_config(write_config(tmp_path, cloud, fixture.port, printer.url))
        monkeypatch.delenv(env, raising=False)
        with pytest.raises(InputError, match=f"set the environment variable {env}"), contextlib.ExitStack() as stack:
            compose_from_config(config, stack)
        monkeypatch.setenv(env, secret)
        with contextlib.ExitStack() as stack:
            station = compose_from_config(config, stack)  # no Wi-Fi password, no BlinkUp provisioner needed
            readiness = {item.name: item for item in station.check_readiness()}
            assert readiness["cloud"].ok and "test zone" in readiness["cloud"].detail, readiness["cloud"]
            assert backend in readiness["cloud"].detail and readiness["fixture"].ok
            assert station.parts.sync.can_bless() == (True, "")
