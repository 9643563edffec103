"""Station config: the shipped examples load; mistakes name the file and line; secrets are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from station.config import load_config
from station.errors import InputError
from tests.conftest import REPO


@pytest.mark.parametrize("name", ["demo.toml", "test-zone.toml", "production-zone.toml"])
def test_shipped_configs_load(name: str) -> None:
    config = load_config(REPO / "config" / name)
    assert config.station.name
    assert config.resolve(config.test.script).is_file()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "station.toml"
    path.write_text(text)
    return path


BASE = '[station]\nname = "s1"\n\n[test]\nscript = "x.py"\n'


@pytest.mark.parametrize(
    ("extra", "message", "line"),
    [
        ('\n[cloud]\nlogin_key = "abc123"\n', "cloud.login_key: secrets do not belong in config files", 8),
        ('\n[blinkup]\npassword = "hunter2"\n', "blinkup.password: secrets do not belong", 8),
        ('\n[cloud]\nendpoint = "http://cloud.example.com/v5"\n', "endpoint must be https", 8),
        ('\n[station2]\nname = "x"\n', "station2: unknown setting", 7),
        ('\n[fixture]\nbaudrate = "fast"\n', "fixture.baudrate: Input should be a valid integer", 8),
        ('\n[scanner]\nserial_pattern = "([A-Z"\n', "scanner.serial_pattern: not a regular expression", 8),
        ('\n[station.extra]\n', "station.extra: unknown setting", 7),
    ],
)
def test_config_errors_name_file_and_line(tmp_path: Path, extra: str, message: str, line: int) -> None:
    path = write(tmp_path, BASE + extra)
    with pytest.raises(InputError) as info:
        load_config(path)
    assert message in str(info.value)
    assert info.value.line == line, str(info.value)


def test_missing_section_and_malformed_toml(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="test: required setting is missing"):
        load_config(write(tmp_path, '[station]\nname = "s"\n'))
    with pytest.raises(InputError, match=r"station.toml:2: malformed TOML"):
        load_config(write(tmp_path, '[station]\nname = "s\n'))
    with pytest.raises(InputError, match="config file not found"):
        load_config(tmp_path / "none.toml")


def test_plain_http_only_to_this_machine(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, BASE + '\n[cloud]\nendpoint = "http://127.0.0.1:8765/v5"\n'))
    assert config.cloud.endpoint == "http://127.0.0.1:8765/v5"
