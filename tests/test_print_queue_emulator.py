"""The print queue against the TCP 9100 printer emulator: faults keep the job, recovery prints it once.

Everything is real: ZPL over a TCP socket on 127.0.0.1, ``~HS`` status, the SQLite spool, and for
the crash a real child process that dies in the middle of a send.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import zplkit
import zxingcpp
from PIL import Image

from station.drivers.print_queue import PrintQueue
from station.drivers.printer import PrinterError, open_printer
from station.errors import InputError
from station.labels import load_template
from station.sim.printer import PrinterEmulator
from tests.conftest import eventually

REPO = Path(__file__).resolve().parent.parent
SERIAL = "SN-Q^~_7>x"
QR = "SN=SN-Q^~_7;ORT=Zürich;€=5"
FIELDS = {"serial": SERIAL, "device_id": "0c2a69ffee0001", "mac": "0c:2a:69:00:00:01", "qr": QR}




def zplkit_codes(zpl: bytes) -> dict[str, str]:
    doc = zplkit.render(re.sub(rb"\^PQ[^\^~]*", b"", zpl))
    img = Image.open(io.BytesIO(doc.labels[0].png())).convert("L")
    return {b.format.name: b.text for b in zxingcpp.read_barcodes(img)}


@pytest.fixture
def emulator() -> Iterator[PrinterEmulator]:
    with PrinterEmulator() as emu:
        yield emu


@pytest.fixture
def queue(tmp_path: Path, emulator: PrinterEmulator) -> Iterator[PrintQueue]:
    q = PrintQueue(tmp_path / "spool.db", open_printer(emulator.url, timeout_s=0.5), load_template("product"),
                   retry_s=0.05, wait_s=5.0)
    yield q
    q.close()


def test_a_label_sent_over_tcp_renders_with_zplkit_to_the_exact_payloads(queue, emulator):
    job = queue.print_label(FIELDS, run_id="run-1", operator="ana")
    assert job.status == "printed", job
    [zpl] = emulator.printed_zpl()
    assert zpl.isascii()
    assert zplkit_codes(zpl) == {"Code128": SERIAL, "QRCode": QR}


@pytest.mark.parametrize(("state", "cause"), [
    ({"paper_out": True}, "paper out"),
    ({"head_open": True}, "head open"),
    ({"paused": True}, "paused"),
    ({"silent": True}, "does not answer"),
])
def test_a_fault_keeps_the_job_names_the_cause_and_recovery_prints_it_exactly_once(queue, emulator, state, cause):
    emulator.set_state(**state)
    job = queue.submit(FIELDS, run_id="run-2", operator="ana")
    eventually(lambda: queue.job(job.job_id).attempts >= 2, what="two refused attempts")
    kept = queue.job(job.job_id)
    assert kept.status == "queued"
    assert cause in kept.reason
    assert emulator.printed_zpl() == []
    if state.get("silent"):
        with pytest.raises(PrinterError, match=cause):
            queue.status()
    else:
        assert cause in str(queue.status())

    emulator.ready()
    done = queue.wait(job.job_id, 10.0)
    assert done.status == "printed" and done.reason == ""
    # A second label goes out after the first: had the first been sent twice, there would be three.
    second = queue.print_label({**FIELDS, "serial": "SN-NEXT"}, run_id="run-3", operator="ana")
    assert second.status == "printed"
    printed = emulator.printed_zpl()
    assert len(printed) == 2
    assert zplkit_codes(printed[0]) == {"Code128": SERIAL, "QRCode": QR}
    assert zplkit_codes(printed[1])["Code128"] == "SN-NEXT"


def test_jobs_survive_a_restart_of_the_station_and_print_in_order(tmp_path, emulator):
    emulator.set_state(paper_out=True)
    template = load_template("product")
    first = PrintQueue(tmp_path / "spool.db", open_printer(emulator.url, timeout_s=0.5), template, retry_s=0.05)
    ids = [first.submit({**FIELDS, "serial": f"SN-{i}"}, run_id=f"r{i}", operator="ana").job_id for i in range(3)]
    first.close()
    emulator.ready()
    again = PrintQueue(tmp_path / "spool.db", open_printer(emulator.url, timeout_s=0.5), template, retry_s=0.05)
    try:
        assert [again.wait(i, 10.0).status for i in ids] == ["printed"] * 3
        assert [zplkit_codes(z)["Code128"] for z in emulator.printed_zpl()] == ["SN-0", "SN-1", "SN-2"]
    finally:
        again.close()


CRASHING_CHILD = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from station.drivers.print_queue import PrintQueue
    from station.drivers.printer import open_printer
    from station.labels import load_template

    def die_mid_send(job):
        if job.status == "sending":
            os._exit(9)  # the station dies between marking the job and finishing the send

    q = PrintQueue(Path(sys.argv[1]), open_printer(sys.argv[2], timeout_s=2.0), load_template("product"),
                   on_job=die_mid_send, retry_s=0.05)
    q.submit({"serial": "SN-CRASH", "device_id": "d", "mac": "m", "qr": "SN=SN-CRASH"}, run_id="r", operator="ana")
    import time; time.sleep(30)  # the worker dies long before this ends
    sys.exit(3)
""")


def test_a_crash_mid_send_leaves_the_job_in_check_and_a_reprint_records_who_and_why(tmp_path, emulator):
    spool = tmp_path / "spool.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.run([sys.executable, "-c", CRASHING_CHILD, str(spool), emulator.url], env=env,
                           capture_output=True, timeout=60)
    assert child.returncode == 9, child.stderr.decode()

    q = PrintQueue(spool, open_printer(emulator.url, timeout_s=0.5), load_template("product"), retry_s=0.05)
    try:
        [crashed] = q.jobs()
        assert crashed.status == "check"
        assert "was it printed" in crashed.reason
        # The worker runs past it: a later job prints, the crashed one is never sent again by itself.
        later = q.print_label({**FIELDS, "serial": "SN-LATER"}, run_id="r2", operator="ana")
        assert later.status == "printed"
        assert q.job(crashed.job_id).status == "check"
        assert [zplkit_codes(z)["Code128"] for z in emulator.printed_zpl()] == ["SN-LATER"]

        with pytest.raises(InputError, match="operator and the reason"):
            q.reprint(crashed.job_id, operator="ben", reason=" ")
        redo = q.reprint(crashed.job_id, operator="ben", reason="label never came out (crash)")
        assert redo.reprint_of == crashed.job_id
        assert redo.operator == "ben" and redo.reprint_reason == "label never came out (crash)"
        assert q.wait(redo.job_id, 10.0).status == "printed"
        assert [zplkit_codes(z)["Code128"] for z in emulator.printed_zpl()] == ["SN-LATER", "SN-CRASH"]
    finally:
        q.close()


def test_a_reprint_of_an_unknown_job_is_a_clear_error(queue):
    with pytest.raises(InputError, match="no label job"):
        queue.reprint("nope", operator="ben", reason="smudged")


def test_data_a_code128_cannot_hold_is_refused_before_it_reaches_the_spool(queue, emulator):
    with pytest.raises(InputError, match="declares this Code 128 field ASCII-only; character 'Ü'"):
        queue.submit({**FIELDS, "serial": "SN-Ü1"}, run_id="r", operator="ana")
    assert queue.jobs() == []
    assert emulator.printed_zpl() == []
