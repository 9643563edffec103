"""``station cloud manifest`` against the SCM emulator; ``station cloud emulator --api`` choices."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from station.cli import main
from station.cloud.backend import Unit
from station.cloud.libelium.backend import LibeliumBackend, LibeliumSettings
from station.cloud.libelium.client import LibeliumClient
from station.cloud.libelium.emulator import LibeliumEmulator


def test_manifest_cli_writes_csv_and_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with LibeliumEmulator() as emu:
        backend = LibeliumBackend(LibeliumClient(emu.url, emu.factory_key), LibeliumSettings("SO-CLI"))
        backend.refresh()
        made = [backend.make_product(backend.new_intent(Unit(f"S{n}", f"ABCDEF012345678{n}")), {}) for n in range(3)]
        monkeypatch.setenv("STATION_LIBELIUM_KEY", emu.factory_key)
        assert main(["cloud", "manifest", "SO-CLI", "--endpoint", emu.url, "--out", str(tmp_path / "m.csv")]) == 0
        assert main(["cloud", "manifest", "SO-CLI", "--endpoint", emu.url, "--format", "pdf",
                     "--out", str(tmp_path / "m.pdf")]) == 0
        monkeypatch.delenv("STATION_LIBELIUM_KEY")
        assert main(["cloud", "manifest", "SO-CLI", "--endpoint", emu.url]) == 2  # no key: a clear error
    rows = list(csv.DictReader((tmp_path / "m.csv").open()))
    assert [(r["serial_id"], r["activation_code"]) for r in rows[1:]] == [
        (m.device_id, m.label.activation_code) for m in made]
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF-1.4")


def test_emulator_api_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["cloud", "emulator", "--api", "nimbus"])
    assert "invalid choice: 'nimbus'" in capsys.readouterr().err


def test_config_names_the_backend_and_refuses_a_missing_section(tmp_path: Path) -> None:
    from station.config import load_config
    from station.errors import InputError

    base = '[station]\nname = "s1"\n[test]\nscript = "x.py"\n'
    good = tmp_path / "p.toml"
    good.write_text(base + '[cloud]\nbackend = "particle"\nendpoint = "https://api.particle.io"\n'
                    '[cloud.particle]\nproduct = "31001"\nzone = "production"\nhardware_group = "hw-rev-b"\n')
    config = load_config(good)
    assert config.cloud.backend == "particle" and config.cloud.particle is not None
    assert config.cloud.particle.token_env == "STATION_PARTICLE_TOKEN"
    bad = tmp_path / "l.toml"
    bad.write_text(base + '[cloud]\nbackend = "libelium"\n')
    with pytest.raises(InputError, match=r"needs a \[cloud.libelium\] section"):
        load_config(bad)
    secret = tmp_path / "s.toml"
    secret.write_text(base + '[cloud]\nbackend = "particle"\n[cloud.particle]\nproduct = "1"\ntoken = "abc"\n')
    with pytest.raises(InputError, match="secrets do not belong in config files"):
        load_config(secret)
