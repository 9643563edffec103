"""The TCP 9100 printer emulator on the wire, and newer firmware that goes quiet when faulted."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station.drivers.print_queue import PrintQueue
from station.drivers.printer import PrinterError, ZplTcpPrinter
from station.labels import load_template
from station.labels.zpl import parse_host_status
from station.sim.printer import PrinterEmulator
from tests.conftest import eventually

FIELDS = {"serial": "SN-QUIET-1", "device_id": "0c2a69ffee0001", "mac": "0c:2a:69:00:00:01", "qr": "SN=Q1;ü"}




def read_status(conn: socket.socket) -> bytes:
    reply = b""
    while reply.count(b"\x03") < 3:
        chunk = conn.recv(4096)
        assert chunk, "emulator closed the connection"
        reply += chunk
    return reply


def test_hs_split_across_packets_and_formats_in_buffer_while_paused():
    with PrinterEmulator() as emu, socket.create_connection((emu.host, emu.port), timeout=5) as conn:
        emu.set_state(paused=True)
        zpl = load_template("product").fill(FIELDS).zpl_bytes
        conn.sendall(zpl[:40])
        conn.sendall(zpl[40:] + b"~H")
        conn.sendall(b"S")
        status = parse_host_status(read_status(conn))
        assert status.paused and status.formats_in_buffer == 1
        assert emu.printed_zpl() == []
        emu.ready()
        assert emu.printed_zpl() == [zpl.strip()]  # the format, ^XA through ^XZ
        conn.sendall(b"~HS")
        after = parse_host_status(read_status(conn))
        assert after.ready and after.formats_in_buffer == 0


def test_quiet_firmware_is_an_error_naming_the_likely_causes_and_the_job_prints_once(tmp_path: Path):
    with PrinterEmulator(quiet_when_faulted=True) as emu:
        printer = ZplTcpPrinter(emu.host, emu.port, timeout_s=0.3)
        assert printer.status().ready
        emu.set_state(head_open=True)
        with pytest.raises(PrinterError, match=r"does not answer .*~HS.* head open"):
            printer.status()
        queue = PrintQueue(tmp_path / "spool.db", printer, load_template("product"), retry_s=0.05, wait_s=0.5)
        try:
            job = queue.print_label(FIELDS, run_id="run-q", operator="op")
            assert job.status == "queued"
            eventually(lambda: "does not answer" in queue.job(job.job_id).reason, what="the kept reason")
            assert emu.printed_zpl() == []
            emu.ready()
            eventually(lambda: queue.job(job.job_id).status == "printed", what="the job to print")
            time.sleep(0.2)  # several retry periods: a second copy would have come out by now
            assert len(emu.printed_zpl()) == 1
            assert queue.job(job.job_id).attempts >= 1
        finally:
            queue.close()


def test_the_emulator_runs_standalone_and_prints_what_it_receives():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "station.sim.printer", "--port", str(port)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert f"tcp://127.0.0.1:{port}" in first
        printer = ZplTcpPrinter("127.0.0.1", port, timeout_s=2.0)
        assert printer.status().ready
        printer.send(load_template("small").validate().zpl_bytes)
        line = proc.stdout.readline()
        assert line.startswith("label 1: ") and "bytes of ZPL" in line
    finally:
        proc.terminate()
        proc.wait(timeout=10)
