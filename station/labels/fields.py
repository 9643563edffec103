"""How a unit's identity is written on its label: one rule for the live run and for crash recovery.

A MAC address is printed as its twelve hex digits (``0c2a69ca167c``), as impCentral shows it and as
the label templates declare it (``^FX field mac max=12 hex``): the separators add five characters
a small label has no room for and that a reader of the label does not need.
"""

from __future__ import annotations

import re


def label_mac(mac: str | None) -> str:
    """``0C:2A:69:CA:16:7C`` or ``0c-2a-…`` → ``0c2a69ca167c``; anything else is printed as it is."""
    if not mac:
        return ""
    digits = re.sub(r"[:\-.]", "", mac).lower()
    return digits if re.fullmatch(r"[0-9a-f]{12}", digits) else mac


def unit_label_fields(serial: str, device_id: str | None, mac: str | None, product: str,
                      script_version: str) -> dict[str, str]:
    """The fields every product label template may use."""
    return {"serial": serial, "device_id": device_id or "", "mac": label_mac(mac), "product": product,
            "script_version": script_version}
