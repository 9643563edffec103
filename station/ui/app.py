"""The operator application's entry: the QApplication, the operator's language, the window.

``station gui`` (a real line) and ``station demo`` (the simulated factory) both end here with a
composed, not yet started :class:`~station.flow.station.Station`:

    from station.ui.app import run_operator_window
    code = run_operator_window(station, kiosk=False, language="es")          # a real line
    code = run_operator_window(world.station, world=world, feed=200)         # the demo, feeding itself

The window is built (and subscribed to the event stream) before the station starts, so the
readiness checks and the first target sync reach the screen.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from station.ui.operator_bridge import ActionRunner, EventBridge
from station.ui.operator_window import BadgePolicy, OperatorWindow, StationLike

__all__ = ["ActionRunner", "BadgePolicy", "EventBridge", "OperatorWindow", "application", "font_problem",
           "install_language", "run_operator_window", "LANGUAGES"]

I18N = Path(__file__).resolve().parent / "i18n"
LANGUAGES = ("en", "zh_CN", "es")
# A language whose script a bare Debian/Ubuntu install has no font for: (writing system, name, package)
FONTS = {"zh_CN": (QFontDatabase.WritingSystem.SimplifiedChinese, "Chinese", "fonts-noto-cjk")}
DEMO_RELOAD_S = (2.0, 3.0)  # the simulated operator unloads and reloads a nest in 2–3 s on a screen


def font_problem(language: str) -> str:
    """'' when an installed font covers ``language``; else what to install (the window says it,
    rather than showing boxes where the words should be)."""
    needed = FONTS.get(language)
    if needed is None:
        return ""
    system, name, package = needed
    if QFontDatabase.families(system):
        return ""
    return (f"No {name} font is installed, so the window cannot show {name} text: install the package "
            f"{package} (Debian/Ubuntu: sudo apt install {package}) and restart the station")


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The process's QApplication (made once; tests under pytest-qt already have one)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
        app.setApplicationName("Factory Station")
    assert isinstance(app, QApplication)
    return app


def install_language(app: QApplication, language: str) -> list[QTranslator]:
    """Install the operator window's translation (and Qt's own, for standard dialogs).

    English is the source language: nothing to load. An unknown language is refused rather than
    silently showing English to someone who asked for Chinese.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r}: one of {', '.join(LANGUAGES)}")
    installed: list[QTranslator] = []
    previous = getattr(app, "_station_translators", [])
    for old in previous:
        app.removeTranslator(old)
    if language != "en":
        ours = QTranslator(app)
        if not ours.load(str(I18N / f"operator_{language}.qm")):
            raise FileNotFoundError(f"translation {I18N / f'operator_{language}.qm'} is missing: run "
                                    "python -m station.ui.i18n.build")
        app.installTranslator(ours)
        installed.append(ours)
        qt = QTranslator(app)
        if qt.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            installed.append(qt)
    app._station_translators = installed  # type: ignore[attr-defined]
    return installed


def run_operator_window(
    station: StationLike,
    *,
    kiosk: bool = False,
    language: str = "en",
    max_target_age_s: float = 600.0,
    badges: BadgePolicy | None = None,
    station_name: str = "",
    start_station: bool = True,
    sync_interval_s: float = 60.0,
    on_started: Callable[[], None] | None = None,
    sounds: bool = True,
    world: Any = None,
    feed: int = 0,
    feed_reload_s: tuple[float, float] | float = DEMO_RELOAD_S,
    allow_typed: bool = True,
) -> int:
    """Open the operator window on ``station``, start the station, run until the window closes.

    ``on_started`` runs on a worker thread once the station's start-up checks are done. With a
    simulated ``world`` and ``feed`` > 0 the world scans that many units by itself (feed mode: a
    newcomer watches the whole flow), taking ``feed_reload_s`` to reload a nest after each verdict so
    the verdict can be read; with ``feed`` 0 the operator scans (``DEMO00001``…). Returns
    the process exit code (0). The station is stopped on close (a world stops its own).
    """
    app = application()
    install_language(app, language)
    stop_feed = threading.Event()
    if world is not None:
        max_target_age_s = 3600.0  # the simulated world's own setting
        if feed > 0:
            previous = on_started

            def on_started() -> None:
                if previous is not None:
                    previous()
                world.feed(feed, stop=stop_feed, reload_s=feed_reload_s)
    window = OperatorWindow(station, max_target_age_s=max_target_age_s, kiosk=kiosk, badges=badges,
                            sounds=sounds, station_name=station_name, allow_typed=allow_typed)
    window.show_for_operator()
    missing_font = font_problem(language)
    if missing_font:
        print(missing_font, file=sys.stderr)
        window.start_warning = missing_font
        window.show_message(missing_font, error=True)

    def start() -> None:
        try:
            begin()
        except Exception as exc:  # noqa: BLE001 - a start-up fault must reach the screen, not a dead thread
            window.actions.failed.emit("readiness", f"{type(exc).__name__}: {exc}")

    def begin() -> None:
        if start_station:
            readiness = station.start(sync_interval_s)  # type: ignore[attr-defined]
            faults = [f"{item.name}: {item.detail}" for item in readiness if not item.ok]
            if faults:
                window.actions.failed.emit("readiness", "Not ready — " + "; ".join(faults))
            else:
                window.actions.done.emit("readiness", readiness)
        if on_started is not None:
            on_started()

    QTimer.singleShot(0, lambda: threading.Thread(target=start, name="station-start", daemon=True).start())
    code = app.exec()
    stop_feed.set()
    if start_station and world is None:
        station.stop()  # type: ignore[attr-defined]
    return int(code)
