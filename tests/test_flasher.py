"""The Qt flasher under pytest-qt (offscreen), paced by an injected clock instead of vsync."""

from __future__ import annotations

from pathlib import Path

import pytest

from station.blinkup import BlinkUpPayload, get_mode
from station.sim.blinkup_dut import SimulatedBlinkUpDut
from station.ui.flasher import PHOTOSENSITIVITY_WARNING, Flasher

PAYLOAD = BlinkUpPayload("FactoryWiFi1", "s3cret-Passw0rd!", "0123456789abcdef", "fedcba9876543210")


class FakeVsync:
    """A display clock: each tick is one refresh; ``miss()`` skips one."""

    def __init__(self, fps: float = 60.0) -> None:
        self.t = 100.0
        self.period = 1.0 / fps

    def __call__(self) -> float:
        return self.t

    def tick(self, flasher: Flasher, n: int = 1) -> None:
        for _ in range(n):
            self.t += self.period
            flasher.frame_presented()


def make(qtbot, sequences, clock, **kw) -> Flasher:
    f = Flasher(sequences, clock=clock, drive_by_display=False, countdown_s=3.0, **kw)
    f.resize(320, 200)
    qtbot.addWidget(f)
    return f


def run_countdown(f: Flasher, clock: FakeVsync) -> None:
    f.start()
    while f.state == "countdown":
        clock.tick(f)


def test_countdown_then_symbols_in_order_with_timestamps(qtbot):
    clock = FakeVsync()
    seq = [0.0, 1.0, 0.5, 0.25, 1.0]
    f = make(qtbot, [seq], clock)
    ticks = []
    f.countdown_tick.connect(ticks.append)
    run_countdown(f, clock)
    assert ticks == [2, 1]
    with qtbot.waitSignal(f.finished, timeout=1000) as blocker:
        while f.state == "flashing":
            assert f.current_values() == [seq[len(f.record.times)]]
            clock.tick(f)
    record = blocker.args[0]
    assert [v[0] for v in record.values[:-1]] == seq
    assert len(record.times) == len(seq) + 1
    steps = [b - a for a, b in zip(record.times, record.times[1:], strict=False)]
    assert all(abs(s - clock.period) < 1e-9 for s in steps)


def test_regions_show_their_own_symbols_and_grab_shows_them(qtbot):
    clock = FakeVsync()
    f = make(qtbot, [[1.0, 0.0], [0.0, 1.0, 0.5]], clock)
    run_countdown(f, clock)
    assert f.current_values() == [1.0, 0.0]
    image = f.grab().toImage()
    left, right = f.regions()
    assert image.pixelColor(left.center()).red() == 255 and image.pixelColor(right.center()).red() == 0
    clock.tick(f, 2)
    assert f.current_values() == [0.0, 0.5]  # the shorter sequence is padded with black
    assert f.grab().toImage().pixelColor(right.center()).red() == 128


def test_missed_refresh_restarts_then_completes(qtbot):
    clock = FakeVsync()
    seq = [0.0, 1.0] * 5
    f = make(qtbot, [seq], clock)
    run_countdown(f, clock)
    clock.tick(f, 4)
    clock.t += clock.period  # the screen misses one refresh
    clock.tick(f)
    assert f.record.restarts == 1 and f.record.dropped_at == [4] and f.record.times == []
    with qtbot.waitSignal(f.finished, timeout=1000):
        clock.tick(f, len(seq) + 1)
    assert [v[0] for v in f.record.values[:-1]] == seq


def test_too_many_missed_refreshes_fail_with_a_reason(qtbot):
    clock = FakeVsync()
    f = make(qtbot, [[0.0, 1.0] * 5], clock, max_restarts=1)
    run_countdown(f, clock)
    reasons = []
    f.failed.connect(reasons.append)
    for _ in range(2):
        clock.tick(f, 2)
        clock.t += 2 * clock.period
        clock.tick(f)
    assert f.state == "failed"
    assert reasons and "missed a refresh" in reasons[0] and "2 times" in reasons[0]


def test_warning_is_the_guide_sentence():
    guide = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "impcentral-user-guide.txt"
    if guide.exists():
        assert PHOTOSENSITIVITY_WARNING in guide.read_text(encoding="utf-8")
    assert "strobing light" in PHOTOSENSITIVITY_WARNING


@pytest.mark.parametrize("mode", ["fast", "blinkup-js"])
def test_simulated_dut_decodes_what_the_flasher_displayed(qtbot, mode):
    clock = FakeVsync()
    m = get_mode(mode)
    f = make(qtbot, [m.pixel_values(m.encode(PAYLOAD))], clock)
    run_countdown(f, clock)
    with qtbot.waitSignal(f.finished, timeout=5000):
        while f.state == "flashing":
            clock.tick(f)
    times, values = f.record.region(0)
    assert SimulatedBlinkUpDut(mode, seed=1).receive(times, values) == PAYLOAD


def test_screenshot(qtbot):
    """Writes docs/screenshots/flasher*.png: the countdown with its warning, and two DUT regions mid-flash."""
    out = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    clock = FakeVsync()
    m = get_mode("fast")
    seq = m.pixel_values(m.encode(PAYLOAD))
    f = make(qtbot, [seq, seq[5:]], clock)
    f.resize(960, 540)
    f.start()
    image = f.grab()
    assert image.save(str(out / "flasher-countdown.png"))
    while f.state == "countdown":
        clock.tick(f)
    clock.tick(f, 12)
    assert f.grab().save(str(out / "flasher-regions.png"))
