"""Printer transports by URL: ZPL over TCP, folder with previews, CUPS through ``lp``, Brother QL.

CUPS is exercised through a fake ``lp``/``lpstat`` on ``PATH`` (no cupsd in CI,
shared/reference/peripherals.md §1.5); Brother QL through ``brother-ql-next`` when that optional
extra is installed, sending its raster to a real TCP sink, and its absence must be a clear error.
"""

from __future__ import annotations

import os
import socket
import stat
import sys
import threading
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from station.drivers.printer import FolderPrinter, PrinterError, ZplTcpPrinter, open_printer
from station.drivers.printer_brother import MISSING_BROTHER, BrotherQlPrinter
from station.drivers.printer_cups import CupsPrinter
from station.errors import InputError
from station.labels import load_template
from station.sim.printer import PrinterEmulator

SERIAL = "SN-T^~_1"
QR = "SN=SN-T^~_1;ü"


def label_zpl(template: str = "product") -> bytes:
    fields = {"serial": SERIAL, "device_id": "0c2a69ffee0001", "mac": "0c:2a:69:00:00:01", "qr": QR}
    tpl = load_template(template)
    return tpl.fill({k: v for k, v in fields.items() if k in tpl.fields} | (
        {"product": "imp"} if "product" in tpl.fields else {})).zpl_bytes


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://printer", "unknown printer URL"),
    ("tcp://:9100", "names no host"),
    ("file://", "names no folder"),
    ("file:///tmp/x?dpi=abc", "dpi must be a number"),
    ("file:///tmp/x?preview=gif", "png or pdf"),
    ("brother://host", r"needs \?model="),
    ("cups://bad%20name", "not valid"),
])
def test_bad_printer_urls_are_clear_errors(url, message):
    with pytest.raises(InputError, match=message):
        open_printer(url)


def test_urls_open_the_right_transport(tmp_path):
    assert isinstance(open_printer("tcp://127.0.0.1"), ZplTcpPrinter)
    assert open_printer("tcp://127.0.0.1").port == 9100
    assert isinstance(open_printer(f"file://{tmp_path}/labels"), FolderPrinter)
    assert isinstance(open_printer("cups://Zebra_GK420"), CupsPrinter)
    net = open_printer("brother://10.1.2.3?model=QL-820NWB&label=62x29")
    assert isinstance(net, BrotherQlPrinter) and net.backend == "network" and net.identifier == "tcp://10.1.2.3:9100"
    usb = open_printer("brother:///dev/usb/lp0?model=QL-800&label=62")
    assert usb.backend == "linux_kernel" and usb.identifier == "/dev/usb/lp0"


def test_zpl_tcp_printer_reports_an_unreachable_printer(emulator_port_closed):
    printer = open_printer(f"tcp://127.0.0.1:{emulator_port_closed}", timeout_s=0.5)
    with pytest.raises(PrinterError, match="unreachable"):
        printer.status()
    with pytest.raises(PrinterError, match="unreachable"):
        printer.send(b"^XA^XZ")


@pytest.fixture
def emulator_port_closed() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_zpl_tcp_printer_status_names_each_fault():
    with PrinterEmulator() as emu:
        printer = open_printer(emu.url, timeout_s=0.5)
        assert printer.status().ready
        emu.set_state(paper_out=True, head_open=True)
        status = printer.status()
        assert not status.ready and "paper out" in str(status) and "head open" in str(status)
        emu.set_state(silent=True)
        with pytest.raises(PrinterError, match="does not answer its status request"):
            printer.status()


def test_folder_printer_writes_the_label_and_a_preview_that_decodes(tmp_path):
    printer = open_printer(f"file://{tmp_path}/out?preview=png")
    assert printer.status().ready
    printer.send(label_zpl())
    assert (tmp_path / "out" / "000001.zpl").read_bytes() == label_zpl()
    with Image.open(tmp_path / "out" / "000001.png") as img:
        codes = {b.format.name: b.text for b in zxingcpp.read_barcodes(img.convert("L"))}
    assert codes == {"Code128": SERIAL, "QRCode": QR}


def test_folder_printer_keeps_the_label_when_its_preview_fails(tmp_path):
    printer = open_printer(f"file://{tmp_path}/out?preview=pdf")
    printer.send(b"^XA^FO10,10^XYZ^XZ")  # written as sent; the preview notes why it could not draw it
    assert (tmp_path / "out" / "000001.zpl").exists()
    assert "not supported" in (tmp_path / "out" / "000001.preview-error.txt").read_text()


# -- CUPS -------------------------------------------------------------------------------------

