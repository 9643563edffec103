"""Particle's product rules, in one place for the station's client and the emulator.

Sources (shared/reference/particle-libelium.md §1): firmware versions are 16-bit integers 1–65535
that must match the ``PRODUCT_VERSION`` compiled into the binary; one platform per product; OTA
precedence development > locked > group release (highest wins) > product default > none; group names
are a–z, 0–9, ``-`` and ``_``, at most 64 characters; the manufacturing guide's shipment group is
``YYYYMMDD_XXXX`` (XXXX = device count).

Simulated binaries: a real product binary carries its platform, product ID and version in the module
suffix near its end. The emulator cannot parse real Device OS modules, so our simulated binaries end
with a small documented trailer instead (:func:`firmware_binary`), which the emulator checks exactly
as Particle checks the real suffix: version and platform must match what the upload says.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

MIN_VERSION, MAX_VERSION = 1, 65535
GROUP_NAME = re.compile(r"^[a-z0-9_-]{1,64}$")
DEVICE_ID = re.compile(r"^[0-9a-f]{24}$")
PLATFORMS = {6: "photon", 8: "p1", 10: "electron", 12: "argon", 13: "boron", 23: "bsom", 25: "b5som",
             26: "tracker", 32: "p2", 35: "msom"}
TRAILER_MAGIC = b"STPF"  # "station Particle firmware" trailer
_TRAILER = struct.Struct("<4sHHH")  # magic, platform_id, product_id (0 = none: Device OS 4+), version


class RuleError(ValueError):
    """A value Particle would refuse; the message says which rule."""


def check_version(version: object) -> int:
    """A firmware version as Particle takes it, or :class:`RuleError`."""
    try:
        value = int(str(version))
    except (TypeError, ValueError):
        raise RuleError(f"firmware version {version!r} is not an integer") from None
    if not MIN_VERSION <= value <= MAX_VERSION:
        raise RuleError(f"firmware version {value} is outside {MIN_VERSION}–{MAX_VERSION} (a 16-bit version)")
    return value


def check_group_name(name: str) -> str:
    if not GROUP_NAME.match(name):
        raise RuleError(f"group name {name!r}: use a–z, 0–9, '-' and '_', at most 64 characters")
    return name


def shipment_group(template: str, day: date, count: int) -> str:
    """The shipment group name, e.g. ``{date}_{count:04d}`` → ``20261130_0040`` (manufacturing guide)."""
    try:
        name = template.format(date=day.strftime("%Y%m%d"), count=count)
    except (KeyError, IndexError, ValueError) as exc:
        raise RuleError(f"shipment group template {template!r}: {exc}; use {{date}} and {{count}}") from exc
    return check_group_name(name.lower())


@dataclass(frozen=True)
class BinaryInfo:
    platform_id: int
    product_id: int | None
    version: int


def firmware_binary(platform_id: int, version: int, product_id: int | None = None, size: int = 256) -> bytes:
    """A simulated product binary (for the emulator's seed and tests) with our trailer."""
    body = bytes((i * 31 + version) & 0xFF for i in range(max(0, size)))
    return body + _TRAILER.pack(TRAILER_MAGIC, platform_id, product_id or 0, check_version(version))


def read_binary(data: bytes) -> BinaryInfo:
    """What a binary says it is, or :class:`RuleError` when it carries no product version."""
    if len(data) < _TRAILER.size or data[-_TRAILER.size:][:4] != TRAILER_MAGIC:
        raise RuleError("the binary carries no PRODUCT_VERSION (not a product firmware binary)")
    _, platform, product, version = _TRAILER.unpack(data[-_TRAILER.size:])
    return BinaryInfo(platform, product or None, version)


def targeted_version(*, development: bool, locked: int | None, group_releases: Iterable[int],
                     product_default: int | None) -> int | None:
    """Which version the cloud sends a device: development > locked > highest group release > default."""
    if development:
        return None
    if locked is not None:
        return locked
    releases = list(group_releases)
    if releases:
        return max(releases)
    return product_default
