"""Reed–Solomon over GF(256), with errors *and* erasures, for the fast framing.

Written here rather than taken from a package because it is ~150 lines, the station needs exactly
one shape of it (systematic, first root α⁰, primitive polynomial 0x11D), and the decoder must report
how much of its correcting power it spent so the caller can keep a safety margin against
mis-decoding. Polynomials are lists of coefficients, lowest degree first.
"""

from __future__ import annotations

from dataclasses import dataclass

PRIMITIVE = 0x11D

EXP = [0] * 512
LOG = [0] * 256
_x = 1
for _i in range(255):
    EXP[_i] = _x
    LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= PRIMITIVE
for _i in range(255, 512):
    EXP[_i] = EXP[_i - 255]


class RSDecodeError(ValueError):
    """Too many errors and erasures to correct with the parity at hand."""


def gf_mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return EXP[LOG[a] + LOG[b]]


def gf_inv(a: int) -> int:
    if a == 0:
        raise ZeroDivisionError("0 has no inverse in GF(256)")
    return EXP[255 - LOG[a]]


def gf_pow_alpha(e: int) -> int:
    return EXP[e % 255]


def poly_eval(p: list[int], x: int) -> int:
    """Horner's rule for a lowest-degree-first polynomial."""
    y = 0
    for c in reversed(p):
        y = gf_mul(y, x) ^ c
    return y


def poly_mul(p: list[int], q: list[int]) -> list[int]:
    out = [0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] ^= gf_mul(a, b)
    return out


_GENERATORS: dict[int, list[int]] = {}


def generator(nparity: int) -> list[int]:
    """g(x) = ∏_{i<nparity} (x − αⁱ), lowest degree first."""
    if nparity not in _GENERATORS:
        g = [1]
        for i in range(nparity):
            g = poly_mul(g, [gf_pow_alpha(i), 1])
        _GENERATORS[nparity] = g
    return _GENERATORS[nparity]


def encode(message: bytes, nparity: int) -> bytes:
    """Systematic codeword: the message followed by ``nparity`` parity bytes (at most 255 in all)."""
    if len(message) + nparity > 255:
        raise ValueError(f"RS codeword of {len(message) + nparity} bytes exceeds 255")
    g = generator(nparity)  # monic, degree nparity
    # Long division of message(x)·x^nparity by g(x); message[0] is the highest degree.
    rem = [0] * nparity  # rem[0] is the highest degree of the remainder
    for byte in message:
        factor = byte ^ rem[0]
        rem = rem[1:] + [0]
        if factor:
            for j in range(nparity):
                rem[j] ^= gf_mul(factor, g[nparity - 1 - j])
    return bytes(message) + bytes(rem)


@dataclass(frozen=True)
class RSResult:
    """The corrected codeword and what it took to correct it."""

    codeword: bytes
    erasures: int
    errors: int


def syndromes(codeword: bytes | list[int], nparity: int) -> list[int]:
    """S_j = r(αʲ) where the last byte of the codeword is degree 0."""
    out = []
    for j in range(nparity):
        x = gf_pow_alpha(j)
        y = 0
        for c in codeword:
            y = gf_mul(y, x) ^ c
        out.append(y)
    return out


def decode(codeword: bytes, nparity: int, erasures: list[int] | tuple[int, ...] = ()) -> RSResult:
    """Correct ``codeword`` given the byte positions known to be unreliable.

    Raises :class:`RSDecodeError` when the damage exceeds what ``nparity`` bytes can repair, or when
    the repair is inconsistent (more locator roots missing than found).
    """
    n = len(codeword)
    erase = sorted(set(erasures))
    if any(not 0 <= p < n for p in erase):
        raise ValueError("erasure position outside the codeword")
    if len(erase) > nparity:
        raise RSDecodeError(f"{len(erase)} erasures exceed {nparity} parity bytes")
    r = list(codeword)
    for p in erase:
        r[p] = 0
    synd = syndromes(r, nparity)
    if not any(synd):
        return RSResult(bytes(r), len(erase), 0)
    # Erasure locator Γ(x) = ∏ (1 − X_k x), X_k = α^(degree of position).
    gamma = [1]
    for p in erase:
        gamma = poly_mul(gamma, [1, gf_pow_alpha(n - 1 - p)])
    # Berlekamp–Massey started from the erasure locator (Blahut's errors-and-erasures form).
    lam = list(gamma)
    b = list(gamma)
    length = len(erase)
    for step in range(len(erase) + 1, nparity + 1):
        delta = 0
        for i in range(min(len(lam), step)):
            delta ^= gf_mul(lam[i], synd[step - 1 - i])
        xb = [0] + b
        if delta == 0:
            b = xb
            continue
        new_lam = [0] * max(len(lam), len(xb))
        for i, c in enumerate(lam):
            new_lam[i] ^= c
        for i, c in enumerate(xb):
            new_lam[i] ^= gf_mul(delta, c)
        if 2 * length <= step + len(erase) - 1:
            inv = gf_inv(delta)
            b = [gf_mul(inv, c) for c in lam]
            length = step + len(erase) - length
        else:
            b = xb
        lam = new_lam
    while len(lam) > 1 and lam[-1] == 0:
        lam.pop()
    degree = len(lam) - 1
    if degree != length or 2 * (length - len(erase)) + len(erase) > nparity:
        raise RSDecodeError("too many errors to correct")
    # Chien search over every position of this (possibly shortened) codeword.
    positions = [p for p in range(n) if poly_eval(lam, gf_pow_alpha(-(n - 1 - p))) == 0]
    if len(positions) != degree:
        raise RSDecodeError("error locator does not factor over the codeword: too many errors")
    omega = poly_mul(synd, lam)[:nparity]
    deriv = [lam[i] if i % 2 == 1 else 0 for i in range(1, len(lam))]
    for p in positions:
        x = gf_pow_alpha(n - 1 - p)
        x_inv = gf_inv(x)
        denom = poly_eval(deriv, x_inv)
        if denom == 0:
            raise RSDecodeError("degenerate error locator")
        r[p] ^= gf_mul(x, gf_mul(poly_eval(omega, x_inv), gf_inv(denom)))
    if any(syndromes(r, nparity)):
        raise RSDecodeError("correction did not yield a codeword")
    errors = len(set(positions) - set(erase))
    return RSResult(bytes(r), len(erase), errors)
