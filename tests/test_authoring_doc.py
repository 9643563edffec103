"""docs/authoring.md's tutorial runs literally: its files are written, its command passes on --sim."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

DOC = REPO / "docs" / "authoring.md"


def test_the_tutorial_script_passes_on_the_simulator(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    files = re.findall(r"<!-- file: (\S+) -->\n```\w+\n(.*?)```", text, re.S)
    commands = re.findall(r"<!-- run -->\n```sh\n(.*?)```", text, re.S)
    assert len(files) == 3 and commands
    for name, body in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    for line in commands[0].strip().splitlines():
        argv = shlex.split(line)
        assert argv[0] == "station"
        result = subprocess.run([sys.executable, "-m", "station.cli", *argv[1:], "--db",
                                 f"sqlite:///{tmp_path / 'runs.db'}"], capture_output=True, text=True,
                                cwd=tmp_path, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "PASS" in result.stdout + result.stderr
