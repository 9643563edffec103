"""Input that cannot hurt (issue 11, item 8): every door a serial or a badge comes through refuses
control characters, over-long values and (for serials and badges) anything but printable ASCII,
with a message naming the problem — the scanner decoders, the station's scan/sign_in (the window
goes through them), ``station run --serial`` and the other CLI options that take a serial or badge."""

from __future__ import annotations

import os
import pty
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.cli import main
from station.drivers.scanner import MAX_KEYS, Scanner, SerialPortScanner, SerialRejected, SerialRule, WedgeDecoder
from station.errors import InputError
from station.events import Event, ScanRejected
from station.identifiers import IdentifierRejected, clean_identifier, shown
from tests.conftest import REPO

EXAMPLE = REPO / "dut_tests" / "imp_sensor" / "imp_sensor.py"
ESC_SERIAL = "SN1\x1b[2J"  # an ESC sequence that would clear the screen of whoever lists the runs
ARABIC_INDIC = "DEMO\u0660\u0660\u0660\u0660\u0664"  # DEMO٠٠٠٠٤: \d matches it without re.ASCII


# ------------------------------------------------------------------------------- the one function
def test_the_messages_name_the_problem_and_where() -> None:
    with pytest.raises(IdentifierRejected, match=r"^serial contains a control character \(ESC\) at position 4$"):
        clean_identifier(ESC_SERIAL)
    with pytest.raises(IdentifierRejected, match=r"^serial is 10240 characters long; at most 64$"):
        clean_identifier("A" * 10240)
    with pytest.raises(IdentifierRejected, match=r"serial contains non-ASCII character '٠' \(U\+0660\) at position 5"):
        clean_identifier(ARABIC_INDIC)
    with pytest.raises(IdentifierRejected, match=r"badge contains a control character \(U\+202E\) at position 3"):
        clean_identifier("op\u202eevil", "badge")  # a bidi override reverses what the screen shows
    with pytest.raises(IdentifierRejected, match="badge is empty"):
        clean_identifier(" \r\n", "badge")
    with pytest.raises(IdentifierRejected, match="DEL"):
        clean_identifier("SN\x7f1")
    assert issubclass(IdentifierRejected, InputError)


def test_clean_values_pass_trimmed_and_names_may_use_any_script() -> None:
    assert clean_identifier("  SN000123\r\n") == "SN000123"
    assert clean_identifier("A" * 64) == "A" * 64
    assert clean_identifier("José Núñez", "operator") == "José Núñez"
    with pytest.raises(IdentifierRejected, match="non-ASCII"):
        clean_identifier("José", "badge")
    assert shown("SN\x1b[2J") == "SN\\x1b[2J" and "(10240 characters)" in shown("A" * 10240)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_whatever_is_accepted_is_short_printable_ascii(raw: str) -> None:
    try:
        value = clean_identifier(raw, "serial")
    except IdentifierRejected as exc:
        assert str(exc).startswith("serial ")  # always a message naming the problem
        return
    assert 0 < len(value) <= 64 and all(" " <= ch <= "~" for ch in value) and value == value.strip()


# ------------------------------------------------------------------------------------- the scanner
def test_serial_rule_matches_ascii_digits_only() -> None:
    rule = SerialRule(r"DEMO\d{5}")
    assert rule("demo00004") == "DEMO00004"
    with pytest.raises(SerialRejected, match="non-ASCII character '٠'"):
        rule(ARABIC_INDIC)
    # The pattern itself is ASCII too, for anyone who matches with it directly.
    assert rule._regex.fullmatch("DEMO\u0660\u0660\u0660\u0660\u0664") is None


def test_wedge_scans_with_control_characters_or_runaway_length_are_refused() -> None:
    scanner = Scanner(SerialRule(r"SN\d+"))
    result = scanner.feed_text(ESC_SERIAL, t0=0.0, gap_s=0.01)
    assert result is not None and not result.accepted
    assert result.reason == "serial contains a control character (ESC) at position 4"
    assert "\x1b" not in result.raw  # what the window shows of a refused scan is escaped
    decoder = WedgeDecoder()
    scanner = Scanner(SerialRule(r"SN\d+"), decoder=decoder)
    result = scanner.feed_text("SN" + "1" * 10238, t0=100.0, gap_s=0.001)
    assert result is not None and not result.accepted
    assert result.reason == "serial is 10240 characters long; at most 64"
    assert len(decoder._keys) == 0  # reset after the entry; during it at most MAX_KEYS + 1 were kept
    assert MAX_KEYS < 10240


