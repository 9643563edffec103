# Small shims so the firmware runs unchanged on MicroPython (board and unix port) and CPython.
#
# MicroPython has time.ticks_ms/ticks_diff/sleep_ms and no os.read; CPython has the opposite.
# Everything else the firmware uses (binascii.crc32, select.poll, bytes/str) behaves the same.

import sys
import time

IS_MICROPYTHON = sys.implementation.name == "micropython"

if hasattr(time, "ticks_ms"):
    ticks_ms = time.ticks_ms
    ticks_diff = time.ticks_diff
    ticks_add = time.ticks_add
    sleep_ms = time.sleep_ms
else:  # CPython
    _T0 = time.monotonic()

    def ticks_ms():
        return int((time.monotonic() - _T0) * 1000)

    def ticks_diff(a, b):
        return a - b

    def ticks_add(a, b):
        return a + b

    def sleep_ms(ms):
        time.sleep(ms / 1000)


def disable_ctrl_c():
    """Stop 0x03 on the data stream from raising KeyboardInterrupt (MicroPython only)."""
    try:
        import micropython

        micropython.kbd_intr(-1)
    except ImportError:
        pass


class XorShift32:
    """A tiny deterministic PRNG: the same seed gives the same numbers on MicroPython and CPython
    (their `random` modules differ), so a simulated DUT's identity and noise are reproducible."""

    def __init__(self, seed):
        self.state = (seed * 2654435761 + 0x9E3779B9) & 0xFFFFFFFF or 0x12345678
        for _ in range(4):
            self.next()

    def next(self):
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.state = x & 0xFFFFFFFF
        return self.state

    def uniform(self):
        """A float in [0, 1)."""
        return self.next() / 4294967296.0

    def gauss(self, mu, sigma):
        """Approximately normal (Irwin-Hall, 6 uniforms): good enough for measurement noise."""
        s = 0.0
        for _ in range(6):
            s += self.uniform()
        return mu + (s - 3.0) * sigma * 1.4142135
