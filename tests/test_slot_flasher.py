"""Every slot flashes at once: regions advance together, each with its own symbols, restarts and end.

The frame clock is injected (no display), as in test_flasher.py; tests/test_slot_flasher_xvfb.py
checks the same on a real X server with frames grabbed back from the screen.
"""

from __future__ import annotations

import numpy as np
import pytest

from station.blinkup import BlinkUpPayload, decode, get_mode
from station.blinkup.channel import transmit
from station.ui.slot_flasher import SlotFlasher


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def make(qtbot, regions: int = 4, **kw) -> tuple[SlotFlasher, Clock]:
    clock = Clock()
    f = SlotFlasher(regions, clock=clock, drive_by_display=False, **kw)
    qtbot.addWidget(f)
    return f, clock


def run_frames(f: SlotFlasher, clock: Clock, n: int, period: float = 1 / 60) -> None:
    for _ in range(n):
        f.frame_presented()
        clock.t += period


def test_each_region_shows_its_own_symbols_in_the_same_frames_and_decodes(qtbot) -> None:
    f, clock = make(qtbot)
    mode = get_mode("fast")
    payloads = {s: BlinkUpPayload(f"ssid-{s}", f"pw-{s}", "", f"{s:02x}23456789abcdef") for s in (1, 2, 3, 4)}
    records = {}
    f.finished.connect(lambda slot, record: records.update({slot: record}))
    for slot, p in payloads.items():
        f.flash(slot, mode.pixel_values(mode.encode(p)), countdown_s=0.0)
    run_frames(f, clock, 400)
    assert sorted(records) == [1, 2, 3, 4] and f.active() == []
    for slot, p in payloads.items():
        times, values = records[slot].region(slot - 1)
        assert values[:-1] == mode.pixel_values(mode.encode(p))
        got = decode("fast", transmit(values[:-1], 60.0, rng=np.random.default_rng(slot)), 1000.0, 60.0)
        assert (got.ssid, got.token) == (p.ssid, p.token)
    # the same frames: every region's record carries the same frame times
    assert records[1].times[:100] == records[2].times[:100]


def test_a_stopped_region_goes_black_while_the_others_continue(qtbot) -> None:
    f, clock = make(qtbot, 3)
    failed = []
    f.failed.connect(lambda slot, reason: failed.append((slot, reason)))
    for slot in (1, 2, 3):
        f.flash(slot, [1.0, 0.5] * 50, countdown_s=0.0)
    run_frames(f, clock, 10)
    f.stop(2, "operator pressed Abort")
    assert failed == [(2, "operator pressed Abort")]
    assert f.current_values()[1] == 0.0 and f.active() == [1, 3]
    run_frames(f, clock, 10)
    assert f.current_values()[1] == 0.0 and f.current_values()[0] in (1.0, 0.5)


def test_a_dropped_refresh_restarts_each_flashing_region_and_a_finished_one_stays_black(qtbot) -> None:
    f, clock = make(qtbot, 2, max_restarts=1)
    finished = {}
    f.finished.connect(lambda slot, record: finished.update({slot: record}))
    f.flash(1, [1.0] * 5, countdown_s=0.0)
    f.flash(2, [0.5] * 40, countdown_s=0.0)
    run_frames(f, clock, 8)
    assert 1 in finished and f.current_values() == [0.0, 0.5]  # slot 1 done: black; slot 2 goes on
    clock.t += 0.1  # the display misses refreshes
    run_frames(f, clock, 1)
    assert f.state(2) == "flashing" and f._tx[2].index == 0  # noqa: SLF001 - restarted from its first symbol
    run_frames(f, clock, 45)
    assert finished[2].restarts == 1 and finished[2].dropped_at == [7]  # the first frame ends the countdown
    assert f.state(1) == "done"


def test_bad_requests_are_refused(qtbot) -> None:
    f, _ = make(qtbot, 2)
    with pytest.raises(ValueError, match="slot 3 has no region"):
        f.flash(3, [1.0])
    with pytest.raises(ValueError, match="nothing to flash"):
        f.flash(1, [])