def test_a_custom_serial_rule_cannot_let_unsafe_values_through() -> None:
    scanner = Scanner(lambda s: s)  # a rule that accepts anything
    bad = scanner.submit("SN\x001", 0.0, source="camera")
    assert not bad.accepted and "control character (NUL) at position 3" in bad.reason
    assert scanner.submit(ARABIC_INDIC, 1.0, source="camera").accepted is False


def test_usb_cdc_scanner_refuses_escapes_and_endless_lines_then_reads_on() -> None:
    master, slave = pty.openpty()
    tty.setraw(slave)
    try:
        with SerialPortScanner(os.ttyname(slave), Scanner(SerialRule(r"SN\d+"))) as port:
            os.write(master, b"SN1\x1b[2J\r\n")
            first = port.read(5.0)
            assert first is not None and not first.accepted and "control character (ESC)" in first.reason
            os.write(master, "DEMO\u0660\r".encode())
            second = port.read(5.0)
            assert second is not None and not second.accepted and "non-ASCII" in second.reason
            for _ in range(5):
                os.write(master, b"7" * 1024)  # a scanner with no suffix configured, stuck sending
            third = port.read(5.0)
            assert third is not None and not third.accepted and "without a line end" in third.reason
            os.write(master, b"77\r\nSN42\r\n")  # the runaway line's tail is dropped with it
            fourth = port.read(5.0)
            assert fourth is not None and fourth.accepted and fourth.serial == "SN42"
    finally:
        os.close(master)
        os.close(slave)


# ------------------------------------------------------------------------ the station (and window)
@pytest.fixture(scope="module")
def world() -> Iterator[object]:
    from station.sim.world import SimulatedWorld

    with SimulatedWorld(slots=1, population_faults=False) as w:
        yield w


def test_station_sign_in_refuses_unsafe_badges_and_keeps_the_operator(world) -> None:
    station = world.station
    station.sign_in("op-1")
    with pytest.raises(InputError, match=r"badge contains a control character \(ESC\) at position 3"):
        station.sign_in("op\x1b[2J")
    with pytest.raises(InputError, match="badge is 10240 characters long; at most 64"):
        station.sign_in("B" * 10240)
    with pytest.raises(InputError, match="badge contains non-ASCII"):
        station.sign_in("op\u0661")
    assert station.operator == "op-1"  # a refused badge signs nobody in or out


def test_station_scan_refuses_unsafe_serials_before_any_slot(world) -> None:
    station = world.station
    station.sign_in("op-1")
    seen: list[Event] = []
    world.station.bus.subscribe(seen.append)
    assert station.scan(ESC_SERIAL) is None
    assert station.scan("DEMO" + "0" * 10236) is None
    assert station.scan(ARABIC_INDIC) is None
    rejected = [e for e in seen if isinstance(e, ScanRejected)]
    assert [e.reason for e in rejected] == [
        "serial contains a control character (ESC) at position 4",
        "serial is 10240 characters long; at most 64",
        "serial contains non-ASCII character '٠' (U+0660) at position 5",
    ]
    assert all("\x1b" not in e.raw and len(e.raw) < 200 for e in rejected)
    assert not any(s.busy for s in station.slots)


# -------------------------------------------------------------------------------------- the CLI
def test_run_serial_with_escape_or_10kb_is_refused_and_nothing_recorded(tmp_path: Path, capsys) -> None:
    db = tmp_path / "s.db"
    for serial, message in (
        (ESC_SERIAL, "serial contains a control character (ESC) at position 4"),
        ("S" * 10240, "serial is 10240 characters long; at most 64"),
        (ARABIC_INDIC, "serial contains non-ASCII character"),
    ):
        assert main(["run", str(EXAMPLE), "--serial", serial, "--sim", "--quiet", "--db", str(db)]) == 2
        assert message in capsys.readouterr().err
    assert main(["run", str(EXAMPLE), "--serial", "SN1", "--operator", "op\x1b]0;x\x07", "--quiet",
                 "--db", str(db)]) == 2
    assert "operator contains a control character (ESC) at position 3" in capsys.readouterr().err
    assert main(["runs", "list", "--json", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_other_cli_doors_refuse_unsafe_serials_and_badges(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "s.db")
    assert main(["runs", "list", "--serial", "SN\x1b[2J", "--db", db]) == 2
    assert "control character (ESC)" in capsys.readouterr().err
    assert main(["qa", "trace", "S" * 10240, "--db", db]) == 2
    assert "identity is 10240 characters long; at most 64" in capsys.readouterr().err
    spool = str(tmp_path / "spool.db")
    assert main(["label", "print", "--template", "imp_sensor", "--sample", "--printer", "file://" + str(tmp_path),
                 "--spool", spool, "--operator", "op\x1b[2J"]) == 2
    assert "operator contains a control character (ESC) at position 3" in capsys.readouterr().err
