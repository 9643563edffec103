"""Sounds on PASS and FAIL, so the operator hears the verdict while reaching for the next unit.

PySide6-Essentials has no QtMultimedia (QSoundEffect lives in PySide6-Addons), so the station
uses the system bell: one beep for PASS, three for FAIL, two for ERROR — different enough to tell
apart without looking. If QtMultimedia is installed, short tones generated with :mod:`wave` are
played instead. :attr:`Sounds.played` keeps what was played so tests can check it without audio.
"""

from __future__ import annotations

import math
import struct
import tempfile
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtWidgets import QApplication

BEEPS = {"PASS": 1, "FAIL": 3, "ERROR": 2}
TONES = {"PASS": ((880.0, 0.15), (1320.0, 0.25)), "FAIL": ((330.0, 0.25), (0.0, 0.08), (220.0, 0.45)),
         "ERROR": ((440.0, 0.2), (0.0, 0.08), (440.0, 0.2))}


def write_tone(path: Path, notes: tuple[tuple[float, float], ...], rate: int = 22050) -> Path:
    """A short 16-bit mono WAV of (frequency, seconds) notes; frequency 0 is silence."""
    frames = bytearray()
    for freq, seconds in notes:
        n = int(rate * seconds)
        for i in range(n):
            envelope = min(1.0, i / 300, (n - i) / 300)  # no clicks at the edges
            sample = math.sin(2 * math.pi * freq * i / rate) * 0.5 * envelope if freq else 0.0
            frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


class Sounds(QObject):
    def __init__(self, enabled: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.played: list[str] = []
        self._effects: dict[str, object] = {}
        try:  # QtMultimedia only comes with PySide6-Addons
            from PySide6.QtMultimedia import QSoundEffect  # type: ignore[attr-defined]
        except ImportError:
            return
        folder = Path(tempfile.mkdtemp(prefix="station-sounds-"))
        for outcome, notes in TONES.items():
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(write_tone(folder / f"{outcome.lower()}.wav", notes))))
            self._effects[outcome] = effect

    def play(self, outcome: str) -> None:
        if outcome not in BEEPS:
            return
        self.played.append(outcome)
        if not self.enabled:
            return
        effect = self._effects.get(outcome)
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]
            return
        for i in range(BEEPS[outcome]):
            QTimer.singleShot(i * 180, QApplication.beep)
