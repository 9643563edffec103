"""Scanner input: wedge bursts versus typing, serial patterns, check digits, duplicate scans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.drivers.scanner import (
    DuplicateGuard,
    Scanner,
    SerialRejected,
    SerialRule,
    WedgeDecoder,
    gs1_mod10_check_digit,
    luhn_check_digit,
)
from station.errors import InputError

GTIN_RULE = SerialRule(r"SN(?P<digits>\d{8})", check_digit="gs1")


def keys(decoder: WedgeDecoder, text: str, t0: float, gap: float, terminator: str = "Enter"):
    t = t0
    out = None
    for ch in text:
        assert decoder.feed(ch, t) is None
        t += gap
    out = decoder.feed(terminator, t)
    return out


def test_burst_is_a_scan_and_slow_typing_is_typing():
    decoder = WedgeDecoder(burst_gap_s=0.05)
    scan = keys(decoder, "SN12345670", 0.0, 0.008)
    assert scan is not None and scan.source == "scanner" and scan.text == "SN12345670"
    typed = keys(decoder, "SN12345670", 10.0, 0.180)
    assert typed is not None and typed.source == "keyboard" and typed.text == "SN12345670"


def test_stray_keys_before_a_burst_are_discarded_not_prefixed():
    decoder = WedgeDecoder(burst_gap_s=0.05)
    assert decoder.feed("x", 0.0) is None
    assert decoder.feed("y", 0.4) is None
    entry = keys(decoder, "ABC123456", 1.0, 0.01)
    assert entry.source == "scanner"
    assert entry.text == "ABC123456"
    assert entry.discarded == "xy"


def test_backspace_means_typing_and_edits_the_text():
    decoder = WedgeDecoder()
    for i, k in enumerate("ABCDX"):
        decoder.feed(k, i * 0.01)
    decoder.feed("Backspace", 0.05)
    decoder.feed("E", 0.06)
    entry = decoder.feed("Enter", 0.07)
    assert entry.text == "ABCDE" and entry.source == "keyboard"


def test_short_burst_is_not_a_scan_and_modifiers_are_ignored():
    decoder = WedgeDecoder(min_burst=4)
    decoder.feed("Shift", 0.0)
    entry = keys(decoder, "AB", 0.0, 0.005)
    assert entry.source == "keyboard" and entry.text == "AB"
    assert decoder.feed("Enter", 1.0) is None  # a bare Enter reports nothing


def test_tab_terminates_and_idle_input_is_dropped():
    decoder = WedgeDecoder(idle_reset_s=5.0)
    decoder.feed("Q", 0.0)
    entry = keys(decoder, "ABCDEF", 100.0, 0.01, terminator="Tab")
    assert entry.text == "ABCDEF"
    assert decoder.dropped == ["Q"]


def test_gs1_and_luhn_check_digits_match_published_examples():
    # GS1 example GTIN-13 629104150021 -> check digit 3; Luhn example 7992739871 -> 3.
    assert gs1_mod10_check_digit("629104150021") == 3
    assert luhn_check_digit("7992739871") == 3


def test_serial_rule_accepts_a_good_serial_and_says_why_it_rejects():
    body = "1234567"
    good = f"SN{body}{gs1_mod10_check_digit(body)}"
    assert GTIN_RULE(" " + good.lower() + " ") == good
    bad_digit = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(SerialRejected, match="bad gs1 check digit"):
        GTIN_RULE(bad_digit)
    with pytest.raises(SerialRejected, match="does not match the serial pattern"):
        GTIN_RULE("XX12345678")
    with pytest.raises(SerialRejected, match="serial is empty"):
        GTIN_RULE("   ")
    with pytest.raises(SerialRejected, match="control character"):
        GTIN_RULE("SN1234\x1b5670")


def test_serial_rule_is_an_input_error_and_bad_rules_are_refused():
    with pytest.raises(InputError):
        SerialRule(r"([A-Z")
    with pytest.raises(InputError, match="unknown check digit"):
        SerialRule(check_digit="mod97")
    assert issubclass(SerialRejected, InputError)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_gs1_rule_accepts_exactly_the_right_check_digit(digits):
    body = digits[:-1]
    ok = int(digits[-1]) == gs1_mod10_check_digit(body)
    if ok:
        assert GTIN_RULE("SN" + digits) == "SN" + digits
    else:
        with pytest.raises(SerialRejected):
            GTIN_RULE("SN" + digits)


def test_scanner_validates_rejects_and_flags_duplicates():
    body = "7654321"
    good = f"SN{body}{gs1_mod10_check_digit(body)}"
    scanner = Scanner(GTIN_RULE, duplicates=DuplicateGuard(window_s=30.0))
    first = scanner.feed_text(good, 0.0, 0.005)
    assert first.accepted and first.serial == good and first.source == "scanner"
    again = scanner.feed_text(good, 2.0, 0.005)
    assert not again.accepted and "duplicate scan" in again.reason
    wrong = scanner.feed_text("SN00000000X", 3.0, 0.005)
    assert not wrong.accepted and "pattern" in wrong.reason and wrong.serial == ""
    scanner.duplicates.forget(good)
    assert scanner.feed_text(good, 4.0, 0.005).accepted
    later = scanner.feed_text(good, 40.0, 0.005)
    assert later.accepted  # outside the window: a deliberate retest


def test_scanner_can_refuse_typed_entries():
    scanner = Scanner(SerialRule(r"[A-Z0-9]{6,20}"), allow_typed=False)
    typed = scanner.feed_text("ABC123", 0.0, 0.2)
    assert not typed.accepted and "scan the barcode" in typed.reason
    assert scanner.feed_text("ABC123", 5.0, 0.004).accepted


def test_rule_from_config_section_uses_the_configured_pattern():
    class Section:
        serial_pattern = r"^DEMO\d{5}$"
        check_digit = "none"

    rule = SerialRule.from_config(Section())
    assert rule("demo00042") == "DEMO00042"
    with pytest.raises(SerialRejected):
        rule("DEMO0042")


def test_usb_cdc_scanner_on_a_real_pty_validates_every_line():
    import os
    import pty
    import tty

    from station.drivers.scanner import SerialPortScanner

    master, slave = pty.openpty()
    tty.setraw(slave)
    body = "1234567"
    good = f"SN{body}{gs1_mod10_check_digit(body)}"
    try:
        with SerialPortScanner(os.ttyname(slave), Scanner(GTIN_RULE)) as port:
            assert port.read(0.1) is None  # nothing scanned yet: a timeout, not an error
            os.write(master, f"{good}\r\n".encode() + b"SN12345678\r")
            first = port.read(5.0)
            assert first is not None and first.accepted and first.serial == good and first.source == "serial"
            second = port.read(5.0)
            assert second is not None and not second.accepted and "check digit" in second.reason
            os.write(master, f"{good}\n".encode())
            third = port.read(5.0)
            assert third is not None and not third.accepted and "duplicate scan" in third.reason
    finally:
        os.close(master)
        os.close(slave)


def test_usb_cdc_scanner_that_cannot_be_opened_is_a_clear_error(tmp_path):
    from station.drivers.scanner import SerialPortScanner

    with pytest.raises(InputError, match="cannot open scanner port"):
        SerialPortScanner(str(tmp_path / "no-such-tty"), Scanner())


def test_usb_cdc_scanner_unplugged_is_a_station_error_not_a_rejected_scan():
    import os
    import pty
    import tty

    from station.drivers.scanner import SerialPortScanner
    from station.errors import StationError

    master, slave = pty.openpty()
    tty.setraw(slave)
    port = SerialPortScanner(os.ttyname(slave), Scanner())
    try:
        os.close(master)  # the scanner's cable pulled
        with pytest.raises(StationError, match="unplugged"):
            port.read(5.0)
    finally:
        port.close()
        os.close(slave)
