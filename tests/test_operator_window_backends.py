"""The operator window on a Particle and a Libelium line: the banner names the backend's product and
where passing units go; a scan ends PASS with the backend's label (Qt offscreen, real peers)."""

from __future__ import annotations

from typing import Any

import pytest

from station.sim.world import SimulatedWorld
from station.ui.operator_window import OperatorWindow
from tests.test_operator_window import WAIT_MS, type_scan, wait_done


@pytest.mark.parametrize(("backend", "product", "destination"), [
    ("particle", "particle: Station Demo (test) (31001)", "firmware v7 'production-7'"),
    ("libelium", "libelium: Plug & Sense! Smart Environment PRO", "sales order SO-DEMO-0001"),
])
def test_banner_and_a_pass_on_the_backend(qtbot: Any, backend: str, product: str, destination: str) -> None:
    with SimulatedWorld(1, backend=backend, population_faults=False) as world:
        window = OperatorWindow(world.station, max_target_age_s=3600.0, sounds=False, station_name="sim-station")
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        try:
            world.station.start(sync_interval_s=0.5)
            qtbot.waitUntil(lambda: window.state.targets.zone == "test", timeout=WAIT_MS)
            text = window.banner.groups_label.text()
            assert text.startswith(product) and destination in text and "DUTs land" not in text
            type_scan(qtbot, window, "OP-0042")
            qtbot.waitUntil(lambda: window.state.operator == "OP-0042", timeout=WAIT_MS)
            type_scan(qtbot, window, "DEMO00311")
            wait_done(qtbot, window)
            assert window.state.slots[0].outcome == "PASS"
            qtbot.waitUntil(lambda: len(world.printer.printed_zpl()) == 1, timeout=WAIT_MS)
        finally:
            window.allow_close()
            window.close()
