"""The top of the operator window: the zone banner and the device strip.

The banner answers "which zone am I blessing into?" from across the room: the whole bar is the
zone's colour, the zone name is the biggest text on the screen, and the moment the targets are
unknown, stale or changed-but-not-acknowledged it turns red and says blessing is blocked.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from station.ui.operator_state import DEVICES, DeviceHealth, Targets
from station.ui.operator_theme import (
    DANGER_RED,
    GREY,
    HELD_AMBER,
    PRODUCTION_GREEN,
    age_words,
    zone_colour,
    zone_words,
)


class ZoneBanner(QWidget):
    """Zone name (huge), the fixture group and its targets by name, and how fresh they are."""

    def __init__(self, max_age_s: float = 600.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_age_s = max_age_s
        self.targets = Targets()
        self.setObjectName("zoneBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # a plain QWidget ignores background
        self.zone_label = QLabel()
        self.zone_label.setObjectName("zoneName")
        self.zone_label.setWordWrap(True)  # "unknown zone" is long in Spanish: wrap, never widen the window
        self.groups_label = QLabel()
        self.groups_label.setObjectName("zoneGroups")
        self.groups_label.setWordWrap(True)
        self.sync_label = QLabel()
        self.sync_label.setObjectName("zoneSync")
        self.sync_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.blocked_label = QLabel()
        self.blocked_label.setObjectName("zoneBlocked")
        self.blocked_label.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.zone_label)
        left.addWidget(self.groups_label)
        left.addWidget(self.blocked_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 6, 24, 6)
        row.addLayout(left, 1)
        row.addWidget(self.sync_label)
        self.show_targets(self.targets)

    def show_targets(self, targets: Targets, now: float | None = None) -> None:
        self.targets = targets
        self.refresh(now)

    def refresh(self, now: float | None = None) -> None:
        """Redraw (also called every second so "synced 12 s ago" and staleness stay true)."""
        t = self.targets
        now = time.time() if now is None else now
        usable = t.usable(self.max_age_s, now)
        colour = zone_colour(t.zone, usable)
        self.setStyleSheet(
            f"#zoneBanner {{ background: {colour}; }} "
            "#zoneBanner QLabel { color: white; } "
            "#zoneName { font-size: 40px; font-weight: 800; letter-spacing: 2px; } "
            "#zoneGroups { font-size: 18px; } #zoneSync { font-size: 18px; } "
            "#zoneBlocked { font-size: 20px; font-weight: 700; }"
        )
        if t.zone is None:
            self.zone_label.setText(zone_words(None))
        else:
            self.zone_label.setText(zone_words(t.zone))
        if t.fixture_group_name and not t.dut_target_name:  # Particle, Libelium: a product, no DUT target
            self.groups_label.setText(
                self.tr("%1  ·  passing units go to %2")
                .replace("%1", t.fixture_group_name)
                .replace("%2", t.production_target_name or "?")
            )
        elif t.fixture_group_name:
            self.groups_label.setText(
                self.tr("Fixture group %1  ·  DUTs land in %2  ·  blessed units go to %3")
                .replace("%1", t.fixture_group_name)
                .replace("%2", t.dut_target_name or "?")
                .replace("%3", t.production_target_name or "?")
            )
        else:
            self.groups_label.setText(self.tr("Fixture group and targets not known yet"))
        self.sync_label.setText(age_words(t.age_s(now)))
        blocked = ""
        if t.zone is not None and not usable:
            age = t.age_s(now)
            if t.needs_ack:
                blocked = self.tr("TARGETS CHANGED — blessing blocked until acknowledged (F2)")
            elif age is None or age > self.max_age_s:
                blocked = self.tr("TARGETS STALE — blessing blocked until the cloud answers")
        elif t.zone is None and t.known:
            blocked = self.tr("The cloud did not say which zone this fixture is in")
        self.blocked_label.setText(blocked)
        self.blocked_label.setVisible(bool(blocked))

    def colour(self, now: float | None = None) -> str:
        """The banner colour now (what tests and screenshots check)."""
        return zone_colour(self.targets.zone, self.targets.usable(self.max_age_s, now))


class DeviceStrip(QWidget):
    """Cloud, fixture, printer, camera: a green, amber (retrying) or red lamp each, and under them
    the reason for any lamp that is not green, in words (a tooltip cannot be read from two metres)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lamps: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        row = QHBoxLayout()
        row.setContentsMargins(12, 4, 12, 4)
        outer.addLayout(row)
        self.problems = QLabel()
        self.problems.setObjectName("deviceProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"font-size: 18px; font-weight: 700; color: {DANGER_RED}; padding: 0 12px;")
        outer.addWidget(self.problems)
        self._names = {
            "cloud": self.tr("Cloud"), "fixture": self.tr("Fixture"),
            "printer": self.tr("Printer"), "camera": self.tr("Camera"),
        }
        for name in DEVICES:
            lamp = QLabel()
            lamp.setObjectName(f"device_{name}")
            lamp.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lamp.setMinimumWidth(160)
            self.lamps[name] = lamp
            row.addWidget(lamp)
        self.operator_label = QLabel()
        self.operator_label.setObjectName("operatorLabel")
        self.operator_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.operator_label.setStyleSheet("font-size: 18px;")
        row.addStretch(1)
        row.addWidget(self.operator_label)
        self.show_devices({name: DeviceHealth() for name in DEVICES})

    def show_devices(self, devices: dict[str, DeviceHealth]) -> None:
        problems = []
        for name, lamp in self.lamps.items():
            health = devices.get(name, DeviceHealth())
            text_colour = "white"
            if health.ok is None:
                colour, mark = GREY, "?"
                tip = self.tr("not reported yet")
            elif health.ok:
                colour, mark, tip = PRODUCTION_GREEN, "●", health.detail or self.tr("OK")
            elif health.retrying:
                colour, mark, text_colour = HELD_AMBER, "▲", "black"
                tip = self.tr("retrying: %1").replace("%1", health.detail)
                problems.append(f"{self._names[name]}: {tip}")
            else:
                colour, mark, tip = DANGER_RED, "✖", self.tr("down: %1").replace("%1", health.detail or "?")
                problems.append(f"{self._names[name]}: {tip}")
            lamp.setText(f"{mark} {self._names[name]}")
            lamp.setToolTip(tip)
            lamp.setProperty("ok", health.ok)
            lamp.setProperty("colour", colour)
            lamp.setStyleSheet(
                f"background: {colour}; color: {text_colour}; font-size: 18px; font-weight: 700; "
                "border-radius: 6px; padding: 6px 12px;"
            )
        self.problems.setText("   ·   ".join(problems))
        self.problems.setVisible(bool(problems))

    def show_operator(self, operator: str, role: str) -> None:
        if operator:
            text = self.tr("Operator: %1").replace("%1", operator)
            if role and role != "operator":
                text += f"  ({role})"
        else:
            text = self.tr("Nobody signed in — scan your badge")
        self.operator_label.setText(text)
