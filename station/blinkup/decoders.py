"""Decoders: light samples in, a checked payload out — or a :class:`DecodeError` saying why not.

Pipeline, shared by both framings: :mod:`demod` finds the frames, :mod:`levels` learns the grey
levels, :mod:`align` explains dropped and repeated frames, and the framing's grammar (here) checks
every candidate: Reed–Solomon plus CRC-16 for fast, the SDK's CRC plus the TLV layout for
blinkup-js. A payload is returned only when those checks pass with margin to spare.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from station.blinkup import fast, js, rs
from station.blinkup.align import ERASED, align
from station.blinkup.crc import crc16_blinkup, crc16_ccitt
from station.blinkup.demod import demodulate
from station.blinkup.errors import DecodeError
from station.blinkup.levels import classify
from station.blinkup.payload import BlinkUpPayload

#: Light level of the SDK's grey on a gamma-2.2 screen, relative to white.
JS_GREY_LIGHT = (js.GREY_CODE / 255) ** 2.2
#: At most this many unknown bits are solved from the SDK's 16-bit CRC; the rest stay as a check.
JS_MAX_UNKNOWN_BITS = 8
_JS_KNOWN = tuple(js.SYNC) + tuple(js.byte_symbols(js.HEADER))


class FastGrammar:
    """The fast framing's rules for :func:`align`."""

    def known(self, i: int) -> int | None:
        return fast.PREAMBLE[i] if i < len(fast.PREAMBLE) else None

    def allowed(self, i: int, level: int, symbols: Sequence[int]) -> bool:
        return i == 0 or symbols[i - 1] == ERASED or level != symbols[i - 1]

    def _bytes(self, symbols: Sequence[int]) -> tuple[list[int], list[int]]:
        start = len(fast.PREAMBLE)
        out: list[int] = []
        unknown: list[int] = []
        for b in range((len(symbols) - start) // 4):
            value, bad = 0, False
            for k in range(4):
                i = start + 4 * b + k
                s, prev = symbols[i], symbols[i - 1]
                if s == ERASED or prev == ERASED:
                    bad = True
                    v = 0
                else:
                    v = fast.level_to_value(s, prev)
                value = value << 2 | v
            out.append(value)
            if bad:
                unknown.append(b)
        return out, unknown

    def targets(self, symbols: Sequence[int]) -> list[int] | None:
        start = len(fast.PREAMBLE)
        if len(symbols) < start + 8:
            return None
        head = list(symbols[: start + 8])
        holes = [i for i in range(start, start + 8) if head[i] == ERASED]
        if len(holes) > 2:
            return []
        consistent, loose = set(), set()
        for fill in itertools.product(range(fast.LEVELS), repeat=len(holes)):
            for i, level in zip(holes, fill, strict=True):
                head[i] = level
            if any(head[i] == head[i - 1] for i in range(start, start + 8)):
                continue
            data, _ = self._bytes(head)
            if data[0] == data[1] ^ 0xFF:
                consistent.add(data[0])
            loose.update((data[0], data[1] ^ 0xFF))
        # A header that checks itself wins; otherwise one of its two copies took a noise hit.
        options = consistent or loose
        return sorted(start + 4 * n for n in options if 20 <= n <= 255)

    def finish(self, symbols: Sequence[int]) -> BlinkUpPayload | None:
        data, unknown = self._bytes(symbols)
        budget = fast.NPARITY - fast.RS_MARGIN
        if len(unknown) > budget:
            return None
        try:
            res = rs.decode(bytes(data), fast.NPARITY, unknown)
        except rs.RSDecodeError:
            return None
        if res.erasures + 2 * res.errors > budget:
            return None
        word = res.codeword[: -fast.NPARITY]
        n = len(res.codeword)
        if word[0] != n or word[1] != n ^ 0xFF:
            return None
        if crc16_ccitt(word[:-2]) != (word[-2] << 8 | word[-1]):
            return None
        try:
            return fast.parse_body(word[2:-2])
        except (ValueError, UnicodeDecodeError):
            return None
        except Exception:  # noqa: BLE001 - an InputError from the payload type means "not a payload"
            return None


class JsGrammar:
    """The BlinkUp-JS framing's rules for :func:`align`."""

    first = len(_JS_KNOWN)  # symbol index of the length byte's first frame

    def known(self, i: int) -> int | None:
        if i < len(_JS_KNOWN):
            return _JS_KNOWN[i]
        return js.BLACK if i % 2 == 0 else None

    def allowed(self, i: int, level: int, symbols: Sequence[int]) -> bool:
        return (level == js.BLACK) if i % 2 == 0 else level in (js.GREY, js.WHITE)

    def _bits(self, symbols: Sequence[int], nbytes: int) -> list[int | None]:
        bits: list[int | None] = []
        for b in range(nbytes):
            for k in range(8):
                s = symbols[self.first + 16 * b + 2 * k + 1]
                bits.append(None if s == ERASED else int(s == js.WHITE))
        return bits

    def targets(self, symbols: Sequence[int]) -> list[int] | None:
        if len(symbols) < self.first + 16:
            return None
        bits = self._bits(symbols, 1)
        holes = [k for k, b in enumerate(bits) if b is None]
        if len(holes) > 3:
            return []
        out = []
        for fill in range(1 << len(holes)):
            value = 0
            for k, b in enumerate(bits):
                if b is None:
                    b = fill >> holes.index(k) & 1
                value = value << 1 | b
            if value >= 22:
                out.append(len(js.SYNC) + 16 * (value + 4))  # every frame but the final black
        return sorted(out)

    def finish(self, symbols: Sequence[int]) -> BlinkUpPayload | None:
        nbytes = (len(symbols) - self.first) // 16
        bits = self._bits(symbols, nbytes)
        holes = [k for k, b in enumerate(bits) if b is None]
        if len(holes) > JS_MAX_UNKNOWN_BITS:
            return None
        base = bytearray(nbytes)
        for k, b in enumerate(bits):
            if b:
                base[k // 8] |= 0x80 >> (k % 8)
        body_len = nbytes - 2

        def check(data: bytes | bytearray) -> int:
            return crc16_blinkup(data[:body_len]) ^ (data[body_len] << 8 | data[body_len + 1])

        target = check(base)
        effects = []
        for k in holes:
            unit = bytearray(nbytes)
            unit[k // 8] = 0x80 >> (k % 8)
            effects.append(crc16_blinkup(unit[:body_len]) ^ (unit[body_len] << 8 | unit[body_len + 1]))
        # The SDK's CRC repeats every 128 bits, so two lost bits can fit it two ways: keep every
        # filling the CRC accepts, and return a payload only if exactly one of them is well-formed.
        found: set[BlinkUpPayload] = set()
        for fill in range(1 << len(holes)):
            acc = 0
            for u, e in enumerate(effects):
                if fill >> u & 1:
                    acc ^= e
            if acc != target:
                continue
            data = bytearray(base)
            for u, k in enumerate(holes):
                if fill >> u & 1:
                    data[k // 8] ^= 0x80 >> (k % 8)
            payload = parse_js_body(bytes(data[:body_len]))
            if payload is not None:
                found.add(payload)
                if len(found) > 1:
                    return None  # two payloads fit every check: refuse to guess
        return found.pop() if found else None


def parse_js_body(body: bytes) -> BlinkUpPayload | None:
    """Length byte and TLVs 1, 6, 5 exactly as the SDK lays them out, or None."""
    if len(body) < 23 or body[0] != len(body) - 1:
        return None
    pos = 1
    fields = {}
    for expected in (js.TLV_SSID, js.TLV_PASSWORD, js.TLV_PLAN_TOKEN):
        if pos + 2 > len(body) or body[pos] != expected:
            return None
        n = body[pos + 1]
        value = body[pos + 2 : pos + 2 + n]
        if len(value) != n:
            return None
        fields[expected] = value
        pos += 2 + n
    if pos != len(body) or len(fields[js.TLV_PLAN_TOKEN]) != 16:
        return None
    try:
        ssid = fields[js.TLV_SSID].decode("utf-8")
        password = fields[js.TLV_PASSWORD].decode("utf-8")
        value5 = fields[js.TLV_PLAN_TOKEN]
        plan = value5[:8][::-1]
        return BlinkUpPayload(ssid, password, "" if plan == js.NO_PLAN else plan.hex(), value5[8:][::-1].hex())
    except Exception:  # noqa: BLE001 - bad UTF-8 or an empty SSID: not a payload
        return None


def _first(labels: np.ndarray, start: int, level: int) -> int:
    hits = np.nonzero(labels[start:] == level)[0]
    if len(hits) == 0:
        raise DecodeError("found flashing but no preamble: is --mode right?")
    return start + int(hits[0])


def _doubtful(means: np.ndarray, centers: np.ndarray) -> list[bool]:
    """Slots within 40 % of a level step of the previous slot: a repeat that noise may have disguised."""
    step = float(np.min(np.diff(centers))) if len(centers) > 1 else 0.0
    near = np.abs(np.diff(means, prepend=means[:1])) < 0.4 * step
    return near.tolist()


def decode_fast(samples: np.ndarray, rate: float, fps: float = 60.0) -> BlinkUpPayload:
    """Decode a fast-mode flash from light samples."""
    slots = demodulate(samples, rate, fps)
    head = slots.means[slots.rise_slot : slots.rise_slot + 10]
    lo, hi = float(np.percentile(head, 15)), float(np.percentile(head, 85))
    labels, centers = classify(slots.means, np.linspace(lo, hi, fast.LEVELS))
    j0 = _first(labels, max(0, slots.rise_slot - 1), fast.LEVELS - 1)
    pre = list(fast.PREAMBLE)
    roots = [(j0, 0, []), (j0, 1, pre[:2]), (j0, 2, pre[:4])]
    result = align(labels.tolist(), roots, FastGrammar(), max_events=24, doubtful=_doubtful(slots.means, centers))
    return result.payload


def decode_js(samples: np.ndarray, rate: float, fps: float = 60.0) -> BlinkUpPayload:
    """Decode a BlinkUp-JS flash from light samples."""
    slots = demodulate(samples, rate, fps)
    sync = slots.means[slots.rise_slot : slots.rise_slot + 28]
    black, grey = float(np.percentile(sync, 20)), float(np.percentile(sync, 80))
    white = min(black + (grey - black) / JS_GREY_LIGHT, float(np.max(slots.means)))
    labels, _ = classify(slots.means, np.array([black, grey, max(white, grey + 1e-3)]))
    j0 = _first(labels, max(0, slots.rise_slot - 1), js.WHITE)
    known = list(_JS_KNOWN)
    # The first white frame is header bit 2 (0x2A = 00101010), or bit 4/6 if earlier ones were dropped.
    roots = [(j0, cost, known[: len(js.SYNC) + 2 * bit + 1]) for cost, bit in enumerate((2, 4, 6))]
    return align(labels.tolist(), roots, JsGrammar(), max_events=64).payload


DECODERS = {"blinkup-js": decode_js, "fast": decode_fast}


def decode(mode: str, samples: np.ndarray, rate: float, fps: float = 60.0) -> BlinkUpPayload:
    """Decode ``samples`` taken at ``rate`` Hz of a screen flashing ``mode`` at about ``fps``."""
    try:
        decoder = DECODERS[mode]
    except KeyError:
        raise DecodeError(f"unknown mode {mode!r}; choose one of {', '.join(sorted(DECODERS))}") from None
    return decoder(np.asarray(samples, dtype=float), rate, fps)