FAKE_LP = """#!{python}
import os, sys
spool = os.environ["FAKE_CUPS_DIR"]
if os.path.exists(os.path.join(spool, "refuse")):
    print("lp: The printer or class does not exist.", file=sys.stderr)
    sys.exit(1)
n = len([f for f in os.listdir(spool) if f.endswith(".job")]) + 1
with open(os.path.join(spool, f"{{n}}.job"), "wb") as f:
    f.write(sys.stdin.buffer.read())
with open(os.path.join(spool, f"{{n}}.argv"), "w") as f:
    f.write(" ".join(sys.argv[1:]))
print(f"request id is {{sys.argv[2]}}-{{n}} (1 file(s))")
"""

FAKE_LPSTAT = """#!{python}
import os, sys
spool = os.environ["FAKE_CUPS_DIR"]
queue = sys.argv[-1]
if queue != "Zebra":
    print(f"lpstat: Invalid destination name in list \\"{{queue}}\\"!", file=sys.stderr)
    sys.exit(1)
if os.path.exists(os.path.join(spool, "disabled")):
    print(f"printer {{queue}} disabled since Sun 22 Nov 2026 -\\n\\tPaused")
else:
    print(f"printer {{queue}} is idle.  enabled since Sun 22 Nov 2026")
"""


@pytest.fixture
def fake_cups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bindir, spool = tmp_path / "bin", tmp_path / "cups"
    bindir.mkdir()
    spool.mkdir()
    for name, body in (("lp", FAKE_LP), ("lpstat", FAKE_LPSTAT)):
        exe = bindir / name
        exe.write_text(body.format(python=sys.executable))
        exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_CUPS_DIR", str(spool))
    return spool


def test_cups_sends_raw_zpl_through_lp(fake_cups):
    printer = open_printer("cups://Zebra")
    assert printer.status().ready
    printer.send(label_zpl())
    assert (fake_cups / "1.job").read_bytes() == label_zpl()
    assert (fake_cups / "1.argv").read_text() == "-d Zebra -o raw"


def test_cups_status_and_refusals_carry_cups_own_words(fake_cups):
    unknown = open_printer("cups://Nope").status()
    assert not unknown.ready and "Invalid destination" in str(unknown)
    (fake_cups / "disabled").touch()
    disabled = open_printer("cups://Zebra").status()
    assert not disabled.ready and "disabled" in str(disabled)
    (fake_cups / "refuse").touch()
    with pytest.raises(PrinterError, match="lp refused the label: lp: The printer or class does not exist"):
        open_printer("cups://Zebra").send(label_zpl())


def test_cups_without_a_cups_client_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterError, match="not found on PATH; install the CUPS client"):
        open_printer("cups://Zebra").status()


# -- Brother QL -------------------------------------------------------------------------------


def test_brother_without_the_optional_package_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "brother_ql", None)  # as if brother-ql-next were not installed
    monkeypatch.setitem(sys.modules, "brother_ql.conversion", None)
    printer = open_printer("brother://127.0.0.1?model=QL-820NWB&label=62")
    status = printer.status()
    assert not status.ready and MISSING_BROTHER in str(status)
    with pytest.raises(PrinterError, match=r"factory-station\[brother\]"):
        printer.send(label_zpl())


class TcpSink:
    """A raw TCP listener that keeps every byte sent to it (a Brother QL's port 9100 stand-in)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(10)
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(10)
                data = b""
                while chunk := conn.recv(65536):
                    data += chunk
                if data:  # a status check connects and leaves without sending
                    self.received.append(data)

    def close(self) -> None:
        self.server.close()


def test_brother_draws_the_label_and_sends_a_ql_raster_over_tcp():
    pytest.importorskip("brother_ql", reason="the optional brother extra (brother-ql-next) is not installed")
    sink = TcpSink()
    try:
        printer = open_printer(f"brother://127.0.0.1:{sink.port}?model=QL-820NWB&label=62", timeout_s=2)
        assert printer.status().ready
        image = printer.image(label_zpl())
        assert image.width == 696  # 62 mm endless tape, printable dots at 300 dpi
        codes = {b.format.name: b.text for b in zxingcpp.read_barcodes(image)}
        assert codes == {"Code128": SERIAL, "QRCode": QR}
        printer.send(label_zpl())
        deadline = threading.Event()
        for _ in range(200):
            if sink.received:
                break
            deadline.wait(0.05)
        [raster] = sink.received
        assert raster == printer.raster(label_zpl())
        assert raster.startswith(b"\x1bia\x01")  # switch to raster mode
        assert raster.endswith(b"\x1a")  # print with feeding
    finally:
        sink.close()


def test_brother_refuses_a_label_that_does_not_fit_the_tape():
    pytest.importorskip("brother_ql", reason="the optional brother extra (brother-ql-next) is not installed")
    printer = open_printer("brother://127.0.0.1?model=QL-820NWB&label=17x54")
    with pytest.raises(PrinterError, match="does not fit the 17x54 tape"):
        printer.raster(label_zpl())
    bad = open_printer("brother://127.0.0.1?model=QL-999&label=62")
    assert "unknown Brother model" in str(bad.status())
