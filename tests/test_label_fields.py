"""One rule for what a label says about a unit, whichever backend and whichever path (live or recovery)."""

from __future__ import annotations

from station.labels.fields import label_mac, unit_label_fields


def test_a_mac_is_printed_as_twelve_hex_digits_even_when_the_backend_identity_gives_it() -> None:
    # impCentral's bless intent carries the unit's MAC as the fixture read it, with colons
    fields = unit_label_fields("SN1", "0c2a690000000001", "0C:2A:69:00:00:01", "imp-sensor", "1.0",
                               {"serial": "SN1", "device_id": "0c2a690000000001", "mac": "0C:2A:69:00:00:01"})
    assert fields["mac"] == "0c2a69000001"
    assert fields["device_id"] == "0c2a690000000001"


def test_the_backend_identity_wins_and_empty_values_do_not_erase() -> None:
    fields = unit_label_fields("P046AF0000012345", "", None, "particle-product", "2.1",
                               {"device_id": "e00fce68a1b2c3d4e5f60718", "activation_code": "", "qr": "P0 e0"})
    assert fields == {"serial": "P046AF0000012345", "device_id": "e00fce68a1b2c3d4e5f60718", "mac": "",
                      "product": "particle-product", "script_version": "2.1", "qr": "P0 e0"}


def test_something_that_is_not_a_mac_is_printed_as_it_is() -> None:
    assert label_mac("0c-2a-69-ca-16-7c") == "0c2a69ca167c"
    assert label_mac("not-a-mac") == "not-a-mac"
    assert label_mac(None) == ""
