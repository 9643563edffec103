"""The BlinkUp payload: what the screen tells a DUT before it can reach the cloud.

A small frozen value so the station flow, the encoders, the decoders and the simulated DUT all pass
the same thing around. It checks only what every framing needs (text is text, IDs are hex); the
rules about *which* plan ID a device may get live with the cloud enrollment code, not here.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from station.errors import InputError

_HEX = set(string.hexdigits)


def hex_to_bytes(value: str, what: str) -> bytes:
    """Turn a hex string into bytes, with an error that names the field and the problem."""
    text = value.strip()
    if text.lower().startswith("0x"):
        text = text[2:]
    if not text:
        raise InputError(f"{what} is empty; give it as hex digits")
    bad = sorted({c for c in text if c not in _HEX})
    if bad:
        raise InputError(f"{what} {value!r} is not hex: bad character(s) {''.join(bad)!r}")
    if len(text) % 2:
        raise InputError(f"{what} {value!r} has an odd number of hex digits ({len(text)}); bytes need pairs")
    return bytes.fromhex(text)


@dataclass(frozen=True)
class BlinkUpPayload:
    """Wi-Fi credentials plus the plan ID and enrollment token, as hex strings (normalised lowercase).

    ``plan_id`` may be empty (a DUT enrolling with a factory token has none); ``ssid`` may be empty
    for a device without Wi-Fi. Framings that cannot carry such a payload say so when encoding.
    """

    ssid: str
    password: str
    plan_id: str
    token: str

    def __post_init__(self) -> None:
        if not isinstance(self.ssid, str) or not isinstance(self.password, str):
            raise InputError("SSID and password must be text")
        if len(self.ssid.encode("utf-8")) > 32:
            raise InputError(f"SSID {self.ssid!r} is {len(self.ssid.encode('utf-8'))} bytes; Wi-Fi allows 32")
        if len(self.password.encode("utf-8")) > 64:
            raise InputError(f"password is {len(self.password.encode('utf-8'))} bytes; Wi-Fi allows 64")
        # DUTs provisioned with a factory token carry no plan ID of their own: "" is allowed.
        plan = hex_to_bytes(self.plan_id, "plan ID").hex() if self.plan_id.strip() else ""
        object.__setattr__(self, "plan_id", plan)
        object.__setattr__(self, "token", hex_to_bytes(self.token, "enrollment token").hex())

    @property
    def plan_bytes(self) -> bytes:
        return bytes.fromhex(self.plan_id)

    @property
    def token_bytes(self) -> bytes:
        return bytes.fromhex(self.token)

    def to_json(self) -> dict[str, str]:
        """The JSON shape the CLI prints and the tests compare."""
        return {"ssid": self.ssid, "password": self.password, "plan_id": self.plan_id, "token": self.token}
