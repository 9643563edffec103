"""The operator window on a Particle and a Libelium line: the banner names the backend's product and
where passing units go; a scan ends PASS with the backend's label (Qt offscreen, real peers).

In English, Spanish and Chinese; with ``STATION_SCREENSHOTS=1`` under a real X server the screen is
saved as docs/screenshots/operator_<lang>_<W>x<H>_<backend>.png (see tests/test_operator_screenshots.py)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from station.sim.world import SimulatedWorld
from station.ui.operator_theme import TEST_ORANGE, made_product_words, outcome_note, words
from station.ui.operator_window import OperatorWindow
from tests.test_operator_screenshots import Line, colour_at, screen_size, shot
from tests.test_operator_window import WAIT_MS, type_scan, wait_done


@pytest.mark.parametrize(("backend", "product", "destination"), [
    ("particle", "particle: Station Demo (test) (31001)", "firmware v7 'production-7'"),
    ("libelium", "libelium: Plug & Sense! Smart Environment PRO", "sales order SO-DEMO-0001"),
])
@pytest.mark.parametrize("language", ["en", "es", "zh_CN"], indirect=True)
def test_banner_and_a_pass_on_the_backend(qtbot: Any, tmp_path: Any, language: str, backend: str, product: str,
                                          destination: str) -> None:
    with SimulatedWorld(1, backend=backend, population_faults=False) as world:
        window = OperatorWindow(world.station, max_target_age_s=3600.0, sounds=False, station_name="sim-station")
        qtbot.addWidget(window)
        window.resize(*screen_size())
        if QGuiApplication.platformName() == "xcb":
            window.show_for_operator()
        else:
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
            assert colour_at(window.banner) == TEST_ORANGE and words("TEST ZONE") in window.banner.zone_label.text()
            qtbot.waitUntil(lambda: made_product_words(backend) in window.panels[0].stage.text(), timeout=WAIT_MS)
            blessed_words = made_product_words("impcentral")  # a Particle or Libelium unit is not "blessed"
            assert blessed_words not in window.panels[0].stage.text() + window.panels[0].reason.text()
            assert outcome_note("PASS", backend) in window.panels[0].reason.text()
            shot(Line(world, window), language, backend, tmp_path)
        finally:
            window.allow_close()
            window.close()
