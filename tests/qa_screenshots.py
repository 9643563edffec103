"""Screenshots of the QA window's tabs on a real X server, in English, Spanish and Chinese.

Run under Xvfb with a window manager (Debian: xvfb, openbox; fonts-noto-cjk for Chinese), once
per screen size; the window opens maximised as QA opens it:

    xvfb-run -a -s "-screen 0 1920x1080x24" sh -c 'openbox & .venv/bin/python tests/qa_screenshots.py'
    xvfb-run -a -s "-screen 0 1366x768x24" sh -c 'openbox & .venv/bin/python tests/qa_screenshots.py'

Writes docs/screenshots/qa_<tab>_<language>_<width>x<height>.png from a generated month of a line
(with retests, station errors and interrupted runs) and one unit with bless and reprint events.
Not a pytest module: it needs a real screen and writes into the repository.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from station.sim.generate_runs import generate  # noqa: E402
from station.store import Store  # noqa: E402
from station.store.audit import Audit  # noqa: E402
from station.store.queries import QA, RunQuery  # noqa: E402
from station.ui.qa_format import Drill, local_day_span, local_text  # noqa: E402
from station.ui.qa_window import QAWindow, install_qa_language  # noqa: E402

OUT = REPO / "docs" / "screenshots"
TABS = ("runs", "trace", "yield", "histogram", "audit")
NAMES = {"runs": "runs", "trace": "trace", "yield": "yield_pareto", "histogram": "histogram", "audit": "audit"}


def build_database(folder: Path) -> tuple[str, str]:
    url = f"sqlite:///{folder / 'qa.db'}"
    with Store.open(url) as store:
        generate(store.engine, 3000, days=30, end=time.time() - 300, seed=21, interrupted=0.01)
        qa = QA(store.engine)
        _dist, most = qa.retest_counts()
        serial = most[0][0]
        last = qa.find(serial)[0]
        audit = Audit(store, station=last.station)
        audit.record("op03", "bless", serial, "all limits passed", {"target": "production"})
        audit.record("qa-anna", "reprint", serial, "label smudged", {"copies": 1})
        audit.record("eng-lee", "reassign", serial, "rework: outdoor variant", {"to": "production-outdoor"})
    return url, serial


def wait(app: QApplication, window: QAWindow, seconds: float = 0.4) -> None:
    end = time.monotonic() + 30
    while time.monotonic() < end and window.busy():
        app.processEvents()
        time.sleep(0.01)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def shoot(app: QApplication, url: str, serial: str, language: str, size: str) -> list[Path]:
    install_qa_language(app, language)
    window = QAWindow(url)
    window.showMaximized()
    wait(app, window, 1.0)
    window.set_period("30d")
    wait(app, window)
    # a failed run among the runs of its day (as a click on that day's yield bar shows them), selected:
    # the detail shows Result first and the steps the run never reached
    failed = window.qa.runs(RunQuery(outcome="FAIL", since=window.span().since, limit=1))[0]  # type: ignore[union-attr]
    day = local_text(failed.started_at)[:10]
    window.pending_run = failed.id
    window.drill_to(Drill(window.tr("runs started on {day}").format(day=day), span=local_day_span(day)))
    wait(app, window)
    window.t_text.setText(serial)
    window.trace()
    wait(app, window)
    window.h_measure.setCurrentText("power_on.rail_3v3")
    wait(app, window)
    written = []
    for tab in TABS:
        window.show_tab(tab)
        wait(app, window, 0.6)
        screen = QGuiApplication.primaryScreen()
        image = screen.grabWindow(0).toImage()
        path = OUT / f"qa_{NAMES[tab]}_{language}_{size}.png"
        image.save(str(path))
        Image.open(path).convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(path, optimize=True)
        written.append(path)
    window.close()
    return written


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    geometry = QGuiApplication.primaryScreen().geometry()
    size = f"{geometry.width()}x{geometry.height()}"
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url, serial = build_database(Path(folder))
        for language in ("en", "es", "zh_CN"):
            for path in shoot(app, url, serial, language, size):
                print(path.relative_to(REPO))
    QTimer.singleShot(0, app.quit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
