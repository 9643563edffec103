"""One default data location: what `station demo` writes, `station qa` and the QA window read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station.cli import main
from station.commands import demo
from station.store.database import default_url
from station.ui.qa_window import QAWindow, window_url
from tests.conftest import REPO


def test_demo_writes_where_qa_reads_without_a_flag(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "station.db"
    env = {**os.environ, "STATION_DB": str(db)}
    result = subprocess.run([sys.executable, "-m", "station.cli", "demo", "--headless", "--units", "3", "--slots", "1"],
                            capture_output=True, text=True, timeout=300, cwd=REPO, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    monkeypatch.setenv("STATION_DB", str(db))
    assert main(["qa", "summary", "--since", "24h", "--json"]) == 0  # no --db: the same default
    summary = json.loads(capsys.readouterr().out)
    assert sum(summary["runs"].values()) == 3 and summary["units"] == 3
    assert window_url(None) == default_url() == f"sqlite:///{db}"
    window = QAWindow(window_url(None))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.busy() and window.total == 3, timeout=10000)
    window.close()


def test_without_station_db_every_command_defaults_to_station_db_in_the_data_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STATION_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = default_url()
    assert url.endswith("/factory-station/station.db") and str(tmp_path) in url
    assert window_url(None) == url
    assert not hasattr(demo, "demo_database")  # no second default (demo.db) any more
